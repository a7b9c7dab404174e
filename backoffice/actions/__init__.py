"""The actions: one module per thing a person does to a book, the same for every client.

Each is ``action(book, options, progress=None) -> ActionResult``; the CLI, ``import
backoffice`` and the spreadsheet add-ins call these and only show what they return::

    from backoffice import actions
    result = actions.post("ledger.xlsx", actions.PostOptions(lang="id"))
    result.exit_code, result.outcome.pick("id"), result.written.sheets

``progress`` is told each step as it starts (a :class:`~backoffice.catalogue.Localized`
line); returning False cancels before that step.
"""

from __future__ import annotations

from backoffice.actions.archive import ArchiveOptions, archive
from backoffice.actions.bank_import import BankImportOptions, bank_import
from backoffice.actions.bank_reconcile import BankReconcileOptions, bank_reconcile
from backoffice.actions.base import ActionCancelled, ActionResult, Written
from backoffice.actions.calendar import CalendarOptions, calendar
from backoffice.actions.check import CheckOptions, check, check_and_mark, mark
from backoffice.actions.close import CloseOptions, close
from backoffice.actions.hire import HireOptions, hire
from backoffice.actions.import_csv import ImportOptions, import_rows
from backoffice.actions.new import NewOptions, new
from backoffice.actions.payroll import PayrollOptions, payroll, payroll_from_menu
from backoffice.actions.personal_data import PersonalDataOptions, personal_data
from backoffice.actions.post import PostOptions, post
from backoffice.actions.reopen import ReopenOptions, reopen
from backoffice.actions.report import ReportOptions, report
from backoffice.actions.revalue import RevalueOptions, revalue
from backoffice.actions.settings import SettingsOptions, settings
from backoffice.actions.stock import StockOptions, stock, stock_from_menu
from backoffice.actions.sync import SyncOptions, sync
from backoffice.actions.upgrade import UpgradeOptions, upgrade

__all__ = ["ActionCancelled", "ActionResult", "ArchiveOptions", "BankImportOptions",
           "BankReconcileOptions", "CalendarOptions", "CheckOptions", "CloseOptions", "HireOptions",
           "ImportOptions", "NewOptions", "PayrollOptions", "PersonalDataOptions", "PostOptions",
           "ReopenOptions", "ReportOptions", "RevalueOptions", "SettingsOptions", "StockOptions",
           "SyncOptions", "UpgradeOptions", "Written", "archive", "bank_import", "bank_reconcile",
           "calendar", "check", "check_and_mark", "close", "hire", "import_rows", "mark", "new",
           "payroll", "payroll_from_menu", "personal_data", "post", "reopen", "report", "revalue",
           "settings", "stock", "stock_from_menu", "sync", "upgrade"]

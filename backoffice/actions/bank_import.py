"""Bank import: append a bank statement's new lines to the book's Bank statement sheet."""

from __future__ import annotations

from dataclasses import dataclass

from backoffice.actions.base import (
    ActionResult,
    BookRef,
    ProgressCallback,
    Written,
    name_of,
    path_of,
    step,
)
from backoffice.bank.importing import import_statement
from backoffice.bank.wording import import_summary
from backoffice.bookkind import require_kind
from backoffice.catalogue import Localized
from backoffice.errors import EXIT_CLEAN
from backoffice.wording import book_language


@dataclass(frozen=True)
class BankImportOptions:
    """file: the statement (CSV, MT940, camt.053, a bank's PDF…); account: the cash or bank
    account's code; bank: the layout (bca, mandiri, …; default: recognised); columns,
    date_format, decimal_mark, group_mark: how a generic CSV is written; lang: messages
    (default: the book's language)."""

    file: str
    account: str
    bank: str | None = None
    columns: str | None = None
    date_format: str = "%Y-%m-%d"
    decimal_mark: str = "."
    group_mark: str = ""
    lang: str | None = None


def bank_import(book: BookRef, options: BankImportOptions,
                progress: ProgressCallback | None = None) -> ActionResult:
    """Append the statement's lines the sheet does not hold yet (created when missing); one
    line on what was added, what was already there, pending lines and a gap."""
    path, name = path_of(book), name_of(book)
    require_kind(path, "ledger", "bank import")  # it would add a Bank statement sheet
    step(progress, "reading the statement", "membaca mutasi")
    outcome = import_statement(path, options.file, options.account, options.lang,
                               bank=options.bank, columns=options.columns,
                               date_format=options.date_format,
                               decimal_mark=options.decimal_mark, group_mark=options.group_mark)
    said = Localized(import_summary(outcome, name, options.account, "en"),
                     import_summary(outcome, name, options.account, "id"))
    return ActionResult("bank-import", EXIT_CLEAN, said,
                        written=Written(files=(name,)) if outcome.appended else Written(),
                        language=book_language(path, options.lang), value=outcome)

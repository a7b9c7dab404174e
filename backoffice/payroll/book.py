"""Writing a payroll book from records: for tests, the demo and the bench.

The book is a real .xlsx made by the same writer as the templates
(:func:`backoffice.books.new_xlsx.write_new_workbook`), so whatever reads it
reads exactly what a clerk's book would hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from backoffice.books.new_xlsx import SheetRows, write_new_workbook
from backoffice.schemas import REGISTRY
from backoffice.schemas import settings as settings_schema


def write_payroll_book(path: str, employees: Sequence[dict[str, Any]],
                       pay_items: Sequence[dict[str, Any]] = (),
                       timesheet: Sequence[dict[str, Any]] = (),
                       rules: Sequence[dict[str, Any]] = (),
                       opening: Sequence[dict[str, Any]] = (),
                       departments: Sequence[dict[str, Any]] = (),
                       settings: dict[str, Any] | None = None, lang: str = "en",
                       tax_rates: Sequence[dict[str, Any]] = (),
                       contracts: Sequence[dict[str, Any]] | None = None,
                       leave: Sequence[dict[str, Any]] | None = None,
                       letters: Sequence[dict[str, Any]] | None = None,
                       candidates: Sequence[dict[str, Any]] | None = None,
                       leavers: Sequence[dict[str, Any]] = (),
                       extra: Sequence[SheetRows] = ()) -> str:
    """Write a payroll book at ``path`` with these records (field key -> value). The
    people's sheets (Contracts, Leave, Warning letters, Candidates) are written when
    given, and the ``extra`` sheets after them."""
    base = {"company": "PT Contoh", "base_currency": "IDR", "locale": "id-ID", "language": lang}
    sheets = [
        SheetRows(settings_schema.schema_for("payroll"), [{**base, **(settings or {})}]),
        SheetRows(REGISTRY["employees"], list(employees)),
        SheetRows(REGISTRY["timesheet"], list(timesheet)),
        SheetRows(REGISTRY["pay_items"], list(pay_items)),
        SheetRows(REGISTRY["payroll_rules"], list(rules)),
        SheetRows(REGISTRY["opening_ytd"], list(opening)),
        SheetRows(REGISTRY["departments"], list(departments)),
        SheetRows(REGISTRY["kmk_rates"], list(tax_rates)),
    ]
    if leavers:  # only books that have leavers: other books stay as they were
        sheets.append(SheetRows(REGISTRY["leavers"], list(leavers)))
    for kind, rows in (("contracts", contracts), ("leave_requests", leave),
                       ("warning_letters", letters), ("candidates", candidates)):
        if rows is not None:
            sheets.append(SheetRows(REGISTRY[kind], list(rows)))
    sheets.extend(extra)
    write_new_workbook(path, sheets, lang, title="backoffice payroll")
    return path

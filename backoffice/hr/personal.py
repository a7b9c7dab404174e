"""One person's data, gathered from a book: what UU 27/2022 (PDP) Ps. 7 lets a person ask
for.

Every sheet of the book whose schema has an ``employee`` column gives the rows of that
employee (and Candidates the row that links to the code). Columns flagged ``specific``
personal data in their schema (health, children's and financial data, Ps. 4(2)) are left
out unless ``specific`` is asked for; columns flagged ``general`` always go, and so do
the row's other columns, which say what the row is (dates, kinds, codes).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import polars as pl

from backoffice import money
from backoffice.books import open_book
from backoffice.checking import check_and_read
from backoffice.schema import ROW_ID, Kind


def export_employee(path: str, employee: str, specific: bool = False,
                    lang: str | None = None) -> dict[str, Any]:
    """``{"employee", "book", "specific_included", "sheets": {sheet: [row, ...]},
    "left_out": {sheet: [header, ...]}}`` for ``employee`` in the book at ``path``."""
    with open_book(path) as book:
        _report, read = check_and_read(book, lang)
    data = read.data
    base = data.settings.get("base_currency") or "IDR"
    sheets: dict[str, list[dict[str, Any]]] = {}
    left_out: dict[str, list[str]] = {}
    for sheet in data.sheets.values():
        schema = sheet.schema
        if schema.layout != "table" or sheet.frame is None or "employee" not in sheet.frame.columns:
            continue
        rows = sheet.frame.filter(pl.col("employee") == employee)
        if rows.height == 0:
            continue
        keep = [f for f in schema.fields if f.key in rows.columns and f.key != ROW_ID.key
                and (specific or f.personal != "specific")]
        dropped = [sheet.header(f.key) for f in schema.fields
                   if f.key in rows.columns and not specific and f.personal == "specific"]
        if dropped:
            left_out[sheet.sheet] = dropped
        sheets[sheet.sheet] = [
            {sheet.header(f.key): _plain(rec[f.key], f.kind, rec.get("currency") or base)
             for f in keep if rec[f.key] is not None}
            for rec in rows.iter_rows(named=True)]
    return {"employee": employee, "book": path, "specific_included": specific,
            "sheets": sheets, "left_out": left_out}


def _plain(value: Any, kind: Kind, currency: str) -> Any:
    if kind == Kind.AMOUNT:
        return str(money.from_minor(value, money.exponent(currency)))
    if isinstance(value, dt.date | Decimal):
        return str(value)
    return value


def to_json(export: dict[str, Any]) -> str:
    """The export as indented JSON text."""
    return json.dumps(export, ensure_ascii=False, indent=2)

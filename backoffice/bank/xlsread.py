"""XLS and XLSX statement downloads: the first sheet's cells, then text in the layout's
notation, so the CSV reader (:mod:`.csvread`) reads them like the bank's CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from python_calamine import CalamineWorkbook

from backoffice.bank.layouts import Layout
from backoffice.bank.messages import unreadable


def spreadsheet_rows(path: str, name: str) -> list[list[object]]:
    """The first sheet's rows as the reader gives them (text, numbers, dates)."""
    try:
        book = CalamineWorkbook.from_path(path)
        return book.get_sheet_by_index(0).to_python()
    except Exception as exc:  # calamine raises its own errors on damaged files
        raise unreadable(name, f"not a readable spreadsheet ({exc}).",
                         f"bukan spreadsheet yang terbaca ({exc}).") from exc


def render(rows: list[list[object]], layout: Layout) -> str:
    """The rows as CSV text, numbers and dates written as the layout's bank writes them."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([_cell(value, layout) for value in row])
    return out.getvalue()


def _cell(value: object, layout: Layout) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime(layout["date_format"])
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        # the float a spreadsheet stores, as the decimal it shows (repr is the shortest
        # decimal that reads back to it: 1500000.5, never 1500000.4999…)
        text = format(Decimal(repr(value)), "f")
        return text.replace(".", layout.get("decimal_mark", "."))
    return str(value)

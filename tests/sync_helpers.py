"""Helpers for the sync tests: a person's edits in a book (through openpyxl, as Excel would
save them), and what a sheet holds, read back by header."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
from backoffice.sync.engine import SyncOptions, sync

D = dt.date(2025, 1, 5)


def journal_rows(*entries: tuple[str, str, int]) -> list[list[Any]]:
    """Balanced two-line entries: (entry, description, amount) -> cash debit, sales credit."""
    rows: list[list[Any]] = []
    for entry, text, amount in entries:
        rows.append([D, entry, "1101", text, amount, None, None])
        rows.append([D, entry, "4101", text, None, amount, None])
    return rows


def run(path: Path, url: str, user: str = "ana", **kwargs: Any):  # type: ignore[no-untyped-def]
    return sync(str(path), SyncOptions(store=url, user=user, **kwargs))


def table(path: Path, sheet: str) -> list[dict[str, Any]]:
    """The sheet's non-blank rows as dicts keyed by header."""
    book = openpyxl.load_workbook(path)
    rows = list(book[sheet].iter_rows(values_only=True))
    header = [str(h) if h is not None else None for h in rows[0]]
    out = []
    for row in rows[1:]:
        if all(v is None for v in row):
            continue
        out.append({h: v for h, v in zip(header, row, strict=False) if h})
    return out


def edit(path: Path, sheet: str, changes: dict[int, dict[str, Any]] | None = None,
         append: list[dict[str, Any]] | None = None, delete: list[int] | None = None) -> None:
    """Change cells by (data row index from 0, header), append rows, delete rows (by index)."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    header = {c.value: c.column for c in ws[1] if c.value is not None}
    data_rows = [r for r in range(2, ws.max_row + 1)
                 if any(ws.cell(r, c).value is not None for c in header.values())]
    for index, values in (changes or {}).items():
        for name, value in values.items():
            ws.cell(data_rows[index], header[name]).value = value
    for index in sorted(delete or [], reverse=True):
        ws.delete_rows(data_rows[index])
    for values in append or []:
        row = ws.max_row + 1
        for name, value in values.items():
            ws.cell(row, header[name]).value = value
    book.save(path)


def choose(path: Path, side: str) -> bool:
    """Settle every conflict of ``path`` as a bookkeeper does: an x in the Choose column of
    each Conflicts row whose Version is ``side`` ("This book" or "Store"). False when the
    book has no Conflicts sheet."""
    book = openpyxl.load_workbook(path)
    if "Conflicts" not in book.sheetnames:
        return False
    sheet = book["Conflicts"]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 3).value == side:
            sheet.cell(row, 4).value = "x"
    book.save(path)
    return True


def store_rows(url: str, kind: str) -> list[dict[str, Any]]:
    """Every row of a sheet kind in the store, tombstones included."""
    import sqlalchemy as sa
    from backoffice.sync.store import Store

    with Store(url) as store:
        table_ = store.tables.sheets[kind]
        with store.begin() as connection:
            return [dict(r) for r in connection.execute(sa.select(table_)).mappings()]

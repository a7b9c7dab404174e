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
from backoffice.books import open_book, open_writer
from backoffice.checking import check_and_read
from backoffice.schema import ROW_ID, Kind


def export_employee(path: str, employee: str, specific: bool = False,
                    lang: str | None = None) -> dict[str, Any]:
    """``{"employee", "book", "specific_included", "sheets": {sheet: [row, ...]},
    "left_out": {sheet: [header, ...]}}`` for ``employee`` in the book at ``path``."""
    with open_book(path) as book:
        _report, read = check_and_read(book, lang)
    data = read.data
    _require_known(read, employee)
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


def _require_known(read: Any, employee: str) -> None:
    """Refuse (ActionRefused) an ``employee`` code no row of any sheet has: a mistyped code
    would otherwise give an empty export, or an erase of nothing, that looks like an
    answer. Names the sheet (as the book calls it) where the codes are listed."""
    from backoffice.catalogue import Localized
    from backoffice.errors import ActionRefused

    for sheet in read.data.sheets.values():
        frame = sheet.frame
        if sheet.schema.layout == "table" and frame is not None and "employee" in frame.columns \
                and frame.filter(pl.col("employee") == employee).height:
            return
    found = read.found.get("employees")
    raise ActionRefused(
        detail=Localized(f"Employee '{employee}' is not in this book.",
                         f"Karyawan '{employee}' tidak ada di buku ini."),
        fix=Localized(f"Type a code from the Employee column of the {found or 'Employees'} "
                      "sheet.",
                      f"Ketik kode dari kolom Karyawan di sheet {found or 'Karyawan'}."))


def _plain(value: Any, kind: Kind, currency: str) -> Any:
    if kind == Kind.AMOUNT:
        return str(money.from_minor(value, money.exponent(currency)))
    if isinstance(value, dt.date | Decimal):
        return str(value)
    return value


def to_json(export: dict[str, Any]) -> str:
    """The export as indented JSON text."""
    return json.dumps(export, ensure_ascii=False, indent=2)


def erase_employee(path: str, employee: str, today: dt.date | None = None,
                   lang: str | None = None) -> dict[str, int]:
    """Empty every row of ``employee`` in the book at ``path`` (the input sheets and the
    stored payroll months), once the records' retention period has run out: the
    ``record_retention_years`` of ``backoffice/data/hr_rules.csv`` after the end of the
    year the employee left (UU KUP Ps. 28(11); UU 27/2022 Ps. 43). Refuses (ActionRefused)
    an employee still employed or within the period. Returns rows emptied per sheet."""
    from backoffice.catalogue import Localized
    from backoffice.errors import ActionRefused
    from backoffice.hr import people, rules

    today = today or dt.date.today()
    with open_book(path) as book:
        _report, read = check_and_read(book, lang)
    data = read.data
    _require_known(read, employee)
    span = people.employment(data).filter(pl.col("employee") == employee)
    last = span.get_column("last_day")[0] if span.height else None
    years = int(rules.law_on(today)["record_retention_years"])
    if last is None:
        raise ActionRefused(
            detail=Localized(f"'{employee}' has no Left date in Employees.",
                             f"'{employee}' tidak punya Tanggal keluar di Karyawan."),
            fix=Localized("Only a former employee's data is erased.",
                          "Hanya data mantan karyawan yang dihapus."))
    until = dt.date(last.year + years, 12, 31)
    if today <= until:
        raise ActionRefused(
            detail=Localized(f"The records of '{employee}' must be kept through {until} "
                             f"({years} years after the year they left).",
                             f"Catatan '{employee}' wajib disimpan sampai {until} "
                             f"({years} tahun setelah tahun keluarnya)."),
            fix=Localized("Erase them after that day.", "Hapus sesudah tanggal itu."))
    emptied: dict[str, int] = {}
    with open_writer(path) as writer:
        for kind, sheet in data.sheets.items():
            frame = sheet.frame
            if sheet.schema.layout != "table" or frame is None or "employee" not in frame.columns \
                    or kind not in read.matches:
                continue
            rows = frame.filter(pl.col("employee") == employee).get_column("_row").to_list()
            if rows:
                writer.replace_rows(read.found[kind], read.matches[kind].row,
                                    dict.fromkeys(rows), [], {})
                emptied[read.found[kind]] = len(rows)
        writer.save()
    return emptied

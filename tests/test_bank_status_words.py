"""The Dashboard's bank reconciliation note in the book's language, on a real .xlsx with
more than a thousand statement lines: Indonesian groups thousands with "." (1.200),
English with "," (1,200)."""

from __future__ import annotations

import datetime as dt

from backoffice.schemas import REGISTRY
from backoffice.schemas import settings as settings_schema

from backoffice.bank.status import close_warning, dashboard_notes
from backoffice.books import open_book
from backoffice.books.new_xlsx import SheetRows, write_new_workbook
from backoffice.checking import read_book


def _book(tmp_path, lang, confirmed=1200):
    tmp_path.mkdir(exist_ok=True)
    path = str(tmp_path / f"bank-{lang}.xlsx")
    lines = [{"account": "1102", "date": dt.date(2026, 1, 1 + i % 28), "description": f"T{i}",
              "money_in": 1000, "status": "confirmed" if i < confirmed else None}
             for i in range(1234)]
    settings = {"company": "PT Contoh", "base_currency": "IDR", "language": lang}
    write_new_workbook(path, [SheetRows(settings_schema.schema_for("ledger"), [settings]),
                              SheetRows(REGISTRY["bank_statement"], lines)], lang)
    with open_book(path) as book:
        return path, read_book(book).data


def test_the_note_groups_thousands_as_each_language_writes_them(tmp_path):
    _, data = _book(tmp_path / "en", "en")
    [en] = dashboard_notes(data, "en")
    assert "1,200 of 1,234 statement lines confirmed" in en
    _, data = _book(tmp_path / "id", "id")
    [id_] = dashboard_notes(data, "id")
    assert "1.200 dari 1.234 baris mutasi dikonfirmasi" in id_
    assert "1,2" not in id_  # "1,200" reads as one point two in Indonesian


def test_the_close_warning_counts_in_the_language_too(tmp_path):
    path, _ = _book(tmp_path, "id", confirmed=100)
    warning = close_warning(path, "2026-01", "id")
    assert warning is not None and "1102 (1.134)" in warning

"""Reading real workbooks as people make them: headers anywhere, blanks, formulas, errors, dates."""

from __future__ import annotations

import datetime as dt

import openpyxl
import polars as pl
from conftest import ACCOUNTS, JOURNAL_HEADER, SETTINGS, At, ErrorCell, Formula, ledger

from backoffice.checking import check


def _journal(report_book, lang="en"):  # type: ignore[no-untyped-def]
    from backoffice.schemas import REGISTRY

    from backoffice.books import open_book
    from backoffice.checking import _find_headers
    from backoffice.coerce import Context
    from backoffice.locales import get_locale
    from backoffice.reading import read_sheet

    with open_book(str(report_book)) as book:
        match = _find_headers(book, {"journal": "Journal"}, REGISTRY, lang)["journal"]
        ctx = Context(get_locale("id-ID"), "IDR", False, lang)
        data, issues = read_sheet(book, "Journal", REGISTRY["journal"], match, ctx)
    return data, issues


def test_header_found_below_a_title_and_right_of_notes(make_book):
    path = make_book({
        **ledger([]),
        "Journal": At(3, 2, [
            JOURNAL_HEADER + ["My notes"],
            [dt.date(2025, 1, 2), "JV-1", "1101", "Cash sale", 100, None, None, "keep me"],
            [dt.date(2025, 1, 2), "JV-1", "4101", "Cash sale", None, 100, None, None],
        ]),
    })
    data, issues = _journal(path)
    assert issues == []
    assert data.letters["date"] == "C" and data.letters["currency"] == "I"
    assert data.frame["_row"].to_list() == [5, 6]
    assert data.frame["debit"].to_list() == [10000, None]


def test_blank_rows_skipped_and_rows_keep_their_addresses(make_book):
    path = make_book(ledger([
        [dt.date(2025, 1, 2), "JV-1", "1101", "a", 100, None, None],
        [None] * 7,
        ["  ", None, None, None, None, None, None],
        [dt.date(2025, 1, 2), "JV-1", "4101", "a", None, 100, None],
    ]))
    report = check(str(path))
    assert report.valid
    data, _ = _journal(path)
    assert data.frame["_row"].to_list() == [2, 5]


def test_unknown_columns_are_ignored_and_headers_match_loosely(make_book):
    header = ["DATE", "entry no", "Account Code", "Memo", "dr", "CR.", "ccy", "Whatever"]
    path = make_book({"Settings": SETTINGS, "Accounts": ACCOUNTS, "Journal": [
        header,
        [dt.date(2025, 1, 2), "JV-1", "1101", "a", 5, None, "IDR", "x"],
        [dt.date(2025, 1, 2), "JV-1", "4101", "a", None, 5, "idr", 3.5],
    ]})
    report = check(str(path))
    assert report.valid, report.flatten("code", "cell")


def test_indonesian_sheet_and_column_names(make_book):
    path = make_book({
        "Pengaturan": [["Pengaturan", "Nilai"], ["Perusahaan", "PT Uji"],
                       ["Mata uang dasar", "IDR"], ["Bahasa", "Bahasa Indonesia"]],
        "Akun": [["Kode", "Nama", "Tipe", "Induk"], ["1101", "Kas", "Aset", None],
                 ["4101", "Penjualan", "Pendapatan", None]],
        "Jurnal": [["Tanggal", "No. Bukti", "Akun", "Keterangan", "Debit", "Kredit", "Mata Uang"],
                   ["05/01/2025", "BKM-1", 1101, "Tunai", "Rp 1.500.000,00", None, None],
                   [dt.date(2025, 1, 5), "BKM-1", "4101", "Tunai", None, 1500000, None]],
    })
    report = check(str(path))
    assert report.valid, report.flatten("code", "cell")
    assert report.language == "id"
    assert [s.kind for s in report.sheets] == ["settings", "accounts", "journal"]


def test_formula_results_are_read_and_uncalculated_formulas_reported(make_book):
    path = make_book(ledger([
        [dt.date(2025, 1, 2), "JV-1", "1101", "a", Formula("=2*50", 100), None, None],
        [dt.date(2025, 1, 2), "JV-1", "4101", "a", None, Formula("=E2", None), None],
    ]))
    report = check(str(path))
    # The entry cannot be balanced while one of its amounts is unknown: one issue, not two.
    assert report.flatten("code", "cell") == [("formula-not-calculated", "F3")]
    message, fix = report.issues[0].message("en")
    assert "=E2" in message and "recalculate" in fix


def test_formulas_saved_by_openpyxl_have_no_result(tmp_path):
    """openpyxl writes formulas without a cached value, as many scripts' output does."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Journal"
    ws.append(JOURNAL_HEADER)
    ws.append([dt.date(2025, 1, 2), "JV-1", "1101", "a", 100, None, None])
    ws.append([dt.date(2025, 1, 2), "JV-1", "4101", "a", None, "=E2", None])
    path = tmp_path / "openpyxl.xlsx"
    wb.save(path)
    report = check(str(path))
    assert ("formula-not-calculated", "F3") in report.flatten("code", "cell")


def test_error_cells_are_reported_with_their_error(make_book):
    path = make_book(ledger([
        [dt.date(2025, 1, 2), "JV-1", "1101", "a", ErrorCell("#REF!"), None, None],
        [dt.date(2025, 1, 2), "JV-1", "4101", "a", None, ErrorCell("#DIV/0!"), None],
    ]))
    report = check(str(path))
    assert report.flatten("code", "cell", "value") == [
        ("cell-error", "E2", "#REF!"), ("cell-error", "F3", "#DIV/0!")]


def test_dates_as_serials_in_both_date_systems(make_book):
    for date1904 in (False, True):
        epoch = dt.date(1904, 1, 1) if date1904 else dt.date(1899, 12, 30)
        serial = (dt.date(2025, 3, 31) - epoch).days
        path = make_book(ledger([
            [dt.date(2025, 3, 31), "JV-1", "1101", "a", 7, None, None],
            [serial, "JV-1", "4101", "a", None, 7, None],  # a bare serial, no date format
        ]), name=f"dates-{date1904}.xlsx", date1904=date1904)
        data, issues = _journal(path)
        assert issues == []
        assert data.frame["date"].to_list() == [dt.date(2025, 3, 31)] * 2


def test_text_dates_are_read_day_first_in_the_indonesian_locale(make_book):
    path = make_book(ledger([
        ["05/03/2025", "JV-1", "1101", "a", 7, None, None],
        ["5 Maret 2025", "JV-1", "4101", "a", None, 7, None],
        ["2025-03-05", "JV-2", "1101", "a", 1, None, None],
        ["yesterday", "JV-2", "4101", "a", None, 1, None],
    ]))
    data, issues = _journal(path)
    assert data.frame["date"].to_list()[:3] == [dt.date(2025, 3, 5)] * 3
    assert [(i.code, i.cell, i.value) for i in issues] == [("not-a-date", "A5", "yesterday")]


def test_amounts_as_numbers_or_text_are_exact(make_book):
    path = make_book(ledger([
        [dt.date(2025, 1, 2), "JV-1", "1101", "a", 0.1, None, None],
        [dt.date(2025, 1, 2), "JV-1", "1102", "a", Formula("=0.1+0.2", 0.30000000000000004), None,
         None],
        [dt.date(2025, 1, 2), "JV-1", "4101", "a", None, "Rp 0,40", None],
        [dt.date(2025, 1, 2), "JV-2", "1101", "a", "(1,200.50)", None, "USD"],
        [dt.date(2025, 1, 2), "JV-2", "4101", "a", None, 123456789012.34, None],
    ]))
    data, issues = _journal(path)
    assert data.frame["debit"].to_list()[:4] == [10, 30, None, -120050]
    assert data.frame["credit"].to_list()[2] == 40
    assert data.frame["credit"].to_list()[4] == 12345678901234
    assert issues == []  # a negative debit is read exactly; validation refuses it later
    report = check(str(path))
    assert ("amount-negative", "E5", "-1.200,50") in report.flatten("code", "cell", "value")


def test_text_and_numbers_in_one_column_keep_their_kind(make_book):
    """'1.500' typed as text is 1500 (id-ID), the number 1.5 stays 1.5: never confused."""
    rows = [[dt.date(2025, 1, 2), f"JV-{i}", "1101", "a", 2, None, None] for i in range(1500)]
    rows += [[dt.date(2025, 1, 2), "JV-X", "1101", "a", "1.500", None, None],
             [dt.date(2025, 1, 2), "JV-X", "1101", "a", 1.5, None, None]]
    path = make_book(ledger(rows))
    data, issues = _journal(path)
    assert data.frame["debit"].to_list()[-2:] == [150000, 150]
    ambiguous = [i for i in issues if i.code == "amount-text-ambiguous"]
    assert [(i.cell, i.value) for i in ambiguous] == [("E1502", "1.500")]


def test_a_late_text_value_in_a_number_column_is_not_lost(make_book):
    """Readers guess a column's type from its first rows; a later text cell must survive."""
    rows = [[dt.date(2025, 1, 2), f"JV-{i}", "1101", "a", 1, None, None] for i in range(2500)]
    rows.append([dt.date(2025, 1, 2), "JV-Z", "1101", "a", "lima ribu", None, None])
    path = make_book(ledger(rows))
    data, issues = _journal(path)
    assert ("not-an-amount", "E2502", "lima ribu") in [(i.code, i.cell, i.value) for i in issues]


def test_codes_are_text_never_floats(make_book):
    path = make_book(ledger(
        [[dt.date(2025, 1, 2), 17, 1101, "a", 1, None, None],
         [dt.date(2025, 1, 2), 17, "4101", "a", None, 1, None]],
        accounts=[["Code", "Name", "Type", "Parent"], [1101, "Cash", "asset", None],
                  ["4101", "Sales", "income", None], ["0042", "Leading zero", "asset", None]],
    ))
    report = check(str(path))
    assert report.valid, report.flatten("code", "cell")
    data, _ = _journal(path)
    assert data.frame["account"].to_list() == ["1101", "4101"]
    assert data.frame["entry"].to_list() == ["17", "17"]
    assert data.frame["account"].dtype == pl.String


def test_repeated_check_reuses_the_parse_and_sees_edits(make_book, monkeypatch):
    path = make_book(ledger([
        [dt.date(2025, 1, 2), "JV-1", "1101", "a", 5, None, None],
        [dt.date(2025, 1, 2), "JV-1", "4101", "a", None, 5, None],
    ]))
    first = check(str(path))
    from backoffice.books import xlsx

    def no_parse(*_args, **_kwargs):  # the cache must answer; parsing again fails the test
        raise AssertionError("parsed again")

    with monkeypatch.context() as patch:
        patch.setattr(xlsx.XlsxBook, "_load_with_fastexcel", no_parse)
        assert check(str(path)).issues == first.issues
    edited = make_book(ledger([
        [dt.date(2025, 1, 2), "JV-1", "1101", "a", 5, None, None],
        [dt.date(2025, 1, 2), "JV-1", "4101", "a", None, 6, None],
    ]), name="edited.xlsx")
    assert [i.code for i in check(str(edited)).issues] == ["entry-unbalanced"]


def test_a_late_text_code_keeps_its_leading_zeros(make_book):
    """A code column of numbers with one later text "0042": the text is not parsed to 42."""
    rows = [[dt.date(2025, 1, 2), i, 1101, "a", 1, None, None] for i in range(1200)]
    rows.append([dt.date(2025, 1, 2), "0042", 1101, "a", 1, None, None])
    path = make_book(ledger(rows))
    data, _ = _journal(path)
    assert data.frame["entry"].to_list()[-2:] == ["1199", "0042"]
    assert data.frame["account"].to_list()[-1] == "1101"

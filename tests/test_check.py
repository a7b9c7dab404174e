"""Check on whole books: every problem at once, with its address, in the user's language."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from conftest import ACCOUNTS, SETTINGS, ledger

import backoffice
from backoffice.checking import check
from backoffice.coerce import Context, read_identity
from backoffice.locales import get_locale
from backoffice.schema import Field, Kind

D = dt.date(2025, 2, 3)


def test_a_clean_book_is_valid_with_exit_0(make_book):
    path = make_book(ledger([[D, "JV-1", "1101", "a", 10, None, None],
                             [D, "JV-1", "4101", "a", None, 10, None]]))
    report = backoffice.check(str(path))
    assert report.valid and report.exit_code == 0 and report.issues == ()


def test_journal_rules_are_all_reported_at_once(make_book):
    path = make_book(ledger([
        [D, "JV-1", "1101", "both sides", 10, 10, None],          # row 2
        [D, "JV-1", "4101", "neither", None, 0, None],            # row 3: a zero is empty
        [D, "JV-2", "9999", "unknown", 10, None, None],           # row 4
        [D, "JV-2", "1", "a parent", None, 10, None],             # row 5
        [D, "JV-3", "1101", "unbalanced", 1_500_000, None, None],  # row 6
        [dt.date(2025, 2, 4), "JV-3", "4101", "", None, 1_450_000, None],  # row 7
        [D, "JV-4", "1101", "", 5, None, "XYZ"],                  # row 8
        [D, "JV-4", "4101", "", None, 5, "XYZ"],                  # row 9
    ]))
    report = check(str(path))
    # JV-1 balances (10 against 10) even though row 2 is wrong: one problem, one issue.
    assert report.flatten("code", "cell") == [
        ("debit-and-credit", "F2"),
        ("debit-or-credit-missing", "E3"),
        ("account-unknown", "C4"),
        ("account-is-parent", "C5"),
        ("entry-dates-differ", "A6"),
        ("entry-unbalanced", "B6"),
        ("unknown-currency", "G8"),
        ("unknown-currency", "G9"),
    ]
    assert report.exit_code == 1
    unbalanced = report.issues[5]
    message, fix = unbalanced.message("en")
    assert message == ("Entry JV-3 does not balance in IDR: debits 1.500.000,00, credits "
                       "1.450.000,00, difference 50.000,00 (rows 6–7).")
    assert "debits equal credits" in fix
    message_id, _ = unbalanced.message("id")
    assert message_id.startswith("Bukti JV-3 tidak seimbang dalam IDR: debit 1.500.000,00")


def test_entries_balance_per_currency_and_blank_is_the_base_currency(make_book):
    path = make_book(ledger([
        [D, "FX-1", "1101", "", 100, None, "USD"],
        [D, "FX-1", "4101", "", None, 100, "USD"],
        [D, "FX-1", "1102", "", 1_600_000, None, None],
        [D, "FX-1", "4101", "", None, 1_600_000, "IDR"],
        [D, "FX-2", "1101", "", 100, None, "USD"],
        [D, "FX-2", "4101", "", None, 1_600_000, None],
    ]))
    report = check(str(path))
    assert [(i.code, dict(i.params)["currency"]) for i in report.issues] == [
        ("rate-missing", "USD"), ("entry-unbalanced", "USD"), ("entry-unbalanced", "IDR")]


def test_accounts_rules(make_book):
    accounts = [
        ["Code", "Name", "Type", "Parent"],
        ["1", "Assets", "Aset", None],
        ["1101", "Cash", "asset", "1"],
        ["1101", "Cash again", "asset", "1"],
        ["2", "Loop A", "liability", "3"],
        ["3", "Loop B", "liability", "2"],
        ["4101", "Sales", "income", "1"],
        ["5101", "Orphan", "expense", "9"],
        ["6101", "Odd", "kind of", None],
    ]
    path = make_book({"Settings": SETTINGS, "Accounts": accounts})
    report = check(str(path))
    assert report.flatten("code", "cell") == [
        ("duplicate-key", "A3"), ("duplicate-key", "A4"),
        ("parent-cycle", "D5"), ("parent-cycle", "D6"),
        ("parent-type-differs", "C7"),
        ("parent-unknown", "D8"),
        ("not-in-list", "C9"),
    ]
    assert report.issues[-1].message("id")[0] == (
        "Type: 'kind of' bukan salah satu dari Aset, Liabilitas, Ekuitas, Pendapatan, Beban.")
    assert [i.severity for i in report.issues].count("warning") == 1


def test_settings_choose_the_language_and_flag_unknown_or_missing_settings(make_book):
    settings = [["Pengaturan", "Nilai"], ["Bahasa", "Bahasa Indonesia"], ["Warna", "biru"]]
    path = make_book({"Pengaturan": settings, "Akun": ACCOUNTS})
    report = check(str(path))
    assert report.language == "id"
    assert report.flatten("code", "cell") == [("setting-missing", None),
                                              ("setting-unknown", "A3")]
    assert report.issues[0].message("id")[0] == "Pengaturan Perusahaan tidak ada."
    assert report.issues[0].message("en")[0] == "The setting Company is missing."
    assert check(str(path), lang="en").language == "en"


def test_language_falls_back_to_the_environment(make_book, monkeypatch):
    path = make_book({"Accounts": ACCOUNTS})
    monkeypatch.setenv("LANG", "id_ID.UTF-8")
    assert check(str(path)).language == "id"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert check(str(path)).language == "en"


def test_warnings_never_change_the_exit_code(make_book):
    path = make_book({"Journal": ledger([[D, "JV-1", "1101", "a", 10, None, None],
                                         [D, "JV-1", "4101", "a", None, 10, None]])["Journal"]})
    report = check(str(path))
    assert {i.code for i in report.issues} == {"sheet-missing-default"}
    assert all(i.severity == "warning" for i in report.issues)
    assert report.valid and report.exit_code == 0


def test_required_cells_are_reported_empty(make_book):
    path = make_book(ledger([[None, "JV-1", None, "a", 10, None, None],
                             [D, None, "4101", "a", None, 10, None]]))
    report = check(str(path))
    assert report.flatten("code", "cell") == [("required-missing", "A2"),
                                              ("entry-unbalanced", "B2"),
                                              ("required-missing", "C2"),
                                              ("required-missing", "B3")]
    assert report.issues[0].message("en")[0] == "Date is empty."


def test_identity_numbers_typed_as_numbers_are_refused():
    """No foundation sheet has an identity column yet (payroll's NIK will); the reader is ready."""
    field = Field("nik", "NIK", "NIK", Kind.IDENTITY)
    ctx = Context(get_locale("id-ID"), "IDR", False, "en")
    raw = pl.DataFrame({"number": [3201234567890123.0, None], "text": [None, "3201234567890123"],
                        "date": [None, None], "bool": [None, None]},
                       schema={"number": pl.Float64, "text": pl.String,
                               "date": pl.Datetime("ms"), "bool": pl.Boolean}).to_struct("nik")
    result = read_identity(raw, field, ctx)
    assert result.values.to_list() == [None, "3201234567890123"]
    assert [(i.index, i.code, i.value) for i in result.issues] == [
        (0, "identity-is-number", "3201234567890120")]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_issue_has_an_address_message_and_fix(make_book, lang):
    path = make_book(ledger([[D, "JV-1", "1101", "a", "abc", None, None],
                             ["kemarin", "JV-1", "4101", "a", None, 10.005, None]]))
    report = check(str(path), lang=lang)
    assert len(report.issues) >= 2
    for issue in report.issues:
        message, fix = issue.message(lang)
        assert issue.sheet == "Journal" and issue.cell and issue.row
        assert message and fix and "{" not in message + fix


def test_optional_columns_may_be_left_out(make_book):
    """No Currency and no Description column: the base currency is meant, nothing breaks."""
    path = make_book({"Settings": SETTINGS, "Accounts": ACCOUNTS, "Journal": [
        ["Date", "Entry", "Account", "Debit", "Credit"],
        [D, "JV-1", "1101", 10, None],
        [D, "JV-1", "4101", None, 9],
    ]})
    report = check(str(path))
    assert report.flatten("code", "cell") == [("entry-unbalanced", "B2")]
    assert dict(report.issues[0].params)["currency"] == "IDR"


def test_balance_assertions_state_calculated_asserted_and_difference(make_book):
    """Like hledger's balance assertions; a parent's balance includes its sub-accounts."""
    book = ledger([[D, "JV-1", "1101", "a", 1_500_000, None, None],
                   [D, "JV-1", "4101", "a", None, 1_500_000, None],
                   [dt.date(2025, 3, 1), "JV-2", "1102", "b", 250, None, None],
                   [dt.date(2025, 3, 1), "JV-2", "4101", "b", None, 250, None]])
    book["Balances"] = [["Date", "Account", "Currency", "Balance", "Note"],
                        [D, "1101", None, 1_500_000, "statement"],          # right
                        [D, "1", None, 1_500_000, "parent, before JV-2"],   # right (rolled up)
                        [dt.date(2025, 3, 31), "1", None, 1_500_000, ""],   # wrong: JV-2
                        [D, "4101", "IDR", -1_450_000, ""]]                 # wrong
    report = check(str(make_book(book)))
    assert report.flatten("code", "cell") == [("balance-assertion-failed", "D4"),
                                              ("balance-assertion-failed", "D5")]
    assert report.issues[1].message("en")[0] == (
        "The balance of 4101 in IDR at the end of 2025-02-03 is not as asserted: calculated "
        "-1.500.000,00, asserted -1.450.000,00, difference -50.000,00.")


def test_an_accounts_sheet_without_a_parent_column_is_fine(make_book):
    accounts = [["Code", "Name", "Type"], ["1101", "Cash", "asset"], ["4101", "Sales", "income"]]
    path = make_book(ledger([[D, "JV-1", "1101", "a", 10, None, None],
                             [D, "JV-1", "4101", "a", None, 10, None]], accounts=accounts))
    assert check(str(path)).issues == ()


def test_a_mistyped_base_currency_is_reported_not_a_crash(tmp_path):
    """Payroll's and HR's checks scale amounts by the base currency: a code that is no
    currency is reported on Settings, and the other checks go on (they used to stop Check
    with a KeyError)."""
    from backoffice.payroll.book import write_payroll_book

    path = write_payroll_book(str(tmp_path / "b.xlsx"), [
        {"employee": "E1", "name": "Name", "from": dt.date(2025, 1, 1), "ptkp": "TK/0",
         "basic": 8000000, "department": "OPS"}], settings={"base_currency": "RPX"})
    assert check(path).flatten("code", "sheet", "value") == [("unknown-currency", "Settings", "RPX")]

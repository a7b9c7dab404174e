"""Other currencies in the base-currency statements: rates, rounding, what is left out."""

from __future__ import annotations

import datetime as dt

from conftest import JOURNAL_HEADER

from backoffice.books import open_book
from backoffice.checking import check, read_book
from backoffice.ledger.base import base_amounts, with_rounding
from backoffice.ledger.postings import postings_of
from backoffice.ledger.reports import Options, build

D = dt.date(2025, 3, 10)
HEADER = [*JOURNAL_HEADER, "Rate"]
ACCOUNTS = [["Code", "Name", "Type", "Parent"], ["1101", "Bank IDR", "asset", None],
            ["1102", "Bank USD", "asset", None], ["3101", "Capital", "equity", None],
            ["4101", "Sales", "income", None], ["6999", "Rounding", "expense", None]]


def _book(make_book, journal, rates=None, rounding=True):  # type: ignore[no-untyped-def]
    settings = [["Setting", "Value"], ["Company", "PT Uji"], ["Language", "English"]]
    if rounding:
        settings.append(["Rounding account", "6999"])
    sheets = {"Settings": settings, "Accounts": ACCOUNTS, "Journal": [HEADER, *journal]}
    if rates is not None:
        sheets["Rates"] = [["Date", "Currency", "Rate"], *rates]
    return make_book(sheets)


def _data(path):  # type: ignore[no-untyped-def]
    with open_book(str(path)) as book:
        return read_book(book).data


def test_foreign_lines_are_converted_at_the_latest_rate_or_their_own(make_book):
    path = _book(make_book, [
        [D, "S1", "1102", "Export", 100, None, "USD", None],
        [D, "S1", "4101", "Export", None, 100, "USD", None],
        [dt.date(2025, 4, 2), "S2", "1102", "Export", 10, None, "USD", 16000],
        [dt.date(2025, 4, 2), "S2", "4101", "Export", None, 10, "USD", 16000],
    ], rates=[[dt.date(2025, 1, 1), "USD", 15500], [dt.date(2025, 3, 1), "USD", "15750.5"],
              [dt.date(2025, 6, 1), "USD", 16300]])
    assert check(str(path)).issues == ()
    data = _data(path)
    converted = base_amounts(postings_of(data), data)
    assert converted.select("entry", "base").rows() == [
        ("S1", 157_505_000), ("S1", -157_505_000), ("S2", 16_000_000), ("S2", -16_000_000)]
    sheet = build("balance-sheet", data, Options(as_of=dt.date(2025, 12, 31)), "en")
    lines = {row[1].strip(): row[2] for row in sheet.rows}
    assert str(lines["Total assets"]) == "1735050.00"
    assert lines["Total assets"] == lines["Total liabilities and equity"]


def test_the_rounding_residue_goes_to_the_rounding_account(make_book):
    """USD 0.01 at 15,750.5 is IDR 157.505, rounded half up to 157.51, three times; the
    credit of USD 0.03 is IDR 472.515 -> 472.52: one sen is left over."""
    journal = [[D, "R1", "1102", "", 0.01, None, "USD", None] for _ in range(3)]
    journal.append([D, "R1", "4101", "", None, 0.03, "USD", None])
    path = _book(make_book, journal, rates=[[dt.date(2025, 1, 1), "USD", "15750.5"]])
    assert check(str(path)).issues == ()
    data = _data(path)
    converted = with_rounding(base_amounts(postings_of(data), data), data)
    assert converted.filter(converted["account"] == "6999").select("base").item() == -1
    assert converted["base"].sum() == 0
    without = _book(make_book, journal, rates=[[dt.date(2025, 1, 1), "USD", "15750.5"]],
                    rounding=False)
    assert [i.code for i in check(str(without)).issues] == ["rounding-account-missing"]


def test_a_missing_rate_is_a_warning_and_the_statements_say_what_they_leave_out(make_book):
    path = _book(make_book, [[D, "S1", "1102", "", 100, None, "USD", None],
                             [D, "S1", "4101", "", None, 100, "USD", None],
                             [D, "S2", "1101", "", 500, None, None, None],
                             [D, "S2", "3101", "", None, 500, None, None]])
    report = check(str(path))
    assert report.valid and report.flatten("code", "cell") == [("rate-missing", "G2")]
    assert report.issues[0].message("en")[0] == (
        "2 lines in USD have no exchange rate (the first on 2025-03-10); statements in IDR leave "
        "them out.")
    sheet = build("balance-sheet", _data(path), Options(), "en")
    assert sheet.rows[-1][1] == "2 postings in other currencies are not included (they have " \
                                "no exchange rate)."


def test_lines_at_different_rates_must_still_balance_in_the_base_currency(make_book):
    path = _book(make_book, [[D, "X1", "1102", "", 100, None, "USD", 15700],
                             [D, "X1", "4101", "", None, 100, "USD", 15800]])
    report = check(str(path))
    assert report.flatten("code", "cell") == [("entry-unbalanced-base", "B2")]
    assert "difference -10.000,00" in report.issues[0].message("en")[0]

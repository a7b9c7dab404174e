"""Month-end revaluation of foreign-currency balances, posted as auto-reversing entries."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from conftest import JOURNAL_HEADER

from backoffice.books import open_book
from backoffice.checking import check, read_book
from backoffice.cli import main
from backoffice.errors import ActionRefused, UsageError
from backoffice.ledger.reports import Options, build
from backoffice.ledger.revaluation import revalue

HEADER = [*JOURNAL_HEADER, "Source", "Rate"]
ACCOUNTS = [["Code", "Name", "Type", "Parent", "Cash flow"],
            ["1101", "Bank IDR", "asset", None, "cash"],
            ["1102", "Bank USD", "asset", None, "cash"],
            ["2101", "Payable USD", "liability", None, None],
            ["3101", "Capital", "equity", None, None],
            ["4101", "Sales", "income", None, None],
            ["5101", "Purchases", "expense", None, None],
            ["7101", "Unrealized exchange", "income", None, None]]
JOURNAL = [
    [dt.date(2026, 1, 10), "S1", "1102", "Export", 1000, None, "USD", None, 15000],
    [dt.date(2026, 1, 10), "S1", "4101", "Export", None, 1000, "USD", None, 15000],
    [dt.date(2026, 1, 20), "P1", "5101", "Import", 200, None, "USD", None, 15100],
    [dt.date(2026, 1, 20), "P1", "2101", "Import", None, 200, "USD", None, 15100],
]
RATES = [["Date", "Currency", "Rate"], [dt.date(2026, 1, 31), "USD", 15500],
         [dt.date(2026, 2, 27), "USD", 15200]]


def _book(make_book, settings_extra=(("Unrealized exchange account", "7101"),), rates=RATES,  # type: ignore[no-untyped-def]
          name="book.xlsx"):
    settings = [["Setting", "Value"], ["Company", "PT Uji"], ["Language", "English"],
                *[list(s) for s in settings_extra]]
    return make_book({"Settings": settings, "Accounts": ACCOUNTS, "Journal": [HEADER, *JOURNAL],
                      "Rates": rates}, name=name)


def _lines(path):  # type: ignore[no-untyped-def]
    sheet = openpyxl.load_workbook(path)["Journal"]
    return [(r[0].date(), r[1], r[2], r[4], r[5]) for r in
            sheet.iter_rows(min_row=6, values_only=True) if r[1]]


def _statement(path, name, **options):  # type: ignore[no-untyped-def]
    with open_book(str(path)) as book:
        data = read_book(book).data
    table = build(name, data, Options(**options), "en")
    column = -1 if name == "cash-flow" else 2  # the cash flow's figure is its Net column
    return {(row[0], row[1].strip()): row[column] for row in table.rows}


def test_january_is_revalued_at_the_month_end_rate_and_reversed_on_february_1(make_book):
    """Bank USD holds 1,000 booked at 15,000 = 15,000,000; at 15,500 it is worth 15,500,000:
    +500,000. The payable of USD 200 booked at 15,100 = 3,020,000 is worth 3,100,000: the
    liability grows by 80,000 (a credit). Net unrealized gain 420,000, credited to 7101 on
    31 January and reversed on 1 February."""
    path = _book(make_book)
    result, count = revalue(str(path), "2026-01")
    assert result.changed and count == 6
    assert _lines(path) == [
        (dt.date(2026, 1, 31), "RV-2026-01", "1102", 500000, None),
        (dt.date(2026, 1, 31), "RV-2026-01", "2101", None, 80000),
        (dt.date(2026, 1, 31), "RV-2026-01", "7101", None, 420000),
        (dt.date(2026, 2, 1), "RV-2026-01-R", "1102", None, 500000),
        (dt.date(2026, 2, 1), "RV-2026-01-R", "2101", 80000, None),
        (dt.date(2026, 2, 1), "RV-2026-01-R", "7101", 420000, None)]
    assert check(str(path), mark=False).errors == ()
    sheet = _statement(path, "balance-sheet", as_of=dt.date(2026, 1, 31))
    assert sheet[("1102", "Bank USD")] == 15_500_000
    assert sheet[("2101", "Payable USD")] == 3_100_000
    assert sheet[(None, "Total assets")] == sheet[(None, "Total liabilities and equity")]
    assert _statement(path, "balance-sheet", as_of=dt.date(2026, 2, 1))[
        ("1102", "Bank USD")] == 15_000_000  # reversed: historical again
    income = _statement(path, "income-statement", start=dt.date(2026, 1, 1),
                        end=dt.date(2026, 1, 31))
    assert income[("7101", "Unrealized exchange")] == 420_000


def test_each_month_is_revalued_afresh_from_historical_amounts(make_book):
    """February's rate 15,200: bank 15,200,000 - 15,000,000 = +200,000; payable 3,040,000 -
    3,020,000 = 20,000 more owed; gain 180,000 at 28 February. February's income statement
    nets January's reversal (-420,000) and February's revaluation (+180,000): -240,000."""
    path = _book(make_book)
    revalue(str(path), "2026-01")
    revalue(str(path), "2026-02")
    sheet = _statement(path, "balance-sheet", as_of=dt.date(2026, 2, 28))
    assert sheet[("1102", "Bank USD")] == 15_200_000
    assert sheet[("2101", "Payable USD")] == 3_040_000
    income = _statement(path, "income-statement", start=dt.date(2026, 2, 1),
                        end=dt.date(2026, 2, 28))
    assert income[("7101", "Unrealized exchange")] == -240_000
    flow = _statement(path, "cash-flow", start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 28))
    assert flow[(None, "Effect of exchange rates on cash")] == -300_000  # -500,000 + 200,000


def test_revaluing_again_replaces_the_entries_and_same_rates_change_nothing(make_book, capsys):
    path = _book(make_book)
    assert main(["revalue", str(path), "--period", "2026-01"]) == 0
    assert "6 lines posted" in capsys.readouterr().out
    before = path.read_bytes()
    assert main(["revalue", str(path), "--period", "2026-01"]) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert path.read_bytes() == before
    book = openpyxl.load_workbook(path)
    rates = book["Rates"]
    rates["C2"] = 15600
    book.save(path)
    revalue(str(path), "2026-01")
    assert [line[3] or line[4] for line in _lines(path)][:3] == [600000, 100000, 500000]
    assert len(_lines(path)) == 6


def test_without_a_month_end_rate_or_a_gain_account_nothing_is_posted(make_book):
    late_rates = [["Date", "Currency", "Rate"], [dt.date(2026, 2, 1), "USD", 1]]
    for path, said in ((_book(make_book, rates=late_rates), "no USD rate on or before 2026-01-31"),
                       (_book(make_book, settings_extra=(), name="b.xlsx"),
                        "Unrealized exchange account")):
        before = path.read_bytes()
        with pytest.raises(UsageError, match=said):
            revalue(str(path), "2026-01")
        with pytest.raises(UsageError, match="not a month"):
            revalue(str(path), "2026-13")
        assert path.read_bytes() == before


def test_a_foreign_line_without_any_rate_stops_the_revaluation(make_book):
    """A USD purchase dated before the first USD rate, without a Rate of its own, has no
    rupiah amount to revalue from: the message names the row, and the book is unchanged."""
    journal = [row[:] for row in JOURNAL]
    for row in journal[2:]:
        row[-1] = None  # P1 on 2026-01-20: the Rates sheet starts on 2026-01-31
    settings = [["Setting", "Value"], ["Company", "PT Uji"], ["Language", "English"],
                ["Unrealized exchange account", "7101"]]
    path = make_book({"Settings": settings, "Accounts": ACCOUNTS, "Journal": [HEADER, *journal],
                      "Rates": RATES})
    before = path.read_bytes()
    with pytest.raises(ActionRefused, match=r"^1 foreign-currency line up to 2026-01-31 has "
                       r"no rate \(row \d+\)\. Give it a Rate or add the rates to the Rates "
                       r"sheet\.$"):
        revalue(str(path), "2026-01")
    assert path.read_bytes() == before


def test_no_library_warning_reaches_the_user(make_book):
    """The CLI in its own process, where pytest's warnings filter does not reach: a book with
    USD lines once printed polars' "Sortedness of columns cannot be checked" on every command."""
    import subprocess
    import sys

    path = _book(make_book)
    run = [sys.executable, "-c", "from backoffice.cli import entry_point; entry_point()"]
    for args in (["check", path, "--no-marks"], ["report", path, "trial-balance"],
                 ["revalue", path, "--period", "2026-01"], ["post", path]):
        done = subprocess.run([*run, *args], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (args, done.stderr)
        assert "Warning" not in done.stderr, (args, done.stderr)

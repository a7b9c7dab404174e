"""Closing a month locks its entries; reopening is explicit and recorded."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import polars as pl
import pytest
from conftest import ledger, write_book
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backoffice.checking import check
from backoffice.cli import main
from backoffice.errors import ActionRefused
from backoffice.ledger.closing import close_period, close_year, reopen_period

MARCH, APRIL = dt.date(2025, 3, 5), dt.date(2025, 4, 7)
ROWS = [[MARCH, "JV-1", "1101", "Cash sale", 100, None, None],
        [MARCH, "JV-1", "4101", "Cash sale", None, 100, None],
        [MARCH, "JV-2", "1102", "Deposit", 50, None, None],
        [MARCH, "JV-2", "1101", "Deposit", None, 50, None],
        [APRIL, "JV-3", "1101", "Cash sale", 70, None, None],
        [APRIL, "JV-3", "4101", "Cash sale", None, 70, None]]


def _rewrite_journal(path, rows):  # type: ignore[no-untyped-def]
    """The bookkeeper edits the Journal: the book is rebuilt with the same locks kept."""
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    fresh = write_book(path.with_name("fresh.xlsx"), ledger(rows))
    with zipfile.ZipFile(fresh) as archive:
        journal = archive.read("xl/worksheets/sheet3.xml")
        strings = archive.read("xl/sharedStrings.xml")
    parts["xl/worksheets/sheet3.xml"], parts["xl/sharedStrings.xml"] = journal, strings
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_closed_month_reports_changes_additions_and_deletions_only(tmp_path):
    path = write_book(tmp_path / "book.xlsx", ledger(ROWS))
    assert close_period(str(path), "2025-03", today=dt.date(2025, 4, 1)) == 2
    assert check(str(path)).issues == ()
    book = openpyxl.load_workbook(path)
    assert book["_backoffice_locks"].sheet_state == "veryHidden"
    assert [c.value for c in book["Periods"][2]][:2] == ["2025-03", "Closed"]
    # Sorting rows or editing April changes nothing for March.
    _rewrite_journal(path, [ROWS[3], ROWS[2], ROWS[1], ROWS[0],
                            [APRIL, "JV-3", "1101", "x", 71, None, None],
                            [APRIL, "JV-3", "4101", "x", None, 71, None]])
    assert check(str(path)).issues == ()
    # Changing, adding to and deleting from March are errors.
    changed = [[MARCH, "JV-1", "1101", "Cash sale", 101, None, None],
               [MARCH, "JV-1", "4101", "Cash sale", None, 101, None],
               [MARCH, "JV-9", "1101", "Late", 5, None, None],
               [MARCH, "JV-9", "4101", "Late", None, 5, None]]
    _rewrite_journal(path, changed + ROWS[4:])
    report = check(str(path), "en")
    assert report.flatten("code", "cell", "value") == [
        ("closed-period-changed", "B2", "JV-1"), ("closed-period-added", "B4", "JV-9"),
        ("closed-period-deleted", "A2", "JV-2")]
    assert main(["post", str(path)]) == 1  # Post refuses a book with errors


def test_reopening_is_explicit_and_recorded(tmp_path, capsys):
    path = write_book(tmp_path / "book.xlsx", ledger(ROWS))
    assert main(["close", str(path), "--period", "2025-03"]) == 0
    with pytest.raises(ActionRefused, match=r"^2025-03 is already closed\. Nothing to do\. To "
                       r"change it, reopen it first \(backoffice reopen BOOK --period 2025-03 "):
        close_period(str(path), "2025-03")
    reopen_period(str(path), "2025-03", "Bank fee booked late", today=dt.date(2025, 4, 9))
    rows = list(openpyxl.load_workbook(path)["Periods"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[4]) for r in rows] == [("2025-03", "Closed", None),
                                                  ("2025-03", "Reopened", "Bank fee booked late")]
    _rewrite_journal(path, [[MARCH, "JV-1", "1101", "x", 1, None, None],
                            [MARCH, "JV-1", "4101", "x", None, 1, None]])
    assert check(str(path)).issues == ()
    assert main(["reopen", str(path), "--period", "2025-03", "--reason", "again"]) == 2
    assert "is not closed" in capsys.readouterr().err


def test_year_end_close_moves_the_result_into_retained_earnings(tmp_path, capsys):
    from backoffice.demo import run_demo
    from backoffice.ledger.reports import Options, build

    run_demo(str(tmp_path), lang="en")
    path = tmp_path / "ledger.xlsx"
    assert main(["close", str(path), "--year", "FY2025"]) == 0
    assert "closing entry of 14 lines" in capsys.readouterr().out  # 13 accounts + retained
    # nothing but the demo's one late filing (August's PPN, paid six days late: issue 23),
    # and its bank lines whose proposed matches wait for the bookkeeper (issue 24)
    assert [(i.code, i.cell) for i in check(str(path)).issues] == [
        ("compliance-done-late", "C16"), ("bank-lines-unreconciled", None)]
    from backoffice.books import open_book
    from backoffice.checking import read_book

    with open_book(str(path)) as book:
        data = read_book(book).data
    income = build("income-statement", data, Options(), "en")
    net = next(r for r in income.rows if r[1] == "Net income")
    # the closing entry is left out; the demo payroll's severance (Rina's retirement and Dewi's
    # resignation, 53,826,666) less Dewi's December (12,187,800) made it 41,638,866 lower than
    # the 171,298,364 before issue 22
    assert str(net[2]) == "129659498.00"
    trial = build("trial-balance", data, Options(as_of=dt.date(2025, 12, 31)), "en")
    results = [r for r in trial.rows if str(r[0])[:1] in "456"]
    assert len(results) == 13 and all(r[5] == 0 for r in results)  # all at zero
    retained = next(r for r in trial.rows if r[0] == "3201")
    assert str(retained[5]) == "-412659498.00"  # 283,000,000 brought forward + the year's result
    sheet = build("balance-sheet", data, Options(), "en")
    lines = {str(r[1]).strip(): r[2] for r in sheet.rows}
    assert str(lines["Current-year earnings"]) == "0.00"
    assert lines["Total assets"] == lines["Total liabilities and equity"]
    assert sheet.rows[-1][1].startswith("The year has been closed")
    with pytest.raises(ActionRefused, match=r"^FY2025 is already closed\. Nothing to do: its "
                       r"closing entry CL-FY2025 is in the Journal\.$"):
        close_year(str(path), "FY2025")


LEAVES = [("1101", "asset"), ("2101", "liability"), ("3101", "equity"), ("3201", "equity"),
          ("4101", "income"), ("4102", "income"), ("5101", "expense"), ("5102", "expense")]


@st.composite
def year_of_entries(draw):  # type: ignore[no-untyped-def]
    """Balanced entries over a year, some in USD or JPY at odd rates given on the line."""
    rows = []
    for number in range(draw(st.integers(1, 12))):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=draw(st.integers(0, 364)))
        debit, credit = draw(st.sampled_from(LEAVES))[0], draw(st.sampled_from(LEAVES))[0]
        currency = draw(st.sampled_from([None, None, "USD", "JPY"]))
        exp = 0 if currency == "JPY" else 2
        amount = draw(st.integers(1, 10**9)) / 10**exp
        rate = draw(st.decimals(min_value=1, max_value=20000, places=4)) if currency else None
        rate = float(rate) if rate is not None else None
        rows.append([day, f"E{number}", debit, "", amount, None, currency, None, rate])
        rows.append([day, f"E{number}", credit, "", None, amount, currency, None, rate])
    return rows


@given(year_of_entries())
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_year_end_closing_leaves_income_and_expense_at_zero(tmp_path, rows):
    """In every currency and in the base currency: a foreign balance is reversed at the
    rate that gives back its historical base amount."""
    from backoffice.books import open_book
    from backoffice.checking import check, read_book
    from backoffice.ledger import balances
    from backoffice.ledger.base import base_amounts, with_rounding
    from backoffice.ledger.postings import postings_of

    path = tmp_path / f"book-{abs(hash(str(rows)))}.xlsx"
    write_book(path, {
        "Settings": [["Setting", "Value"], ["Company", "PT Uji"],
                     ["Retained earnings account", "3201"]],
        "Accounts": [["Code", "Name", "Type"], *[[c, c, t] for c, t in LEAVES]],
        "Journal": [["Date", "Entry", "Account", "Description", "Debit", "Credit", "Currency",
                     "Source", "Rate"], *rows]})
    close_year(str(path), "FY2025")
    assert check(str(path), mark=False).errors == ()
    with open_book(str(path)) as book:
        data = read_book(book).data
    postings = postings_of(data)
    tb = balances.trial_balance(postings)
    closed = tb.filter(tb["account"].str.slice(0, 1).is_in(["4", "5"]))
    assert closed["balance"].to_list() == [0] * closed.height
    assert tb.group_by("currency").agg(pl.col("balance").sum())["balance"].to_list() == \
        [0] * tb["currency"].n_unique()
    in_base = with_rounding(base_amounts(postings, data), data)
    results = in_base.filter(in_base["account"].str.slice(0, 1).is_in(["4", "5"]))
    per_account = results.group_by("account").agg(pl.col("base").sum())
    assert per_account["base"].to_list() == [0] * per_account.height


def _usd_book(tmp_path, lines):  # type: ignore[no-untyped-def]
    """A ledger with Rate and Source columns, its lines (entry, account, debit, credit,
    currency, rate) all on 2025-06-01."""
    day = dt.date(2025, 6, 1)
    return write_book(tmp_path / "usd.xlsx", {
        "Settings": [["Setting", "Value"], ["Company", "PT Uji"],
                     ["Retained earnings account", "3201"]],
        "Accounts": [["Code", "Name", "Type"], *[[c, c, t] for c, t in LEAVES]],
        "Journal": [["Date", "Entry", "Account", "Description", "Debit", "Credit", "Currency",
                     "Source", "Rate"],
                    *[[day, entry, account, "", debit, credit, currency, None, rate]
                      for entry, account, debit, credit, currency, rate in lines]]})


def test_a_foreign_currency_year_is_closed_in_its_currency_and_in_rupiah(tmp_path):
    """Sales of USD 100 at 15,000 and USD 50 at 15,750.5 are USD 150 and IDR 2,287,525; rent
    of IDR 1,000,000. The close reverses the sales as USD 150 at 2,287,525 / 150 =
    15,250.1666666667 (15 significant digits: 150 x that rate is 2,287,525.000000005, which
    rounds to the historical amount exactly), credits retained earnings USD 150 at the same
    rate, and moves the rent to retained earnings in rupiah."""
    from backoffice.books import open_book
    from backoffice.checking import read_book

    path = _usd_book(tmp_path, [("S1", "1101", 100, None, "USD", 15000),
                                ("S1", "4101", None, 100, "USD", 15000),
                                ("S2", "1101", 50, None, "USD", 15750.5),
                                ("S2", "4101", None, 50, "USD", 15750.5),
                                ("R1", "5101", 1000000, None, None, None),
                                ("R1", "2101", None, 1000000, None, None)])
    assert close_year(str(path), "FY2025") == 4
    with open_book(str(path)) as book:
        journal = read_book(book).data.get("journal").frame
    closing = journal.filter(journal["entry"] == "CL-FY2025").select(
        "account", "debit", "credit", "currency", "rate").rows()
    assert closing == [("4101", 15000, None, "USD", "15250.1666666667"),
                       ("5101", None, 100000000, "IDR", None),
                       ("3201", None, 15000, "USD", "15250.1666666667"),
                       ("3201", 100000000, None, "IDR", None)]


def test_a_year_with_a_foreign_line_without_any_rate_is_not_closed(tmp_path):
    """A USD sale with no Rate and no Rates sheet has no rupiah amount, so the year cannot be
    closed: the message names the income line's row (the bank line is not closed) and what
    to do, and the book is left as it was."""
    path = _usd_book(tmp_path, [("S1", "1101", 100, None, "USD", None),
                                ("S1", "4101", None, 100, "USD", None)])
    before = path.read_bytes()
    with pytest.raises(ActionRefused, match=r"^1 foreign-currency line of the year has no rate "
                       r"\(row \d+\)\. Give it a Rate or add the rates to the Rates sheet "
                       r"before closing\.$"):
        close_year(str(path), "FY2025")
    assert path.read_bytes() == before

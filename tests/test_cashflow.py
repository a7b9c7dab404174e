"""The cash-flow statement: flows by counter-account category, tying opening to closing cash."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import openpyxl
import polars as pl
from conftest import SETTINGS, write_book
from hypothesis import given, settings
from hypothesis import strategies as st
from test_ledger import _chart, _frame, random_journal

from backoffice.cli import main
from backoffice.ledger import balances, cashflow

ACCOUNTS = [["Code", "Name", "Type", "Parent", "Cash flow"],
            ["1101", "Cash", "asset", None, "cash"],
            ["1102", "Bank", "asset", None, "cash"],
            ["1501", "Equipment", "asset", None, "investing"],
            ["2101", "Payables", "liability", None, None],
            ["2201", "Bank loan", "liability", None, "financing"],
            ["3101", "Capital", "equity", None, None],
            ["4101", "Sales", "income", None, None],
            ["5101", "Rent", "expense", None, None]]
HEADER = ["Date", "Entry", "Account", "Description", "Debit", "Credit"]


def _day(month: int, day: int) -> dt.date:
    return dt.date(2026, month, day)


JOURNAL = [
    [_day(1, 1), "OB-1", "1101", "Opening", 1000, None],
    [_day(1, 1), "OB-1", "3101", "Opening", None, 1000],
    [_day(1, 5), "JV-1", "1102", "Cash sale", 500, None],
    [_day(1, 5), "JV-1", "4101", "Cash sale", None, 500],
    [_day(2, 1), "JV-2", "1501", "A printer", 300, None],
    [_day(2, 1), "JV-2", "1102", "A printer", None, 300],
    [_day(2, 9), "JV-3", "1102", "Loan received", 200, None],
    [_day(2, 9), "JV-3", "2201", "Loan received", None, 200],
    [_day(3, 1), "JV-4", "1102", "Cash to bank", 100, None],
    [_day(3, 1), "JV-4", "1101", "Cash to bank", None, 100],
    [_day(3, 2), "JV-5", "5101", "Rent, part on credit", 250, None],
    [_day(3, 2), "JV-5", "1101", "Rent, part on credit", None, 150],
    [_day(3, 2), "JV-5", "2101", "Rent, part on credit", None, 100],
    [_day(4, 1), "JV-6", "2101", "Rent payable settled", 100, None],
    [_day(4, 1), "JV-6", "1102", "Rent payable settled", None, 100],
    [_day(5, 1), "JV-7", "2201", "Loan repaid", 50, None],
    [_day(5, 1), "JV-7", "1102", "Loan repaid", None, 50],
]


def _book(tmp_path, accounts=ACCOUNTS):  # type: ignore[no-untyped-def]
    return write_book(tmp_path / "book.xlsx", {"Settings": SETTINGS, "Accounts": accounts,
                                               "Journal": [HEADER, *JOURNAL]})


def _report(path, fmt: str = "csv", *args: str) -> str:  # type: ignore[no-untyped-def]
    import contextlib

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["report", str(path), "cash-flow", "--format", fmt, *args]) == 0
    return out.getvalue()


def test_the_cash_flow_of_a_small_book_worked_by_hand(tmp_path):
    """Year 2026. The opening entry OB-1 brings 1,000 of cash: the opening balance, not a
    flow. Operating: the cash sale +500 (Sales); rent 250, of which 150 paid in cash (Rent is
    shown as paid 250, the 100 left on credit as received from Payables in the same entry)
    and the 100 payable settled in April: Payables -100 + 100 = 0, Rent -250, Sales +500:
    net operating +250. Investing: the printer -300. Financing: loan +200, repaid -50:
    +150. The move of 100 from cash to bank is no flow. Net change 250 - 300 + 150 = +100;
    closing cash 1,000 + 100 = 1,100 = cash 1,000 - 100 - 150 = 750 plus bank
    500 - 300 + 200 + 100 - 100 - 50 = 350."""
    rows = list(csv.DictReader(io.StringIO(_report(_book(tmp_path), "csv", "--period", "2026"))))
    by_line = {r["line"].strip(): r for r in rows}
    assert by_line["Cash and bank at the start (2026-01-01)"]["net"] == "1000.00"
    assert {(r["account"], r["received"], r["paid"], r["net"]) for r in rows if r["account"]} == {
        ("2101", "100.00", "-100.00", "0.00"), ("4101", "500.00", "0.00", "500.00"),
        ("5101", "0.00", "-250.00", "-250.00"), ("1501", "0.00", "-300.00", "-300.00"),
        ("2201", "200.00", "-50.00", "150.00")}
    assert by_line["Net cash from operating"]["net"] == "250.00"
    assert by_line["Net cash from investing"]["net"] == "-300.00"
    assert by_line["Net cash from financing"]["net"] == "150.00"
    assert by_line["Net change in cash and bank"]["net"] == "100.00"
    assert by_line["Cash and bank at the end (2026-12-31)"]["net"] == "1100.00"


def test_a_month_of_it_and_json(tmp_path):
    """February: opening cash 1,000 + 500 = 1,500; the printer -300 and the loan +200."""
    data = json.loads(_report(_book(tmp_path), "json", "--period", "2026-02"))
    nets = {r["line"].strip(): r["net"] for r in data["rows"]}
    assert nets["Cash and bank at the start (2026-02-01)"] == "1500.00"
    assert nets["Net change in cash and bank"] == "-100.00"
    assert nets["Cash and bank at the end (2026-02-28)"] == "1400.00"


def test_post_writes_the_cash_flow_sheet(tmp_path):
    path = _book(tmp_path)
    assert main(["post", str(path)]) == 0
    sheet = openpyxl.load_workbook(path)["Cash Flow"]
    values = {row[1]: row[4] for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]}
    assert values["Cash and bank at the end (2026-12-31)"] == 1100


def test_without_cash_accounts_the_report_says_why(tmp_path):
    accounts = [row[:4] for row in ACCOUNTS]
    text = _report(_book(tmp_path, accounts))
    assert "No account is marked Cash" in text


@given(st.integers(min_value=0, max_value=10_000), st.sampled_from([{"1101"}, {"11"}, {"1"}]),
       st.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
       st.dates(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
@settings(max_examples=40, deadline=None)
def test_opening_plus_every_flow_is_closing_cash_and_ties_to_the_trial_balance(seed, cash, a, b):
    """Random balanced entries (zeros, an account twice in an entry, postings at parent and
    child level); the cash accounts are a leaf, or every account under a parent marked Cash."""
    start, end = min(a, b), max(a, b)
    rows = [r for r in random_journal(seed, entries=40) if (r[6] or "IDR") == "IDR"]
    frame = _frame(rows)
    chart = _chart(frozenset(cash))
    flow = cashflow.cash_flow(frame, chart, start, end)
    accounts = cashflow.cash_accounts(chart)
    assert flow.opening + flow.net_change == flow.closing
    trial = balances.trial_balance(frame, end).filter(pl.col("account").is_in(list(accounts)))
    assert flow.closing == int(trial["balance"].sum())
    assert sum(flow.total(c) for c in cashflow.CATEGORIES) == flow.net_change
    assert all(f.received >= 0 >= f.paid for f in flow.flows)

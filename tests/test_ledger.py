"""The ledger engine, cross-checked against hledger and by its accounting invariants.

Generated journals (several currencies, a hierarchy of accounts with postings at
both parent and child level, zero amounts, one account twice in an entry) are
written as our workbook and as an hledger journal; balances per account and
currency, overall and month by month, must be identical. hledger is Debian's
package (``.ci/run`` installs it).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import shutil
import subprocess
from decimal import Decimal

import pytest
from conftest import JOURNAL_HEADER, write_book
from hypothesis import given, settings
from hypothesis import strategies as st
from programs import needs

from backoffice import money
from backoffice.books import open_book
from backoffice.checking import read_book
from backoffice.ledger import balances, statements
from backoffice.ledger.postings import chart_of, postings_of
from backoffice.ledger.reports import LABELS

HLEDGER = shutil.which("hledger")
needs_hledger = needs("hledger")

# code, type, parent
CHART = [("1", "asset", None), ("11", "asset", "1"), ("1101", "asset", "11"),
         ("1102", "asset", "11"), ("2", "liability", None), ("2101", "liability", "2"),
         ("3", "equity", None), ("4", "income", None), ("4101", "income", "4"),
         ("5", "expense", None), ("5101", "expense", "5"), ("5102", "expense", "5")]
CURRENCIES = ["IDR", "USD", "JPY"]


def random_journal(seed: int, entries: int = 120) -> list[list[object]]:
    """Balanced entries with the awkward cases hledger must agree on."""
    rng = random.Random(seed)
    codes = [c for c, _t, _p in CHART]
    rows: list[list[object]] = []
    for number in range(entries):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
        currency = rng.choice(CURRENCIES)
        exp = money.exponent(currency)
        lines = [rng.randrange(0, 10**6) for _ in range(rng.randint(1, 3))]  # zeros included
        accounts = [rng.choice(codes) for _ in lines]
        if rng.random() < 0.2:
            accounts[-1] = accounts[0]  # one account twice in an entry
        blank = None if rng.random() < 0.5 and currency == "IDR" else currency
        for account, minor in zip(accounts, lines, strict=True):
            rows.append([day, f"E{number}", account, "", _decimal(minor, exp), None, blank])
        rows.append([day, f"E{number}", rng.choice(codes), "", None,
                     _decimal(sum(lines), exp), blank])
    return rows


def _decimal(minor: int, exp: int) -> float:
    return float(money.from_minor(minor, exp))


def _path(code: str) -> str:
    parents = {c: p for c, _t, p in CHART}
    chain = [code]
    while parents.get(chain[-1]):
        chain.append(parents[chain[-1]])
    return ":".join(reversed(chain))


def hledger_journal(rows: list[list[object]]) -> str:
    """The same journal in hledger's format (hierarchy as account names a:b:c)."""
    entries: dict[str, list[list[object]]] = {}
    for row in rows:
        entries.setdefault(str(row[1]), []).append(row)
    text = []
    for entry, lines in entries.items():
        text.append(f"{lines[0][0].isoformat()} {entry}")
        for _day, _e, account, _d, debit, credit, currency in lines:
            code = currency or "IDR"
            exp = money.exponent(code)
            amount = Decimal(str(debit)) if debit is not None else -Decimal(str(credit))
            text.append(f"    {_path(str(account))}    {code} {amount:.{exp}f}")
        text.append("")
    return "\n".join(text)


def hledger_balances(journal: str, monthly: bool) -> dict[tuple[str, ...], int]:
    """hledger's exclusive balances (or monthly changes) per account, currency (, month)."""
    args = [HLEDGER, "-f-", "bal", "--flat", "-O", "csv", "--no-total"] + (["-M"] if monthly else [])
    done = subprocess.run(args, input=journal, capture_output=True, text=True, check=True)
    table = list(csv.reader(io.StringIO(done.stdout)))
    found: dict[tuple[str, ...], int] = {}
    for record in table[1:]:
        account = record[0].split(":")[-1]
        for column, cell in zip(table[0][1:], record[1:], strict=True):
            for amount in cell.split(", "):
                if amount.strip() in ("", "0"):
                    continue
                currency, number = amount.split()
                minor = money.to_minor(Decimal(number), money.exponent(currency))
                key = (account, currency, column) if monthly else (account, currency)
                found[key] = minor
    return found


def our_postings(tmp_path, rows):  # type: ignore[no-untyped-def]
    accounts = [["Code", "Name", "Type", "Parent"]] + [[c, f"Account {c}", t, p] for c, t, p in CHART]
    path = write_book(tmp_path / "ledger.xlsx", {"Accounts": accounts,
                                                 "Journal": [JOURNAL_HEADER, *rows]})
    with open_book(str(path)) as book:
        data = read_book(book).data
    return postings_of(data), chart_of(data)


@needs_hledger
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_balances_equal_hledgers(tmp_path, seed):
    rows = random_journal(seed)
    postings, _chart = our_postings(tmp_path, rows)
    ours = {(a, c): b for a, c, _d, _cr, b, _e in balances.trial_balance(postings).iter_rows()
            if b != 0}
    assert ours == hledger_balances(hledger_journal(rows), monthly=False)
    monthly = {(a, c, p): change for a, c, p, change, _b, _e
               in balances.monthly_balances(postings).iter_rows() if change != 0}
    assert monthly == hledger_balances(hledger_journal(rows), monthly=True)


@given(st.integers(min_value=0, max_value=10_000))
@settings(max_examples=25, deadline=None)
def test_trial_balance_debits_equal_credits_per_currency(seed):
    rows = random_journal(seed, entries=30)
    frame = _frame(rows)
    totals = balances.trial_balance(frame).group_by("currency").agg(
        __import__("polars").col("debit").sum(), __import__("polars").col("credit").sum())
    for _currency, debit, credit in totals.iter_rows():
        assert debit == credit


@given(st.integers(min_value=0, max_value=10_000), st.dates(dt.date(2025, 1, 1),
                                                             dt.date(2025, 12, 31)))
@settings(max_examples=25, deadline=None)
def test_the_balance_sheet_balances(seed, as_of):
    rows = [r for r in random_journal(seed, entries=30) if (r[6] or "IDR") == "IDR"]
    frame = _frame(rows)
    chart = _chart()
    sheet = statements.balance_sheet(frame, chart, "IDR", as_of, dt.date(2025, 1, 1), LABELS["en"])
    totals = {line.label: line.amount for line in sheet.lines if line.kind in ("total", "result")}
    assert totals["Total assets"] == totals["Total liabilities and equity"]


def _frame(rows):  # type: ignore[no-untyped-def]
    import polars as pl

    records = []
    for i, (day, entry, account, _d, debit, credit, currency) in enumerate(rows):
        code = currency or "IDR"
        exp = money.exponent(code)
        value = Decimal(str(debit)) if debit is not None else -Decimal(str(credit))
        records.append({"date": day, "entry": entry, "account": account, "description": "",
                        "currency": code, "amount": money.to_minor(value, exp), "exp": exp,
                        "row": i + 2})
    return pl.DataFrame(records).filter(pl.col("amount") != 0)


def _chart(cash: frozenset[str] = frozenset()):  # type: ignore[no-untyped-def]
    """The CHART as the engine sees it; ``cash``: the accounts marked Cash (Cash flow)."""
    import polars as pl

    from backoffice.ledger.postings import Chart

    frame = pl.DataFrame({"code": [c for c, _t, _p in CHART], "name": [c for c, _t, _p in CHART],
                          "type": [t for _c, t, _p in CHART], "parent": [p for _c, _t, p in CHART],
                          "cash_flow": ["cash" if c in cash else None for c, _t, _p in CHART]})
    parents = {c: p for c, _t, p in CHART if p}
    ancestors = {}
    for code, _t, _p in CHART:
        chain = []
        while parents.get(chain[-1] if chain else code):
            chain.append(parents[chain[-1] if chain else code])
        ancestors[code] = tuple(chain)
    return Chart(frame, ancestors)

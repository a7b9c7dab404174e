"""Properties of receivables and payables over random documents, on real .xlsx books.

For any set of IDR invoices (with and without PPN) and receipts allocated in any
way to them, and bills (with and without PPN and PPh 23) and payments to the
supplier: receivables and payables in the trial balance equal the sum of open
items; every generated entry balances; posting again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import polars as pl
from arapbook import (
    ACCOUNTS,
    BILL_HEADER,
    CUSTOMERS,
    INVOICE_HEADER,
    JOURNAL,
    PAYMENT_HEADER,
    RATES,
    SETTINGS,
    SUPPLIERS,
)
from conftest import write_book
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from backoffice.arap import engine
from backoffice.arap.posting import post_documents
from backoffice.books import open_book
from backoffice.checking import check_and_read
from backoffice.ledger.posting import post
from backoffice.ledger.postings import postings_of

START = dt.date(2026, 3, 1)

invoice = st.tuples(st.sampled_from(["C01", "C02", "C03"]), st.integers(0, 40),
                    st.integers(1, 5), st.integers(1, 9_999_999), st.sampled_from([None, "PPN12"]))
receipt = st.tuples(st.integers(0, 60), st.integers(1, 20_000_000), st.integers(0, 1000),
                    st.lists(st.tuples(st.integers(0, 50), st.one_of(st.none(), st.none(),
                                                                     st.integers(1, 3_000_000))),
                             min_size=0, max_size=3))
bill = st.tuples(st.integers(0, 40), st.integers(1, 9_999_999), st.sampled_from([None, "PPN12"]),
                 st.sampled_from([None, "PPH23"]))
paid = st.tuples(st.integers(0, 60), st.integers(1, 20_000_000),
                 st.lists(st.integers(0, 50), max_size=2))


def _bills(bills, paids):  # type: ignore[no-untyped-def]
    """Bills from S01 and payments to S01, each allocated (blank: what is open) to bills
    dated on or before it."""
    rows = [[f"BILL-{i:03d}", START + dt.timedelta(days=day), "S01", None, "Service", 1, price,
             code, wht, None] for i, (day, price, code, wht) in enumerate(bills)]
    payments = []
    for j, (day, amount, picks) in enumerate(paids):
        when = START + dt.timedelta(days=day)
        mine = [i for i, b in enumerate(bills) if START + dt.timedelta(days=b[0]) <= when]
        chosen = sorted({mine[p % len(mine)] for p in picks}) if mine else []
        head = [f"PAY-{j:03d}", when, "Paid", "S01", "1102", amount, None, None]
        if not chosen:
            payments.append([*head, None, None, None, None])
        for k, index in enumerate(chosen):
            payments.append([*(head if k == 0 else [f"PAY-{j:03d}", *[None] * 7]),
                             f"BILL-{index:03d}", None, None, None])
    return rows, payments


def _book(invoices, receipts, bills=(), paids=()):  # type: ignore[no-untyped-def]
    rows = [[f"INV-{i:03d}", START + dt.timedelta(days=day), party, None, None, None, "Goods",
             qty, price, code, None]
            for i, (party, day, qty, price, code) in enumerate(invoices)]
    payments = []
    for j, (day, amount, fee, allocations) in enumerate(receipts):
        number = f"RCV-{j:03d}"
        # Allocate only to invoices of one party, dated on or before the receipt.
        when = START + dt.timedelta(days=day)
        party = invoices[j % len(invoices)][0]
        mine = [i for i, inv in enumerate(invoices) if inv[0] == party
                and START + dt.timedelta(days=inv[1]) <= when]
        chosen = {}
        for pick, share in allocations:
            if mine:
                chosen.setdefault(mine[pick % len(mine)], share)
        head = [number, when, "Received", party, "1102", amount, fee or None, None]
        if not chosen:
            payments.append([*head, None, None, None, None])
        for k, (index, share) in enumerate(sorted(chosen.items())):
            payments.append([*(head if k == 0 else [number, *[None] * 7]), f"INV-{index:03d}",
                             share, None, None])
    bill_rows, paid_rows = _bills(list(bills), list(paids))
    payments += paid_rows
    folder = Path(tempfile.mkdtemp())
    return write_book(folder / "book.xlsx", {
        "Settings": SETTINGS, "Accounts": ACCOUNTS, "Journal": JOURNAL, "Customers": CUSTOMERS,
        "Suppliers": SUPPLIERS, "Rates": RATES, "Invoices": [INVOICE_HEADER, *rows],
        "Bills": [BILL_HEADER, *bill_rows], "Payments": [PAYMENT_HEADER, *payments]})


def _read(path):  # type: ignore[no-untyped-def]
    with open_book(str(path)) as book:
        return check_and_read(book)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(invoice, min_size=1, max_size=6), st.lists(receipt, max_size=4),
       st.lists(bill, max_size=4), st.lists(paid, max_size=3))
def test_receivables_equal_open_items_entries_balance_and_reposting_is_idempotent(
        invoices, receipts, bills, paids):
    path = _book(invoices, receipts, bills, paids)
    report, _read_book = _read(path)
    over = {i.code for i in report.errors}
    if over:  # an allocation beyond what is open or beyond the money: refused, nothing posted
        assert over <= {"arap-over-allocated", "arap-payment-short"}
        event("refused")
        assert post(str(path)).sheets == ()
        return
    assert post(str(path)).sheets
    report, read = _read(path)
    assert report.errors == ()
    postings = postings_of(read.data)
    receivables = postings.filter(postings["account"] == "1201")["amount"].sum()
    outcome = engine.run(read.data)
    assert receivables == sum(item.open for item in outcome.items.values()
                              if item.side == "sales")
    payables = postings.filter(postings["account"] == "2101")["amount"].sum()
    assert -payables == sum(item.open for item in outcome.items.values()
                            if item.side == "purchases")
    generated = postings.filter(pl.col("entry") != "OPEN")
    totals = generated.group_by("entry", "currency").agg(pl.col("amount").sum())
    assert totals.filter(pl.col("amount") != 0).height == 0
    event("posted")
    before = path.read_bytes()
    assert post_documents(path, read.data) == []
    assert path.read_bytes() == before

"""The input-VAT reconciliation of a big book stays bounded: bills without a tax invoice
number are matched by supplier NPWP and amounts through an index, never by scanning every
open Coretax invoice per bill (40,000 x 40,000 comparisons would be 1.6 billion), and what
cannot be matched is reported, not guessed.

The bills and Coretax rows are built in memory (``BookedBill``/``CoretaxInvoice``, what
``booked_bills`` and ``read_download`` give): a real book of 40,000 bills would take
minutes to write; the small real-book cases are in test_efaktur_reconciliation.py."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from backoffice.arap.reconcile import STATUS, BookedBill, CoretaxInvoice, match_rows

D = dt.date(2026, 3, 5)
N = 40_000
NPWP = "0111222233334444"


def _invoice(line: int, dpp: int, ppn: int, number: str | None = None) -> CoretaxInvoice:
    return CoretaxInvoice(line, number or f"0400260{line:010d}", NPWP, "PT Satu", D,
                          "APPROVED", Decimal(dpp) + Decimal("0.67"), Decimal(ppn))


def _bill(n: int, dpp: int, ppn: int) -> BookedBill:
    return BookedBill(f"BILL-{n}", "S01", NPWP, "PT Satu", None, D, Decimal(dpp), Decimal(ppn))


def test_many_open_items_complete_and_report_what_did_not_match() -> None:
    # N bills without a tax invoice number, each with one Coretax row of its amounts
    # (Coretax keeps the sen of the DPP: 0.67 more than the bill's whole rupiah)
    invoices = [_invoice(i + 2, 1_000_000 + i * 10, 120_000 + i) for i in range(N)]
    bills = [_bill(i, 1_000_000 + i * 10, 120_000 + i) for i in range(N)]
    # a bill with three Coretax rows of its NPWP and amounts: which one is not guessed
    invoices += [_invoice(N + 2 + k, 5, 1) for k in range(3)]
    bills.append(_bill(N, 5, 1))
    # a bill no Coretax row has
    bills.append(_bill(N + 1, 7, 1))
    words = STATUS["en"]
    rows = match_rows(bills, invoices, words)
    count = Counter(str(row[0]) for row in rows)
    assert count[words["by-amount"]] == N
    assert count[words["ambiguous"]] == 1
    assert count[words["only-bills"]] == 1
    assert count[words["only-coretax"]] == 3  # the three the ambiguous bill left open
    ambiguous = next(row for row in rows if row[0] == words["ambiguous"])
    assert ambiguous[2] == f"BILL-{N}"
    paired = {row[2]: row[1] for row in rows if row[0] == words["by-amount"]}
    assert paired["BILL-0"] == "04002600000000002" and paired[f"BILL-{N - 1}"] == \
        f"0400260{N + 1:010d}"


def test_amounts_a_rupiah_apart_are_not_paired_and_a_neighbour_within_one_is() -> None:
    words = STATUS["id"]
    invoices = [_invoice(2, 100, 11)]  # DPP 100.67
    rows = match_rows([_bill(1, 101, 11)], invoices, words)  # 0.33 apart: agrees
    assert [row[0] for row in rows] == [words["by-amount"]]
    rows = match_rows([_bill(1, 102, 11)], invoices, words)  # 1.33 apart: does not
    assert sorted(str(row[0]) for row in rows) == sorted([words["only-bills"],
                                                          words["only-coretax"]])

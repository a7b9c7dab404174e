"""The proof of a month: the bank's balance explained by the books' and the open items.

At the month's end (``end``), over the time the statements cover (from the first
statement line's date, ``start``; the statement's opening balance stands for what
came before):

* outstanding deposits: money in booked on or before ``end`` that no bank line of
  the month or before is matched to (deposits in transit); an opening-balance entry
  (OB-…, SA-…) is never one: the statement's opening balance stands for it;
* outstanding payments: money out booked but not yet through the bank;
* bank lines not in the books: lines on or before ``end`` with no posting on or
  before ``end`` matched to them (fees, interest, transfers not yet booked).

bank balance = book balance − outstanding deposits + outstanding payments
               + bank lines not in the books + unexplained difference,

and the month is reconciled when the unexplained difference is zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class Proof:
    """The month's reconciliation of one account; amounts in minor units."""

    account: str
    period: str
    currency: str
    bank_balance: int
    book_balance: int
    outstanding_deposits: int
    outstanding_payments: int
    unbooked: int
    difference: int
    open_postings: pl.DataFrame
    open_lines: pl.DataFrame


def prove(account: str, period: str, currency: str, end: dt.date, lines: pl.DataFrame,
          postings: pl.DataFrame, pairs: pl.DataFrame) -> Proof:
    """The proof at ``end`` from the account's statement ``lines`` (id, date, amount,
    balance, description), its ``postings`` (pid, date, amount, description) and the
    ``pairs`` (id, pid) matched (proposed or confirmed, never rejected)."""
    if lines.height == 0:
        start, opening = end + dt.timedelta(days=1), 0
    else:
        first = lines.sort("date", "id").row(0, named=True)
        start = first["date"]
        opening = (first["balance"] - first["amount"]) if first["balance"] is not None else 0
    seen = lines.filter(pl.col("date") <= end)
    bank = opening + int(seen["amount"].sum())
    book = int(postings.filter(pl.col("date") <= end)["amount"].sum())
    # a pair counts at end only when both its sides are on or before end
    dated = (pairs.join(lines.select("id", pl.col("date").alias("ldate")), on="id")
             .join(postings.select("pid", pl.col("date").alias("pdate")), on="pid"))
    closed = dated.filter((pl.col("ldate") <= end) & (pl.col("pdate") <= end))
    open_postings = postings.filter((pl.col("date") >= start) & (pl.col("date") <= end)
                                    & ~pl.col("pid").is_in(closed["pid"].implode()))
    if "opening" in postings.columns:  # an opening entry is the statement's opening balance
        open_postings = open_postings.filter(~pl.col("opening"))
    open_lines = seen.filter(~pl.col("id").is_in(closed["id"].implode()))
    deposits = int(open_postings.filter(pl.col("amount") > 0)["amount"].sum())
    payments = -int(open_postings.filter(pl.col("amount") < 0)["amount"].sum())
    unbooked = int(open_lines["amount"].sum())
    difference = bank - (book - deposits + payments + unbooked)
    return Proof(account, period, currency, bank, book, deposits, payments, unbooked,
                 difference, open_postings, open_lines)

"""Balances: the trial balance (as of a date, or month by month) and the general ledger.

Balances are sums of postings per account and currency, debit positive, in
minor units; they are turned into Decimal major units only for output, so every
total ties exactly.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl

from backoffice import money


def trial_balance(postings: pl.DataFrame, as_of: dt.date | None = None,
                  start: dt.date | None = None, end: dt.date | None = None) -> pl.DataFrame:
    """Per account and currency: debit, credit (the balance on its side) and balance,
    in minor units, as of the end of ``as_of`` (all postings when None).

    For a period (``start`` and/or ``end``), the same for the period's movements only,
    as hledger's ``balance -p`` gives them: each account's net change from the start of
    ``start`` to the end of ``end``.
    """
    if start is not None:
        postings = postings.filter(pl.col("date") >= start)
    if end is not None or as_of is not None:
        postings = postings.filter(pl.col("date") <= min(d for d in (end, as_of) if d))
    return (
        postings.group_by("account", "currency")
        .agg(pl.col("amount").sum().alias("balance"), pl.col("exp").first())
        .with_columns(
            pl.when(pl.col("balance") > 0).then(pl.col("balance")).otherwise(0).alias("debit"),
            pl.when(pl.col("balance") < 0).then(-pl.col("balance")).otherwise(0).alias("credit"),
        )
        .sort("account", "currency")
        .select("account", "currency", "debit", "credit", "balance", "exp")
    )


def monthly_balances(postings: pl.DataFrame, as_of: dt.date | None = None) -> pl.DataFrame:
    """Per account, currency and month (YYYY-MM): the change and the balance at month end."""
    if as_of is not None:
        postings = postings.filter(pl.col("date") <= as_of)
    return (
        postings.with_columns(pl.col("date").dt.strftime("%Y-%m").alias("period"))
        .group_by("account", "currency", "period")
        .agg(pl.col("amount").sum().alias("change"), pl.col("exp").first())
        .sort("account", "currency", "period")
        .with_columns(pl.col("change").cum_sum().over("account", "currency").alias("balance"))
        .select("account", "currency", "period", "change", "balance", "exp")
    )


def general_ledger(postings: pl.DataFrame, start: dt.date | None = None,
                   end: dt.date | None = None) -> pl.DataFrame:
    """Every posting per account and currency, in date order, with the running balance.

    Postings before ``start`` are summed into one opening line per account and
    currency (row 0, no entry), so the running balance is the true balance.
    """
    ordered = postings.sort("account", "currency", "date", "row")
    if end is not None:
        ordered = ordered.filter(pl.col("date") <= end)
    if start is not None:
        before = ordered.filter(pl.col("date") < start)
        opening = (before.group_by("account", "currency")
                   .agg(pl.col("amount").sum(), pl.col("exp").first())
                   .with_columns(pl.lit(start).alias("date"), pl.lit(None, pl.String).alias("entry"),
                                 pl.lit(None, pl.String).alias("description"),
                                 pl.lit(0, pl.Int64).alias("row")))
        # The postings' flags (a closing or revaluation entry, …) are false on an opening line.
        opening = opening.with_columns(
            pl.lit(False if dtype == pl.Boolean else None, dtype).alias(name)
            for name, dtype in ordered.schema.items() if name not in opening.columns)
        ordered = pl.concat([opening.select(ordered.columns),
                             ordered.filter(pl.col("date") >= start)]).sort(
            "account", "currency", "date", "row")
    return ordered.with_columns(
        pl.col("amount").cum_sum().over("account", "currency").alias("balance"))


def to_decimal(minor: int, exp: int) -> Decimal:
    """Minor units as the Decimal amount output shows."""
    return money.from_minor(int(minor), int(exp))

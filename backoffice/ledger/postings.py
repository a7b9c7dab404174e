"""Postings: the Journal's lines as signed amounts, with their accounts' facts.

A posting's ``amount`` is in minor units of its currency, debit positive and
credit negative, so that every balanced entry sums to zero per currency and a
balance is a plain sum. ``exp`` is the currency's ISO 4217 exponent.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from backoffice import money
from backoffice.schema import BookData

#: The Source of the lines a year-end close posts (close:FY2025).
CLOSING_SOURCE = "close:"

#: Entry numbers of opening-balance entries (docs/conventions.md): OB-… or SA-… (saldo awal).
OPENING_PREFIXES = ("OB-", "SA-")

#: The Source of month-end revaluations of foreign-currency balances (reval:2026-03).
REVALUATION_SOURCE = "reval:"

#: Account types whose balances are naturally credits (shown positive when in credit).
CREDIT_NATURE = ("liability", "equity", "income")


@dataclass(frozen=True)
class Chart:
    """The chart of accounts as the engine needs it.

    Attributes:
        accounts: code, name, type, parent for every account.
        ancestors: code -> its parents, nearest first (the hierarchy is only ``Parent``).
    """

    accounts: pl.DataFrame
    ancestors: dict[str, tuple[str, ...]]

    def name(self, code: str) -> str:
        match = self.accounts.filter(pl.col("code") == code)
        return match["name"][0] if match.height else code


def chart_of(book: BookData) -> Chart:
    """The book's chart of accounts (empty when the book has no Accounts sheet)."""
    data = book.get("accounts")
    if data is None:
        empty = pl.DataFrame(schema={"code": pl.String, "name": pl.String, "type": pl.String,
                                     "parent": pl.String, "cash_flow": pl.String})
        return Chart(empty, {})
    accounts = data.frame.select("code", "name", "type", "parent", "cash_flow").filter(
        pl.col("code").is_not_null()).unique("code", keep="first", maintain_order=True)
    parents = {c: p for c, p in zip(accounts["code"], accounts["parent"], strict=True) if p}
    ancestors: dict[str, tuple[str, ...]] = {}
    for code in accounts["code"]:
        chain: list[str] = []
        current = parents.get(code)
        while current is not None and current not in chain and current != code:
            chain.append(current)
            current = parents.get(current)
        ancestors[code] = tuple(chain)
    return Chart(accounts, ancestors)


def postings_of(book: BookData) -> pl.DataFrame:
    """Every journal line as a posting: date, entry, account, description, currency,
    amount (minor units, debit positive), exp, row, ``closing`` (a year-end closing
    line, Source ``close:…``) and ``revaluation`` (a month-end revaluation line, Source
    ``reval:…``) and ``opening`` (an opening-balance entry, numbered OB-… or SA-…)."""
    journal = book.get("journal")
    columns = {"date": pl.Date, "entry": pl.String, "account": pl.String,
               "description": pl.String, "currency": pl.String, "amount": pl.Int64,
               "exp": pl.Int64, "row": pl.Int64, "closing": pl.Boolean,
               "revaluation": pl.Boolean, "opening": pl.Boolean}
    if journal is None:
        return pl.DataFrame(schema=columns)
    exponents = money.currency_exponents()
    frame = journal.frame.filter(pl.col("account").is_not_null() & pl.col("date").is_not_null())
    return frame.select(
        "date", "entry", "account", "description", "currency",
        (pl.col("debit").fill_null(0) - pl.col("credit").fill_null(0)).alias("amount"),
        pl.col("currency").replace_strict(exponents, default=2, return_dtype=pl.Int64).alias("exp"),
        pl.col("_row").alias("row"),
        *(_source_is(frame, prefix).alias(name) for name, prefix in
          (("closing", CLOSING_SOURCE), ("revaluation", REVALUATION_SOURCE))),
        pl.any_horizontal(pl.col("entry").str.starts_with(p) for p in OPENING_PREFIXES)
        .fill_null(False).alias("opening"),
    ).filter(pl.col("amount") != 0)


def _source_is(frame: pl.DataFrame, prefix: str) -> pl.Expr:
    if "source" not in frame.columns:
        return pl.lit(False)
    return pl.col("source").fill_null("").str.starts_with(prefix)

"""Net settlements: a payout less the provider's fee, proposed as receipt + fee entry.

The words that mark a payout and the largest fee taken as one are data
(``backoffice/data/bank_settlements.toml``). The proposal's *Match* names the
receipt and the fee entry to be (``JE-9 + BANK-5``), its *Rule* the fee and the
account (``net settlement: fee 7000.00 → 6108``); the fee entry is posted with the
bank rules' block once the bookkeeper confirms the line.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from functools import cache
from importlib import resources

import polars as pl

from backoffice import money

PREFIX = "net settlement: fee "


@cache
def settings() -> tuple[tuple[str, ...], Decimal]:
    """(keywords, largest fee as a fraction of the gross)."""
    text = resources.files("backoffice").joinpath("data/bank_settlements.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return tuple(k.upper() for k in data["keywords"]), Decimal(data["max_fee_percent"]) / 100


def propose(lines: pl.DataFrame, pool: pl.DataFrame, window: int, fee_account: str | None,
            currency: str) -> dict[int, tuple[list[str], str]]:
    """Line id -> ([receipt, fee entry], rule) for each payout line with a receipt it
    falls short of by a fee within the tolerance; each receipt used once."""
    if not fee_account or lines.height == 0 or pool.height == 0:
        return {}
    keywords, largest = settings()
    exp = money.exponent(currency)
    used: set[str] = set()
    out: dict[int, tuple[list[str], str]] = {}
    receipts = pool.filter(pl.col("amount") > 0)
    for line, day, amount, description in lines.filter(pl.col("amount") > 0).select(
            "id", "date", "amount", "description").iter_rows():
        text = f" {(description or '').upper()} "
        if not any(k in text for k in keywords):
            continue
        near = receipts.filter(
            ((pl.col("date") - day).dt.total_days().abs() <= window)
            & (pl.col("amount") > amount)
            & ((pl.col("amount") - amount) * 100 <= pl.col("amount") * int(largest * 100))
        ).with_columns((pl.col("date") - day).dt.total_days().abs().alias("gap")).sort(
            "gap", "pid")
        for pid, gross in near.select("pid", "amount").iter_rows():
            if pid in used:
                continue
            used.add(pid)
            fee = money.from_minor(gross - amount, exp)
            out[line] = ([pid, f"BANK-{line}"], f"{PREFIX}{fee} → {fee_account}")
            break
    return out

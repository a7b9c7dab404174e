"""The identity of a generated journal row, kept in its Source cell.

A row that backoffice generates (a year-end close, a month of payroll, a month of
stock moves) carries in *Source* its block, its place in the block, the block's
size and a digest of its content::

    payroll:2026-03#3/12:5d41402a

The block (``payroll:2026-03``) is what regenerating replaces; ``3/12`` lets
Check see a row deleted from or copied within the block; the digest (the first
8 hex digits of a SHA-256 over the row's date, entry, account, description,
amounts in minor units and currency) lets Check see a hand edit. Nothing is
kept anywhere else, so the identity travels with the row through copies, sorts
and the store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

#: ``block#index/count:digest``; a block has no ``#``.
_IDENTITY = re.compile(r"^(?P<block>[^#]+)#(?P<index>\d+)/(?P<count>\d+):(?P<digest>[0-9a-f]{8})$")


@dataclass(frozen=True, slots=True)
class Identity:
    """A generated row's identity: its block, 1-based index, the block's size, the digest."""

    block: str
    index: int
    count: int
    digest: str

    def __str__(self) -> str:
        return f"{self.block}#{self.index}/{self.count}:{self.digest}"


def parse(source: str | None) -> Identity | None:
    """The identity in a Source cell, or None when the cell holds none (a user's row)."""
    if not source or "#" not in source:
        return None
    match = _IDENTITY.match(source.strip())
    if match is None:
        return None
    return Identity(match["block"], int(match["index"]), int(match["count"]), match["digest"])


def is_generated(source: str | None) -> bool:
    """Whether the Source cell claims a generated row (it has a ``#``), well formed or not."""
    return bool(source) and "#" in str(source)


def block_of(source: str | None) -> str | None:
    """The block a Source cell names (its text before ``#``), or None for a user's row."""
    if not is_generated(source):
        return None
    return str(source).split("#", 1)[0].strip()


def digest(block: str, index: int, count: int, date: dt.date, entry: str, account: str,
           description: str | None, debit: int, credit: int, currency: str,
           rate: object = None) -> str:
    """The content digest of one generated row; amounts are minor units of ``currency``;
    ``rate`` as a Decimal or its text, or None."""
    text = "\x1f".join((block, str(index), str(count), date.isoformat(), entry, account,
                        (description or "").strip(), str(debit), str(credit), currency,
                        _canonical(rate)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def row_intact(row: dict[str, object]) -> bool:
    """Whether one Journal row (field -> value, amounts in minor units) still has the
    content its Source identity's digest was made from."""
    parsed = parse(row["source"])  # type: ignore[arg-type]
    if parsed is None or row["date"] is None:
        return False
    return digest(parsed.block, parsed.index, parsed.count, row["date"],  # type: ignore[arg-type]
                  row["entry"] or "", row["account"] or "",  # type: ignore[arg-type]
                  row["description"], row["debit"] or 0,  # type: ignore[arg-type]
                  row["credit"] or 0, row["currency"] or "",  # type: ignore[arg-type]
                  row.get("rate")) == parsed.digest


def _canonical(rate: object) -> str:
    """A rate as the same text whether it is the Decimal written or the cell read back."""
    if rate is None or rate == "":
        return ""
    return format(Decimal(str(rate)).normalize(), "f")


def block_column() -> pl.Expr:
    """Each Journal row's generated block (the Source text before ``#``), null for users' rows."""
    source = pl.col("source")
    return (pl.when(source.str.contains("#", literal=True))
            .then(source.str.split("#").list.first().str.strip_chars()))

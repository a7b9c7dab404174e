"""Matching statement lines to journal postings of the same account.

Rules, in order (each line and posting is used once; the rule is recorded):

1. ``reference``: a document or entry number in the bank's description (INV-2026-001)
   that a posting carries (its entry or a number in its description), same amount.
2. ``same day``: same amount, same date; identical pairs are paired in order.
3. ``date window``: same amount, the nearest posting within ``window`` days.
4. ``several postings``: one bank line is the sum of 2–:data:`MAX_PARTS` postings of
   the same sign within the window (a deposit of several receipts, a transfer paying
   several bills); at most :data:`MAX_CANDIDATES` nearest candidates and
   :data:`SEARCH_LIMIT` combinations are tried per line, and a line where the limit
   stopped the search is counted in ``limit_hit``.

Rules 1–3 are joins (polars), so 100,000 lines against 1,000,000 postings cost one
sort and a few joins; only what they leave goes to the combinatorial rule 4.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import polars as pl

MAX_PARTS = 4
MAX_CANDIDATES = 12
SEARCH_LIMIT = 2_000
_TOKEN = r"[A-Z0-9]+(?:[-/.][A-Z0-9]+)+"


@dataclass
class Matches:
    """Line id -> (posting ids, rule), and the lines where the search limit was hit."""

    found: dict[int, tuple[list[str], str]] = field(default_factory=dict)
    limit_hit: int = 0

    def add(self, pairs: pl.DataFrame, rule: str) -> None:
        for line, posting in pairs.select("id", "pid").iter_rows():
            self.found[line] = ([posting], rule)


def match(lines: pl.DataFrame, postings: pl.DataFrame, window: int = 3) -> Matches:
    """Match ``lines`` (id, date, amount, description) to ``postings`` (pid, date, amount,
    entry, description); amounts in minor units, money in positive on both sides."""
    result = Matches()
    lines = lines.select("id", "date", "amount", "description")
    postings = postings.select("pid", "date", "amount", "entry", "description")
    for rule, step in (("reference", _by_reference), ("same day", _same_day)):
        pairs = step(lines, postings)
        result.add(pairs, rule)
        lines = lines.filter(~pl.col("id").is_in(pairs["id"].implode()))
        postings = postings.filter(~pl.col("pid").is_in(pairs["pid"].implode()))
    for _ in range(3):  # rounds: a posting claimed by two lines goes to the nearer one
        pairs = _in_window(lines, postings, window)
        if pairs.height == 0:
            break
        result.add(pairs, "date window")
        lines = lines.filter(~pl.col("id").is_in(pairs["id"].implode()))
        postings = postings.filter(~pl.col("pid").is_in(pairs["pid"].implode()))
    _several(lines, postings, window, result)
    return result


def _unique_pairs(pairs: pl.DataFrame, order: list[str]) -> pl.DataFrame:
    """One posting per line and one line per posting, the best by ``order`` first."""
    return (pairs.sort(order).unique("id", keep="first", maintain_order=True)
            .unique("pid", keep="first", maintain_order=True).select("id", "pid"))


def _by_reference(lines: pl.DataFrame, postings: pl.DataFrame) -> pl.DataFrame:
    tokens = (lines.select("id", "amount", pl.col("description").str.to_uppercase()
                           .str.extract_all(_TOKEN).alias("token"))
              .explode("token").drop_nulls("token"))
    if tokens.height == 0:
        return pl.DataFrame(schema={"id": pl.Int64, "pid": pl.String})
    carried = pl.concat([
        postings.select("pid", "amount", pl.col("entry").str.to_uppercase().alias("token")),
        postings.select("pid", "amount", pl.col("description").fill_null("").str.to_uppercase()
                        .str.extract_all(_TOKEN).alias("token")).explode("token"),
    ]).drop_nulls("token").unique()
    pairs = tokens.join(carried, on=["token", "amount"]).select("id", "pid")
    return _unique_pairs(pairs.with_columns(pl.lit(0).alias("rank")), ["id", "pid"])


def _same_day(lines: pl.DataFrame, postings: pl.DataFrame) -> pl.DataFrame:
    """Pairs by date, amount and their order among equal ones (the n-th with the n-th)."""
    def ranked(frame: pl.DataFrame, key: str) -> pl.DataFrame:
        return frame.sort(key).with_columns(
            pl.int_range(pl.len()).over("date", "amount").alias("nth"))

    return ranked(lines, "id").join(ranked(postings, "pid"),
                                    on=["date", "amount", "nth"]).select("id", "pid")


def _in_window(lines: pl.DataFrame, postings: pl.DataFrame, window: int) -> pl.DataFrame:
    if lines.height == 0 or postings.height == 0:
        return pl.DataFrame(schema={"id": pl.Int64, "pid": pl.String})
    near = lines.sort("date").join_asof(
        postings.sort("date").select("pid", "amount", pl.col("date"),
                                     pl.col("date").alias("pdate")),
        on="date", by="amount", strategy="nearest",
        tolerance=f"{window}d", check_sortedness=False).drop_nulls("pid")
    near = near.with_columns((pl.col("pdate") - pl.col("date")).abs().alias("gap"))
    return _unique_pairs(near, ["gap", "id"])


def _several(lines: pl.DataFrame, postings: pl.DataFrame, window: int,
             result: Matches) -> None:
    """Rule 4: a line as the sum of several postings, searched within limits."""
    used: set[str] = set()
    pool = postings.sort("date")
    for line_id, day, amount, _ in lines.sort("id").iter_rows():
        span = pool.filter(((pl.col("date") - day).dt.total_days().abs() <= window)
                           & (pl.col("amount").sign() == (1 if amount > 0 else -1))
                           & (pl.col("amount").abs() < abs(amount)))
        candidates = [(p, a) for p, a in span.select("pid", "amount").iter_rows()
                      if p not in used][:MAX_CANDIDATES]
        tried, chosen = 0, None
        for size in range(2, min(MAX_PARTS, len(candidates)) + 1):
            for combo in combinations(candidates, size):
                tried += 1
                if sum(a for _, a in combo) == amount:
                    chosen = combo
                    break
                if tried >= SEARCH_LIMIT:
                    break
            if chosen or tried >= SEARCH_LIMIT:
                break
        if chosen:
            used.update(p for p, _ in chosen)
            result.found[line_id] = ([p for p, _ in chosen], "several postings")
        elif tried >= SEARCH_LIMIT:
            result.limit_hit += 1

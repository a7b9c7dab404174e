"""Matching statement lines to journal postings of the same account.

Rules, in order (each line and posting is used once; the rule is recorded):

1. ``reference``: a document or entry number in the bank's description (INV-2026-001)
   that a posting carries (its entry or a number in its description), same amount.
2. ``same day``: same amount, same date; identical pairs are paired in order.
3. ``date window``: same amount, the nearest posting within ``window`` days.
4. ``several postings``: one bank line is the sum of 2–:data:`MAX_PARTS` postings of
   the same sign within the window (a deposit of several receipts, a transfer paying
   several bills). Two parts are searched among every candidate; three or more among
   the :data:`MAX_CANDIDATES` nearest, at most :data:`SEARCH_LIMIT` combinations per
   line, and a line where the limit stopped the search is counted in ``limit_hit``.

Rules 1–3 are joins (polars), so 100,000 lines against 1,000,000 postings cost one
sort and a few joins; only what they leave goes to the combinatorial rule 4.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
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
    """Rule 4: a line as the sum of several postings of its sign within the window.

    Pairs are found by a two-sum over every candidate in the window (a hash of the
    amounts); three or more parts by trying combinations of the
    :data:`MAX_CANDIDATES` nearest, at most :data:`SEARCH_LIMIT` per line. The pool is
    what rules 1–3 left, searched by date with bisection."""
    if lines.height == 0 or postings.height == 0:
        return
    pool = postings.sort("date")
    days = pool["date"].cast(pl.Int32).to_list()
    amounts = pool["amount"].to_list()
    pids = pool["pid"].to_list()
    free = [True] * len(pids)
    for line_id, day, amount in lines.sort("id").select(
            "id", pl.col("date").cast(pl.Int32), "amount").iter_rows():
        lo, hi = bisect_left(days, day - window), bisect_right(days, day + window)
        span = [i for i in range(lo, hi) if free[i] and (amounts[i] > 0) == (amount > 0)
                and abs(amounts[i]) < abs(amount)]
        chosen = _two_sum(span, amounts, amount)
        tried = 0
        if chosen is None and len(span) > 2:
            nearest = sorted(span, key=lambda i: abs(days[i] - day))[:MAX_CANDIDATES]
            chosen, tried = _combination(nearest, amounts, amount)
        if chosen is not None:
            for i in chosen:
                free[i] = False
            result.found[line_id] = ([pids[i] for i in chosen], "several postings")
        elif tried >= SEARCH_LIMIT:
            result.limit_hit += 1


def _two_sum(span: list[int], amounts: list[int], target: int) -> list[int] | None:
    seen: dict[int, int] = {}
    for i in span:
        other = seen.get(target - amounts[i])
        if other is not None:
            return [other, i]
        seen.setdefault(amounts[i], i)
    return None


def _combination(nearest: list[int], amounts: list[int],
                 target: int) -> tuple[list[int] | None, int]:
    """Three or four of ``nearest`` summing to ``target``, met in the middle: the sums of
    every pair in a hash, then one part (or a pair) and a lookup. ``tried`` counts the
    lookups, capped at :data:`SEARCH_LIMIT`."""
    pairs: dict[int, list[tuple[int, int]]] = {}
    for a, b in combinations(sorted(nearest), 2):
        pairs.setdefault(amounts[a] + amounts[b], []).append((a, b))
    tried = 0
    for size in range(3, MAX_PARTS + 1):
        firsts = [(i,) for i in nearest] if size == 3 else list(combinations(sorted(nearest), 2))
        for first in firsts:
            tried += 1
            rest = target - sum(amounts[i] for i in first)
            for pair in pairs.get(rest, ()):
                if not set(pair) & set(first):
                    return sorted({*first, *pair}), tried
            if tried >= SEARCH_LIMIT:
                return None, tried
    return None, tried

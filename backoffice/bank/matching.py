"""Matching statement lines to journal postings of the same account.

Rules, in order (each line and posting is used once; the rule is recorded):

1. ``reference``: a document or entry number in the bank's description (INV-2026-001)
   that a posting carries (its entry or a number in its description), same amount.
2. ``same day``: same amount, same date; identical pairs are paired in order.
3. ``date window``: same amount, the nearest posting within ``window`` days.
4. ``several postings``: one bank line is the sum of 2–:data:`MAX_PARTS` postings of
   the same sign within the window (a deposit of several receipts, a transfer paying
   several bills). Two parts are searched among every candidate; three or four only
   among the :data:`MAX_CANDIDATES` nearest (the search limit): a line left unmatched
   while it had more candidates than that is counted in ``limit_hit`` and reported, so
   the bookkeeper knows to match it by hand.

Rules 1–3 are joins (polars), so 100,000 lines against 1,000,000 postings cost one
sort and a few joins; only what they leave goes to the combinatorial rule 4.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import polars as pl

MAX_PARTS = 4
MAX_CANDIDATES = 12
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
    lines = lines.select("id", "date", pl.col("amount").cast(pl.Int64), "description")
    postings = postings.select("pid", "date", pl.col("amount").cast(pl.Int64), "entry",
                               "description")
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

    The candidates (each line against each posting of its sign, smaller than it, within
    the window) come from one equality join over the window's days; pairs summing to a
    line from a second join on the amount still needed. Three or four parts are tried
    among the :data:`MAX_CANDIDATES` nearest candidates only (:func:`_combination`).
    Lines are served in order, each posting used once."""
    if lines.height == 0 or postings.height == 0:
        return
    pool = postings.select("pid", "date", "amount").with_row_index("pi")
    pids = pool["pid"].to_list()
    candidates = (
        lines.select("id", pl.col("amount").alias("total"), "date")
        .with_columns(pl.int_ranges(-window, window + 1, dtype=pl.Int32).alias("k"))
        .explode("k")
        .with_columns(pl.col("date") + pl.duration(days=pl.col("k")))
        .join(pool.select("pi", "date", "amount"), on="date")
        .filter((pl.col("amount").sign() == pl.col("total").sign())
                & (pl.col("amount").abs() < pl.col("total").abs()))
        .select("id", "total", "pi", "amount", pl.col("k").abs().alias("gap")))
    if candidates.height == 0:
        return
    pairs = (candidates.select("id", "pi", (pl.col("total") - pl.col("amount")).alias("need"))
             .join(candidates.select("id", pl.col("pi").alias("pi2"),
                                     pl.col("amount").alias("need")), on=["id", "need"])
             .filter(pl.col("pi") < pl.col("pi2"))
             .group_by("id").agg("pi", "pi2"))
    by_pairs = {line: list(zip(a, b, strict=True)) for line, a, b in pairs.iter_rows()}
    nearest = (candidates.group_by("id").agg(
        pl.col("pi").sort_by("gap", "pi").head(MAX_CANDIDATES),
        pl.col("amount").sort_by("gap", "pi").head(MAX_CANDIDATES),
        pl.col("total").first(), pl.len().alias("count")).filter(pl.col("pi").list.len() > 2))
    more = {line: (index, amounts, total, count)
            for line, index, amounts, total, count in nearest.iter_rows()}
    used: set[int] = set()
    for line in sorted(by_pairs.keys() | more.keys()):
        chosen = next(([a, b] for a, b in by_pairs.get(line, ())
                       if a not in used and b not in used), None)
        truncated = False
        if chosen is None and line in more:
            index, amounts, total, count = more[line]
            free = [i for i, pi in enumerate(index) if pi not in used]
            picked = _combination(free, amounts, total)
            chosen = [index[i] for i in picked] if picked else None
            truncated = count > MAX_CANDIDATES
        if chosen is not None:
            used.update(chosen)
            result.found[line] = ([pids[i] for i in sorted(chosen)], "several postings")
        elif truncated:  # three or four parts among the others were not searched
            result.limit_hit += 1


def _combination(nearest: list[int], amounts: list[int], target: int) -> list[int] | None:
    """Three or four of ``nearest`` (positions in ``amounts``) summing to ``target``, met
    in the middle: the sums of every pair in a hash, then one part (or a pair) and a
    lookup: at most n + n(n-1)/2 lookups for n candidates."""
    if len(nearest) < 3:
        return None
    pair_list = list(combinations(nearest, 2))
    sums: dict[int, list[tuple[int, int]]] = {}
    for a, b in pair_list:
        sums.setdefault(amounts[a] + amounts[b], []).append((a, b))
    for i in nearest:  # three parts
        for a, b in sums.get(target - amounts[i], ()):
            if i != a and i != b:
                return sorted((i, a, b))
    if MAX_PARTS >= 4:
        for a, b in pair_list:  # four parts
            for c, d in sums.get(target - amounts[a] - amounts[b], ()):
                if len({a, b, c, d}) == 4:
                    return sorted((a, b, c, d))
    return None

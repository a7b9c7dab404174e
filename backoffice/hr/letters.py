"""Warning letters (SP1, SP2, SP3): when each is in force and letters issued out of order.

A letter is in force from its date through *Valid until*, or for the validity the
company's Rules set, else the law's six months (PP 35/2021 Ps. 52(1)). While a letter
is in force the next one is expected one level up (SP3 stays SP3): an SP1 issued under a
live SP2, or an SP3 over a live SP1, is reported.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

LEVEL = {"SP1": 1, "SP2": 2, "SP3": 3}


def prepared(frame: pl.DataFrame, validity_months: int) -> pl.DataFrame:
    """The complete letters with ``rank`` (1-3) and ``until`` (the last day in force)."""
    if "valid_until" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.Date).alias("valid_until"))
    rows = frame.filter(pl.col("letter").is_not_null() & pl.col("employee").is_not_null()
                        & pl.col("level").is_not_null() & pl.col("date").is_not_null())
    default = pl.col("date").dt.offset_by(f"{validity_months}mo") - pl.duration(days=1)
    return rows.with_columns(
        pl.col("level").replace_strict(LEVEL, return_dtype=pl.Int64).alias("rank"),
        pl.coalesce("valid_until", default).alias("until"))


def in_force(rows: pl.DataFrame, day: dt.date) -> pl.DataFrame:
    """The letters in force on ``day``, by employee then level."""
    return rows.filter((pl.col("date") <= day) & (pl.col("until") >= day)).sort("employee", "rank")


def out_of_order(rows: pl.DataFrame) -> pl.DataFrame:
    """Letters issued while an earlier letter of the same employee was in force, at another
    level than the one expected after the highest letter then in force (``expected``), with
    that letter as ``other``."""
    earlier = rows.select("employee", pl.col("letter").alias("other"),
                          pl.col("level").alias("other_level"), pl.col("rank").alias("other_rank"),
                          pl.col("date").alias("other_date"), pl.col("until").alias("other_until"))
    pairs = (rows.join(earlier, on="employee")
             .filter((pl.col("other") != pl.col("letter"))
                     & (pl.col("other_date") <= pl.col("date"))
                     & (pl.col("other_until") >= pl.col("date"))
                     & ((pl.col("other_date") < pl.col("date")) | (pl.col("other") < pl.col("letter")))))
    top = pairs.sort("other_rank", "other_date").group_by("letter").last()
    top = top.with_columns(pl.min_horizontal(pl.col("other_rank") + 1, pl.lit(3)).alias("_expected"))
    return top.filter(pl.col("rank") != pl.col("_expected")).with_columns(
        ("SP" + pl.col("_expected").cast(pl.String)).alias("expected"))

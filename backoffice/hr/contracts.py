"""Employment contracts: the five-year PKWT limit, probation, overlaps, reminders and the
uang kompensasi owed when a PKWT term ends.

Every figure comes from :mod:`backoffice.hr.rules` (PP 35/2021, UU 13/2003 as amended
by UU 6/2023). The checks work on the whole Contracts frame at once, so ten thousand
contracts cost a few joins, not ten thousand Python loops.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import polars as pl

#: An open-ended contract (a PKWTT) ends on this day, for interval arithmetic.
FOREVER = dt.date(9999, 12, 31)
_MAX_CHAIN = 50  # extensions followed at most; a longer (or circular) chain stops here


def prepared(frame: pl.DataFrame, scale: int = 1) -> pl.DataFrame:
    """The complete rows of a Contracts frame with ``last`` (the day the contract really
    ends: Ended, else End, else :data:`FOREVER`) and ``root`` (the first contract of the
    chain of extensions it belongs to); the Monthly wage read in minor units is divided
    by ``scale`` into whole units."""
    for column, dtype in (("end", pl.Date), ("ended", pl.Date), ("extends", pl.String),
                          ("probation_end", pl.Date), ("wage", pl.Int64)):
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype).alias(column))
    rows = frame.filter(pl.col("contract").is_not_null() & pl.col("employee").is_not_null()
                        & pl.col("type").is_not_null() & pl.col("start").is_not_null())
    rows = rows.with_columns(
        pl.coalesce("ended", "end", pl.lit(FOREVER)).alias("last"),
        # An extension counts only when it names a PKWT of the same employee.
        pl.col("extends").alias("parent"), pl.col("wage") // scale)
    pkwt = rows.filter(pl.col("type") == "pkwt").select(
        pl.col("contract").alias("parent"), pl.col("employee").alias("_parent_employee"))
    rows = (rows.join(pkwt, on="parent", how="left")
            .with_columns(pl.when(pl.col("_parent_employee") == pl.col("employee"))
                          .then("parent").alias("parent"))
            .drop("_parent_employee"))
    links = rows.select("contract", pl.col("parent").alias("_next"))
    rows = rows.with_columns(pl.col("contract").alias("root"), pl.col("parent").alias("_next"))
    for _ in range(_MAX_CHAIN):  # climb one link per round, all chains at once
        if rows.get_column("_next").null_count() == rows.height:
            break
        rows = (rows.with_columns(pl.coalesce("_next", "root").alias("root"))
                .drop("_next")
                .join(links.rename({"contract": "root"}), on="root", how="left"))
    return rows.drop("_next")


def over_limit(rows: pl.DataFrame, max_months: int) -> pl.DataFrame:
    """The PKWT chains (a term with its extensions) whose agreed span is longer than
    ``max_months``: one row per chain, at its latest contract, with the span."""
    pkwt = rows.filter((pl.col("type") == "pkwt") & pl.col("end").is_not_null())
    chains = (pkwt.sort("start").group_by("root")
              .agg(pl.col("start").min().alias("chain_start"), pl.col("end").max().alias("chain_end"),
                   pl.col("contract").last(), pl.col("_row").last()))
    limit = pl.col("chain_start").dt.offset_by(f"{max_months}mo")
    return chains.filter(pl.col("chain_end") >= limit).with_columns(
        _months_between(pl.col("chain_start"), pl.col("chain_end")).alias("months"))


def _months_between(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Whole months from ``start`` through ``end`` (the day after ``end`` reached)."""
    after = end + pl.duration(days=1)
    months = (after.dt.year() - start.dt.year()) * 12 + after.dt.month() - start.dt.month()
    return months - (after.dt.day() < start.dt.day()).cast(pl.Int32)


def overlaps(rows: pl.DataFrame) -> pl.DataFrame:
    """Contracts that start on or before the last day of an earlier contract of the same
    employee, with that earlier contract as ``other`` (its ``other_start``/``other_last``)."""
    ordered = rows.sort("employee", "start", "contract").with_columns(
        pl.col("last").cum_max().shift(1).over("employee").alias("_reach"))
    previous = ordered.with_columns(
        pl.col("contract").shift(1).over("employee").alias("other"),
        pl.col("start").shift(1).over("employee").alias("other_start"),
        pl.col("last").shift(1).over("employee").alias("other_last"))
    return previous.filter(pl.col("start") <= pl.col("_reach"))


def ending_between(rows: pl.DataFrame, first: dt.date, last: dt.date) -> pl.DataFrame:
    """Contracts whose last day falls from ``first`` through ``last``, soonest first."""
    return rows.filter(pl.col("last").is_between(first, last)).sort("last", "employee")


# -- uang kompensasi ------------------------------------------------------------------------

def service_months(start: dt.date, last: dt.date) -> Fraction:
    """Months of service from ``start`` through ``last``: whole months, then the days left
    over as a share of the month they fall in (18 months from 1 Jan 2025 through 30 Jun 2026
    are exactly 18)."""
    after = last + dt.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if after.day < start.day:
        months -= 1
    anchor = add_months(start, months)
    days_in = calendar.monthrange(anchor.year, anchor.month)[1]
    return months + Fraction((after - anchor).days, days_in)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` calendar months on (the 31st becomes the month's last day)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def compensation(wage: int | Decimal, months: Fraction, law: dict[str, Decimal]) -> Decimal:
    """The uang kompensasi for ``months`` of PKWT service on a monthly ``wage`` (basic plus
    fixed allowances): months/12 of a month's wage (PP 35/2021 Ps. 16(1)), nothing below
    one month (Ps. 15(3)); rounded half up to whole rupiah."""
    if months < Fraction(law["compensation_min_months"]):
        return Decimal(0)
    share = Fraction(Decimal(wage)) * months / Fraction(law["compensation_full_months"])
    return (Decimal(share.numerator) / Decimal(share.denominator)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Compensation:
    """The uang kompensasi owed when one PKWT term ends."""

    employee: str
    contract: str
    start: dt.date
    last: dt.date
    months: Fraction
    wage: int
    amount: Decimal


def compensation_due(rows: pl.DataFrame, wages: pl.DataFrame, first: dt.date, last: dt.date,
                     law: dict[str, Decimal]) -> list[Compensation]:
    """The uang kompensasi of each PKWT term whose last day falls from ``first`` through
    ``last``: at its end, before an extension and on early termination alike (PP 35/2021
    Ps. 15(4), 17). The wage is the contract's, else the Employees row in force on the
    last day; a foreign worker is owed none (Ps. 15(5))."""
    due = rows.filter((pl.col("type") == "pkwt") & pl.col("last").is_between(first, last)
                      & (pl.col("last") < FOREVER)).sort("last")
    if due.height == 0:
        return []
    # Both sides are sorted by day; within each employee that order holds too.
    due = due.join_asof(wages.rename({"from": "last"}).sort("last"), on="last", by="employee",
                        strategy="backward", check_sortedness=False)
    out = []
    for rec in due.iter_rows(named=True):
        if rec["foreign"] and not law["compensation_foreign"]:
            continue
        wage = rec["wage_right"] if rec.get("wage") is None else rec["wage"]
        months = service_months(rec["start"], rec["last"])
        amount = compensation(wage or 0, months, law)
        if amount:
            out.append(Compensation(rec["employee"], rec["contract"], rec["start"], rec["last"],
                                    months, int(wage or 0), amount))
    return out

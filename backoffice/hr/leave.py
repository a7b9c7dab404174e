"""Leave: the days each request takes, annual leave balances, and what reaches the payroll.

Day-counted leave (annual, the family events of UU 13/2003 Ps. 93(4), the husband's
leave, unpaid) is counted in working days: Monday to Friday minus the national holidays
and joint leave days of :mod:`backoffice.holidays`. Maternity and miscarriage leave run
in calendar time. Annual leave (UU 13/2003 Ps. 79(3) as amended by UU 6/2023): the
right arises after 12 months of continuous service; from the year it arises each
calendar year brings the full entitlement (the law's 12 working days, or the company's
more), the joint leave days of the year on or after that day are charged to it, and the
company may let unused days carry over into the next year until they expire.

Everything is computed for all employees at once with polars expressions.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl

from backoffice import holidays

#: Kinds counted in working days; the others run in calendar days.
WORKING_DAY_KINDS = ("annual", "paternity", "marriage", "child_event", "bereavement",
                     "household_bereavement", "unpaid", "sick")
#: Kind -> the legal limits that cap its length (days), summed.
DAY_LIMITS = {"paternity": ("paternity_days", "paternity_extra_days"),
              "marriage": ("marriage_days",), "child_event": ("child_event_days",),
              "bereavement": ("bereavement_days",),
              "household_bereavement": ("household_bereavement_days",),
              "miscarriage": ("miscarriage_days",)}
#: Kind -> the legal limit of its length in months.
MONTH_LIMITS = {"maternity": "maternity_months", "maternity_extra": "maternity_extra_months"}

_REQUEST_SCHEMA = {"request": pl.String, "employee": pl.String, "kind": pl.String,
                   "start": pl.Date, "end": pl.Date, "_row": pl.Int64}


def off_days(first_year: int, last_year: int) -> list[dt.date]:
    """Every decreed day off (holidays and joint leave) of the years, sorted."""
    return sorted(d for year in range(first_year, last_year + 1) for d in holidays.holidays(year))


def joint_days(first_year: int, last_year: int) -> pl.DataFrame:
    """The joint leave days of the years that fall on weekdays, as a frame (``day``)."""
    days = [d for year in range(first_year, last_year + 1)
            for d in holidays.joint_leave(year) if d.weekday() not in holidays.WEEKEND]
    return pl.DataFrame({"day": sorted(days)}, schema={"day": pl.Date})


def requests(frame: pl.DataFrame) -> pl.DataFrame:
    """The complete rows of a Leave frame (end not before start), with ``days``: working
    days for day-counted kinds, calendar days for the others."""
    rows = frame.select([c for c in _REQUEST_SCHEMA if c in frame.columns]).drop_nulls()
    rows = rows.filter(pl.col("end") >= pl.col("start"))
    if rows.height == 0:
        return rows.with_columns(pl.lit(0, pl.Int64).alias("days"))
    years = rows.select(pl.col("start").dt.year().min().alias("a"),
                        pl.col("end").dt.year().max().alias("b")).row(0)
    working = pl.business_day_count("start", pl.col("end") + pl.duration(days=1),
                                    holidays=off_days(*years))
    calendar_days = (pl.col("end") - pl.col("start")).dt.total_days() + 1
    return rows.with_columns(pl.when(pl.col("kind").is_in(WORKING_DAY_KINDS)).then(working)
                             .otherwise(calendar_days).cast(pl.Int64).alias("days"))


def entitlement_dates(spans: pl.DataFrame, service_months: int) -> pl.DataFrame:
    """Employee -> ``entitled`` (the day the right to annual leave arises: ``service_months``
    after joining) with ``joined`` and ``last_day``."""
    return spans.with_columns(
        pl.col("joined").dt.offset_by(f"{service_months}mo").alias("entitled"))


def annual_usage(reqs: pl.DataFrame, spans: pl.DataFrame, service_months: int) -> pl.DataFrame:
    """Every charge to annual leave, in date order per employee: the Annual leave requests
    and each joint leave day on or after the employee's entitlement day, within employment,
    that no request of the employee already covers. Columns: employee, year, day (the
    charge's date), days, request (null for a joint leave day), _row."""
    annual = reqs.filter(pl.col("kind") == "annual").select(
        "employee", pl.col("start").alias("day"), "days", "request", "_row")
    dates = entitlement_dates(spans, service_months)
    if reqs.height:
        first, last = reqs.select(pl.col("start").dt.year().min(), pl.col("end").dt.year().max()).row(0)
    else:
        first = last = dt.date.today().year
    joint = joint_days(first, last)
    charged = (dates.join(joint, how="cross")
               .filter((pl.col("day") >= pl.col("entitled"))
                       & (pl.col("last_day").is_null() | (pl.col("day") <= pl.col("last_day")))))
    # A joint leave day inside a request of the employee is that request's day, not a charge.
    covered = (charged.select("employee", "day")
               .join(reqs.select("employee", "start", "end"), on="employee")
               .filter(pl.col("day").is_between(pl.col("start"), pl.col("end")))
               .select("employee", "day").unique())
    charged = charged.join(covered, on=["employee", "day"], how="anti").select(
        "employee", "day", pl.lit(1, pl.Int64).alias("days"), pl.lit(None, pl.String).alias("request"),
        pl.lit(None, pl.Int64).alias("_row"))
    usage = pl.concat([annual.cast(charged.schema), charged])
    return usage.with_columns(pl.col("day").dt.year().alias("year")).sort("employee", "day")


def balances(reqs: pl.DataFrame, spans: pl.DataFrame, policy: dict[str, Decimal],
             years: range) -> pl.DataFrame:
    """Annual leave per employee and year: ``entitlement``, ``carried`` (from the year
    before, capped by the company's carry-over), ``lapsed`` (carried days not used by the
    carry-over's expiry), ``joint`` (joint leave days charged), ``taken`` (requests) and
    ``balance``. Also each charge's running ``available`` for the over-balance check."""
    months = int(policy["annual_leave_service_months"])
    per_year = int(policy["annual_leave_days"])
    carry_cap = int(policy["leave_carry_over_days"])
    carry_months = int(policy["leave_carry_over_months"])
    usage = annual_usage(reqs, spans, months)
    dates = entitlement_dates(spans, months)
    out = []
    carried = dates.select("employee", pl.lit(0, pl.Int64).alias("carried"))
    for year in years:  # years depend on the year before; employees are done all at once
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        expiry = dt.date(year, 1, 1) if carry_months == 0 else _month_add(start, carry_months)
        used = (usage.filter(pl.col("year") == year).group_by("employee")
                .agg(pl.col("days").filter(pl.col("request").is_null()).sum().alias("joint"),
                     pl.col("days").filter(pl.col("request").is_not_null()).sum().alias("taken"),
                     pl.col("days").filter(pl.col("day") < expiry).sum().alias("_before")))
        table = (dates.filter((pl.col("entitled") <= end)
                              & (pl.col("last_day").is_null() | (pl.col("last_day") >= start)))
                 .join(carried, on="employee", how="left").join(used, on="employee", how="left")
                 .with_columns(pl.lit(year).alias("year"), pl.lit(per_year, pl.Int64).alias("entitlement"),
                               pl.col("carried", "joint", "taken", "_before").fill_null(0)))
        table = table.with_columns(
            (pl.col("carried") - pl.min_horizontal("carried", "_before")).alias("lapsed"))
        table = table.with_columns((pl.col("entitlement") + pl.col("carried") - pl.col("lapsed")
                                    - pl.col("joint") - pl.col("taken")).alias("balance"))
        out.append(table.select("employee", "year", "entitled", "entitlement", "carried", "lapsed",
                                "joint", "taken", "balance"))
        carried = table.select("employee", pl.min_horizontal(
            pl.col("balance").clip(lower_bound=0), pl.lit(carry_cap if carry_months else 0))
            .cast(pl.Int64).alias("carried"))
    schema = {"employee": pl.String, "year": pl.Int32, "entitled": pl.Date, "entitlement": pl.Int64,
              "carried": pl.Int64, "lapsed": pl.Int64, "joint": pl.Int64, "taken": pl.Int64,
              "balance": pl.Int64}
    if not out:
        return pl.DataFrame(schema=schema)
    return pl.concat([t.cast(schema) for t in out]).sort("employee", "year")


def over_balance(reqs: pl.DataFrame, spans: pl.DataFrame, table: pl.DataFrame,
                 policy: dict[str, Decimal]) -> pl.DataFrame:
    """Annual leave requests that take the year's running total past what the employee
    had (entitlement plus carried days, less those lapsed; the year's joint leave days
    counted first), with ``balance`` left before the request; and requests made before
    the right arose (``early``)."""
    months = int(policy["annual_leave_service_months"])
    usage = annual_usage(reqs, spans, months)
    available = table.select("employee", "year", (pl.col("entitlement") + pl.col("carried")
                                                  - pl.col("lapsed")).alias("available"))
    # The year's joint leave days are reserved first: approving leave in June must leave
    # room for December's joint day, or the year would end below zero with no request to
    # blame.
    usage = (usage.sort("employee", "year", pl.col("request").is_not_null(), "day")
             .join(available, on=["employee", "year"], how="left", maintain_order="left")
             .with_columns(pl.col("available").fill_null(0))
             .with_columns(pl.col("days").cum_sum().over("employee", "year").alias("_used")))
    dates = entitlement_dates(spans, months).select("employee", "entitled")
    flagged = (usage.filter(pl.col("request").is_not_null())
               .join(dates, on="employee", how="inner")  # unknown employees: Check says so
               .with_columns((pl.col("day") < pl.col("entitled")).fill_null(False).alias("early"),
                             (pl.col("available") - pl.col("_used") + pl.col("days")).alias("balance")))
    return flagged.filter(pl.col("early") | (pl.col("_used") > pl.col("available")))


def overlapping(reqs: pl.DataFrame) -> pl.DataFrame:
    """Requests that start on or before the last day of an earlier request of the same
    employee, with the earlier one as ``other``."""
    ordered = reqs.sort("employee", "start", "request").with_columns(
        pl.col("end").cum_max().shift(1).over("employee").alias("_reach"),
        pl.col("request").shift(1).over("employee").alias("other"),
        pl.col("start").shift(1).over("employee").alias("other_start"),
        pl.col("end").shift(1).over("employee").alias("other_end"))
    return ordered.filter(pl.col("start") <= pl.col("_reach"))


def outside_employment(reqs: pl.DataFrame, spans: pl.DataFrame) -> pl.DataFrame:
    """Requests with a day before the employee joined or after the last day employed."""
    joined = reqs.join(spans, on="employee", how="inner")
    return joined.filter((pl.col("start") < pl.col("joined"))
                         | (pl.col("last_day").is_not_null() & (pl.col("end") > pl.col("last_day"))))


def too_long(reqs: pl.DataFrame, law: dict[str, Decimal]) -> pl.DataFrame:
    """Requests longer than their kind's legal length (family events in working days,
    miscarriage in calendar days, maternity in months), with ``limit`` in ``unit``."""
    limits = {kind: sum(int(law[k]) for k in keys) for kind, keys in DAY_LIMITS.items()}
    by_days = reqs.filter(pl.col("kind").is_in(list(limits))).with_columns(
        pl.col("kind").replace_strict(limits, return_dtype=pl.Int64).alias("limit"))
    by_days = by_days.filter(pl.col("days") > pl.col("limit")).with_columns(
        pl.lit("days").alias("unit"))
    parts = [by_days]
    for kind, key in MONTH_LIMITS.items():
        months = int(law[key])
        rows = reqs.filter((pl.col("kind") == kind)
                           & (pl.col("end") >= pl.col("start").dt.offset_by(f"{months}mo")))
        parts.append(rows.with_columns(pl.lit(months, pl.Int64).alias("limit"),
                                       pl.lit("months").alias("unit")))
    return pl.concat(parts)


def _month_add(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    return day.replace(year=day.year + year, month=month + 1)

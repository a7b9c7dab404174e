"""What the people's records propose to a month's payroll, as Pay items rows.

* The uang kompensasi of each PKWT term ending in the month (PP 35/2021 Ps. 15-17).
* Unpaid leave: no work, no pay (UU 13/2003 Ps. 93(1); PP 36/2021 Ps. 40(1)): the month's
  wage (basic plus fixed allowances) times the unpaid working days over the month's
  working days, as a negative Salary.
* Maternity leave's fifth and sixth months at 75% of pay (UU 4/2024 Ps. 5(2)c): a quarter
  of the wage for each calendar day of leave in those months, over the days of the month,
  as a negative Salary.

They are proposals: the clerk copies the rows she accepts into Pay items. Amounts are
whole rupiah, rounded half up.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import polars as pl

from backoffice import holidays
from backoffice.hr import contracts


@dataclass(frozen=True)
class Proposal:
    """One proposed Pay items row."""

    date: dt.date
    employee: str
    item: str
    amount: Decimal
    description_en: str
    description_id: str

    def description(self, lang: str) -> str:
        return self.description_id if lang == "id" else self.description_en


def _whole(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP)


def _wage_on(wages: pl.DataFrame, employee: str, day: dt.date) -> int:
    rows = wages.filter((pl.col("employee") == employee) & (pl.col("from") <= day))
    return int(rows.get_column("wage")[-1]) if rows.height else 0


def compensation_items(rows: pl.DataFrame, wages: pl.DataFrame, year: int, month: int,
                       law: dict[str, Decimal]) -> list[Proposal]:
    """The uang kompensasi of the PKWT terms whose last day falls in the month."""
    first = dt.date(year, month, 1)
    last = first.replace(day=calendar.monthrange(year, month)[1])
    out = []
    for due in contracts.compensation_due(rows, wages, first, last, law):
        months = f"{float(due.months):.2f}".rstrip("0").rstrip(".")
        out.append(Proposal(
            due.last, due.employee, "bonus", due.amount,
            f"Uang kompensasi, contract {due.contract}: {months} months' service "
            f"{due.start} – {due.last} (PP 35/2021 Ps. 16)",
            f"Uang kompensasi, kontrak {due.contract}: masa kerja {months.replace('.', ',')} bulan "
            f"{due.start} – {due.last} (PP 35/2021 Ps. 16)"))
    return out


def leave_items(reqs: pl.DataFrame, wages: pl.DataFrame, year: int, month: int,
                law: dict[str, Decimal]) -> list[Proposal]:
    """Unpaid leave and maternity leave at reduced pay falling in the month."""
    first = dt.date(year, month, 1)
    last = first.replace(day=calendar.monthrange(year, month)[1])
    out = []
    in_month = reqs.filter((pl.col("start") <= last) & (pl.col("end") >= first))
    month_days = holidays.working_days(first, last)
    for rec in in_month.filter(pl.col("kind") == "unpaid").sort("employee", "start") \
            .iter_rows(named=True):
        days = holidays.working_days(max(rec["start"], first), min(rec["end"], last))
        wage = _wage_on(wages, rec["employee"], last)
        if days and month_days and wage:
            amount = _whole(Fraction(wage * days, month_days))
            out.append(Proposal(last, rec["employee"], "salary", -amount,
                                f"Unpaid leave {rec['request']}: {days} of {month_days} "
                                "working days (PP 36/2021 Ps. 40(1))",
                                f"Cuti di luar tanggungan {rec['request']}: {days} dari "
                                f"{month_days} hari kerja (PP 36/2021 Ps. 40(1))"))
    out.extend(_maternity(reqs, wages, first, last, law))
    return out


def _maternity(reqs: pl.DataFrame, wages: pl.DataFrame, first: dt.date, last: dt.date,
               law: dict[str, Decimal]) -> list[Proposal]:
    if "maternity_reduced_pay_percent" not in law:
        return []
    full = int(law["maternity_full_pay_months"])
    percent = Fraction(law["maternity_reduced_pay_percent"]) / 100
    starts = (reqs.filter(pl.col("kind") == "maternity").group_by("employee")
              .agg(pl.col("start").max().alias("since")))
    leave = (reqs.filter(pl.col("kind").is_in(["maternity", "maternity_extra"])
                         & (pl.col("start") <= last) & (pl.col("end") >= first))
             .join(starts, on="employee"))
    out = []
    days_in = (last - first).days + 1
    for rec in leave.sort("employee", "start").iter_rows(named=True):
        reduced_from = contracts.add_months(rec["since"], full)
        begin, end = max(rec["start"], first, reduced_from), min(rec["end"], last)
        if end < begin:
            continue
        days = (end - begin).days + 1
        wage = _wage_on(wages, rec["employee"], last)
        amount = _whole(wage * (1 - percent) * Fraction(days, days_in))
        if amount:
            share = int(percent * 100)
            out.append(Proposal(last, rec["employee"], "salary", -amount,
                                f"Maternity leave {rec['request']} at {share}% of pay: {days} "
                                f"of {days_in} days (UU 4/2024 Ps. 5(2))",
                                f"Cuti melahirkan {rec['request']} dibayar {share}%: {days} "
                                f"dari {days_in} hari (UU 4/2024 Ps. 5(2))"))
    return out

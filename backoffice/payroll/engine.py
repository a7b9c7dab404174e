"""A year of payroll, month by month, on already-read records.

For each employee the year is walked from January: a finalized month is taken
from the store as it was (never recomputed), any other month is computed from
the records in force, and each month sees the year-to-date of the months
before it (plus the opening figures), which the last period needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from backoffice.errors import UnusableInput
from backoffice.kmk_rates import TaxRate
from backoffice.payroll import generic, indonesia
from backoffice.payroll.inputs import PayrollData, month_end
from backoffice.payroll.model import Master, MonthInput, MonthResult, YearToDate
from backoffice.payroll.rounding import rupiah
from backoffice.payroll.rules import RulePack


def in_force(rows: list[Master], day: dt.date) -> Master | None:
    """The master row with the latest start on or before ``day``."""
    found = None
    for row in rows:
        if row.start <= day:
            found = row
    return found


def _employment(rows: list[Master]) -> tuple[dt.date, dt.date | None]:
    joined = next((r.joined for r in rows if r.joined), None) or rows[0].start
    return joined, rows[-1].left


def run_year(data: PayrollData, pack: RulePack, year: int, last_month: int = 12
             ) -> list[MonthResult]:
    """Every employee's months of ``year`` up to ``last_month``, in period then employee order."""
    results: list[MonthResult] = []
    months = []
    known: dict[int, object] = {}
    for month in range(1, last_month + 1):
        start = dt.date(year, month, 1)
        end = month_end(start)
        known[month] = _resolve(pack, data, end, known) if pack.covers(start) else None
        months.append((month, f"{year}-{month:02d}", start, end, known[month]))
    indonesian = pack.name == "id"
    for employee in sorted(data.masters):
        rows = data.masters[employee]
        joined, left = _employment(rows)
        ytd = YearToDate(**vars(data.opening.get((employee, year), YearToDate())))
        # The PTKP status and the DTP test use the row in force when the year (or the work)
        # starts (PMK 168/2023 Ps. 9(4); PMK 10/2025 Ps. 4(2)b: the fixed regular pay of
        # January, or of the first month worked).
        at_start = in_force(rows, max(dt.date(year, 1, 1), rows[0].start)) or rows[0]
        for month, period, start, end, rules in months:
            stored_month = data.stored.get(period)
            if stored_month is not None:
                stored = stored_month.get(employee)
                if stored is not None:
                    results.append(stored)
                    ytd.add(stored)
                continue
            if joined > end or (left is not None and left < start):
                continue
            master = in_force(rows, end)
            if master is None:
                continue
            key = (employee, period)
            # Non-permanent workers paid monthly: TER every month, no last period
            # (PMK 168/2023 Ps. 12(2)c, 16(2)c).
            is_last = master.type != "monthly" and (
                month == 12 or (left is not None and left <= end))
            master, items, conversion = _in_base(data, employee, master, year, month,
                                                 data.items.get(key, _NONE))
            dtp = (master.dtp and rules is not None and rules.dtp_max is not None  # type: ignore[attr-defined]
                   and _start_wage(data, employee, at_start, year) <= rules.dtp_max)  # type: ignore[attr-defined]
            input_ = MonthInput(period, master, at_start.ptkp, items,
                                tuple(data.thr_auto.get(key, ())),
                                tuple(data.overtime.get(key, ())), is_last, dtp)
            if indonesian:
                result = indonesia.compute_month(rules, input_, ytd)  # type: ignore[arg-type]
            else:
                result = generic.compute_month(pack, end, input_)
            if conversion is not None:
                currency, original, rate = conversion
                result.currency, result.pay_in_currency = currency, original
                result.tax_rate, result.tax_rate_kmk = rate.rate, rate.kmk
            results.append(result)
            ytd.add(result)
    # A finalized month stays in the year whatever became of its employee's row: it is
    # what was paid and filed (Check refuses a code that vanishes while its year is open).
    for _month, period, *_rest in months:
        for employee, stored in data.stored.get(period, {}).items():
            if employee not in data.masters:
                results.append(stored)
    results.sort(key=lambda r: (r.period, r.employee))
    return results


_NONE: dict[str, int] = {}

#: Pay item kinds that are pay (shown as the pay in a foreign currency), not deductions.
_EARNINGS = ("salary", "allowance", "overtime", "bonus", "thr", "commission")


class TaxRateNotFound(UnusableInput):
    """Pay in a foreign currency on a pay day the book's Tax exchange rates do not cover."""

    code = "payroll-tax-rate-not-found"


def _rate(data: PayrollData, employee: str, currency: str, year: int, month: int) -> TaxRate:
    day = data.pay_date(year, month)
    found = data.kmk.on(currency, day)
    if found is None:
        raise TaxRateNotFound(employee=employee, currency=currency, date=day.isoformat(),
                              period=f"{year}-{month:02d}")
    return found


def _in_base(data: PayrollData, employee: str, master: Master, year: int, month: int,
             items: Mapping[str, int]
             ) -> tuple[Master, Mapping[str, int], tuple[str, Decimal, TaxRate] | None]:
    """The month's master row and Pay items in the base currency, and the conversion: the
    employee's currency, its pay in that currency, the rate. Foreign amounts are converted
    at the Minister of Finance's rate of the month's pay day (PMK 168/2023 Ps. 5(4),
    Lampiran B I.3), each rounded down to the whole rupiah."""
    foreign = data.foreign_items.get((employee, f"{year}-{month:02d}"), {})
    currency = master.currency or next(iter(foreign), "")
    if not currency:
        return master, items, None
    rate = _rate(data, employee, currency, year, month)
    converted = dict(items)
    original = sum(master.original, Decimal(0)) if master.original else Decimal(0)
    for other, kinds in foreign.items():
        other_rate = rate if other == currency else _rate(data, employee, other, year, month)
        for kind, amount in kinds.items():
            converted[kind] = converted.get(kind, 0) + rupiah(amount * other_rate.rate)
            if other == currency and kind in _EARNINGS:
                original += amount
    return master.in_base(rate.rate), converted, (currency, original, rate)


def _start_wage(data: PayrollData, employee: str, at_start: Master, year: int) -> int:
    """Basic + fixed allowances of the row in force when the year (or the work) starts, in
    the base currency (at the rate of that month's pay day): the DTP test's pay."""
    if at_start.currency:
        month = max(dt.date(year, 1, 1), at_start.start).month
        at_start = at_start.in_base(_rate(data, employee, at_start.currency, year, month).rate)
    return at_start.basic + at_start.fixed


def _resolve(pack: RulePack, data: PayrollData, end: dt.date,
             known: dict[int, object]) -> object:
    """The month's rules; the same object as an earlier month's when nothing changed, so
    that what is computed once per master row and rules (BPJS) is reused."""
    if pack.name != "id":
        return None
    rules = indonesia.resolve(pack, data.overrides_on(end), end, data.klu)
    for earlier in known.values():
        if earlier is not None and vars(earlier) == vars(rules):
            return earlier
    return rules


"""From the payroll book's checked sheets to the engine's records.

Everything the engine needs is gathered here once, keyed by employee and
month, so the engine itself never looks at a sheet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from backoffice import money, months
from backoffice.kmk_rates import TaxRates
from backoffice.payroll.model import (
    Master,
    MonthResult,
    Overtime,
    YearToDate,
    last_day_employed,
)
from backoffice.schema import BookData


@dataclass
class PayrollData:
    """The payroll book, read: master rows, pay items, overtime, openings, overrides, store."""

    masters: dict[str, list[Master]] = field(default_factory=dict)
    items: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    thr_auto: dict[tuple[str, str], list[dt.date]] = field(default_factory=dict)
    overtime: dict[tuple[str, str], list[Overtime]] = field(default_factory=dict)
    opening: dict[tuple[str, int], YearToDate] = field(default_factory=dict)
    overrides: list[tuple[dt.date, str, Decimal]] = field(default_factory=list)
    stored: dict[str, dict[str, MonthResult]] = field(default_factory=dict)
    departments: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    klu: str | None = None  # the company's business classification (Settings), for DTP
    #: (employee, "YYYY-MM") -> currency -> kind -> amount: Pay items in a foreign currency
    foreign_items: dict[tuple[str, str], dict[str, dict[str, Decimal]]] = \
        field(default_factory=dict)
    kmk: TaxRates = field(default_factory=TaxRates)  # the book's Tax exchange rates
    pay_day: int | None = None  # Settings: the day of the month salaries are paid

    def pay_date(self, year: int, month: int) -> dt.date:
        """The month's pay day (Settings), or its last day; a foreign currency's rate day."""
        end = months.month_end(year, month)
        return end if self.pay_day is None else end.replace(day=min(self.pay_day, end.day))

    def overrides_on(self, day: dt.date) -> dict[str, Decimal]:
        """The company's rule values in force on ``day`` (the latest From of each rule)."""
        values: dict[str, Decimal] = {}
        for start, rule, value in sorted(self.overrides):
            if start <= day:
                values[rule] = value
        return values

    def periods_with_data(self, year: int) -> list[str]:
        """The months of ``year`` in which someone is employed or something is recorded."""
        months = set()
        for rows in self.masters.values():
            joined = rows[0].joined or rows[0].start
            left = next((r.left for r in reversed(rows) if r.left), None)
            for month in range(1, 13):
                start = dt.date(year, month, 1)
                if joined <= month_end(start) and (left is None or left >= start):
                    months.add(f"{year}-{month:02d}")
        prefix = f"{year}-"
        months |= {p for _e, p in self.items if p.startswith(prefix)}
        months |= {p for p in self.stored if p.startswith(prefix)}
        return sorted(months)


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return months.month_end(day.year, day.month)


#: Amounts are read in minor units of the base currency; payroll counts whole units.
_SCALE = {"scale": 100}


def _int(value: object) -> int:
    if value is None:
        return 0
    return int(value) // _SCALE["scale"]  # type: ignore[call-overload]


def _foreign(rec: dict[str, object], base: str) -> str:
    """The row's currency when it is not the base currency, else ""."""
    currency = rec.get("currency")
    return "" if not currency or currency == base else str(currency)


def _exact(minor: object, currency: str) -> Decimal:
    """An amount read in minor units of ``currency``, as the exact Decimal typed."""
    if minor is None:
        return Decimal(0)
    exp = money.exponent(currency) if money.is_currency(currency) else 2
    return money.from_minor(int(minor), exp)  # type: ignore[call-overload]


def read_payroll(book: BookData) -> PayrollData:
    """The payroll records of a checked book (rows with errors are expected to be fixed first)."""
    data = PayrollData()
    _SCALE["scale"] = 10 ** money.exponent_or_two(book.settings.get("base_currency") or "IDR")
    data.klu = str(book.settings.get("klu") or "").strip() or None
    base = book.settings.get("base_currency") or "IDR"
    data.kmk = TaxRates.of_book(book)
    data.pay_day = book.settings.get("payroll_pay_day")
    employees = book.get("employees")
    if employees is not None:
        for rec in employees.frame.iter_rows(named=True):
            if rec.get("employee") is None or rec.get("from") is None:
                continue
            ptkp = (rec.get("ptkp") or "TK/0").replace(" ", "").upper()
            currency = _foreign(rec, base)
            original = None if not currency else tuple(
                _exact(rec.get(key), currency)
                for key in ("basic", "fixed_allowances", "other_allowances"))
            if currency:  # converted month by month at the tax rate of its pay day
                rec = {**rec, "basic": None, "fixed_allowances": None, "other_allowances": None}
            master = Master(
                employee=rec["employee"], start=rec["from"], name=rec.get("name") or "",
                department=rec.get("department") or "", type=rec.get("type") or "permanent",
                ptkp=ptkp, basic=_int(rec.get("basic")), fixed=_int(rec.get("fixed_allowances")),
                other=_int(rec.get("other_allowances")), method=rec.get("method") or "gross",
                auto_bpjs=rec.get("auto_bpjs") is not False, jkk_class=rec.get("jkk_class"),
                work_week=rec.get("work_week") or "5", joined=rec.get("joined"),
                left=last_day_employed(rec.get("left")), dtp=bool(rec.get("dtp")),
                part_year=bool(rec.get("part_year")), npwp=rec.get("npwp") or "",
                bank=rec.get("bank") or "", account=rec.get("account") or "",
                currency=currency, original=original)  # type: ignore[arg-type]
            data.masters.setdefault(master.employee, []).append(master)
        for rows in data.masters.values():
            rows.sort(key=lambda m: m.start)
    items = book.get("pay_items")
    if items is not None:
        summed: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for rec in items.frame.iter_rows(named=True):
            if rec.get("employee") is None or rec.get("date") is None or rec.get("item") is None:
                continue
            key = (rec["employee"], rec["date"].strftime("%Y-%m"))
            currency = _foreign(rec, base)
            if rec.get("amount") is None:
                data.thr_auto.setdefault(key, []).append(rec["date"])
            elif currency:
                kinds = data.foreign_items.setdefault(key, {}).setdefault(currency, {})
                kinds[rec["item"]] = kinds.get(rec["item"], Decimal(0)) + \
                    _exact(rec["amount"], currency)
            else:
                summed[key][rec["item"]] += _int(rec["amount"])
        data.items = {k: dict(v) for k, v in summed.items()}
    timesheet = book.get("timesheet")
    if timesheet is not None:
        for rec in timesheet.frame.iter_rows(named=True):
            if None in (rec.get("employee"), rec.get("date"), rec.get("hours")):
                continue
            key = (rec["employee"], rec["date"].strftime("%Y-%m"))
            data.overtime.setdefault(key, []).append(
                Overtime(rec["date"], rec.get("day_type") or "workday", Decimal(rec["hours"])))
    opening = book.get("opening_ytd")
    if opening is not None:
        for rec in opening.frame.iter_rows(named=True):
            if rec.get("employee") is None or rec.get("year") is None:
                continue
            data.opening[(rec["employee"], int(rec["year"]))] = YearToDate(
                gross=_int(rec.get("gross")), pph21=_int(rec.get("pph21")),
                contributions=_int(rec.get("contributions")), zakat=_int(rec.get("zakat")),
                months=int(rec.get("months") or 0))
    rules = book.get("payroll_rules")
    if rules is not None:
        for rec in rules.frame.iter_rows(named=True):
            if None not in (rec.get("from"), rec.get("rule"), rec.get("value")):
                data.overrides.append((rec["from"], rec["rule"], Decimal(rec["value"])))
    departments = book.get("departments")
    if departments is not None:
        for rec in departments.frame.iter_rows(named=True):
            if rec.get("department") is not None:
                data.departments[rec["department"]] = (rec.get("salary_account"),
                                                       rec.get("bpjs_account"))
    _thr_of_leavers(book, data)
    runs = book.get("payroll_runs")
    if runs is not None:
        for period, employee, text in runs.frame.select("period", "employee", "data").iter_rows():
            if period and employee and text:
                data.stored.setdefault(period, {})[employee] = MonthResult.from_json(text)
    return data


def _thr_of_leavers(book: BookData, data: PayrollData) -> None:
    """A THR left blank for someone who leaves: counted to the last day worked, and dropped
    (nothing owed) for a PKWT ended before the holiday or a PKWTT ended more than 30 days
    before it (Permenaker 6/2016 Ps. 7; :func:`backoffice.compliance.thr.leaver_service_end`)."""
    from backoffice.compliance.thr import contracts, leaver_service_end, staff

    people, terms = staff(book), contracts(book)
    for (employee, period), days in list(data.thr_auto.items()):
        rows = people.get(employee)
        if not rows:
            continue
        ends = (leaver_service_end(rows, terms.get(employee, []), day) for day in days)
        data.thr_auto[(employee, period)] = [end for end in ends if end is not None]

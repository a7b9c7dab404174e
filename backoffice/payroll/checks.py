"""Cross-sheet checks of the payroll book, each problem with its sheet and cell.

They run with Check (``backoffice check``) and before every payroll run: an
unknown PTKP status, a Timesheet or Pay items row for an unknown employee, a
date before the rule pack's coverage, overtime beyond the legal daily limit
(a warning), a daily worker (refused: see :mod:`backoffice.payroll`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

import polars as pl

from backoffice import money
from backoffice.catalogue import Localized
from backoffice.issues import Issue, make_issue
from backoffice.kmk_rates import TaxRates
from backoffice.payroll.inputs import month_end
from backoffice.payroll.model import MonthResult, last_day_employed
from backoffice.payroll.rules import RulePack, load_pack
from backoffice.ruleset import register
from backoffice.schema import BookData, SheetData


def pack_of(book: BookData) -> RulePack:
    """The book's rule pack, from Settings (Indonesia by default)."""
    return load_pack(book.settings.get("payroll_pack") or "id")


def _employees(book: BookData) -> set[str]:
    data = book.get("employees")
    if data is None or data.frame is None or "employee" not in data.frame.columns:
        return set()
    return set(data.frame.get_column("employee").drop_nulls().to_list())


def _before_coverage(data: SheetData, column: str, pack: RulePack) -> Iterator[Issue]:
    if column not in data.frame.columns:
        return
    start = pack.coverage_start
    early = data.frame.filter(pl.col(column) < start).select("_row", column)
    for row, day in early.iter_rows():
        yield make_issue("payroll-period-before-rules", data.sheet, row=row,
                         column=data.letters.get(column), field=column, value=day.isoformat(),
                         date=day.isoformat(), pack=pack.name, start=start.isoformat())


def _whole_amounts(book: BookData, data: SheetData, columns: tuple[str, ...]) -> Iterator[Issue]:
    """Payroll counts whole rupiah: an amount with cents is refused, not rounded. (An amount
    in a foreign currency may have cents: it becomes whole rupiah when converted.)"""
    base = book.settings.get("base_currency") or "IDR"
    scale = 10 ** money.exponent_or_two(base)
    frame = data.frame
    if "currency" in frame.columns:
        frame = frame.filter(pl.col("currency").is_null() | (pl.col("currency") == base))
    for column in columns:
        if column not in frame.columns:
            continue
        bad = frame.filter(pl.col(column).is_not_null() & (pl.col(column) % scale != 0))
        for row, minor in bad.select("_row", column).iter_rows():
            yield make_issue("payroll-amount-not-whole", data.sheet, row=row,
                             column=data.letters.get(column), field=column,
                             value=money.from_minor(minor, len(str(scale)) - 1),
                             header=data.header(column))


def _unknown_employees(book: BookData, kind: str) -> Iterator[Issue]:
    data, employees = book.get(kind), book.get("employees")
    if data is None or employees is None or "employee" not in data.frame.columns:
        return
    known = _employees(book)
    rows = data.frame.filter(pl.col("employee").is_not_null()
                             & ~pl.col("employee").is_in(list(known)))
    for row, code in rows.select("_row", "employee").iter_rows():
        yield make_issue("payroll-employee-unknown", data.sheet, row=row,
                         column=data.letters.get("employee"), field="employee", value=code,
                         employees=employees.sheet)


def _employment(book: BookData) -> dict[str, tuple[dt.date, dt.date | None]]:
    """Employee -> (joined, left), as the engine reads them (see engine._employment)."""
    data = book.get("employees")
    spans: dict[str, tuple[dt.date, dt.date | None]] = {}
    if data is None:
        return spans
    columns = [c for c in ("employee", "from", "joined", "left") if c in data.frame.columns]
    rows = data.frame.select(columns).filter(pl.col("employee").is_not_null()
                                             & pl.col("from").is_not_null()).sort("from")
    for rec in rows.iter_rows(named=True):
        joined, left = spans.get(rec["employee"], (None, None))
        joined = joined or rec.get("joined") or rec["from"]
        spans[rec["employee"]] = (joined, last_day_employed(rec.get("left")))
    return spans


def _outside_employment(book: BookData, data: SheetData) -> Iterator[Issue]:
    employees = book.get("employees")
    if employees is None or data.frame.height == 0:
        return
    spans = _employment(book)
    if not spans:
        return
    frame = pl.DataFrame({"employee": list(spans), "joined": [s[0] for s in spans.values()],
                          "left": [s[1] for s in spans.values()]},
                         schema={"employee": pl.String, "joined": pl.Date, "left": pl.Date})

    def month(column: str) -> pl.Expr:
        return pl.col(column).dt.year() * 12 + pl.col(column).dt.month()

    # Whole months count: a month is paid when the employee works any day of it.
    outside = (data.frame.select("_row", "employee", "date")
               .filter(pl.col("date").is_not_null())
               .join(frame, on="employee", how="inner")
               .filter((month("date") < month("joined"))
                       | (pl.col("left").is_not_null() & (month("date") > month("left"))))
               .sort("_row"))
    for row, code, day, joined, left in outside.iter_rows():
        yield make_issue("payroll-outside-employment", data.sheet, row=row,
                         column=data.letters.get("date"), field="date", value=code,
                         date=day.isoformat(), joined=joined.isoformat(),
                         left=(left + dt.timedelta(days=1)).isoformat() if left else "…",
                         employees=employees.sheet)


@register("employees")
def check_employees(book: BookData) -> Iterator[Issue]:
    """PTKP statuses the pack knows, no daily workers, one row per employee and From."""
    data = book.get("employees")
    if data is None or data.frame.height == 0:
        return
    pack = pack_of(book)
    yield from _before_coverage(data, "from", pack)
    yield from _whole_amounts(book, data, ("basic", "fixed_allowances", "other_allowances"))
    yield from _tax_rates_cover(book, data, "from")
    frame = data.frame
    if pack.name == "id" and "ptkp" in frame.columns:
        statuses = [r["status"] for r in pack.families["ptkp"]]
        known = ", ".join(dict.fromkeys(statuses))
        for row, status in frame.select("_row", "ptkp").iter_rows():
            if status is None or status.replace(" ", "").upper() not in statuses:
                yield make_issue("payroll-ptkp-unknown", data.sheet, row=row,
                                 column=data.letters.get("ptkp"), field="ptkp",
                                 value=status or "", known=known)
    if "type" in frame.columns:
        for row, code in frame.filter(pl.col("type") == "daily").select(
                "_row", "employee").iter_rows():
            yield make_issue("payroll-daily-not-supported", data.sheet, row=row,
                             column=data.letters.get("type"), field="type", value=code,
                             employee=code)
    keyed = frame.filter(pl.col("employee").is_not_null() & pl.col("from").is_not_null())
    seen: set[tuple[str, dt.date]] = set()
    for row, code, day in keyed.select("_row", "employee", "from").iter_rows():
        if (code, day) in seen:
            yield make_issue("payroll-employee-duplicate", data.sheet, row=row,
                             column=data.letters.get("from"), field="from", value=code,
                             date=day.isoformat())
        seen.add((code, day))
    if pack.name == "id" and "dtp" in frame.columns:
        yield from _dtp_flags(book, data, pack)
    yield from _vanished_codes(book, data)


def _vanished_codes(book: BookData, data: SheetData) -> Iterator[Issue]:
    """An error for each code with finalized months in a year whose last period is not
    finalized yet, that no Employees row has any more (a renamed code): its later months
    would be computed as a new employee's, without the year so far, and December's annual
    PPh 21 would miss it. At the row that took its name, if one did; else at the sheet."""
    runs = book.get("payroll_runs")
    codes = _employees(book)
    if runs is None or runs.frame is None or runs.frame.height == 0:
        return
    history: dict[tuple[str, int], list[MonthResult]] = {}
    for period, code, text in runs.frame.select("period", "employee", "data").iter_rows():
        if period and code and text and code not in codes:
            history.setdefault((code, int(period[:4])), []).append(MonthResult.from_json(text))
    stored_codes = set(runs.frame.get_column("employee").drop_nulls().to_list())
    names = {}
    if "name" in data.frame.columns:
        for row, code, name in data.frame.select("_row", "employee", "name").iter_rows():
            if name and code is not None and code not in stored_codes:
                names.setdefault(str(name).strip().casefold(), (row, code))
    for (code, year), months in sorted(history.items()):
        if any(m.last_period for m in months):
            continue  # the year is closed for this employee: nothing later needs it
        name = next((m.name for m in months if m.name), "")
        row, value = names.get(name.strip().casefold(), (None, None)) if name else (None, None)
        yield make_issue("payroll-finalized-employee-missing", data.sheet, row=row,
                         column=data.letters.get("employee") if row else None,
                         field="employee", value=value or code, former=code, name=name or "—",
                         months=", ".join(sorted(m.period for m in months)), year=year,
                         employees=data.sheet)


def _dtp_flags(book: BookData, data: SheetData, pack: RulePack) -> Iterator[Issue]:
    """Warnings for an employee marked DTP who will not get it: no DTP regulation in the
    rest of the row's year, the company's KLU not eligible in it, or January's fixed pay
    (or the first month's) above the regulation's ceiling (PMK 10/2025 Lampiran B no. 4)."""
    klu = str(book.settings.get("klu") or "").strip()
    scale = 10 ** money.exponent_or_two(book.settings.get("base_currency") or "IDR")
    frame = data.frame.filter(pl.col("employee").is_not_null() & pl.col("from").is_not_null())
    wages = {}  # employee -> [(from, basic + fixed in base units, currency)]
    for rec in frame.sort("from").iter_rows(named=True):
        wage = ((rec.get("basic") or 0) + (rec.get("fixed_allowances") or 0)) // scale
        wages.setdefault(rec["employee"], []).append((rec["from"], wage,
                                                      rec.get("currency") or ""))
    base = book.settings.get("base_currency") or "IDR"
    for rec in frame.filter(pl.col("dtp").fill_null(False)).iter_rows(named=True):
        code, day, row = rec["employee"], rec["from"], rec["_row"]
        if not pack.covers(day):
            continue
        at = {"column": data.letters.get("dtp"), "field": "dtp", "value": code}
        months = [dt.date(day.year, m, 1) for m in range(day.month, 13)]
        offered = [r for m in months for r in pack.listed("dtp", m)]
        if not offered:
            yield make_issue("payroll-dtp-not-in-force", data.sheet, row=row, **at,
                             employee=code, date=day.isoformat())
            continue
        eligible = [r for r in offered if r["klu"].strip() == klu]
        if not eligible:
            yield make_issue("payroll-dtp-klu-not-eligible", data.sheet, row=row, **at,
                             employee=code, klu=klu or "—", year=day.year,
                             setting=Localized("Business classification (KLU)", "KLU"))
            continue
        # The pay tested is the row in force when the year (or the work) starts.
        rows = wages[code]
        start = max(dt.date(day.year, 1, 1), rows[0][0])
        tested = [w for w in rows if w[0] <= start][-1:] or rows[:1]
        _from, wage, currency = tested[0]
        ceiling = int(eligible[0]["max_regular_gross"])
        if currency in ("", base) and wage > ceiling:
            yield make_issue("payroll-dtp-over-ceiling", data.sheet, row=row, **at,
                             employee=code, wage=f"{wage:,}", ceiling=f"{ceiling:,}",
                             month=start.strftime("%Y-%m"))


def _foreign_rows(book: BookData, data: SheetData, day_column: str
                  ) -> Iterator[tuple[int, str, str, dt.date]]:
    """(row, employee, currency, date) of the rows in a currency other than the base one."""
    base = book.settings.get("base_currency") or "IDR"
    if "currency" not in data.frame.columns or day_column not in data.frame.columns:
        return
    frame = data.frame.filter(pl.col("currency").is_not_null() & (pl.col("currency") != base)
                              & pl.col(day_column).is_not_null())
    yield from frame.select("_row", "employee", "currency", day_column).iter_rows()


def _tax_rates_cover(book: BookData, data: SheetData, day_column: str) -> Iterator[Issue]:
    """Pay in a foreign currency needs the Minister of Finance's rate of its month's pay day
    (PMK 168/2023 Ps. 5(4)) in the book's Tax exchange rates."""
    rates = TaxRates.of_book(book)
    pay_day = book.settings.get("payroll_pay_day")
    kmk = book.get("kmk_rates")
    for row, code, currency, day in _foreign_rows(book, data, day_column):
        end = month_end(day)
        paid = end if pay_day is None else end.replace(day=min(pay_day, end.day))
        if rates.on(currency, paid) is None:
            yield make_issue("payroll-tax-rate-missing", data.sheet, row=row,
                             column=data.letters.get("currency"), field="currency",
                             value=currency, employee=code or "", currency=currency,
                             date=paid.isoformat(), period=paid.strftime("%Y-%m"),
                             rates=kmk.sheet if kmk else "Tax exchange rates")


def _item_currencies(book: BookData, data: SheetData) -> Iterator[Issue]:
    """A Pay item in a foreign currency is in its employee's currency (one currency a month,
    converted at one rate, shown with its original amount)."""
    employees = book.get("employees")
    if employees is None or "currency" not in employees.frame.columns:
        rows_of: dict[str, list[tuple[dt.date, str]]] = {}
    else:
        rows_of = {}
        for code, day, currency in employees.frame.select(
                "employee", "from", "currency").iter_rows():
            if code is not None and day is not None:
                rows_of.setdefault(code, []).append((day, currency or ""))
    base = book.settings.get("base_currency") or "IDR"
    for row, code, currency, day in _foreign_rows(book, data, "date"):
        in_force = sorted(r for r in rows_of.get(code, []) if r[0] <= month_end(day))
        own = (in_force[-1][1] if in_force else "") or base
        if currency != own:
            yield make_issue("payroll-pay-item-currency", data.sheet, row=row,
                             column=data.letters.get("currency"), field="currency",
                             value=currency, employee=code, own=own,
                             employees=employees.sheet if employees else "Employees")


@register("timesheet")
def check_timesheet(book: BookData) -> Iterator[Issue]:
    """Known employees, covered dates, and overtime within the legal daily limit."""
    data = book.get("timesheet")
    if data is None or data.frame.height == 0:
        return
    pack = pack_of(book)
    yield from _unknown_employees(book, "timesheet")
    yield from _before_coverage(data, "date", pack)
    yield from _outside_employment(book, data)
    if pack.name != "id":
        return
    yield from _weekly_limit(data, pack)
    weeks = _work_weeks(book)
    lowest = min(int(r["daily_limit"]) for r in pack.families["overtime"])
    # Only rows above the lowest limit can be over theirs (the float is only a pre-filter).
    frame = data.frame.filter(pl.col("date").is_not_null() & pl.col("hours").is_not_null()
                              & (pl.col("hours").cast(pl.Float64, strict=False) > lowest - 1))
    tables: dict[tuple[int, int], dict[tuple[str, str], int]] = {}
    for row, day, code, day_type, hours in frame.select(
            "_row", "date", "employee", "day_type", "hours").iter_rows():
        if not pack.covers(day) or day_type is None:
            continue
        week = _week_on(weeks.get(code, []), day)
        if (day.year, day.month) not in tables:
            tables[day.year, day.month] = {(r["work_week"], r["day_type"]): int(r["daily_limit"])
                                           for r in pack.table("overtime", day).rows}
        limit = tables[day.year, day.month].get((week, day_type))
        limits = [limit] if limit is not None else []
        if limits and Decimal(hours) > limits[0]:
            yield make_issue("payroll-overtime-over-limit", data.sheet, row=row,
                             column=data.letters.get("hours"), field="hours", value=hours,
                             hours=hours, date=day.isoformat(), limit=limits[0])


def _weekly_limit(data: SheetData, pack: RulePack) -> Iterator[Issue]:
    """Workday overtime above the weekly limit: a warning on the row that crosses it."""
    frame = (data.frame.filter(pl.col("date").is_not_null() & pl.col("hours").is_not_null()
                               & (pl.col("day_type") == "workday")
                               & pl.col("date").ge(pack.coverage_start))
             .select("_row", "employee", "date", "hours"))
    if frame.height == 0:
        return
    totals: dict[tuple[str, int, int], Decimal] = {}
    crossed: set[tuple[str, int, int]] = set()
    by_month: dict[tuple[int, int], list[int]] = {}
    for row, code, day, hours in frame.sort("date", "_row").iter_rows():
        year, week, _ = day.isocalendar()
        key = (code, year, week)
        totals[key] = totals.get(key, Decimal(0)) + Decimal(hours)
        if (day.year, day.month) not in by_month:
            by_month[day.year, day.month] = [
                int(r["weekly_limit"]) for r in pack.table("overtime", day).rows
                if r["day_type"] == "workday" and r.get("weekly_limit")]
        limits = by_month[day.year, day.month]
        if limits and totals[key] > limits[0] and key not in crossed:
            crossed.add(key)
            monday = day - dt.timedelta(days=day.weekday())
            yield make_issue("payroll-overtime-week-over-limit", data.sheet, row=row,
                             column=data.letters.get("hours"), field="hours", value=code,
                             hours=totals[key], week=monday.isoformat(), limit=limits[0])


def _work_weeks(book: BookData) -> dict[str, list[tuple[dt.date, str]]]:
    data = book.get("employees")
    weeks: dict[str, list[tuple[dt.date, str]]] = {}
    if data is None or "work_week" not in data.frame.columns:
        return weeks
    for code, day, week in data.frame.select("employee", "from", "work_week").iter_rows():
        if code is not None and day is not None:
            weeks.setdefault(code, []).append((day, week or "5"))
    return weeks


def _week_on(rows: list[tuple[dt.date, str]], day: dt.date) -> str:
    in_force = sorted(r for r in rows if r[0] <= day)
    return in_force[-1][1] if in_force else (sorted(rows)[0][1] if rows else "5")


@register("pay_items")
def check_pay_items(book: BookData) -> Iterator[Issue]:
    """Known employees, covered dates, an amount on every row but THR."""
    data = book.get("pay_items")
    if data is None or data.frame.height == 0:
        return
    yield from _unknown_employees(book, "pay_items")
    yield from _before_coverage(data, "date", pack_of(book))
    yield from _outside_employment(book, data)
    yield from _whole_amounts(book, data, ("amount",))
    yield from _item_currencies(book, data)
    yield from _tax_rates_cover(book, data, "date")
    if "amount" not in data.frame.columns:
        return
    unread = pl.col("_unread_amount") if "_unread_amount" in data.frame.columns else pl.lit(False)
    blank = data.frame.filter(pl.col("amount").is_null() & (pl.col("item") != "thr") & ~unread)
    labels = {c.value: c for c in data.schema.field("item").choices}
    for row, item in blank.select("_row", "item").iter_rows():
        choice = labels[item]
        yield make_issue("payroll-amount-missing", data.sheet, row=row,
                         column=data.letters.get("amount"), field="amount",
                         item=Localized(choice.en, choice.id))
    yield from _thr_not_owed(book, data)


_ENDED = {"pkwt": Localized("PKWT ended before", "PKWT berakhir sebelum"),
          "pkwtt": Localized("PKWTT ended more than {days} days before",
                             "PKWTT berakhir lebih dari {days} hari sebelum")}


def _thr_not_owed(book: BookData, data: SheetData) -> Iterator[Issue]:
    """A THR left blank for a leaver not owed it (Permenaker 6/2016 Ps. 7) is paid as 0:
    said at its row, so the clerk sees why rather than a silent 0."""
    from backoffice.compliance.thr import contracts, leaver_not_owed, staff

    thr = data.frame.filter(pl.col("amount").is_null() & (pl.col("item") == "thr")
                            & pl.col("employee").is_not_null())
    if thr.height == 0:
        return
    people, terms = staff(book), contracts(book)
    for row, employee, paid_on in thr.select("_row", "employee", "date").iter_rows():
        rows = people.get(employee)
        why = leaver_not_owed(rows, terms.get(employee, []), paid_on) if rows else None
        if why is None:
            continue
        ended = _ENDED.get(why.kind, _ENDED["pkwt"])
        days = why.rule.days_before
        yield make_issue("payroll-thr-leaver-not-owed", data.sheet, row=row,
                         column=data.letters.get("amount"), field="amount", employee=employee,
                         ended=Localized(ended.en.format(days=days), ended.id.format(days=days)),
                         holiday=Localized(why.name_en, why.name_id), day=why.holiday.isoformat(),
                         source=why.rule.source.split(":")[0])


_RULE_CHECKS = {
    "jkk_class": (lambda v: v == v.to_integral_value() and 1 <= v <= 5,
                  Localized("a class from 1 to 5", "kelas 1 sampai 5")),
    "jkk_rate": (lambda v: 0 <= v < 1, Localized("a rate below 1, such as 0.0054",
                                                  "tarif di bawah 1, seperti 0.0054")),
    "kes_floor": (lambda v: v >= 0 and v == v.to_integral_value(),
                  Localized("an amount in whole rupiah", "jumlah dalam rupiah utuh")),
    "kes_cap": (lambda v: v > 0 and v == v.to_integral_value(),
                Localized("an amount in whole rupiah", "jumlah dalam rupiah utuh")),
    "jp_cap": (lambda v: v > 0 and v == v.to_integral_value(),
               Localized("an amount in whole rupiah", "jumlah dalam rupiah utuh")),
    # the people's records' policy (backoffice.hr.rules): whole days and months
    **{rule: (lambda v: v >= 0 and v == v.to_integral_value(),
              Localized("a whole number, 0 or more", "bilangan bulat, 0 atau lebih"))
       for rule in ("annual_leave_days", "leave_carry_over_days", "leave_carry_over_months",
                    "warning_validity_months", "contract_reminder_days")},
}


@register("payroll_rules")
def check_rules(book: BookData) -> Iterator[Issue]:
    """Each company rule has a value of the right shape."""
    data = book.get("payroll_rules")
    if data is None or data.frame.height == 0:
        return
    yield from _before_coverage(data, "from", pack_of(book))
    labels = {c.value: c for c in data.schema.field("rule").choices}
    for row, rule, value in data.frame.select("_row", "rule", "value").iter_rows():
        if rule is None or value is None:
            continue
        test, expected = _RULE_CHECKS[rule]
        try:
            ok = test(Decimal(value))
        except InvalidOperation:
            ok = False
        if not ok:
            yield make_issue("payroll-rule-value-invalid", data.sheet, row=row,
                             column=data.letters.get("value"), field="value", value=value,
                             rule=Localized(labels[rule].en, labels[rule].id), expected=expected)


@register("opening_ytd")
def check_opening(book: BookData) -> Iterator[Issue]:
    """Opening figures belong to known employees and are whole rupiah."""
    yield from _unknown_employees(book, "opening_ytd")
    data = book.get("opening_ytd")
    if data is not None and data.frame.height:
        yield from _whole_amounts(book, data, ("gross", "pph21", "contributions", "zakat"))


@register("departments")
def check_departments(book: BookData) -> Iterator[Issue]:
    """Each department listed is one that Employees uses (a typo would book nothing)."""
    data, employees = book.get("departments"), book.get("employees")
    if data is None or employees is None or data.frame.height == 0 or \
            "department" not in employees.frame.columns:
        return
    used = set(employees.frame.get_column("department").drop_nulls().to_list())
    for row, code in data.frame.select("_row", "department").iter_rows():
        if code is not None and code not in used:
            yield make_issue("payroll-department-unused", data.sheet, row=row,
                             column=data.letters.get("department"), field="department",
                             value=code, employees=employees.sheet)

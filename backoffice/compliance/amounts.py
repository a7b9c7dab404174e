"""What each obligation of a period amounts to, from the books.

* PPh 21/26 to deposit: the payroll's PPh 21 less the DTP the government bears
  (``MonthResult.pph21_payable``), per month: the finalized months when the book has
  any, else every month it has data for (see ``_payroll``).
* BPJS Ketenagakerjaan: JHT, JP (employer and employee shares), JKK and JKM;
  BPJS Kesehatan: employer and employee shares; per month of the payroll.
* THR: one obligation per religious holiday and year, covering the employees whose
  religion it is (:mod:`backoffice.compliance.thr`); its amount the THR the payroll
  pays those employees in the year.
* WLKP: a payroll year after the first report's year, when Settings give that date;
  LKPM: every quarter (medium and large businesses) or half year (small ones) of the
  books' years, by the business scale in Settings (micro and exempt sectors: none).
* Leavers: the months someone's last period falls in before December (their 1721-A1).
* PPh 23: what we withheld on bills and at payment, from the tax summary.
* PPN: output less input from the tax summary (a negative month is a surplus
  carried forward, nothing to deposit).

Amounts are exact ``Decimal`` in the base currency. A period the books say
nothing about has no amount (None), not zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from backoffice.schema import BookData

if TYPE_CHECKING:
    from backoffice.payroll.model import MonthResult


@dataclass
class Amounts:
    """Obligation code -> period -> amount, and which kinds of obligation the books have.

    Attributes:
        by_code: e.g. ``{"pph21-pay": {"2026-07": Decimal("1250000")}}``.
        applies: the ``applies`` kinds of :mod:`backoffice.compliance.rules` the books
            have ("company", "payroll", "pph23", "ppn").
        periods: applies kind -> the periods ("YYYY-MM") the books have that kind of
            obligation for.
    """

    by_code: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    applies: set[str] = field(default_factory=set)
    periods: dict[str, set[str]] = field(default_factory=dict)
    #: (THR code, year) -> the employees it covers, as "code name".
    covers: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    #: (employee, year) -> the THR the payroll pays them that year, in whole rupiah.
    thr_paid: dict[tuple[str, str], int] = field(default_factory=dict)
    #: applies kind -> the date an anniversary rule counts from (the first WLKP report).
    anchors: dict[str, dt.date] = field(default_factory=dict)

    def add(self, code: str, period: str, amount: Decimal) -> None:
        months = self.by_code.setdefault(code, {})
        months[period] = months.get(period, Decimal(0)) + amount

    def mark(self, kind: str, period: str) -> None:
        self.applies.add(kind)
        self.periods.setdefault(kind, set()).add(period)

    def merge(self, other: Amounts) -> None:
        """Add ``other``'s amounts and periods (several books of one company)."""
        for code, months in other.by_code.items():
            for period, amount in months.items():
                self.add(code, period, amount)
        self.applies |= other.applies
        for kind, periods in other.periods.items():
            self.periods.setdefault(kind, set()).update(periods)
        for key, names in other.covers.items():
            self.covers[key] = tuple(dict.fromkeys(self.covers.get(key, ()) + names))
        for key, paid in other.thr_paid.items():
            self.thr_paid[key] = self.thr_paid.get(key, 0) + paid
        self.anchors = {**other.anchors, **self.anchors}

    def get(self, code: str, period: str) -> Decimal | None:
        return self.by_code.get(code, {}).get(period)


def from_book(book: BookData, years: Iterable[int] = ()) -> Amounts:
    """The amounts of one checked book; payroll months of ``years`` are computed."""
    amounts = Amounts()
    for year in _book_years(book):
        amounts.mark("company", str(year))
    _documents(book, amounts)
    if book.get("employees") is not None:
        _payroll(book, sorted(set(years)), amounts)
        add_people(book, amounts)
    add_settings(book, amounts)
    return amounts


def add_people(book: BookData, amounts: Amounts) -> None:
    """The THR obligations of the payroll years in ``amounts``: per holiday, the employees
    of its religion employed on it (:mod:`backoffice.compliance.thr`), and what the payroll
    pays them that year."""
    from backoffice.compliance.rules import load_rules
    from backoffice.compliance.thr import contracts, covered, staff

    people = staff(book)
    terms = contracts(book)
    years = sorted({p[:4] for p in amounts.periods.get("payroll", ())})
    for rule in load_rules():
        if rule.frequency != "religious":
            continue
        for year in years:
            holiday = rule.holiday_day(int(year))
            if holiday is None or not rule.covers(dt.date(int(year), 1, 1)):
                continue
            rows = covered(people, rule.code, holiday, terms)
            if not rows:
                continue
            amounts.covers[(rule.code, year)] = tuple(f"{r.employee} {r.name}".strip()
                                                      for r in rows)
            paid = sum(amounts.thr_paid.get((r.employee, year), 0) for r in rows)
            if paid:
                amounts.add(rule.code, year, Decimal(paid))


def add_settings(book: BookData, amounts: Amounts) -> None:
    """The obligations Settings decide: the WLKP from the first report's date (a payroll
    book), the LKPM by the business scale, for the years the books have."""
    settings = book.settings
    first = settings.get("wlkp_first_report")
    payroll_years = {p[:4] for p in amounts.periods.get("payroll", ()) if len(p) == 7}
    if isinstance(first, dt.date) and book.get("employees") is not None:
        amounts.anchors["wlkp"] = first
        for year in payroll_years:
            if int(year) > first.year:  # the first report is the founding one (Ps. 6)
                amounts.mark("wlkp", year)
    scale = settings.get("business_scale")
    if scale in ("medium", "large", "small"):
        years = payroll_years | set(amounts.periods.get("company", ()))
        kind, parts = (("lkpm-semiannual", ("H1", "H2")) if scale == "small"
                       else ("lkpm-quarterly", ("Q1", "Q2", "Q3", "Q4")))
        for year in years:
            for part in parts:
                amounts.mark(kind, f"{year}-{part}")


def _documents(book: BookData, amounts: Amounts) -> None:
    from backoffice.arap import engine, reports

    if not reports.has_documents(book):
        return
    table = reports.tax_summary(engine.run(book), book)
    keys = [f.key for f in table.columns]
    for row in table.rows:
        values = dict(zip(keys, row, strict=True))
        month = str(values["month"])
        withheld = values["pph23_withheld"] or Decimal(0)
        if withheld:
            amounts.mark("pph23", month)
            amounts.add("pph23-pay", month, withheld)
            amounts.add("pph23-return", month, withheld)
        if values["ppn_output"] or values["ppn_input"]:
            amounts.mark("ppn", month)
            amounts.add("ppn-pay", month, max(values["ppn_net"] or Decimal(0), Decimal(0)))
            amounts.add("ppn-return", month, values["ppn_net"] or Decimal(0))


def _payroll(book: BookData, years: list[int], amounts: Amounts) -> None:
    from backoffice.payroll.checks import pack_of
    from backoffice.payroll.engine import run_year
    from backoffice.payroll.inputs import read_payroll
    from backoffice.payroll.rules import RulesNotCovered

    data = read_payroll(book)
    pack = pack_of(book)
    # A book with finalized months owes for those (a draft may never be paid); a book never
    # finalized, for every month it has data for up to its last month with pay items or
    # overtime typed (employment alone runs on into years nobody has paid yet).
    typed = [p for _e, p in (*data.items, *data.overtime)]
    last = max(typed) if typed else None
    for year in years:
        periods = ([p for p in sorted(data.stored) if p.startswith(f"{year}-")] if data.stored
                   else [p for p in data.periods_with_data(year) if last is None or p <= last])
        if not periods:
            continue
        try:
            results = run_year(data, pack, year, max(int(p[5:]) for p in periods))
        except RulesNotCovered:
            continue  # a year the rule pack does not cover: its dates still show, no amounts
        add_payroll([r for r in results if r.period in periods], amounts)


def add_payroll(results: Iterable[MonthResult], amounts: Amounts) -> None:
    """Add the payroll register rows ``results``: PPh 21/26 payable and BPJS per month, THR
    per employee and year (:func:`add_people` turns it into the THR obligations)."""
    # Summed per month in plain ints first: a year of 10,000 employees is 120,000 rows.
    months: dict[str, list[int]] = {}
    for r in results:
        sums = months.get(r.period)
        if sums is None:
            sums = months[r.period] = [0, 0, 0]
        sums[0] += r.pph21_payable
        sums[1] += r.jht_employer + r.jht_employee + r.jp_employer + r.jp_employee + r.jkk + r.jkm
        sums[2] += r.kes_employer + r.kes_employee
        if r.thr:
            key = (r.employee, r.period[:4])
            amounts.thr_paid[key] = amounts.thr_paid.get(key, 0) + r.thr
        if r.period.endswith("-12"):  # employed in December: the year's A1 slips
            amounts.mark("december", r.period[:4])
        elif r.last_period:  # someone left: their A1 slip
            amounts.mark("leavers", r.period)
    for period, (pph21, tk, kes) in months.items():
        amounts.mark("payroll", period)
        amounts.mark("payroll", period[:4])  # the year's annual payroll obligations
        amounts.add("pph21-pay", period, Decimal(pph21))
        amounts.add("pph21-return", period, Decimal(pph21))
        amounts.add("bpjs-tk", period, Decimal(tk))
        amounts.add("bpjs-kes", period, Decimal(kes))


def _book_years(book: BookData) -> set[int]:
    """The years the Journal, the invoices, bills and payments have dates in."""
    years: set[int] = set()
    for kind in ("journal", "invoices", "bills", "payments"):
        sheet = book.get(kind)
        if sheet is None or sheet.frame is None or "date" not in sheet.frame.columns:
            continue
        years |= {d.year for d in sheet.frame.get_column("date").drop_nulls().unique().to_list()}
    return years

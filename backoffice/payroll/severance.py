"""Severance when an employment ends: PP 35/2021's tables and PP 68/2009's final tax.

A leaver's rights (PP 35/2021 Pasal 40) are, by the reason the employment
ends (Pasal 41-57, the ``severance_reasons`` rule family, each row with its
article):

* *uang pesangon*: the months of Pasal 40(2) for the years of service, times
  the reason's multiplier (0.5 for efficiency because of losses, 1.75 for
  retirement, 2 for death ...);
* *uang penghargaan masa kerja* (UPMK): the months of Pasal 40(3), times the
  reason's multiplier (1 or 0);
* *uang penggantian hak* (UPH, Pasal 40(4)): unused annual leave (days times a
  day's wage, PP 36/2021 Pasal 17: the month's wage / 25 in a 6-day week, / 21
  in a 5-day week), the cost of returning home, and what the company's rules
  add;
* *uang pisah*: set by the company's rules, for the reasons whose article
  gives one (resignation, urgent violation, ...);
* the compensation at the end of a fixed-term contract (PKWT, Pasal 15-16):
  months of service / 12 of a month's wage.

The month's wage is the basic salary plus fixed allowances (UU 13/2003 Pasal
157(1) as amended by UU 6/2023). The tables are **minimums**: the
Constitutional Court's ruling 168/PUU-XXI/2023 restored "paling sedikit", so a
company may pay more, never less (Check flags less).

Everything paid because the employment ends is *uang pesangon* for PPh 21
(PP 68/2009 Pasal 1): it is taxed finally in the bands of ``severance_tax``
(0 % up to Rp50 million, 5 %, 15 %, 25 %), all payments within two calendar
years counting as one; what is paid in a later year is taxed at the Pasal 17
rates. Amounts are whole rupiah, rounded down once at the end of each figure
(:mod:`~backoffice.payroll.rounding`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from backoffice.payroll.rounding import rupiah
from backoffice.payroll.rules import RulePack


@dataclass(frozen=True)
class Leaver:
    """One Leavers row: who leaves, on which last day, why, and what the company adds."""

    employee: str
    last_day: dt.date
    reason: str
    joined: dt.date
    wage: int                      # basic + fixed allowances, a month
    work_week: str = "5"
    leave_days: Decimal = Decimal(0)
    travel_home: int = 0
    other_rights: int = 0
    separation: int = 0            # uang pisah, from the company's rules
    pesangon_paid: int | None = None   # blank: the minimum
    upmk_paid: int | None = None
    paid_later: int = 0            # a part paid later, on paid_later_on
    paid_later_on: dt.date | None = None
    name: str = ""


@dataclass(frozen=True)
class TaxSlice:
    """The tax on one payment of severance."""

    day: dt.date
    amount: int
    tax: int
    final: bool                    # False: a later year, Pasal 17 rates


@dataclass
class Severance:
    """What a leaver is owed and the tax on it."""

    leaver: Leaver
    article: str
    years: int
    months: int                    # of service beyond whole years
    pesangon_months: int
    pesangon_multiplier: Decimal
    upmk_months: int
    upmk_multiplier: Decimal
    pesangon_min: int
    upmk_min: int
    pesangon: int
    upmk: int
    leave_pay: int
    travel_home: int
    other_rights: int
    separation: int
    pkwt: int
    separation_due: bool
    verified: str
    sources: tuple[str, ...]
    slip_due: dt.date
    tax: list[TaxSlice] = field(default_factory=list)

    @property
    def rights(self) -> int:
        """Uang penggantian hak: leave, the way home and what the company adds."""
        return self.leave_pay + self.travel_home + self.other_rights

    @property
    def total(self) -> int:
        return self.pesangon + self.upmk + self.rights + self.separation + self.pkwt

    @property
    def total_tax(self) -> int:
        return sum(s.tax for s in self.tax)

    @property
    def net(self) -> int:
        return self.total - self.total_tax


def service(joined: dt.date, last_day: dt.date) -> tuple[int, int]:
    """Whole years and the months beyond them, from the day joined to the last day worked.

    Joined 1 January 2019, last day 31 March 2026: 7 years 3 months.
    """
    end = last_day + dt.timedelta(days=1)
    months = (end.year - joined.year) * 12 + end.month - joined.month
    if end.day < joined.day:
        months -= 1
    months = max(months, 0)
    return months // 12, months % 12


def _by_years(rows: Sequence[dict[str, str]], years: int) -> int:
    """The months of the last table row whose ``years_from`` is at most ``years``."""
    months = 0
    for row in sorted(rows, key=lambda r: int(r["years_from"])):
        if int(row["years_from"]) <= years:
            months = int(row["months"])
    return months


def reason_row(pack: RulePack, reason: str, day: dt.date) -> dict[str, str]:
    """The ``severance_reasons`` row of ``reason`` in force on ``day``."""
    for row in pack.table("severance_reasons", day).rows:
        if row["reason"] == reason:
            return row
    raise KeyError(reason)


def reasons(pack: RulePack, day: dt.date) -> tuple[dict[str, str], ...]:
    """Every reason in force on ``day``, as its table rows."""
    return pack.table("severance_reasons", day).rows


def term(pack: RulePack, name: str, day: dt.date) -> Decimal:
    """A value of ``severance_terms`` in force on ``day`` (its latest row on or before it)."""
    rows = [r for r in pack.families["severance_terms"]
            if r["term"] == name and r["effective_from"] <= day.isoformat()]
    if not rows:
        raise KeyError(name)
    return Decimal(max(rows, key=lambda r: r["effective_from"])["value"])


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it has no such day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def compute_severance(leaver: Leaver, pack: RulePack) -> Severance:
    """The leaver's severance at the PP 35/2021 minimums (or the company's larger amounts)."""
    day = leaver.last_day
    reason = reason_row(pack, leaver.reason, day)
    years, months = service(leaver.joined, day)
    pesangon_table = pack.table("severance_pesangon", day)
    upmk_table = pack.table("severance_upmk", day)
    p_months = _by_years(pesangon_table.rows, years)
    u_months = _by_years(upmk_table.rows, years)
    p_mult, u_mult = Decimal(reason["pesangon"]), Decimal(reason["upmk"])
    pesangon_min = rupiah(p_mult * p_months * leaver.wage)
    upmk_min = rupiah(u_mult * u_months * leaver.wage)
    divisor = term(pack, "day_divisor_6" if leaver.work_week == "6" else "day_divisor_5", day)
    leave_pay = rupiah(leaver.leave_days * leaver.wage / divisor)
    pkwt = 0
    if reason["pkwt"] == "yes":  # Pasal 16(1): months of service / 12 x a month's wage
        pkwt = rupiah(Decimal(years * 12 + months) * leaver.wage / 12)
    sources = tuple(dict.fromkeys((reason["source"], *pesangon_table.sources,
                                   *upmk_table.sources)))
    verified = reason["verified"]
    slip_due = add_months(day,  # the 1721-A1 slip: within a month of the last day
                          int(term(pack, "slip_due_months", day)))
    result = Severance(
        leaver=leaver, article=reason["article"], years=years, months=months,
        pesangon_months=p_months, pesangon_multiplier=p_mult, upmk_months=u_months,
        upmk_multiplier=u_mult, pesangon_min=pesangon_min, upmk_min=upmk_min,
        pesangon=pesangon_min if leaver.pesangon_paid is None else leaver.pesangon_paid,
        upmk=upmk_min if leaver.upmk_paid is None else leaver.upmk_paid,
        leave_pay=leave_pay, travel_home=leaver.travel_home,
        other_rights=leaver.other_rights, separation=leaver.separation, pkwt=pkwt,
        separation_due=reason["separation"] == "yes", verified=verified, sources=sources,
        slip_due=slip_due)
    later = min(leaver.paid_later, result.total) if leaver.paid_later_on else 0
    payments = [(day, result.total - later)]
    if later:
        payments.append((leaver.paid_later_on, later))  # type: ignore[arg-type]
    result.tax = severance_tax(payments, pack)
    return result


def _bands(amount: int, rows: Sequence[dict[str, str]]) -> Decimal:
    """The tax on ``amount`` in progressive bands (``above``, ``up_to`` blank = no top)."""
    tax = Decimal(0)
    for row in rows:
        above = int(row["above"])
        top = int(row["up_to"]) if (row.get("up_to") or "").strip() else None
        if amount <= above:
            continue
        upper = amount if top is None else min(amount, top)
        tax += Decimal(upper - above) * Decimal(row["rate"])
    return tax


def severance_tax(payments: Sequence[tuple[dt.date, int]], pack: RulePack) -> list[TaxSlice]:
    """PPh 21 on severance paid on these days, in the order paid.

    Payments in the first ``final_years`` calendar years (from the first
    payment's year) are one amount taxed finally in the PP 68/2009 bands: each
    payment bears the bands' tax on the running total less what was taxed
    before. A payment in a later year is taxed at the Pasal 17 rates on that
    year's running total (PP 68/2009, PMK 16/PMK.03/2010).
    """
    ordered = sorted(payments, key=lambda p: p[0])
    if not ordered:
        return []
    first_year = ordered[0][0].year
    slices: list[TaxSlice] = []
    final_total = final_taxed = 0
    later: dict[int, tuple[int, int]] = {}
    for day, amount in ordered:
        years = int(term(pack, "final_years", day))
        if day.year < first_year + years:
            final_total += amount
            due = rupiah(_bands(final_total, pack.table("severance_tax", day).rows))
            slices.append(TaxSlice(day, amount, due - final_taxed, True))
            final_taxed = due
        else:
            total, taxed = later.get(day.year, (0, 0))
            total += amount
            due = rupiah(_bands(total, pack.table("pasal17", day).rows))
            slices.append(TaxSlice(day, amount, due - taxed, False))
            later[day.year] = (total, due)
    return slices

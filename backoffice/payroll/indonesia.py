"""Indonesian payroll: gross, BPJS, PPh 21 by TER and the last period's Pasal 17.

Pure functions over the rules in force (:class:`IdRules`) and one employee's
month (:class:`~backoffice.payroll.model.MonthInput`). The legal basis of each
step is in ``docs``-style comments below and in the rule pack's ``source``
column; the reference is PMK 168/2023 and PP 58/2023.

* Gross (bruto) = salary + every allowance + overtime + bonus/THR/commission +
  taxable benefits in kind + the employer's JKK, JKM and BPJS Kesehatan
  (PMK 168/2023 Ps. 5(3)); the employer's JHT and JP are not income (Ps. 7c).
* Every month but the last: PPh 21 = TER(category, gross) × gross, the category
  fixed by the PTKP status at the start of the year.
* The last period (December, or the month the employee leaves): the year's
  gross − biaya jabatan (5 %, at most 500,000 × months worked) − the
  employee's JHT/JP/pension − zakat = neto; PKP = neto − PTKP rounded down to
  1,000; Pasal 17 tax on PKP minus what was withheld earlier (may be negative:
  a refund). Employees who join or leave mid-year are not annualised.
* Gross-up: a tax allowance equal to the PPh 21 is added to gross.
* DTP (PMK 10/2025 as amended by PMK 72/2025; PMK 105/2025): in a month the
  company's KLU is eligible, an eligible employee's PPh 21 is paid to them in
  cash and not remitted. In the last period an over-withholding is refunded
  only as far as the employee bore it: the DTP already paid is never refunded
  (PMK 168/2023 Ps. 21(2); PMK 72/2025 Ps. 5(5a)), so the DTP of the year is
  reduced by the part of the over-withholding it covered (a negative DTP).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from backoffice.payroll.model import Master, MonthInput, MonthResult, YearToDate
from backoffice.payroll.rounding import down_to, rupiah
from backoffice.payroll.rules import RulePack

Bracket = tuple[int, int | None, Decimal]  # above (exclusive), up to (inclusive), rate

#: Company overrides the Rules sheet may set.
OVERRIDES = ("jkk_class", "jkk_rate", "kes_floor", "kes_cap", "jp_cap")


@dataclass(frozen=True, eq=False)  # hashed by identity: one object per month, cached
class IdRules:
    """The Indonesian rules in force in one month, pack and company overrides merged."""

    ter: dict[str, tuple[Bracket, ...]]
    ptkp: dict[str, tuple[int, str]]
    pasal17: tuple[Bracket, ...]
    pkp_rounding: int
    bj_rate: Decimal
    bj_monthly_cap: int
    bj_annual_cap: int
    kes_rates: tuple[Decimal, Decimal]
    kes_cap: int
    kes_floor: int
    jht_rates: tuple[Decimal, Decimal]
    jp_rates: tuple[Decimal, Decimal]
    jp_cap: int
    jkk_classes: dict[int, Decimal]
    jkk_class: int
    jkk_rate: Decimal | None
    jkm_rate: Decimal
    overtime: dict[tuple[str, str], tuple[tuple[int, int, Decimal], ...]]
    hourly_divisor: Decimal
    fixed_share_floor: Decimal
    thr_min_months: int
    thr_full_months: int
    dtp_max: int | None  # the DTP ceiling for the company's KLU this month; None: no DTP


def _brackets(rows: list[dict[str, str]] | tuple[dict[str, str], ...]) -> tuple[Bracket, ...]:
    return tuple(sorted((int(r["above"]), int(r["up_to"]) if r["up_to"] else None,
                         Decimal(r["rate"])) for r in rows))


def dtp_row(pack: RulePack, klu: str | None, day: dt.date) -> dict[str, str] | None:
    """The PPh 21 DTP row (regulation, ceiling, source) for the business classification
    ``klu`` on ``day``; None when no regulation gives DTP to that KLU then."""
    if not klu:
        return None
    return next((r for r in pack.listed("dtp", day) if r["klu"].strip() == klu), None)


def resolve(pack: RulePack, overrides: dict[str, Decimal], day: dt.date,
            klu: str | None = None) -> IdRules:
    """The rules in force on ``day``; ``overrides`` are the company's Rules sheet values,
    ``klu`` its business classification (for PPh 21 DTP)."""
    ter_rows = pack.table("ter_monthly", day).rows
    ter = {cat: _brackets([r for r in ter_rows if r["category"] == cat])
           for cat in sorted({r["category"] for r in ter_rows})}
    p17 = pack.table("pasal17", day)
    bj = pack.table("biaya_jabatan", day)
    kes = pack.table("bpjs_kesehatan", day)
    jht = pack.table("jht", day)
    jp = pack.table("jp", day)
    jkk = pack.table("jkk", day)
    wage = pack.table("overtime_wage", day)
    thr = pack.table("thr", day)
    dtp = dtp_row(pack, klu, day)
    return IdRules(
        ter=ter,
        ptkp={r["status"]: (int(r["amount"]), r["ter_category"])
              for r in pack.table("ptkp", day).rows},
        pasal17=_brackets(p17.rows),
        pkp_rounding=int(p17.first()["pkp_rounding"]),
        bj_rate=bj.number("rate"), bj_monthly_cap=int(bj.number("monthly_cap")),
        bj_annual_cap=int(bj.number("annual_cap")),
        kes_rates=(kes.number("employer_rate"), kes.number("employee_rate")),
        kes_cap=int(overrides.get("kes_cap", kes.number("wage_cap"))),
        kes_floor=int(overrides.get("kes_floor", kes.number("wage_floor"))),
        jht_rates=(jht.number("employer_rate"), jht.number("employee_rate")),
        jp_rates=(jp.number("employer_rate"), jp.number("employee_rate")),
        jp_cap=int(overrides.get("jp_cap", jp.number("wage_cap"))),
        jkk_classes={int(r["risk_class"]): Decimal(r["rate"]) for r in jkk.rows},
        jkk_class=int(overrides.get("jkk_class", 1)),
        jkk_rate=overrides.get("jkk_rate"),
        jkm_rate=pack.table("jkm", day).number("employer_rate"),
        overtime=_overtime_bands(pack.table("overtime", day).rows),
        hourly_divisor=wage.number("hourly_divisor"),
        fixed_share_floor=wage.number("fixed_share_floor"),
        thr_min_months=int(thr.number("min_months")),
        thr_full_months=int(thr.number("full_months")),
        dtp_max=int(dtp["max_regular_gross"]) if dtp else None,
    )


def _overtime_bands(rows: tuple[dict[str, str], ...]
                    ) -> dict[tuple[str, str], tuple[tuple[int, int, Decimal], ...]]:
    """(work week, day type) -> its (first hour, last hour, multiplier) bands, in order."""
    bands: dict[tuple[str, str], list[tuple[int, int, Decimal]]] = {}
    for r in rows:
        bands.setdefault((r["work_week"], r["day_type"]), []).append(
            (int(r["from_hour"]), int(r["to_hour"]), Decimal(r["multiplier"])))
    return {key: tuple(sorted(value)) for key, value in bands.items()}


# -- the pieces ---------------------------------------------------------------------------

def ter_rate(table: tuple[Bracket, ...], gross: int) -> Decimal:
    """The TER rate of the bracket (above, up to] that holds ``gross``."""
    if gross <= table[0][0]:
        return Decimal(0)
    uppers = _UPPERS.get(id(table))
    if uppers is None or uppers[0] is not table:
        uppers = _UPPERS[id(table)] = (table, [u if u is not None else float("inf")
                                               for _a, u, _r in table])
    index = bisect_left(uppers[1], gross)  # the first bracket whose upper bound is >= gross
    return table[min(index, len(table) - 1)][2]


#: id(table) -> (table, its upper bounds): a table is hashed once, not at every lookup.
_UPPERS: dict[int, tuple[tuple[Bracket, ...], list[int | float]]] = {}


def gross_up_ter(base: int, table: tuple[Bracket, ...]) -> int:
    """The gross G whose TER tax, borne by the employer, leaves ``base``: G − PPh(G) = base.

    PMK 168/2023 Lampiran B I.4: for the rate r whose bracket holds
    G = floor(base / (1 − r)), PPh = floor(r × G).
    """
    for _above, _up_to, rate in table:
        guess = rupiah(Decimal(base) / (1 - rate))
        for gross in range(guess - 2, guess + 3):
            if ter_rate(table, gross) == rate and gross - rupiah(rate * gross) == base:
                return gross
    allowance = 0  # no exact fixed point (a bracket edge): the least allowance that covers it
    for _ in range(200):
        gross = base + allowance
        tax = rupiah(ter_rate(table, gross) * gross)
        if tax <= allowance:
            return gross
        allowance = tax
    return base + allowance


def pasal17(pkp: int, brackets: tuple[Bracket, ...]) -> int:
    """The annual tax on ``pkp`` by the progressive Pasal 17(1)a layers."""
    tax = Decimal(0)
    for above, up_to, rate in brackets:
        if pkp > above:
            top = pkp if up_to is None else min(pkp, up_to)
            tax += Decimal(top - above) * rate
    return rupiah(tax)


def overtime_units(rules: IdRules, week: str, day_type: str, hours: Decimal) -> Decimal:
    """Hours × PP 35/2021 multipliers for one day: 3 workday hours are 1.5 + 2 + 2 = 5.5."""
    bands = rules.overtime.get((week, day_type))
    if not bands:
        raise ValueError(f"no overtime multipliers for a {week}-day week, {day_type}")
    return _units(bands, hours)


@lru_cache(maxsize=4096)
def _units(bands: tuple[tuple[int, int, Decimal], ...], hours: Decimal) -> Decimal:
    units = Decimal(0)
    for first, last, multiplier in bands:
        units += min(max(hours - (first - 1), Decimal(0)), Decimal(last - first + 1)) * multiplier
    beyond = hours - bands[-1][1]
    if beyond > 0:  # beyond the legal limit (Check warns): the last multiplier
        units += beyond * bands[-1][2]
    return units


def overtime_pay(rules: IdRules, input_: MonthInput) -> int:
    """The month's overtime: hourly wage (1/173 of the wage basis) × the units of every day."""
    if not input_.overtime:
        return 0
    m = input_.master
    wage = Decimal(m.basic + m.fixed)
    basis = max(wage, rules.fixed_share_floor * (wage + m.other))
    units = Decimal(0)
    for o in input_.overtime:
        units += overtime_units(rules, m.work_week, o.day_type, o.hours)
    return rupiah(basis / rules.hourly_divisor * units)


def months_of_service(joined: dt.date, day: dt.date) -> int:
    """Whole months from ``joined`` to ``day``."""
    months = (day.year - joined.year) * 12 + day.month - joined.month
    return max(months - (1 if day.day < joined.day else 0), 0)


def thr_amount(rules: IdRules, wage: int, joined: dt.date, paid_on: dt.date) -> int:
    """THR (Permenaker 6/2016 Ps. 3): a month's wage, prorated below 12 months of service."""
    months = months_of_service(joined, paid_on)
    if months < rules.thr_min_months:
        return 0
    if months >= rules.thr_full_months:
        return wage
    return rupiah(Decimal(wage) * months / rules.thr_full_months)


def bpjs(rules: IdRules, input_: MonthInput) -> dict[str, int]:
    """Both sides of BPJS on the wage (basic + fixed allowances), with the caps and floor."""
    return _bpjs(rules, input_.master)


@lru_cache(maxsize=65536)
def _bpjs(rules: IdRules, m: Master) -> dict[str, int]:
    # Months repeat the same master row under the same rules: computed once each.
    wage = m.basic + m.fixed
    jkk_rate = rules.jkk_rate if rules.jkk_rate is not None else \
        rules.jkk_classes[m.jkk_class or rules.jkk_class]
    jp_base = min(wage, rules.jp_cap)
    kes_base = min(max(wage, rules.kes_floor), rules.kes_cap) if wage else 0
    return {
        "jkk": rupiah(wage * jkk_rate),
        "jkm": rupiah(wage * rules.jkm_rate),
        "jht_employer": rupiah(wage * rules.jht_rates[0]),
        "jht_employee": rupiah(wage * rules.jht_rates[1]),
        "jp_employer": rupiah(jp_base * rules.jp_rates[0]),
        "jp_employee": rupiah(jp_base * rules.jp_rates[1]),
        "kes_employer": rupiah(kes_base * rules.kes_rates[0]),
        "kes_employee": rupiah(kes_base * rules.kes_rates[1]),
    }


@dataclass(frozen=True)
class Annual:
    """The last period's annual computation."""

    gross: int
    biaya_jabatan: int
    neto: int
    ptkp: int
    pkp: int
    tax: int


def annual(rules: IdRules, ptkp_status: str, gross: int, months: int, contributions: int,
           zakat: int, part_year: bool = False) -> Annual:
    """PMK 168/2023 Ps. 8(3)-(5), 10: the year's PPh 21 on actual (not annualised) income.

    For a part-year resident (``part_year``: the subjective tax obligation began or
    ended in the year, Ps. 15(3)) the net income is annualised (× 12 / months) and
    the tax on it prorated (× months / 12), as PMK 168/2023 Lampiran B I.2.1.2.
    """
    cap = min(rules.bj_monthly_cap * months, rules.bj_annual_cap)
    biaya = min(rupiah(rules.bj_rate * gross), cap)
    neto = gross - biaya - contributions - zakat
    ptkp = rules.ptkp[ptkp_status][0]
    base = rupiah(Decimal(neto) * 12 / months) if part_year and months < 12 else neto
    pkp = max(down_to(base - ptkp, rules.pkp_rounding), 0)
    tax = pasal17(pkp, rules.pasal17)
    if part_year and months < 12:
        tax = rupiah(Decimal(tax) * months / 12)
    return Annual(gross, biaya, neto, ptkp, pkp, tax)


# -- one month ------------------------------------------------------------------------------

def compute_month(rules: IdRules, input_: MonthInput, ytd: YearToDate) -> MonthResult:
    """One employee's month; ``ytd`` is the year before this month (not changed)."""
    m, items = input_.master, input_.items
    r = MonthResult(period=input_.period, employee=m.employee, name=m.name,
                    department=m.department, ptkp=input_.ptkp,
                    ter_category=rules.ptkp[input_.ptkp][1])
    r.salary = m.basic + items.get("salary", 0)
    r.allowances = m.fixed + m.other + items.get("allowance", 0)
    r.overtime = overtime_pay(rules, input_) + items.get("overtime", 0)
    joined = m.joined or m.start
    r.thr = items.get("thr", 0)
    for day in input_.thr_auto:
        r.thr += thr_amount(rules, m.basic + m.fixed, joined, day)
    r.bonus, r.commission = items.get("bonus", 0), items.get("commission", 0)
    r.benefit, r.employer_premium = items.get("benefit", 0), items.get("employer_premium", 0)
    r.employee_pension, r.zakat = items.get("employee_pension", 0), items.get("zakat", 0)
    r.deduction = items.get("deduction", 0)
    if m.auto_bpjs:
        for key, value in bpjs(rules, input_).items():
            setattr(r, key, value)
    base = r.cash_earnings + r.employer_taxable  # gross before any tax allowance
    # With DTP the state bears the tax and pays it to the employee: no allowance on top.
    gross_up = m.method == "gross-up" and not input_.dtp
    if not input_.is_last:
        table = rules.ter[r.ter_category]
        r.gross = gross_up_ter(base, table) if gross_up else base
        r.tax_allowance = r.gross - base
        r.ter_rate = ter_rate(table, r.gross)
        r.pph21 = rupiah(r.ter_rate * r.gross)
    else:
        r.last_period = True
        months = ytd.months + 1
        contributions = ytd.contributions + r.deductible
        zakat = ytd.zakat + r.zakat

        def last_tax(allowance: int) -> tuple[Annual, int]:
            year = annual(rules, input_.ptkp, ytd.gross + base + allowance, months,
                          contributions, zakat, m.part_year)
            return year, year.tax - ytd.pph21

        year, tax = last_tax(0)
        if gross_up:  # the allowance that pays its own tax: a contraction, so it settles
            allowance = 0
            for _ in range(200):
                year, tax = last_tax(allowance)
                if tax == allowance:
                    break
                allowance = tax
            r.tax_allowance = allowance
        r.gross = base + r.tax_allowance
        r.pph21 = tax
        r.gross_year, r.biaya_jabatan, r.neto = year.gross, year.biaya_jabatan, year.neto
        r.ptkp_amount, r.pkp, r.pph21_year = year.ptkp, year.pkp, year.tax
        r.withheld_before = ytd.pph21
    if input_.dtp and r.pph21 > 0:
        r.dtp = r.pph21
    elif r.pph21 < 0 and ytd.dtp > 0:
        # Over-withheld in the last period after DTP was given: the DTP already paid to the
        # employee is not refunded (PMK 168/2023 Ps. 21(2); PMK 72/2025 Ps. 5(5a)); the year's
        # DTP shrinks by what of the over-withholding it covers, and only the rest, what the
        # employee bore, is refunded (PMK 72/2025 Lampiran B no. 7 and 8).
        r.dtp = -min(-r.pph21, ytd.dtp)
    r.net_pay = r.gross - r.employer_taxable - r.employee_deductions - r.pph21 + r.dtp
    return r

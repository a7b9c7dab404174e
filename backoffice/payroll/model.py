"""The payroll's records: an employee's master row, a month's input, a month's result.

Amounts are whole rupiah as ``int`` (IDR has no minor unit in payroll); rates
are ``Decimal``. A :class:`MonthResult` is one row of the payroll register; it
is what a finalized month stores and what payslips, the journal and the bank
file are made from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from backoffice.payroll.rounding import rupiah


def last_day_employed(left: dt.date | None) -> dt.date | None:
    """The last day employed, from the Employees sheet's *Left*: the day work stops.

    PMK 168/2023 Lampiran B I.2.2.1: Tuan D "berhenti bekerja pada 1 September
    2024" and August is his last tax period. So *Left* is the first day no longer
    worked, and the last period is the month of the day before (typing the last
    day worked, 31 August, gives August too: pay is monthly).
    """
    return None if left is None else left - dt.timedelta(days=1)


#: Pay item kinds (the Pay items sheet's closed list).
ITEM_KINDS = ("salary", "allowance", "overtime", "bonus", "thr", "commission", "benefit",
              "employer_premium", "employee_pension", "zakat", "deduction")


@dataclass(frozen=True)
class Master:
    """One Employees row: what is in force for an employee from ``start`` on."""

    employee: str
    start: dt.date
    name: str = ""
    department: str = ""
    type: str = "permanent"
    ptkp: str = "TK/0"
    basic: int = 0
    fixed: int = 0
    other: int = 0
    method: str = "gross"
    auto_bpjs: bool = True
    jkk_class: int | None = None
    work_week: str = "5"
    joined: dt.date | None = None
    left: dt.date | None = None  # the last day employed (see last_day_employed)
    dtp: bool = False
    part_year: bool = False
    npwp: str = ""
    bank: str = ""
    account: str = ""
    currency: str = ""  # blank: the base currency; else basic/fixed/other are in ``original``
    original: tuple[Decimal, Decimal, Decimal] | None = None  # basic, fixed, other as typed

    def in_base(self, rate: Decimal) -> Master:
        """This row with a foreign currency's amounts converted at ``rate`` (base units per
        unit), each rounded down to the whole rupiah (the payroll's rounding policy)."""
        if self.original is None:
            return self
        basic, fixed, other = (rupiah(amount * rate) for amount in self.original)
        return dataclasses.replace(self, basic=basic, fixed=fixed, other=other)


@dataclass(frozen=True)
class Overtime:
    """One Timesheet row: overtime hours of one day of a type."""

    day: dt.date
    day_type: str
    hours: Decimal


@dataclass(frozen=True)
class MonthInput:
    """Everything the engine needs for one employee and one month.

    Attributes:
        period: "YYYY-MM".
        master: the Employees row in force at the month's end.
        ptkp: the PTKP status in force at the start of the year (or of the first month worked).
        items: Pay items of the month summed by kind (THR rows with an amount).
        thr_auto: the pay days of THR rows left blank (computed).
        overtime: the month's Timesheet rows.
        is_last: December, or the month the employee leaves: the annual reconciliation.
        dtp: the employee gets government-borne PPh 21 this month.
    """

    period: str
    master: Master
    ptkp: str
    items: Mapping[str, int] = field(default_factory=dict)
    thr_auto: tuple[dt.date, ...] = ()
    overtime: tuple[Overtime, ...] = ()
    is_last: bool = False
    dtp: bool = False


@dataclass
class YearToDate:
    """What the year held before a month: opening figures plus the earlier months."""

    gross: int = 0
    pph21: int = 0
    contributions: int = 0
    zakat: int = 0
    months: int = 0
    dtp: int = 0

    def add(self, result: MonthResult) -> None:
        """Count ``result`` in the year."""
        self.gross += result.gross
        self.pph21 += result.pph21
        self.contributions += result.deductible
        self.zakat += result.zakat
        self.months += 1
        self.dtp += result.dtp


@dataclass
class MonthResult:
    """One employee's month: the payroll register row.

    ``gross`` is the taxable gross (bruto): cash earnings plus taxable
    employer-paid premiums (JKK, JKM, BPJS Kesehatan) and benefits in kind.
    ``net_pay`` = ``gross`` − ``employer_taxable`` − ``employee_deductions``
    − ``pph21`` + ``dtp``. ``pph21`` is the month's tax as the regulation computes
    it (negative in a last period that over-withheld); ``dtp`` the part borne by
    the government (negative in a last period: DTP given earlier that the
    over-withholding absorbs, never refunded to the employee).
    """

    period: str
    employee: str
    name: str = ""
    department: str = ""
    status: str = "draft"
    ptkp: str = ""
    ter_category: str = ""
    salary: int = 0
    allowances: int = 0
    overtime: int = 0
    bonus: int = 0
    thr: int = 0
    commission: int = 0
    tax_allowance: int = 0
    benefit: int = 0
    jkk: int = 0
    jkm: int = 0
    kes_employer: int = 0
    employer_premium: int = 0
    gross: int = 0
    jht_employer: int = 0
    jp_employer: int = 0
    other_employer: int = 0
    jht_employee: int = 0
    jp_employee: int = 0
    kes_employee: int = 0
    other_employee: int = 0
    deductible_other: int = 0  # the part of other_employee that is deductible (generic pack)
    employee_pension: int = 0
    zakat: int = 0
    deduction: int = 0
    ter_rate: Decimal | None = None
    pph21: int = 0
    dtp: int = 0
    net_pay: int = 0
    last_period: bool = False
    gross_year: int | None = None
    biaya_jabatan: int | None = None
    neto: int | None = None
    ptkp_amount: int | None = None
    pkp: int | None = None
    pph21_year: int | None = None
    withheld_before: int | None = None
    currency: str = ""  # pay in a foreign currency: the currency (blank: rupiah)
    pay_in_currency: Decimal | None = None  # its earnings in that currency, as typed
    tax_rate: Decimal | None = None  # the Minister of Finance's rate (kurs pajak) used
    tax_rate_kmk: str = ""  # the decree that set it

    @property
    def cash_earnings(self) -> int:
        """What is paid in cash before deductions (salary, allowances, overtime, irregular)."""
        return (self.salary + self.allowances + self.overtime + self.bonus + self.thr
                + self.commission + self.tax_allowance)

    @property
    def employer_taxable(self) -> int:
        """Taxable amounts in gross that are not paid to the employee in cash."""
        return self.benefit + self.jkk + self.jkm + self.kes_employer + self.employer_premium

    @property
    def employer_contributions(self) -> int:
        """Everything the employer pays to BPJS (or the pack's funds) and insurers."""
        return (self.jkk + self.jkm + self.kes_employer + self.employer_premium
                + self.jht_employer + self.jp_employer + self.other_employer)

    @property
    def employee_bpjs(self) -> int:
        return self.jht_employee + self.jp_employee + self.kes_employee + self.other_employee

    @property
    def deductible(self) -> int:
        """Employee contributions that reduce the annual net income (PMK 168 Ps. 10(1)b)."""
        return self.jht_employee + self.jp_employee + self.employee_pension + self.deductible_other

    @property
    def employee_deductions(self) -> int:
        """Everything taken from the employee's pay except PPh 21."""
        return self.employee_bpjs + self.employee_pension + self.zakat + self.deduction

    @property
    def pph21_payable(self) -> int:
        """PPh 21 the employer pays to the tax office (the DTP part is borne by the state);
        negative: an over-withholding the employer refunds and sets off later."""
        return self.pph21 - self.dtp

    @property
    def refund(self) -> int:
        """PPh 21 refunded to the employee this month: the over-withholding of the last
        period less the DTP it covers, which is never refunded."""
        return max(-self.pph21_payable, 0)

    def to_json(self) -> str:
        """The result as JSON text, for the store of finalized months."""
        data = {k: (str(v) if isinstance(v, Decimal) else v)
                for k, v in dataclasses.asdict(self).items()}
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> MonthResult:
        data: dict[str, Any] = json.loads(text)
        known = {f.name for f in dataclasses.fields(cls)}
        data = {k: v for k, v in data.items() if k in known}
        for key in ("ter_rate", "pay_in_currency", "tax_rate"):
            if data.get(key) is not None:
                data[key] = Decimal(data[key])
        return cls(**data)

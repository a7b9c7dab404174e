"""The generic rule pack: a flat-rate tax and configurable contributions.

It shows that a country is data: ``rules/generic/tax.csv`` gives the rate and
a monthly tax-free allowance, ``contributions.csv`` any number of contributions
(employer and employee rates, an optional wage cap, whether the employee's
share reduces taxable pay). There is no year-end reconciliation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from backoffice.payroll.model import MonthInput, MonthResult
from backoffice.payroll.rounding import rupiah
from backoffice.payroll.rules import RulePack


def compute_month(pack: RulePack, day: dt.date, input_: MonthInput) -> MonthResult:
    """One employee's month under the generic pack in force on ``day``."""
    m, items = input_.master, input_.items
    r = MonthResult(period=input_.period, employee=m.employee, name=m.name,
                    department=m.department)
    r.salary = m.basic + items.get("salary", 0)
    r.allowances = m.fixed + m.other + items.get("allowance", 0)
    r.overtime = items.get("overtime", 0)
    r.bonus, r.thr = items.get("bonus", 0), items.get("thr", 0)
    r.commission, r.benefit = items.get("commission", 0), items.get("benefit", 0)
    r.employer_premium = items.get("employer_premium", 0)
    r.employee_pension, r.zakat = items.get("employee_pension", 0), items.get("zakat", 0)
    r.deduction = items.get("deduction", 0)
    wage = m.basic + m.fixed
    if m.auto_bpjs:
        for row in pack.table("contributions", day).rows:
            base = min(wage, int(row["wage_cap"])) if row["wage_cap"] else wage
            employee_share = rupiah(base * Decimal(row["employee_rate"]))
            r.other_employer += rupiah(base * Decimal(row["employer_rate"]))
            r.other_employee += employee_share
            if row["deductible"].strip().lower() in ("yes", "ya", "true", "1"):
                r.deductible_other += employee_share
    r.gross = r.cash_earnings + r.employer_taxable
    tax = pack.table("tax", day)
    taxable = max(r.gross - r.deductible - int(tax.number("allowance")), 0)
    r.ter_rate = tax.number("rate")
    r.pph21 = rupiah(taxable * r.ter_rate)
    r.net_pay = r.gross - r.employer_taxable - r.employee_deductions - r.pph21
    return r

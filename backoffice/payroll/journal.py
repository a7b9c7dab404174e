"""The payroll journal: a month's register summed by department, as ledger lines.

The ledger never sees an individual salary. Per department: salary expense
(cash earnings: salary, allowances, overtime, bonus, THR, tax allowance) and
BPJS expense (everything the employer pays to BPJS and insurers). For the
whole company: net pay owed to employees, PPh 21 payable (without the DTP part,
which the state bears), BPJS payable (both sides) and other payables (zakat,
pension, other deductions). A negative PPh 21 (a December refund) is a debit.

Severance (the Leavers of the month, :mod:`.severance`) is owed on the last
day: its total is salary expense of the leaver's department, the final PPh 21
of what is paid that month is PPh 21 payable, and the rest is owed to the
leaver with the net pay.

Every line of a month shares one entry number ``PAY-YYYY-MM`` and the ledger
block ``payroll:YYYY-MM``: the same register gives the same lines.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from backoffice.ledger.generated import GeneratedLine
from backoffice.payroll.inputs import month_end
from backoffice.payroll.model import MonthResult
from backoffice.payroll.severance import Severance

DEFAULT_ACCOUNTS = {
    "salary_expense_account": "6101", "bpjs_expense_account": "6102",
    "salaries_payable_account": "2105", "pph21_payable_account": "2103",
    "bpjs_payable_account": "2104", "payroll_other_payable_account": "2106",
}

_TEXT = {
    "en": {"salary": "Salaries", "bpjs": "Employer BPJS and premiums", "net": "Net pay owed",
           "pph": "PPh 21 withheld", "bpjs_due": "BPJS contributions due",
           "other": "Zakat, pension and other deductions held", "none": "no department",
           "severance": "Severance"},
    "id": {"salary": "Gaji", "bpjs": "BPJS dan premi perusahaan", "net": "Gaji bersih terutang",
           "pph": "PPh 21 dipotong", "bpjs_due": "Iuran BPJS terutang",
           "other": "Zakat, pensiun dan potongan lain", "none": "tanpa departemen",
           "severance": "Pesangon"},
}


def source(period: str) -> str:
    """The ledger block of a month: ``payroll:2026-03``."""
    return f"payroll:{period}"


def journal_lines(results: Sequence[MonthResult], period: str, settings: dict[str, Any],
                  lang: str = "en",
                  departments: dict[str, tuple[str | None, str | None]] | None = None,
                  severance: Sequence[Severance] = ()) -> list[GeneratedLine]:
    """The balanced lines of ``period``'s payroll entry, summed by department.

    ``departments`` maps a department to its own (salary, BPJS) expense accounts
    (the Departments sheet); a blank one takes the account from Settings.
    ``severance``: the leavers (of any month; those whose last day is in
    ``period`` are journalled) with the department of their last month.
    """
    month = [r for r in results if r.period == period]
    if not month:
        return []
    leaving = [s for s in severance if s.leaver.last_day.strftime("%Y-%m") == period]
    home = {r.employee: r.department for r in month}
    accounts = {k: settings.get(k) or v for k, v in DEFAULT_ACCOUNTS.items()}
    text = _TEXT.get(lang, _TEXT["en"])
    year, number = int(period[:4]), int(period[5:])
    day = month_end(dt.date(year, number, 1))
    entry = f"PAY-{period}"
    salary: dict[str, int] = defaultdict(int)
    bpjs: dict[str, int] = defaultdict(int)
    for r in month:
        salary[r.department] += r.cash_earnings
        bpjs[r.department] += r.employer_contributions
    lines: list[GeneratedLine] = []

    def add(account: str, description: str, amount: int) -> None:
        if amount > 0:
            lines.append(GeneratedLine(day, entry, account, description, debit=Decimal(amount)))
        elif amount < 0:
            lines.append(GeneratedLine(day, entry, account, description, credit=Decimal(-amount)))

    for department in sorted(salary):
        label = department or text["none"]
        own_salary, own_bpjs = (departments or {}).get(department, (None, None))
        add(own_salary or accounts["salary_expense_account"],
            f"{text['salary']} {period} — {label}", salary[department])
        add(own_bpjs or accounts["bpjs_expense_account"], f"{text['bpjs']} {period} — {label}",
            bpjs[department])
    ended: dict[str, int] = defaultdict(int)
    for s in leaving:
        ended[home.get(s.leaver.employee, "")] += s.total
    for department in sorted(ended):
        own_salary, _ = (departments or {}).get(department, (None, None))
        add(own_salary or accounts["salary_expense_account"],
            f"{text['severance']} {period} — {department or text['none']}", ended[department])
    # Benefits in kind are taxed, but were expensed when bought: they are not journalled here.
    severance_tax = sum(t.tax for s in leaving for t in s.tax
                        if t.day.strftime("%Y-%m") == period)
    net = sum(r.net_pay for r in month) + sum(s.total for s in leaving) - severance_tax
    pph = sum(r.pph21_payable for r in month) + severance_tax
    bpjs_due = sum(r.employer_contributions + r.employee_bpjs for r in month)
    other = sum(r.employee_pension + r.zakat + r.deduction for r in month)
    add(accounts["salaries_payable_account"], f"{text['net']} {period}", -net)
    add(accounts["pph21_payable_account"], f"{text['pph']} {period}", -pph)
    add(accounts["bpjs_payable_account"], f"{text['bpjs_due']} {period}", -bpjs_due)
    add(accounts["payroll_other_payable_account"], f"{text['other']} {period}", -other)
    return lines

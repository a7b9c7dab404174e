"""Checks of the Leavers sheet, each problem at its cell.

A leaver must be a known employee whose Employees *Left* agrees with the
Leavers *Last day* (the payroll's last month and its year-end reconciliation
come from *Left*), with a day joined. A company may pay more than PP 35/2021's
minimums, never less: a Pesangon or UPMK paid below the minimum is an error.
A reason whose article gives *uang pisah* with none typed is a warning; a part
paid later needs both its amount and its day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from backoffice.issues import Issue, make_issue
from backoffice.payroll.checks import (
    _before_coverage,
    _employment,
    _unknown_employees,
    _whole_amounts,
    pack_of,
)
from backoffice.payroll.leavers import left_matches, read_leavers
from backoffice.payroll.severance import compute_severance
from backoffice.ruleset import register
from backoffice.schema import BookData

AMOUNTS = ("travel_home", "other_rights", "separation", "pesangon_paid", "upmk_paid",
           "paid_later")


@register("leavers")
def check_leavers(book: BookData) -> Iterator[Issue]:
    """Known employees, Left agreeing with Last day, never less than the minimums."""
    data = book.get("leavers")
    if data is None or data.frame.height == 0:
        return
    yield from _unknown_employees(book, "leavers")
    pack = pack_of(book)
    yield from _before_coverage(data, "last_day", pack)
    yield from _whole_amounts(book, data, AMOUNTS)
    spans = _employment(book)
    employees = book.get("employees")
    where = employees.sheet if employees is not None else ""
    late = {r["_row"]: (r.get("paid_later"), r.get("paid_later_on"))
            for r in data.frame.iter_rows(named=True)}
    for row, leaver in read_leavers(book):
        last_left = spans.get(leaver.employee, (None, None))[1]
        left = None if last_left is None else last_left + dt.timedelta(days=1)
        if not left_matches(leaver.last_day, left):
            yield make_issue("payroll-severance-left-mismatch", data.sheet, row=row,
                             column=data.letters.get("last_day"), field="last_day",
                             value=leaver.employee, date=leaver.last_day.isoformat(),
                             left=left.isoformat() if left else "…", employees=where)
            continue
        if leaver.last_day < pack.coverage_start:
            continue
        amount, day = late.get(row, (None, None))
        if (amount is None) != (day is None):
            yield make_issue("payroll-severance-paid-later", data.sheet, row=row,
                             column=data.letters.get("paid_later_on" if day is None
                                                     else "paid_later"),
                             field="paid_later_on" if day is None else "paid_later",
                             value=leaver.employee)
        result = compute_severance(leaver, pack)
        for key, paid, minimum in (("pesangon_paid", leaver.pesangon_paid, result.pesangon_min),
                                   ("upmk_paid", leaver.upmk_paid, result.upmk_min)):
            if paid is not None and paid < minimum:
                yield make_issue("payroll-severance-below-minimum", data.sheet, row=row,
                                 column=data.letters.get(key), field=key, value=paid,
                                 minimum=minimum, article=result.article,
                                 header=data.header(key))
        if result.separation_due and not leaver.separation:
            yield make_issue("payroll-severance-separation-missing", data.sheet, row=row,
                             column=data.letters.get("separation"), field="separation",
                             value=leaver.employee, article=result.article)

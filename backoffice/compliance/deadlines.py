"""Deadlines moved off days off: PMK 81/2024 Ps. 100.

A deadline (for paying or filing) that falls on a Saturday, a Sunday, a national
holiday, an election day or a national cuti bersama moves to the next working
day. The days off are the HR records' (:mod:`backoffice.holidays`), so the
calendar and the payroll agree on them.
"""

from __future__ import annotations

import datetime as dt

#: Where the shift is written.
SHIFT_SOURCE = "PMK 81/2024 Ps. 100"


def working_due(day: dt.date) -> dt.date:
    """``day`` when it is a working day, else the next working day."""
    from backoffice import holidays

    if holidays.is_working_day(day):
        return day
    moved = holidays.next_working_day(day)
    # next_working_day gives the first working day after ``day``; never earlier.
    assert moved > day
    return moved

"""Months as people type them on the command line (YYYY-MM): one parser, one message.

Closing, revaluation, payroll and the reports all take a month; they parse it
here so that a mistyped month gets the same answer everywhere.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from backoffice.catalogue import Localized
from backoffice.errors import UsageError

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(text: str) -> tuple[int, int]:
    """(year, month) of ``text`` written YYYY-MM; :class:`UsageError` otherwise."""
    match = _MONTH.match(text)
    if match is None:
        raise UsageError(detail=Localized(f"{text!r} is not a month like 2026-03.",
                                          f"{text!r} bukan bulan seperti 2026-03."))
    return int(match.group(1)), int(match.group(2))


def month_end(year: int, month: int) -> dt.date:
    """The last day of the month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def fiscal_year_start(day: dt.date, first_month: int) -> dt.date:
    """The first day of the fiscal year that contains ``day`` (Settings' first month)."""
    year = day.year if day.month >= first_month else day.year - 1
    return dt.date(year, first_month, 1)

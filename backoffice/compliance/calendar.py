"""The calendar: every obligation due in a stretch of days, done, due or late.

An :class:`Entry` is one obligation for one period: its deadline as the article
states it, the working day it moves to (:mod:`backoffice.compliance.deadlines`),
the amount the books give, and what the Filings / Pelaporan sheet records. Its
status, on a day ``as_of``:

* ``done``: paid or filed on or before the deadline;
* ``done-late``: paid or filed after it (the penalty rule applies);
* ``late``: not recorded and the deadline has passed;
* ``due``: not recorded, the deadline still ahead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from backoffice.compliance.amounts import Amounts
from backoffice.compliance.deadlines import working_due
from backoffice.compliance.rules import Rule, codes, period_ok, rule_for

#: How each status reads, and which are late.
STATUS_LABELS = {
    "done": ("Done", "Selesai"),
    "done-late": ("Done late", "Selesai terlambat"),
    "late": ("LATE", "TERLAMBAT"),
    "due": ("Due", "Jatuh tempo"),
}
LATE = frozenset({"late", "done-late"})


@dataclass(frozen=True)
class Filing:
    """One Filings row: the day an obligation of a period was paid or filed."""

    code: str
    period: str
    date: dt.date | None
    reference: str = ""
    amount: Decimal | None = None
    row: int | None = None


@dataclass(frozen=True)
class Entry:
    """One obligation of one period on the calendar (see the module docstring)."""

    rule: Rule
    period: str
    statutory: dt.date
    due: dt.date
    amount: Decimal | None
    status: str
    filing: Filing | None = None
    remind: dt.date | None = None  # a permit's reminder day
    renewed: dt.date | None = None  # a permit's renewal day
    covers: tuple[str, ...] = ()  # a THR obligation's employees ("code name")

    @property
    def done_on(self) -> dt.date | None:
        """The day it was paid, filed or renewed."""
        return self.filing.date if self.filing else self.renewed

    @property
    def shifted(self) -> bool:
        """Whether the deadline moved off a day off."""
        return self.due != self.statutory

    def days_late(self, as_of: dt.date) -> int:
        """Days past the deadline: to the filing, or to ``as_of`` when none is recorded."""
        if self.status == "done-late" and self.done_on:
            return (self.done_on - self.due).days
        return max((as_of - self.due).days, 0) if self.status == "late" else 0

    def status_label(self, lang: str) -> str:
        en, id_ = STATUS_LABELS[self.status]
        return id_ if lang == "id" else en


def entries(amounts: Amounts, filings: dict[tuple[str, str], Filing], start: dt.date,
            end: dt.date, as_of: dt.date) -> list[Entry]:
    """Every obligation the books have whose (moved) deadline falls in ``start``..``end``,
    by deadline then in the data file's order."""
    found: list[Entry] = []
    order = {code: i for i, code in enumerate(codes())}
    candidates = _candidate_periods(start, end)
    for code in codes():
        for period in candidates:
            rule = rule_for(code, period)
            if (rule is None or not period_ok(period, rule.frequency)
                    or not _applies(rule, period, amounts)):
                continue
            statutory = rule.statutory_due(period, amounts.anchors.get(rule.applies))
            # (no shift moves a deadline by a month)
            if statutory is None or statutory > end + dt.timedelta(days=31):
                continue
            # Only the rows whose shift says so move off a day off (PMK 81/2024 Ps. 100 is
            # about tax deadlines): THR is due "at the latest" a week before the holiday
            # (Permenaker 6/2016 Ps. 5(4)), and no rule moves the WLKP or the LKPM.
            due = working_due(statutory) if rule.moves else statutory
            if not start <= due <= end:
                continue
            filing = filings.get((code, period))
            found.append(Entry(rule, period, statutory, due, amounts.get(code, period),
                               _status(due, filing, as_of), filing,
                               covers=amounts.covers.get((code, period), ())))
    found.sort(key=lambda e: (e.due, order[e.rule.code], e.period))
    return found


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """The first and last day of "YYYY-MM"."""
    from backoffice.months import parse_month

    year, number = parse_month(month)
    first = dt.date(year, number, 1)
    following = dt.date(year + number // 12, number % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def _candidate_periods(start: dt.date, end: dt.date) -> list[str]:
    """Months, quarters, half years and years whose deadlines may fall between ``start``
    and ``end``: every deadline is at most five months after its period ends."""
    first = start.year * 12 + start.month - 1 - 6
    last = end.year * 12 + end.month - 1
    months = [f"{i // 12}-{i % 12 + 1:02d}" for i in range(first, last + 1)]
    years = [str(y) for y in range(first // 12 - 1, last // 12 + 1)]
    parts = [f"{y}-{p}" for y in years for p in ("Q1", "Q2", "Q3", "Q4", "H1", "H2")]
    return months + parts + years


def _applies(rule: Rule, period: str, amounts: Amounts) -> bool:
    annual = len(period) == 4
    if rule.yearly != annual:
        return False
    if rule.frequency == "religious":  # a holiday some employee's THR falls on
        return (rule.code, period) in amounts.covers
    periods = amounts.periods.get(rule.applies, set())
    if rule.frequency == "anniversary":
        return period in periods
    if annual and rule.applies != "company":  # a year of payroll: any month of it
        return any(p.startswith(period) for p in periods)
    return period in periods


def _status(due: dt.date, filing: Filing | None, as_of: dt.date) -> str:
    if filing is not None and filing.date is not None:
        return "done" if filing.date <= due else "done-late"
    return "late" if as_of > due else "due"

"""The obligation rules: one dated row each, with the article it comes from.

``data/obligations.csv`` holds, per obligation code, the rows in force over
time: a *monthly* rule is due in the month ``offset`` months after its period
(0: the period's own month), on ``day`` (a day of the month, or ``end``); a
*quarterly* ("2026-Q1") or *semiannual* ("2026-H1") one ``offset`` months after
its last month; an *annual* rule is due ``offset`` months after the year ends; a
*religious* one (THR) ``offset`` days before the year's first day of its
``holiday`` in the holiday data (the HR records', :mod:`backoffice.holidays`); an
*anniversary* one (WLKP) on the day and month of a date the book's Settings give.
A rule applies to a period when the period's first day falls within
``effective_from`` .. ``effective_to``: PMK 81/2024 moved the PPh deposits from the
10th to the 15th for the periods from January 2025.

``shift`` says whether a deadline on a day off moves to the next working day
(``next-working-day``: PMK 81/2024 Ps. 100 for the tax deadlines) or stays
(``none``: THR is due *at the latest* a week before the holiday; no rule moves the
WLKP or the LKPM). ``verified`` says how far a session has read the source:
``primary`` (the regulation's text), ``secondary`` (a reliable reader quoting it)
or ``unverified``; ``checked`` says what was read.

``applies`` says which books have the obligation: ``payroll`` (a book with
employees), ``december`` (someone paid in December), ``leavers`` (someone's last
period before December), ``pph23`` (bills with PPh 23 withheld), ``ppn`` (PPN
charged or paid), ``company`` (every ledger), ``wlkp`` (a payroll book whose Settings give the
first WLKP report's date), ``lkpm-quarterly`` and ``lkpm-semiannual`` (the business
scale in Settings).
"""

from __future__ import annotations

import calendar as _calendar
import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "obligations.csv"


@dataclass(frozen=True)
class Rule:
    """One row of the obligations data.

    Attributes:
        code: the obligation ("pph21-pay"), what the Filings sheet names.
        en, id: what to do, in English and Indonesian.
        frequency: "monthly", "quarterly", "semiannual", "annual", "religious" (days
            before ``holiday``) or "anniversary" (a date from Settings).
        applies: which books have it ("payroll", "pph23", "ppn", "company").
        offset: months after the period's (or year's) last month the deadline falls in;
            for a religious rule, days before the holiday.
        day: the day of that month, or None for its last day.
        effective_from, effective_to: the periods the row covers (None: open).
        source: the regulation and article that set the deadline.
        penalty_en, penalty_id, penalty_source: what being late costs, and where it says so.
        holiday: a religious rule's holiday, as its English name starts in the holiday data.
        shift: "next-working-day" or "none" (see the module docstring).
        verified, checked: how far the source was read, and what was read.
    """

    code: str
    en: str
    id: str
    frequency: str
    applies: str
    offset: int
    day: int | None
    effective_from: dt.date
    effective_to: dt.date | None
    source: str
    penalty_en: str
    penalty_id: str
    penalty_source: str
    holiday: str = ""
    shift: str = "next-working-day"
    verified: str = "unverified"
    checked: str = ""

    def label(self, lang: str) -> str:
        return self.id if lang == "id" else self.en

    def penalty(self, lang: str) -> str:
        return self.penalty_id if lang == "id" else self.penalty_en

    def covers(self, first_day: dt.date) -> bool:
        """Whether this row is in force for a period starting on ``first_day``."""
        return self.effective_from <= first_day and (
            self.effective_to is None or first_day <= self.effective_to)

    @property
    def yearly(self) -> bool:
        """Whether its periods are years ("YYYY")."""
        return self.frequency in YEARLY

    @property
    def moves(self) -> bool:
        """Whether a deadline on a day off moves to the next working day."""
        return self.shift == "next-working-day"

    def holiday_day(self, year: int) -> dt.date | None:
        """A religious rule's holiday in ``year`` (its first day), from the holiday data."""
        from backoffice.holidays import holiday_records

        days = [h.day for h in holiday_records(year) if h.kind == "holiday"
                and h.name_en.startswith(self.holiday)]
        return min(days) if days else None

    def statutory_due(self, period: str, anchor: dt.date | None = None) -> dt.date | None:
        """The deadline as the article states it, before any shift for a day off (None: a
        religious holiday of a year the holiday data does not list, or an anniversary rule
        without its ``anchor`` date).

        ``period`` is "YYYY-MM", "YYYY-Q1" or "YYYY-H1" as the frequency has it, else "YYYY".
        """
        if self.frequency == "religious":
            holiday = self.holiday_day(int(period))
            return holiday - dt.timedelta(days=self.offset) if holiday else None
        if self.frequency == "anniversary":
            if anchor is None:
                return None
            last = _calendar.monthrange(int(period), anchor.month)[1]  # 29 Feb: the 28th
            return dt.date(int(period), anchor.month, min(anchor.day, last))
        year, month = int(period[:4]), period_last_month(period)
        index = year * 12 + (month - 1) + self.offset
        year, month = divmod(index, 12)
        month += 1
        last = _calendar.monthrange(year, month)[1]
        return dt.date(year, month, last if self.day is None else min(self.day, last))


#: The frequencies whose periods are years.
YEARLY = frozenset({"annual", "religious", "anniversary"})
#: How a period of each frequency is written, for the Filings sheet's messages.
PERIOD_FORMATS = {"monthly": "YYYY-MM", "quarterly": "YYYY-Q1..Q4", "semiannual": "YYYY-H1/H2"}
_PERIOD = {"monthly": re.compile(r"\d{4}-(0[1-9]|1[0-2])"), "quarterly": re.compile(r"\d{4}-Q[1-4]"),
           "semiannual": re.compile(r"\d{4}-H[12]")}
_YEAR = re.compile(r"\d{4}")


def period_ok(period: str, frequency: str) -> bool:
    """Whether ``period`` is written as ``frequency``'s periods are."""
    return bool(_PERIOD.get(frequency, _YEAR).fullmatch(period))


def period_first_day(period: str) -> dt.date:
    """The first day of a period ("2026", "2026-03", "2026-Q2", "2026-H2")."""
    year = int(period[:4])
    if len(period) == 4:
        return dt.date(year, 1, 1)
    if period[5] == "Q":
        return dt.date(year, 3 * int(period[6]) - 2, 1)
    if period[5] == "H":
        return dt.date(year, 6 * int(period[6]) - 5, 1)
    return dt.date(year, int(period[5:7]), 1)


def period_last_month(period: str) -> int:
    """The number of a period's last month (12 for a year)."""
    if len(period) == 4:
        return 12
    if period[5] == "Q":
        return 3 * int(period[6])
    if period[5] == "H":
        return 6 * int(period[6])
    return int(period[5:7])


@cache
def load_rules() -> tuple[Rule, ...]:
    """Every row of the obligations data, in file order."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        return tuple(_rule(row) for row in csv.DictReader(handle))


def _rule(row: dict[str, str]) -> Rule:
    return Rule(
        row["code"], row["en"], row["id"], row["frequency"], row["applies"], int(row["offset"]),
        None if row["day"] in ("end", "") else int(row["day"]),
        dt.date.fromisoformat(row["effective_from"]),
        dt.date.fromisoformat(row["effective_to"]) if row["effective_to"] else None,
        row["source"], row["penalty_en"], row["penalty_id"], row["penalty_source"],
        row["holiday"], row["shift"], row["verified"], row["checked"])


def codes() -> tuple[str, ...]:
    """Every obligation code, once, in file order."""
    return tuple(dict.fromkeys(rule.code for rule in load_rules()))


def rule_for(code: str, period: str) -> Rule | None:
    """The row of ``code`` in force for ``period`` (see :func:`period_first_day`), or None."""
    first = period_first_day(period)
    for rule in load_rules():
        if rule.code == code and rule.covers(first):
            return rule
    return None

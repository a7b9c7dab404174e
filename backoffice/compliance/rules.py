"""The obligation rules: one dated row each, with the article it comes from.

``data/obligations.csv`` holds, per obligation code, the rows in force over
time: a *monthly* rule is due in the month ``offset`` months after its period
(0: the period's own month), on ``day`` (a day of the month, or ``end``); an
*annual* rule is due ``offset`` months after the year ends; a *religious* one
(THR) ``offset`` days before the year's first day of Idul Fitri in the holiday
data (the HR records', :mod:`backoffice.holidays`). A rule applies to a
period when the period's first day falls within ``effective_from`` ..
``effective_to``: PMK 81/2024 moved the PPh deposits from the 10th to the 15th
for the periods from January 2025.

``applies`` says which books have the obligation: ``payroll`` (a book with
employees), ``december`` (someone paid in December), ``leavers`` (someone's last
period before December), ``pph23`` (bills with PPh 23 withheld), ``ppn`` (PPN
charged or paid), ``company`` (every ledger).
"""

from __future__ import annotations

import calendar as _calendar
import csv
import datetime as dt
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
        frequency: "monthly", "annual" or "religious" (days before Idul Fitri).
        applies: which books have it ("payroll", "pph23", "ppn", "company").
        offset: months after the period's (or year's) last month the deadline falls in;
            for a religious rule, days before the holiday.
        day: the day of that month, or None for its last day.
        effective_from, effective_to: the periods the row covers (None: open).
        source: the regulation and article that set the deadline.
        penalty_en, penalty_id, penalty_source: what being late costs, and where it says so.
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
        """Whether its periods are years ("YYYY") rather than months."""
        return self.frequency != "monthly"

    def statutory_due(self, period: str) -> dt.date | None:
        """The deadline as the article states it, before any shift for a day off (None: a
        religious holiday of a year the holiday data does not list).

        ``period`` is "YYYY-MM" for a monthly rule and "YYYY" for the others.
        """
        if self.frequency == "religious":
            from backoffice.holidays import holiday_records

            eid = [h.day for h in holiday_records(int(period)) if h.kind == "holiday"
                   and h.name_en.startswith("Eid al-Fitr")]
            return min(eid) - dt.timedelta(days=self.offset) if eid else None
        if self.frequency == "annual":
            year, month = int(period), 12
        else:
            year, month = int(period[:4]), int(period[5:7])
        index = year * 12 + (month - 1) + self.offset
        year, month = divmod(index, 12)
        month += 1
        last = _calendar.monthrange(year, month)[1]
        return dt.date(year, month, last if self.day is None else min(self.day, last))


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
        row["source"], row["penalty_en"], row["penalty_id"], row["penalty_source"])


def codes() -> tuple[str, ...]:
    """Every obligation code, once, in file order."""
    return tuple(dict.fromkeys(rule.code for rule in load_rules()))


def rule_for(code: str, period: str) -> Rule | None:
    """The row of ``code`` in force for ``period`` ("YYYY-MM" or "YYYY"), or None."""
    first = dt.date(int(period[:4]), int(period[5:7]) if len(period) > 4 else 1, 1)
    for rule in load_rules():
        if rule.code == code and rule.covers(first):
            return rule
    return None

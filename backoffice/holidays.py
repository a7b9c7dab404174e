"""Indonesian national holidays and joint leave days (cuti bersama), by year, as data.

Every year the Minister of Religious Affairs, the Minister of Manpower and the Minister
for Administrative Reform sign a joint decree (SKB 3 Menteri) listing the national holidays
(hari libur nasional) and the joint leave days (cuti bersama) of the next year. The dates
live in ``backoffice/data/holidays_id.csv``, one row per day with its kind
(``holiday`` or ``joint``), its name in English and Indonesian and the decree it comes from;
a new year is one more block of rows, never a code change.

Working days here are Monday to Friday minus both kinds of day: on a joint leave day the
office is closed and the day is charged to each employee's annual leave (UU 13/2003 Ps. 79
as amended by UU 6/2023; the decree itself says so), which :mod:`backoffice.hr.leave` does.
A year the file does not cover has no holidays: :func:`covered_years` lets callers warn.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "holidays_id.csv"

#: Monday=0 ... Sunday=6; Saturday and Sunday are the weekend of a five-day week.
WEEKEND = frozenset({5, 6})


@dataclass(frozen=True)
class Holiday:
    """One day off decreed for the whole country: ``kind`` is ``holiday`` or ``joint``."""

    day: dt.date
    kind: str
    name_en: str
    name_id: str
    source: str

    def name(self, lang: str = "en") -> str:
        """The day's name in ``lang`` (``en`` or ``id``)."""
        return self.name_id if lang == "id" else self.name_en


@cache
def _all() -> dict[dt.date, Holiday]:
    with DATA.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    out: dict[dt.date, Holiday] = {}
    for row in rows:
        day = dt.date.fromisoformat(row["date"])
        if row["kind"] not in ("holiday", "joint"):
            raise ValueError(f"{DATA.name}: unknown kind {row['kind']!r} on {day}")
        out[day] = Holiday(day, row["kind"], row["name_en"], row["name_id"], row["source"])
    return out


def holiday_records(year: int) -> list[Holiday]:
    """Every decreed day off of ``year`` (holidays and joint leave), in date order."""
    return sorted((h for d, h in _all().items() if d.year == year), key=lambda h: h.day)


def holidays(year: int, lang: str = "en", joint: bool = True) -> dict[dt.date, str]:
    """The national holidays of ``year`` and, unless ``joint`` is false, its joint leave
    days, as ``{date: name}`` with names in ``lang`` (``en`` or ``id``)."""
    return {h.day: h.name(lang) for h in holiday_records(year) if joint or h.kind == "holiday"}


def joint_leave(year: int, lang: str = "en") -> dict[dt.date, str]:
    """The joint leave days (cuti bersama) of ``year``: days charged to annual leave."""
    return {h.day: h.name(lang) for h in holiday_records(year) if h.kind == "joint"}


def covered_years() -> frozenset[int]:
    """The years the data file lists decreed days for."""
    return frozenset(d.year for d in _all())


def is_working_day(day: dt.date) -> bool:
    """Whether ``day`` is a working day: Monday to Friday and neither a national holiday
    nor a joint leave day."""
    return day.weekday() not in WEEKEND and day not in _all()


def next_working_day(day: dt.date) -> dt.date:
    """The first working day on or after ``day`` (a deadline falling on a day off moves here)."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def off_days(start: dt.date, end: dt.date) -> frozenset[dt.date]:
    """The decreed days off (both kinds) from ``start`` through ``end`` that fall on weekdays."""
    return frozenset(d for d in _all() if start <= d <= end and d.weekday() not in WEEKEND)


def working_days(start: dt.date, end: dt.date) -> int:
    """How many working days lie from ``start`` through ``end`` inclusive (0 if end < start)."""
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    # Whole weeks hold five weekdays each; count the weekdays of the remaining days one by one.
    weekdays = weeks * 5 + sum((start.weekday() + k) % 7 not in WEEKEND for k in range(rest))
    return weekdays - len(off_days(start, end))

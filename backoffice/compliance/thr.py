"""THR on each employee's own religious holiday (Permenaker 6/2016).

THR is paid once a year for the religious holiday of each employee: Idul Fitri for
Muslims, Natal for Protestants and Catholics, Nyepi for Hindus, Waisak for Buddhists,
Imlek for Confucians (Ps. 1 angka 2), at the latest seven days before it (Ps. 5
ayat (4)), to whoever has worked a month or more without a break (Ps. 2 ayat (1)).
The religion -> obligation table is data (``data/religions.csv``, with what was read
of the source); the holiday's date is the decree's, from the holiday data the HR
records use (:mod:`backoffice.holidays`).

Which row of the Employees sheet counts: the one in force on the holiday (the latest
*From* on or before it, else the first). A row without a religion covers nobody: the
employee is left off every THR obligation and Check warns at that cell
(:func:`missing_religion`), never guessing a holiday; a book where nobody has a religion
yet gets one line from the calendar instead (:func:`nobody_has_religion`).
"""

from __future__ import annotations

import calendar as _calendar
import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from backoffice.schema import BookData

DATA = Path(__file__).parent / "data" / "religions.csv"


@cache
def thr_codes() -> dict[str, str]:
    """Religion (the Employees sheet's key) -> the THR obligation code of its holiday."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        return {row["religion"]: row["thr"] for row in csv.DictReader(handle)}


@dataclass(frozen=True)
class Row:
    """One Employees row as THR needs it."""

    employee: str
    name: str
    start: dt.date
    religion: str | None
    joined: dt.date | None
    left: dt.date | None  # the first day no longer worked, as typed
    row: int | None


def staff(book: BookData) -> dict[str, list[Row]]:
    """Employee -> their Employees rows, by *From*."""
    sheet = book.get("employees")
    found: dict[str, list[Row]] = {}
    if sheet is None or sheet.frame is None:
        return found
    has_religion = "religion" in sheet.frame.columns
    for rec in sheet.frame.iter_rows(named=True):
        if rec.get("employee") is None or rec.get("from") is None:
            continue
        found.setdefault(rec["employee"], []).append(Row(
            rec["employee"], rec.get("name") or "", rec["from"],
            rec.get("religion") if has_religion else None, rec.get("joined"), rec.get("left"),
            rec.get("_row")))
    for rows in found.values():
        rows.sort(key=lambda r: r.start)
    return found


def in_force(rows: list[Row], day: dt.date) -> Row:
    """The row of one employee in force on ``day`` (the first when none is yet)."""
    current = rows[0]
    for row in rows:
        if row.start <= day:
            current = row
    return current


def entitled(rows: list[Row], holiday: dt.date) -> bool:
    """Whether the employee works on ``holiday`` with a month or more of service."""
    joined = next((r.joined for r in rows if r.joined), rows[0].start)
    left = next((r.left for r in reversed(rows) if r.left), None)
    if left is not None and left <= holiday:
        return False
    year, month = divmod(joined.year * 12 + joined.month, 12)  # the next month
    last = _calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(joined.day, last)) <= holiday


def covered(people: dict[str, list[Row]], code: str, holiday: dt.date) -> list[Row]:
    """The rows (in force on ``holiday``) of the employees THR ``code`` covers that year."""
    codes = thr_codes()
    found = []
    for rows in people.values():
        row = in_force(rows, holiday)
        if row.religion and codes.get(row.religion) == code and entitled(rows, holiday):
            found.append(row)
    return found


def missing_religion(book: BookData) -> Iterable[Row]:
    """Every Employees row without a religion (no THR holiday can be given to it), once the
    sheet's Religion column is in use (someone has one): a book where nobody has one yet
    predates the column, and the calendar says so once (:func:`nobody_has_religion`) rather
    than a warning on every row of every employee."""
    people = staff(book)
    rows = [row for rows in people.values() for row in rows]
    if any(row.religion for row in rows):
        yield from (row for row in rows if not row.religion)


def nobody_has_religion(book: BookData) -> bool:
    """Whether the book has employees and none of them a religion (no THR can be dated)."""
    rows = [row for rows in staff(book).values() for row in rows]
    return bool(rows) and not any(row.religion for row in rows)

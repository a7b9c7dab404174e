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

Leavers (Permenaker 6/2016 Ps. 7, data in ``data/thr_leavers.csv``): a PKWTT worker whose
employment ends within 30 days before the holiday is still owed THR; a PKWT worker whose
contract ends before the holiday is not. The contract is the Contracts row in force on the
last day worked; without one, Employees' *Type* "permanent" (pegawai tetap) is a PKWTT and
any other type is not (the 30 days are a PKWTT's right only).
"""

from __future__ import annotations

import calendar as _calendar
import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from backoffice.compliance.rules import load_rules
from backoffice.schema import BookData

DATA = Path(__file__).parent / "data" / "religions.csv"
LEAVERS = Path(__file__).parent / "data" / "thr_leavers.csv"


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
    type: str = "permanent"  # Employees' Type: permanent (pegawai tetap) or not


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
            rec.get("_row"), rec.get("type") or "permanent"))
    for rows in found.values():
        rows.sort(key=lambda r: r.start)
    return found


def contracts(book: BookData) -> dict[str, list[tuple[dt.date, str]]]:
    """Employee -> (start, ``pkwt`` or ``pkwtt``) of each Contracts row, by start."""
    sheet = book.get("contracts")
    found: dict[str, list[tuple[dt.date, str]]] = {}
    if sheet is None or sheet.frame is None:
        return found
    for rec in sheet.frame.iter_rows(named=True):
        if None in (rec.get("employee"), rec.get("start"), rec.get("type")):
            continue
        found.setdefault(rec["employee"], []).append((rec["start"], rec["type"]))
    for terms in found.values():
        terms.sort()
    return found


def contract_kind(rows: list[Row], terms: Sequence[tuple[dt.date, str]], day: dt.date) -> str:
    """``pkwtt`` or ``pkwt`` on ``day``: the contract then in force, else Employees' Type."""
    kind = next((k for start, k in reversed(terms) if start <= day), None)
    if kind is not None:
        return kind
    return "pkwtt" if in_force(rows, day).type == "permanent" else "pkwt"


@dataclass(frozen=True)
class LeaverRule:
    """How many days before the holiday an employment may end with THR still owed."""

    effective_from: dt.date
    contract: str
    days_before: int
    source: str


@cache
def leaver_rules() -> tuple[LeaverRule, ...]:
    """Every row of ``data/thr_leavers.csv``, in file order."""
    with LEAVERS.open(encoding="utf-8", newline="") as handle:
        return tuple(LeaverRule(dt.date.fromisoformat(r["effective_from"]), r["contract"],
                                int(r["days_before"]), r["source"])
                     for r in csv.DictReader(handle))


def leaver_rule(kind: str, holiday: dt.date) -> LeaverRule | None:
    """The row of ``data/thr_leavers.csv`` for a ``kind`` (pkwtt/pkwt) worker in force on
    ``holiday`` (None before any)."""
    rules = [r for r in leaver_rules() if r.contract == kind and r.effective_from <= holiday]
    return max(rules, key=lambda r: r.effective_from) if rules else None


def owed_after_leaving(kind: str, left: dt.date, holiday: dt.date) -> bool:
    """Whether THR for ``holiday`` is owed to a ``kind`` (pkwtt/pkwt) worker whose *Left*
    (first day no longer worked) is ``left``: always when they still work on the holiday;
    else when the last day worked is at most the rule's days before it (Permenaker 6/2016
    Ps. 7: 30 for a PKWTT, none for a PKWT)."""
    if left > holiday:
        return True
    rule = leaver_rule(kind, holiday)
    if rule is None:
        return False
    last_worked = left - dt.timedelta(days=1)
    return (holiday - last_worked).days <= rule.days_before


def in_force(rows: list[Row], day: dt.date) -> Row:
    """The row of one employee in force on ``day`` (the first when none is yet)."""
    current = rows[0]
    for row in rows:
        if row.start <= day:
            current = row
    return current


def entitled(rows: list[Row], holiday: dt.date,
             terms: Sequence[tuple[dt.date, str]] = ()) -> bool:
    """Whether the employee is owed THR for ``holiday``: a month or more of service, and
    employed on it or a leaver still owed it (:func:`owed_after_leaving`)."""
    joined = next((r.joined for r in rows if r.joined), rows[0].start)
    left = next((r.left for r in reversed(rows) if r.left), None)
    served_to = holiday
    if left is not None and left <= holiday:
        served_to = left - dt.timedelta(days=1)  # the month of service is served by then
        if not owed_after_leaving(contract_kind(rows, terms, served_to), left, holiday):
            return False
    year, month = divmod(joined.year * 12 + joined.month, 12)  # the next month
    last = _calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(joined.day, last)) <= served_to


def covered(people: dict[str, list[Row]], code: str, holiday: dt.date,
            terms: dict[str, list[tuple[dt.date, str]]] | None = None) -> list[Row]:
    """The rows (in force on ``holiday``) of the employees THR ``code`` covers that year;
    ``terms`` the book's :func:`contracts` (for the leavers)."""
    codes = thr_codes()
    found = []
    for employee, rows in people.items():
        row = in_force(rows, holiday)
        if (row.religion and codes.get(row.religion) == code
                and entitled(rows, holiday, (terms or {}).get(employee, []))):
            found.append(row)
    return found


#: How far before the pay day (or the last day worked) the holiday a THR is paid for may lie.
THR_LOOKBACK_DAYS = 30


def leaver_service_end(rows: list[Row], terms: Sequence[tuple[dt.date, str]],
                       paid_on: dt.date) -> dt.date | None:
    """For THR paid on ``paid_on``: the day its months of service are counted to (the pay
    day, or the last day worked of a leaver), or None when a leaver is not owed it.

    The holiday is the employee's own (by their religion) that the payment is for (see
    :func:`leaver_not_owed`); without a religion, or a year the holiday data lacks, nothing is
    guessed and a leaver's THR is only counted to the last day worked."""
    left = next((r.left for r in reversed(rows) if r.left), None)
    if left is None:
        return paid_on
    last_worked = left - dt.timedelta(days=1)
    end = min(paid_on, last_worked)  # no service after the employment ends
    return None if leaver_not_owed(rows, terms, paid_on) else end


@dataclass(frozen=True)
class NotOwed:
    """Why a leaver is not owed THR: the ``kind`` of employment (pkwtt/pkwt) that ended
    before the ``holiday`` (its day and names as the decree gives them) beyond the ``rule``."""

    kind: str
    holiday: dt.date
    name_en: str
    name_id: str
    rule: LeaverRule


def leaver_not_owed(rows: list[Row], terms: Sequence[tuple[dt.date, str]],
                    paid_on: dt.date | None = None) -> NotOwed | None:
    """For an employee who leaves (*Left* on Employees): why the THR paid on ``paid_on``
    (default: their last day worked) is not owed (Permenaker 6/2016 Ps. 7), or None when it
    is, when they do not leave, or when nothing is known to decide (no religion, no holiday
    data): never guessed."""
    left = next((r.left for r in reversed(rows) if r.left), None)
    if left is None:
        return None
    last_worked = left - dt.timedelta(days=1)
    religion = in_force(rows, last_worked).religion
    code = thr_codes().get(religion or "")
    # The holiday this payment is for: the first on or after the earlier of the pay day and
    # the last day worked, looking back a month for a THR paid a little after its holiday.
    # (Not the first holiday after the last day worked: someone who left in November was
    # employed at March's Idul Fitri and is owed that THR in full, whatever next year's.)
    anchor = min(paid_on or last_worked, last_worked) - dt.timedelta(days=THR_LOOKBACK_DAYS)
    holiday = _holiday_on_or_after(code, anchor) if code else None
    if holiday is None or left > holiday:
        return None
    kind = contract_kind(rows, terms, last_worked)
    if owed_after_leaving(kind, left, holiday):
        return None
    from backoffice.holidays import holiday_records

    rule = leaver_rule(kind, holiday) or LeaverRule(holiday, kind, 0, "Permenaker 6/2016 Ps. 7")
    named = next((h for h in holiday_records(holiday.year)
                  if h.day == holiday and h.kind == "holiday"), None)
    return NotOwed(kind, holiday, named.name_en if named else str(code),
                   named.name_id if named else str(code), rule)


def _holiday_on_or_after(code: str, day: dt.date) -> dt.date | None:
    rule = next((r for r in load_rules() if r.code == code), None)
    if rule is None:
        return None
    for year in (day.year, day.year + 1):
        holiday = rule.holiday_day(year)
        if holiday is not None and holiday >= day:
            return holiday
    return None


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

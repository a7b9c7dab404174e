"""The Leavers sheet's rows as :class:`~backoffice.payroll.severance.Leaver` records.

The month's wage, the day joined and the work week come from the employee's
Employees row in force on the last day (the same rows the payroll reads);
amounts are whole units of the base currency.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from backoffice import money
from backoffice.payroll.severance import Leaver, Severance, compute_severance
from backoffice.schema import BookData


def _whole(minor: object, scale: int) -> int | None:
    return None if minor is None else int(minor) // scale  # type: ignore[call-overload]


def _masters(book: BookData) -> dict[str, list[dict[str, object]]]:
    data = book.get("employees")
    rows: dict[str, list[dict[str, object]]] = {}
    if data is None or data.frame is None or "employee" not in data.frame.columns:
        return rows
    for rec in data.frame.iter_rows(named=True):
        if rec.get("employee") is not None and rec.get("from") is not None:
            rows.setdefault(rec["employee"], []).append(rec)
    for recs in rows.values():
        recs.sort(key=lambda r: r["from"])  # type: ignore[arg-type,return-value]
    return rows


def read_leavers(book: BookData) -> list[tuple[int, Leaver]]:
    """(sheet row, Leaver) for every complete Leavers row of a known employee."""
    data = book.get("leavers")
    if data is None or data.frame is None or data.frame.height == 0:
        return []
    scale = 10 ** money.exponent_or_two(book.settings.get("base_currency") or "IDR")
    masters = _masters(book)
    out: list[tuple[int, Leaver]] = []
    for rec in data.frame.iter_rows(named=True):
        code, last_day, reason = rec.get("employee"), rec.get("last_day"), rec.get("reason")
        if code not in masters or last_day is None or reason is None:
            continue
        rows = masters[code]
        in_force = [r for r in rows if r["from"] <= last_day] or rows[:1]  # type: ignore[operator]
        master = in_force[-1]
        joined = rows[0].get("joined") or rows[0]["from"]
        wage = sum(_whole(master.get(k), scale) or 0 for k in ("basic", "fixed_allowances"))
        out.append((rec["_row"], Leaver(
            employee=code, last_day=last_day, reason=reason, joined=joined,  # type: ignore[arg-type]
            wage=wage, work_week=str(master.get("work_week") or "5"),
            leave_days=Decimal(str(rec.get("leave_days") or 0)),
            travel_home=_whole(rec.get("travel_home"), scale) or 0,
            other_rights=_whole(rec.get("other_rights"), scale) or 0,
            separation=_whole(rec.get("separation"), scale) or 0,
            pesangon_paid=_whole(rec.get("pesangon_paid"), scale),
            upmk_paid=_whole(rec.get("upmk_paid"), scale),
            paid_later=_whole(rec.get("paid_later"), scale) or 0,
            paid_later_on=rec.get("paid_later_on"), name=str(master.get("name") or ""))))
    return out


def left_matches(last_day: dt.date, left: dt.date | None) -> bool:
    """Employees' *Left* is the day after the last day worked, or that day itself."""
    return left is not None and left in (last_day, last_day + dt.timedelta(days=1))


def severance_of(book: BookData) -> list[Severance]:
    """The severance of every leaver of a checked book whose last day the rule pack covers."""
    from backoffice.payroll.checks import pack_of

    pack = pack_of(book)
    return [compute_severance(leaver, pack) for _, leaver in read_leavers(book)
            if pack.covers(leaver.last_day)]

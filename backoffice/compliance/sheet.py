"""The calendar as a table: the Compliance / Kepatuhan sheet, the CLI's text and CSV.

One row per obligation and period, by deadline. A late obligation's *Late* cell
says so in red with the penalty rule that applies (the ``alert`` column style).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from backoffice.compliance.calendar import LATE, Entry
from backoffice.compliance.deadlines import SHIFT_SOURCE
from backoffice.holidays import is_working_day
from backoffice.ledger.reports import Field, Table

SHEET_NAMES = {"en": "Compliance", "id": "Kepatuhan"}


def calendar_table(entries: Sequence[Entry], lang: str, as_of: dt.date, title: str = "") -> Table:
    """The entries as a report table, words in ``lang``."""
    rows: list[tuple[object, ...]] = []
    for e in entries:
        late = ""
        if e.status in LATE:
            days = e.days_late(as_of)
            late = (f"{days} hari terlambat: {e.rule.penalty_id} ({e.rule.penalty_source})"
                    if lang == "id" else
                    f"{days} days late: {e.rule.penalty_en} ({e.rule.penalty_source})")
        moved = ""
        if e.shifted:
            moved = (f"{e.statutory.isoformat()} hari libur, mundur ke hari kerja berikutnya "
                     f"({SHIFT_SOURCE})" if lang == "id" else
                     f"{e.statutory.isoformat()} is a day off, moved to the next working day "
                     f"({SHIFT_SOURCE})")
        elif not e.rule.moves and e.rule.frequency != "permit" and not is_working_day(e.due):
            # a deadline no rule moves (THR "at the latest", WLKP, LKPM): say it is a day off
            moved = (f"hari libur; tidak digeser: {e.rule.source} tidak menggesernya"
                     if lang == "id" else
                     f"a day off; not moved: {e.rule.source} does not move it")
        filing = e.filing
        rows.append((e.due, e.rule.code, e.rule.label(lang), e.period, e.amount,
                     e.status_label(lang), late or None,
                     e.done_on, (filing.reference or None) if filing
                     else None, e.rule.source, moved or None, _covers(e.covers, lang)))
    columns = [Field("due", "Due", "Jatuh tempo", "date", 12),
               Field("obligation", "Code", "Kode", width=14),
               Field("what", "Obligation", "Kewajiban", width=44),
               Field("period", "Period", "Masa", width=9),
               Field("amount", "Amount", "Jumlah", "amount", 16),
               Field("status", "Status", "Status", width=12),
               Field("late", "Late", "Terlambat", "alert", 50),
               Field("done", "Paid or filed", "Disetor/dilaporkan", "date", 12),
               Field("reference", "NTPN or receipt", "NTPN atau bukti", width=20),
               Field("source", "Source", "Dasar hukum", width=34),
               Field("moved", "Moved", "Digeser", width=40),
               Field("covers", "Employees", "Karyawan", width=40)]
    return Table("compliance", columns, rows, title)


#: How many employees a THR row names before it counts the rest.
_NAMED = 10


def _covers(names: Sequence[str], lang: str) -> str | None:
    """A THR obligation's employees: "3: E1 Ani, E2 Budi, E3 Citra", the first ten named."""
    if not names:
        return None
    shown = ", ".join(names[:_NAMED])
    if len(names) > _NAMED:
        rest = len(names) - _NAMED
        shown += f" dan {rest} lainnya" if lang == "id" else f" and {rest} more"
    return f"{len(names)}: {shown}"


def to_text(table: Table, lang: str) -> str:
    """The table as aligned text for the terminal (no amount grouping: exact figures)."""
    heads = [f.id if lang == "id" else f.en for f in table.columns]
    cells = [[_text(v, lang) for v in row] for row in table.rows]
    keep = [i for i in range(len(heads)) if i != 1]  # the code column is for scripts
    widths = {i: max([len(heads[i]), *(len(r[i]) for r in cells)]) for i in keep}
    lines = ["  ".join(heads[i].ljust(widths[i]) for i in keep).rstrip()]
    lines += ["  ".join(r[i].ljust(widths[i]) for i in keep).rstrip() for r in cells]
    return "\n".join(lines)


def _text(value: object, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):  # 1,234,567 in English, 1.234.567 in Indonesian
        shown = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
        return shown.translate(str.maketrans(",.", ".,")) if lang == "id" else shown
    return str(value)

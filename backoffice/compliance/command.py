"""What ``backoffice calendar`` prints and writes (the CLI only registers the command)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from backoffice.catalogue import Localized
from backoffice.compliance.calendar import LATE
from backoffice.compliance.run import CalendarResult, month_calendar
from backoffice.compliance.sheet import to_text
from backoffice.errors import UsageError
from backoffice.ledger.reports import to_csv, to_json


def show(paths: Sequence[str], month: str, as_of: str | None = None, ics: str | None = None,
         output: str = "text", lang: str | None = None) -> str:
    """The calendar of ``month`` for the books at ``paths``, as ``output`` ("text", "csv",
    "json"); with ``ics``, also written to that file as iCalendar."""
    return render(calendar_for(paths, month, as_of, ics, lang), month, ics, output)


def calendar_for(paths: Sequence[str], month: str, as_of: str | None = None,
                 ics: str | None = None, lang: str | None = None) -> CalendarResult:
    """The calendar of ``month`` for the books at ``paths``; with ``ics``, also written to
    that file as iCalendar."""
    day = parse_date(as_of) if as_of else None
    result = month_calendar(paths, month, day, lang)
    if ics:
        from backoffice.compliance.ics import to_ics

        Path(ics).write_bytes(to_ics(result.entries, result.lang))
    return result


def summary(result: CalendarResult, month: str) -> Localized:
    """One line on the month: how many obligations are due, and how many are late."""
    if not result.entries:
        return Localized(f"Nothing is due in {month}.",
                         f"Tidak ada kewajiban yang jatuh tempo pada {month}.")
    late = sum(e.status in LATE for e in result.entries)
    return Localized(f"{len(result.entries)} obligations due in {month}, {late} late.",
                     f"{len(result.entries)} kewajiban jatuh tempo pada {month}, {late} terlambat.")


def render(result: CalendarResult, month: str, ics: str | None = None,
           output: str = "text") -> str:
    """The calendar as ``output`` ("text", "csv", "json"), in the books' language."""
    if output == "csv":
        return to_csv(result.table)
    if output == "json":
        return to_json(result.table) + "\n"
    lang = result.lang
    notes = "".join(note + "\n" for note in result.notes)
    if not result.entries:
        return summary(result, month).pick(lang) + "\n" + notes
    text = to_text(result.table, lang) + "\n\n" + summary(result, month).pick(lang) + "\n" + notes
    if ics:
        text += {"en": f"Wrote {ics}.", "id": f"Ditulis {ics}."}[lang] + "\n"
    return text


def parse_date(text: str) -> dt.date:
    """An ISO date from the command line, or a usage error (exit 2)."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(detail=Localized(f"{text!r} is not a date like 2026-08-17.",
                                          f"{text!r} bukan tanggal seperti 2026-08-17.")) from None

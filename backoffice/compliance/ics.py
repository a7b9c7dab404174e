"""The calendar as an iCalendar file (RFC 5545) for Google Calendar and Outlook.

Each obligation is an all-day event on its (moved) deadline, with a reminder
three days ahead; its UID is stable (obligation, period, company), so importing
the file again updates the events instead of doubling them. Written with the
``icalendar`` library.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from icalendar import Alarm, Calendar, Event

from backoffice.compliance.calendar import LATE, Entry

#: Days before a deadline the reminder rings.
REMINDER_DAYS = 3


def to_ics(entries: Sequence[Entry], lang: str, company: str = "",
           stamp: dt.datetime | None = None) -> bytes:
    """The entries as an .ics file's bytes, words in ``lang``."""
    cal = Calendar()
    cal.add("prodid", "-//backoffice//compliance calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Kepatuhan" if lang == "id" else "Compliance")
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    slug = "".join(c for c in company.lower() if c.isalnum()) or "company"
    for e in entries:
        event = Event()
        title = f"{e.rule.label(lang)} {e.period}"
        if e.amount is not None:
            title += f": Rp{e.amount:,.0f}".replace(",", "." if lang == "id" else ",")
        if e.status in LATE:
            title = ("TERLAMBAT – " if lang == "id" else "LATE – ") + title
        event.add("uid", f"{e.rule.code}-{e.period}@{slug}.backoffice")
        event.add("dtstamp", stamp)
        event.add("summary", title)
        event.add("dtstart", e.due)
        event.add("dtend", e.due + dt.timedelta(days=1))
        penalty = e.rule.penalty(lang)
        description = [e.rule.source, ("Sanksi: " if lang == "id" else "Penalty: ") + penalty]
        if e.shifted:
            description.append(("Tenggat menurut aturan: " if lang == "id" else "Deadline as "
                                "stated: ") + e.statutory.isoformat())
        event.add("description", "\n".join(description))
        event.add("categories", [e.status_label(lang)])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        ahead = (e.due - e.remind).days if e.remind else REMINDER_DAYS
        alarm.add("trigger", dt.timedelta(days=-ahead))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()

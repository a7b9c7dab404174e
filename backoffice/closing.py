"""``backoffice close`` and ``reopen``: lock a month's entries, or unlock it on the record.

Closing needs a book without errors. It stores a digest of each of the month's
entries (see :mod:`backoffice.schemas.periods`) and adds a row to the Periods
sheet; reopening removes the month's locks and adds a row saying why. Both are
written through the one writer, in one atomic save.
"""

from __future__ import annotations

import datetime as dt
import re

from backoffice.books import open_book
from backoffice.books.sheetxml import Column, OutputTable
from backoffice.books.writer import WorkbookWriter
from backoffice.catalogue import Localized
from backoffice.checking import check_and_read, read_book
from backoffice.errors import UsageError
from backoffice.schema import BookData
from backoffice.schemas import REGISTRY
from backoffice.schemas.periods import LOCKS_SHEET, entry_digests

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def close_period(path: str, period: str, today: dt.date | None = None) -> int:
    """Close ``period`` (YYYY-MM) of the book at ``path``; the number of entries locked."""
    _valid_month(period)
    with open_book(path) as book:
        report, read = check_and_read(book)
        if not report.valid:
            raise UsageError(detail=Localized(
                f"{path} has {len(report.errors)} errors; a period is closed only when the "
                "book checks clean.",
                f"{path} berisi {len(report.errors)} galat; periode hanya bisa ditutup bila "
                "buku bersih."))
        data = read.data
    locks = _locks(data)
    if period in {month for month, _entry, _digest in locks}:
        raise UsageError(detail=Localized(f"{period} is already closed.",
                                          f"{period} sudah ditutup."))
    digests = entry_digests(data, period)
    locks += [(period, entry, digest) for entry, (_month, digest) in sorted(digests.items())]
    history = _history(data) + [(period, "Closed", today or dt.date.today(), len(digests), None)]
    _write(path, data, locks, history)
    return len(digests)


def reopen_period(path: str, period: str, reason: str, today: dt.date | None = None) -> None:
    """Reopen ``period``: its locks go, and the Periods sheet records when and why."""
    _valid_month(period)
    if not reason.strip():
        raise UsageError(detail=Localized("Say why the period is reopened (--reason).",
                                          "Sebutkan alasan periode dibuka kembali (--reason)."))
    with open_book(path) as book:
        data = read_book(book).data
    locks = _locks(data)
    if period not in {month for month, _entry, _digest in locks}:
        raise UsageError(detail=Localized(f"{period} is not closed.", f"{period} tidak ditutup."))
    locks = [lock for lock in locks if lock[0] != period]
    history = _history(data) + [(period, "Reopened", today or dt.date.today(), None, reason)]
    _write(path, data, locks, history)


def _valid_month(period: str) -> None:
    if not _MONTH.match(period):
        raise UsageError(detail=Localized(f"{period!r} is not a month like 2026-03.",
                                          f"{period!r} bukan bulan seperti 2026-03."))


def _locks(data: BookData) -> list[tuple[str, str, str]]:
    sheet = data.get("period-locks")
    if sheet is None:
        return []
    return [tuple(r) for r in sheet.frame.select("period", "entry", "digest").iter_rows()]  # type: ignore[misc]


def _history(data: BookData) -> list[tuple[object, ...]]:
    sheet = data.get("periods")
    if sheet is None:
        return []
    labels = {c.value: c.en for c in REGISTRY["periods"].field("status").choices}
    return [(period, labels.get(status, status), day, entries, note) for period, status, day,
            entries, note in sheet.frame.select("period", "status", "date", "entries",
                                                "note").iter_rows()]


def _write(path: str, data: BookData, locks: list[tuple[str, str, str]],
           history: list[tuple[object, ...]]) -> None:
    lang = data.lang
    schema = REGISTRY["periods"]
    statuses = {c.en: c.label(lang) for c in schema.field("status").choices}
    rows = [(period, statuses.get(str(status), status), day, entries, note)
            for period, status, day, entries, note in history]
    columns = [Column(f.header(lang), "date" if f.key == "date" else "text", f.width)
               for f in schema.fields]
    periods_sheet = data.get("periods").sheet if data.get("periods") else schema.name(lang)
    locks_columns = [Column("Period"), Column("Entry"), Column("Digest", width=36)]
    with WorkbookWriter(path) as writer:
        writer.write_output_sheet(periods_sheet, OutputTable(columns, rows, len(rows)), "periods")
        writer.write_output_sheet(LOCKS_SHEET, OutputTable(locks_columns, locks, len(locks)),
                                  "period-locks", hidden=True)
        writer.save()

"""``backoffice close`` and ``reopen``: lock a month's entries, or unlock it on the record.

Closing needs a book without errors. It stores a digest of each of the month's
entries (see :mod:`backoffice.schemas.periods`) and adds a row to the Periods
sheet; reopening removes the month's locks and adds a row saying why. Both are
written through the one writer, in one atomic save.
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from backoffice import money
from backoffice.books import open_book
from backoffice.books.sheetxml import Column, OutputTable
from backoffice.books.writer import WorkbookWriter
from backoffice.catalogue import Localized
from backoffice.checking import check_and_read, read_book
from backoffice.errors import UsageError
from backoffice.ledger import identity
from backoffice.ledger.generated import GeneratedLine, post_block
from backoffice.ledger.postings import CLOSING_SOURCE, chart_of, postings_of
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


_YEAR = re.compile(r"^FY(\d{4})$")


def close_year(path: str, label: str, lang: str | None = None) -> int:
    """Year-end close of fiscal year ``label`` (FY2025): post the entry that moves every
    income and expense account's result for the year into retained earnings.

    The entry is dated the year's last day, numbered ``CL-FY2025`` and tagged with the
    Source ``close:FY2025``; the income statement and the monthly trial balance leave
    it out. Returns the number of lines posted.
    """
    match = _YEAR.match(label)
    if match is None:
        raise UsageError(detail=Localized(f"{label!r} is not a fiscal year like FY2025.",
                                          f"{label!r} bukan tahun buku seperti FY2025."))
    with open_book(path) as book:
        report, read = check_and_read(book, lang)
    if not report.valid:
        raise UsageError(detail=Localized(
            f"{path} has {len(report.errors)} errors; a year is closed only when the book "
            "checks clean.", f"{path} berisi {len(report.errors)} galat; tahun buku hanya bisa "
            "ditutup bila buku bersih."))
    data = read.data
    settings = data.settings
    retained = settings.get("retained_earnings_account")
    if not retained:
        raise UsageError(detail=Localized(
            "Set 'Retained earnings account' in Settings before closing a year.",
            "Isi 'Akun saldo laba' di Pengaturan sebelum menutup tahun buku."))
    first_month = int(settings.get("fiscal_year_start") or 1)
    start = dt.date(int(match.group(1)), first_month, 1)
    end = dt.date(start.year + 1, first_month, 1) - dt.timedelta(days=1)
    postings = postings_of(data)
    source = f"{CLOSING_SOURCE}{label}"
    journal = data.get("journal")
    if journal is not None and "source" in journal.frame.columns and \
            journal.frame.filter(identity.block_column() == source).height:
        raise UsageError(detail=Localized(f"{label} is already closed.",
                                          f"{label} sudah ditutup."))
    types = dict(chart_of(data).accounts.select("code", "type").iter_rows())
    base = settings.get("base_currency") or "IDR"
    year = postings.filter(pl.col("date").is_between(start, end)
                           & pl.col("account").replace_strict(types, default=None)
                           .is_in(["income", "expense"]))
    if year.filter(pl.col("currency") != base).height:
        raise UsageError(detail=Localized(
            f"{label} has income or expenses in other currencies; closing those is not "
            "supported yet.", f"{label} memuat pendapatan atau beban dalam mata uang lain; "
            "penutupannya belum didukung."))
    balances = (year.group_by("account").agg(pl.col("amount").sum()).filter(pl.col("amount") != 0)
                .sort("account"))
    exp = money.exponent(base)
    description = {"en": f"Year-end close {label}", "id": f"Tutup buku {label}"}[data.lang]
    lines: list[GeneratedLine] = []
    # Each line reverses a balance (amount is debit positive); retained earnings takes the
    # year's net, listed here as the balance it reverses.
    for account, amount in [*balances.iter_rows(), (retained, -int(balances["amount"].sum()))]:
        if amount == 0:
            continue
        side = "debit" if amount < 0 else "credit"
        lines.append(GeneratedLine(end, f"CL-{label}", account, description,
                                   **{side: money.from_minor(abs(amount), exp)}))
    return post_block(path, source, lines).written


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

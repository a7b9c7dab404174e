"""``Periods`` / ``Periode``: closed months, and the locks that keep them closed.

``backoffice close BOOK --period 2025-03`` records the month as closed and
stores a digest of each of its entries in a very hidden sheet
(``_backoffice_locks``). From then on, Check compares the month's entries with
those digests: an entry changed, added or deleted since is an error, while old
rows never turn red merely for being old. Sorting rows does not change a
digest. ``backoffice reopen`` is the explicit, recorded way to change a month.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import polars as pl

from backoffice.issues import Issue, make_issue
from backoffice.schema import BookData, Choice, Field, Kind, SheetSchema

LOCKS_SHEET = "_backoffice_locks"

STATUSES = (Choice("closed", "Closed", "Ditutup"), Choice("reopened", "Reopened", "Dibuka kembali"))


def entry_digests(book: BookData, period: str | None = None) -> dict[str, tuple[str, str]]:
    """Entry -> (its month YYYY-MM, a digest of its lines), for one month or all of them."""
    journal = book.get("journal")
    if journal is None or journal.frame.height == 0:
        return {}
    frame = journal.frame.filter(pl.col("entry").is_not_null() & pl.col("date").is_not_null())
    frame = frame.with_columns(pl.col("date").dt.strftime("%Y-%m").alias("period"))
    if period is not None:
        frame = frame.filter(pl.col("period") == period)
    fields = ["date", "account", "description", "debit", "credit", "currency", "rate"]
    line = pl.concat_str([pl.col(f).cast(pl.String).fill_null("") for f in fields
                          if f in frame.columns], separator="\x1f")
    grouped = (frame.with_columns(line.alias("line"))
               .group_by("entry").agg(pl.col("period").min(), pl.col("line").sort()))
    return {entry: (month, hashlib.sha256("\x1e".join(lines).encode()).hexdigest()[:32])
            for entry, month, lines in grouped.iter_rows()}


def _check_locks(book: BookData) -> Iterator[Issue]:
    locks, periods, journal = book.get("period-locks"), book.get("periods"), book.get("journal")
    if locks is None or journal is None or locks.frame.height == 0:
        return
    locked: dict[str, dict[str, str]] = {}
    for month, entry, digest in locks.frame.select("period", "entry", "lock").iter_rows():
        locked.setdefault(month, {})[entry] = digest
    now = entry_digests(book)
    first_rows = dict(journal.frame.group_by("entry").agg(pl.col("_row").min()).iter_rows())
    letter = journal.letters.get("entry")
    for entry, (month, digest) in sorted(now.items(), key=lambda kv: first_rows.get(kv[0], 0)):
        if month not in locked:
            continue
        code = ("closed-period-added" if entry not in locked[month] else
                "closed-period-changed" if locked[month][entry] != digest else None)
        if code:
            yield make_issue(code, journal.sheet, row=first_rows.get(entry), column=letter,
                             field="entry", value=entry, entry=entry, period=month)
    period_rows = {}
    if periods is not None:
        period_rows = dict(periods.frame.select("period", "_row").iter_rows())
    for month, entries in sorted(locked.items()):
        for entry in sorted(e for e in entries if e not in now or now[e][0] != month):
            yield make_issue("closed-period-deleted", periods.sheet if periods else LOCKS_SHEET,
                             row=period_rows.get(month), column="A", field="period", value=entry,
                             entry=entry, period=month)


SCHEMA = SheetSchema(
    kind="periods",
    en="Periods",
    id="Periode",
    aliases=("Closed periods", "Periode tutup buku"),
    books=(),  # written by backoffice close, not part of a template
    fields=(
        Field("period", "Period", "Periode", Kind.CODE, required=True, width=10,
              help_en="The month, YYYY-MM.", help_id="Bulannya, YYYY-MM."),
        Field("status", "Status", "Status", Kind.CHOICE, required=True, width=14,
              choices=STATUSES, help_en="Closed or reopened.", help_id="Ditutup atau dibuka."),
        Field("date", "Date", "Tanggal", Kind.DATE, width=12, excel_format="yyyy-mm-dd",
              help_en="When it was closed or reopened.", help_id="Kapan ditutup atau dibuka."),
        Field("entries", "Entries", "Jumlah bukti", Kind.INTEGER, width=10,
              help_en="Entries locked.", help_id="Bukti yang dikunci."),
        Field("note", "Note", "Catatan", Kind.TEXT, width=40,
              help_en="Why it was reopened.", help_id="Alasan dibuka kembali."),
    ),
    help_en="Months closed with 'backoffice close', and reopened with 'backoffice reopen'.",
    help_id="Bulan yang ditutup dengan 'backoffice close' dan dibuka dengan 'backoffice reopen'.",
)

LOCKS = SheetSchema(
    kind="period-locks",
    en=LOCKS_SHEET,
    id=LOCKS_SHEET,
    books=(),
    fields=(
        Field("period", "Period", "Periode", Kind.CODE, required=True,
              help_en="The closed month.", help_id="Bulan yang ditutup."),
        Field("entry", "Entry", "No. Bukti", Kind.CODE, required=True,
              help_en="An entry of that month.", help_id="Bukti pada bulan itu."),
        # Not "digest": Sync keeps each row's own digest under that name.
        Field("lock", "Digest", "Digest", Kind.TEXT, required=True,
              help_en="A digest of the entry's lines when the month was closed.",
              help_id="Digest baris-baris bukti saat bulan ditutup."),
    ),
    help_en="The digests that keep closed months closed; written by backoffice only.",
    help_id="Digest yang menjaga bulan yang ditutup; hanya ditulis oleh backoffice.",
    rules=(_check_locks,),
    # Synced, so that a month closed in one copy of the ledger is closed in all of them.
    syncable=True,
)

"""``backoffice close`` and ``reopen``: lock a month's entries, or unlock it on the record.

Closing needs a book without errors. It stores a digest of each of the month's
entries (see :mod:`backoffice.schemas.periods`) and adds a row to the Periods
sheet; reopening removes the month's locks and adds a row saying why. Both are
written through the one writer, in one atomic save.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import polars as pl

from backoffice import money
from backoffice.bookkind import require_kind
from backoffice.books import open_book, open_writer
from backoffice.books.sheetxml import Column, OutputTable
from backoffice.catalogue import Localized
from backoffice.checking import read_book, read_clean
from backoffice.errors import ActionRefused, UsageError
from backoffice.ledger import identity
from backoffice.ledger.base import convert, every_base_amount
from backoffice.ledger.generated import GeneratedLine, post_block
from backoffice.ledger.postings import CLOSING_SOURCE, chart_of, postings_of
from backoffice.months import parse_month
from backoffice.schema import ROW_ID, BookData
from backoffice.schemas import REGISTRY
from backoffice.schemas.periods import LOCKS_SHEET, entry_digests


def close_period(path: str, period: str, today: dt.date | None = None) -> int:
    """Close ``period`` (YYYY-MM) of the book at ``path``; the number of entries locked."""
    parse_month(period)
    require_kind(path, "ledger", "close")
    data = read_clean(path).data  # a period is closed only when the book checks clean
    locks = _locks(data)
    if period in {lock[0] for lock in locks}:
        raise ActionRefused(
            detail=Localized(f"{period} is already closed.", f"{period} sudah ditutup."),
            fix=Localized(f"Nothing to do. To change it, reopen it first (backoffice reopen "
                          f"BOOK --period {period} --reason ...).",
                          f"Tidak ada yang perlu dilakukan. Untuk mengubahnya, buka kembali dulu "
                          f"(backoffice reopen BUKU --period {period} --reason ...)."))
    digests = entry_digests(data, period)
    locks += [(period, entry, digest, None) for entry, (_month, digest) in sorted(digests.items())]
    history = _history(data) + [(period, "Closed", today or dt.date.today(), len(digests), None)]
    _write(path, data, locks, history)
    return len(digests)


def reopen_period(path: str, period: str, reason: str, today: dt.date | None = None) -> None:
    """Reopen ``period``: its locks go, and the Periods sheet records when and why."""
    parse_month(period)
    require_kind(path, "ledger", "reopen")
    if not reason.strip():
        raise UsageError(detail=Localized("Say why the period is reopened (--reason).",
                                          "Sebutkan alasan periode dibuka kembali (--reason)."))
    with open_book(path) as book:
        data = read_book(book).data
    locks = _locks(data)
    if period not in {lock[0] for lock in locks}:
        raise UsageError(detail=Localized(f"{period} is not closed.", f"{period} tidak ditutup."))
    locks = [lock for lock in locks if lock[0] != period]
    history = _history(data) + [(period, "Reopened", today or dt.date.today(), None, reason)]
    _write(path, data, locks, history)


_YEAR = re.compile(r"^FY(\d{4})$")

#: The locks sheet's columns (its ID is Sync's: locks travel between copies of a ledger).
LOCKS_COLUMNS = [Column("Period"), Column("Entry"), Column("Digest", width=36),
                 Column(ROW_ID.en, width=19)]


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
    require_kind(path, "ledger", "close")
    read = read_clean(path, lang)  # a year is closed only when the book checks clean
    data = read.data
    settings = data.settings
    retained = settings.get("retained_earnings_account")
    if not retained:
        raise ActionRefused(
            detail=Localized("Settings name no retained earnings account.",
                             "Pengaturan tidak menyebut akun saldo laba."),
            fix=Localized("Set 'Retained earnings account' in Settings before closing a year.",
                          "Isi 'Akun saldo laba' di Pengaturan sebelum menutup tahun buku."))
    first_month = int(settings.get("fiscal_year_start") or 1)
    start = dt.date(int(match.group(1)), first_month, 1)
    end = dt.date(start.year + 1, first_month, 1) - dt.timedelta(days=1)
    postings = postings_of(data)
    source = f"{CLOSING_SOURCE}{label}"
    journal = data.get("journal")
    if journal is not None and "source" in journal.frame.columns and \
            journal.frame.filter(identity.block_column() == source).height:
        raise ActionRefused(
            detail=Localized(f"{label} is already closed.", f"{label} sudah ditutup."),
            fix=Localized(f"Nothing to do: its closing entry CL-{label} is in the Journal.",
                          f"Tidak ada yang perlu dilakukan: jurnal penutupnya CL-{label} sudah "
                          f"ada di Jurnal."))
    types = dict(chart_of(data).accounts.select("code", "type").iter_rows())
    base = settings.get("base_currency") or "IDR"
    year = postings.filter(pl.col("date").is_between(start, end) & ~pl.col("closing")
                           & pl.col("account").replace_strict(types, default=None)
                           .is_in(["income", "expense"]))
    description = {"en": f"Year-end close {label}", "id": f"Tutup buku {label}"}[data.lang]
    lines = closing_lines(year, data, base, retained, end, f"CL-{label}", description)
    return post_block(path, source, lines).written


def closing_lines(year: pl.DataFrame, data: BookData, base: str, retained: str, end: dt.date,
                  entry: str, description: str) -> list[GeneratedLine]:
    """The closing entry's lines: each income and expense balance of ``year`` reversed, in
    its own currency, and the net to ``retained``.

    A balance in another currency is reversed in that currency at the rate that gives back
    exactly its historical base amount (the sum of its postings' base amounts); should that
    rate, written with 15 significant digits, miss by a minor unit, a base-currency line on
    the same account takes the difference. So every income and expense account ends the
    year at zero in its currency and in the base currency. Retained earnings takes each
    currency's net, the foreign ones at the rate of their historical base total.
    """
    base_exp = money.exponent(base)
    converted = every_base_amount(year, data, Localized("of the year", "tahun ini"),
                                  Localized("before closing", "sebelum tutup buku"))
    held = (converted.group_by("account", "currency")
            .agg(pl.col("amount").sum(), pl.col("base").sum(), pl.col("exp").first())
            .sort("account", "currency"))
    lines: list[GeneratedLine] = []
    in_base = 0  # the base-currency lines so far (debit positive), for retained earnings
    foreign: dict[str, tuple[int, int, int]] = {}  # currency -> (amount, base, exp) reversed

    def add(account: str, currency: str | None, amount: int, exp: int,
            rate: Decimal | None = None) -> None:
        if amount:
            value = money.from_minor(abs(amount), exp)
            lines.append(GeneratedLine(end, entry, account, description,
                                       debit=value if amount > 0 else None,
                                       credit=value if amount < 0 else None,
                                       currency=currency, rate=rate))

    for account, currency, amount, carried, exp in held.iter_rows():
        if currency == base:
            add(account, None, -amount, base_exp)
            in_base -= amount
            continue
        reversed_base = 0
        if amount:
            rate = _rate_for(-carried, base_exp, -amount, exp)
            reversed_base = convert(-amount, exp, rate, base_exp)
            add(account, currency, -amount, exp, rate)
            total, total_base, _ = foreign.get(currency, (0, 0, exp))
            foreign[currency] = (total - amount, total_base + reversed_base, exp)
        difference = -carried - reversed_base  # the minor unit the rate could not carry
        add(account, None, difference, base_exp)
        in_base += difference
    for currency, (amount, carried, exp) in sorted(foreign.items()):
        if amount:
            rate = _rate_for(-carried, base_exp, -amount, exp)
            # Its base amount is -carried (should the rate miss by a minor unit, the entry's
            # base residue goes to the rounding account, as for any entry).
            add(retained, currency, -amount, exp, rate)
    add(retained, None, -in_base, base_exp)
    return lines


def _rate_for(base_minor: int, base_exp: int, amount: int, exp: int) -> Decimal:
    """The rate (base units per unit) that converts ``amount`` into ``base_minor``, with
    at most 15 significant digits, so that a spreadsheet cell holds it exactly."""
    exact = Decimal(base_minor).scaleb(-base_exp) / Decimal(amount).scaleb(-exp)
    digits = exact.adjusted() + 1  # digits before the decimal point
    return exact.quantize(Decimal(1).scaleb(min(digits - 15, 0)))


def _locks(data: BookData) -> list[tuple[str, str, str, str | None]]:
    """(month, entry, digest, Sync's row ID) of every lock: the ID goes back with the lock
    when the sheet is written again, so that Sync knows the row."""
    sheet = data.get("period-locks")
    if sheet is None:
        return []
    return [tuple(r) for r in sheet.frame.select(  # type: ignore[misc]
        "period", "entry", "lock", ROW_ID.key).iter_rows()]


def _history(data: BookData) -> list[tuple[object, ...]]:
    sheet = data.get("periods")
    if sheet is None:
        return []
    labels = {c.value: c.en for c in REGISTRY["periods"].field("status").choices}
    return [(period, labels.get(status, status), day, entries, note) for period, status, day,
            entries, note in sheet.frame.select("period", "status", "date", "entries",
                                                "note").iter_rows()]


def _write(path: str, data: BookData, locks: list[tuple[str, str, str, str | None]],
           history: list[tuple[object, ...]]) -> None:
    lang = data.lang
    schema = REGISTRY["periods"]
    statuses = {c.en: c.label(lang) for c in schema.field("status").choices}
    rows = [(period, statuses.get(str(status), status), day, entries, note)
            for period, status, day, entries, note in history]
    columns = [Column(f.header(lang), "date" if f.key == "date" else "text", f.width)
               for f in schema.fields]
    periods_sheet = data.get("periods").sheet if data.get("periods") else schema.name(lang)
    with open_writer(path) as writer:
        writer.write_output_sheet(periods_sheet, OutputTable(columns, rows, len(rows)), "periods")
        writer.write_output_sheet(LOCKS_SHEET, OutputTable(LOCKS_COLUMNS, locks, len(locks)),
                                  "period-locks", hidden=True)
        writer.save()

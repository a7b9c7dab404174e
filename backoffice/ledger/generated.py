"""Generated journal blocks: rows other engines write into a ledger book's Journal.

Payroll, stock and the year-end close produce journal lines. Each run of one of
them is a *block* named by its Source (``payroll:2026-03``); :func:`post_block`
replaces the block's rows in the ledger book with the new lines, so posting a
month again replaces it instead of adding to it. Every row is stamped with its
identity (:mod:`backoffice.ledger.identity`), which lets Check flag a generated
row edited, deleted or copied by hand.

The new lines take the rows the old block had, in order; extra lines go below
the last row, and rows left over are emptied. Nothing else in the sheet moves.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from backoffice import money
from backoffice.books import Location, location_name, open_book, open_writer
from backoffice.catalogue import Localized
from backoffice.checking import read_book
from backoffice.errors import ActionRefused, MissingSheet, UsageError
from backoffice.ledger import identity
from backoffice.schema import BookData
from backoffice.schemas import REGISTRY

#: What to do about a Journal from before its Source and Rate columns.
_UPGRADE_FIRST = Localized("Run 'backoffice upgrade' on it first.",
                           "Jalankan 'backoffice upgrade' untuk buku itu lebih dulu.")

_BLOCK = re.compile(r"^[A-Za-z][\w.-]*:[\w.-]+$")


@dataclass(frozen=True)
class GeneratedLine:
    """One journal line an engine generates; exactly one of debit and credit is set."""

    date: dt.date
    entry: str
    account: str
    description: str
    debit: Decimal | None = None
    credit: Decimal | None = None
    currency: str | None = None  # None: the ledger's base currency
    rate: Decimal | None = None  # base units per unit of ``currency``; None: the Rates sheet


@dataclass(frozen=True)
class BlockResult:
    """What :func:`post_block` did: rows written, rows emptied, and whether anything changed."""

    written: int
    emptied: int
    changed: bool


def post_block(ledger_book: Location, source: str,
               lines: Sequence[GeneratedLine]) -> BlockResult:
    """Replace the Journal rows of block ``source`` (e.g. ``payroll:2026-03``) in the ledger
    book with ``lines``, in one atomic save.

    The lines must balance per entry and currency, post to leaf accounts of the book's
    Accounts, use entry numbers no other row uses, and fall in open periods; otherwise
    nothing is written and :class:`UsageError` says why. Posting the same lines again
    changes nothing (the book is not even saved), unless a row of the block was edited by
    hand: then the block is written again as it should be.
    """
    return post_blocks(ledger_book, {source: lines})


def post_blocks(ledger_book: Location,
                blocks: Mapping[str, Sequence[GeneratedLine]]) -> BlockResult:
    """Replace several blocks at once (block name -> lines), as :func:`post_block` does one,
    reading and saving the book once: an engine that posts a block a month (invoices of a
    whole year) posts them together. An entry may move between the blocks posted together.
    Nothing is written unless every block is accepted."""
    path = location_name(ledger_book)  # for messages; a grid book is opened as it is
    for source in blocks:
        if not _BLOCK.match(source):
            raise UsageError(detail=Localized(
                f"{source!r} is not a block name like payroll:2026-03.",
                f"{source!r} bukan nama blok seperti payroll:2026-03."))
    with open_book(ledger_book) as book:
        read = read_book(book)
    data = read.data
    journal = data.get("journal")
    if journal is None:
        raise MissingSheet(path=path, sheet=REGISTRY["journal"].name(data.lang),
                           action=Localized("posting generated rows", "posting baris otomatis"))
    letters = read.matches["journal"].letters
    if "source" not in letters:
        raise ActionRefused(
            detail=Localized(f"The Journal of {path} has no Source column.",
                             f"Jurnal {path} tidak punya kolom Sumber."),
            fix=_UPGRADE_FIRST)
    if any(line.rate is not None for lines in blocks.values() for line in lines) \
            and "rate" not in letters:
        raise ActionRefused(
            detail=Localized(f"The Journal of {path} has no Rate column.",
                             f"Jurnal {path} tidak punya kolom Kurs."),
            fix=_UPGRADE_FIRST)
    base = data.settings.get("base_currency") or "IDR"
    frame = journal.frame.with_columns(identity.block_column().alias("_block"))
    ours = frame.filter(pl.col("_block").is_in(list(blocks)))
    replaced: dict[int, dict[str, object] | None] = {}
    appended: list[dict[str, object]] = []
    written = emptied = 0
    for source, lines in blocks.items():
        rows = block_rows(source, lines, base)
        mine = ours.filter(pl.col("_block") == source)
        _validate(path, data, source, lines, frame, ours, mine, base)
        old = mine.sort("_row")
        if old["source"].to_list() == [row["source"] for row in rows] and _intact(old):
            continue
        old_rows = old["_row"].to_list()
        cells = [{letters[k]: v for k, v in row.items() if k in letters} for row in rows]
        replaced.update(zip(old_rows, cells, strict=False))
        replaced.update({number: None for number in old_rows[len(cells):]})
        appended += cells[len(old_rows):]
        written += len(cells)
        emptied += max(len(old_rows) - len(cells), 0)
    if not replaced and not appended:
        return BlockResult(0, 0, changed=False)
    kinds = {letters[k]: kind for k, kind in (("date", "date"), ("debit", "amount"),
                                              ("credit", "amount"), ("rate", "number"))
             if k in letters}
    with open_writer(ledger_book) as writer:
        writer.replace_rows(read.found["journal"], read.matches["journal"].row, replaced,
                            appended, kinds)
        writer.save()
    return BlockResult(written, emptied, changed=True)


def _intact(rows: pl.DataFrame) -> bool:
    """Whether every row still has the content its identity's digest was made from (a row
    edited by hand is rewritten by posting again, even when its lines are the same)."""
    return all(identity.row_intact(row) for row in rows.iter_rows(named=True))


def block_rows(source: str, lines: Sequence[GeneratedLine], base: str) -> list[dict[str, object]]:
    """The lines as Journal cells (field -> value), each stamped with its identity."""
    rows = []
    count = len(lines)
    for index, line in enumerate(lines, start=1):
        currency = line.currency or base
        exp = money.exponent(currency) if money.is_currency(currency) else 2
        debit = money.to_minor(line.debit, exp) if line.debit else 0
        credit = money.to_minor(line.credit, exp) if line.credit else 0
        stamp = identity.digest(source, index, count, line.date, line.entry, line.account,
                                line.description, debit or 0, credit or 0, currency, line.rate)
        rows.append({"date": line.date, "entry": line.entry, "account": line.account,
                     "description": line.description, "debit": line.debit or None,
                     "credit": line.credit or None,
                     "currency": line.currency if line.currency and line.currency != base
                     else None, "rate": line.rate,
                     "source": str(identity.Identity(source, index, count, stamp))})
    return rows


def _validate(path: str, data: BookData, source: str, lines: Sequence[GeneratedLine],
              frame: pl.DataFrame, ours: pl.DataFrame, mine: pl.DataFrame, base: str) -> None:
    """Refuse lines the ledger would reject, naming the first few problems."""
    problems: list[tuple[str, str]] = []
    accounts = data.get("accounts")
    codes: set[str] = set()
    parents: set[str] = set()
    if accounts is not None:
        codes = set(accounts.frame["code"].drop_nulls())
        parents = set(accounts.frame["parent"].drop_nulls()) if "parent" in accounts.frame.columns \
            else set()
    totals: dict[tuple[str, str], Decimal] = {}
    for line in lines:
        currency = line.currency or base
        if line.account not in codes:
            problems.append((f"account {line.account} is not in Accounts",
                             f"akun {line.account} tidak ada di Akun"))
        elif line.account in parents:
            problems.append((f"account {line.account} has sub-accounts",
                             f"akun {line.account} punya sub-akun"))
        if not money.is_currency(currency):
            problems.append((f"{currency} is not a currency", f"{currency} bukan mata uang"))
        sides = [side for side in (line.debit, line.credit) if side]
        if len(sides) != 1 or sides[0] < 0:
            problems.append((f"entry {line.entry}, account {line.account}: one positive debit "
                             "or credit is needed",
                             f"bukti {line.entry}, akun {line.account}: harus ada satu debit "
                             "atau kredit positif"))
        key = (line.entry, currency)
        totals[key] = totals.get(key, Decimal(0)) + (line.debit or 0) - (line.credit or 0)
    for (entry, currency), total in totals.items():
        if total != 0:
            problems.append((f"entry {entry} does not balance in {currency} ({total})",
                             f"bukti {entry} tidak seimbang dalam {currency} ({total})"))
    # Rows of the blocks being posted are replaced, so their entry numbers are free.
    others = frame.filter(~pl.col("_row").is_in(ours["_row"].implode()))
    taken = set(others["entry"].drop_nulls()) & {line.entry for line in lines}
    for entry in sorted(taken):
        problems.append((f"entry number {entry} is already used by other rows",
                         f"nomor bukti {entry} sudah dipakai baris lain"))
    closed = _closed_months(data)
    for month in sorted({line.date.strftime("%Y-%m") for line in lines} & closed):
        problems.append((f"{month} is closed", f"{month} sudah ditutup"))
    for month in sorted({d.strftime("%Y-%m") for d in mine["date"].drop_nulls()} & closed):
        problems.append((f"the rows it replaces are in the closed period {month}",
                         f"baris yang diganti ada di periode tertutup {month}"))
    if problems:
        problems = list(dict.fromkeys(problems))  # one account unknown on 300 lines is one problem
        shown = problems[:5]
        more = len(problems) - len(shown)
        raise ActionRefused(
            detail=Localized(
                f"{source} was not posted to {path}: " + "; ".join(en for en, _ in shown)
                + (f"; and {more} more" if more else "") + ".",
                f"{source} tidak diposting ke {path}: " + "; ".join(i for _, i in shown)
                + (f"; dan {more} lagi" if more else "") + "."),
            fix=Localized("Put right what is listed (in the ledger's Accounts or Journal, or in "
                          "the book the rows come from), then post again; the ledger was not "
                          "changed.",
                          "Perbaiki yang disebutkan (di Akun atau Jurnal buku besar, atau di "
                          "buku asal baris itu), lalu posting lagi; buku besar tidak diubah."))


def _closed_months(data: BookData) -> set[str]:
    locks = data.get("period-locks")
    if locks is None or locks.frame.height == 0:
        return set()
    return set(locks.frame["period"].drop_nulls())

"""Matching rows whose ID the book lost to the rows the store already holds.

A book loses the memory of its last Sync when someone copies its sheets into a
new workbook, or saves it through a program that drops hidden sheets. Its rows
then carry IDs the book does not know (or none at all); stamping them afresh
would send every balance, invoice and payment to the store a second time. So
before any row gets a new ID, each row without a known ID is looked for in the
store:

* by its sheet's natural key (:attr:`SheetSchema.natural_key`: an account or tax
  code, an entry or document number, an employee code, a SKU). The rows of one
  key are a group (the lines of an entry or a document) and are compared as a
  multiset of contents: the same contents are the same rows, which take the
  store's IDs and versions, so nothing is pushed; different contents are a
  conflict, shown in the Conflicts sheet, never a second copy;
* a sheet without a natural key matches by content alone, counting duplicates
  (two identical rows in the store match at most two in the book).

Only store rows the book does not already hold are candidates, so a line added
to an entry, or a row copied inside the book, is still new.

What a colleague did since the book's last Sync is found too, so it is pulled,
not undone: a row carrying the ID of a row the store deleted takes that deletion
(or meets it as a conflict); and in a book without any memory of the sheet, a row
whose number has no live rows takes a deleted row of its number and content (its
sheets pasted without the ID column), and a row carrying the ID of a row the store
holds under another number is that row, moved there (:func:`_moved_there`).

A grid book (a book open in a spreadsheet) has one more case: its last Sync committed
but the plan that would have written the IDs into it was never applied, and the rows it
sent were changed in the book since, so neither key nor content finds them. The store rows
that Sync sent (:class:`Mine`: stamped with the book's mark, last changed by this person
from this book, after the last version the book saw, and known to no row of the book)
are paired with the book's rows without an ID that nothing else matched, in worksheet
order (the order they were stamped in), key by key first: the book's row is that row,
changed, and the change is sent as an update instead of the row a second time
(:func:`_sent_unseen`).

Pure apart from :func:`candidates`, which reads the store.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from backoffice.sync.bookread import SheetRows
from backoffice.sync.identity import has_mark
from backoffice.sync.plan import StoreRow
from backoffice.sync.pushing import among, store_rows
from backoffice.sync.state import Base
from backoffice.sync.store import Store


@dataclass
class Matched:
    """The outcome for one sheet.

    Attributes:
        ids: worksheet row -> the store's ID it takes.
        bases: store ID -> the base it gets (the store's version and digest).
        groups: natural-key values whose rows matched as a whole.
        differing: store IDs of the groups whose contents differ from the book's (their
            units meet the book's rows as conflicts in the plan).
        cells: worksheet row -> its new ID, for the matched rows whose ID cell changes.
    """

    ids: dict[int, str] = field(default_factory=dict)
    bases: dict[str, Base] = field(default_factory=dict)
    groups: set[str] = field(default_factory=set)
    differing: set[str] = field(default_factory=set)
    cells: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Mine:
    """What tells the rows a grid book sent in a Sync whose plan it never applied: the
    mark its IDs were stamped with, who synced, the book's name in the store, and the
    highest version the book saw."""

    mark: int
    user: str
    book: str
    seen: int

    def sent(self, stored: StoreRow) -> bool:
        """Whether this book sent ``stored`` and never saw it come back."""
        return (not stored.deleted and stored.version > self.seen and stored.changed_by == self.user
                and stored.book == self.book and has_mark(stored.row_id, self.mark))


def unknown_rows(rows: SheetRows, base: dict[str, Base]) -> list[tuple[int, str | None,
                                                                     str | None, str]]:
    """(worksheet row, ID, natural-key value, digest) of the rows whose ID the book does
    not know: none, or one its memory lacks (lost with the hidden state, or pasted)."""
    group = rows.group_field
    frame = rows.frame
    groups = frame[group].to_list() if group else [None] * frame.height
    return [(r, i, g, d) for r, i, g, d in zip(
        frame["_row"].to_list(), frame["row_id"].to_list(), groups, frame["digest"].to_list(),
        strict=True) if i is None or i not in base]


def candidates(store: Store, company: str, rows: SheetRows,
               unknown: list[tuple[int, str | None, str | None, str]],
               mine: Mine | None = None) -> dict[str, StoreRow]:
    """The store's live rows the unknown rows may be: those sharing their natural keys, or,
    for a sheet without one, every live row of the sheet; with ``mine``, also the rows
    this grid book sent after the last version it saw (under any key)."""
    table = store.tables.sheets[rows.schema.kind]
    keys = [f.key for f in rows.fields]
    system = [table.c.row_id, table.c.version, table.c.deleted, table.c.changed_by, table.c.book]
    columns = sa.select(*system, *[table.c[k] for k in keys])
    select = columns.where(table.c.company_id == company, table.c.deleted.is_(False))
    group = rows.group_field
    wanted = sorted({g for _r, _i, g, _d in unknown if g is not None})
    if group is not None:
        select = select.where(among(table.c[group], wanted)) if wanted else None
    # The store's rows whose IDs the unknown rows carry, live or deleted: rows a colleague
    # deleted, or moved to another key, that this book, without its memory, still shows
    # (see _deleted_there, _moved_there); and the deleted rows of the unknown rows' keys
    # (see _deleted_by_content).
    ids = sorted({i for _r, i, _g, _d in unknown if i is not None})
    with store.begin() as connection:
        found = [dict(r) for r in connection.execute(select).mappings()] \
            if select is not None else []
        if ids:
            # (Live rows of the wanted keys were read above: only the others here.)
            elsewhere = table.c.deleted.is_(True)
            if group is not None and wanted:
                elsewhere = sa.or_(elsewhere, sa.not_(among(table.c[group], wanted)))
            found += [dict(r) for r in connection.execute(columns.where(
                table.c.company_id == company, among(table.c.row_id, ids),
                elsewhere)).mappings()]
        if group is not None and wanted:
            found += [dict(r) for r in connection.execute(columns.where(
                table.c.company_id == company, table.c.deleted.is_(True),
                among(table.c[group], wanted))).mappings()]
        if mine is not None and group is not None:
            found += [dict(r) for r in connection.execute(columns.where(
                table.c.company_id == company, table.c.deleted.is_(False),
                table.c.version > mine.seen, table.c.changed_by == mine.user,
                table.c.book == mine.book)).mappings()]
    found = list({r["row_id"]: r for r in found}.values())
    return store_rows(found, rows)


def match(rows: SheetRows, base: dict[str, Base],
          unknown: list[tuple[int, str | None, str | None, str]],
          stored: dict[str, StoreRow], mine: Mine | None = None) -> Matched:
    """Match ``unknown`` rows of ``rows`` to ``stored`` rows (see the module docstring);
    ``mine`` for a grid book (:func:`_sent_unseen`)."""
    result = Matched()
    held = set(base) | {i for i in rows.frame["row_id"].to_list() if i is not None}
    # A store row whose ID the book knows, or shows on a row it knows, is already here.
    unknown_ids = {i for _r, i, _g, _d in unknown if i is not None}
    free = [s for s in stored.values() if not s.deleted
            and (s.row_id not in held or s.row_id in unknown_ids)]
    if rows.group_field is None:
        _by_content(result, unknown, free)
    else:
        _by_key(result, unknown, free)
    _deleted_there(result, unknown, stored, free)
    if rows.group_field is not None and not base:
        # Only a book without any memory of this sheet (lost with its hidden state): in a
        # book that has one, a line with a colleague's ID under another number was pasted
        # there on purpose (a new entry), and a new entry with a deleted one's number and
        # contents was typed again on purpose.
        _moved_there(result, rows, unknown, stored, free)
        _deleted_by_content(result, unknown, stored, free)
    if mine is not None:
        _sent_unseen(result, unknown, free, mine)
    result.cells = {row: result.ids[row] for row, row_id, _g, _d in unknown
                    if row in result.ids and result.ids[row] != row_id}
    return result


def _sent_unseen(result: Matched, unknown: list[tuple[int, str | None, str | None, str]],
                 free: list[StoreRow], mine: Mine) -> None:
    """A grid book's rows without an ID that nothing matched, paired with the rows it sent
    in a Sync whose plan it never applied (see the module docstring): key by key, then
    the rest, each in the order the rows were stamped (their IDs') and lie in the sheet.
    Each such row takes the sent row's ID and version: a change is an update of it."""
    taken = set(result.ids.values())
    sent = sorted((s for s in free if s.row_id not in taken and mine.sent(s)),
                  key=lambda s: s.row_id)
    waiting = [item for item in unknown if item[0] not in result.ids and item[1] is None]
    if not sent or not waiting:
        return
    paired: set[str] = set()

    def pair(rows: list[tuple[int, str | None, str | None, str]], pool: list[StoreRow]) -> None:
        for (row, _i, _g, _d), stored in zip(rows, pool, strict=False):
            _adopt(result, row, stored)
            paired.add(stored.row_id)

    keys = dict.fromkeys(item[2] for item in waiting if item[2] is not None)
    for key in keys:
        pair([item for item in waiting if item[2] == key], [s for s in sent if s.group == key])
    pair([item for item in waiting if item[0] not in result.ids],
         [s for s in sent if s.row_id not in paired])
    result.differing -= paired


def _adopt(result: Matched, row: int, stored: StoreRow) -> None:
    result.ids[row] = stored.row_id
    result.bases[stored.row_id] = Base(stored.version, stored.digest, stored.group)


def _pair(result: Matched, mine: list[tuple[int, str | None, str | None, str]],
          theirs: list[StoreRow]) -> None:
    """Give each of ``mine`` the store row of the same content; a row keeps its own ID
    when the store row of that ID has its content (so a re-link changes no ID cell)."""
    pool: dict[str, list[StoreRow]] = {}
    for stored in theirs:
        pool.setdefault(stored.digest, []).append(stored)
    waiting = []
    for item in mine:
        same = pool.get(item[3], [])
        own = next((s for s in same if s.row_id == item[1]), None)
        if own is not None:
            same.remove(own)
            _adopt(result, item[0], own)
        else:
            waiting.append(item)
    for row, _i, _g, digest in waiting:
        same = pool.get(digest)
        if same:
            _adopt(result, row, same.pop(0))


def _deleted_there(result: Matched, unknown: list[tuple[int, str | None, str | None, str]],
                   stored: dict[str, StoreRow], free: list[StoreRow]) -> None:
    """Unmatched rows that carry the ID of a row the store holds as deleted (a colleague
    deleted it after this book last synced, and the book lost its memory of that Sync):
    the row is that row, at the version just before its deletion with the content it was
    deleted with. So the plan pulls the deletion when the book's row is still that
    content, and shows an edit-against-delete conflict when it differs, instead of
    sending the row back as a new one. Not for a row whose natural key has live rows in
    the store (their comparison as a group decides), nor for an ID shown twice."""
    live_keys = {s.group for s in free if s.group is not None}
    shown = Counter(i for _r, i, _g, _d in unknown if i is not None)
    for row, row_id, key, _digest in unknown:
        gone = stored.get(row_id) if row_id is not None else None
        if gone is None or not gone.deleted or row in result.ids or shown[row_id] > 1 \
                or (key is not None and key in live_keys) or gone.version < 2:
            continue
        result.ids[row] = row_id
        result.bases[row_id] = Base(gone.version - 1, gone.digest, gone.group)


def _moved_there(result: Matched, rows: SheetRows,
                 unknown: list[tuple[int, str | None, str | None, str]],
                 stored: dict[str, StoreRow], free: list[StoreRow]) -> None:
    """Unmatched rows that carry the ID of a live store row under another key: a colleague
    moved the line (deleted the entry and pasted its lines, IDs included, under a new
    number) after this book last synced. The row is that row, at the version just before
    the move, with the store's content under the book's key: unchanged, the plan moves it
    to its new key; changed, the move meets the change as a conflict. Sent as new, the
    same lines would be in the store twice, under two numbers. Not for a row whose key
    still has live rows in the store (their comparison as a group decides), nor for an ID
    shown twice or already taken."""
    live_keys = {s.group for s in free if s.group is not None}
    shown = Counter(i for _r, i, _g, _d in unknown if i is not None)
    taken = set(result.ids.values())
    group = rows.group_field
    for row, row_id, key, _digest in unknown:
        there = stored.get(row_id) if row_id is not None else None
        if there is None or there.deleted or row in result.ids or shown[row_id] > 1 \
                or row_id in taken or key is None or there.group == key \
                or key in live_keys or there.version < 2:
            continue
        record = {**there.values, group: key, "row_id": row_id, "version": there.version,
                  "deleted": False, "changed_by": there.changed_by, "book": there.book}
        before = store_rows([record], rows)[row_id]
        result.ids[row] = row_id
        result.bases[row_id] = Base(there.version - 1, before.digest, key)
        taken.add(row_id)


def _deleted_by_content(result: Matched,
                        unknown: list[tuple[int, str | None, str | None, str]],
                        stored: dict[str, StoreRow], free: list[StoreRow]) -> None:
    """Unmatched rows of a key without live rows in the store whose contents are those of
    the key's deleted rows (pasted without their IDs after a colleague deleted the entry):
    each takes a deleted row of its content (the newest first), as in _deleted_there, so
    the plan pulls the deletion (or shows a conflict when the entry's other lines
    differ) instead of sending the entry back as new."""
    live_keys = {s.group for s in free if s.group is not None}
    taken = set(result.ids.values())
    carried = {i for _r, i, _g, _d in unknown if i is not None}
    pool: dict[tuple[str, str], list[StoreRow]] = {}
    for gone in sorted(stored.values(), key=lambda s: -s.version):
        if gone.deleted and gone.group is not None and gone.version >= 2 \
                and gone.row_id not in taken and gone.row_id not in carried:
            pool.setdefault((gone.group, gone.digest), []).append(gone)
    for row, _row_id, key, digest in unknown:
        if row in result.ids or key is None or key in live_keys:
            continue
        same = pool.get((key, digest))
        if same:
            gone = same.pop(0)
            result.ids[row] = gone.row_id
            result.bases[gone.row_id] = Base(gone.version - 1, gone.digest, gone.group)


def _by_content(result: Matched, unknown: list[tuple[int, str | None, str | None, str]],
                free: list[StoreRow]) -> None:
    """A sheet without a natural key: each unknown row takes a free store row of the same
    content, each store row matching at most one book row."""
    _pair(result, unknown, free)


def _by_key(result: Matched, unknown: list[tuple[int, str | None, str | None, str]],
            free: list[StoreRow]) -> None:
    """Groups by natural key: the book's unknown rows of a key and the store's free rows of
    it match as a whole when their contents are the same multiset."""
    mine: dict[str, list[tuple[int, str | None, str | None, str]]] = {}
    for item in unknown:
        if item[2] is not None:
            mine.setdefault(item[2], []).append(item)
    theirs: dict[str, list[StoreRow]] = {}
    for stored in free:
        if stored.group is not None:
            theirs.setdefault(stored.group, []).append(stored)
    for key, here in mine.items():
        there = theirs.get(key)
        if not there:
            continue  # a new key: the rows are new
        if Counter(d for *_x, d in here) == Counter(s.digest for s in there):
            _pair(result, here, there)
            result.groups.add(key)
        else:
            result.differing |= {s.row_id for s in there}

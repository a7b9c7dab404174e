"""Each book anchors the store's audit log: a store that went back is noticed, and repaired.

The audit log's hash chain (:mod:`.audit`) shows that no record in it was
altered, but not that records are missing at its end: delete the last record
(or restore the store from last night's copy) and the rest still chains. Nor
does it stop someone with the store from rewriting records and recomputing
every hash, since the hash has no key. What does is a copy of the head kept
somewhere else: each book keeps, in its hidden sync state and in the same atomic
save as its rows, the record of the version it synced at (its sequence number,
version and hash: an *anchor*), and those of its last few Syncs.

At its next Sync, the book looks its anchors up in the store. The newest must be
there as the book saw it, and the company's counter no lower. If it is not, the
store went back (restored from a copy, its tail cut) or its history was
rewritten, and the Sync:

* says so, once, with what is missing: the versions after the newest point the
  book can still confirm, up to the newest it saw (:class:`StoreWentBack`), and
  records the event in the audit log (an ``notice`` record);
* sends back what the book holds and the store lacks: every row whose base
  (the version the book last agreed with) is ahead of the store's copy of the
  row, or that the store lacks, becomes a local change against the store's
  copy, and is pushed as any change is; a row a colleague changed in the store
  since the lost versions, while this book holds a lost change of it, is a
  conflict, not a silent overwrite;
* anchors again at the store's present head. Nothing is locked: the other
  books do the same on their next Sync.

What is not sent back: a row deleted in the lost versions (the book no longer
remembers it), which comes back where the store still has it; delete it again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from backoffice.sync import audit
from backoffice.sync.audit import Anchor
from backoffice.sync.bookread import BookRead
from backoffice.sync.pushing import ensure_company, store_rows
from backoffice.sync.state import Base, SyncState, read_state
from backoffice.sync.store import Store

#: Anchors a book keeps: its last Syncs'.
KEEP = 16


@dataclass
class StoreWentBack:
    """What a Sync found: the store no longer holds the versions this book saw.

    Attributes:
        seen: the newest version this book saw (its last Sync's).
        counter: the company's version in the store when this Sync began.
        first: the first version not in the store as this book saw it; versions
            ``first``–``seen`` are lost (or were rewritten).
        rewritten: the record of ``seen`` is there but differs: the log was rewritten,
            or the store was restored and written to since.
        sent_back: rows this book holds that the store lacked, sent again.
        conflicts: rows changed in the store since, whose lost change this book holds.
    """

    seen: int
    counter: int
    first: int
    rewritten: bool
    sent_back: int = 0
    conflicts: int = 0


def meet(store: Store, company: str, state: SyncState, read: BookRead, other_store: bool,
         user: str, book: str) -> StoreWentBack | None:
    """Check the book's anchors against the store; when it went back, make the book's base
    fit the store (see the module docstring) and record a notice in the log."""
    if other_store:  # another store's log: nothing of it to check here
        state.anchors = []
        return None
    anchors = [Anchor(*a) for a in state.anchors]
    with store.begin() as connection:
        counter = int(connection.execute(sa.select(store.tables["companies"].c.version).where(
            store.tables["companies"].c.company_id == company)).scalar() or 0)
        found = audit.records_at(store, connection, company, [a.seq for a in anchors])
    confirmed = [a for a in anchors if found.get(a.seq) == a]
    newest = anchors[-1] if anchors else None
    seen = newest.version if newest is not None else state.seen
    if (confirmed and confirmed[-1] == newest and counter >= seen) or (not anchors
                                                                       and seen <= counter):
        return None
    rewritten = newest is not None and newest.seq in found and found[newest.seq].version == seen
    went_back = StoreWentBack(seen, counter, 0, rewritten)
    # Every version from the first anchor the store does not confirm on may be lost.
    unconfirmed = [a.version for a in anchors if a not in confirmed]
    fork = _repair(store, company, state, read, went_back,
                   confirmed[-1].version if confirmed else 0,
                   min(unconfirmed, default=seen + 1) - 1)
    went_back.first = fork + 1
    state.anchors = [(a.seq, a.version, a.hash) for a in confirmed if a.version <= fork]
    state.seen = fork
    _notice(store, company, user, book, went_back)
    return went_back


def _repair(store: Store, company: str, state: SyncState, read: BookRead,
            went_back: StoreWentBack, confirmed: int, below: int) -> int:
    """Fit the book's base to the store; returns the fork: the newest version the store
    still holds as the book saw it (at least ``confirmed``, at most ``below``)."""
    stored = {}
    with store.begin() as connection:
        for kind, rows in read.sheets.items():
            table = store.tables.sheets[kind]
            keys = [f.key for f in rows.fields]
            select = sa.select(table.c.row_id, table.c.version, table.c.deleted,
                               table.c.changed_by, table.c.book,
                               *[table.c[k] for k in keys]).where(table.c.company_id == company)
            stored[kind] = store_rows([dict(r) for r in connection.execute(select).mappings()],
                                      rows)
    # A store row newer than, or differing at, the version the book holds was written
    # after the fork (the book saw every version up to its last Sync): the fork is before
    # the first such version, and not after what the store or the book has.
    fork = min(went_back.counter, went_back.seen, below)
    for kind, bases in state.rows.items():
        for row_id, s in stored.get(kind, {}).items():
            b = bases.get(row_id)
            if b is not None and b.version > 0 and b.conflict is None and (
                    s.version > b.version or (s.version == b.version and s.digest != b.digest)):
                fork = min(fork, s.version - 1)
    fork = max(fork, confirmed)
    for kind, bases in state.rows.items():
        rows = read.sheets.get(kind)
        if rows is None:  # a sheet the book no longer has: nothing of it to send
            continue
        present = set(rows.frame["row_id"].drop_nulls().to_list())
        there = stored[kind]
        for row_id, b in list(bases.items()):
            if b.version <= 0:
                continue
            s = there.get(row_id)
            if s is None:  # the store lost the row: the book sends it as new
                if row_id in present:
                    bases[row_id] = Base(0, "", b.group)
                    went_back.sent_back += 1
                else:
                    del bases[row_id]
            elif s.version == b.version and s.digest == b.digest:
                continue
            elif s.version < b.version:  # the store lost the row's later versions
                bases[row_id] = Base(s.version, s.digest, b.group)
                went_back.sent_back += 1
            elif b.version > fork:  # a lost change here, a newer one there: both changed
                bases[row_id] = Base(s.version - 1, "", b.group)
                went_back.conflicts += 1
    return fork


def _notice(store: Store, company: str, user: str, book: str, went_back: StoreWentBack) -> None:
    """One ``notice`` record in the log, at a version of its own, saying what was found."""
    ensure_company(store, company)
    companies = store.tables["companies"]
    with store.begin() as connection:
        connection.execute(companies.update().where(companies.c.company_id == company)
                           .values(version=companies.c.version + 1))
        version = int(connection.execute(sa.select(companies.c.version).where(
            companies.c.company_id == company)).scalar_one())
        audit.append(store, connection, company, version, user, book, "notice", {
            "notice": {"store-went-back": {
                "seen": went_back.seen, "counter": went_back.counter,
                "first": went_back.first, "rewritten": went_back.rewritten,
                "noticed": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}}})


def anchor_for(store: Store, company: str, seen: int) -> tuple[int, int, str] | None:
    """The anchor of the version a book now holds (the newest record at or before
    ``seen``)."""
    with store.begin() as connection:
        found = audit.anchor_at(store, connection, company, seen)
    return (found.seq, found.version, found.hash) if found is not None else None


def remember(state: SyncState, anchor: tuple[int, int, str] | None) -> None:
    """Add ``anchor`` to the book's anchors (the last :data:`KEEP`)."""
    if anchor is None or (state.anchors and state.anchors[-1] == anchor):
        return
    state.anchors = [*state.anchors, anchor][-KEEP:]


def book_anchors(store: Store, books: tuple[str, ...] | list[str]) -> dict[str, list[Anchor]]:
    """Company -> the anchors the given books hold for ``store`` (a book that last synced
    with another store has none here)."""
    identity = None
    with store.begin() as connection:
        if store.version(connection) >= 3:
            identity = connection.execute(sa.select(store.tables["store_meta"].c.value).where(
                store.tables["store_meta"].c.key == "store_id")).scalar()
    out: dict[str, list[Anchor]] = {}
    for path in books:
        state = read_state(str(path))
        if state.company is None or (state.store is not None and state.store != identity):
            continue
        out.setdefault(state.company, []).extend(Anchor(*a) for a in state.anchors)
    return out

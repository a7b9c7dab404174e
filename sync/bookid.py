"""A book's identity: which book a Sync comes from, whatever its file is called.

Each book gets a random identity on its first Sync, kept in its hidden sync state with
where the book was then (its resolved path, or the spreadsheet id a client gives), and
registered in the store's ``book_identities`` table (migration 4). At every Sync:

* the same identity at the same place: the same book;
* the same identity at another place while a book is still at the old place: a **copy**
  (the whole file copied, hidden state and all). It gets its own identity instead of
  impersonating the original, and the store remembers whose copy it is. The book at the
  old place counts whether it still carries the identity or carries none at all: an
  original that lost its hidden state (and takes its identity back at its own next Sync,
  perhaps at this very moment) is still the original;
* at another place while nothing is at the old one, or a book of another identity is: the
  book **moved** (renamed, or a copy whose original is gone); it keeps its identity at its
  new place, unless the store shows that another book already took it away from the old
  place (two copies of a book that is gone: the first keeps the identity, the second is a
  copy);
* no identity in the book (a new book, or one whose hidden state was lost): the identity
  registered in the store for this company at this place, if any, is taken back, so a
  book that lost its hidden sheet stays the book it was; else a new one.

Books of one company sync at the same time (colleagues, threads of a server), so what the
store says is read and written in **one transaction that holds the company's identity
lock** (PostgreSQL: a transaction-scoped advisory lock; SQLite: ``BEGIN IMMEDIATE`` already
serializes writers): no Sync decides on a registration another one is changing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from backoffice.sync.state import SyncState, read_state
from backoffice.sync.store import Store
from sqlalchemy.engine import Connection

#: The first key of PostgreSQL's two-key advisory locks taken for book identities (the
#: second is the company's hash); the structure lock is the one-key 7007001.
_LOCK = 7007004


@dataclass(frozen=True)
class BookIdentity:
    """What :func:`settle` decided.

    Attributes:
        book_id: the book's identity from now on.
        how: "same", "new", "copy" (a copied book, now its own), "moved" or "recovered"
            (taken back from the store after the book lost its hidden state).
        copied_from: for a copy, the identity of the book it was copied from.
    """

    book_id: str
    how: str
    copied_from: str | None = None


def location_of(path: str, given: str | None = None) -> str:
    """Where the book is: the id a client gives (a Google spreadsheet's), else its path."""
    return given or str(Path(path).resolve())


def settle(store: Store, company: str, state: SyncState, path: str,
           given: str | None = None) -> BookIdentity:
    """Decide the book's identity (see the module docstring), write it into ``state`` and
    register it in the store, deciding and registering in one locked transaction."""
    where = location_of(path, given)
    elsewhere = state.book is not None and state.where not in (None, where)
    # The old place is looked at before the lock (a file read): its answer does not depend
    # on whether the book there is syncing right now (see _still_there).
    there = elsewhere and _still_there(state.where, state.book, given is not None)
    table = store.tables["book_identities"]
    with store.begin() as connection:
        _lock(connection, company)
        if state.book is None:
            known = connection.execute(sa.select(table.c.book_id).where(
                table.c.company_id == company, table.c.location == where)
                .order_by(table.c.last_sync_at.desc(), table.c.book_id).limit(1)).scalar()
            found = BookIdentity(known, "recovered") if known else BookIdentity(_new(), "new")
        elif not elsewhere:
            found = BookIdentity(state.book, "same")
        elif there or _taken(connection, table, state.book, state.where, where):
            found = BookIdentity(_new(), "copy", state.book)
        else:
            found = BookIdentity(state.book, "moved")
        _register(connection, table, company, found, where)
    state.book, state.where = found.book_id, where
    return found


def _new() -> str:
    return "b" + uuid.uuid4().hex[:16]


def _lock(connection: Connection, company: str) -> None:
    """Hold the company's identity lock until the transaction ends. SQLite's transactions
    begin IMMEDIATE (see :func:`backoffice.sync.store.open_engine`): already one at a time."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key, hashtext(:company))"),
                           {"key": _LOCK, "company": company})


def _still_there(old: str | None, book_id: str, remote: bool) -> bool:
    """Whether a book is still at ``old`` (so the one syncing elsewhere with ``book_id`` is
    a copy): a file that carries ``book_id``, or no identity at all (the original whose
    hidden state was lost, which takes its identity back at its own Sync), or whose state
    cannot be read (something is there; a copy costs only a new identity, two books under
    one identity would sync as one). Only a file that is gone, or that carries another
    identity, was left by a book that moved. A place that is not a local file (a
    spreadsheet id) cannot be looked at: a copy is assumed."""
    if old is None:
        return False
    if remote:
        return True
    try:
        if not Path(old).is_file():
            return False
        return read_state(old).book in (None, book_id)
    except Exception:  # noqa: BLE001 - unreadable (damaged, locked): still a book there
        return True


def _taken(connection: Connection, table: sa.Table, book_id: str, old: str | None,
           where: str) -> bool:
    """Whether the store shows ``book_id`` registered at a third place, neither the one
    this book left nor its own: another book (another copy of a book that moved) took the
    identity first, so this one is a copy."""
    registered = connection.execute(sa.select(table.c.location).where(
        table.c.book_id == book_id)).scalar()
    return registered is not None and registered not in (old, where)


def _register(connection: Connection, table: sa.Table, company: str, found: BookIdentity,
              where: str) -> None:
    """Insert or update the identity's row: its place and the time of this Sync (inside
    the locked transaction of :func:`settle`)."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    updated = connection.execute(table.update().where(table.c.book_id == found.book_id)
                                 .values(location=where, last_sync_at=now))
    if updated.rowcount:
        return
    connection.execute(table.insert().values(
        book_id=found.book_id, company_id=company, location=where,
        copied_from=found.copied_from, created_at=now, last_sync_at=now))

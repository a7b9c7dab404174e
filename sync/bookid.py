"""A book's identity: which book a Sync comes from, whatever its file is called.

Each book gets a random identity on its first Sync, kept in its hidden sync state with
where the book was then (its resolved path, or the spreadsheet id a client gives), and
registered in the store's ``book_identities`` table (migration 4). At every Sync:

* the same identity at the same place: the same book;
* the same identity at another place while the book at the old place still carries it:
  a **copy** (the whole file copied, hidden state and all). It gets its own identity
  instead of impersonating the original, and the store remembers whose copy it is;
* at another place while nothing carries it at the old one: the book **moved** (renamed,
  or a copy whose original is gone); it keeps its identity at its new place;
* no identity in the book (a new book, or one whose hidden state was lost): the identity
  registered in the store for this company at this place, if any, is taken back, so a
  book that lost its hidden sheet stays the book it was; else a new one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from backoffice.sync.state import SyncState, read_state
from backoffice.sync.store import Store


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
    register it in the store."""
    where = location_of(path, given)
    table = store.tables["book_identities"]
    if state.book is None:
        with store.begin() as connection:
            known = connection.execute(sa.select(table.c.book_id).where(
                table.c.company_id == company, table.c.location == where)
                .order_by(table.c.last_sync_at.desc()).limit(1)).scalar()
        found = BookIdentity(known, "recovered") if known else BookIdentity(_new(), "new")
    elif state.where in (None, where):
        found = BookIdentity(state.book, "same")
    elif _still_there(state.where, state.book, given is not None):
        found = BookIdentity(_new(), "copy", state.book)
    else:
        found = BookIdentity(state.book, "moved")
    state.book, state.where = found.book_id, where
    _register(store, company, found, where)
    return found


def _new() -> str:
    return "b" + uuid.uuid4().hex[:16]


def _still_there(old: str | None, book_id: str, remote: bool) -> bool:
    """Whether the book at ``old`` still carries ``book_id`` (so this one is a copy). A
    place that is not a local file (a spreadsheet id) cannot be looked at: a copy is
    assumed, which costs only a new identity."""
    if old is None:
        return False
    if remote:
        return True
    try:
        if not Path(old).is_file():
            return False
        return read_state(old).book == book_id
    except Exception:  # noqa: BLE001 - an unreadable old file carries nothing we can trust
        return False


def _register(store: Store, company: str, found: BookIdentity, where: str) -> None:
    """Insert or update the identity's row: its place and the time of this Sync."""
    table = store.tables["book_identities"]
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with store.begin() as connection:
        updated = connection.execute(table.update().where(table.c.book_id == found.book_id)
                                     .values(location=where, last_sync_at=now))
        if updated.rowcount:
            return
        try:
            with connection.begin_nested():
                connection.execute(table.insert().values(
                    book_id=found.book_id, company_id=company, location=where,
                    copied_from=found.copied_from, created_at=now, last_sync_at=now))
        except sa.exc.IntegrityError:
            pass  # registered meanwhile by the same book (a Sync run twice at once)

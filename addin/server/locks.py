"""One writer per book at a time, across every worker process: a row in the store.

A lock is a row keyed by the book's address; inserting it is taking it (the primary key
makes a second insert fail in SQLite and PostgreSQL alike). It carries an expiry, pushed
on at every step of the action, so the lock of a worker that crashed is taken over after
:attr:`~backoffice.addin.server.config.ServerConfig.lock_ttl` seconds instead of never.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from backoffice.addin.server import refusals
from backoffice.addin.server.state import LOCKS
from sqlalchemy.engine import Engine


class BookLock:
    """A held lock: :meth:`extend` while working."""

    def __init__(self, engine: Engine, book: str, holder: str, ttl: float) -> None:
        self.engine, self.book, self.holder, self.ttl = engine, book, holder, ttl

    def extend(self) -> None:
        """Push the expiry on: the action is still working."""
        with self.engine.begin() as connection:
            connection.execute(LOCKS.update().where(
                LOCKS.c.book == self.book, LOCKS.c.holder == self.holder).values(
                expires=time.time() + self.ttl))


def _try_take(engine: Engine, book: str, holder: str, ttl: float) -> bool:
    now = time.time()
    try:
        with engine.begin() as connection:
            connection.execute(LOCKS.delete().where(LOCKS.c.book == book, LOCKS.c.expires < now))
            connection.execute(LOCKS.insert().values(book=book, holder=holder, expires=now + ttl))
        return True
    except sa.exc.IntegrityError:
        return False


@contextmanager
def book_lock(engine: Engine, book: str, wait: float, ttl: float) -> Iterator[BookLock]:
    """Hold ``book``'s write lock for the block; 409 when it stays taken for ``wait`` s."""
    holder = secrets.token_hex(8)
    deadline = time.monotonic() + wait
    delay = 0.05
    while not _try_take(engine, book, holder, ttl):
        if time.monotonic() >= deadline:
            raise refusals.busy(book)
        time.sleep(delay)
        delay = min(delay * 2, 0.5)
    try:
        yield BookLock(engine, book, holder, ttl)
    finally:
        with engine.begin() as connection:
            connection.execute(LOCKS.delete().where(LOCKS.c.book == book, LOCKS.c.holder == holder))

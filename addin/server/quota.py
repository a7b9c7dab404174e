"""Google's quota shared by every worker process: a budget of calls kept in the store.

Google allows 60 reads and 60 writes a minute per user per project, and one service
account is one user for every company the server serves. A budget kept in one process
(:class:`~backoffice.addin.gsheets.client.Budget`) lets N uvicorn workers spend N times
that, and Google answers the excess with 429. So the server keeps the budget where every
worker already meets: the store that holds its locks and jobs (SQLite or PostgreSQL).

A budget of ``limit`` calls a window is ``limit`` *slots* per kind (read, write), each a
row holding when it was last spent. A call takes the slot spent longest ago if that was
a whole window ago, by a compare-and-swap ``UPDATE … WHERE at = <what was read>``: of two
workers racing for one slot exactly one changes the row (SQLite runs writers one at a
time; PostgreSQL re-reads the row under the second writer and finds ``at`` changed). With
``limit`` slots each spent at most once a window, no window of that length ever holds
more than ``limit`` calls, whichever processes made them.
"""

from __future__ import annotations

import functools
import time

import sqlalchemy as sa
from backoffice.addin.gsheets.client import Budget
from backoffice.addin.server.state import QUOTA, open_state
from sqlalchemy.engine import Engine


class StoreBudget(Budget):
    """Reads and writes allowed per rolling window, counted in the store for all workers."""

    def __init__(self, engine: Engine, reads: int = 60, writes: int = 60,
                 window: float = 60.0, spent: list[tuple[str, float]] | None = None) -> None:
        """``spent``: when given, each reservation is appended to it as (kind, time.time()),
        for a test or a bench to see what the budget let through."""
        super().__init__(reads, writes, window)
        self.engine, self.spent = engine, spent
        self._seed()

    def _seed(self) -> None:
        """Make the slots that are missing (never spent: ``at`` 0)."""
        for kind, limit in self.limits.items():
            with self.engine.begin() as connection:
                have = set(connection.execute(sa.select(QUOTA.c.slot).where(
                    QUOTA.c.kind == kind)).scalars())
            for slot in sorted(set(range(limit)) - have):
                try:
                    with self.engine.begin() as connection:
                        connection.execute(QUOTA.insert().values(kind=kind, slot=slot, at=0.0))
                except sa.exc.IntegrityError:
                    pass  # another worker made it meanwhile

    def wait_time(self, kind: str) -> float:
        """Seconds until a call of ``kind`` fits; 0 reserves it now (for every worker)."""
        while True:
            now = time.time()
            with self.engine.begin() as connection:
                oldest = connection.execute(
                    sa.select(QUOTA.c.slot, QUOTA.c.at)
                    .where(QUOTA.c.kind == kind, QUOTA.c.slot < self.limits[kind])
                    .order_by(QUOTA.c.at, QUOTA.c.slot).limit(1)).first()
                if oldest is None:  # no slot at all (a limit of 0): nothing ever fits
                    return self.window
                if now - oldest.at < self.window:
                    return self.window - (now - oldest.at) + 0.01
                taken = connection.execute(QUOTA.update().where(
                    QUOTA.c.kind == kind, QUOTA.c.slot == oldest.slot,
                    QUOTA.c.at == oldest.at).values(at=now)).rowcount
            if taken == 1:
                if self.spent is not None:
                    self.spent.append((kind, now))
                return 0.0
            # another worker spent that slot between our read and our update: look again


@functools.lru_cache(maxsize=8)
def store_budget(url: str, reads: int = 60, writes: int = 60, window: float = 60.0) -> StoreBudget:
    """The budget kept in the store at ``url`` (one engine per worker process)."""
    return StoreBudget(open_state(url), reads, writes, window)

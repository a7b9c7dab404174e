"""The server's own tables in the company's store: API tokens, allow-lists, locks, Google's
quota, jobs, clicks.

They sit beside the sync tables (SQLite or PostgreSQL, the same URL), under the prefix
``server_``, and are created when missing: they are the server's and no sync reads them.
A token is kept only as its SHA-256 (a token is 32 random bytes, so a plain hash cannot
be guessed back); the click log keeps who ran what on which book, never cell values.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from backoffice.sync.store import open_engine
from sqlalchemy.engine import Engine

META = sa.MetaData()

TOKENS = sa.Table(
    "server_tokens", META,
    sa.Column("digest", sa.String(64), primary_key=True),
    sa.Column("company", sa.String(200), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked", sa.DateTime(timezone=True)),
)

ALLOWED = sa.Table(
    "server_allowed", META,
    sa.Column("company", sa.String(200), primary_key=True),
    sa.Column("book", sa.String(500), primary_key=True),
    sa.Column("email", sa.String(320), primary_key=True),
    sa.Column("added", sa.DateTime(timezone=True), nullable=False),
)

LOCKS = sa.Table(
    "server_locks", META,
    sa.Column("book", sa.String(500), primary_key=True),
    sa.Column("holder", sa.String(100), nullable=False),
    sa.Column("expires", sa.Float, nullable=False),
)

QUOTA = sa.Table(
    "server_quota", META,
    sa.Column("kind", sa.String(10), primary_key=True),
    sa.Column("slot", sa.Integer, primary_key=True),
    sa.Column("at", sa.Float, nullable=False),
)

JOBS = sa.Table(
    "server_jobs", META,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("company", sa.String(200), nullable=False),
    sa.Column("caller", sa.String(320), nullable=False),
    sa.Column("book", sa.String(500), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("step_en", sa.Text),
    sa.Column("step_id", sa.Text),
    sa.Column("result", sa.Text),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
)

CLICKS = sa.Table(
    "server_clicks", META,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("company", sa.String(200), nullable=False),
    sa.Column("caller", sa.String(320), nullable=False),
    sa.Column("book", sa.String(500), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("exit_code", sa.Integer),
)


def now() -> dt.datetime:
    """The current time in UTC."""
    return dt.datetime.now(dt.UTC)


def open_state(url: str) -> Engine:
    """An engine on the store at ``url`` with the server's tables present."""
    engine = open_engine(url)
    try:
        with engine.begin() as connection:
            META.create_all(connection, checkfirst=True)
    except (sa.exc.ProgrammingError, sa.exc.IntegrityError):
        # Two PostgreSQL workers starting together both saw no table: the other one made
        # them, so they are there now.
        with engine.begin() as connection:
            META.create_all(connection, checkfirst=True)
    return engine

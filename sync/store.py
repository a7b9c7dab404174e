"""The central store: where it is, opening it, its versioned structure.

A store is a SQLite file (the default, beside the book) or a PostgreSQL
database (``postgresql+psycopg://user@host/db``). Its structure carries a
version (``store_meta.schema_version``); :data:`MIGRATIONS` bring an older store
up to :data:`STORE_VERSION` in place, one recorded step at a time, and a client
that meets a store newer than it knows refuses with an upgrade message instead
of writing into a structure it does not understand.

Sheet tables follow the schemas: a new sheet kind or a new field is added to
the store (``CREATE TABLE`` / ``ALTER TABLE … ADD COLUMN``) by
:func:`reconcile`, which every ``init``, ``upgrade`` and sync runs; columns are
never dropped.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from backoffice.sync.tables import StoreTables, field_columns, syncable_schemas
from sqlalchemy.engine import Connection, Engine

from backoffice.errors import BackofficeError, RetryableError, UnusableInput

#: The store structure this client knows.
STORE_VERSION = 4

#: The file name of the default SQLite store, beside the book.
DEFAULT_FILE = "backoffice-store.sqlite"


class StoreUnreachable(RetryableError):
    """The store does not answer (exit 3: try again)."""

    code = "store-unreachable"


class StoreTooNew(UnusableInput):
    """The store was upgraded by a newer backoffice than this one."""

    code = "store-too-new"


class StoreNotReady(UnusableInput):
    """The store has no backoffice tables yet (``backoffice store init``)."""

    code = "store-not-initialized"


class StoreMissing(UnusableInput):
    """No store where the URL points (a file that does not exist, a database that does not):
    a command that only reads never creates one."""

    code = "store-missing"


class StoreUrlUnsupported(UnusableInput):
    """A URL of a database backoffice does not keep its store in (mysql://, …)."""

    code = "store-url-unsupported"


#: The stores backoffice keeps its data in: SQLite, and PostgreSQL through psycopg 3.
SUPPORTED = ("sqlite", "postgresql")


def resolve_url(book: str | None = None, option: str | None = None,
                setting: str | None = None) -> str:
    """The store's URL: ``--store``, else BACKOFFICE_STORE, else Settings, else a SQLite
    file beside the book (or in the current folder)."""
    for candidate in (option, os.environ.get("BACKOFFICE_STORE"), setting):
        if candidate and candidate.strip():
            return _as_url(candidate.strip())
    folder = Path(book).resolve().parent if book else Path.cwd()
    return f"sqlite:///{folder / DEFAULT_FILE}"


def _as_url(text: str) -> str:
    """A URL as given, or a plain file path made into a SQLite URL."""
    return text if "://" in text else f"sqlite:///{Path(text).resolve()}"


def display_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url


def _parse(url: str) -> sa.URL:
    """``url`` parsed, of a supported store (PostgreSQL with no driver named, or the
    ``postgres://`` spelling, gets psycopg 3, the driver backoffice installs)."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise UnusableInput("store-url-invalid", url=url) from exc
    backend = parsed.get_backend_name()
    if backend == "postgres":
        parsed, backend = parsed.set(drivername="postgresql+psycopg"), "postgresql"
    elif backend == "postgresql" and "+" not in parsed.drivername:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend not in SUPPORTED:
        raise StoreUrlUnsupported(url=display_url(url), scheme=parsed.drivername)
    return parsed


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite store URL (None for another store, or an in-memory one)."""
    parsed = _parse(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def open_engine(url: str, readonly: bool = False) -> Engine:
    """An engine for ``url``; SQLite gets real transactions, WAL and a busy timeout.

    ``readonly``: nothing is ever written, and nothing created. A SQLite file is opened
    read-only (:class:`StoreMissing` when there is none); a PostgreSQL transaction is
    made READ ONLY.
    """
    parsed = _parse(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            path = sqlite_path(url)
            if readonly and path is not None:
                if not path.is_file():
                    raise StoreMissing(url=display_url(url))
                uri = f"{path.resolve().as_uri()}?mode=ro"  # percent-encoded, read-only
                engine = sa.create_engine("sqlite://", creator=lambda: sqlite3.connect(
                    uri, uri=True, timeout=60, check_same_thread=False))
                _sqlite_reader(engine)
                return engine
            engine = sa.create_engine(parsed, connect_args={"timeout": 60})
            _sqlite_transactions(engine)
            return engine
        engine = sa.create_engine(parsed, pool_pre_ping=True)
    except (ModuleNotFoundError, sa.exc.NoSuchModuleError) as exc:
        raise StoreUrlUnsupported(url=display_url(url), scheme=parsed.drivername) from exc
    if readonly:
        _postgresql_reader(engine)
    return engine


def _sqlite_reader(engine: Engine) -> None:
    """A read-only SQLite connection: a plain deferred BEGIN (one snapshot for the reads
    of a transaction), and no journal-mode change, which would be a write."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection):  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN")


def _postgresql_reader(engine: Engine) -> None:
    """Every transaction READ ONLY: PostgreSQL itself refuses a write."""

    @sa.event.listens_for(engine, "begin")
    def _begin(connection):  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("SET TRANSACTION READ ONLY")


def _sqlite_transactions(engine: Engine) -> None:
    """pysqlite begins transactions lazily and not for DDL; take control (SQLAlchemy's recipe)."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection):  # type: ignore[no-untyped-def]
        # IMMEDIATE: a writer takes the lock at BEGIN, so two writers queue instead of
        # deadlocking when both upgrade a read lock.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Store:
    """An open store: its engine and its tables.

    ``readonly``: for the commands that only read (``store status``, ``audit verify``,
    ``history``): nothing is written or created, a missing store is :class:`StoreMissing`.
    ``create``: False refuses a SQLite file that does not exist yet (``store upgrade``)
    instead of starting an empty one.
    """

    def __init__(self, url: str, readonly: bool = False, create: bool = True) -> None:
        self.url = url
        if not create and not readonly:
            path = sqlite_path(url)
            if path is not None and not path.is_file():
                raise StoreMissing(url=display_url(url))
        self.readonly = readonly
        self.engine = open_engine(url, readonly)
        self.tables = StoreTables(syncable_schemas())
        self.dialect = self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction; an unreachable store becomes :class:`StoreUnreachable`."""
        try:
            with self.engine.begin() as connection:
                yield connection
        except sa.exc.OperationalError as exc:
            if _is_missing(exc):
                raise StoreMissing(url=display_url(self.url)) from exc
            if _is_unreachable(exc):
                raise StoreUnreachable(url=display_url(self.url),
                                       detail=str(exc.orig).splitlines()[0][:200]) from exc
            raise

    # -- the structure's version ---------------------------------------------------------------
    def version(self, connection: Connection) -> int:
        """The store's structure version; 0 when it has no backoffice tables."""
        if not sa.inspect(connection).has_table("store_meta"):
            return 0
        meta = self.tables["store_meta"]
        value = connection.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version")
                                   ).scalar()
        return int(value) if value is not None else 0

    def ensure_current(self, create: bool = True) -> int:
        """Make the store usable by this client: refuse a newer one, upgrade an older one
        (or create it, with ``create``), add the tables and columns new schemas need.
        Returns the version it was at."""
        with self.begin() as connection:
            _lock_structure(connection)
            found = self.version(connection)
            if found > STORE_VERSION:
                raise StoreTooNew(url=display_url(self.url), found=found, known=STORE_VERSION)
            if found == 0 and not create:
                raise StoreNotReady(url=display_url(self.url))
            for version, name, step in MIGRATIONS:
                if version > found:
                    step(self, connection)
                    _record(self, connection, version, name)
            reconcile(self, connection)
        return found

    def identity(self) -> str:
        """The store's identity (made by migration 3), which books remember."""
        meta = self.tables["store_meta"]
        with self.begin() as connection:
            return str(connection.execute(sa.select(meta.c.value).where(
                meta.c.key == "store_id")).scalar_one())

    def check_version(self) -> None:
        """Refuse a store newer than this client, before any work is done."""
        with self.begin() as connection:
            found = self.version(connection)
        if found > STORE_VERSION:
            raise StoreTooNew(url=display_url(self.url), found=found, known=STORE_VERSION)

    def check_readable(self) -> int:
        """For a command that reads the audit log: the store's version. Refuses a store
        without backoffice tables, one newer than this client, and one from before the
        audit log (structure version 1; ``store upgrade`` adds it)."""
        with self.begin() as connection:
            found = self.version(connection)
        if found == 0:
            raise StoreNotReady(url=display_url(self.url))
        if found > STORE_VERSION:
            raise StoreTooNew(url=display_url(self.url), found=found, known=STORE_VERSION)
        if found < 2:
            raise StoreNotReady("store-without-audit-log", url=display_url(self.url),
                                found=found)
        return found


def _is_missing(exc: sa.exc.OperationalError) -> bool:
    """A PostgreSQL database that does not exist (a file is looked for before opening)."""
    text = str(exc.orig).lower()
    return "database" in text and "does not exist" in text


def _is_unreachable(exc: sa.exc.OperationalError) -> bool:
    text = str(exc.orig).lower()
    return any(word in text for word in ("connection refused", "could not connect",
                                         "unable to open database", "timeout expired",
                                         "connection to server", "name or service"))


def _lock_structure(connection: Connection) -> None:
    """Only one client changes the structure at a time (SQLite: BEGIN IMMEDIATE did it)."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(7007001)"))


def _record(store: Store, connection: Connection, version: int, name: str) -> None:
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    meta, migrations = store.tables["store_meta"], store.tables["store_migrations"]
    connection.execute(migrations.insert().values(version=version, name=name, applied_at=now))
    updated = connection.execute(meta.update().where(meta.c.key == "schema_version")
                                 .values(value=str(version)))
    if updated.rowcount == 0:
        connection.execute(meta.insert().values(key="schema_version", value=str(version)))


# -- migrations: (version, name, step); append only, never edit a shipped step ---------------------

def _initial(store: Store, connection: Connection) -> None:
    for name in ("store_meta", "store_migrations", "companies"):
        store.tables[name].create(connection, checkfirst=True)
    for table in store.tables.sheets.values():
        table.create(connection, checkfirst=True)


_APPEND_ONLY_SQLITE = (
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)
_APPEND_ONLY_POSTGRESQL = (
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
)


def _audit_log(store: Store, connection: Connection) -> None:
    store.tables["audit_log"].create(connection, checkfirst=True)
    statements = (_APPEND_ONLY_POSTGRESQL if connection.dialect.name == "postgresql"
                  else _APPEND_ONLY_SQLITE)
    for statement in statements:
        connection.exec_driver_sql(statement)


def _identity(store: Store, connection: Connection) -> None:
    """A random identity for the store, which each book remembers: a book that last synced
    with another store (a copy of the file, a move to PostgreSQL) sends all its rows again
    instead of taking this store's silence for agreement."""
    meta = store.tables["store_meta"]
    exists = connection.execute(sa.select(meta.c.value).where(meta.c.key == "store_id")).first()
    if exists is None:
        connection.execute(meta.insert().values(key="store_id", value=uuid.uuid4().hex))


def _book_identities(store: Store, connection: Connection) -> None:
    """Each book's identity and place, so that a copied book gets its own and a book that
    lost its hidden state takes its own back (see :mod:`backoffice.sync.bookid`)."""
    store.tables["book_identities"].create(connection, checkfirst=True)


MIGRATIONS: tuple[tuple[int, str, Callable[[Store, Connection], None]], ...] = (
    (1, "companies and sheet tables", _initial),
    (2, "append-only audit log", _audit_log),
    (3, "store identity", _identity),
    (4, "book identities", _book_identities),
)


def reconcile(store: Store, connection: Connection) -> list[str]:
    """Create missing sheet tables and add missing field columns; what was added."""
    added: list[str] = []
    inspector = sa.inspect(connection)
    schemas = {s.kind: s for s in syncable_schemas()}
    for kind, table in store.tables.sheets.items():
        if not inspector.has_table(table.name):
            table.create(connection)
            added.append(f"table {table.name}")
            continue
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in field_columns(schemas[kind]):
            if column.name not in present:
                kind_sql = column.type.compile(dialect=connection.dialect)
                connection.exec_driver_sql(
                    f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind_sql}')
                added.append(f"column {table.name}.{column.name}")
        indexes = {i["name"] for i in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in indexes:
                index.create(connection)
                added.append(f"index {index.name}")
    return added


@dataclass
class StoreStatus:
    """What ``backoffice store status`` shows."""

    url: str
    version: int
    known: int
    migrations: list[tuple[int, str, str]]
    companies: list[tuple[str, int, dict[str, int]]]
    audit_records: int
    #: The books the store knows (migration 4): company, book ID, where it is, whose copy
    #: it is (a book ID or None), its last Sync (ISO, UTC); by company, then last Sync.
    books: list[tuple[str, str, str, str | None, str]] = field(default_factory=list)


def status(store: Store) -> StoreStatus:
    """The store's version, migrations, companies (version, live rows per sheet), audit size."""
    with store.begin() as connection:
        version = store.version(connection)
        if version == 0:
            return StoreStatus(display_url(store.url), 0, STORE_VERSION, [], [], 0)
        migrations = store.tables["store_migrations"]
        applied = [tuple(r) for r in connection.execute(
            sa.select(migrations.c.version, migrations.c.name, migrations.c.applied_at)
            .order_by(migrations.c.version))]
        companies_table = store.tables["companies"]
        inspector = sa.inspect(connection)
        companies = []
        for company, counter in connection.execute(
                sa.select(companies_table.c.company_id, companies_table.c.version)
                .order_by(companies_table.c.company_id)):
            counts = {}
            for kind, table in store.tables.sheets.items():
                if not inspector.has_table(table.name):
                    continue
                counts[kind] = connection.execute(
                    sa.select(sa.func.count()).select_from(table).where(
                        table.c.company_id == company, table.c.deleted.is_(False))).scalar_one()
            companies.append((company, int(counter), counts))
        books = []
        if inspector.has_table("book_identities"):
            known = store.tables["book_identities"]
            books = [tuple(r) for r in connection.execute(
                sa.select(known.c.company_id, known.c.book_id, known.c.location,
                          known.c.copied_from, known.c.last_sync_at)
                .order_by(known.c.company_id, known.c.last_sync_at, known.c.book_id))]
        audit = 0
        if inspector.has_table("audit_log"):
            audit = connection.execute(sa.select(sa.func.count()).select_from(
                store.tables["audit_log"])).scalar_one()
    return StoreStatus(display_url(store.url), version, STORE_VERSION,
                       applied, companies, int(audit), books)  # type: ignore[arg-type]


__all__ = ["MIGRATIONS", "STORE_VERSION", "SUPPORTED", "BackofficeError", "Store",
           "StoreMissing", "StoreTooNew", "StoreUnreachable", "StoreUrlUnsupported",
           "resolve_url", "status"]

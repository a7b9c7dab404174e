"""The store side of a Sync: fetch what the plan needs, push in one transaction.

A push advances the company's version counter first: that row lock serializes
the pushes of one company, so versions are handed out in commit order. Every
pushed row's store version is then verified to be the one the plan was made
against; if another push moved it meanwhile, :class:`Retry` rolls the
transaction back and the Sync plans again with fresh rows. The rows and one
audit record are written in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import polars as pl
import sqlalchemy as sa
import sqlalchemy.ext.compiler
from backoffice.sync import audit
from backoffice.sync.bookread import SheetRows
from backoffice.sync.faults import fault
from backoffice.sync.plan import LocalRow, SheetPlan, StoreRow
from backoffice.sync.rows import GROUP_FIELDS, digest_column, store_frame
from backoffice.sync.state import Base
from backoffice.sync.store import Store

#: From this many new rows on, PostgreSQL gets them through COPY.
COPY_FROM = 2000

#: Rows per batch encoded for COPY.
COPY_SLICE = 50_000


class Retry(Exception):
    """A pushed row's store version moved since the plan: plan again."""


def fetch(store: Store, connection: sa.Connection, company: str, rows: SheetRows,
           local: dict[str, LocalRow], base: dict[str, Base], seen: int,
           theirs: set[str], also: set[str] = frozenset()) -> dict[str, StoreRow]:
    """The store rows the plan needs: changed since ``seen``, those of every ID changed or
    in conflict here, and every row of every unit (entry, key) that may meet a colleague's
    change: a unit the store changed since ``seen``, one in conflict, one whose store side
    was chosen, one holding ``also`` (store rows of a natural key the book's new rows
    differ from). (A unit only this book changed needs just its changed rows: every other
    row of it is in the store as the book last saw it, or it would have a newer version.)"""
    table = store.tables.sheets[rows.schema.kind]
    keys = [f.key for f in rows.fields]
    group = rows.group_field
    interest = {i for i, r in local.items() if i not in base or base[i].version == 0
                or base[i].digest != r.digest}
    interest |= {i for i, b in base.items() if b.conflict is not None or
                 (b.version > 0 and i not in local)}
    interest |= theirs | also
    system = [table.c.row_id, table.c.version, table.c.deleted, table.c.changed_by, table.c.book]
    select = sa.select(*system, *[table.c[k] for k in keys]).where(table.c.company_id == company)
    found: dict[str, dict] = {}
    for r in connection.execute(select.where(table.c.version > seen)).mappings():
        found[r["row_id"]] = dict(r)
    # With seen = 0 the query above read every row of the company: nothing else to find.
    wanted = sorted(interest - set(found)) if seen else []
    linked = set(found) | theirs | also | {i for i, b in base.items() if b.conflict is not None}
    if wanted:
        for r in connection.execute(select.where(among(table.c.row_id, wanted))).mappings():
            found[r["row_id"]] = dict(r)
    if group is not None and seen:
        groups = {local[i].group for i in linked if i in local}
        groups |= {base[i].group for i in linked if i in base}
        groups |= {found[i][group] for i in linked if i in found}
        groups.discard(None)
        if groups:  # every row of every touched entry (group columns are indexed)
            for r in connection.execute(
                    select.where(among(table.c[group], sorted(groups)))).mappings():
                found.setdefault(r["row_id"], dict(r))
    return store_rows(list(found.values()), rows)


def store_rows(records: list[dict], rows: SheetRows) -> dict[str, StoreRow]:
    """Store records as :class:`StoreRow`, projected onto ``rows``' fields, with digests."""
    if not records:
        return {}
    keys = [f.key for f in rows.fields]
    digests = digest_column(store_frame(records, rows.fields), keys).to_list()
    group = rows.group_field
    out = {}
    for record, digest in zip(records, digests, strict=True):
        values = {k: record[k] for k in keys}
        out[record["row_id"]] = StoreRow(record["row_id"], int(record["version"]),
                                         bool(record["deleted"]),
                                         None if group is None else values[group], digest,
                                         values, record["changed_by"], record["book"])
    return out


def among(column: sa.Column, values: list[str]) -> sa.ColumnElement[bool]:
    """``column IN values`` with the values as one parameter (a PostgreSQL array, a SQLite
    JSON list), so that 100,000 IDs cost one bound value, not 100,000."""
    if not isinstance(column.type, sa.String):  # IDs, entry numbers and codes are text
        return column.in_(values)
    return _AmongClause(column, values)


class _AmongClause(sa.sql.expression.ColumnElement[bool]):
    """Compiled per dialect: ``= ANY(%(ids)s)`` on PostgreSQL, ``IN (SELECT value FROM
    json_each(?))`` on SQLite, a plain IN elsewhere."""

    inherit_cache = False
    type = sa.Boolean()

    def __init__(self, column: sa.Column, values: list[str]) -> None:
        self.column = column
        self.values = values


@sa.ext.compiler.compiles(_AmongClause, "postgresql")
def _among_postgresql(element, compiler, **kw):  # type: ignore[no-untyped-def]
    from sqlalchemy.dialects import postgresql

    param = sa.bindparam(None, element.values, type_=postgresql.ARRAY(sa.Text))
    return f"{compiler.process(element.column, **kw)} = ANY({compiler.process(param, **kw)})"


@sa.ext.compiler.compiles(_AmongClause, "sqlite")
def _among_sqlite(element, compiler, **kw):  # type: ignore[no-untyped-def]

    param = sa.bindparam(None, json.dumps(element.values), type_=sa.Text)
    return (f"{compiler.process(element.column, **kw)} IN "
            f"(SELECT value FROM json_each({compiler.process(param, **kw)}))")


@sa.ext.compiler.compiles(_AmongClause)
def _among_default(element, compiler, **kw):  # type: ignore[no-untyped-def]
    return compiler.process(element.column.in_(element.values), **kw)


def ensure_company(store: Store, company: str) -> None:
    companies = store.tables["companies"]
    with store.begin() as connection:
        exists = connection.execute(sa.select(companies.c.company_id).where(
            companies.c.company_id == company)).first()
        if exists is None:
            try:
                with connection.begin_nested():
                    connection.execute(companies.insert().values(
                        company_id=company, version=0,
                        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))
            except sa.exc.IntegrityError:
                pass  # another book of the company created it meanwhile


def push(store: Store, company: str, plans: dict[str, SheetPlan],
         sheets: Mapping[str, SheetRows], user: str, book: str, seen: int) -> int:
    """One transaction: advance the counter (the lock), verify versions, write, audit.
    ``sheets`` gives each plan's rows (the book's sheets, and a contributed journal);
    ``seen`` is the company's version the plans were made against."""
    companies = store.tables["companies"]
    with store.begin() as connection:
        connection.execute(companies.update().where(companies.c.company_id == company)
                           .values(version=companies.c.version + 1))
        version = int(connection.execute(sa.select(companies.c.version).where(
            companies.c.company_id == company)).scalar_one())
        changes: dict[str, Any] = {"rows": [], "import": {}}
        if version != seen + 1:  # someone pushed since the plan
            _verify_since_plan(store, connection, company, plans, sheets, seen)
        for kind, plan in plans.items():
            if plan.pushes:
                _push_sheet(store, connection, company, plan, sheets[kind], version, user,
                            book, changes)
        if not changes["import"]:
            changes.pop("import")
        action = "import" if not changes["rows"] else "push"
        if not changes["rows"]:
            changes.pop("rows")
        audit.append(store, connection, company, version, user, book, action, changes)
        fault("before-commit")
    fault("after-commit")
    return version


def _verify_since_plan(store: Store, connection: sa.Connection, company: str,
                       plans: dict[str, SheetPlan], sheets: Mapping[str, SheetRows],
                       seen: int) -> None:
    """Another push came between this Sync's plan and its push; raise :class:`Retry` (plan
    again, with its changes) unless they cannot touch what this push writes.

    Journal rows a colleague changed matter only in the entries this push writes (the
    same new entry number, a line added to an entry changed here): Journal traffic is
    heavy, and other entries do not change this push's validity. Anything else (an
    account, a party, a tax code, which this push's entries may rely on), or anything at
    all when this push changes more than Journal entries, is a reason to plan again.
    Each pushed row's own version is also checked (:func:`_push_sheet`).
    """
    only_entries = all(kind in GROUP_FIELDS or not plan.pushes for kind, plan in plans.items())
    for kind, table in store.tables.sheets.items():
        since = sa.select(table.c.row_id).where(table.c.company_id == company,
                                                table.c.version > seen)
        plan = plans.get(kind)
        if kind in GROUP_FIELDS and only_entries:
            if plan is None or not plan.pushes:
                continue
            units = sorted(u for u in plan.units if not u.startswith("\x00"))
            if not units:
                continue
            since = since.where(among(table.c[GROUP_FIELDS[kind]], units))
        moved = connection.execute(since.limit(1)).first()
        if moved is not None:
            raise Retry(moved[0])


def _push_sheet(store: Store, connection: sa.Connection, company: str, plan: SheetPlan,
                rows: SheetRows, version: int, user: str, book: str,
                changes: dict[str, Any]) -> None:
    table = store.tables.sheets[plan.kind]
    keys = [f.key for f in rows.fields]
    system = {"company_id": company, "version": version, "changed_by": user, "book": book}
    # A first load: the company has no row of this sheet yet, and cannot get one meanwhile
    # (every push holds the company's counter lock), so there is nothing to verify.
    # (``expected`` holds the version each pushed or deleted ID must have: all 0 here.)
    if not plan.tombstones and not any(plan.expected.values()) and connection.execute(
            sa.select(table.c.row_id).where(table.c.company_id == company).limit(1)
    ).first() is None:
        _first_load(connection, table, plan, rows, system, changes)
        return
    ids = [r.row_id for r in plan.push] + plan.tombstones
    current: dict[str, dict] = {}
    if ids:
        query = sa.select(table.c.row_id, table.c.version, table.c.deleted,
                          *[table.c[k] for k in keys]).where(
            table.c.company_id == company, among(table.c.row_id, ids))
        current.update((r["row_id"], dict(r)) for r in connection.execute(query).mappings())
        for row_id in ids:
            if int(current.get(row_id, {}).get("version", 0)) != plan.expected.get(row_id, 0):
                raise Retry(row_id)
    new_rows = [r for r in plan.push if r.row_id not in current]
    if connection.dialect.name == "postgresql" and len(new_rows) >= COPY_FROM:
        _copy(connection, table, _frame_of(rows, [r.row_id for r in new_rows]), keys, system)
        inserts = [{"row_id": r.row_id, **r.values} for r in new_rows]
    else:
        inserts = [{**system, "row_id": r.row_id, "deleted": False, **r.values}
                   for r in new_rows]
        if inserts:
            connection.execute(table.insert(), inserts)
    updates = [r for r in plan.push if r.row_id in current]
    if updates:
        params = [{"k_row_id": r.row_id, **{f"v_{k}": r.values[k] for k in keys}} for r in updates]
        connection.execute(
            table.update().where(table.c.company_id == company,
                                 table.c.row_id == sa.bindparam("k_row_id"))
            .values(version=version, deleted=False, changed_by=user, book=book,
                    **{k: sa.bindparam(f"v_{k}") for k in keys}), params)
    if plan.tombstones:
        connection.execute(
            table.update().where(table.c.company_id == company,
                                 table.c.row_id == sa.bindparam("k_row_id"))
            .values(version=version, deleted=True, changed_by=user, book=book),
            [{"k_row_id": i} for i in plan.tombstones])
    for row in inserts:
        changes["rows"].append({"sheet": plan.kind, "id": row["row_id"], "op": "insert",
                                "before": None, "after": {k: row[k] for k in keys}})
    for row in updates:
        before = current[row.row_id]
        diff = [k for k in keys if before.get(k) != row.values[k]]
        changes["rows"].append({"sheet": plan.kind, "id": row.row_id, "op": "update",
                                "before": {k: before.get(k) for k in diff},
                                "after": {k: row.values[k] for k in diff}})
    for row_id in plan.tombstones:
        before = current.get(row_id, {})
        changes["rows"].append({"sheet": plan.kind, "id": row_id, "op": "delete",
                                "before": {k: before.get(k) for k in keys}, "after": None})


def _first_load(connection: sa.Connection, table: sa.Table, plan: SheetPlan, rows: SheetRows,
                system: dict[str, Any], changes: dict[str, Any]) -> None:
    """Every pushed row is new: written without per-row checks, and recorded as one
    ``import`` entry (the row count, the fields, and a digest of the IDs and contents, see
    :func:`import_digest`), not one entry per row."""
    keys = [f.key for f in rows.fields]
    frame = _frame_of(rows, [r.row_id for r in plan.push])
    # The digest is made meanwhile, off the critical path (polars and hashlib release the
    # GIL): the load mostly waits for the database.
    with ThreadPoolExecutor(1) as pool:
        digest = pool.submit(import_digest, frame)
        if connection.dialect.name == "postgresql" and frame.height >= COPY_FROM:
            _copy(connection, table, frame, keys, system)
        else:
            connection.execute(table.insert(), [{**system, "row_id": r.row_id, "deleted": False,
                                                 **r.values} for r in plan.push])
        # The fields the digest covers (the book's columns), so audit verify recomputes it.
        changes["import"][plan.kind] = {"count": frame.height, "digest": digest.result(),
                                        "fields": keys}


def _frame_of(rows: SheetRows, ids: list[str]) -> pl.DataFrame:
    """The book's rows with these IDs (``row_id``, the managed fields, ``digest``), in ID
    order: the order their primary key is built in."""
    frame = rows.frame.select("row_id", *[f.key for f in rows.fields], "digest")
    if len(ids) != frame.height:  # IDs are unique: the same count means every row
        frame = frame.filter(pl.col("row_id").is_in(pl.Series(ids, dtype=pl.String).implode()))
    ids_column = pl.col("row_id")
    if frame.select(ids_column.str.contains(_NEW_ID).all()).item():
        # IDs as identity.new_ids makes them sort as their 64-bit numbers do, and numbers
        # sort three times faster than text.
        number = ids_column.str.slice(1).str.to_integer(base=16, dtype=pl.UInt64)
        return frame.sort(number).with_columns(ids_column.set_sorted())
    return frame.sort("row_id")


#: What :func:`.identity.new_ids` makes: "r" and 16 lowercase hexadecimal digits.
_NEW_ID = r"^r[0-9a-f]{16}$"


def import_digest(frame: pl.DataFrame) -> str:
    """The digest of a first load (``frame`` in ID order): SHA-256 over one line per row,
    ``ID digest``, where each row's digest covers its managed fields (see
    :func:`.rows.digest_column`), so it pins down which rows were imported and what they
    held."""
    text = frame.select(pl.concat_str("row_id", "digest", separator=" ").str.join("\n")).item()
    return hashlib.sha256((text or "").encode()).hexdigest()


def _copy(connection: sa.Connection, table: sa.Table, frame: pl.DataFrame, keys: list[str],
          system: dict[str, Any]) -> None:
    """New rows (``frame``, in ID order) into PostgreSQL with a binary COPY, inside the
    push's transaction. The rows are encoded from Arrow by pgpq, a batch at a time, so the
    server reads one batch while the next is encoded; binary spares the server parsing
    text (a quarter less time than CSV for a million journal rows).

    A table's very first rows (see :func:`_first_rows`) are written frozen, and the
    columns that are the same on every row (company, version, who, from which book) are
    not sent but given as the columns' defaults for the time of the COPY.
    """
    import pgpq
    from psycopg import sql

    raw = connection.connection.driver_connection  # the same transaction as ``connection``
    rebuild = _first_rows(connection, table)
    sent = {"deleted": False, **system}
    defaulted = {}
    if rebuild is not None:  # the table is this transaction's alone until it commits
        defaulted = {k: v for k, v in sent.items() if table.c[k].server_default is None}
        sent = {k: v for k, v in sent.items() if k not in defaulted}
        _defaults(connection, table, {k: sql.Literal(v).as_string(raw)
                                      for k, v in defaulted.items()})
    frame = frame.select(*[pl.lit(v).alias(k) for k, v in sent.items()], "row_id", *keys)
    # Binary COPY takes each value in its column's exact type (an int4 is not an int8).
    frame = frame.cast({c: _binary_type(table.c[c].type) for c in frame.columns})
    arrow = frame.to_arrow()
    encoder = pgpq.ArrowToPostgresBinaryEncoder(arrow.schema)
    names = ", ".join(f'"{c}"' for c in frame.columns)
    options = "FORMAT binary" + (", FREEZE" if rebuild is not None else "")
    with raw.cursor() as cursor, cursor.copy(
            f"COPY {table.name} ({names}) FROM STDIN WITH ({options})") as copy:
        copy.write(encoder.write_header())
        for batch in arrow.to_batches(max_chunksize=COPY_SLICE):
            copy.write(encoder.write_batch(batch))
        copy.write(encoder.finish())
    if rebuild is not None:
        _defaults(connection, table, dict.fromkeys(defaulted))
        rebuild()


def _binary_type(column_type: sa.types.TypeEngine) -> type[pl.DataType]:
    """The polars type whose Arrow form pgpq encodes as the store column's type."""
    if isinstance(column_type, sa.BigInteger):
        return pl.Int64
    if isinstance(column_type, sa.Integer):
        return pl.Int32
    if isinstance(column_type, sa.Boolean):
        return pl.Boolean
    if isinstance(column_type, sa.Date):
        return pl.Date
    if isinstance(column_type, sa.String):  # TEXT and VARCHAR: text either way
        return pl.String
    raise TypeError(f"no binary COPY type for {column_type!r}")


def _defaults(connection: sa.Connection, table: sa.Table, values: dict[str, str | None]) -> None:
    """Set (SQL literals) or drop (None) column defaults of ``table``."""
    if not values:
        return
    connection.execute(sa.text(f"ALTER TABLE {table.name} " + ", ".join(
        f'ALTER COLUMN "{k}" ' + ("DROP DEFAULT" if v is None else f"SET DEFAULT {v}")
        for k, v in values.items())))


def _first_rows(connection: sa.Connection, table: sa.Table):  # type: ignore[no-untyped-def]
    """Ready a table for its very first rows, or return None when it is not empty or
    another push holds it. Ready means:

    * its primary key and indexes dropped, so that COPY only appends and they are built
      once afterwards (about twice as fast for a million rows);
    * truncated, so that COPY may write the rows frozen (``FREEZE``). The key and index
      builds that follow then find every row visible without asking whose transaction
      wrote it: for a million journal rows that halves the key and the entry index
      (0.55 s to 0.3 s each, measured in ``bench/sync_bench.py``), and no vacuum has to
      freeze the rows later.

    Returns the function that builds the key and indexes again, in the same transaction.

    The table is locked with NOWAIT inside a savepoint: a push that would have to wait
    (another company loading at the same moment) takes the ordinary path instead of
    queueing behind a lock, so no two pushes can deadlock here. The truncate empties a
    table already empty under that lock, so it removes nothing. Like the freeze, it lets a
    reader whose snapshot is older than the commit see the rows, which for a table that
    had none is harmless.
    """
    def has_rows() -> bool:
        return connection.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() \
            is not None

    if has_rows():  # the usual case: look before locking anything
        return None
    try:
        with connection.begin_nested():
            connection.execute(sa.text(f"LOCK TABLE {table.name} IN ACCESS EXCLUSIVE MODE NOWAIT"))
    except sa.exc.OperationalError:
        return None
    if has_rows():  # another push loaded it between the look and the lock
        return None
    primary = sa.inspect(connection).get_pk_constraint(table.name)
    name, columns = primary["name"], primary["constrained_columns"]
    connection.execute(sa.text(f'ALTER TABLE {table.name} DROP CONSTRAINT "{name}"'))
    for index in table.indexes:
        index.drop(connection)
    # COPY FREEZE needs the table created or truncated in this very (sub)transaction: the
    # savepoint above is released, so this runs at the transaction's own level, as the
    # COPY will.
    connection.execute(sa.text(f"TRUNCATE {table.name}"))

    def rebuild() -> None:
        # A bigger sort memory for this transaction only: each index is one in-memory sort.
        connection.execute(sa.text("SET LOCAL maintenance_work_mem = '256MB'"))
        keys = ", ".join(f'"{c}"' for c in columns)
        connection.execute(sa.text(
            f'ALTER TABLE {table.name} ADD CONSTRAINT "{name}" PRIMARY KEY ({keys})'))
        for index in table.indexes:
            index.create(connection)

    return rebuild


def conflict_times(store: Store, company: str, plans: dict[str, SheetPlan]) -> dict[int, str]:
    versions = {r.version for p in plans.values() for c in p.conflicts
                for r in [*c.theirs, *c.deleted_there]}
    if not versions:
        return {}
    log = store.tables["audit_log"]
    with store.begin() as connection:
        return dict(connection.execute(sa.select(log.c.version, log.c.at).where(
            log.c.company_id == company, log.c.version.in_(sorted(versions)))).all())

"""``backoffice sync BOOK``: the book's changes to the store, the colleagues' changes to the book.

The order of work is what makes a Sync safe to kill at any moment:

1. Check the book; read its memory of the last Sync (:mod:`.state`) and the
   choices made in its Conflicts sheet.
2. Give rows their IDs (:mod:`.identity`); if any row got one, **save the book
   now**, before anything reaches the store, so a crash later cannot push a row
   twice under two IDs.
3. Fetch what the store changed since the book's base, plan each sheet
   (:mod:`.plan`), and push the book's changes in **one transaction**: the
   company's version counter is advanced first (a row lock that serializes pushes
   of one company), every pushed row's store version is verified to be the one
   the plan was made against (else the transaction is rolled back and the
   attempt made again with fresh data), the rows and one audit record are written.
4. Apply the store's changes to the book, write its memory and the Conflicts
   sheet, and save, atomically.

A Sync killed before 3 commits leaves the store as it was; killed after 3 but
before 4 saves, the next Sync finds the store holding exactly what the book
holds and lets its base catch up (no duplicates, nothing lost).

Fault injection for the tests: ``BACKOFFICE_SYNC_FAULT=during-stamp-save|before-commit|
after-commit|during-save`` raises :class:`InjectedFault` at that point (with
``BACKOFFICE_SYNC_FAULT_HARD=1`` the process exits at once instead).
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa
import sqlalchemy.ext.compiler
from backoffice.sync import audit
from backoffice.sync.bookedit import SyncWriter, TableEdit
from backoffice.sync.bookread import BookRead, SheetRows, read_for_sync
from backoffice.sync.conflicts import NAMES as CONFLICT_NAMES
from backoffice.sync.conflicts import Choice, conflicts_table, find_sheet, read_choices
from backoffice.sync.identity import assign
from backoffice.sync.plan import Conflict, LocalRow, SheetPlan, StoreRow, plan_sheet, unit_of
from backoffice.sync.rows import cell_value, digest_column, store_frame, style_kind
from backoffice.sync.state import SHEET as STATE_SHEET
from backoffice.sync.state import Base, SyncState, read_state, state_table
from backoffice.sync.store import Store, resolve_url

from backoffice.books.save import ensure_writable
from backoffice.errors import EXIT_PROBLEMS, BackofficeError, RetryableError
from backoffice.issues import Issue
from backoffice.schema import ROW_ID, normalize_name

FAULT_ENV = "BACKOFFICE_SYNC_FAULT"
MASS_DELETE_SHARE = 0.05
ATTEMPTS = 6
_FETCH_ALL = 5000


class InjectedFault(RuntimeError):
    """Raised at a named point when a test asks for it (see the module docstring)."""


def fault(point: str) -> None:
    """Stop here if the tests asked to (``BACKOFFICE_SYNC_FAULT``)."""
    if os.environ.get(FAULT_ENV) == point:
        if os.environ.get(FAULT_ENV + "_HARD"):
            os._exit(75)
        raise InjectedFault(point)


class SyncRefused(BackofficeError):
    """Sync will not run on this book as it is (a sort without IDs, a mass delete): exit 1."""

    exit_code = EXIT_PROBLEMS


class StoreBusy(RetryableError):
    code = "store-busy"


class _Retry(Exception):
    """A pushed row's store version moved since the plan: plan again."""


@dataclass
class SyncOptions:
    """How to sync: the store, who is syncing, and the mass-delete guard."""

    store: str | None = None
    user: str | None = None
    allow_mass_delete: bool = False


@dataclass
class SyncResult:
    """What a Sync did."""

    book: str
    store: str
    company: str
    stamped: int = 0
    pushed: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    pulled: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    held: list[Issue] = field(default_factory=list)
    version: int | None = None
    saved: bool = False
    lang: str = "en"
    sheets: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return EXIT_PROBLEMS if self.conflicts or self.held else 0


def company_id(settings: dict[str, Any]) -> str:
    """The company's key in the store, from its name in Settings (PT Sinar Abadi -> pt-sinar-abadi)."""
    name = str(settings.get("company") or "company")
    words = "".join(c if c.isalnum() else " " for c in name.casefold()).split()
    return "-".join(words)[:100] or "company"


def sync(path: str, options: SyncOptions | None = None) -> SyncResult:
    """Sync the book at ``path`` with its store. See the module docstring."""
    options = options or SyncOptions()
    clock = _Clock()
    ensure_writable(Path(path))  # open in Excel: say so now, before anything moves (exit 3)
    read = read_for_sync(path)
    state = read_state(path)
    kinds_by_sheet = {rows.sheet: kind for kind, rows in read.sheets.items()}
    choices, conflict_rows = read_choices(path, kinds_by_sheet)
    url = resolve_url(path, options.store, _setting(read, "store"))
    company = state.company or company_id(read.settings)
    result = SyncResult(path, url, company, lang=read.lang,
                        sheets={k: r.sheet for k, r in read.sheets.items()},
                        timings=clock.timings)
    clock.lap("book-read")
    user = options.user or os.environ.get("BACKOFFICE_USER") or getpass.getuser()
    book_name = Path(path).name
    with Store(url) as store:
        store.ensure_current()  # a newer store is refused before the book is touched
        clock.lap("store-open")
        stamped = _stamp(path, read, state)
        result.stamped = sum(len(s) for s in stamped.values())
        clock.lap("book-stamp")
        theirs = _apply_choices(choices, state)
        _ensure_company(store, company)
        for _attempt in range(ATTEMPTS):
            try:
                seen, plans, remote = _plan(store, company, read, state, theirs)
                clock.lap("store-fetch-plan")
                _guard_mass_delete(read, state, plans, options.allow_mass_delete)
                if any(p.pushes for p in plans.values()):
                    result.version = _push(store, company, plans, read, user, book_name)
                clock.lap("store-push")
                break
            except _Retry:
                continue
        else:
            raise StoreBusy(url=url)
        when = _when(store, company, plans)
    if result.version is not None and result.version == seen + 1:
        seen = result.version  # nobody pushed between the fetch and this push
    old_state = _copy(state)
    edits = _apply(read, state, plans, result, seen)
    state.company = company
    _report(result, read, plans)
    conflicts_sheet = None
    if result.conflicts or conflict_rows:
        conflicts_sheet = conflicts_table(
            result.conflicts, {k: (r.sheet, r.fields) for k, r in read.sheets.items()}, when,
            read.lang)
    if any(edits.values()) or conflicts_sheet is not None or state != old_state:
        _save(path, read, edits, state, conflicts_sheet)
        result.saved = True
    clock.lap("book-write")
    return result


class _Clock:
    """Seconds spent in each phase (book parts and store parts), for the benchmark."""

    def __init__(self) -> None:
        import time

        self._now = time.perf_counter
        self._last = self._now()
        self.timings: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = self._now()
        self.timings[name] = self.timings.get(name, 0.0) + now - self._last
        self._last = now


def _setting(read: BookRead, key: str) -> str | None:
    value = read.settings.get(key)
    return str(value) if value else None


def _copy(state: SyncState) -> SyncState:
    return SyncState(state.company, state.seen, {k: dict(v) for k, v in state.rows.items()})


# -- 2. identities -------------------------------------------------------------------------------

def _stamp(path: str, read: BookRead, state: SyncState) -> dict[str, dict[int, str]]:
    """Give every row its ID; save the book if any row got one. Refuse a sort without IDs."""
    stamped: dict[str, dict[int, str]] = {}
    for kind, rows in read.sheets.items():
        base = state.of(kind)
        frame = rows.frame
        outcome = assign(list(zip(frame["_row"].to_list(), frame[ROW_ID.key].to_list(),
                                  frame["digest"].to_list(), strict=True)), base)
        if outcome.moved:
            shown = ", ".join(str(r) for r in outcome.moved[:8])
            raise SyncRefused("sync-sorted", sheet=rows.sheet, rows=shown,
                              count=len(outcome.moved), column=rows.id_letter)
        if not outcome.stamped:
            continue
        stamped[kind] = outcome.stamped
        ids = [outcome.stamped.get(r, i) for r, i in zip(frame["_row"].to_list(),
                                                           frame[ROW_ID.key].to_list(),
                                                           strict=True)]
        rows.frame = frame.with_columns(pl.Series(ROW_ID.key, ids, dtype=pl.String))
        group = rows.group_field
        groups = dict(zip(frame["_row"].to_list(), frame[group].to_list(), strict=True)) \
            if group else {}
        for row, row_id in outcome.stamped.items():
            base[row_id] = Base(0, "", groups.get(row))
    if stamped:
        edits = {}
        for kind, ids in stamped.items():
            rows = read.sheets[kind]
            edit = TableEdit(rows.header_row, kinds={rows.id_letter: "text"})
            if rows.id_missing:
                edit.header_cells[rows.id_letter] = ROW_ID.header(read.lang)
                rows.id_missing = False
            edit.cells = {row: {rows.id_letter: row_id} for row, row_id in ids.items()}
            edits[kind] = edit
        _save(path, read, edits, state, None, point="during-stamp-save")
    return stamped


# -- 3. plan and push ------------------------------------------------------------------------------

def _apply_choices(choices: list[Choice], state: SyncState) -> dict[str, set[str]]:
    """Resolved conflicts: the book's side becomes an ordinary local change against the
    store's version; the store's side is pulled. Returns kind -> IDs to pull."""
    theirs: dict[str, set[str]] = {}
    for choice in choices:
        base = state.of(choice.kind)
        for row_id, version in choice.ids.items():
            b = base.get(row_id)
            if choice.side == "theirs":
                theirs.setdefault(choice.kind, set()).add(row_id)
                if b is not None:
                    base[row_id] = Base(b.version, b.digest, b.group)
                continue
            settled = max(version, b.version, b.conflict or 0) if b is not None else version
            if b is not None:
                base[row_id] = Base(settled, "", b.group)
            elif version:  # a row only the store has: keeping this book's side deletes it
                base[row_id] = Base(version, "", None)
    return theirs


def _plan(store: Store, company: str, read: BookRead, state: SyncState,
          theirs: dict[str, set[str]]) -> tuple[int, dict[str, SheetPlan], dict]:
    with store.begin() as connection:
        companies = store.tables["companies"]
        seen = connection.execute(sa.select(companies.c.version).where(
            companies.c.company_id == company)).scalar_one()
        plans = {}
        remotes = {}
        for kind, rows in read.sheets.items():
            base = state.of(kind)
            local = {r.row_id: r for r in rows.rows()}
            grouped = rows.group_field is not None
            remote = _fetch(store, connection, company, rows, local, base, state.seen,
                            theirs.get(kind, set()))
            held = rows.held_units(list(local.values()))
            plan = plan_sheet(kind, grouped, local, base, remote, set(held),
                              theirs.get(kind, set()))
            if kind in theirs:
                _forced_clear(plan, local, remote, theirs[kind], grouped, base)
            _protect_formulas(plan, rows, grouped, theirs.get(kind, set()))
            plans[kind] = plan
            remotes[kind] = remote
    return int(seen), plans, remotes


def _forced_clear(plan: SheetPlan, local: dict[str, LocalRow], remote: dict[str, StoreRow],
                  ids: set[str], grouped: bool, base: dict[str, Base]) -> None:
    """Keeping the store's side: the book's rows of the unit that the store lacks go."""
    units = {unit_of(i, local[i].group, grouped) for i in ids if i in local}
    units |= {unit_of(i, base[i].group, grouped) for i in ids if i in base}
    pulled = {r.row_id for r in plan.pull_delete}
    for row in local.values():
        if unit_of(row.row_id, row.group, grouped) in units and row.row_id not in remote \
                and row.row_id not in pulled:
            plan.pull_delete.append(row)


def _protect_formulas(plan: SheetPlan, rows: SheetRows, grouped: bool, chosen: set[str]) -> None:
    """A pull never writes over a formula: a remote change to a formula cell is a conflict
    (unless the person chose the store's version for that row)."""
    if not rows.formulas:
        return
    keep_update = []
    for mine, theirs in plan.pull_update:
        differ = {rows.letters[k] for k in mine.values if mine.values[k] != theirs.values.get(k)}
        if differ & rows.formulas.get(mine.row, set()) and mine.row_id not in chosen:
            plan.adopt.pop(mine.row_id, None)
            plan.conflicts.append(Conflict(plan.kind, unit_of(mine.row_id, mine.group, grouped),
                                           [mine], [theirs], seen=theirs.version))
        else:
            keep_update.append((mine, theirs))
    plan.pull_update = keep_update
    keep_delete = []
    for mine in plan.pull_delete:
        if rows.formulas.get(mine.row) and mine.row_id not in chosen:
            tombstone = plan.adopt.pop(mine.row_id, None)
            plan.conflicts.append(Conflict(plan.kind, unit_of(mine.row_id, mine.group, grouped),
                                           [mine], [], seen=tombstone.version if tombstone else 0))
        else:
            keep_delete.append(mine)
    plan.pull_delete = keep_delete


def _fetch(store: Store, connection: sa.Connection, company: str, rows: SheetRows,
           local: dict[str, LocalRow], base: dict[str, Base], seen: int,
           theirs: set[str]) -> dict[str, StoreRow]:
    """The store rows the plan needs: changed since ``seen``, those of every ID changed or
    in conflict here, and every row of every unit (entry, key) touched on either side."""
    table = store.tables.sheets[rows.schema.kind]
    keys = [f.key for f in rows.fields]
    group = rows.group_field
    interest = {i for i, r in local.items() if i not in base or base[i].version == 0
                or base[i].digest != r.digest}
    interest |= {i for i, b in base.items() if b.conflict is not None or
                 (b.version > 0 and i not in local)}
    interest |= theirs
    system = [table.c.row_id, table.c.version, table.c.deleted, table.c.changed_by, table.c.book]
    select = sa.select(*system, *[table.c[k] for k in keys]).where(table.c.company_id == company)
    found: dict[str, dict] = {}
    if len(interest) > _FETCH_ALL:
        found.update((r["row_id"], dict(r)) for r in connection.execute(select).mappings())
    else:
        for r in connection.execute(select.where(table.c.version > seen)).mappings():
            found[r["row_id"]] = dict(r)
        wanted = sorted(interest - set(found))
        if wanted:
            for r in connection.execute(select.where(_among(table.c.row_id, wanted))).mappings():
                found[r["row_id"]] = dict(r)
    if group is not None:
        groups = {r.group for i, r in local.items() if i in interest}
        groups |= {b.group for i, b in base.items() if i in interest}
        groups |= {r[group] for r in found.values()}
        groups.discard(None)
        if len(groups) > _FETCH_ALL:
            rows_in = connection.execute(select.where(table.c.deleted.is_(False))).mappings()
        else:
            rows_in = connection.execute(
                select.where(_among(table.c[group], sorted(groups)))).mappings() \
                if groups else iter(())
        for r in rows_in:
            found.setdefault(r["row_id"], dict(r))
    return _store_rows(list(found.values()), rows)


def _store_rows(records: list[dict], rows: SheetRows) -> dict[str, StoreRow]:
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


def _among(column: sa.Column, values: list[str]) -> sa.ColumnElement[bool]:
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
    import json

    param = sa.bindparam(None, json.dumps(element.values), type_=sa.Text)
    return (f"{compiler.process(element.column, **kw)} IN "
            f"(SELECT value FROM json_each({compiler.process(param, **kw)}))")


@sa.ext.compiler.compiles(_AmongClause)
def _among_default(element, compiler, **kw):  # type: ignore[no-untyped-def]
    return compiler.process(element.column.in_(element.values), **kw)


def _guard_mass_delete(read: BookRead, state: SyncState, plans: dict[str, SheetPlan],
                       allowed: bool) -> None:
    if allowed:
        return
    for kind, plan in plans.items():
        synced = sum(1 for b in state.of(kind).values() if b.version > 0)
        count = len(plan.tombstones)
        if count > 1 and count > MASS_DELETE_SHARE * synced:
            raise SyncRefused("sync-mass-delete", sheet=read.sheets[kind].sheet, count=count,
                              total=synced, share=f"{count / synced:.0%}")


def _ensure_company(store: Store, company: str) -> None:
    import datetime as dt

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


def _push(store: Store, company: str, plans: dict[str, SheetPlan], read: BookRead, user: str,
          book: str) -> int:
    """One transaction: advance the counter (the lock), verify versions, write, audit."""
    companies = store.tables["companies"]
    with store.begin() as connection:
        connection.execute(companies.update().where(companies.c.company_id == company)
                           .values(version=companies.c.version + 1))
        version = int(connection.execute(sa.select(companies.c.version).where(
            companies.c.company_id == company)).scalar_one())
        changes: dict[str, Any] = {"rows": [], "import": {}}
        for kind, plan in plans.items():
            if plan.pushes:
                _push_sheet(store, connection, company, plan, read.sheets[kind], version, user,
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


def _push_sheet(store: Store, connection: sa.Connection, company: str, plan: SheetPlan,
                rows: SheetRows, version: int, user: str, book: str,
                changes: dict[str, Any]) -> None:
    table = store.tables.sheets[plan.kind]
    keys = [f.key for f in rows.fields]
    ids = [r.row_id for r in plan.push] + plan.tombstones
    current: dict[str, dict] = {}
    if ids:
        query = sa.select(table.c.row_id, table.c.version, table.c.deleted,
                          *[table.c[k] for k in keys]).where(
            table.c.company_id == company, _among(table.c.row_id, ids))
        current.update((r["row_id"], dict(r)) for r in connection.execute(query).mappings())
    for row_id in ids:
        if int(current.get(row_id, {}).get("version", 0)) != plan.expected.get(row_id, 0):
            raise _Retry(row_id)
    first_load = not current and not plan.tombstones and connection.execute(
        sa.select(table.c.row_id).where(table.c.company_id == company).limit(1)).first() is None
    system = {"company_id": company, "version": version, "changed_by": user, "book": book}
    inserts = [{**system, "row_id": r.row_id, "deleted": False, **r.values}
               for r in plan.push if r.row_id not in current]
    updates = [r for r in plan.push if r.row_id in current]
    if inserts:
        _insert(connection, table, inserts)
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
    if first_load:
        changes["import"][plan.kind] = {"count": len(inserts), "ids": [r["row_id"] for r in inserts],
                                        "digest": audit.record_hash("", {
                                            "company_id": company, "version": version, "at": "",
                                            "user_name": user, "book": book, "action": "import",
                                            "changes": sorted(r.digest for r in plan.push)})}
        return
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


def _insert(connection: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows: PostgreSQL's COPY for a large batch (a first load), else executemany."""
    if connection.dialect.name != "postgresql" or len(rows) < 2000:
        connection.execute(table.insert(), rows)
        return
    columns = list(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    raw = connection.connection.driver_connection  # the same transaction as ``connection``
    with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _when(store: Store, company: str, plans: dict[str, SheetPlan]) -> dict[int, str]:
    versions = {r.version for p in plans.values() for c in p.conflicts for r in c.theirs}
    if not versions:
        return {}
    log = store.tables["audit_log"]
    with store.begin() as connection:
        return dict(connection.execute(sa.select(log.c.version, log.c.at).where(
            log.c.company_id == company, log.c.version.in_(sorted(versions)))).all())


# -- 4. the book -----------------------------------------------------------------------------------

def _apply(read: BookRead, state: SyncState, plans: dict[str, SheetPlan], result: SyncResult,
           seen: int) -> dict[str, TableEdit]:
    """The book's edits for the pulled changes; ``state`` updated to what the book will hold."""
    edits: dict[str, TableEdit] = {}
    base_currency = str(read.settings.get("base_currency") or "IDR")
    for kind, plan in plans.items():
        rows = read.sheets[kind]
        base = state.of(kind)
        edit = TableEdit(rows.header_row, kinds={rows.letters[f.key]: style_kind(f)
                                                 for f in rows.fields})
        edit.kinds[rows.id_letter] = "text"

        def cells(values: dict[str, Any], only: set[str] | None = None,
                  rows: SheetRows = rows) -> dict[str, object]:
            currency = values.get("currency") or base_currency
            return {rows.letters[f.key]: cell_value(f, values.get(f.key), currency, read.lang)
                    for f in rows.fields if only is None or f.key in only}

        for mine, theirs in plan.pull_update:
            differ = {k for k in mine.values if mine.values[k] != theirs.values.get(k)}
            edit.cells[mine.row] = cells(theirs.values, differ)
        for theirs in plan.pull_insert:
            edit.append.append({**cells(theirs.values), rows.id_letter: theirs.row_id})
        for mine in plan.pull_delete:
            edit.cells[mine.row] = {**{rows.letters[f.key]: None for f in rows.fields},
                                    rows.id_letter: None}
            base.pop(mine.row_id, None)
        group = rows.group_field
        for row in plan.push:
            base[row.row_id] = Base(result.version or 0, row.digest,
                                    None if group is None else row.values.get(group))
        for row_id in plan.tombstones:
            base.pop(row_id, None)
        for row_id, stored in plan.adopt.items():
            if stored.deleted:
                base.pop(row_id, None)
            else:
                base[row_id] = Base(stored.version, stored.digest, stored.group)
        for conflict in plan.conflicts:
            for row_id in [*(r.row_id for r in conflict.mine), *conflict.deleted_here]:
                b = base.get(row_id)
                if b is not None:
                    base[row_id] = Base(b.version, b.digest, b.group, conflict.version)
        if edit and rows.id_missing:
            edit.header_cells[rows.id_letter] = ROW_ID.header(read.lang)
        if edit:
            edits[kind] = edit
    state.seen = max(state.seen, seen)
    return edits


def _report(result: SyncResult, read: BookRead, plans: dict[str, SheetPlan]) -> None:
    for kind, plan in plans.items():
        inserted = sum(1 for r in plan.push if plan.expected.get(r.row_id, 0) == 0)
        if plan.pushes:
            result.pushed[kind] = (inserted, len(plan.push) - inserted, len(plan.tombstones))
        if plan.pull_insert or plan.pull_update or plan.pull_delete:
            result.pulled[kind] = (len(plan.pull_insert), len(plan.pull_update),
                                   len(plan.pull_delete))
        result.conflicts += plan.conflicts
        rows = read.sheets[kind]
        held = rows.held_units(rows.rows())
        result.held += [issue for unit, issue in held.items() if unit in plan.held]


def _save(path: str, read: BookRead, edits: dict[str, TableEdit], state: SyncState,
          conflicts: Any, point: str = "during-save") -> None:
    with SyncWriter(path) as writer:
        for kind, edit in edits.items():
            writer.edit_table(read.sheets[kind].sheet, edit)
        writer.write_output_sheet(STATE_SHEET, state_table(state), "sync-state", hidden=True)
        if conflicts is not None:
            name = find_sheet([s.name for s in writer.package.sheets]) or CONFLICT_NAMES[read.lang]
            writer.write_output_sheet(name, conflicts, "conflicts")
        if os.environ.get(FAULT_ENV) != point:
            writer.save()
            return
        _save_with_fault(writer, point)


def _save_with_fault(writer: SyncWriter, point: str) -> None:
    """Save, dying after the new file is written but before it replaces the book."""
    import backoffice.books.save as saving

    atomically = saving.save_atomically

    def faulty(target, write):  # type: ignore[no-untyped-def]
        def wrapped(handle):  # type: ignore[no-untyped-def]
            write(handle)
            fault(point)
        atomically(target, wrapped)

    saving.save_atomically = faulty
    try:
        writer.save()
    finally:
        saving.save_atomically = atomically


def same_name(a: str, b: str) -> bool:
    return normalize_name(a) == normalize_name(b)

"""``audit verify``, the sheet tables: does each row hold what the audit log says?

Every change to a sheet table is a push, and every push writes one audit record
in the same transaction: inserted rows with their values, updated rows with the
before and after of each changed field, deleted rows with their values, and a
first load as a count and a digest (:func:`backoffice.sync.pushing.import_digest`).
So the chain's records determine each row's latest state, and a table that
disagrees with them was written around the log.

The check walks each row's changes backwards from what the table holds now:
the newest change must be the row's version, an update's "after" must be what
the row holds (then its "before" is put back), a deletion's row must be a
tombstone holding its "before", an insert's "after" must be the whole row (then
the row did not exist before). A row whose walk ends before any insert must come
from the sheet's first load: those rows, as they were at that version, must give
the load's count and digest. A row no record explains, or a recorded row that
is gone, is a finding.

Rows are read into polars, and only the rows that pushes touched are walked in
Python: a first load of a million rows costs one digest, not a million walks.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl
import sqlalchemy as sa
from backoffice.sync.rows import digest_column, polars_type
from backoffice.sync.store import Store
from backoffice.sync.tables import syncable_schemas
from sqlalchemy.engine import Connection

from backoffice.catalogue import Localized
from backoffice.schema import ROW_ID, Field, Kind

#: Row IDs listed in one finding (the rest are counted).
SHOWN = 5


@dataclass
class _Change:
    version: int
    op: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def verify_tables(store: Store, connection: Connection, company: str,
                  chain: list[dict[str, Any]], unlogged: int = 0
                  ) -> tuple[int, list[Any], list[Any]]:
    """(rows checked, findings, notes) for ``company``'s sheet tables against ``chain`` (its
    audit records, oldest first). ``unlogged``: versions up to this one were written before
    the store had an audit log (a store upgraded from structure version 1); their rows are
    not checked, and a note says so."""
    from backoffice.sync.audit import Finding

    changes, imports = _changes(chain)
    inspector = sa.inspect(connection)
    schemas = {s.kind: s for s in syncable_schemas()}
    checked, findings, notes = 0, [], []
    problems: dict[tuple[str, str], list[str]] = {}
    for kind, table in store.tables.sheets.items():
        if not inspector.has_table(table.name):
            if changes.get(kind) or imports.get(kind):
                findings.append(Finding(company, Localized(kind, kind), Localized(
                    "the audit log records rows of this sheet, but the store has no table for it",
                    "log audit mencatat baris sheet ini, tetapi store tidak punya tabelnya")))
            continue
        present = {c["name"] for c in inspector.get_columns(table.name)}
        fields = [f for f in schemas[kind].fields if f.key != ROW_ID.key and f.key in present]
        frame = _table_frame(connection, table, company, fields)
        checked += frame.height
        sheet = _Sheet(kind, fields, frame, changes.get(kind, {}), imports.get(kind, []),
                       unlogged)
        for reason, row_id in sheet.problems():
            problems.setdefault((kind, reason), []).append(row_id)
        findings += [Finding(company, Localized(kind, kind), what)
                     for what in sheet.load_findings()]
        notes += [Finding(company, Localized(kind, kind), what) for what in sheet.notes]
    for (kind, reason), ids in problems.items():
        shown = ", ".join(ids[:SHOWN]) + (f", … (+{len(ids) - SHOWN})" if len(ids) > SHOWN else "")
        en, id_ = _REASONS[reason]
        findings.append(Finding(company, Localized(f"{kind} ({len(ids)}: {shown})",
                                                   f"{kind} ({len(ids)}: {shown})"),
                                Localized(en, id_)))
    return checked, findings, notes


_REASONS = {
    "gone": ("the audit log records these rows, but the table no longer has them",
             "log audit mencatat baris-baris ini, tetapi tabel tidak lagi memuatnya"),
    "version": ("their version in the table is not the version of the last record that "
                "changed them", "versinya di tabel bukan versi catatan terakhir yang mengubahnya"),
    "values": ("what the table holds differs from what the audit log says they hold",
               "isi tabel berbeda dari yang dicatat log audit"),
    "deleted": ("their deleted flag differs from what the audit log says",
                "tanda terhapusnya berbeda dari yang dicatat log audit"),
    "unexplained": ("they are in the table, but no audit record wrote them",
                    "baris ini ada di tabel, tetapi tidak ada catatan audit yang menulisnya"),
}


def _changes(chain: list[dict[str, Any]]
             ) -> tuple[dict[str, dict[str, list[_Change]]], dict[str, list[tuple[int, dict]]]]:
    """Per sheet kind: each row's changes (oldest first), and the first loads."""
    changes: dict[str, dict[str, list[_Change]]] = {}
    imports: dict[str, list[tuple[int, dict]]] = {}
    for record in chain:
        content = json.loads(record["changes"])
        version = int(record["version"])
        for kind, load in (content.get("import") or {}).items():
            imports.setdefault(kind, []).append((version, load))
        for change in content.get("rows") or ():
            changes.setdefault(change["sheet"], {}).setdefault(change["id"], []).append(
                _Change(version, change["op"], change.get("before"), change.get("after")))
    return changes, imports


def _table_frame(connection: Connection, table: sa.Table, company: str,
                 fields: list[Field]) -> pl.DataFrame:
    """The company's rows of ``table``: ``row_id``, ``version``, ``deleted`` and the fields,
    typed as a book's coerced frame is."""
    columns = [table.c.row_id, table.c.version, table.c.deleted, *[table.c[f.key] for f in fields]]
    # Every row read before the types are decided: a column blank in the first hundred rows
    # (a store may return a sheet's rows in any order, e.g. along its natural-key index)
    # must not be taken for an empty one.
    frame = pl.read_database(sa.select(*columns).where(table.c.company_id == company),
                             connection, infer_schema_length=None)
    types = {"row_id": pl.String, "version": pl.Int64, "deleted": pl.Boolean,
             **{f.key: polars_type(f) for f in fields}}
    if frame.width == 0:  # no rows at all
        return pl.DataFrame(schema=types)
    return frame.cast(types)  # type: ignore[arg-type]


def _canon(value: Any) -> str:
    """A value as the audit log's JSON has it (dates as ISO text), for comparing."""
    return json.dumps(value, sort_keys=True, default=str)


class _Sheet:
    """One sheet kind of one company: its table and its changes."""

    def __init__(self, kind: str, fields: list[Field], frame: pl.DataFrame,
                 changes: dict[str, list[_Change]], loads: list[tuple[int, dict]],
                 unlogged: int) -> None:
        self.kind, self.fields, self.frame = kind, fields, frame
        self.changes, self.loads, self.unlogged = changes, loads, unlogged
        self.loaded: dict[str, dict[str, Any]] = {}  # touched rows as at the first load
        self.notes: list[Localized] = []

    def problems(self) -> Iterator[tuple[str, str]]:
        """(reason, row ID) for every row the log does not explain."""
        keys = [f.key for f in self.fields]
        touched = self.frame.filter(pl.col("row_id").is_in(list(self.changes)))
        rows = {r["row_id"]: r for r in touched.to_dicts()}
        load_version = self.loads[0][0] if self.loads else None
        for row_id, history in self.changes.items():
            state = rows.get(row_id)
            if state is None:
                yield "gone", row_id
                continue
            reason, before = _walk(state, history, keys)
            if reason is not None:
                yield reason, row_id
            elif before is not None:  # it existed before its first change: a first load's
                if load_version is None or load_version >= history[0].version:
                    if not self._unlogged(history[0].version):
                        yield "unexplained", row_id
                else:
                    self.loaded[row_id] = before
        untouched = self.frame.filter(~pl.col("row_id").is_in(list(self.changes)))
        for row_id, version, deleted in untouched.select("row_id", "version", "deleted").rows():
            if self._unlogged(version):
                continue
            if version != load_version:
                yield "unexplained", row_id
            elif deleted:
                yield "deleted", row_id

    def _unlogged(self, version: int) -> bool:
        return version <= self.unlogged

    def load_findings(self) -> list[Localized]:
        """The first load's count and digest against the rows as they were at its version
        (call after :meth:`problems`)."""
        if not self.loads:
            return []
        found = []
        if len(self.loads) > 1:
            versions = ", ".join(str(v) for v, _ in self.loads)
            found.append(Localized(f"it has more than one first load (versions {versions})",
                                   f"sheet ini punya lebih dari satu muatan pertama (versi "
                                   f"{versions})"))
        version, load = self.loads[0]
        frame = self._as_loaded(version)
        if frame.height != load.get("count"):
            found.append(Localized(
                f"its first load (version {version}) recorded {load.get('count')} rows; the "
                f"table holds {frame.height} of them",
                f"muatan pertamanya (versi {version}) mencatat {load.get('count')} baris; tabel "
                f"memuat {frame.height}"))
            return found
        candidates = [load["fields"]] if "fields" in load else _guesses(frame, self.fields)
        for keys in candidates:
            if _digest(frame, keys) == load.get("digest"):
                return found
        if "fields" in load:
            found.append(Localized(
                f"the rows of its first load (version {version}) do not match the load's "
                "digest: they were changed outside the log",
                f"baris muatan pertamanya (versi {version}) tidak cocok dengan digest muatan "
                "itu: baris diubah di luar log"))
        else:
            self.notes.append(Localized(
                f"its first load (version {version}) was recorded before loads listed their "
                "columns, and its digest matches no likely set of columns: its rows could not "
                "be checked",
                f"muatan pertamanya (versi {version}) dicatat sebelum muatan mencantumkan "
                "kolomnya, dan digest-nya tidak cocok dengan susunan kolom yang mungkin: "
                "barisnya tidak bisa diperiksa"))
        return found

    def _as_loaded(self, version: int) -> pl.DataFrame:
        """The rows as the first load at ``version`` wrote them: untouched rows as they
        are, touched ones as their walk back found them."""
        keys = [f.key for f in self.fields]
        untouched = self.frame.filter(~pl.col("row_id").is_in(list(self.changes))
                                      & (pl.col("version") == version))
        touched = pl.DataFrame(
            {"row_id": pl.Series(list(self.loaded), dtype=pl.String),
             **{f.key: pl.Series([_typed(r.get(f.key), f) for r in self.loaded.values()],
                                 dtype=polars_type(f)) for f in self.fields}})
        return pl.concat([untouched.select("row_id", *keys), touched.select("row_id", *keys)])


def _walk(state: dict[str, Any], history: list[_Change], keys: list[str]
          ) -> tuple[str | None, dict[str, Any] | None]:
    """Undo a row's changes, newest first, from what the table holds. Returns (the first
    reason it does not add up, or None; the row as it was before its first change, or None
    when an insert created it)."""
    if int(state["version"]) != history[-1].version:
        return "version", None
    values: dict[str, Any] = {k: state.get(k) for k in keys}
    deleted: bool | None = bool(state["deleted"])
    for change in reversed(history):
        # (a field the store has no column for cannot be compared; columns are never dropped)
        after = {k: v for k, v in (change.after or {}).items() if k in values}
        before = {k: v for k, v in (change.before or {}).items() if k in values}
        if change.op == "update":
            if deleted is True or any(_canon(values.get(k)) != _canon(v) for k, v in after.items()):
                return ("deleted" if deleted is True else "values"), None
            values.update(before)
            deleted = None  # an update may bring a tombstone back
        elif change.op == "delete":
            if deleted is False:
                return "deleted", None
            if any(_canon(values.get(k)) != _canon(v) for k, v in before.items()):
                return "values", None
            deleted = False
        elif change.op == "insert":
            if deleted is True:
                return "deleted", None
            if any(_canon(values.get(k)) != _canon(after.get(k)) for k in keys):
                return "values", None
            return None, None
    return None, values


def _typed(value: Any, field: Field) -> Any:
    """A value from the log's JSON, typed as the store column is (dates were ISO text)."""
    if value is None:
        return None
    if field.kind == Kind.DATE and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def _digest(frame: pl.DataFrame, keys: list[str]) -> str:
    from backoffice.sync.pushing import import_digest

    if any(k not in frame.columns for k in keys):
        return ""
    ordered = frame.select("row_id", *keys).sort("row_id")
    return import_digest(ordered.with_columns(digest_column(ordered, keys)))


def _guesses(frame: pl.DataFrame, fields: list[Field]) -> list[list[str]]:
    """For a first load recorded without its columns: every field the table has, and the
    fields any loaded row fills."""
    every = [f.key for f in fields]
    filled = [f.key for f in fields if frame[f.key].null_count() < frame.height]
    return [every] if filled == every else [every, filled]

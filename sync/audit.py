"""The audit log: one append-only, hash-chained record per push.

Each record says who pushed, when, from which book, at which store version,
and its change set: for every changed row, the sheet, the ID and the before and
after of every changed field. A first load (a push that only adds rows to an
empty sheet) is one ``import`` record with the row count and a digest of the
rows, not one entry per field. Records are chained per company: each carries
the hash of the one before, and its own hash covers its content and that link,
so altering, removing or reordering any record breaks the chain, which
:func:`verify` finds. The table refuses UPDATE and DELETE (triggers).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from backoffice.sync.store import Store
from sqlalchemy.engine import Connection

GENESIS = "0" * 64


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def record_hash(prev: str, record: dict[str, Any]) -> str:
    """The hash of a record: its content (without hashes) chained to ``prev``."""
    content = {k: record[k] for k in ("company_id", "version", "at", "user_name", "book",
                                      "action", "changes")}
    return hashlib.sha256((prev + "\n" + _json(content)).encode()).hexdigest()


def append(store: Store, connection: Connection, company: str, version: int, user: str,
           book: str, action: str, changes: dict[str, Any]) -> str:
    """Append one record inside the push transaction; its hash.

    The caller holds the company's counter row lock, so records of one company
    are appended one at a time and the chain has no forks.
    """
    log = store.tables["audit_log"]
    prev = connection.execute(
        sa.select(log.c.hash).where(log.c.company_id == company)
        .order_by(log.c.seq.desc()).limit(1)).scalar() or GENESIS
    record = {"company_id": company, "version": version,
              "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
              "user_name": user, "book": book, "action": action, "changes": _json(changes)}
    digest = record_hash(prev, record)
    connection.execute(log.insert().values(**record, prev_hash=prev, hash=digest))
    return digest


@dataclass(frozen=True)
class Broken:
    """A record whose chain does not hold: where and why."""

    company: str
    seq: int
    version: int
    reason: str


def verify(store: Store) -> tuple[int, list[Broken]]:
    """Walk every company's chain; (records checked, broken records)."""
    log = store.tables["audit_log"]
    broken: list[Broken] = []
    count = 0
    previous: dict[str, str] = {}
    with store.begin() as connection:
        rows = connection.execute(sa.select(log).order_by(log.c.company_id, log.c.seq))
        for row in rows.mappings():
            count += 1
            company = row["company_id"]
            expected_prev = previous.get(company, GENESIS)
            if row["prev_hash"] != expected_prev:
                broken.append(Broken(company, row["seq"], row["version"],
                                     "the link to the record before it is broken "
                                     "(a record was removed or inserted)"))
            if record_hash(row["prev_hash"], dict(row)) != row["hash"]:
                broken.append(Broken(company, row["seq"], row["version"],
                                     "its content does not match its hash (it was altered)"))
            previous[company] = row["hash"]
    return count, broken


def history(store: Store, company: str, kind: str, row_id: str) -> Iterator[dict[str, Any]]:
    """The story of one row: every record that touched it, oldest first.

    An ``import`` record (a first load) lists no IDs, only their count and digest: it
    holds every row of its sheet kind that the store has for the company and that no
    later record inserted. (A company's first load of a kind is its only one: rows are
    never removed from the store, deleted rows stay as tombstones. Older import records
    list their IDs, and are read as they are.)
    """
    log = store.tables["audit_log"]
    table = store.tables.sheets.get(kind)
    with store.begin() as connection:
        rows = connection.execute(sa.select(log).where(log.c.company_id == company)
                                  .order_by(log.c.seq)).mappings().all()
        stored = table is not None and connection.execute(
            sa.select(table.c.row_id).where(table.c.company_id == company,
                                            table.c.row_id == row_id)).first() is not None
    events: list[tuple[bool, dict[str, Any]]] = []  # (from an import without IDs, event)
    inserted = False
    for row in rows:
        changes = json.loads(row["changes"])
        when = {"version": row["version"], "at": row["at"], "user": row["user_name"],
                "book": row["book"]}
        imported = changes.get("import", {}).get(kind)
        if imported and ("ids" not in imported or row_id in imported["ids"]):
            events.append(("ids" not in imported, {
                **when, "action": "import", "before": None,
                "after": {"rows": imported["count"], "digest": imported["digest"]}}))
        for change in changes.get("rows", ()):
            if change.get("sheet") == kind and change.get("id") == row_id:
                inserted = inserted or change.get("op") == "insert"
                events.append((False, {**when, "action": change.get("op"),
                                       "before": change.get("before"),
                                       "after": change.get("after")}))
    for implied, event in events:
        if not implied or (stored and not inserted):
            yield event

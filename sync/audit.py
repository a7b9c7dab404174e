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
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from backoffice.sync.store import Store
from sqlalchemy.engine import Connection

from backoffice.catalogue import Localized

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
class Anchor:
    """A place in a company's chain: the record's sequence number, the company version it
    recorded and its hash. A book keeps the anchor of the last version it synced with (see
    :mod:`backoffice.sync.anchoring`)."""

    seq: int
    version: int
    hash: str


def anchor_at(store: Store, connection: Connection, company: str,
              version: int) -> Anchor | None:
    """The newest record of ``company`` at or before ``version`` (None: no record). Versions
    grow with the sequence, so the company's index is read backwards from its end and the
    first match stops it."""
    log = store.tables["audit_log"]
    found = connection.execute(
        sa.select(log.c.seq, log.c.version, log.c.hash)
        .where(log.c.company_id == company, log.c.version <= version)
        .order_by(log.c.seq.desc()).limit(1)).first()
    return Anchor(int(found[0]), int(found[1]), str(found[2])) if found else None


def records_at(store: Store, connection: Connection, company: str,
               seqs: list[int]) -> dict[int, Anchor]:
    """The records of ``company`` with these sequence numbers (by primary key)."""
    if not seqs:
        return {}
    log = store.tables["audit_log"]
    rows = connection.execute(sa.select(log.c.seq, log.c.version, log.c.hash).where(
        log.c.company_id == company, log.c.seq.in_(sorted(set(seqs)))))
    return {int(r[0]): Anchor(int(r[0]), int(r[1]), str(r[2])) for r in rows}


@dataclass(frozen=True)
class Finding:
    """Something ``audit verify`` found wrong: the company, where (a record, a sheet's row,
    the counter, a book's anchor) and what, in English and Indonesian."""

    company: str
    where: Localized
    what: Localized


@dataclass
class Verification:
    """What ``audit verify`` checked and found."""

    records: int = 0
    rows: int = 0
    findings: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)  # not checked, and why

    @property
    def holds(self) -> bool:
        return not self.findings


def verify(store: Store, anchors: dict[str, list[Anchor]] | None = None) -> Verification:
    """Check every company's chain, its counter and its sheet tables against the chain's
    last state, and the books' ``anchors`` (company -> anchors a book holds) against the
    chain. See :mod:`backoffice.sync.verify` for the tables."""
    from backoffice.sync.verify import verify_tables

    log = store.tables["audit_log"]
    result = Verification()
    with store.begin() as connection:
        counters = dict(connection.execute(sa.select(
            store.tables["companies"].c.company_id, store.tables["companies"].c.version)).all())
        records: dict[str, list[dict[str, Any]]] = {}
        for row in connection.execute(sa.select(log).order_by(log.c.seq)).mappings():
            records.setdefault(row["company_id"], []).append(dict(row))
        upgraded = _log_added_later(store, connection)
        for company in sorted(set(counters) | set(records)):
            chain = records.get(company, [])
            counter = int(counters.get(company, 0))
            unlogged = 0
            if upgraded:  # versions before the company's first record may predate the log
                unlogged = int(chain[0]["version"]) - 1 if chain else counter
                if unlogged:
                    result.notes.append(Finding(company, Localized(
                        f"versions 1–{unlogged}", f"versi 1–{unlogged}"), Localized(
                        "they have no audit record: the store got its audit log later (an "
                        "upgrade from structure version 1), so their rows are not checked",
                        "tidak punya catatan audit: store baru mendapat log audit kemudian "
                        "(peningkatan dari struktur versi 1), jadi barisnya tidak diperiksa")))
            result.records += len(chain)
            result.findings += _chain(company, chain)
            if not (not chain and counter <= unlogged):
                result.findings += _counter(company, chain, counter)
            rows, findings, notes = verify_tables(store, connection, company, chain, unlogged)
            result.rows += rows
            result.findings += findings
            result.notes += notes
        for company, held in (anchors or {}).items():
            result.findings += _anchors(company, records.get(company, []), held)
    return result


def _log_added_later(store: Store, connection: Connection) -> bool:
    """Whether the audit log came to this store after its first structure (an upgrade from
    version 1): a store created since has both in the same run, the same moment."""
    migrations = store.tables["store_migrations"]
    applied = dict(connection.execute(sa.select(migrations.c.version, migrations.c.applied_at)
                                      .where(migrations.c.version.in_((1, 2)))).all())
    if 1 not in applied or 2 not in applied:
        return False
    try:
        first, second = (dt.datetime.fromisoformat(applied[v]) for v in (1, 2))
    except ValueError:
        return True
    return (second - first).total_seconds() > 60


def _record(seq: int, version: int) -> Localized:
    return Localized(f"record {seq} (version {version})", f"catatan {seq} (versi {version})")


def _chain(company: str, chain: list[dict[str, Any]]) -> list[Finding]:
    """Each record links to the one before it and its content matches its hash; versions
    follow one another."""
    findings = []
    previous, last_version = GENESIS, None
    for row in chain:
        where = _record(row["seq"], row["version"])
        if row["prev_hash"] != previous:
            findings.append(Finding(company, where, Localized(
                "the link to the record before it is broken (a record was removed or inserted)",
                "tautan ke catatan sebelumnya putus (ada catatan yang dihapus atau disisipkan)")))
        if record_hash(row["prev_hash"], row) != row["hash"]:
            findings.append(Finding(company, where, Localized(
                "its content does not match its hash (it was altered)",
                "isinya tidak cocok dengan hash-nya (catatan ini diubah)")))
        version = int(row["version"])
        if last_version is not None and version != last_version + 1:
            findings.append(Finding(company, where, Localized(
                f"it follows version {last_version}: versions in between have no record",
                f"catatan ini menyusul versi {last_version}: versi di antaranya tidak punya "
                "catatan")))
        previous, last_version = row["hash"], version
    return findings


def _counter(company: str, chain: list[dict[str, Any]], counter: int) -> list[Finding]:
    """The company's counter is the version of its last record: a push advances both in
    one transaction."""
    last = int(chain[-1]["version"]) if chain else 0
    if counter == last:
        return []
    where = Localized("the company's version counter", "penghitung versi perusahaan")
    if counter > last:
        return [Finding(company, where, Localized(
            f"it is at version {counter}, but the last audit record is version {last}: the "
            f"records of versions {last + 1}–{counter} are missing",
            f"nilainya versi {counter}, tetapi catatan audit terakhir versi {last}: catatan "
            f"versi {last + 1}–{counter} hilang"))]
    return [Finding(company, where, Localized(
        f"it is at version {counter}, behind the last audit record (version {last}): it was "
        "set back",
        f"nilainya versi {counter}, di belakang catatan audit terakhir (versi {last}): "
        "penghitung ini dimundurkan"))]


def _anchors(company: str, chain: list[dict[str, Any]], held: list[Anchor]) -> list[Finding]:
    """A book's anchor must be in the chain as the book saw it."""
    by_seq = {int(r["seq"]): r for r in chain}
    findings = []
    for anchor in held:
        row = by_seq.get(anchor.seq)
        where = Localized(f"the book's anchor at version {anchor.version}",
                          f"jangkar buku pada versi {anchor.version}")
        if row is None or int(row["version"]) != anchor.version:
            findings.append(Finding(company, where, Localized(
                f"the store has no record {anchor.seq} of version {anchor.version}, which the "
                "book saw: the store lost its tail or was restored from an older copy",
                f"store tidak punya catatan {anchor.seq} versi {anchor.version} yang pernah "
                "dilihat buku: ekor store hilang atau store dipulihkan dari salinan lama")))
        elif row["hash"] != anchor.hash:
            findings.append(Finding(company, where, Localized(
                f"record {anchor.seq} of version {anchor.version} is not the one the book saw "
                "(its hash differs): the log was rewritten",
                f"catatan {anchor.seq} versi {anchor.version} bukan yang dilihat buku (hash-nya "
                "berbeda): log ditulis ulang")))
    return findings


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

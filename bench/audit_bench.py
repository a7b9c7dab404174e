"""Audit benchmark: what ``audit verify`` and a Sync's anchor check cost on a large Journal.

For each size and store (SQLite file; PostgreSQL when it answers), on a fresh copy
of the generated book (``gen_journal.py``) and a fresh store:

1. a first sync loads every row (one ``import`` record), then 1% of the rows get a
   new Description and a second sync pushes them (one ``push`` record);
2. **verify**: :func:`backoffice.sync.audit.verify` with the book's anchors: the
   chain, the counter, and every row of the tables against the chain (the first
   load's digest recomputed over all rows, the changed rows walked back);
3. **no-op sync**: a third sync with nothing to send, whose store part includes
   the anchor check and the new anchor (two indexed reads).

Every run is checked: verify finds nothing.

Usage::

    python bench/audit_bench.py --rows 100000 --rows 1000000
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_journal  # noqa: E402
from backoffice.sync.anchoring import book_anchors  # noqa: E402
from backoffice.sync.audit import verify  # noqa: E402
from backoffice.sync.engine import SyncOptions, sync  # noqa: E402
from backoffice.sync.store import Store  # noqa: E402
from sync_bench import _change_one_percent, _drop, _pg_schema  # noqa: E402


def run_one(rows: int, store: str, work: Path) -> dict[str, object]:
    source = gen_journal.default_path(rows)
    gen_journal.ensure(source, rows)
    book = work / f"audit-{store}-{rows}.xlsx"
    shutil.copy(source, book)
    schema = None
    if store == "postgresql":
        made = _pg_schema()
        if made is None:
            return {}
        schema, url = made
    else:
        url = f"sqlite:///{work / f'audit-{rows}.sqlite'}"
    try:
        sync(str(book), SyncOptions(store=url, user="bench"))
        changed = _change_one_percent(book)
        assert sync(str(book), SyncOptions(store=url, user="bench")).pushed == {
            "journal": (0, changed, 0)}
        with Store(url, readonly=True) as opened:
            started = time.perf_counter()
            result = verify(opened, book_anchors(opened, [str(book)]))
            verified = time.perf_counter() - started
        assert result.holds and result.records == 2, result.findings
        started = time.perf_counter()
        third = sync(str(book), SyncOptions(store=url, user="bench"))
        noop = time.perf_counter() - started
        assert (third.pushed, third.pulled, third.saved) == ({}, {}, False)
    finally:
        if schema:
            _drop(schema)
    return {"rows": rows, "store": store, "changed": changed, "verify": verified,
            "checked": result.rows, "noop": noop,
            "noop_store": sum(third.timings.get(p, 0.0) for p in ("store-open",
                                                                   "store-fetch-plan"))}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, action="append", help="journal rows (repeatable)")
    parser.add_argument("--store", action="append", choices=["sqlite", "postgresql"],
                        help="stores to measure (default: both)")
    args = parser.parse_args(argv)
    sizes = args.rows or [100_000]
    stores = args.store or ["sqlite", "postgresql"]
    print("| rows | store | rows changed | audit verify (s) | rows checked | no-op sync (s) "
          "| of it, store (s) |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            for store in stores:
                found = run_one(rows, store, Path(folder))
                if not found:
                    print(f"| {rows:,} | {store} | PostgreSQL does not answer | | | | |")
                    continue
                print(f"| {rows:,} | {store} | {found['changed']:,} | {found['verify']:.2f} | "
                      f"{found['checked']:,} | {found['noop']:.2f} | {found['noop_store']:.2f} |")


if __name__ == "__main__":
    main()

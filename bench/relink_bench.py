"""Re-link benchmark: a synced Journal whose book lost its memory of Syncs, synced again.

For each size and store (SQLite file; PostgreSQL when it answers), on a fresh copy of
the generated book (``gen_journal.py``) and a fresh store:

1. a first sync loads the Journal into the store;
2. the book's hidden sync state is replaced by an empty one (written with backoffice's
   own writer, outside the timing), as when the hidden sheet is lost;
3. **re-link**: every row is matched in the store by its entry number and content
   (``sync/matching.py``) and nothing is sent.

The matching phase (``store-match``: the store's rows of the book's entries fetched and
compared) is shown beside the whole Sync. Every run is checked outside the timing: the
re-link sent nothing, matched every row, and the store holds every row once.

Usage::

    python bench/relink_bench.py --rows 10000 --rows 100000
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_journal  # noqa: E402
from backoffice.sync.bookedit import SyncWriter  # noqa: E402
from backoffice.sync.engine import SyncOptions, sync  # noqa: E402
from backoffice.sync.state import SHEET, SyncState, state_table  # noqa: E402
from sync_bench import _drop, _pg_schema  # noqa: E402


def _lose_state(path: Path) -> None:
    """The hidden sync sheet emptied: the book remembers no Sync."""
    with SyncWriter(str(path)) as writer:
        writer.write_output_sheet(SHEET, state_table(SyncState()), "sync-state", hidden=True)
        writer.save()


def run_one(rows: int, store: str, work: Path) -> dict[str, object]:
    source = gen_journal.default_path(rows)
    gen_journal.ensure(source, rows)
    book = work / f"relink-{store}-{rows}.xlsx"
    shutil.copy(source, book)
    schema = None
    if store == "postgresql":
        made = _pg_schema()
        if made is None:
            return {}
        schema, url = made
    else:
        url = f"sqlite:///{work / f'relink-{rows}.sqlite'}"
    try:
        first = sync(str(book), SyncOptions(store=url, user="bench"))
        assert first.pushed["journal"] == (rows, 0, 0), first.pushed
        _lose_state(book)
        started = time.perf_counter()
        again = sync(str(book), SyncOptions(store=url, user="bench"))
        total = time.perf_counter() - started
        assert again.pushed == {} and again.matched.get("journal") == rows, again.matched
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            stored = connection.exec_driver_sql("SELECT count(*) FROM sheet_journal").scalar()
        engine.dispose()
        assert stored == rows, stored
    finally:
        if schema:
            _drop(schema)
    return {"rows": rows, "store": store, "relink": total,
            "match": again.timings.get("store-match", 0.0),
            "matched": sum(again.matched.values())}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, action="append", help="journal rows (repeatable)")
    parser.add_argument("--store", action="append", choices=["sqlite", "postgresql"],
                        help="stores to try (default: both)")
    args = parser.parse_args(argv)
    sizes = args.rows or [10_000, 100_000]
    stores = args.store or ["sqlite", "postgresql"]
    print(f"{'rows':>9} {'store':<11} {'re-link s':>10} {'matching s':>11} {'matched':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            for store in stores:
                found = run_one(rows, store, Path(folder))
                if not found:
                    print(f"{rows:>9,} {store:<11} (PostgreSQL does not answer)")
                    continue
                print(f"{found['rows']:>9,} {found['store']:<11} {found['relink']:>10.2f} "
                      f"{found['match']:>11.2f} {found['matched']:>9,}")


if __name__ == "__main__":
    main()

"""Sync planning benchmark: the three-way plan of one Journal, with edits and deletions.

``sync.plan.plan_sheet`` decides, for every entry changed on either side, whether
it is pushed, pulled, adopted or in conflict. It is pure Python over the book's
rows, its memory of the last Sync and the store's changed rows, so it is timed
here on generated inputs, without a workbook or a store:

* a base of N journal rows in entries of three, all synced at version 1;
* the book: P% of the rows deleted, and P% edited;
* the store, at version 2: P% of the rows edited by a colleague, each the row
  right after one edited in the book (so two times in three in the same entry:
  a conflict), and P% deleted by a colleague.

Each case runs in this process, best of three. The table shows the plan's
counts, so a run that stops finding the conflicts is seen, not just timed.

Usage::

    python bench/plan_bench.py                      # 100,000 and 1,000,000 rows, 1% and 5%
    python bench/plan_bench.py --rows 100000 --percent 5
"""

from __future__ import annotations

import argparse
import time

from backoffice.sync.plan import LocalRow, SheetPlan, StoreRow, plan_sheet
from backoffice.sync.state import Base


def make_case(rows: int, percent: float) -> tuple[dict, dict, dict]:
    """(local, base, remote) for ``rows`` journal rows and ``percent`` of changes."""
    step = max(1, round(100 / percent))
    local: dict[str, LocalRow] = {}
    base: dict[str, Base] = {}
    remote: dict[str, StoreRow] = {}
    for i in range(rows):
        row_id, entry = f"r{i:016x}", f"JV-{i // 3:07d}"
        base[row_id] = Base(1, f"d{i}", entry)
        if i % step == 0:
            continue  # deleted in the book
        digest = f"e{i}" if i % step == 1 else f"d{i}"  # edited in the book
        local[row_id] = LocalRow(i, row_id, entry, digest, {})
        if i % step == 2:  # a colleague's edit, next to a row edited here
            remote[row_id] = StoreRow(row_id, 2, False, entry, f"t{i}", {})
        elif i % step == 4:  # deleted by a colleague
            remote[row_id] = StoreRow(row_id, 2, True, entry, f"d{i}", {})
    return local, base, remote


def run_case(rows: int, percent: float, repeat: int = 3) -> tuple[float, SheetPlan, int]:
    local, base, remote = make_case(rows, percent)
    best, plan = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        plan = plan_sheet("journal", True, local, base, remote, set(), set())
        best = min(best, time.perf_counter() - started)
    assert plan is not None
    return best, plan, rows - len(local)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, action="append", help="journal rows (repeatable)")
    parser.add_argument("--percent", type=float, action="append",
                        help="share of rows changed, per kind of change (repeatable)")
    args = parser.parse_args(argv)
    print("| rows | changed | deleted here | plan | pushed | tombstones | pulled | conflicts |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for rows in args.rows or [100_000, 1_000_000]:
        for percent in args.percent or [1.0, 5.0]:
            seconds, plan, deleted = run_case(rows, percent)
            pulled = len(plan.pull_insert) + len(plan.pull_update) + len(plan.pull_delete)
            print(f"| {rows:,} | {percent:g}% | {deleted:,} | {seconds:.2f} s | "
                  f"{len(plan.push):,} | {len(plan.tombstones):,} | {pulled:,} | "
                  f"{len(plan.conflicts):,} |")


if __name__ == "__main__":
    main()

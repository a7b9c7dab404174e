"""Check and mark a large Journal kept in a Google Sheet, through the local emulator.

Google cannot be reached from here: the emulator (``backoffice.addin.gsheets.emulator``,
pinned to recorded real traffic) stands in, in this process, on 127.0.0.1. The real
gspread and google-auth code runs; ``backoffice check gsheet:<id>`` is run as a person
runs it. The book is this bench's own: Settings, Accounts and a Journal of balanced
entries built from ``gen_journal``'s recipe, with 1 line in 100 posting to an unknown
account (so Check has marks to write).

Measured per size: the API calls (token, reads, writes), the wall time of the whole
command, the largest batchUpdate body, and a second Check that replaces the marks.
The quota ceiling follows from the calls: Google allows 60 reads and 60 writes a minute
per user per project, and one service account is one user for every company it serves.
Wall time here is the emulator's and our own work on loopback; Google's own latency
(typically 0.2-1 s a call) comes on top, a few calls per action whatever the rows.

Usage::

    python bench/gsheets_bench.py                 # 2,000 and 20,000 rows
    python bench/gsheets_bench.py --sizes 20000
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import gen_journal
from backoffice.addin.gsheets.emulator import Emulator

from backoffice.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from gsheets_helpers import service_account_key  # noqa: E402

READS_PER_MINUTE = WRITES_PER_MINUTE = 60


def journal_grid(rows: int, seed: int = 1, bad_percent: int = 1) -> dict[str, dict[str, object]]:
    """Settings, Accounts and Journal as a grid (the recipe of gen_journal.py)."""
    rng = random.Random(seed)

    def sheet(values: list[list[object]], kinds: list[list[str]]) -> dict[str, object]:
        return {"values": values, "kinds": kinds, "state": "visible"}

    settings = [["Setting", "Value"], *[[k, v] for k, v in gen_journal.SETTINGS]]
    accounts = [["Code", "Name", "Type", "Parent"],
                *[[c, n, t, p] for c, n, t, p in gen_journal.accounts()]]
    journal: list[list[object]] = [list(gen_journal.JOURNAL_HEADER)]
    kinds: list[list[str]] = [["text"] * 7]
    bad_every = 100 // bad_percent if bad_percent else 0
    leaves = gen_journal.leaf_codes()
    row = 1
    for number, size in enumerate(gen_journal.entry_sizes(rows, rng), 1):
        day = (gen_journal.FIRST_DAY + dt.timedelta(days=(row - 1) * gen_journal.DAYS // rows)).date()
        description = rng.choice(gen_journal.DESCRIPTIONS)
        currency = "IDR" if rng.random() < gen_journal.EXPLICIT_CURRENCY else None
        for account, cents, side in gen_journal.entry_lines(size, rng, leaves):
            amount = [None, None]
            amount[side] = cents / 100 if cents % 100 else cents // 100
            code = gen_journal.BAD_ACCOUNT if bad_every and row % bad_every == 0 else account
            journal.append([day.isoformat(), f"JV-{number:07d}", code, description, *amount, currency])
            kinds.append(["date", "text", "text", "text",
                          "number" if side == 0 else "empty", "number" if side == 1 else "empty",
                          "text" if currency else "empty"])
            row += 1
    return {"Settings": sheet(settings, [["text", "text"]] * len(settings)),
            "Accounts": sheet(accounts, [["empty" if v is None else "text" for v in r] for r in accounts]),
            "Journal": sheet(journal, kinds)}


def run_check(file_id: str) -> tuple[int, float]:
    quiet = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        code = main(["check", f"gsheet:{file_id}", "--lang", "en"])
    return code, time.perf_counter() - start


def measure(emulator: Emulator, rows: int) -> list[dict[str, object]]:
    grid = journal_grid(rows)
    file_id = emulator.create_from_grid(f"Journal {rows}", grid)
    results = []
    for label in ("check + mark", "check again (marks replaced)"):
        emulator.calls.clear()
        emulator.body_sizes.clear()
        code, seconds = run_check(file_id)
        token = emulator.count("^/token$")
        reads = emulator.count("^/v4/", "GET")
        writes = emulator.count("^/v4/", "POST")
        largest = max((n for (m, p), n in zip(emulator.calls, emulator.body_sizes, strict=True)
                       if p.endswith(":batchUpdate")), default=0)
        marks = sum(1 for c in emulator.files[file_id].sheets[2].cells.values() if c.note)
        results.append({"rows": rows, "run": label, "exit": code, "token": token, "reads": reads,
                        "writes": writes, "largest write (KB)": largest // 1000,
                        "seconds": round(seconds, 2), "notes on Journal": marks})
    return results


def main_bench(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    args = parser.parse_args(argv)
    rows_out = []
    with Emulator() as emulator, tempfile.TemporaryDirectory() as folder:
        key = service_account_key(Path(folder), emulator.base_url)
        os.environ.update({"GOOGLE_APPLICATION_CREDENTIALS": str(key),
                           "BACKOFFICE_GSHEETS_BASE_URL": emulator.base_url,
                           "NO_PROXY": "127.0.0.1,localhost"})
        for rows in args.sizes:
            rows_out += measure(emulator, rows)
    header = ("rows", "run", "exit", "token", "reads", "writes", "largest write (KB)", "seconds",
              "notes on Journal")
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for r in rows_out:
        print(" | ".join(f"{r[h]:,}" if isinstance(r[h], int) and h == "rows" else str(r[h]) for h in header))
    worst_reads = max(r["reads"] for r in rows_out)  # type: ignore[type-var]
    worst_writes = max(max(r["writes"] for r in rows_out), 1)  # type: ignore[type-var]
    ceiling = min(READS_PER_MINUTE // worst_reads, WRITES_PER_MINUTE // worst_writes)  # type: ignore[operator]
    print(f"\nQuota ceiling: {ceiling} Check actions a minute per service account "
          f"({READS_PER_MINUTE} reads / {worst_reads} and {WRITES_PER_MINUTE} writes / {worst_writes} "
          "per action), shared by every company it serves.")


if __name__ == "__main__":
    main_bench()

"""How fast does backoffice write into a large book, next to openpyxl's load-and-save?

For each size, the journal of ``gen_journal.py`` in which 1% of the lines post
to an unknown account (``--bad-percent 1``) is measured, each run in a fresh
Python process (``measure_write.py``) on a fresh copy of the book (the book is
changed by the write) with an empty ``BACKOFFICE_CACHE`` folder. A child times
only the work (not the interpreter start and imports), then checks, outside the
timing, that the work was done. The best time of the repeats is kept, and the
highest peak memory.

Measurements:

* check + marks (cold): ``check(copy, "en", mark=True)``: read, validate, mark
  every wrong cell (highlight and note), write the Issues sheet, save
  atomically. The Issues sheet must list about 1% of the rows, all
  ``account-unknown``, or the run is refused (it would be timing a no-op).
* output sheet, 100k rows: ``WorkbookWriter`` writes a 100,000-row, 5-column
  sheet (text, text, amount, amount, date) into the book and saves it.
* openpyxl load + save: ``openpyxl.load_workbook(copy)`` (not read-only) and
  ``.save()``: what editing the book through openpyxl costs. Run once per size,
  under a time limit and a memory cap: a run stopped by either is reported as
  a lower bound.

Usage::

    python bench/writeback_bench.py                   # 100,000 and 1,000,000 rows
    python bench/writeback_bench.py --sizes 100000    # a quick run
    python bench/writeback_bench.py --json bench/results/writeback.json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import gen_journal
from check_bench import LARGE, MILLION, Target, format_targets, machine, parse_sizes, positive

MEASURE = Path(__file__).resolve().parent / "measure_write.py"
BAD_PERCENT = 1
#: The share of rows with an error that counts as "about 1%".
BAD_SHARE = (0.8 * BAD_PERCENT / 100, 1.2 * BAD_PERCENT / 100)
BAD_CODE = "account-unknown"

MARKS = "check + marks (cold)"
OUTPUT = "output sheet, 100k rows"
OPENPYXL = "openpyxl load + save"
#: Measurement -> the operation of measure_write.py that it runs.
OPERATIONS = {MARKS: "check-marks", OUTPUT: "output-sheet", OPENPYXL: "openpyxl"}
BACKOFFICE = (MARKS, OUTPUT)

#: Time limit of an openpyxl run, and of any other run (which should take seconds).
OPENPYXL_TIMEOUT = 600.0
OTHER_TIMEOUT = 300.0
#: Any child whose resident memory passes this is stopped (the machine has 24 GB).
MEMORY_CAP_MB = 12_288.0
POLL = 0.1


@dataclass
class Run:
    """One child run: its time, or why and when it was stopped."""

    seconds: float | None
    peak_mb: float
    rows: int | None = None
    found: dict[str, Any] = field(default_factory=dict)
    stopped: str | None = None
    #: For a stopped run: how long the work had been going (it would take longer).
    at_least: float | None = None


@dataclass
class Result:
    """One measurement at one size: every repeat's time, the best, and the highest peak."""

    rows: int
    measurement: str
    runs: list[float] = field(default_factory=list)
    peak_mb: float | None = None
    note: str = ""
    stopped: str | None = None
    at_least: float | None = None

    @property
    def best(self) -> float | None:
        """The fastest complete run, or None."""
        return min(self.runs) if self.runs else None


def rss_mb(pid: int) -> float:
    """The current resident memory of process ``pid`` in MiB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_child(operation: str, book: Path, timeout: float, memory_cap_mb: float) -> Run:
    """Run ``measure_write.py OPERATION COPY`` on a fresh copy of ``book``, watched.

    The child is killed when it runs past ``timeout`` seconds or its resident
    memory passes ``memory_cap_mb``; the run then says so, with how long its
    timed work had been going.
    """
    with tempfile.TemporaryDirectory(prefix="backoffice-bench-write-") as folder:
        copy = Path(folder) / book.name
        shutil.copyfile(book, copy)
        cache = Path(folder) / "cache"
        cache.mkdir()
        env = {**os.environ, "BACKOFFICE_CACHE": str(cache)}
        out_path, err_path = Path(folder) / "stdout", Path(folder) / "stderr"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            child = subprocess.Popen([sys.executable, str(MEASURE), operation, str(copy)],
                                     env=env, stdout=out, stderr=err)
            started = time.monotonic()
            seen = 0.0
            stopped = None
            while child.poll() is None:
                seen = max(seen, rss_mb(child.pid))
                if seen > memory_cap_mb:
                    stopped = f"stopped at the {memory_cap_mb:,.0f} MB memory cap"
                elif time.monotonic() - started > timeout:
                    stopped = f"stopped at the {timeout:,.0f} s time limit"
                if stopped:
                    child.kill()
                    child.wait()
                    break
                time.sleep(POLL)
            ended = time.time()
        stdout = out_path.read_text("utf-8", "replace").strip().splitlines()
        stderr = err_path.read_text("utf-8", "replace").strip()
    readies = [json.loads(line)["ready"] for line in stdout if line.startswith('{"ready"')]
    if stopped is not None:
        at_least = ended - readies[-1] if readies else None
        return Run(None, seen, stopped=stopped, at_least=at_least)
    if child.returncode != 0:
        last = stderr.splitlines()[-1] if stderr else f"exit {child.returncode}"
        return Run(None, seen, stopped=f"failed: {last}",
                   at_least=ended - readies[-1] if readies else None)
    outcome = json.loads(stdout[-1])
    return Run(outcome["seconds"], outcome["peak_mb"], outcome["rows"], outcome["found"])


def check_marks_done(run: Run, rows: int) -> str:
    """Refuse a check + marks run that did not mark about 1% of the rows; a note for the table."""
    found = run.found
    errors = found["errors"]
    if run.rows != rows:
        raise RuntimeError(f"Check saw {run.rows:,} journal rows, not {rows:,}")
    low, high = BAD_SHARE
    if not low * rows <= errors <= high * rows or found["codes"] != {BAD_CODE: errors}:
        raise RuntimeError(f"check + marks found {errors:,} errors in {rows:,} rows "
                           f"({found['codes']}); expected about {BAD_PERCENT}%, all {BAD_CODE}")
    return f"{errors:,} cells marked, {found['notes']:,} notes"


def measure(rows: int, measurement: str, book: Path, repeat: int, timeout: float,
            memory_cap_mb: float) -> Result:
    """``repeat`` runs of ``measurement`` on copies of ``book``, with progress on stderr."""
    result = Result(rows, measurement)
    print(f"  {rows:>9,} rows  {measurement:<24}", end="", file=sys.stderr, flush=True)
    for _ in range(repeat):
        run = run_child(OPERATIONS[measurement], book, timeout, memory_cap_mb)
        result.peak_mb = max(result.peak_mb or 0.0, run.peak_mb)
        if run.stopped is not None:
            if measurement != OPENPYXL:
                raise RuntimeError(f"{measurement} on {book}: {run.stopped}")
            result.stopped, result.at_least = run.stopped, run.at_least
            print(f"  {run.stopped}", end="", file=sys.stderr)
            break
        if measurement == MARKS:
            result.note = check_marks_done(run, rows)
        elif run.rows != rows and measurement == OPENPYXL:
            raise RuntimeError(f"openpyxl saw {run.rows:,} journal rows, not {rows:,}")
        result.runs.append(run.seconds or 0.0)
        print(f" {run.seconds:7.2f} s", end="", file=sys.stderr, flush=True)
    print(f"   peak {result.peak_mb:,.0f} MB", file=sys.stderr)
    return result


def bench_size(rows: int, repeat: int, timeout: float, memory_cap_mb: float) -> list[Result]:
    """Generate the 1%-bad book of ``rows`` journal lines if needed, then measure it."""
    book = gen_journal.default_path(rows, BAD_PERCENT)
    started = time.perf_counter()
    if gen_journal.ensure(book, rows, bad_percent=BAD_PERCENT):
        print(f"generated {book} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    results = []
    for measurement in OPERATIONS:
        openpyxl = measurement == OPENPYXL
        results.append(measure(rows, measurement, book, 1 if openpyxl else repeat,
                               timeout if openpyxl else OTHER_TIMEOUT, memory_cap_mb))
    return results


def find(results: list[Result], rows: int, measurement: str) -> Result | None:
    """The result of ``measurement`` at ``rows``, if it was measured."""
    return next((r for r in results if r.rows == rows and r.measurement == measurement), None)


def format_table(results: list[Result]) -> str:
    """The plain-text results table; a stopped run shows the time it had run as a lower bound."""
    header = ("rows", "measurement", "best s", "peak MB", "notes")
    lines = [header]
    for r in results:
        if r.best is not None:
            best = f"{r.best:.2f}"
        elif r.at_least is not None:
            best = f"> {r.at_least:.0f}"
        else:
            best = "-"
        peak = f"{r.peak_mb:,.0f}" if r.peak_mb is not None else "-"
        note = r.stopped or r.note
        if r.measurement == OPENPYXL:
            marks = find(results, r.rows, MARKS)
            slower = r.best or r.at_least
            if marks and marks.best and slower:
                bound = "" if r.best else ">= "
                note = f"{bound}{slower / marks.best:.1f}x check + marks" + (f"; {note}" if note
                                                                              else "")
        lines.append((f"{r.rows:,}", r.measurement, best, peak, note))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) - 1)]
    right = (True, False, True, True)

    def row(cells: tuple[str, ...]) -> str:
        fixed = " | ".join(f"{c:>{w}}" if r else f"{c:<{w}}"
                           for c, w, r in zip(cells, widths, right, strict=False))
        return f"{fixed} | {cells[-1]}".rstrip()

    rule = "-+-".join("-" * w for w in widths) + "-+-" + "-" * len(header[-1])
    return "\n".join([row(header), rule, *(row(line) for line in lines[1:])])


def targets(results: list[Result]) -> list[Target]:
    """The targets, judged on the 1,000,000-row results."""
    goals = ("check + marks 1M < 10 s",
             "check + marks 1M >= 10x faster than openpyxl load + save",
             "peak memory of backoffice 1M < 2048 MB")
    marks = find(results, MILLION, MARKS)
    if marks is None or marks.best is None:
        return [Target(goal, None, "1,000,000 rows not measured") for goal in goals]
    found = [Target(goals[0], marks.best < 10, f"{marks.best:.2f} s")]
    openpyxl = find(results, MILLION, OPENPYXL)
    if openpyxl is None:
        found.append(Target(goals[1], None, "openpyxl not measured"))
    elif openpyxl.best is not None:
        ratio = openpyxl.best / marks.best
        found.append(Target(goals[1], ratio >= 10,
                            f"{ratio:.1f}x ({openpyxl.best:.1f} s / {marks.best:.2f} s)"))
    elif openpyxl.at_least is not None:
        ratio = openpyxl.at_least / marks.best
        found.append(Target(goals[1], True if ratio >= 10 else None,
                            f">= {ratio:.1f}x (openpyxl {openpyxl.stopped} after "
                            f"{openpyxl.at_least:.0f} s)"))
    else:
        found.append(Target(goals[1], None, f"openpyxl {openpyxl.stopped}"))
    peaks = [r.peak_mb for r in results
             if r.rows == MILLION and r.measurement in BACKOFFICE and r.peak_mb is not None]
    peak = max(peaks)
    found.append(Target(goals[2], peak < 2048, f"{peak:,.0f} MB (check + marks, output sheet)"))
    return found


def main(argv: list[str] | None = None) -> None:
    """Command line: run the benchmark, print the table, the targets and the machine."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[100_000, MILLION],
                        help="journal rows, comma-separated (default 100000,1000000)")
    parser.add_argument("--repeat", type=positive, metavar="K",
                        help=f"runs of each backoffice measurement, best kept (default 3 up to "
                             f"{LARGE:,} rows, 2 above); openpyxl runs once")
    parser.add_argument("--openpyxl-timeout", type=float, default=OPENPYXL_TIMEOUT, metavar="S",
                        help=f"stop an openpyxl run after S seconds (default {OPENPYXL_TIMEOUT:g})")
    parser.add_argument("--memory-cap-mb", type=float, default=MEMORY_CAP_MB, metavar="MB",
                        help=f"stop any run whose RSS passes MB (default {MEMORY_CAP_MB:,.0f})")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results here")
    args = parser.parse_args(argv)

    info = machine()
    results: list[Result] = []
    for rows in args.sizes:
        repeat = args.repeat or (3 if rows <= LARGE else 2)
        results += bench_size(rows, repeat, args.openpyxl_timeout, args.memory_cap_mb)
    found = targets(results)
    print(format_table(results))
    print()
    print(format_targets(found))
    print()
    print("\n".join(f"{key}: {value}" for key, value in info.items()))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        report = {"machine": info,
                  "results": [{**asdict(r), "best": r.best} for r in results],
                  "targets": [asdict(t) for t in found]}
        args.json.write_text(json.dumps(report, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()

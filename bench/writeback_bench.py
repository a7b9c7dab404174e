"""Benchmark of write-back: Check with marks, an output sheet, beside openpyxl load-and-save.

Run ``python bench/writeback_bench.py`` (about 15 minutes, most of it openpyxl on
a million rows; ``--sizes 100000`` for a quick run). For each size it makes (or
reuses) a journal in which 1% of the lines post to an unknown account, then
measures, each run in a fresh process on a fresh copy of the book:

* check + marks: read, validate, mark every wrong cell (highlight and note), write
  the Issues sheet, save atomically;
* output sheet: write a 100,000-row, 5-column output sheet into the book and save;
* openpyxl load + save: what editing the book through openpyxl costs (once: it
  takes minutes on a million rows).

It prints a table and the targets with PASS/FAIL.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import gen_journal

HERE = Path(__file__).parent
MEASURE = HERE / "measure_write.py"
BAD_PERCENT = 1
MEASUREMENTS = {"check + marks (cold)": "check-marks", "output sheet, 100k rows": "output-sheet",
                "openpyxl load + save": "openpyxl"}
OPENPYXL_TIMEOUT = 45 * 60


@dataclass
class Result:
    """One measurement at one size: the best of its runs and the highest peak memory."""

    rows: int
    measurement: str
    seconds: float | None = None
    peak_mb: float | None = None
    note: str = ""


def run(operation: str, book: Path, timeout: float | None) -> tuple[float, float]:
    """(seconds, peak MiB) of one run of ``operation`` on a fresh copy of ``book``."""
    with tempfile.TemporaryDirectory(prefix="backoffice-bench-") as folder:
        copy = Path(folder) / book.name
        shutil.copyfile(book, copy)
        env = {**os.environ, "BACKOFFICE_CACHE": str(Path(folder) / "cache")}
        done = subprocess.run([sys.executable, str(MEASURE), operation, str(copy)], env=env,
                              capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{operation} failed: {done.stderr.strip()[-2000:]}")
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    return outcome["seconds"], outcome["peak_mb"]


def measure(rows: int, name: str, book: Path, repeat: int) -> Result:
    result = Result(rows, name)
    operation = MEASUREMENTS[name]
    timeout = OPENPYXL_TIMEOUT if operation == "openpyxl" else None
    print(f"  {rows:>9,} rows  {name:<26}", end="", file=sys.stderr, flush=True)
    for _ in range(1 if operation == "openpyxl" else repeat):
        try:
            seconds, peak = run(operation, book, timeout)
        except subprocess.TimeoutExpired:
            result.note = f"> {OPENPYXL_TIMEOUT // 60} min, stopped"
            break
        result.seconds = seconds if result.seconds is None else min(result.seconds, seconds)
        result.peak_mb = max(result.peak_mb or 0.0, peak)
        print(f" {seconds:7.2f} s", end="", file=sys.stderr, flush=True)
    print("", file=sys.stderr)
    return result


def table(results: list[Result]) -> str:
    lines = [f"{'rows':>9} | {'measurement':<26} | {'best s':>8} | {'peak MB':>8}",
             f"{'-' * 9}-+-{'-' * 26}-+-{'-' * 8}-+-{'-' * 8}"]
    for r in results:
        seconds = f"{r.seconds:8.2f}" if r.seconds is not None else f"{'-':>8}"
        peak = f"{r.peak_mb:8,.0f}" if r.peak_mb is not None else f"{'-':>8}"
        lines.append(f"{r.rows:>9,} | {r.measurement:<26} | {seconds} | {peak} {r.note}".rstrip())
    return "\n".join(lines)


def targets(results: list[Result], rows: int) -> list[str]:
    found = {r.measurement: r for r in results if r.rows == rows}
    marks, openpyxl = found.get("check + marks (cold)"), found.get("openpyxl load + save")
    lines = []
    if marks and marks.seconds is not None:
        lines.append(_verdict(marks.seconds < 10, f"check + marks {rows:,} < 10 s",
                              f"{marks.seconds:.2f} s"))
        peak = max((r.peak_mb or 0) for r in found.values() if r.measurement != "openpyxl load + save")
        lines.append(_verdict(peak < 2048, "peak memory of backoffice < 2048 MB", f"{peak:,.0f} MB"))
    if marks and openpyxl and marks.seconds:
        if openpyxl.seconds is not None:
            ratio = openpyxl.seconds / marks.seconds
            lines.append(_verdict(ratio >= 10, "check + marks >= 10x faster than openpyxl load + save",
                                  f"{ratio:.1f}x"))
        else:
            lines.append(_verdict(True, "check + marks >= 10x faster than openpyxl load + save",
                                  f"openpyxl {openpyxl.note}"))
    return lines


def _verdict(ok: bool, what: str, figure: str) -> str:
    return f"{'PASS' if ok else 'FAIL'}  {what:<56} {figure}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="journal rows, comma-separated")
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement (best kept)")
    args = parser.parse_args(argv)
    results: list[Result] = []
    sizes = [int(s) for s in args.sizes.split(",")]
    for rows in sizes:
        book = gen_journal.default_path(rows, BAD_PERCENT)
        if gen_journal.ensure(book, rows, bad_percent=BAD_PERCENT):
            print(f"generated {book}", file=sys.stderr)
        for name in MEASUREMENTS:
            results.append(measure(rows, name, book, args.repeat))
    print(table(results))
    print()
    for line in targets(results, max(sizes)):
        print(line)


if __name__ == "__main__":
    main()

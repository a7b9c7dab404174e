"""How fast and how lean is Check on a large journal, next to the readers it is built on?

For each size, the generated ledger (``gen_journal.py``) is read by every
measurement, each run in a fresh Python process (``measure.py``) so that its
peak memory is its own. A child imports what it measures, then times only the
work itself (interpreter start and imports excluded). The best (minimum) time
of the repeats is kept, and the highest peak.

Measurements:

* unzip floor: decompress the Journal sheet's XML part (and the shared strings,
  when the book has them) with zipfile; no parsing. No reader can beat this.
* fastexcel alone, python-calamine alone: the readers Check is built on.
* openpyxl (read_only): the common pure-Python way, for scale.
* backoffice check (cold): the whole Check, with an empty cache.
* backoffice check (cached): the whole Check again, the parsed sheet in the cache.

Usage::

    python bench/check_bench.py                    # 100,000 and 1,000,000 rows
    python bench/check_bench.py --sizes 100000     # a quick run
    python bench/check_bench.py --openpyxl-all --json bench/results/run.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import gen_journal

from backoffice.books.ooxml import Package

SHEET = "Journal"
MEASURE = Path(__file__).resolve().parent / "measure.py"
#: Sizes above this get 2 repeats by default (3 below) and no openpyxl unless asked.
LARGE = 200_000
MILLION = 1_000_000

UNZIP = "unzip floor"
FASTEXCEL = "fastexcel alone"
CALAMINE = "python-calamine alone"
OPENPYXL = "openpyxl (read_only)"
COLD = "backoffice check (cold)"
CACHED = "backoffice check (cached)"
#: Measurement -> the operation of measure.py that it runs.
OPERATIONS = {UNZIP: "unzip", FASTEXCEL: "fastexcel", CALAMINE: "calamine",
              OPENPYXL: "openpyxl", COLD: "check", CACHED: "check"}
READERS = (FASTEXCEL, CALAMINE)
PACKAGES = ("backoffice", "fastexcel", "python-calamine", "polars", "pyarrow", "openpyxl",
            "xlsxwriter")
OPENPYXL_SKIPPED = "skipped (use --openpyxl-all)"


@dataclass(frozen=True)
class Outcome:
    """What one run of measure.py reported."""

    seconds: float
    rows: int | None
    peak_mb: float


@dataclass
class Result:
    """One measurement at one size: every repeat's time, the best, and the highest peak."""

    rows: int
    measurement: str
    runs: list[float] = field(default_factory=list)
    peak_mb: float | None = None
    skipped: str | None = None

    @property
    def best(self) -> float | None:
        """The fastest run, or None when skipped."""
        return min(self.runs) if self.runs else None


def journal_parts(book: Path) -> list[str]:
    """The package parts the Journal's values live in: its sheet part and the shared strings."""
    with Package(str(book)) as package:
        parts = [package.sheet(SHEET).part, "xl/sharedStrings.xml"]
        return [part for part in parts if part in package.zip.NameToInfo]


def run_child(args: list[str], cache: str) -> Outcome:
    """Run ``measure.py ARGS`` in a fresh interpreter with ``BACKOFFICE_CACHE=cache``."""
    env = {**os.environ, "BACKOFFICE_CACHE": cache}
    done = subprocess.run([sys.executable, str(MEASURE), *args], env=env, capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"measure.py {' '.join(args)} failed (exit {done.returncode}):\n"
                           f"{done.stderr.strip()}")
    return Outcome(**json.loads(done.stdout.strip().splitlines()[-1]))


def run_once(measurement: str, book: Path, rows: int) -> Outcome:
    """One repeat of ``measurement``; Check gets a fresh cache folder, warmed first if cached."""
    args = [OPERATIONS[measurement], str(book)]
    if measurement == UNZIP:
        args += journal_parts(book)
    with tempfile.TemporaryDirectory(prefix="backoffice-bench-cache-") as cache:
        if measurement == CACHED:
            run_child(args, cache)
        outcome = run_child(args, cache if measurement in (COLD, CACHED) else "off")
    if outcome.rows is not None and outcome.rows != rows:
        raise RuntimeError(f"{measurement} saw {outcome.rows:,} rows in {book}, not {rows:,}")
    return outcome


def measure(measurement: str, book: Path, rows: int, repeat: int) -> Result:
    """``repeat`` runs of ``measurement`` on ``book``, with progress on stderr."""
    result = Result(rows, measurement)
    print(f"  {rows:>9,} rows  {measurement:<27}", end="", file=sys.stderr, flush=True)
    for _ in range(repeat):
        outcome = run_once(measurement, book, rows)
        result.runs.append(outcome.seconds)
        result.peak_mb = max(result.peak_mb or 0.0, outcome.peak_mb)
        print(f" {outcome.seconds:7.2f} s", end="", file=sys.stderr, flush=True)
    print(f"   peak {result.peak_mb:,.0f} MB", file=sys.stderr)
    return result


def bench_size(rows: int, repeat: int, openpyxl_all: bool) -> list[Result]:
    """Generate the book of ``rows`` journal lines if needed, then run every measurement."""
    book = gen_journal.default_path(rows)
    started = time.perf_counter()
    if gen_journal.ensure(book, rows):
        print(f"generated {book} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    results = []
    for measurement in OPERATIONS:
        if measurement == OPENPYXL and rows > LARGE and not openpyxl_all:
            results.append(Result(rows, measurement, skipped=OPENPYXL_SKIPPED))
            continue
        results.append(measure(measurement, book, rows, repeat))
    return results


def fastest_reader(results: list[Result], rows: int) -> float | None:
    """The best time of the faster of fastexcel and python-calamine at ``rows``."""
    times = [r.best for r in results if r.rows == rows and r.measurement in READERS and r.best]
    return min(times) if times else None


def find(results: list[Result], rows: int, measurement: str) -> Result | None:
    """The result of ``measurement`` at ``rows``, if it was measured."""
    return next((r for r in results if r.rows == rows and r.measurement == measurement), None)


def format_table(results: list[Result]) -> str:
    """The plain-text results table; a skipped measurement says so in its "best s" cell."""
    header = ("rows", "measurement", "best s", "peak MB", "× fastest reader")
    lines: list[tuple[str, ...]] = []
    for r in results:
        best = r.best
        if best is None:
            lines.append((f"{r.rows:,}", r.measurement, r.skipped or "not run"))
            continue
        reader = fastest_reader(results, r.rows)
        ratio = f"{best / reader:.2f}×" if reader else ""
        lines.append((f"{r.rows:,}", r.measurement, f"{best:.2f}", f"{r.peak_mb:,.0f}", ratio))
    full = [line for line in (header, *lines) if len(line) == len(header)]
    widths = [max(len(line[i]) for line in full) for i in range(len(header))]
    right = (True, False, True, True, True)

    def row(cells: tuple[str, ...]) -> str:
        return " | ".join(f"{c:>{w}}" if r else f"{c:<{w}}"
                          for c, w, r in zip(cells, widths, right, strict=False))

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([row(header), rule, *(row(line) for line in lines)])


@dataclass(frozen=True)
class Target:
    """A goal for 1M rows and whether this run met it (None: not measured)."""

    goal: str
    passed: bool | None
    detail: str


def targets(results: list[Result]) -> list[Target]:
    """The targets, judged on the 1,000,000-row results."""
    cold, cached = find(results, MILLION, COLD), find(results, MILLION, CACHED)
    reader = fastest_reader(results, MILLION)
    goals = ("check 1M cold < 6 s", "check 1M cold <= 1.5 × fastest reader",
             "peak memory of check 1M < 2048 MB", "cached check 1M < 50% of cold")
    if not (cold and cached and reader and cold.best and cached.best):
        return [Target(goal, None, "1,000,000 rows not measured") for goal in goals]
    peak = max(cold.peak_mb or 0.0, cached.peak_mb or 0.0)
    return [
        Target(goals[0], cold.best < 6, f"{cold.best:.2f} s"),
        Target(goals[1], cold.best <= 1.5 * reader,
               f"{cold.best / reader:.2f} × {reader:.2f} s"),
        Target(goals[2], peak < 2048, f"{peak:,.0f} MB"),
        Target(goals[3], cached.best < 0.5 * cold.best,
               f"{cached.best / cold.best:.0%} ({cached.best:.2f} s)"),
    ]


def format_targets(found: list[Target]) -> str:
    """One line per target: PASS, FAIL or n/a, with the measured value."""
    verdicts = {True: "PASS", False: "FAIL", None: "n/a "}
    width = max(len(t.goal) for t in found)
    return "\n".join(f"{verdicts[t.passed]}  {t.goal:<{width}}  {t.detail}" for t in found)


def package_version(name: str) -> str:
    """The installed version of ``name``, or "not installed"."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def git_commit() -> str:
    """The commit of the code measured ("-dirty" when tracked files differ), or "unknown"."""
    done = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parent, check=False)
    return done.stdout.strip() if done.returncode == 0 else "unknown"


def cpu_model() -> str:
    """The processor's name (from /proc/cpuinfo on Linux), or what platform knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> dict[str, str]:
    """Where and with what this run happened."""
    info = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "cpu count": str(os.cpu_count()),
        "commit": git_commit(),
    }
    info.update({name: package_version(name) for name in PACKAGES})
    return info


def positive(text: str) -> int:
    """A whole number of at least 1, for argparse."""
    number = int(text.strip().replace("_", ""))
    if number < 1:
        raise ValueError(text)
    return number


def parse_sizes(text: str) -> list[int]:
    """``"100000,1_000_000"`` -> [100000, 1000000]."""
    return [positive(part) for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> None:
    """Command line: run the benchmark, print the table, the targets and the machine."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[100_000, MILLION],
                        help="journal rows, comma-separated (default 100000,1000000)")
    parser.add_argument("--repeat", type=positive, metavar="K",
                        help=f"runs per measurement, best kept (default 3 up to {LARGE:,} "
                             "rows, 2 above)")
    parser.add_argument("--openpyxl-all", action="store_true",
                        help=f"also run openpyxl above {LARGE:,} rows (takes minutes)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results here")
    args = parser.parse_args(argv)

    info = machine()
    results: list[Result] = []
    for rows in args.sizes:
        repeat = args.repeat or (3 if rows <= LARGE else 2)
        results += bench_size(rows, repeat, args.openpyxl_all)
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

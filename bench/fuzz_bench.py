"""The fuzz corpus at scale: every mutant of the demo books through check, post and sync.

Generates the demo company (backoffice demo), makes the mutants of its ledger
and payroll books with tests/fuzz/mutants.py, runs each command on a fresh copy
of each mutant in its own process, and prints a table: mutants, exit codes,
signals, hangs, mutants reported clean although damaged, and peak memory.

    python bench/fuzz_bench.py [--random 40] [--commands check,post,sync] [--only TEXT]
"""

from __future__ import annotations

import argparse
import collections
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fuzz.mutants import make_mutants  # noqa: E402
from fuzz.runner import run  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=40, help="byte flips per book")
    parser.add_argument("--commands", default="check,post,sync")
    parser.add_argument("--only", default="", 
                        help="mutants whose name contains one of these (comma-separated)")
    parser.add_argument("--books", default="ledger,payroll")
    parser.add_argument("--cache", default="on", choices=("on", "off"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fuzz-bench-"))
    try:
        demo = work / "demo"
        if run(["demo", str(demo)]).code != 0:
            print("backoffice demo failed", file=sys.stderr)
            return 1
        cache = {"BACKOFFICE_CACHE": str(work / "cache") if args.cache == "on" else "off"}
        rows = []
        for book in args.books.split(","):
            mutants = make_mutants(demo / f"{book}.xlsx", work / "mutants" / book,
                                   count=args.random,
                                   include=lambda n: any(o in n for o in args.only.split(",")))
            for command in args.commands.split(","):
                codes: collections.Counter[object] = collections.Counter()
                peak, slowest, clean_damaged, bad = 0.0, 0.0, 0, []
                for mutant in mutants:
                    copy = work / "run" / mutant.path.name
                    copy.parent.mkdir(exist_ok=True)
                    shutil.copy(mutant.path, copy)
                    extra = ["--store", str(work / "run" / "store.sqlite")] \
                        if command == "sync" else []
                    result = run([command, str(copy), *extra], env=cache)
                    codes[result.code] += 1
                    peak, slowest = max(peak, result.peak_mb), max(slowest, result.seconds)
                    if result.code not in (0, 1, 2):
                        bad.append(f"{mutant.name}: {result.code} "
                                   f"{(result.stderr.strip().splitlines() or [''])[-1][:150]}")
                    if command == "check" and mutant.damaged and result.code == 0:
                        clean_damaged += 1
                        bad.append(f"{mutant.name}: damaged but reported clean")
                    copy.unlink()
                rows.append((book, command, len(mutants), codes, peak, slowest, clean_damaged))
                for line in bad:
                    print(f"  {book} {command} {line}")
        print()
        print("| book | command | mutants | exit 0 | exit 1 | exit 2 | exit 3 | exit 4 | "
              "signal | hang | damaged but clean | peak MB | slowest s |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
              "| ---: |")
        for book, command, count, codes, peak, slowest, clean_damaged in rows:
            signals = sum(n for c, n in codes.items() if isinstance(c, int) and c < 0)
            print(f"| {book} | {command} | {count} | {codes[0]} | {codes[1]} | {codes[2]} | "
                  f"{codes[3]} | {codes[4]} | {signals} | {codes['hang']} | {clean_damaged} | "
                  f"{peak:.0f} | {slowest:.1f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    started = time.monotonic()
    status = main()
    print(f"\n(total {time.monotonic() - started:.0f} s)")
    sys.exit(status)

"""A click on Back office > Check in LibreOffice Calc, beside the CLI's Check (issue 18).

Books: the demo ledger (``backoffice demo``: about 2,700 journal rows and every
output sheet) and a generated journal (``bench/gen_journal.py``, 100,000 rows by
default). For each, in a private headless soffice with the extension installed:

* cold: no worker running; the click starts it (backoffice's imports included);
* warm: the worker running, the book clicked before; best of ``--repeat``;

each from the click (the script invoked with the document) to the marks applied,
with one cell typed before every click, so that the Journal is read again (on the
generated journal it is a valid Description: the book stays clean and the plan is
empty, nothing to re-read or apply; on the demo the marks are written). Beside it the
CLI: ``backoffice check BOOK`` on the same file, as a process (what a person waits
for in a terminal), best of ``--repeat``, without backoffice's cache of parsed sheets
(BACKOFFICE_CACHE=off; the ratio is against this) and with it. The extension's own split of the warm
click (read, worker, apply) is printed too.

Usage::

    .venv/bin/python bench/addin_libreoffice_bench.py [--rows 100000] [--repeat 3]

``--rows 0`` measures the demo ledger alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]

import gen_journal  # noqa: E402
from lo_office import Office, start, stop_worker  # noqa: E402

from backoffice.demo import run_demo  # noqa: E402


def click(office: Office, doc: object, value: str) -> tuple[float, dict]:
    journal = doc.Sheets.getByName("Journal")  # type: ignore[attr-defined]
    journal.getCellByPosition(3, 4).setString(value)
    started = time.perf_counter()
    result = office.click(doc, "check")
    return time.perf_counter() - started, result


def cli_check(book: Path, repeat: int, cache: bool) -> float:
    """Best time of ``backoffice check`` as a process; ``cache``: with backoffice's cache of
    parsed sheets (the file unchanged since the last Check), else BACKOFFICE_CACHE=off."""
    env = dict(os.environ) if cache else dict(os.environ, BACKOFFICE_CACHE="off")
    best = float("inf")
    for _ in range(repeat):
        copy = book.with_name("cli-" + book.name)
        shutil.copy(book, copy)
        started = time.perf_counter()
        subprocess.run([str(Path(sys.executable).with_name("backoffice")), "check", str(copy),
                        "--no-marks"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=env)
        best = min(best, time.perf_counter() - started)
    return best


def measure(office: Office, name: str, book: Path, repeat: int) -> list[str]:
    stop_worker(office.config)
    doc = office.open(book)
    try:
        cold, result = click(office, doc, "cold")
        assert result["applied"] or result["exit_code"] == 0, result
        warm, split = float("inf"), {}
        for i in range(repeat):
            seconds, result = click(office, doc, f"warm {i}")
            if seconds < warm:
                warm, split = seconds, result.get("timings", {})
    finally:
        doc.close(True)  # type: ignore[attr-defined]
    cli = cli_check(book, repeat, cache=False)
    cached = cli_check(book, repeat, cache=True)
    parts = " / ".join(f"{split.get(k) or 0:.2f}" for k in ("read", "worker", "reread", "apply"))
    return [name, f"{cold:.2f}", f"{warm:.2f}", parts, f"{cli:.2f}", f"{cached:.2f}",
            f"{warm / cli:.2f}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="addin-bench-") as temp:
        root = Path(temp)
        run_demo(str(root / "demo"), lang="en")
        office = start(root / "office")
        try:
            rows = [measure(office, "demo ledger", root / "demo" / "ledger.xlsx", args.repeat)]
            if args.rows:  # --rows 0: the demo ledger alone
                big = gen_journal.default_path(args.rows)
                gen_journal.ensure(big, args.rows)
                shutil.copy(big, root / big.name)
                rows.append(measure(office, f"journal {args.rows:,} rows", root / big.name,
                                    args.repeat))
        finally:
            office.close()
    header = ["book", "cold click s", "warm click s", "read/worker/reread/apply s",
              "CLI check s", "CLI cached s", "warm/CLI"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One write-back measurement of ``writeback_bench.py``, run in a fresh Python process.

Each operation works on its own copy of the book (made by the runner, because
the book is changed), imports what it measures, times only the work, then
checks, outside the timing, that the work was really done. Like ``measure.py``
it prints its outcome as the last line of stdout, one JSON object: seconds,
the rows involved, the peak RSS in MiB when the work ended, and what the check
found (``found``).

Just before the timed work it prints ``{"ready": UNIX_TIME}``, so that when the
runner stops a run that takes too long (openpyxl on a million rows), it knows
how long the work itself had been going.

Usage (normally by ``writeback_bench.py``)::

    python bench/measure_write.py OPERATION BOOK
"""

from __future__ import annotations

import json
import re
import sys
import time
import zipfile
from collections.abc import Callable
from typing import Any

from measure import SHEET, peak_mib

#: Rows of the output sheet written by ``output-sheet``.
OUTPUT_ROWS = 100_000
OUTPUT_SHEET = "Trial Balance"
ISSUES_SHEET = "Issues"

#: (seconds, peak MiB right after the work, rows involved, what the check after it found).
Outcome = tuple[float, float, int, dict[str, Any]]


def ready() -> None:
    """Tell the runner that the imports are done and the timed work starts now."""
    print(json.dumps({"ready": time.time()}), flush=True)


def sheet_parts(path: str) -> dict[str, str]:
    """Sheet name -> its worksheet part, read from the saved package."""
    from backoffice.books.ooxml import Package

    with Package(path) as package:
        return {sheet.name: sheet.part for sheet in package.sheets}


def rows_in_part(package: zipfile.ZipFile, part: str) -> int:
    """The number of ``<row`` elements of a (small) worksheet part."""
    return len(re.findall(rb"<row\b", package.read(part)))


def time_check_with_marks(path: str) -> Outcome:
    """Check with marks, end to end: read, validate, mark every wrong cell, save."""
    from backoffice.checking import check

    ready()
    started = time.perf_counter()
    report = check(path, "en", mark=True)
    seconds = time.perf_counter() - started
    peak = peak_mib()  # before the checks below read anything

    # Outside the timing: the book must hold the marks, or this timed a no-op.
    journal_rows = next(s.rows for s in report.sheets if s.kind == "journal")
    codes: dict[str, int] = {}
    for issue in report.errors:
        codes[issue.code] = codes.get(issue.code, 0) + 1
    parts = sheet_parts(path)
    if ISSUES_SHEET not in parts:
        raise SystemExit(f"no {ISSUES_SHEET} sheet in {path} after check(mark=True)")
    with zipfile.ZipFile(path) as package:
        broken = package.testzip()
        if broken is not None:
            raise SystemExit(f"{path}: part {broken} is damaged after the save")
        issue_rows = rows_in_part(package, parts[ISSUES_SHEET]) - 1  # less the header
        notes = sum(len(re.findall(rb"<comment ref=", package.read(name)))
                    for name in package.namelist() if re.fullmatch(r"xl/comments\d*\.xml", name))
    if issue_rows != len(report.issues):
        raise SystemExit(f"the {ISSUES_SHEET} sheet has {issue_rows} rows for "
                         f"{len(report.issues)} issues")
    return seconds, peak, journal_rows, {"errors": len(report.errors), "codes": codes,
                                   "issue_rows": issue_rows, "notes": notes}


def output_rows() -> list[tuple[object, ...]]:
    """The output sheet's rows: text, text, amount, amount, date (built before the timing)."""
    import datetime as dt
    from decimal import Decimal

    day = dt.date(2025, 12, 31)
    return [(f"{1000 + i % 900}", f"Account {i}", Decimal(i) / 100, Decimal(i % 977), day)
            for i in range(OUTPUT_ROWS)]


def time_output_sheet(path: str) -> Outcome:
    """Write a 100,000-row, 5-column output sheet into the book and save it."""
    from backoffice.books.sheetxml import Column, OutputTable
    from backoffice.books.writer import WorkbookWriter

    columns = [Column("Account"), Column("Name"), Column("Debit", "amount"),
               Column("Credit", "amount"), Column("Date", "date")]
    rows = output_rows()
    ready()
    started = time.perf_counter()
    with WorkbookWriter(path) as writer:
        writer.write_output_sheet(OUTPUT_SHEET, OutputTable(columns, rows, OUTPUT_ROWS),
                                  "trial-balance")
        writer.save()
    seconds = time.perf_counter() - started
    peak = peak_mib()  # before the checks below read anything

    parts = sheet_parts(path)
    if OUTPUT_SHEET not in parts:
        raise SystemExit(f"no {OUTPUT_SHEET} sheet in {path} after the save")
    with zipfile.ZipFile(path) as package:
        written = rows_in_part(package, parts[OUTPUT_SHEET]) - 1
    if written != OUTPUT_ROWS:
        raise SystemExit(f"the {OUTPUT_SHEET} sheet has {written:,} rows, not {OUTPUT_ROWS:,}")
    return seconds, peak, written, {"sheet_rows": written}


def time_openpyxl_roundtrip(path: str) -> Outcome:
    """openpyxl loads the whole book (as a library must, to edit it) and saves it."""
    import openpyxl

    target = path.removesuffix(".xlsx") + "-openpyxl.xlsx"
    ready()
    started = time.perf_counter()
    workbook = openpyxl.load_workbook(path)
    rows = workbook[SHEET].max_row - 1
    workbook.save(target)
    seconds = time.perf_counter() - started
    peak = peak_mib()  # before the checks below read anything
    with zipfile.ZipFile(target) as package:
        sheets = len([n for n in package.namelist() if n.startswith("xl/worksheets/sheet")])
    return seconds, peak, rows, {"sheets_saved": sheets}


OPERATIONS: dict[str, Callable[[str], Outcome]] = {
    "check-marks": time_check_with_marks,
    "output-sheet": time_output_sheet,
    "openpyxl": time_openpyxl_roundtrip,
}


def main(argv: list[str]) -> None:
    """Run ``OPERATION BOOK`` and print its outcome as one JSON line."""
    if len(argv) != 2 or argv[0] not in OPERATIONS:
        raise SystemExit(f"usage: measure_write.py {{{','.join(OPERATIONS)}}} BOOK")
    seconds, peak, rows, found = OPERATIONS[argv[0]](argv[1])
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_mb": peak, "found": found}))


if __name__ == "__main__":
    main(sys.argv[1:])

"""One write-back measurement of ``writeback_bench.py``, run in a fresh Python process.

Each operation works on its own copy of the book (made by the runner), imports
what it measures, times only the work, and prints one JSON line like
``measure.py``: seconds, the rows involved, and the peak RSS in MiB.

Usage (normally by ``writeback_bench.py``)::

    python bench/measure_write.py OPERATION BOOK
"""

from __future__ import annotations

import json
import sys
import time
import zipfile
from collections.abc import Callable

from measure import Outcome, peak_mib

OUTPUT_ROWS = 100_000


def time_check_with_marks(path: str) -> Outcome:
    """Check with marks, end to end: read, validate, mark every wrong cell, save."""
    from backoffice.checking import check

    started = time.perf_counter()
    report = check(path, "en", mark=True)
    seconds = time.perf_counter() - started
    with zipfile.ZipFile(path) as package:  # the marks were really written
        assert package.testzip() is None
        assert b'name="Issues"' in package.read("xl/workbook.xml")
    if not report.errors:
        raise SystemExit(f"{path} has no problems to mark; generate it with --bad-percent")
    return seconds, len(report.errors)


def time_output_sheet(path: str) -> Outcome:
    """Write a 100,000-row output sheet (5 columns) into the book and save it."""
    import datetime as dt
    from decimal import Decimal

    from backoffice.books.sheetxml import Column, OutputTable
    from backoffice.books.writer import WorkbookWriter

    columns = [Column("Account"), Column("Name"), Column("Debit", "amount"),
               Column("Credit", "amount"), Column("Date", "date")]
    day = dt.date(2025, 12, 31)
    rows = ((f"{1000 + i % 900}", f"Account {i}", Decimal(i) / 100, Decimal(i % 977), day)
            for i in range(OUTPUT_ROWS))
    started = time.perf_counter()
    with WorkbookWriter(path) as writer:
        writer.write_output_sheet("Trial Balance", OutputTable(columns, rows, OUTPUT_ROWS),
                                  "trial-balance")
        writer.save()
    return time.perf_counter() - started, OUTPUT_ROWS


def time_openpyxl_roundtrip(path: str) -> Outcome:
    """openpyxl loads the whole book (as a library would to edit it) and saves it."""
    import openpyxl

    started = time.perf_counter()
    workbook = openpyxl.load_workbook(path)
    rows = workbook["Journal"].max_row - 1
    workbook.save(path + ".openpyxl.xlsx")
    return time.perf_counter() - started, rows


OPERATIONS: dict[str, Callable[[str], Outcome]] = {
    "check-marks": time_check_with_marks,
    "output-sheet": time_output_sheet,
    "openpyxl": time_openpyxl_roundtrip,
}


def main(argv: list[str]) -> None:
    """Run ``OPERATION BOOK`` and print its outcome as one JSON line."""
    if len(argv) != 2 or argv[0] not in OPERATIONS:
        raise SystemExit(f"usage: measure_write.py {{{','.join(OPERATIONS)}}} BOOK")
    seconds, rows = OPERATIONS[argv[0]](argv[1])
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_mb": peak_mib()}))


if __name__ == "__main__":
    main(sys.argv[1:])

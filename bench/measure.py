"""One measurement of ``check_bench.py``, run in a fresh Python process.

Only the standard library is imported up front, so the process's peak memory
is that of the measured library and its work. The operation imports what it
measures, then times only the work itself (interpreter start and imports
excluded), and the outcome is printed as one JSON line: wall time in seconds,
the data rows seen (null for the unzip floor) and the peak RSS in MiB.

Usage (normally by ``check_bench.py``)::

    python bench/measure.py OPERATION BOOK [PART ...]
"""

from __future__ import annotations

import json
import resource
import sys
import time
import zipfile
from collections.abc import Callable

SHEET = "Journal"

Outcome = tuple[float, int | None]


def time_unzip(path: str, *parts: str) -> Outcome:
    """unzip floor: decompress ``parts`` of the package fully; no parsing."""
    started = time.perf_counter()
    with zipfile.ZipFile(path) as package:
        for part in parts:
            package.read(part)
    return time.perf_counter() - started, None


def time_fastexcel(path: str) -> Outcome:
    """fastexcel alone: the Journal sheet into an Arrow record batch."""
    import fastexcel

    started = time.perf_counter()
    batch = fastexcel.read_excel(path).load_sheet(SHEET, header_row=0).to_arrow()
    return time.perf_counter() - started, batch.num_rows


def time_calamine(path: str) -> Outcome:
    """python-calamine alone: the Journal sheet as Python lists."""
    import python_calamine

    started = time.perf_counter()
    grid = python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_name(SHEET).to_python()
    return time.perf_counter() - started, len(grid) - 1


def time_openpyxl(path: str) -> Outcome:
    """openpyxl (read_only): every row of the Journal sheet as values."""
    import openpyxl

    started = time.perf_counter()
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = sum(1 for _row in workbook[SHEET].iter_rows(values_only=True))
    finally:
        workbook.close()
    return time.perf_counter() - started, rows - 1


def time_check(path: str) -> Outcome:
    """backoffice check (cache: ``BACKOFFICE_CACHE``); fails unless the book is clean."""
    from backoffice import check

    started = time.perf_counter()
    report = check(path)
    seconds = time.perf_counter() - started
    if not report.valid:
        first = report.errors[0]
        raise SystemExit(f"check of {path} found {len(report.errors)} error(s); the first: "
                         f"{first.sheet}!{first.cell} {first.code}")
    return seconds, next(s.rows for s in report.sheets if s.kind == "journal")


OPERATIONS: dict[str, Callable[..., Outcome]] = {
    "unzip": time_unzip, "fastexcel": time_fastexcel, "calamine": time_calamine,
    "openpyxl": time_openpyxl, "check": time_check,
}


def peak_mib() -> float:
    """This process's peak resident memory in MiB.

    On Linux this is ``VmHWM`` from /proc: ``ru_maxrss`` is no good there,
    because across ``exec`` it keeps the parent's RSS at the time of the fork,
    so a child of a large parent would report the parent's size. Elsewhere,
    ``ru_maxrss`` (KiB, bytes on macOS).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / (1 << 10)
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / (1 << 10)


def main(argv: list[str]) -> None:
    """Run ``OPERATION BOOK [PART ...]`` and print its outcome as one JSON line."""
    if len(argv) < 2 or argv[0] not in OPERATIONS:
        raise SystemExit(f"usage: measure.py {{{','.join(OPERATIONS)}}} BOOK [PART ...]")
    operation, path, *parts = argv
    seconds, rows = OPERATIONS[operation](path, *parts)
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_mb": peak_mib()}))


if __name__ == "__main__":
    main(sys.argv[1:])

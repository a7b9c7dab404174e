"""The Excel book's calls per action: how many xlwings calls Check and Post make on a ledger
whose Journal has N lines, counted on the stateful double of tests/xlwings_double.py (live
Excel cannot run here; a call there is one COM round trip in Excel).

    python bench/excel_calls_bench.py [N ...]      (default: 100 1000 5000)

The book is a new ledger (EMKM chart) whose Journal this script fills: N/2 balanced
two-line entries; for Check, one in ten names an account that does not exist (so Check
marks it); Post runs on the clean book.
The table prints calls per sheet; they do not grow with N, apart from the notes (one call
each, capped at NOTES_CAP per sheet).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import xlwings_double as xw  # noqa: E402
from backoffice.addin import excel  # noqa: E402
from test_grid_book import grid_from_xlsx  # noqa: E402

from backoffice.cli import main  # noqa: E402


def ledger_grid(lines: int, wrong: bool) -> dict:
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "bench.xlsx")
    main(["new", "ledger", path, "--chart", "emkm"])
    grid = grid_from_xlsx(Path(path))
    journal = grid["Journal"]
    width = len(journal["values"][0])
    for n in range(lines // 2):
        day = (dt.date(2026, 1, 1) + dt.timedelta(days=n % 28)).isoformat()
        account = "9999" if wrong and n % 10 == 0 else "1101"
        for account_code, debit, credit in ((account, 1000 + n, None), ("4101", None, 1000 + n)):
            row = [day, f"JV-{n}", account_code, "bench", debit, credit] + [None] * (width - 6)
            kinds = ["date", "text", "text", "text", "number" if debit else "empty",
                     "number" if credit else "empty"] + ["empty"] * (width - 6)
            journal["values"].append(row)
            journal["kinds"].append(kinds)
    return grid


def calls(book: xw.Book) -> dict[str, int]:
    return {sheet.name: sheet.calls for sheet in book.sheets if sheet.calls}


def main_bench(sizes: list[int]) -> None:
    print(f"{'lines':>6} {'action':>6} {'seconds':>8} {'total calls':>11}  calls per sheet")
    for size in sizes:
        for action in ("check", "post"):
            # Check on a book with wrong lines (marks to set); Post on a clean one.
            book = xw.book_from_grid(ledger_grid(size, action == "check"), name="bench.xlsm")
            for sheet in book.sheets:
                sheet.calls = 0
            start = time.perf_counter()
            outcome = excel.run(book, action)
            took = time.perf_counter() - start
            per_sheet = calls(book)
            shown = ", ".join(f"{k} {v}" for k, v in per_sheet.items() if v > 2)
            print(f"{size:>6} {action:>6} {took:>8.2f} {sum(per_sheet.values()):>11}  {shown}")
            if action == "post" and "refused" in outcome.en.lower():
                print(f"       post refused (the wrong lines): {outcome.en[:80]}")


if __name__ == "__main__":
    main_bench([int(a) for a in sys.argv[1:]] or [100, 1000, 5000])

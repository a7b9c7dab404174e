"""Payroll benchmark: 10,000 employees x 12 months with timesheets.

Times, separately: writing the payroll book (not part of a run), reading and
checking it (``compute`` without the engine is not separable, so reading is
timed as ``check_and_read`` + ``read_payroll``), the engine on the
already-read records for the whole year (target: under 5 s), and writing the
register back into the book. Prints a table. Not part of the test run.

    .venv/bin/python bench/payroll_bench.py [--employees 10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from backoffice.books import open_book
from backoffice.books.writer import WorkbookWriter
from backoffice.checking import check_and_read
from backoffice.ledger.reports import to_output
from backoffice.payroll import outputs
from backoffice.payroll.book import write_payroll_book
from backoffice.payroll.checks import pack_of
from backoffice.payroll.engine import run_year
from backoffice.payroll.inputs import read_payroll

STATUSES = ["TK/0", "TK/1", "TK/2", "K/0", "K/1", "K/2", "K/3"]
DEPARTMENTS = ["OPS", "SALES", "ADMIN", "IT", "WAREHOUSE"]


def generate(path: Path, employees: int, seed: int = 6) -> None:
    """A deterministic payroll book: a raise for a third of the staff in July, 2 overtime
    days per employee and month, a THR in March and a bonus in December."""
    rng = random.Random(seed)
    rows, items, timesheet = [], [], []
    for n in range(employees):
        code = f"E{n:05d}"
        basic = rng.randrange(5_000_000, 60_000_000, 1000)
        base = {"employee": code, "name": f"Employee {n}", "department": rng.choice(DEPARTMENTS),
                "ptkp": rng.choice(STATUSES), "basic": basic,
                "fixed_allowances": rng.randrange(0, 5_000_000, 1000),
                "work_week": rng.choice(["5", "6"]), "from": dt.date(2025, 1, 1)}
        rows.append(base)
        if n % 3 == 0:
            rows.append({**base, "from": dt.date(2025, 7, 1), "basic": basic + 1_000_000})
        for month in range(1, 13):
            for day in (5, 12):
                timesheet.append({"date": dt.date(2025, month, day), "employee": code,
                                  "day_type": "workday" if day == 5 else "rest",
                                  "hours": Decimal(rng.randint(1, 4))})
        items.append({"date": dt.date(2025, 3, 20), "employee": code, "item": "thr"})
        items.append({"date": dt.date(2025, 12, 15), "employee": code, "item": "bonus",
                      "amount": rng.randrange(0, 20_000_000, 1000)})
    write_payroll_book(str(path), rows, pay_items=items, timesheet=timesheet)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="payroll-bench-"))
    path = folder / "payroll.xlsx"
    timings = []

    started = time.perf_counter()
    generate(path, args.employees)
    timings.append(("write the book (generator)", time.perf_counter() - started))

    started = time.perf_counter()
    with open_book(str(path)) as book:
        report, read = check_and_read(book)
    assert report.valid, report.errors[:3]
    data = read_payroll(read.data)
    pack = pack_of(read.data)
    timings.append(("read + check + records", time.perf_counter() - started))

    started = time.perf_counter()
    results = run_year(data, pack, 2025)
    engine = time.perf_counter() - started
    timings.append(("engine, 12 months (target < 5 s)", engine))

    started = time.perf_counter()
    with WorkbookWriter(str(path)) as writer:
        writer.write_output_sheet("Payroll register",
                                  to_output(outputs.register_table(results), "en"),
                                  "payroll-register")
        writer.save()
    timings.append(("write the register", time.perf_counter() - started))

    timesheet_rows = args.employees * 24
    print(f"{args.employees:,} employees x 12 months, {timesheet_rows:,} timesheet rows, "
          f"{len(results):,} register rows, book {path.stat().st_size / 1e6:.1f} MB")
    print(f"{'step':40} {'seconds':>9}")
    for step, seconds in timings:
        print(f"{step:40} {seconds:9.2f}")
    print(f"engine target (< 5 s): {'met' if engine < 5 else 'NOT met'}")


if __name__ == "__main__":
    main()

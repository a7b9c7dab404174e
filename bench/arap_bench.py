"""Receivables and payables at scale: Check, the first Post and a second Post of a ledger
book with N invoices (two lines each, PPN12) and N receipts.

    python bench/arap_bench.py [N ...]      (default: 1000 5000)

The book is written with xlsxwriter by this script (deterministic: the same N gives the
same book); each step runs in this process and the table prints wall seconds.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

from backoffice.checking import check
from backoffice.ledger.posting import post

SETTINGS = [("Company", "PT Bench"), ("Base currency", "IDR"), ("Language", "English"),
            ("PKP (registered for VAT)", "yes"), ("Receivables account", "1201"),
            ("Payables account", "2101"), ("Sales account", "4101"),
            ("Payment differences account", "7901"), ("Payment difference tolerance", "100")]
ACCOUNTS = [("1102", "Bank", "asset"), ("1201", "Receivables", "asset"),
            ("2101", "Payables", "liability"), ("2102", "PPN output", "liability"),
            ("1401", "PPN input", "asset"), ("4101", "Sales", "income"),
            ("7901", "Differences", "expense")]


def write_book(path: Path, count: int, seed: int = 2026) -> None:
    """A ledger book with ``count`` invoices over 2026 and a receipt for each but every
    tenth (which stays open)."""
    rng = random.Random(seed)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheets = {"Settings": [("Setting", "Value"), *SETTINGS],
              "Accounts": [("Code", "Name", "Type"), *ACCOUNTS],
              "Journal": [("Date", "Entry", "Account", "Description", "Debit", "Credit",
                           "Currency", "Source", "Rate")],
              "Customers": [("Code", "Name", "Terms (days)"),
                            *((f"C{i:03d}", f"Customer {i}", 30) for i in range(50))]}
    invoices = [("Number", "Date", "Customer", "Description", "Quantity", "Unit price",
                 "Tax code")]
    payments = [("Number", "Date", "Type", "Party", "Bank account", "Amount", "Document")]
    for i in range(count):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=i * 365 // count)
        party = f"C{rng.randrange(50):03d}"
        first, second = rng.randrange(1, 500) * 10_000, rng.randrange(1, 500) * 10_000
        invoices += [(f"INV-{i:06d}", day, party, "Goods", 1, first, "PPN12"),
                     (f"INV-{i:06d}", None, None, "Service", 2, second, "PPN12")]
        if i % 10:
            total = (first + 2 * second) * 111 // 100
            payments.append((f"RCV-{i:06d}", day + dt.timedelta(days=20), "Received", party,
                             "1102", total, f"INV-{i:06d}"))
    sheets["Invoices"], sheets["Payments"] = invoices, payments
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
                elif value is not None:
                    sheet.write(r, c, value)
    book.close()


def main(sizes: list[int]) -> None:
    print("| invoices | journal rows | check s | first post s | second post s |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for count in sizes:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "book.xlsx"
            write_book(path, count)
            started = time.perf_counter()
            report = check(str(path))
            checked = time.perf_counter() - started
            assert report.errors == (), report.errors[:3]
            started = time.perf_counter()
            assert post(str(path)).sheets
            first = time.perf_counter() - started
            started = time.perf_counter()
            assert post(str(path)).sheets
            second = time.perf_counter() - started
            rows = check(str(path)).sheets[2].rows
            print(f"| {count:,} | {rows:,} | {checked:.1f} | {first:.1f} | {second:.1f} |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 5000])

"""A deterministic ledger workbook for benchmarks: Settings, Accounts and a large Journal.

The journal is made of balanced entries of 2 to 4 lines (amounts computed in
integer cents, so every entry balances exactly), posted to leaf accounts on
dates spread over 2025. The book checks clean, so a benchmark of Check never
times error reporting, unless ``--bad-percent P`` is given: then every
(100 // P)th line posts to account ``9999``, which is not in Accounts, and
each such line is exactly one ``account-unknown`` error (the amounts, and so
the balance of every entry, stay the same). That book is named
``journal-ROWS-badP.xlsx``. It is written with xlsxwriter in
``constant_memory`` mode (rows streamed to disk, strings inline), which is how
a million rows fit in little memory.

A sidecar ``.json`` beside the workbook records the rows, seed, generator
version and bad percent (when not 0); :func:`ensure` skips the (slow)
generation when they match.

Usage::

    python bench/gen_journal.py --rows 1000000 --out bench/data/journal-1000000.xlsx
    python bench/gen_journal.py --rows 1000000 --bad-percent 1   # journal-1000000-bad1.xlsx
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import time
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format

#: Bump when the generated content changes, so that cached files are rebuilt.
GENERATOR_VERSION = 1

DATA_DIR = Path(__file__).resolve().parent / "data"

SETTINGS = (
    ("Company", "PT Bench"),
    ("Base currency", "IDR"),
    ("Locale", "id-ID"),
    ("Language", "English"),
)

#: The top accounts: (code, name, type), and the names of their sub-accounts.
CHART = (
    ("1", "Assets", "asset", ("Cash on hand", "Bank BCA", "Bank Mandiri", "Trade receivables",
                              "Other receivables", "Inventory", "Prepaid expenses", "Equipment")),
    ("2", "Liabilities", "liability", ("Trade payables", "VAT payable", "Income tax payable",
                                       "Accrued expenses", "Bank loan", "Salaries payable")),
    ("3", "Equity", "equity", ("Share capital", "Retained earnings", "Current year earnings")),
    ("4", "Income", "income", ("Sales", "Sales returns", "Service income", "Interest income",
                               "Other income", "Rental income")),
    ("5", "Expenses", "expense", ("Cost of goods sold", "Salaries", "Rent", "Electricity",
                                  "Telephone and internet", "Transport", "Office supplies",
                                  "Bank charges", "Depreciation", "Repairs", "Advertising",
                                  "Insurance")),
)

DESCRIPTIONS = (
    "Sales invoice", "Cash sale", "Purchase of goods", "Supplier payment", "Customer receipt",
    "Monthly rent", "Electricity bill", "Salaries", "Bank charges", "Depreciation",
    "Transfer between banks", "Office supplies", "Loan instalment", "VAT settlement",
    "Repair of equipment", "Advertising campaign", "Insurance premium", "Interest received",
)

JOURNAL_HEADER = ("Date", "Entry", "Account", "Description", "Debit", "Credit", "Currency")
FIRST_DAY = dt.datetime(2025, 1, 1)
DAYS = 365
#: Share of entries whose lines name their currency (IDR); the rest leave it blank.
EXPLICIT_CURRENCY = 0.1
#: Smallest and largest line amount, in cents.
MIN_CENTS, MAX_CENTS = 1_000_00, 50_000_000_00


#: An account code that is not in Accounts: a line posted to it is one problem.
BAD_ACCOUNT = "9999"


def accounts() -> list[tuple[str, str, str, str | None]]:
    """The chart of accounts: (code, name, type, parent); top accounts have no parent."""
    rows: list[tuple[str, str, str, str | None]] = []
    for code, name, kind, children in CHART:
        rows.append((code, name, kind, None))
        rows += [(f"{code}1{n:02d}", child, kind, code) for n, child in enumerate(children, 1)]
    return rows


def leaf_codes() -> list[str]:
    """The codes that may be posted to: accounts without sub-accounts."""
    return [code for code, _name, _kind, parent in accounts() if parent is not None]


def entry_sizes(rows: int, rng: random.Random) -> list[int]:
    """Line counts (2 to 4) of the entries that make up exactly ``rows`` lines."""
    if rows < 2:
        raise ValueError("a journal of balanced entries needs at least 2 rows")
    sizes: list[int] = []
    remaining = rows
    while remaining:
        size = min(rng.randint(2, 4), remaining)
        if remaining - size == 1:  # never leave a single line for the last entry
            size = size + 1 if size < 4 else size - 1
        sizes.append(size)
        remaining -= size
    return sizes


def split_cents(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` cents split into ``parts`` positive amounts that add up to it exactly."""
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    bounds = [0, *cuts, total]
    return [high - low for low, high in itertools.pairwise(bounds)]


def entry_lines(size: int, rng: random.Random, leaves: list[str]
                ) -> list[tuple[str, int, int]]:
    """One balanced entry: (account, cents, side) lines, debits (side 0) before credits (1)."""
    debits = rng.randint(1, size - 1)
    debit_cents = [rng.randint(MIN_CENTS, MAX_CENTS) for _ in range(debits)]
    credit_cents = split_cents(sum(debit_cents), size - debits, rng)
    chosen = rng.sample(leaves, size)
    sides = [0] * debits + [1] * (size - debits)
    return list(zip(chosen, debit_cents + credit_cents, sides, strict=True))


def write_settings(workbook: xlsxwriter.Workbook, header: Format) -> None:
    """The Settings sheet: Setting | Value rows."""
    sheet = workbook.add_worksheet("Settings")
    sheet.write_row(0, 0, ("Setting", "Value"), header)
    for row, (name, value) in enumerate(SETTINGS, 1):
        sheet.write_string(row, 0, name)
        sheet.write_string(row, 1, value)


def write_accounts(workbook: xlsxwriter.Workbook, header: Format) -> None:
    """The Accounts sheet: Code | Name | Type | Parent, codes as text."""
    sheet = workbook.add_worksheet("Accounts")
    sheet.write_row(0, 0, ("Code", "Name", "Type", "Parent"), header)
    for row, (code, name, kind, parent) in enumerate(accounts(), 1):
        sheet.write_string(row, 0, code)
        sheet.write_string(row, 1, name)
        sheet.write_string(row, 2, kind)
        if parent is not None:
            sheet.write_string(row, 3, parent)


def write_journal(workbook: xlsxwriter.Workbook, header: Format, rows: int,
                  rng: random.Random, bad_percent: int = 0) -> None:
    """The Journal sheet: ``rows`` lines in balanced entries, dates in order over a year.

    With ``bad_percent``, that share of the lines posts to account ``9999``, which
    is not in Accounts: each such line is exactly one problem Check marks.
    """
    if not 0 <= bad_percent <= 100:
        raise ValueError(f"bad_percent must be between 0 and 100, not {bad_percent}")
    bad_every = 100 // bad_percent if bad_percent else 0
    sheet = workbook.add_worksheet("Journal")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    amount_format = workbook.add_format({"num_format": "#,##0.00"})
    sheet.write_row(0, 0, JOURNAL_HEADER, header)
    days = [FIRST_DAY + dt.timedelta(days=d) for d in range(DAYS)]
    leaves = leaf_codes()
    row = 1
    for number, size in enumerate(entry_sizes(rows, rng), 1):
        entry = f"JV-{number:07d}"
        day = days[(row - 1) * DAYS // rows]
        description = rng.choice(DESCRIPTIONS)
        currency = "IDR" if rng.random() < EXPLICIT_CURRENCY else None
        for account, cents, side in entry_lines(size, rng, leaves):
            sheet.write_datetime(row, 0, day, date_format)
            sheet.write_string(row, 1, entry)
            sheet.write_string(row, 2, BAD_ACCOUNT if bad_every and row % bad_every == 0
                               else account)
            sheet.write_string(row, 3, description)
            sheet.write_number(row, 4 + side, cents / 100, amount_format)
            if currency is not None:
                sheet.write_string(row, 6, currency)
            row += 1


def sidecar(path: Path) -> Path:
    """Where the record of what ``path`` was generated from is kept."""
    return path.with_suffix(".json")


def recipe(rows: int, seed: int, bad_percent: int = 0) -> dict[str, int]:
    """What identifies a generated workbook."""
    made = {"rows": rows, "seed": seed, "generator_version": GENERATOR_VERSION}
    return {**made, "bad_percent": bad_percent} if bad_percent else made


def generate(path: str | Path, rows: int, seed: int = 1, bad_percent: int = 0) -> None:
    """Write the ledger workbook with ``rows`` journal lines to ``path`` (and its sidecar).

    The workbook is written beside ``path`` and moved into place, so an
    interrupted run never leaves a half-written file that looks complete.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sidecar(path).unlink(missing_ok=True)  # until the new workbook is complete
    rng = random.Random(seed)
    tmp = path.with_name(f".{path.stem}.partial.xlsx")
    try:
        options = {"constant_memory": True, "strings_to_numbers": False,
                   "strings_to_formulas": False, "strings_to_urls": False}
        workbook = xlsxwriter.Workbook(str(tmp), options)
        workbook.set_properties({"created": FIRST_DAY})  # the same bytes on every run
        header = workbook.add_format({"bold": True})
        write_settings(workbook, header)
        write_accounts(workbook, header)
        write_journal(workbook, header, rows, rng, bad_percent)
        workbook.close()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    sidecar(path).write_text(json.dumps(recipe(rows, seed, bad_percent)) + "\n", "utf-8")


def is_current(path: str | Path, rows: int, seed: int = 1, bad_percent: int = 0) -> bool:
    """True when ``path`` exists and its sidecar records the same recipe."""
    path = Path(path)
    expected = recipe(rows, seed, bad_percent)
    try:
        return path.is_file() and json.loads(sidecar(path).read_text("utf-8")) == expected
    except (OSError, ValueError):
        return False


def ensure(path: str | Path, rows: int, seed: int = 1, bad_percent: int = 0) -> bool:
    """Generate ``path`` unless it is current; True when it was (re)generated."""
    if is_current(path, rows, seed, bad_percent):
        return False
    generate(path, rows, seed, bad_percent)
    return True


def default_path(rows: int, bad_percent: int = 0) -> Path:
    """The conventional place of a generated journal of ``rows`` lines."""
    suffix = f"-bad{bad_percent}" if bad_percent else ""
    return DATA_DIR / f"journal-{rows}{suffix}.xlsx"


def main(argv: list[str] | None = None) -> None:
    """Command line: generate one workbook (skipped when already current)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, required=True, help="journal lines (at least 2)")
    parser.add_argument("--out", type=Path, help="the .xlsx to write "
                                                 "(default bench/data/journal-ROWS.xlsx)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--bad-percent", type=int, default=0,
                        help="share of lines posted to an unknown account, for Check's marks")
    args = parser.parse_args(argv)
    out = args.out or default_path(args.rows, args.bad_percent)
    started = time.perf_counter()
    if ensure(out, args.rows, args.seed, args.bad_percent):
        print(f"wrote {out} ({args.rows:,} journal rows) in {time.perf_counter() - started:.1f} s")
    else:
        print(f"{out} is current ({args.rows:,} journal rows, seed {args.seed}); not regenerated")


if __name__ == "__main__":
    main()

"""Every ledger report and Post with every period option, on every kind of ledger book.

A crash hid in an option combination (``post --period`` and ``report general-ledger
--period`` failed on every book), so the tour's commands run here as a matrix: books
new in English and in Indonesian, the demo company (Indonesian, a year of activity),
a book with foreign-currency lines, each with no period, ``--as-of``, ``--period`` a
month and a year, ``--from``/``--to`` and ``--monthly``.

The figures are checked, not only the exit codes, against the Journal read
independently with openpyxl: a period's trial balance is the period's movements (as
hledger's ``balance -p``), an as-of trial balance the movements up to that day, the
general ledger's lines of a period add up to the same movements after an opening line
that carries the balance before it, and a month with nothing in it gives an empty
report, not an error.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import JOURNAL_HEADER, write_book

from backoffice.cli import main
from backoffice.demo import run_demo
from backoffice.templates import new_book

REPORTS = ("trial-balance", "general-ledger", "income-statement", "balance-sheet", "cash-flow",
           "dashboard", "ar-aging", "ap-aging", "open-documents", "customer-statements",
           "tax-summary")

FX_ACCOUNTS = [["Code", "Name", "Type", "Parent", "Cash flow"],
               ["1101", "Bank IDR", "asset", None, "cash"],
               ["1102", "Bank USD", "asset", None, "cash"],
               ["2101", "Payable USD", "liability", None, None],
               ["3101", "Capital", "equity", None, None],
               ["4101", "Sales", "income", None, None],
               ["5101", "Purchases", "expense", None, None],
               ["7101", "Unrealized exchange", "income", None, None]]
FX_JOURNAL = [
    [dt.date(2026, 1, 2), "C1", "1101", "Capital paid in", 50_000_000, None, None, None, None],
    [dt.date(2026, 1, 2), "C1", "3101", "Capital paid in", None, 50_000_000, None, None, None],
    [dt.date(2026, 1, 10), "S1", "1102", "Export", 1000, None, "USD", None, 15000],
    [dt.date(2026, 1, 10), "S1", "4101", "Export", None, 1000, "USD", None, 15000],
    [dt.date(2026, 3, 20), "P1", "5101", "Import", 200.5, None, "USD", None, 15100],
    [dt.date(2026, 3, 20), "P1", "2101", "Import", None, 200.5, "USD", None, 15100],
    [dt.date(2026, 3, 25), "S2", "1101", "Local sale", 1_250_000, None, None, None, None],
    [dt.date(2026, 3, 25), "S2", "4101", "Local sale", None, 1_250_000, None, None, None],
]


def _fx_book(path: Path) -> Path:
    return write_book(path, {
        "Settings": [["Setting", "Value"], ["Company", "PT Valas"], ["Language", "English"],
                     ["Unrealized exchange account", "7101"]],
        "Accounts": FX_ACCOUNTS,
        "Journal": [[*JOURNAL_HEADER, "Source", "Rate"], *FX_JOURNAL],
        "Rates": [["Date", "Currency", "Rate"], [dt.date(2026, 1, 31), "USD", 15500],
                  [dt.date(2026, 3, 31), "USD", 15200]]})


@pytest.fixture(scope="module")
def demo_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    assert run_demo(str(folder)).exit_code == 0
    return folder / "ledger.xlsx"


# (kind, the months that have postings, a month with none)
KINDS = {"new-en": ((), "2026-03"), "new-id": ((), "2026-03"),
         "demo": (("2025-03", "2025-12"), "2024-03"), "foreign": (("2026-01", "2026-03"), "2026-02")}


@pytest.fixture(params=list(KINDS))
def book(request: pytest.FixtureRequest, tmp_path: Path, demo_ledger: Path) -> tuple[str, Path]:
    kind = request.param
    path = tmp_path / "ledger.xlsx"
    if kind.startswith("new"):
        new_book("ledger", str(path), kind[-2:])
    elif kind == "demo":
        path.write_bytes(demo_ledger.read_bytes())
    else:
        _fx_book(path)
    return kind, path


def _journal(path: Path) -> list[tuple[dt.date, str, str, Decimal]]:
    """(date, account, currency, debit − credit) of every Journal line, read with openpyxl."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = next(workbook[n] for n in ("Journal", "Jurnal") if n in workbook.sheetnames)
    rows = sheet.iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    col = {name: i for i, name in enumerate(header)}

    def pick(row: tuple, *names: str) -> object:
        return next(row[col[n]] for n in names if n in col)

    lines = []
    for row in rows:
        if pick(row, "Account", "Akun") is None:
            continue
        amount = Decimal(str(pick(row, "Debit") or 0)) - Decimal(str(pick(row, "Credit", "Kredit") or 0))
        day = pick(row, "Date", "Tanggal")
        lines.append((day.date() if isinstance(day, dt.datetime) else day,
                      str(pick(row, "Account", "Akun")), pick(row, "Currency", "Mata Uang") or "IDR",
                      amount))
    workbook.close()
    return lines


def _movements(lines, start: dt.date | None, end: dt.date | None) -> dict[tuple[str, str], Decimal]:
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for day, account, currency, amount in lines:
        if (start is None or day >= start) and (end is None or day <= end):
            totals[account, currency] += amount
    return {key: value for key, value in totals.items() if value}


def _report(path: Path, name: str, *options: str, capsys) -> list[dict]:  # type: ignore[no-untyped-def]
    code = main(["report", str(path), name, "--format", "json", *options])
    out = capsys.readouterr()
    assert code == 0, (name, options, out.err)
    return json.loads(out.out)["rows"]


def _balances(rows: list[dict]) -> dict[tuple[str, str], Decimal]:
    return {(r["account"], r["currency"]): Decimal(r["balance"]) for r in rows
            if r["name"] is not None and Decimal(r["balance"])}


def _month_bounds(month: str) -> tuple[dt.date, dt.date]:
    start = dt.date.fromisoformat(month + "-01")
    following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start, following - dt.timedelta(days=1)


OPTIONS = {"none": (), "as-of": ("--as-of", "{end}"), "month": ("--period", "{month}"),
           "year": ("--period", "{year}"), "from-to": ("--from", "{start}", "--to", "{end}"),
           "monthly": ("--monthly",)}


def _options(option: str, month: str) -> list[str]:
    start, end = _month_bounds(month)
    return [o.format(month=month, year=month[:4], start=start, end=end) for o in OPTIONS[option]]


@pytest.mark.parametrize("option", list(OPTIONS))
def test_every_report_with_every_period_option_runs(book, option, capsys):
    kind, path = book
    months, _empty = KINDS[kind]
    month = months[-1] if months else KINDS[kind][1]
    # CSV renders what JSON renders, with its own formatting: twice is enough for it.
    formats = ("csv", "json") if option in ("none", "month") else ("json",)
    for name in REPORTS:
        for output in formats:
            code = main(["report", str(path), name, "--format", output, *_options(option, month)])
            assert code == 0, (kind, name, option, output, capsys.readouterr().err)
    capsys.readouterr()
    out = path.parent / "tb.xlsx"
    assert main(["report", str(path), "trial-balance", "--format", "xlsx", "--output", str(out),
                 *_options(option, month)]) == 0
    assert openpyxl.load_workbook(out).worksheets[0].max_row >= 1


def test_a_periods_trial_balance_is_the_periods_movements(book, capsys):
    kind, path = book
    months, empty = KINDS[kind]
    lines = _journal(path)
    for month in (*months, empty):
        start, end = _month_bounds(month)
        expected = _movements(lines, start, end)
        for options in (["--period", month], ["--from", str(start), "--to", str(end)]):
            assert _balances(_report(path, "trial-balance", *options, capsys=capsys)) == expected
        as_of = _balances(_report(path, "trial-balance", "--as-of", str(end), capsys=capsys))
        assert as_of == _movements(lines, None, end)
    if months:
        year = months[0][:4]
        yearly = _balances(_report(path, "trial-balance", "--period", year, capsys=capsys))
        assert yearly == _movements(lines, dt.date(int(year), 1, 1), dt.date(int(year), 12, 31))
        assert yearly, "the year has postings"
    empty_rows = _report(path, "trial-balance", "--period", empty, capsys=capsys)
    assert empty_rows == [], "a month with nothing in it gives an empty trial balance"


def test_the_general_ledger_of_a_period_opens_with_the_balance_before_it(book, capsys):
    kind, path = book
    months, empty = KINDS[kind]
    lines = _journal(path)
    for month in (*months, empty):
        start, end = _month_bounds(month)
        rows = _report(path, "general-ledger", "--period", month, capsys=capsys)
        moved: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        opening: dict[tuple[str, str], Decimal] = {}
        for row in rows:
            key = (row["account"], row["currency"])
            amount = Decimal(row["debit"] or 0) - Decimal(row["credit"] or 0)
            assert dt.date.fromisoformat(row["date"]) >= start
            if row["entry"] is None:
                opening[key] = amount
            else:
                assert dt.date.fromisoformat(row["date"]) <= end
                moved[key] += amount
        assert {k: v for k, v in moved.items() if v} == _movements(lines, start, end)
        before = _movements(lines, None, start - dt.timedelta(days=1))
        assert {k: v for k, v in opening.items() if v} == before
        if month == empty:
            assert all(row["entry"] is None for row in rows)


def test_monthly_balances_match_the_as_of_trial_balance(book, capsys):
    kind, path = book
    months, _empty = KINDS[kind]
    rows = _report(path, "trial-balance", "--monthly", capsys=capsys)
    lines = _journal(path)
    for month in months:
        _start, end = _month_bounds(month)
        got = {(r["account"], r["currency"]): Decimal(r["balance"]) for r in rows
               if r["period"] == month}
        # Accounts that did not move this month have no row; the rest carry their balance.
        expected = _movements(lines, None, end)
        assert got and all(expected.get(key, Decimal(0)) == value for key, value in got.items())


@pytest.mark.parametrize("option", [o for o in OPTIONS if o != "monthly"])
def test_post_with_every_period_option_writes_the_periods_figures(book, option, capsys):
    kind, path = book
    months, empty = KINDS[kind]
    month = months[0] if months else empty
    assert main(["post", str(path), *_options(option, month)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    workbook = openpyxl.load_workbook(path, read_only=True)
    sheet = next(workbook[n] for n in ("Trial Balance", "Neraca Saldo") if n in workbook.sheetnames)
    written = [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]
    workbook.close()
    start, end = _month_bounds(month)
    lines = _journal(path)
    if option in ("month", "from-to"):
        expected = _movements(lines, start, end)
    elif option == "year":
        expected = _movements(lines, dt.date(int(month[:4]), 1, 1), dt.date(int(month[:4]), 12, 31))
    elif option == "as-of":
        expected = _movements(lines, None, end)
    else:
        expected = _movements(lines, None, None)
    balances = {(str(r[0]), r[2]): Decimal(str(r[5])) for r in written[1:]
                if r[1] is not None and r[5]}
    assert balances == expected


@pytest.mark.parametrize("command", ["post", "report"])
def test_period_and_from_to_exclude_each_other(tmp_path, command, capsys):
    """The README says they exclude each other; they were silently ignored together."""
    path = tmp_path / "ledger.xlsx"
    new_book("ledger", str(path), "en")
    before = path.read_bytes()
    args = [command, str(path), *(["trial-balance"] if command == "report" else []),
            "--period", "2026-03", "--from", "2026-01-01"]
    assert main(args) == 2
    assert "--period or --from/--to" in capsys.readouterr().err
    assert path.read_bytes() == before

"""The demo company: created from scratch, checked clean, never overwriting."""

from __future__ import annotations

import openpyxl
import pytest

from backoffice.cli import main
from backoffice.demo import run_demo
from backoffice.errors import UsageError


def test_demo_creates_a_clean_year_of_books(tmp_path, capsys):
    assert main(["demo", str(tmp_path / "demo"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "PT Sinar Abadi Niaga" in out and "clean, no problems" in out
    assert "Posted: Trial Balance, General Ledger, Income Statement, Balance Sheet, Cash Flow." in out
    book = openpyxl.load_workbook(tmp_path / "demo" / "ledger.xlsx", read_only=True)
    assert book.sheetnames == ["Settings", "Accounts", "Journal", "Balances", "Help",
                               "Trial Balance", "General Ledger", "Income Statement",
                               "Balance Sheet", "Cash Flow"]
    journal = book["Journal"]
    dates = [row[0] for row in journal.iter_rows(min_row=2, values_only=True)]
    assert journal.max_row > 2000  # a year of a trading company's activity
    assert min(dates).year == max(dates).year == 2025 and {d.month for d in dates} == set(range(1, 13))


def test_demo_in_indonesian_checks_clean(tmp_path):
    result = run_demo(str(tmp_path), lang="id")
    assert result.exit_code == 0
    report = result.reports[0]
    assert [s.sheet for s in report.sheets] == ["Pengaturan", "Akun", "Jurnal", "Saldo"]
    assert report.issues == ()


def test_demo_never_overwrites(tmp_path):
    run_demo(str(tmp_path))
    before = (tmp_path / "ledger.xlsx").read_bytes()
    with pytest.raises(UsageError, match="already exists"):
        run_demo(str(tmp_path))
    assert (tmp_path / "ledger.xlsx").read_bytes() == before

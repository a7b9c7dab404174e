"""The demo company's people's records: a year of contracts, leave and a warning letter,
checked clean, with the outputs of its payroll year worked by hand."""

from __future__ import annotations

import datetime as dt

import openpyxl

from backoffice.demo import run_demo


def rows(book, name):
    return list(book[name].iter_rows(min_row=2, values_only=True))


def test_the_demo_keeps_contracts_leave_and_a_warning_letter(tmp_path):
    result = run_demo(str(tmp_path), lang="en")
    assert result.reports[1].valid and result.reports[1].issues == ()
    assert "Contracts (8), Leave (8), Warning letters (1)" in result.summary
    book = openpyxl.load_workbook(tmp_path / "payroll.xlsx", read_only=True)
    # The company's 90-day reminder at 31 Dec 2025: Hendra's PKWT ends 31 Mar 2026, and a
    # full year of it owes one month's wage (12,000,000 + 1,500,000).
    assert rows(book, "Contract reminders") == [
        ("PKWT-S007-1", "S007", "PKWT", dt.datetime(2025, 4, 1), dt.datetime(2026, 3, 31), 90,
         13500000)]
    # 14 days (company) less the 10 weekday joint leave days of 2025; Rina (S006) leaves
    # before 26 December, so she is charged 9.
    balances = {r[0]: r[3:] for r in rows(book, "Leave balances")}
    assert balances["S001"] == (14, 0, 0, 10, 4, 0)
    assert balances["S005"] == (14, 0, 0, 10, 3, 1)
    assert balances["S006"] == (14, 0, 0, 9, 4, 1)
    assert "S007" not in balances  # joined April 2025: no right before April 2026
    assert [r[:3] for r in rows(book, "Warnings in force")] == [("S005", "SP-001", "SP1")]
    proposed = [r[:4] for r in rows(book, "Proposed pay items")]
    # Rina: 20 months and 28 of September's 30 days x 5,500,000 / 12 = 9,594,444.44.
    # Agus: 2 unpaid of November's 20 working days x 10,450,000 (after July's raise).
    assert proposed == [(dt.datetime(2025, 9, 29), "S006", "Bonus", 9594444),
                        (dt.datetime(2025, 11, 30), "S003", "Salary", -1045000)]

"""The demo company: created from scratch, checked clean, never overwriting."""

from __future__ import annotations

import re

import openpyxl
import pytest

from backoffice.cli import main
from backoffice.demo import run_demo
from backoffice.errors import UsageError


def test_demo_creates_a_clean_year_of_books(tmp_path, capsys):
    assert main(["demo", str(tmp_path / "demo"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "PT Sinar Abadi Niaga" in out and "clean, no problems" in out
    assert ("Posted: Trial Balance, General Ledger, Income Statement, Balance Sheet, Cash Flow, "
            "AR Aging, AP Aging, Open Documents, Customer Statements, Tax Summary, "
            "Compliance, Dashboard.") in out
    book = openpyxl.load_workbook(tmp_path / "demo" / "ledger.xlsx", read_only=True)
    # Every sheet of the current ledger template, in its order (issue 17 item 11), then the
    # compliance calendar's (issue 23).
    assert book.sheetnames == ["Settings", "Accounts", "Journal", "Balances", "Rates",
                               "Customers", "Suppliers", "Invoices", "Bills", "Payments",
                               "Tax codes", "Tax exchange rates", "Filings",
                               "Permits and contracts", "Documents", "Help",
                               "Trial Balance", "General Ledger", "Income Statement",
                               "Balance Sheet", "Cash Flow", "AR Aging", "AP Aging",
                               "Open Documents", "Customer Statements", "Tax Summary",
                               "Compliance", "Dashboard", "_backoffice_sync",  # Sync's memory, very hidden
                               # the year's bank statements, imported and December reconciled
                               "Bank statement", "Bank rules", "Reconciliation 1102"]
    journal = book["Journal"]
    dates = [row[0] for row in journal.iter_rows(min_row=2, values_only=True)]
    assert journal.max_row > 2000  # a year of a trading company's activity
    assert min(dates).year == max(dates).year == 2025 and {d.month for d in dates} == set(range(1, 13))


def test_demo_in_indonesian_checks_clean(tmp_path):
    result = run_demo(str(tmp_path), lang="id")
    assert result.exit_code == 0
    report = result.reports[0]
    assert [s.sheet for s in report.sheets] == ["Pengaturan", "Akun", "Jurnal", "Saldo", "Kurs",
                                                "Pelanggan", "Pemasok", "Faktur", "Tagihan",
                                                "Pembayaran", "Kode Pajak", "Kurs pajak",
                                                "Pelaporan", "Izin dan kontrak", "Arsip"]
    # the one late filing of the demo: August's PPN, paid six days late
    assert [(i.code, i.cell, i.value) for i in report.issues] == [
        ("compliance-done-late", "C16", "2025-10-06")]
    # every number of the Indonesian summary is written the Indonesian way (2.615; 8,4 detik)
    assert re.search(r"memuat \d{1,3}(\.\d{3})+ baris jurnal", result.summary), result.summary
    assert re.search(r"Selesai dalam \d+,\d detik", result.summary), result.summary
    assert not re.search(r"\d,\d{3}\b|\d\.\d detik", result.summary), result.summary


def test_demo_never_overwrites(tmp_path):
    run_demo(str(tmp_path))
    before = (tmp_path / "ledger.xlsx").read_bytes()
    with pytest.raises(UsageError, match=r"already exists\. Choose an empty folder for the "
                       r"demo\.$"):
        run_demo(str(tmp_path))
    assert (tmp_path / "ledger.xlsx").read_bytes() == before


def test_demo_runs_a_year_of_payroll_for_its_staff(tmp_path):
    result = run_demo(str(tmp_path), lang="en")
    assert result.paths[1].endswith("payroll.xlsx") and result.reports[1].valid
    book = openpyxl.load_workbook(tmp_path / "payroll.xlsx", read_only=True)
    assert "Payroll register" in book.sheetnames and "Payslips 2025-12" in book.sheetnames
    register = list(book["Payroll register"].iter_rows(min_row=2, values_only=True))
    periods = {row[1] for row in register}
    assert periods == {f"2025-{m:02d}" for m in range(1, 13)}
    assert {row[4] for row in register} == {"final"}
    # Dewi (S004) resigns on 30 November: 7 staff x 12 months - 3 (S007 joins in April)
    # - 3 (S006 retires in September) - 1 = 77 payslips.
    assert "payroll 2025: 77 payslips" in result.summary
    severance = list(book["Severance"].iter_rows(values_only=True))
    header, rows = severance[0], {row[0]: dict(zip(severance[0], row, strict=True))
                                  for row in severance[1:]}
    assert "Total" in header and set(rows) == {"S004", "S006"}
    # Rina (S006), retirement (Pasal 56), 3 years 8 months, wage 5,500,000: pesangon
    # 1.75 x 4 months, UPMK 2 months, 3 days of leave at 1/25 (6-day week); final PPh 21
    # 5% of the 160,000 above 50 million.
    assert (rows["S006"]["Pesangon"], rows["S006"]["UPMK"], rows["S006"]["Unused leave"],
            rows["S006"]["Total"], rows["S006"]["Final PPh 21"]) == (
        38_500_000, 11_000_000, 660_000, 50_160_000, 8_000)
    # Dewi (S004), resignation (Pasal 50): 5 days of leave at 1/21 of 7,000,000 and the
    # company's uang pisah of 2,000,000; no tax below 50 million.
    assert (rows["S004"]["Pesangon"], rows["S004"]["Separation pay"], rows["S004"]["Total"],
            rows["S004"]["Final PPh 21"]) == (0, 2_000_000, 3_666_666, 0)


def test_demo_sales_and_purchases_are_documents_whose_receivables_match_the_ledger(tmp_path):
    """The demo's credit sales, returns, purchases and payments are typed as documents; Post
    generated their entries, and receivables in the trial balance equal the AR aging's total
    (some customers pay late, one August invoice is disputed and over 90 days)."""
    from backoffice.arap import reports
    from backoffice.books import open_book
    from backoffice.checking import check_and_read
    from backoffice.ledger.reports import Options, build

    run_demo(str(tmp_path), lang="en")
    with open_book(str(tmp_path / "ledger.xlsx")) as book:
        report, read = check_and_read(book)
    # the demo's late PPN, and the year's bank lines whose proposed matches wait for the
    # bookkeeper's confirmation (the demo reconciles, it does not decide for her)
    assert [i.code for i in report.issues] == ["compliance-done-late", "bank-lines-unreconciled"]
    aging = reports.build("ar-aging", read.data, Options(), "en")
    total = aging.rows[-1]
    assert total[0] == "Total" and total[7] > 0  # something over 90 days
    trial = build("trial-balance", read.data, Options(), "en")
    receivables = next(row for row in trial.rows if row[0] == "1201")
    assert receivables[5] == total[8]
    payables = next(row for row in trial.rows if row[0] == "2101")
    assert -payables[5] == reports.build("ap-aging", read.data, Options(), "en").rows[-1][8]

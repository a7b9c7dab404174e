"""What Post writes and ``backoffice report`` serves for receivables, payables and tax."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from arapbook import SETTINGS, arap_book, journal_entries, lines
from coretaxbook import fill, new_ledger, pkp_company

from backoffice.arap.reports import bucket
from backoffice.cli import main

D = dt.date


def test_aging_buckets_by_days_past_due():
    assert [bucket(d) for d in (-5, 0, 1, 30, 31, 60, 61, 90, 91, 400)] == \
        [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]


def _aged_book(make_book, settings=SETTINGS):  # type: ignore[no-untyped-def]
    """C01 (30 days' terms) has invoices due 2026-06-30 minus 0, 10, 45, 75 and 120 days;
    an opening document from before go-live; C02 one paid invoice."""
    day = D(2026, 6, 30)
    invoices = [[f"INV-{i}", day - dt.timedelta(days=30 + late), "C01", None, None, None,
                 "Goods", 1, 1000 * (i + 1), None, None]
                for i, late in enumerate((0, 10, 45, 75, 120))]
    invoices.append(["OB-1", D(2026, 2, 20), "C02", "Opening", None, None, "Open at go-live", 1,
                     7000, None, None])
    payments = [["R-1", D(2026, 3, 20), "Received", "C02", "1102", 7000, None, None, "OB-1",
                 None, None, None]]
    return arap_book(make_book, invoices=invoices, payments=payments, settings=settings)


def test_post_writes_the_aging_open_documents_statements_and_tax_sheets(make_book, capsys):
    path = _aged_book(make_book)
    assert main(["post", str(path), "--as-of", "2026-06-30"]) == 0
    book = openpyxl.load_workbook(path)
    for name in ("AR Aging", "AP Aging", "Open Documents", "Customer Statements",
                 "Tax Summary"):
        assert name in book.sheetnames
    aging = [[c.value for c in row] for row in book["AR Aging"].iter_rows()]
    assert aging[0] == ["Customer", "Name", "Currency", "Current", "1-30 days", "31-60 days",
                        "61-90 days", "Over 90 days", "Total"]
    assert aging[1] == ["C01", "Toko Makmur", "IDR", 1000, 2000, 3000, 4000, 5000, 15000]
    # The opening document posted nothing; the receipt that settled it did.
    entries = journal_entries(path)
    assert "OB-1" not in entries
    assert entries["R-1"] == lines(("1102", 7000, None, None), ("1201", None, 7000, None))
    statements = [[c.value for c in row] for row in book["Customer Statements"].iter_rows()]
    c02 = [row for row in statements if row[0] == "C02"]
    assert [(r[4], r[6], r[7], r[8]) for r in c02] == [("OB-1", 7000, None, 7000),
                                                       ("R-1", None, 7000, 0)]


def test_report_serves_the_aging_as_csv_as_of_any_date(make_book, capsys):
    path = _aged_book(make_book)
    assert main(["post", str(path)]) == 0
    capsys.readouterr()
    assert main(["report", str(path), "ar-aging", "--as-of", "2026-05-31"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    # On 05-31, days past due are 30 fewer: INV-0 and INV-1 current (1,000 + 2,000), INV-2
    # 15 days (3,000), INV-3 45 days (4,000), INV-4 exactly 90 days (5,000, still 61-90).
    c01 = rows[0]
    assert (c01["customer"], c01["current"], c01["d1_30"], c01["d31_60"], c01["d61_90"],
            c01["over_90"], c01["total"]) == ("C01", "3000.00", "3000.00", "4000.00", "5000.00",
                                              "0.00", "15000.00")
    assert main(["report", str(path), "open-documents", "--format", "json",
                 "--as-of", "2026-06-30"]) == 0
    assert '"number": "INV-4"' in capsys.readouterr().out


def test_umkm_final_tax_is_half_a_percent_of_monthly_turnover(make_book):
    """PP 55/2022, a company (no tax-free part): March turnover 12,345,678 (net of a credit
    note of 1,000,000: 11,345,678); 0.5% = 56,728.39 -> 56,728 (whole rupiah, half up).

        UMKM-2026-03 (03-31): Dr 6901 56,728 / Cr 2106 56,728
    """
    settings = [*[r for r in SETTINGS if r[0] != "PKP (registered for VAT)"],
                ["PKP (registered for VAT)", "no"], ["PPh final UMKM", "yes"],
                ["UMKM final tax expense account", "6901"],
                ["UMKM final tax payable account", "2106"]]
    path = arap_book(make_book, settings=settings, invoices=[
        ["INV-1", D(2026, 3, 2), "C01", None, None, None, "Goods", 1, 12_345_678, None, None],
        ["CN-1", D(2026, 3, 9), "C01", "Credit note", "INV-1", None, "Back", 1, 1_000_000, None,
         None]])
    assert main(["post", str(path)]) == 0
    assert journal_entries(path)["UMKM-2026-03"] == lines(("6901", 56_728, None, None),
                                                          ("2106", None, 56_728, None))
    book = openpyxl.load_workbook(path)
    summary = [[c.value for c in row] for row in book["Tax Summary"].iter_rows()]
    assert summary[1][0] == "2026-03" and summary[1][7:9] == [11_345_678, 56_728]


def test_efaktur_export_has_one_fk_row_per_invoice_with_ppn(make_book, capsys):
    path = arap_book(make_book, invoices=[
        ["INV-1", D(2026, 3, 2), "C01", None, None, None, "Goods", 10, 1_000_000, "PPN12", None],
        ["INV-2", D(2026, 3, 3), "C02", None, None, None, "Goods", 1, 500, None, None]])
    assert main(["report", str(path), "efaktur-csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:4] == ["FK", "KD_JENIS_TRANSAKSI", "FG_PENGGANTI", "NOMOR_FAKTUR"]
    assert len(rows) == 2
    # PPN12 is 12% on the DPP nilai lain of 11/12 (PMK 131/2024 art. 3): transaction code 04
    # (PER-1/PJ/2025), not 01, which this test used to expect (issue 14, item 1).
    assert rows[1][:13] == ["FK", "04", "0", "", "3", "2026", "02/03/2026", "0123456789012345",
                            "Toko Makmur", "Bandung", "9166667", "1100000", "0"]
    assert Decimal(rows[1][11]) == Decimal(10_000_000) * Decimal("0.11")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_bupot_csv_runs_on_a_book_made_by_new_ledger(tmp_path, capsys, lang):
    """Issue 14, item 5: a Tax codes sheet written by ``new ledger`` holds its rates as
    numbers, which were read as Fractions and crashed ``format`` (exit 4). PPh 23 2% of
    5,000,000 = 100,000 (UU PPh art. 23(1)c)."""
    path = new_ledger(tmp_path, lang)
    pkp_company(path)
    fill(path, "suppliers", [{"code": "S01", "name": "PT Konsultan",
                              "npwp": "0111222233334444"}])
    fill(path, "bills", [{"number": "B1", "date": D(2026, 3, 12), "party": "S01",
                          "description": "Consulting", "quantity": 1, "unit_price": 5_000_000,
                          "withholding": "PPH23"}])
    capsys.readouterr()  # what new ledger printed
    assert main(["report", str(path), "bupot-csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[1][5:8] == ["5000000", "2", "100000"]

"""``efaktur-input-reconciliation``: Coretax's input-VAT list against Bills.

The download is the Pajak Masukan grid's export; its headers are the grid's (DJP
publishes no layout for it: backoffice.arap.reconcile says which columns are read).
Figures: PPN12 is 12% of 11/12 of the price (PMK 131/2024 art. 3); Coretax keeps the
DPP nilai lain in sen, the books round it to the rupiah.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from coretaxbook import fill, new_ledger, pkp_company

from backoffice.cli import main

D = dt.date
HEADERS = ["NPWP Penjual", "Nama Penjual", "Nomor Faktur Pajak", "Tanggal Faktur Pajak",
           "Masa Pajak", "Tahun", "Masa Pajak Pengkreditkan", "Tahun Pajak Pengkreditan",
           "Status Faktur", "Harga Jual/Penggantian/DPP", "DPP Nilai Lain/DPP", "PPN", "PPnBM",
           "Perekam", "Nomor SP2D", "Valid", "Dilaporkan", "Dilaporkan oleh Penjual"]


def download_row(npwp: str, name: str, number: str, day: str, status: str, price: object,
                 dpp: object, ppn: object) -> list[object]:
    return [npwp, name, number, day, "Maret", 2026, "Maret", 2026, status, price, dpp, ppn, 0,
            "", "", "TRUE", "FALSE", "TRUE"]


#: The download: what Coretax shows us as buyer in March 2026.
DOWNLOAD = [
    # BILL-A's: 10,000,000 -> DPP nilai lain 9,166,666.67, PPN 1,100,000: agrees
    download_row("0111222233334444", "PT Satu", "04002600000000001", "2026-03-05", "APPROVED",
                 10_000_000, 9_166_666.67, 1_100_000),
    # BILL-B's: the seller charged 12% of the full 2,000,000 = 240,000; the bill says 220,000
    download_row("0111222233334444", "PT Satu", "04002600000000002", "2026-03-06", "APPROVED",
                 2_000_000, 2_000_000, 240_000),
    # BILL-C has no tax invoice number: same NPWP, DPP 1,100,000 and PPN 132,000
    download_row("0222333344445555", "CV Dua", "04002600000000003", "2026-03-07", "APPROVED",
                 1_200_000, 1_100_000, 132_000),
    # a seller no bill knows: an unbooked purchase (or our NPWP used by mistake)
    download_row("0999888877776666", "PT Asing", "04002600000000005", "2026-03-09", "APPROVED",
                 500_000, 458_333.33, 55_000),
    # replaced by another tax invoice: listed, not matched
    download_row("0111222233334444", "PT Satu", "04002600000000000", "2026-03-01", "AMENDED",
                 10_000_000, 9_166_666.67, 1_100_000),
]


def ledger(tmp_path: Path, lang: str = "en") -> Path:
    path = new_ledger(tmp_path, lang)
    pkp_company(path)
    fill(path, "suppliers", [{"code": "S01", "name": "PT Satu", "npwp": "0111222233334444"},
                             {"code": "S02", "name": "CV Dua", "npwp": "0222333344445555"}])

    def bill(number: str, day: dt.date, party: str, price: int, tax_invoice: str | None
             ) -> dict[str, object]:
        return {"number": number, "date": day, "party": party, "description": "Barang",
                "quantity": 1, "unit_price": price, "tax_code": "PPN12",
                "tax_invoice": tax_invoice}

    fill(path, "bills", [bill("BILL-A", D(2026, 3, 5), "S01", 10_000_000, "040.026-00000000001"),
                         bill("BILL-B", D(2026, 3, 6), "S01", 2_000_000, "04002600000000002"),
                         bill("BILL-C", D(2026, 3, 7), "S02", 1_200_000, None),
                         bill("BILL-D", D(2026, 3, 8), "S02", 500_000, "04002600000000009")])
    return path


def xlsx_download(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in DOWNLOAD:
        sheet.append(row)
    workbook.save(path)
    return path


def reconcile(capsys, book: Path, download: Path, *args: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    assert main(["report", str(book), "efaktur-input-reconciliation", "--coretax",
                 str(download), *args]) == 0, capsys.readouterr().err
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


@pytest.mark.parametrize("lang", ["en", "id"])
def test_each_side_shows_what_the_other_lacks(tmp_path, capsys, lang):
    rows = reconcile(capsys, ledger(tmp_path, lang), xlsx_download(tmp_path / "pm.xlsx"))
    got = [(r["status"], r["tax_invoice"], r["bill"], r["ppn_difference"]) for r in rows]
    assert got == [
        ("in Coretax, not in Bills", "04002600000000005", "", ""),
        ("in Bills, not in Coretax", "04002600000000009", "BILL-D", ""),
        ("amounts differ", "04002600000000002", "BILL-B", "20000.00"),  # 240,000 - 220,000
        ("matched by amount (no tax invoice no. on the bill)", "04002600000000003", "BILL-C",
         "0.00"),
        ("matched", "04002600000000001", "BILL-A", "0.00"),
        ("superseded in Coretax", "04002600000000000", "", ""),
    ]
    matched = rows[4]
    assert (matched["coretax_dpp"], matched["bill_dpp"]) == ("9166666.67", "9166667.00")


def test_a_csv_download_reads_the_same(tmp_path, capsys):
    download = tmp_path / "pm.csv"
    with download.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADERS)
        writer.writerows(DOWNLOAD)
    rows = reconcile(capsys, ledger(tmp_path), download)
    assert [r["status"] for r in rows].count("matched") == 1
    assert len(rows) == 6


def test_the_period_limits_both_sides(tmp_path, capsys):
    rows = reconcile(capsys, ledger(tmp_path), xlsx_download(tmp_path / "pm.xlsx"),
                     "--period", "2026-04")
    assert rows == []


def test_a_file_that_is_not_the_download_is_refused(tmp_path, capsys):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    book = ledger(tmp_path)
    assert main(["report", str(book), "efaktur-input-reconciliation", "--coretax",
                 str(other)]) == 2
    assert "no header row with NPWP Penjual" in capsys.readouterr().err
    assert main(["report", str(book), "efaktur-input-reconciliation", "--coretax",
                 str(tmp_path / "missing.xlsx")]) == 2
    assert main(["report", str(book), "efaktur-input-reconciliation"]) == 2
    assert "--coretax FILE goes with" in capsys.readouterr().err


def test_the_input_invoice_csv_is_gone(tmp_path, capsys):
    """Coretax does not import input invoices (they appear for the buyer when the seller
    issues them), so the FM export was replaced by this reconciliation."""
    assert main(["report", str(ledger(tmp_path)), "efaktur-input-csv"]) == 2

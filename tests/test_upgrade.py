"""upgrade: an older book gains what the schemas have now, and keeps every typed cell."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import openpyxl
import xlsxwriter
from backoffice.schemas import REGISTRY
from programs import needs

from backoffice.cli import main
from backoffice.upgrading import upgrade


def old_ledger(path):
    """A ledger as an older template made it: no Parent, no Currency, no Locale setting."""
    workbook = xlsxwriter.Workbook(str(path))
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    settings = workbook.add_worksheet("Pengaturan")
    for r, row in enumerate([["Pengaturan", "Nilai"], ["Perusahaan", "PT Lama"],
                             ["Mata uang dasar", "IDR"], ["Bahasa", "Bahasa Indonesia"]]):
        settings.write_row(r, 0, row)
    accounts = workbook.add_worksheet("Akun")
    accounts.add_table(0, 0, 2, 2, {"name": "tblAccounts", "columns": [
        {"header": "Kode"}, {"header": "Nama"}, {"header": "Tipe"}],
        "data": [["1101", "Kas", "Aset"], ["4101", "Penjualan", "Pendapatan"]]})
    journal = workbook.add_worksheet("Jurnal")
    journal.write_row(0, 0, ["Tanggal", "No. Bukti", "Akun", "Keterangan", "Debit", "Kredit"])
    for r, (account, dr, cr) in enumerate([("1101", 5000, None), ("4101", None, 5000)], start=1):
        journal.write_datetime(r, 0, dt.datetime(2025, 3, 1), date)
        journal.write_row(r, 1, ["JV-1", account, "Tunai", dr, cr])
    workbook.close()
    return path


def _data_rows(path, part):
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(part).decode()
    return re.findall(r'<row r="(?:[2-9]|\d\d+)".*?</row>', xml)


def test_upgrade_adds_columns_settings_and_keeps_every_typed_cell(tmp_path):
    path = old_ledger(tmp_path / "old.xlsx")
    before = {p: _data_rows(path, p) for p in ("xl/worksheets/sheet2.xml",
                                               "xl/worksheets/sheet3.xml")}
    result = upgrade(str(path))
    assert result.added == ["Pengaturan: pengaturan Awal tahun buku", "Pengaturan: pengaturan Lokal",
                            "Pengaturan: pengaturan Akun saldo laba",
                            "Pengaturan: pengaturan Akun pembulatan",
                            "Pengaturan: pengaturan Akun selisih kurs belum terealisasi",
                            # the LKPM's business scale (issue 23)
                            "Pengaturan: pengaturan Skala usaha (LKPM)",
                            # (a ledger book gets no payroll settings)
                            # receivables, payables and tax
                            *(f"Pengaturan: pengaturan {name}" for name in (
                                "PKP", "NPWP perusahaan", "NITKU perusahaan",
                                "Akun piutang usaha", "Akun utang usaha",
                                "Akun penjualan", "Akun pembelian", "Akun selisih pembayaran",
                                "Akun biaya bank", "Akun laba/rugi selisih kurs",
                                "Toleransi selisih pembayaran", "PPh final UMKM",
                                "Akun beban PPh final", "Akun utang PPh final",
                                "Peredaran bruto tidak kena pajak")),
                            "Pengaturan: pengaturan Store",
                            "Akun: kolom Induk (D)", "Akun: kolom Arus kas (E)",
                            "Akun: kolom ID (F)",
                            "Akun: daftar pilihan untuk Tipe (C)",
                            "Jurnal: kolom Mata Uang (G)", "Jurnal: kolom Sumber (H)",
                            "Jurnal: kolom Kurs (I)", "Jurnal: kolom ID (J)", "sheet Saldo",
                            "sheet Kurs",
                            "sheet Pelanggan", "sheet Pemasok", "sheet Faktur", "sheet Tagihan",
                            "sheet Pembayaran", "sheet Kode Pajak", "sheet Kurs pajak"]
    after = {p: _data_rows(path, p) for p in before}
    assert after["xl/worksheets/sheet3.xml"] == before["xl/worksheets/sheet3.xml"]
    assert after["xl/worksheets/sheet2.xml"] == before["xl/worksheets/sheet2.xml"]
    book = openpyxl.load_workbook(path)
    assert [c.value for c in book["Jurnal"][1]] == ["Tanggal", "No. Bukti", "Akun", "Keterangan",
                                                   "Debit", "Kredit", "Mata Uang", "Sumber",
                                                   "Kurs", "ID"]
    assert book["Akun"].tables["tblAccounts"].ref == "A1:F3"
    assert [c.name for c in book["Akun"].tables["tblAccounts"].tableColumns] == [
        "Kode", "Nama", "Tipe", "Induk", "Arus kas", "ID"]
    assert [book["Pengaturan"].cell(r, 1).value for r in (5, 6, 7, 8, 9)] == [
        "Awal tahun buku", "Lokal", "Akun saldo laba", "Akun pembulatan",
        "Akun selisih kurs belum terealisasi"]
    prompts = {str(v.sqref): v.promptTitle for v in book["Jurnal"].data_validations.dataValidation}
    assert prompts == {"G2:G1048576": "Mata Uang", "H2:H1048576": "Sumber", "I2:I1048576": "Kurs",
                       "J2:J1048576": "ID"}
    types = [v for v in book["Akun"].data_validations.dataValidation if v.type == "list"]
    assert sorted((str(v.sqref), v.formula1) for v in types) == [
        ("C2:C1048576", '"Aset,Liabilitas,Ekuitas,Pendapatan,Beban"'),
        ("E2:E1048576", '"Kas,Operasi,Investasi,Pendanaan"')]
    assert main(["check", str(path), "--no-marks"]) == 0
    assert upgrade(str(path)).added == []  # a second run changes nothing


def test_upgrade_adds_a_missing_sheet(tmp_path, capsys):
    path = tmp_path / "book.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("Settings").write_row(0, 0, ["Setting", "Value"])
    accounts = workbook.add_worksheet("Accounts")
    accounts.write_row(0, 0, ["Code", "Name", "Type", "Parent"])
    accounts.write_row(1, 0, ["1101", "Cash", "asset"])
    workbook.close()
    assert main(["upgrade", str(path), "--lang", "en"]) == 0
    assert "sheet Journal" in capsys.readouterr().out
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [s.en for s in REGISTRY.for_book("ledger")]
    journal = book["Journal"]
    assert [c.value for c in journal[1]][:3] == ["Date", "Entry", "Account"]
    assert journal.freeze_panes == "A2"


@needs("soffice")
def test_libreoffice_opens_the_upgraded_book(tmp_path):
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    path = old_ledger(tmp_path / "old.xlsx")
    upgrade(str(path))
    subprocess.run([soffice, "--headless", "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"),
                    str(path)], check=True, capture_output=True, timeout=180)
    book = openpyxl.load_workbook(tmp_path / "lo" / "old.xlsx")
    assert [c.value for c in book["Jurnal"][1]][-4:] == ["Mata Uang", "Sumber", "Kurs", "ID"]
    assert book["Akun"].tables["tblAccounts"].ref == "A1:F3"  # E: Cash flow, F: ID
    assert book["Jurnal"]["E2"].value == 5000

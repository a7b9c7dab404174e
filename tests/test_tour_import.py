"""Issue 17 item 6: a CSV imported as Indonesian Excel saves it.

";" between fields, 30/12/2025, 50.000,00, code page 1252; numbers and dates read by
the book's locale (or --locale) with the same ambiguity rules as cells; an entry or
document number already in the book is an error; whole-book problems the new rows set
off are in the import's report.
"""

from __future__ import annotations

import datetime as dt

import openpyxl

from backoffice.cli import main
from backoffice.importing import import_csv

ACCOUNTS = "Kode;Nama;Tipe;Induk\r\n1101;Kas;Aset;\r\n1102;Piutang usaha;Aset;\r\n" \
           "4101;Penjualan;Pendapatan;\r\n"


def _ledger(tmp_path, lang="id"):
    path = tmp_path / "buku.xlsx"
    assert main(["new", "ledger", str(path), "--lang", lang]) == 0
    accounts = tmp_path / "akun.csv"
    accounts.write_bytes(ACCOUNTS.encode("cp1252"))
    assert main(["import", str(path), "Akun", str(accounts)]) == 0
    return path


def _journal(sheet):
    return [[c.value for c in row][:7] for row in sheet.iter_rows(min_row=2)
            if row[0].value is not None]


def test_an_indonesian_excel_csv_is_read_by_the_book_locale(tmp_path, capsys):
    path = _ledger(tmp_path)
    csv_file = tmp_path / "jurnal.csv"
    # What Indonesian Excel writes for "CSV (Comma delimited)": cp1252, ";", DMY, "," decimals.
    csv_file.write_bytes(("Tanggal;No. Bukti;Akun;Keterangan;Debit;Kredit\r\n"
                          "30/12/2025;JV-1;1101;Setoran ±;50.000,00;\r\n"
                          "30/12/2025;JV-1;4101;Setoran ±;;50.000,00\r\n"
                          "31/12/2025;JV-2;1101;Sisa;1500000,50;\r\n"
                          "31/12/2025;JV-2;4101;Sisa;;1.500.000,50\r\n").encode("cp1252"))
    capsys.readouterr()
    assert main(["import", str(path), "Jurnal", str(csv_file)]) == 0
    out = capsys.readouterr().out
    assert "jurnal.csv bukan teks UTF-8: dibaca sebagai Windows code page 1252" in out
    assert _journal(openpyxl.load_workbook(path)["Jurnal"]) == [
        [dt.datetime(2025, 12, 30), "JV-1", "1101", "Setoran ±", 50000, None, None],
        [dt.datetime(2025, 12, 30), "JV-1", "4101", "Setoran ±", None, 50000, None],
        [dt.datetime(2025, 12, 31), "JV-2", "1101", "Sisa", 1500000.5, None, None],
        [dt.datetime(2025, 12, 31), "JV-2", "4101", "Sisa", None, 1500000.5, None]]
    assert main(["check", str(path), "--no-marks"]) == 0


def test_an_ambiguous_number_gets_the_same_warning_as_in_a_cell(tmp_path):
    path = _ledger(tmp_path)
    csv_file = tmp_path / "j.csv"
    csv_file.write_text("Tanggal,No. Bukti,Akun,Debit,Kredit\n"
                        '2025-12-30,JV-1,1101,"50.000",\n2025-12-30,JV-1,4101,,"50.000"\n',
                        "utf-8")
    result = import_csv(str(path), "Jurnal", str(csv_file), "en")
    assert result.appended == 2  # read the locale's way: fifty thousand
    assert result.report.flatten("code", "cell") == [("amount-text-ambiguous", "D2"),
                                                     ("amount-text-ambiguous", "E3")]
    assert "50000" in result.report.issues[0].message("en")[0]
    assert openpyxl.load_workbook(path)["Jurnal"]["E2"].value == 50000


def test_locale_option_reads_us_numbers_and_dates(tmp_path):
    path = _ledger(tmp_path)
    csv_file = tmp_path / "us.csv"
    csv_file.write_text("Date,Entry,Account,Debit,Credit\n12/30/2025,JV-9,1101,\"1,250.75\",\n"
                        "12/30/2025,JV-9,4101,,\"1,250.75\"\n", "utf-8-sig")
    assert import_csv(str(path), "Journal", str(csv_file), "en", "id-ID").appended == 0
    result = import_csv(str(path), "Journal", str(csv_file), "en", "en-US")
    assert result.report.valid and result.appended == 2
    sheet = openpyxl.load_workbook(path)["Jurnal"]
    assert (sheet["A2"].value, sheet["E2"].value) == (dt.datetime(2025, 12, 30), 1250.75)


def test_importing_the_same_file_twice_is_refused(tmp_path, capsys):
    path = _ledger(tmp_path)
    csv_file = tmp_path / "j.csv"
    csv_file.write_text("Tanggal;No. Bukti;Akun;Debit;Kredit\n30/12/2025;JV-1;1101;100;\n"
                        "30/12/2025;JV-1;4101;;100\n30/12/2025;JV-3;1101;5;\n"
                        "30/12/2025;JV-3;4101;;5\n", "utf-8")
    assert main(["import", str(path), "Jurnal", str(csv_file)]) == 0
    before = path.read_bytes()
    other = tmp_path / "k.csv"
    other.write_text("Tanggal;No. Bukti;Akun;Debit;Kredit\n31/12/2025;JV-2;1101;7;\n"
                     "31/12/2025;JV-2;4101;;7\n31/12/2025;JV-3;1101;1;\n"
                     "31/12/2025;JV-3;4101;;1\n", "utf-8")
    result = import_csv(str(path), "Jurnal", str(csv_file), "en")
    assert result.appended == 0 and path.read_bytes() == before
    assert result.report.flatten("code", "cell") == [("import-number-exists", "B2"),
                                                     ("import-number-exists", "B4")]
    assert result.report.issues[0].message("en")[0] == \
        "No. Bukti JV-1 is already in the book (Jurnal, row 2)."
    result = import_csv(str(path), "Jurnal", str(other), "en")  # only JV-3 was there
    assert result.report.flatten("code", "cell", "value") == [
        ("import-number-exists", "B4", "JV-3")]


def test_whole_book_problems_are_in_the_import_report(tmp_path, capsys):
    """Invoices need the receivables setting: the import says so and writes nothing, rather
    than importing with exit 0 and leaving Check to find it."""
    path = _ledger(tmp_path, "en")
    customers = tmp_path / "c.csv"
    customers.write_text("Code,Name\nC1,PT Pelanggan\n", "utf-8")
    assert main(["import", str(path), "Customers", str(customers)]) == 0
    invoices = tmp_path / "inv.csv"
    invoices.write_text("Number,Date,Customer,Description,Quantity,Unit price,Account\n"
                        "INV-1,2025-12-30,C1,Jasa,1,100000,4101\n", "utf-8")
    before = path.read_bytes()
    result = import_csv(str(path), "Invoices", str(invoices), "en")
    assert result.appended == 0 and path.read_bytes() == before
    whole_book = [i for i in result.report.issues if i.row is None]
    assert [(i.code, i.sheet, i.severity) for i in whole_book] == [
        ("arap-setting-missing", "Settings", "error")]
    assert whole_book[0].message("en")[0] == \
        "The setting Receivables account is needed for Invoices row 2."
    # The book had no such problem before: Check of the untouched book is clean.
    assert main(["check", str(path), "--no-marks"]) == 0

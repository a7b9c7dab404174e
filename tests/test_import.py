"""CSV import: validated with the book, appended whole, or nothing written."""

from __future__ import annotations

import openpyxl

from backoffice.cli import main
from backoffice.importing import import_csv


def _csv(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return str(path)


def _ledger(tmp_path):
    path = tmp_path / "book.xlsx"
    assert main(["new", "ledger", str(path), "--lang", "id"]) == 0
    accounts = _csv(tmp_path, "akun.csv", "Kode,Nama,Tipe,Induk\n1,Aset,aset,\n1101,Kas,Aset,1\n"
                                         "0042,Kas kecil,asset,1\n4101,Penjualan,income,\n")
    assert main(["import", str(path), "Akun", accounts]) == 0
    return path


def test_rows_are_appended_into_the_table_with_exact_values(tmp_path):
    path = _ledger(tmp_path)
    journal = _csv(tmp_path, "jurnal.csv",
                   "Date,Entry,Account,Description,Debit,Credit,Currency\n"
                   "2026-01-05,JV-1,0042,Setoran,1500000.50,,\n"
                   "2026-01-05,JV-1,4101,Setoran,,1500000.50,IDR\n")
    result = import_csv(str(path), "Journal", journal)
    assert result.report.valid and (result.appended, result.first_row) == (2, 2)
    book = openpyxl.load_workbook(path)
    sheet = book["Jurnal"]
    assert [c.value for c in sheet[2]][:6] == [
        __import__("datetime").datetime(2026, 1, 5), "JV-1", "0042", "Setoran", 1500000.5, None]
    assert sheet.tables["tblJournal"].ref == "A1:J3"  # J: the ID column Sync fills
    assert book["Akun"]["C3"].value == "Aset"  # closed lists written in the book's language
    assert main(["check", str(path), "--no-marks"]) == 0


def test_any_invalid_row_means_nothing_is_written(tmp_path, capsys):
    path = _ledger(tmp_path)
    before = path.read_bytes()
    bad = _csv(tmp_path, "bad.csv", "Tanggal,No. Bukti,Akun,Debit,Kredit\n"
                                    "2026-01-05,JV-2,1101,100,\n"
                                    "32/01/2026,JV-2,9999,,99\n")
    result = import_csv(str(path), "Jurnal", bad, lang="en")
    assert result.appended == 0 and path.read_bytes() == before
    assert result.report.flatten("sheet", "code", "cell") == [
        ("bad.csv", "entry-unbalanced", "B2"),
        ("bad.csv", "not-a-date", "A3"),
        ("bad.csv", "account-unknown", "C3"),
    ]
    assert "(rows 2–3)" in result.report.issues[0].message("en")[0]
    assert main(["import", str(path), "Jurnal", bad, "--lang", "en"]) == 1
    assert "Nothing was imported." in capsys.readouterr().out


def test_duplicates_with_the_book_are_refused(tmp_path):
    path = _ledger(tmp_path)
    again = _csv(tmp_path, "again.csv", "Code,Name,Type\n1101,Cash twice,asset\n")
    result = import_csv(str(path), "Accounts", again)
    assert result.report.flatten("code", "cell") == [("duplicate-key", "A2")]


def test_a_csv_with_a_column_the_sheet_lacks_is_unusable(tmp_path, capsys):
    path = _ledger(tmp_path)
    odd = _csv(tmp_path, "odd.csv", "Code,Name,Type,Colour\n5101,Biaya,expense,blue\n")
    before = path.read_bytes()
    assert main(["import", str(path), "Accounts", odd, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "Colour" in err and "Name the columns as in the template" in err
    assert "--help" not in err and path.read_bytes() == before


def test_a_csv_that_is_empty_says_what_to_do(tmp_path, capsys):
    """The refusal names the file and the fix, not --help, and leaves the book alone."""
    path = _ledger(tmp_path)
    before = path.read_bytes()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["import", str(path), "Accounts", str(empty), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "is empty. Import a CSV file whose first row is the header" in err
    assert "--help" not in err, err
    assert path.read_bytes() == before


def test_a_csv_in_the_windows_code_page_is_read_with_a_warning(tmp_path, capsys):
    """Excel's "CSV (Comma delimited)" is code page 1252, not UTF-8 (issue 17 item 6)."""
    path = _ledger(tmp_path)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Code,Name,Type\n5101,Biaya pemeliharaan \xb1,expense\n".encode("cp1252"))
    assert main(["import", str(path), "Accounts", str(latin), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "latin.csv is not UTF-8 text: it was read as Windows code page 1252" in out
    assert openpyxl.load_workbook(path)["Akun"]["B6"].value == "Biaya pemeliharaan ±"


def test_a_text_longer_than_an_excel_cell_is_refused_not_written(tmp_path, capsys):
    """Excel "repairs" a file whose cell holds more than 32,767 characters (dropping the
    cell): the writer refuses, names the cell and leaves the book as it was."""
    path = _ledger(tmp_path)
    before = path.read_bytes()
    long_text = "x" * 32_000 + "😀" * 400  # 32,400 characters, 32,800 as Excel counts them
    journal = _csv(tmp_path, "long.csv", "Date,Entry,Account,Description,Debit,Credit\n"
                                         f"2026-01-05,JV-1,1101,{long_text},100,\n"
                                         "2026-01-05,JV-1,4101,ok,,100\n")
    assert main(["import", str(path), "Journal", journal, "--lang", "en"]) == 2
    said = capsys.readouterr()
    assert "Jurnal!D2 would hold 32,800 characters" in said.out + said.err
    assert path.read_bytes() == before
    fits = _csv(tmp_path, "fits.csv", "Date,Entry,Account,Description,Debit,Credit\n"
                                      f"2026-01-05,JV-1,1101,{'y' * 32_767},100,\n"
                                      "2026-01-05,JV-1,4101,ok,,100\n")
    assert main(["import", str(path), "Journal", fits, "--lang", "en"]) == 0
    assert openpyxl.load_workbook(path)["Jurnal"]["D2"].value == "y" * 32_767

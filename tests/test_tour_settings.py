"""Issue 17 item 6: ``backoffice settings BOOK [NAME [VALUE]]``, names in either language."""

from __future__ import annotations

import openpyxl
import pytest

from backoffice.booksettings import show
from backoffice.checking import check
from backoffice.cli import main
from backoffice.templates import new_book


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "buku.xlsx"
    new_book("ledger", str(path), "id")
    return path


def _cell(path, name):
    sheet = openpyxl.load_workbook(path)["Pengaturan"]
    return next(row[1].value for row in sheet.iter_rows(min_row=2) if row[0].value == name)


def test_lists_the_books_own_settings_in_its_language(book, capsys):
    assert main(["settings", str(book)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["Perusahaan", "Perusahaan", "Saya"]
    assert lines[3].split() == ["Lokal", "id-ID"]
    assert "Akun piutang usaha" in [line.strip() for line in lines]  # empty: name only
    assert not any("Karyawan" in line or "Metode penilaian" in line for line in lines)


@pytest.mark.parametrize("name", ["Receivables account", "akun piutang usaha",
                                  "AKUN PIUTANG  USAHA", "receivables_account"])
def test_a_setting_is_set_by_its_name_in_either_language(book, capsys, name):
    assert main(["settings", str(book), name, "1102"]) == 0
    assert capsys.readouterr().out.split() == ["Akun", "piutang", "usaha", "1102"]
    assert _cell(book, "Akun piutang usaha") == "1102"
    sheet = openpyxl.load_workbook(book)["Pengaturan"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Akun piutang usaha")
    assert row[2].value == "Akun kontrol faktur pelanggan yang belum lunas."  # help kept
    assert show(str(book), "Receivables account").rows == [("Akun piutang usaha", "1102")]


def test_a_choice_is_written_in_the_books_language_and_a_number_as_a_number(book, capsys):
    assert main(["settings", str(book), "Language", "English"]) == 0
    assert main(["settings", str(book), "fiscal year start", "4"]) == 0
    assert main(["settings", str(book), "pkp", "yes"]) == 0
    assert _cell(book, "Bahasa") == "Inggris"  # the label in the book's language then
    assert _cell(book, "Awal tahun buku") == 4
    assert check(str(book)).valid
    assert check(str(book)).language == "en"


def test_a_wrong_value_is_refused_in_the_books_language_and_nothing_written(book, capsys):
    before = book.read_bytes()
    assert main(["settings", str(book), "Awal tahun buku", "13"]) == 2
    assert capsys.readouterr().err.strip() == \
        "Awal tahun buku harus dari 1 sampai 12. Berikan nilai dalam rentang itu."
    assert main(["settings", str(book), "base currency", "XYZW"]) == 2
    assert "bukan kode mata uang ISO 4217" in capsys.readouterr().err
    assert main(["settings", str(book), "warna", "biru", "--lang", "en"]) == 2
    assert "There is no setting called 'warna'." in capsys.readouterr().err
    assert book.read_bytes() == before


def test_settings_from_a_csv_all_or_nothing(book, tmp_path, capsys):
    good = tmp_path / "s.csv"
    good.write_text("Pengaturan;Nilai\nAkun piutang usaha;1102\nReceivables account;1103\n"
                    "Akun penjualan;4101\n", "utf-8")
    assert main(["settings", str(book), "--csv", str(good)]) == 0
    assert (_cell(book, "Akun piutang usaha"), _cell(book, "Akun penjualan")) == ("1103", "4101")
    before = book.read_bytes()
    bad = tmp_path / "t.csv"
    bad.write_text("Akun penjualan,4102\nAwal tahun buku,0\n", "utf-8")
    assert main(["settings", str(book), "--csv", str(bad)]) == 2
    assert book.read_bytes() == before

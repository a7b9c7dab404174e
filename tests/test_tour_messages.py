"""Issue 17 items 4 and 5: messages that point the right way, and Check on a book open in Excel.

A file that cannot be written because it is read-only or its folder is missing is
not "in use": waiting will not help (exit 2, NotWritable). A book open in Excel is
still checked: the problems are reported with their own exit code and the user is
told the marks were not written.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SETTINGS, ledger

from backoffice.cli import main

D = dt.date(2025, 3, 1)
UNBALANCED = [[D, "JV-1", "1101", "a", 100, None, None], [D, "JV-1", "4101", "a", None, 90, None]]
BALANCED = [[D, "JV-1", "1101", "a", 100, None, None], [D, "JV-1", "4101", "a", None, 100, None]]
INDONESIAN = [row if row[0] != "Language" else ["Language", "Bahasa Indonesia"]
              for row in SETTINGS]


def test_a_new_book_in_a_missing_folder_is_not_in_use(tmp_path, capsys):
    target = tmp_path / "nodir" / "x.xlsx"
    assert main(["new", "ledger", str(target)]) == 2
    err = capsys.readouterr().err
    assert "in use" not in err and "Excel" not in err
    assert f"the folder {tmp_path / 'nodir'} does not exist" in err
    assert "Create the folder first" in err and err.count("\n") == 1
    assert not (tmp_path / "nodir").exists()


def test_a_new_book_in_a_missing_folder_in_indonesian(tmp_path, capsys):
    assert main(["new", "ledger", str(tmp_path / "tidakada" / "x.xlsx"), "--lang", "id"]) == 2
    err = capsys.readouterr().err
    assert "tidak bisa ditulis" in err and "tidak ada" in err and "dipakai" not in err


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "Marks not written (the report above is complete): "),
    ("id", "Tanda tidak ditulis (laporan di atas sudah lengkap): ")])
def test_check_on_a_book_open_in_excel_reports_its_problems(make_book, capsys, lang, said):
    path = make_book(ledger(UNBALANCED, settings=INDONESIAN if lang == "id" else SETTINGS))
    (path.parent / f"~${path.name}").write_bytes(b"lock")
    before = path.read_bytes()
    assert main(["check", str(path)]) == 1  # the problems' exit code, not 3
    out, err = capsys.readouterr()
    assert "JV-1" in out  # the whole report
    assert err.startswith(said) and f"~${path.name}" in err and err.count("\n") == 1
    assert path.read_bytes() == before


def test_check_on_a_clean_book_open_in_excel_exits_0(make_book, capsys):
    path = make_book(ledger(BALANCED))
    (path.parent / f".~lock.{path.name}#").write_bytes(b"lock")
    assert main(["check", str(path)]) == 0
    captured = capsys.readouterr()
    # Nothing to mark and nothing marked before: the book would not be written anyway.
    assert "clean, no problems" in captured.out and captured.err == ""


def test_check_without_marks_on_a_book_open_in_excel_says_nothing_of_marks(make_book, capsys):
    path = make_book(ledger(UNBALANCED))
    (path.parent / f"~${path.name}").write_bytes(b"lock")
    assert main(["check", str(path), "--no-marks"]) == 1
    assert capsys.readouterr().err == ""


def test_payroll_usage_is_a_sentence_pointing_at_payroll_help(tmp_path, capsys):
    assert main(["payroll", str(tmp_path / "gaji.xlsx")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == ("Give either --period YYYY-MM or --year YYYY. "
                   "Run 'backoffice payroll --help'.")


@pytest.mark.parametrize("command", ["post", "report"])
def test_period_and_from_to_exclude_each_other(tmp_path, capsys, command):
    from backoffice.templates import new_book

    book = tmp_path / "l.xlsx"
    new_book("ledger", str(book), "en")
    before = book.read_bytes()
    args = [command, str(book)] + (["trial-balance"] if command == "report" else [])
    assert main([*args, "--period", "2025-03", "--from", "2025-01-01"]) == 2
    assert capsys.readouterr().err.strip() == (
        "Give either --period or --from/--to: they exclude each other. "
        f"Run 'backoffice {command} --help'.")
    assert book.read_bytes() == before

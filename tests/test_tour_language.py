"""Issue 17 item 7: one language everywhere, counts grouped the book's way, no hidden sheets
in summaries."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SETTINGS, ledger

from backoffice.cli import main
from backoffice.issues import Report, SheetSummary
from backoffice.render import summary
from backoffice.wording import book_language, grouped

D = dt.date(2025, 3, 1)
INDONESIAN = [row if row[0] != "Language" else ["Language", "Bahasa Indonesia"]
              for row in SETTINGS]


@pytest.fixture(autouse=True)
def _english_environment(monkeypatch):
    """The environment says English: every Indonesian word below comes from the book."""
    monkeypatch.delenv("BACKOFFICE_LANG", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def test_counts_are_grouped_the_books_way_and_hidden_sheets_are_not_listed():
    report = Report("buku.xlsx", (), (SheetSummary("Jurnal", "journal", 2724),
                                      SheetSummary("_backoffice_payroll", "payroll_runs", 12)),
                    "id")
    assert summary(report, "id") == "buku.xlsx: Jurnal (2.724) diperiksa — bersih, tidak ada masalah."
    assert summary(report, "en") == "buku.xlsx: checked Jurnal (2,724) — clean, no problems."
    assert (grouped(1234567, "id"), grouped(1234567, "en"), grouped(7, "id")) == \
        ("1.234.567", "1,234,567", "7")


def test_check_of_a_big_indonesian_book_groups_its_counts(make_book, capsys):
    rows = [[D, f"JV-{i // 2}", "1101" if i % 2 == 0 else "4101", "x",
             10 if i % 2 == 0 else None, None if i % 2 == 0 else 10, None] for i in range(1200)]
    path = make_book(ledger(rows, settings=INDONESIAN))
    assert main(["check", str(path), "--no-marks"]) == 0
    assert "Journal (1.200)" in capsys.readouterr().out  # the sheet's own name, "." grouping


@pytest.mark.parametrize(("kind", "said"), [("ledger", "buku besar (ledger) baru"),
                                            ("payroll", "buku penggajian (payroll) baru"),
                                            ("inventory", "buku persediaan (inventory) baru")])
def test_new_book_is_named_in_indonesian(tmp_path, capsys, kind, said):
    path = tmp_path / "b.xlsx"
    assert main(["new", kind, str(path), "--lang", "id"]) == 0
    assert capsys.readouterr().out.startswith(f"{path} dibuat: {said}. Isi, lalu jalankan")


def test_close_reopen_upgrade_and_revalue_speak_the_books_language(make_book, capsys):
    path = make_book(ledger([[D, "JV-1", "1101", "a", 100, None, None],
                             [D, "JV-1", "4101", "a", None, 100, None]], settings=INDONESIAN))
    assert book_language(str(path)) == "id"
    assert main(["close", str(path), "--period", "2025-03"]) == 0
    assert capsys.readouterr().out.strip() == f"2025-03 pada {path} ditutup: 1 entri dikunci."
    assert main(["reopen", str(path), "--period", "2025-03", "--reason", "salah ketik"]) == 0
    assert capsys.readouterr().out.strip() == f"2025-03 pada {path} dibuka kembali."
    assert main(["revalue", str(path), "--period", "2025-03"]) == 2  # a failure, said in the
    assert capsys.readouterr().err.strip() == (  # book's language too
        f"Jurnal {path} tidak punya kolom Sumber. Jalankan 'backoffice upgrade' untuk buku itu "
        "lebih dulu.")
    assert main(["upgrade", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{path} diperbarui; ditambahkan:\n")
    assert "  Journal: kolom Source (H)" in out.splitlines()
    assert "column" not in out and "setting " not in out
    assert main(["revalue", str(path), "--period", "2025-03"]) == 0
    assert capsys.readouterr().out.strip() == \
        f"2025-03: tidak ada saldo valuta asing untuk direvaluasi di {path}."
    assert main(["close", str(path), "--period", "2025-03", "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip() == f"Closed 2025-03 of {path}: 1 entry locked."


def test_bank_import_reconcile_and_closes_usage_error_speak_the_books_language(tmp_path, capsys):
    from pathlib import Path

    from backoffice.templates import new_book

    path = tmp_path / "buku.xlsx"
    new_book("ledger", str(path), "id")
    statement = Path(__file__).parent / "data" / "bank" / "bca_2026-01.csv"
    assert main(["bank", "import", str(path), str(statement), "--account", "1102"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("5 baris baru dari mutasi bca ditambahkan ke Mutasi bank"), out
    assert main(["bank", "reconcile", str(path), "--account", "1102", "--period", "2026-01"]) in (0, 1)
    out = capsys.readouterr().out
    assert f"{path} akun 1102, 2026-01:" in out and "Saldo menurut bank" in out, out
    assert "Balance" not in out and "account" not in out
    assert main(["close", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Berikan --period YYYY-MM atau --year FY2025."), err

"""Issue 17 item 2: a command given the wrong kind of book refuses it (exit 2), says what the
book is and what the command needs, in the book's language, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from backoffice.bookkind import kind_of, language_of
from backoffice.cli import main
from backoffice.templates import new_book

BANK_FILE = Path(__file__).parent / "data" / "bank" / "bca_2026-01.csv"

# (command line after the book, the kind the command needs, how the message names it)
WRONG = [
    (["post"], "ledger", "post"),
    (["report", None, "trial-balance"], "ledger", "report trial-balance"),
    (["report", None, "general-ledger", "--period", "2025-03"], "ledger",
     "report general-ledger"),
    (["report", None, "payroll-register", "--period", "2025-01"], "payroll",
     "report payroll-register"),
    (["payroll", None, "--period", "2025-01"], "payroll", "payroll"),
    (["stock"], "inventory", "stock"),
    (["stock", None, "--print", "valuation"], "inventory", "stock"),
    (["close", None, "--period", "2025-01"], "ledger", "close"),
    (["reopen", None, "--period", "2025-01", "--reason", "typo"], "ledger", "reopen"),
    (["revalue", None, "--period", "2025-01"], "ledger", "revalue"),
    (["bank", "import", None, str(BANK_FILE), "--account", "1102"], "ledger", "bank import"),
    (["bank", "reconcile", None, "--account", "1102", "--period", "2026-01"], "ledger",
     "bank reconcile"),
    (["hire", None, "K1"], "payroll", "hire"),
]
NAMES = {"ledger": ("a ledger book", "buku besar (ledger)"),
         "payroll": ("a payroll book", "buku penggajian (payroll)"),
         "inventory": ("an inventory book", "buku persediaan (inventory)")}


def _argv(command: list[str | None], book: Path) -> list[str]:
    args = [str(book) if part is None else part for part in command]
    return args if None in command else [args[0], str(book), *args[1:]]


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize(("command", "needed", "said"), WRONG)
def test_every_command_refuses_every_other_kind_of_book(tmp_path, capsys, monkeypatch, command,
                                                        needed, said, lang):
    monkeypatch.delenv("BACKOFFICE_LANG", raising=False)
    monkeypatch.setenv("LANG", "C")
    for kind in ("ledger", "payroll", "inventory"):
        if kind == needed:
            continue
        book = tmp_path / f"{kind}-{lang}.xlsx"
        new_book(kind, str(book), lang)
        before = book.read_bytes()
        assert main(_argv(command, book)) == 2
        err = capsys.readouterr().err
        is_a, needs = NAMES[kind][lang == "id"], NAMES[needed][lang == "id"]
        if lang == "en":
            assert f"{book} is {is_a}; {said} works on {needs}." in err
        else:  # the book's language, though the environment says nothing
            assert f"{book} adalah {is_a}; {said} bekerja pada {needs}." in err
        assert err.count("\n") == 1
        assert book.read_bytes() == before  # nothing written
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            p.name for p in tmp_path.iterdir() if not p.name.startswith(".~"))


def test_lang_option_wins_over_the_book_language(tmp_path, capsys):
    book = tmp_path / "gaji.xlsx"
    new_book("payroll", str(book), "id")
    assert main(["post", str(book), "--lang", "en"]) == 2
    assert "is a payroll book; post works on a ledger book" in capsys.readouterr().err


@pytest.mark.parametrize("flag", ["payroll", "stock"])
def test_post_to_must_be_a_ledger_book(tmp_path, capsys, flag):
    source = tmp_path / "source.xlsx"
    new_book("payroll" if flag == "payroll" else "inventory", str(source), "en")
    target = tmp_path / "target.xlsx"
    new_book("inventory" if flag == "payroll" else "payroll", str(target), "en")
    before = source.read_bytes(), target.read_bytes()
    argv = [flag, str(source), "--post-to", str(target)]
    argv += ["--period", "2025-01"] if flag == "payroll" else []
    assert main(argv) == 2
    assert f"{flag} --post-to works on a ledger book" in capsys.readouterr().err
    assert (source.read_bytes(), target.read_bytes()) == before


def test_the_right_kind_of_book_is_not_refused(tmp_path, capsys):
    book = tmp_path / "ledger.xlsx"
    new_book("ledger", str(book), "en")
    assert main(["post", str(book)]) == 0
    assert "Posted" in capsys.readouterr().out


def test_kind_and_language_from_sheet_names():
    assert kind_of(["Settings", "Journal", "Accounts"]) == "ledger"
    assert kind_of(["Pengaturan", "Karyawan", "Absensi"]) == "payroll"
    assert kind_of(["Settings", "Items", "Stock moves"]) == "inventory"
    assert kind_of(["Settings"]) is None  # shared sheets say nothing
    assert kind_of(["Sheet1"]) is None
    assert kind_of(["Journal", "Employees"]) is None  # a tie: left to the command
    assert language_of(["Sheet1", "Jurnal"]) == "id"
    assert language_of(["Journal"]) == "en"
    assert language_of(["Sheet1"]) is None

"""Issue 17 item 9: progress at a terminal (rich), nothing elsewhere."""

from __future__ import annotations

import io

from rich.console import Console

from backoffice.activity import working
from backoffice.cli import main
from backoffice.templates import new_book


def _terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=80), out


def test_at_a_terminal_the_step_is_shown_in_the_books_language():
    console, out = _terminal()
    with working("Checking b.xlsx", "Memeriksa b.xlsx", lambda: "id", console) as steps:
        steps.step("Writing", "Menulis sheet")
    shown = out.getvalue()
    assert "Memeriksa b.xlsx" in shown and "Menulis sheet" in shown and "Checking" not in shown
    assert "0:00:0" in shown  # the elapsed time


def test_elsewhere_nothing_is_shown_and_the_book_is_not_opened_for_its_language():
    out = io.StringIO()
    asked = []
    with working("Checking", "Memeriksa", lambda: asked.append(1) or "en",
                 Console(file=out, force_terminal=False)) as steps:
        steps.step("Writing", "Menulis")
    assert out.getvalue() == "" and asked == []


def test_commands_print_only_their_result_when_not_at_a_terminal(tmp_path, capsys):
    book = tmp_path / "b.xlsx"
    new_book("ledger", str(book), "id")
    capsys.readouterr()
    assert main(["check", str(book)]) == 0
    assert main(["post", str(book)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.splitlines()[0].endswith("diperiksa — bersih, tidak ada masalah.")

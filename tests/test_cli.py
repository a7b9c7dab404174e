"""The CLI: a thin layer with exit codes scripts can trust and one line per failure."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import ledger

from backoffice import catalogue
from backoffice.cli import main

GOLDEN = Path(__file__).parent / "golden" / "check-report.json"
DOCS = Path(__file__).parent.parent / "docs"
D = dt.date(2025, 2, 3)


@pytest.fixture
def problem_book(make_book, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_book(ledger([
        [D, "JV-1", "1101", "Sale", "1.500", None, None],
        [D, "JV-1", "4101", "Sale", None, 1500, None],
        [D, "JV-2", "9999", "Unknown account", 10, None, None],
        [D, "JV-2", "4101", "", None, 10, None],
    ]), name="book.xlsx")
    return "book.xlsx"


def test_json_report_shape_is_pinned(problem_book, capsys):
    """The documented JSON shape (docs/check-json.md); change it only with schema_version."""
    assert main(["check", problem_book, "--format", "json", "--lang", "en"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report == json.loads(GOLDEN.read_text("utf-8"))


def test_text_report_is_a_table_with_a_summary(problem_book, capsys):
    assert main(["check", problem_book, "--lang", "en"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["Sheet", "Cell", "Severity", "Value", "Problem", "How", "to", "fix"]
    assert any(line.startswith("Journal") and " C4 " in line and "9999" in line for line in out)
    assert out[-1] == ("book.xlsx: checked Settings (4), Accounts (6), Journal (4) — "
                       "1 error, 1 warning.")


def test_indonesian_report(problem_book, capsys):
    assert main(["check", problem_book, "--lang", "id"]) == 1
    out = capsys.readouterr().out
    assert "Cara memperbaiki" in out and "Akun 9999 tidak ada di Accounts." in out
    assert out.rstrip().endswith("1 galat, 1 peringatan.")


def test_clean_book_exits_0(make_book, capsys):
    path = make_book(ledger([[D, "JV-1", "1101", "a", 10, None, None],
                             [D, "JV-1", "4101", "a", None, 10, None]]))
    assert main(["check", str(path)]) == 0
    assert "clean, no problems" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "help_"), [
    (["check"], "backoffice check --help"), (["check", "a", "b"], "backoffice check --help"),
    (["frobnicate"], "backoffice --help"),
    (["check", "x.xlsx", "--format", "yaml"], "backoffice check --help"),
    (["check", "--nope"], "backoffice check --help"),
    (["store", "status", "--nope"], "backoffice store status --help")])
def test_wrong_usage_is_exit_2_with_one_line(args, help_, capsys):
    """Exit 2, one line, pointing at the help of the subcommand that was misused."""
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.rstrip().endswith(f"Run '{help_}'.")


def test_an_internal_error_is_one_line_and_exit_4(make_book, monkeypatch, capsys):
    path = make_book(ledger([]))

    def broken(*_args, **_kwargs):
        raise RuntimeError("something unforeseen")

    monkeypatch.setattr("backoffice.checking.check", broken)
    assert main(["check", str(path)]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "RuntimeError: something unforeseen" in err
    assert "your files were not changed" in err


def test_the_issue_code_catalogue_in_docs_is_up_to_date(capsys):
    assert main(["codes", "--markdown"]) == 0
    generated = capsys.readouterr().out
    assert generated == catalogue.to_markdown()
    assert (DOCS / "issue-codes.md").read_text("utf-8") == generated, \
        "run: backoffice codes --markdown > docs/issue-codes.md"


def test_every_catalogue_code_is_used_and_every_used_code_exists():
    root = Path(__file__).parent.parent
    # The catalogue and the capabilities' messages.py modules define codes; they do not use them.
    sources = "".join(p.read_text("utf-8") for folder in ("backoffice", "schemas", "sync", "addin")
                      if (root / folder).is_dir()
                      for p in (root / folder).rglob("*.py")
                      if p.name not in ("catalogue.py", "messages.py"))
    for code in catalogue.CATALOGUE:
        assert f'"{code}"' in sources, f"{code} is in the catalogue but never raised"


def test_a_workbook_locked_by_excel_is_retryable_exit_3(make_book, monkeypatch, capsys):
    """Excel on Windows holds an open workbook with a sharing lock, which Python sees as
    PermissionError with winerror 32. No Windows here: a double raises that error."""
    path = make_book(ledger([]))

    def locked(*_args, **_kwargs):
        error = PermissionError(13, "The process cannot access the file")
        error.winerror = 32  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr("backoffice.books.sniff.open", locked, raising=False)
    assert main(["check", str(path)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "in use" in err and "try again" in err


@pytest.mark.parametrize("command", [["report", "{book}", "trial-balance"],
                                     ["close", "{book}", "--period", "2025-03"],
                                     ["close", "{book}", "--year", "FY2025"],
                                     ["revalue", "{book}", "--period", "2025-03"]])
def test_actions_that_need_a_clean_book_refuse_one_with_errors(make_book, capsys, command):
    """One unbalanced entry: every action that computes from the book says how many errors
    it has and what to run, exit 2, and leaves the book as it was."""
    path = make_book(ledger([[dt.date(2025, 3, 1), "JV-1", "1101", "", 100, None, None],
                             [dt.date(2025, 3, 1), "JV-1", "4101", "", None, 90, None]]))
    before = path.read_bytes()
    assert main([part.format(book=path) for part in command]) == 2
    err = capsys.readouterr().err
    assert "has 1 error;" in err and f"run 'backoffice check {path}' first" in err
    assert path.read_bytes() == before

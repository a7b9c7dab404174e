"""Issue 17 item 7: ``history`` tells a row's story as a readable table, in the book's
language, and finds rows by their entry or document number."""

from __future__ import annotations

from conftest import SETTINGS, ledger
from sync_helpers import D, edit, journal_rows, run

from backoffice.cli import main

INDONESIAN = [row if row[0] != "Language" else ["Language", "Bahasa Indonesia"]
              for row in SETTINGS]


def test_history_by_entry_number_is_a_table_of_what_changed(make_book, tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    path = make_book(ledger(journal_rows(("JV-1", "sale 1", 100), ("JV-2", "sale 2", 200))))
    assert run(path, url).exit_code == 0
    edit(path, "Journal", {0: {"Description": "corrected"}})
    assert run(path, url).pushed["journal"] == (0, 1, 0)
    edit(path, "Journal", append=[
        {"Date": D, "Entry": "JV-9", "Account": "1101", "Description": "late", "Debit": 7},
        {"Date": D, "Entry": "JV-9", "Account": "4101", "Description": "late", "Credit": 7}])
    assert run(path, url).pushed["journal"] == (2, 0, 0)
    capsys.readouterr()
    # No --store: the book remembers the store it synced with.
    assert main(["history", str(path), "Journal", "JV-1"]) == 0
    story = capsys.readouterr().out
    assert story.count("Journal r") == 2  # both lines of JV-1
    assert "{" not in story  # no raw JSON
    lines = story.splitlines()
    update = next(i for i, line in enumerate(lines) if line.endswith(": update"))
    assert lines[update + 1].split() == ["Field", "Before", "After"]
    assert lines[update + 2].split() == ["Description", "sale", "1", "corrected"]
    assert lines[update - 1].split() == ["rows", "4"] or lines[update - 2].split() == \
        ["rows", "4"]  # the first load: its row count
    assert main(["history", str(path), "Journal", "JV-9"]) == 0
    story = capsys.readouterr().out
    assert story.count(": insert") == 2
    assert ["Debit", "7.00"] in [line.split() for line in story.splitlines()]
    assert main(["history", str(path), "Journal", "JV-404"]) == 0
    assert "No record of Journal JV-404" in capsys.readouterr().out


def test_history_speaks_the_books_language(make_book, tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    path = make_book(ledger(journal_rows(("JV-1", "jual", 100)), settings=INDONESIAN))
    assert run(path, url).exit_code == 0
    edit(path, "Journal", {0: {"Description": "dikoreksi"}})
    assert run(path, url).exit_code == 0
    capsys.readouterr()
    assert main(["history", str(path), "Journal", "JV-1"]) == 0
    story = capsys.readouterr().out
    assert "(perusahaan " in story and "versi 2" in story
    assert any(line.split() == ["Kolom", "Sebelum", "Sesudah"] for line in story.splitlines())


def test_sync_summary_of_an_indonesian_book_is_indonesian(make_book, tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    path = make_book(ledger(journal_rows(("JV-1", "jual", 100)), settings=INDONESIAN))
    assert run(path, url).exit_code == 0
    edit(path, "Journal", {0: {"Description": "dikoreksi"}})
    capsys.readouterr()
    assert main(["sync", str(path), "--user", "ana"]) == 0  # the store it remembers
    out = capsys.readouterr().out
    assert "  dikirim: Journal +0 ~1 -0 (versi store 2)" in out.splitlines()
    assert "store version" not in out and "sent:" not in out

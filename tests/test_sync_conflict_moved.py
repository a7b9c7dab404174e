"""The Conflicts sheet says a line a colleague moved to another entry was moved, not
deleted: two books synced through a real SQLite store (and PostgreSQL where it runs)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ACCOUNTS, JOURNAL_HEADER, SETTINGS
from sync_helpers import edit, journal_rows, run, table


def _books(make_book, store_url):  # type: ignore[no-untyped-def]
    path = make_book({"Settings": SETTINGS, "Accounts": ACCOUNTS,
                      "Journal": [JOURNAL_HEADER, *journal_rows(("JV-1", "sale", 100000),
                                                                ("JV-2", "more", 5000))]})
    assert run(path, store_url).exit_code == 0
    (path.parent / "budi").mkdir()
    other = path.parent / "budi" / "a.xlsx"
    shutil.copy(path, other)
    assert run(other, store_url, user="budi").exit_code == 0
    return path, other


def _conflict_rows(path: Path) -> list[dict[str, object]]:
    return table(path, "Conflicts")


def test_a_line_moved_to_another_entry_is_labelled_moved_not_deleted(make_book, store_url):
    path, other = _books(make_book, store_url)
    lines = [i for i, r in enumerate(table(other, "Journal")) if r["Entry"] == "JV-2"]
    moved = [{**table(other, "Journal")[i], "Entry": "JV-9"} for i in lines]
    edit(other, "Journal", {}, append=moved, delete=lines)  # Budi moves JV-2's lines
    run(other, store_url, user="budi")
    edit(path, "Journal", {i: {"Description": "mine"} for i in lines})  # Ana edits them
    assert [c.unit for c in run(path, store_url).conflicts] == ["JV-2"]
    store_side = [r for r in _conflict_rows(path) if r["Version"] == "Store"]
    assert len(store_side) == 2
    assert all(r["Changed by"] == "budi (moved to JV-9)" for r in store_side), store_side
    assert not any("deleted" in str(r["Changed by"]) for r in _conflict_rows(path))


def test_a_line_deleted_there_is_still_labelled_deleted(make_book, store_url):
    path, other = _books(make_book, store_url)
    lines = [i for i, r in enumerate(table(other, "Journal")) if r["Entry"] == "JV-2"]
    edit(other, "Journal", {}, delete=lines)  # Budi deletes JV-2 (half the lines)
    run(other, store_url, user="budi", allow_mass_delete=True)
    edit(path, "Journal", {i: {"Description": "mine"} for i in lines})
    assert [c.unit for c in run(path, store_url).conflicts] == ["JV-2"]
    store_side = [r for r in _conflict_rows(path) if r["Version"] == "Store"]
    assert store_side and all(r["Changed by"] == "budi (deleted)" for r in store_side)


def test_the_labels_in_indonesian() -> None:
    """The table alone, from a conflict as the plan gives it: one line moved, one deleted."""
    from backoffice.sync.conflicts import conflicts_table
    from backoffice.sync.plan import Conflict, StoreRow

    moved = StoreRow("r1", 3, False, "JV-9", "d", {}, "budi", "budi/a.xlsx")
    gone = StoreRow("r2", 4, True, "JV-2", "d", {}, "budi", "budi/a.xlsx")
    sheet = conflicts_table([Conflict("journal", "JV-2", [], [], [], 4, [moved, gone])],
                            {"journal": ("Jurnal", [])}, {}, "id")
    assert [row[4] for row in sheet.rows] == ["budi (dipindah ke JV-9)", "budi (dihapus)"]

"""Sync on a grid book (a book open in LibreOffice, Excel or Google Sheets), through the
Book seam: read from the grid, written as the grid's edit plan, over a real SQLite store.

The grid is built by an independent reader (openpyxl, :func:`test_grid_book.grid_from_xlsx`),
as a client reads its open document; the plan is applied to it by
:func:`grid_apply.applied`, a stand-in for a client's applier (docs/edit-plan.md), so that
a second Sync sees what a client would show it. The safety rule under test: the store
commits before the client applies the plan, and a plan never applied (client crash,
stale plan, book closed unsaved) must not make the next Sync send the same rows again.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import ledger
from grid_apply import applied
from sync_helpers import edit, journal_rows, run, store_rows, table
from test_grid_book import grid_from_xlsx
from test_gsheets_connector import emulator, env  # noqa: F401  (fixtures)

from backoffice import actions
from backoffice.books import GridBook
from backoffice.books.editplan import EditPlan
from backoffice.errors import ActionRefused
from backoffice.schema import ROW_ID


def grid_sync(grid: dict[str, Any], url: str | None, name: str = "book.xlsx", user: str = "ana",
              location: str = "grid:test-book") -> tuple[Any, GridBook]:
    """Sync the grid as a client does (the action, as the worker and the server call it)."""
    book = GridBook(grid, name=name)
    result = actions.sync(book, actions.SyncOptions(store=url, user=user, location=location))
    return result.value, book


def journal_ids(grid: dict[str, Any]) -> list[Any]:
    """The ID column of the grid's Journal (None where a row has none)."""
    values = grid["Journal"]["values"]
    header = [str(v) if v is not None else "" for v in values[0]]
    if ROW_ID.header("en") not in header:
        return [None] * (len(values) - 1)
    at = header.index(ROW_ID.header("en"))
    return [row[at] if at < len(row) else None for row in values[1:] if any(v is not None for v in row)]


def live(url: str, kind: str) -> list[dict[str, Any]]:
    return [r for r in store_rows(url, kind) if not r["deleted"]]


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


def test_a_grid_syncs_its_rows_and_gets_their_ids_in_the_plan(make_book, url):
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100000), ("JV-2", "more", 5000))))
    grid = grid_from_xlsx(path)
    result, book = grid_sync(grid, url)
    assert result.exit_code == 0 and result.stamped == 6 + 4
    assert result.pushed == {"accounts": (6, 0, 0), "journal": (4, 0, 0)}
    ops = [op["op"] for op in book.plan.operations]
    assert "set_cells" in ops and "add_columns" in ops and "write_output_sheet" in ops
    after = applied(grid, book.plan)
    ids = journal_ids(after)
    assert len(set(ids)) == 4 and all(str(i).startswith("r") for i in ids)
    assert sorted(ids) == sorted(r["row_id"] for r in live(url, "journal"))
    # The plan round-trips as JSON (what the worker and the server send).
    assert EditPlan.from_json(book.plan.to_json()).operations == book.plan.operations
    # Applied, the next Sync has nothing to do and plans nothing.
    again, book2 = grid_sync(after, url)
    assert again.exit_code == 0 and not again.pushed and not again.pulled and not again.stamped
    assert book2.plan.empty


def test_a_plan_thrown_away_does_not_send_the_rows_twice(make_book, url):
    """The store committed, the client never applied the plan: the next Sync finds the
    rows in the store (by natural key, or by content on a sheet without one), gives the
    book their IDs, and sends nothing again."""
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100000), ("JV-2", "more", 5000))))
    grid = grid_from_xlsx(path)
    first, _lost = grid_sync(grid, url)
    assert first.pushed == {"accounts": (6, 0, 0), "journal": (4, 0, 0)}
    counts = {kind: len(store_rows(url, kind)) for kind in ("accounts", "journal")}
    second, book = grid_sync(grid, url)  # the same grid: the first plan was never applied
    assert not second.pushed and second.matched == {"accounts": 6, "journal": 4}
    assert {kind: len(store_rows(url, kind)) for kind in counts} == counts
    after = applied(grid, book.plan)
    assert sorted(journal_ids(after)) == sorted(r["row_id"] for r in live(url, "journal"))
    third, book3 = grid_sync(after, url)
    assert not third.pushed and not third.pulled and book3.plan.empty
    assert {kind: len(store_rows(url, kind)) for kind in counts} == counts


def test_a_lost_plan_after_changes_on_both_sides_duplicates_nothing(make_book, url, tmp_path):
    """A book already synced adds an entry and edits a row while a colleague's file adds
    another; the grid's plan (IDs, the colleague's entry, the new bases) is lost. Synced
    again the store keeps one copy of each row and the book gets everything."""
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100000))))
    colleague = tmp_path / "colleague.xlsx"
    shutil.copy(path, colleague)
    assert run(colleague, url, user="budi").exit_code == 0
    base = grid_from_xlsx(path)
    linked, synced = grid_sync(base, url)
    assert linked.matched == {"accounts": 6, "journal": 2} and not linked.pushed
    grid = applied(base, synced.plan)
    edit(colleague, "Journal", append=[
        {"Date": r[0], "Entry": r[1], "Account": r[2], "Description": r[3], "Debit": r[4],
         "Credit": r[5]} for r in journal_rows(("JV-9", "budi's", 700))])
    assert run(colleague, url, user="budi").pushed == {"journal": (2, 0, 0)}
    rows = grid["Journal"]["values"]
    rows[1][3] = "sale, corrected"  # an edit of a synced row
    rows += [[r[0].isoformat(), r[1], r[2], r[3], r[4], r[5], None]
             for r in journal_rows(("JV-2", "new here", 5000))]
    grid["Journal"]["kinds"] += [["date", "text", "text", "text",
                                  "number" if r[4] else "empty", "number" if r[5] else "empty",
                                  "empty"] for r in journal_rows(("JV-2", "new here", 5000))]
    first, lost = grid_sync(grid, url)
    assert first.pushed == {"journal": (2, 1, 0)} and first.pulled == {"journal": (2, 0, 0)}
    before = len(store_rows(url, "journal"))
    second, book = grid_sync(grid, url)  # the plan above was thrown away
    assert not second.pushed and second.exit_code == 0
    assert len(store_rows(url, "journal")) == before == 6
    after = applied(grid, book.plan)
    assert sorted(journal_ids(after)) == sorted(r["row_id"] for r in live(url, "journal"))
    assert run(colleague, url, user="budi").pulled == {"journal": (2, 1, 0)}
    assert {r["Description"] for r in table(colleague, "Journal")} == {
        "sale, corrected", "sale", "budi's", "new here"}


def test_a_grid_without_a_store_anywhere_is_refused_and_told_where_to_set_it(make_book,
                                                                            monkeypatch):
    monkeypatch.delenv("BACKOFFICE_STORE", raising=False)
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100000))))
    book = GridBook(grid_from_xlsx(path), name="Ledger 2025")
    with pytest.raises(ActionRefused) as refused:
        actions.sync(book, actions.SyncOptions(user="ana"))
    assert refused.value.exit_code == 2
    assert "Settings" in refused.value.render("en") and "BACKOFFICE_STORE" in refused.value.render("en")
    assert "Pengaturan" in refused.value.render("id")
    assert book.plan.empty


def test_a_grid_finds_its_store_in_settings_then_in_its_memory(make_book, url, monkeypatch):
    monkeypatch.delenv("BACKOFFICE_STORE", raising=False)
    store_path = url.removeprefix("sqlite:///")
    settings = [["Setting", "Value"], ["Company", "PT Uji"], ["Base currency", "IDR"],
                ["Locale", "id-ID"], ["Language", "English"], ["Store", store_path]]
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100000)), settings=settings))
    grid = grid_from_xlsx(path)
    first, book = grid_sync(grid, None)
    assert first.store == url and first.pushed
    after = applied(grid, book.plan)
    after["Settings"]["values"] = [row for row in after["Settings"]["values"]
                                   if not row or row[0] != "Store"]
    after["Settings"]["kinds"] = after["Settings"]["kinds"][:len(after["Settings"]["values"])]
    second, _book = grid_sync(after, None)  # the Store row gone: the memory has it
    assert second.store == url and not second.pushed


# -- a Google Sheet and a file: two colleagues, one SQLite store ----------------------------------
def test_a_google_sheet_and_a_file_meet_through_one_store(emulator, env, make_book, tmp_path,  # noqa: F811
                                                          capsys):
    """``backoffice sync gsheet:ID`` through the real gspread against the emulator: the
    token, two reads, two more to see nobody changed the sheets, and ONE batchUpdate."""
    from test_gsheets_connector import calls, run, upload

    url = f"sqlite:///{tmp_path / 'store.db'}"
    ana = make_book(ledger(journal_rows(("JV-1", "sale", 100000))), name="ana.xlsx")
    budi_grid = grid_from_xlsx(ana)  # Budi's sheet: a copy of the book before any Sync
    assert run_file(ana, url, "ana").pushed == {"accounts": (6, 0, 0), "journal": (2, 0, 0)}
    journal = budi_grid["Journal"]
    for r in journal_rows(("JV-2", "budi's", 7000)):
        journal["values"].append([r[0].isoformat(), r[1], r[2], r[3], r[4], r[5], None])
        journal["kinds"].append(["date", "text", "text", "text", "number" if r[4] else "empty",
                                 "number" if r[5] else "empty", "empty"])
    file_id = upload(emulator, budi_grid, "Budi's ledger")
    emulator.calls.clear()
    code, output = run(["sync", f"gsheet:{file_id}", "--store", url, "--user", "budi",
                        "--lang", "en"], capsys)
    assert code == 0, output
    assert calls(emulator) == (1, 4, 1)
    assert len(store_rows(url, "journal")) == 4 and len(store_rows(url, "accounts")) == 6
    sheet = sheet_grid(env, emulator, file_id)
    assert sorted(journal_ids(sheet)) == sorted(r["row_id"] for r in live(url, "journal"))
    # Nothing changed: two reads, nothing written.
    emulator.calls.clear()
    code, output = run(["sync", f"gsheet:{file_id}", "--store", url, "--user", "budi"], capsys)
    assert code == 0, output
    assert calls(emulator) == (1, 2, 0)
    # Ana receives Budi's entry, adds one; Budi's sheet receives it in one write.
    assert run_file(ana, url, "ana").pulled == {"journal": (2, 0, 0)}
    edit(ana, "Journal", append=[
        {"Date": r[0], "Entry": r[1], "Account": r[2], "Description": r[3], "Debit": r[4],
         "Credit": r[5]} for r in journal_rows(("JV-3", "ana's", 300))])
    assert run_file(ana, url, "ana").pushed == {"journal": (2, 0, 0)}
    emulator.calls.clear()
    code, output = run(["sync", f"gsheet:{file_id}", "--store", url, "--user", "budi"], capsys)
    assert code == 0, output
    assert calls(emulator) == (1, 4, 1)
    sheet = sheet_grid(env, emulator, file_id)
    described = [row[3] for row in sheet["Journal"]["values"][1:] if len(row) > 3]
    assert described.count("ana's") == 2 and described.count("budi's") == 2
    assert sorted(journal_ids(sheet)) == sorted(r["row_id"] for r in live(url, "journal"))


def test_a_google_sheets_plan_never_written_sends_nothing_twice(emulator, env, make_book,  # noqa: F811
                                                                tmp_path, capsys):
    """Sync committed to the store, then the batchUpdate never happened (the connection
    dropped): the next ``backoffice sync gsheet:ID`` sends nothing again, and the sheet gets
    its IDs."""
    from backoffice.addin.gsheets.book import GoogleSheetBook
    from backoffice.addin.gsheets.client import make_client
    from test_gsheets_connector import calls, run, upload

    url = f"sqlite:///{tmp_path / 'store.db'}"
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100000), ("JV-2", "more", 5000))))
    file_id = upload(emulator, grid_from_xlsx(path), "Ledger")
    book = GoogleSheetBook(make_client(env, emulator.base_url), file_id)
    lost = actions.sync(book, actions.SyncOptions(store=url, user="ana",
                                                  location=f"gsheet:{file_id}"))
    assert lost.value.pushed == {"accounts": (6, 0, 0), "journal": (4, 0, 0)}  # never committed
    counts = (len(store_rows(url, "accounts")), len(store_rows(url, "journal")))
    emulator.calls.clear()
    code, output = run(["sync", f"gsheet:{file_id}", "--store", url, "--user", "ana"], capsys)
    assert code == 0, output
    assert calls(emulator) == (1, 4, 1)
    assert (len(store_rows(url, "accounts")), len(store_rows(url, "journal"))) == counts
    sheet = sheet_grid(env, emulator, file_id)
    assert sorted(journal_ids(sheet)) == sorted(r["row_id"] for r in live(url, "journal"))


def run_file(path: Path, url: str, user: str) -> Any:
    return run(path, url, user=user)


def sheet_grid(env, emulator, file_id: str) -> dict[str, Any]:  # noqa: F811
    from backoffice.addin.gsheets.book import GoogleSheetBook
    from backoffice.addin.gsheets.client import make_client

    book = GoogleSheetBook(make_client(env, emulator.base_url), file_id)
    return {name: {"values": sheet.values} for name, sheet in book.sheets.items()}


# -- golden: the same Sync through the file and through a grid ------------------------------------
def _store_contents(url: str, kind: str, common: set[str]) -> list[tuple[Any, ...]]:
    """The store's rows of ``kind`` as comparable tuples: IDs the two stores share as they
    are, IDs each Sync stamped itself (random) as a placeholder."""
    rows = []
    for r in store_rows(url, kind):
        rows.append(tuple((k, r[k] if k != "row_id" or r[k] in common else "stamped")
                          for k in sorted(r)))
    return sorted(rows, key=repr)


def _sheet(grid: dict[str, Any], name: str, common: set[str]) -> list[list[Any]]:
    from test_gsheets_actions import trimmed

    return [[v if not (isinstance(v, str) and v.startswith("r") and len(v) == 17)
             or v in common else "stamped" for v in row]
            for row in trimmed(grid[name]["values"])]


def test_sync_through_a_grid_gives_the_store_and_the_book_what_the_file_gets(make_book,
                                                                            tmp_path):
    """A book with a new entry, an edit in conflict with a colleague's and a colleague's
    entry to receive, synced once as a file (XlsxBook) and once as a grid read by openpyxl
    from its twin, each against its own copy of one store: the same store contents, and
    the plan applied gives the sheets the file got (IDs stamped at random aside)."""
    from test_grid_book import assert_sheet_equal

    store = tmp_path / "store.db"
    seed = make_book(ledger(journal_rows(("JV-1", "sale", 100000))), name="seed.xlsx")
    colleague = tmp_path / "colleague.xlsx"
    shutil.copy(seed, colleague)
    assert run(colleague, f"sqlite:///{store}", user="budi").exit_code == 0
    mine = tmp_path / "a.xlsx"
    shutil.copy(colleague, mine)  # synced once, then changed on both sides
    edit(colleague, "Journal", changes={0: {"Description": "sale (budi)"}}, append=[
        {"Date": r[0], "Entry": r[1], "Account": r[2], "Description": r[3], "Debit": r[4],
         "Credit": r[5]} for r in journal_rows(("JV-9", "budi's", 700))])
    assert run(colleague, f"sqlite:///{store}", user="budi").pushed == {"journal": (2, 1, 0)}
    edit(mine, "Journal", changes={0: {"Description": "sale (ana)"}}, append=[
        {"Date": r[0], "Entry": r[1], "Account": r[2], "Description": r[3], "Debit": r[4],
         "Credit": r[5]} for r in journal_rows(("JV-2", "ana's", 5000))])
    twin = tmp_path / "twin.xlsx"
    shutil.copy(mine, twin)
    file_store, grid_store = tmp_path / "file-store.db", tmp_path / "grid-store.db"
    shutil.copy(store, file_store)
    shutil.copy(store, grid_store)

    on_file = run(mine, f"sqlite:///{file_store}", user="ana")
    grid = grid_from_xlsx(twin)
    on_grid, book = grid_sync(grid, f"sqlite:///{grid_store}", name="a.xlsx", user="ana")
    for attribute in ("exit_code", "stamped", "pushed", "pulled", "matched", "version"):
        assert getattr(on_grid, attribute) == getattr(on_file, attribute), attribute
    assert on_file.pushed == {"journal": (2, 0, 0)} and on_file.pulled == {"journal": (2, 0, 0)}
    assert len(on_file.conflicts) == len(on_grid.conflicts) == 1
    common = ({r["row_id"] for r in store_rows(f"sqlite:///{file_store}", "journal")}
              & {r["row_id"] for r in store_rows(f"sqlite:///{grid_store}", "journal")})
    for kind in ("accounts", "journal"):
        assert _store_contents(f"sqlite:///{file_store}", kind, common) == \
            _store_contents(f"sqlite:///{grid_store}", kind, common), kind
    after = applied(grid, book.plan)
    synced = grid_from_xlsx(mine)
    for name in ("Settings", "Accounts", "Journal"):
        assert _sheet(after, name, common) == _sheet(synced, name, common), name
    assert_sheet_equal(book.plan, "Conflicts", mine)


def _rates_book(make_book, *rates: tuple[str, int]) -> Path:  # type: ignore[no-untyped-def]
    import datetime as dt

    sheets = ledger(journal_rows(("JV-1", "sale", 100000)))
    sheets["Rates"] = [["Date", "Currency", "Rate"],
                       *([dt.date(2025, 1, 5), currency, rate] for currency, rate in rates)]
    return make_book(sheets)


def _set(grid: dict[str, Any], sheet: str, row: int, column: int, value: Any, kind: str) -> None:
    grid[sheet]["values"][row][column] = value
    grid[sheet]["kinds"][row][column] = kind


def test_a_row_changed_after_its_plan_was_lost_is_an_update_not_a_second_row(make_book, url):
    """Rates have no natural key: a rate sent by a Sync whose plan was lost, then corrected
    in the book, is found by the mark its ID was stamped with (this book, this person, not
    yet seen by the book) and sent as an update of itself."""
    grid = grid_from_xlsx(_rates_book(make_book, ("USD", 15500), ("SGD", 11500)))
    first, _lost = grid_sync(grid, url)
    assert first.pushed["rates"] == (2, 0, 0)
    _set(grid, "Rates", 1, 2, 15600, "number")  # USD corrected; the plan never applied
    second, book = grid_sync(grid, url)
    assert second.pushed == {"rates": (0, 1, 0)} and not second.pulled
    stored = live(url, "rates")
    assert sorted((r["currency"], r["rate"]) for r in stored) == [("SGD", "11500"), ("USD", "15600")]
    after = applied(grid, book.plan)
    assert not grid_sync(after, url)[0].pushed
    assert len(store_rows(url, "rates")) == 2


def test_an_entry_renumbered_after_its_plan_was_lost_moves_instead_of_doubling(make_book, url):
    """A Journal entry sent, its plan lost, then renumbered in the book: the store keeps one
    entry (under the new number), not both."""
    grid = grid_from_xlsx(make_book(ledger(journal_rows(("JV-1", "sale", 100000)))))
    assert grid_sync(grid, url)[0].exit_code == 0
    _set(grid, "Journal", 1, 1, "JV-7", "text")
    _set(grid, "Journal", 2, 1, "JV-7", "text")
    second, book = grid_sync(grid, url)
    assert second.exit_code == 0 and not second.pulled, second
    assert sorted(r["entry"] for r in live(url, "journal")) == ["JV-7", "JV-7"]
    assert len(store_rows(url, "journal")) == 2
    after = applied(grid, book.plan)
    assert sorted(journal_ids(after)) == sorted(r["row_id"] for r in live(url, "journal"))


def test_a_colleagues_rows_of_the_same_name_and_person_are_never_taken_for_a_lost_plans(
        make_book, url, tmp_path):
    """The same person syncing a file of the same name: its new rate is not this grid
    book's (not its mark), so the grid's own new rate is sent beside it, and the file's is
    received, not overwritten."""
    path = _rates_book(make_book, ("USD", 15500))
    grid = grid_from_xlsx(path)
    assert grid_sync(grid, url, name="book.xlsx")[0].exit_code == 0
    synced = applied(grid, grid_sync(grid, url, name="book.xlsx")[1].plan)
    other = tmp_path / "elsewhere" / "book.xlsx"
    other.parent.mkdir()
    shutil.copy(path, other)
    assert run(other, url, user="ana").exit_code == 0
    edit(other, "Rates", append=[{"Date": __import__("datetime").date(2025, 1, 6),
                                  "Currency": "JPY", "Rate": 105}])
    assert run(other, url, user="ana").pushed == {"rates": (1, 0, 0)}
    synced["Rates"]["values"].append(["2025-01-06", "EUR", 17000])
    synced["Rates"]["kinds"].append(["date", "text", "number"])
    result, _book = grid_sync(synced, url, name="book.xlsx")
    assert result.pushed == {"rates": (1, 0, 0)} and result.pulled == {"rates": (1, 0, 0)}
    assert sorted(r["currency"] for r in live(url, "rates")) == ["EUR", "JPY", "USD"]


def test_a_google_sheet_tells_sync_its_formula_cells(emulator, env):  # noqa: F811
    """A calculated formula is read as its result; the read names it a formula, in the same
    call, so that Sync leaves it alone."""
    from backoffice.addin.gsheets.book import GoogleSheetBook
    from backoffice.addin.gsheets.client import make_client

    file_id = emulator.create_from_grid("Book", {"Journal": {
        "values": [["Debit", "Credit"], [1500, "=A2"], [7, 8]],
        "kinds": [["text", "text"], ["number", "formula"], ["number", "number"]]}})
    book = GoogleSheetBook(make_client(env, emulator.base_url), file_id)
    assert book.sheets["Journal"].formulas == {"B2"}


def test_a_grid_ledger_receives_a_month_a_colleague_closed(make_book, url, tmp_path):
    """A ledger open in a spreadsheet that never closed a month gets the hidden locks sheet
    from the plan (added, then the locks received into it), and its later change to that
    month is held back, as a file's is."""
    from backoffice.ledger.closing import close_period

    path = make_book(ledger(journal_rows(("JV-1", "sale", 100), ("JV-2", "more", 5))))
    grid = grid_from_xlsx(path)
    colleague = tmp_path / "colleague.xlsx"
    shutil.copy(path, colleague)
    first, book = grid_sync(grid, url)
    assert first.exit_code == 0
    grid = applied(grid, book.plan)
    assert run(colleague, url, user="budi").exit_code == 0
    assert close_period(str(colleague), "2025-01") == 2
    assert run(colleague, url, user="budi").pushed == {"period-locks": (2, 0, 0)}
    received, book = grid_sync(grid, url)
    assert received.pulled == {"period-locks": (2, 0, 0)}
    added = [op for op in book.plan.operations if op["op"] == "add_sheet"]
    assert [(op["sheet"], op["state"]) for op in added] == [("_backoffice_locks", "veryHidden")]
    assert book.plan.read["_backoffice_locks"] is None  # a sheet the plan adds
    grid = applied(grid, book.plan)
    _set(grid, "Journal", 1, 3, "late change", "text")
    held, _book = grid_sync(grid, url)
    assert held.exit_code == 1 and not held.pushed
    assert [i.code for i in held.held] == ["closed-period-changed"]


def test_a_google_sheet_typed_into_while_sync_ran_is_told_and_synced_again_safely(
        emulator, env, make_book, tmp_path, capsys, monkeypatch):  # noqa: F811
    """Someone types into the sheet between Sync's read and its write: the store committed,
    the batchUpdate is refused (stale, exit 3) and the person is told the store has the
    changes; the next Sync sends nothing twice and writes the IDs."""
    from backoffice.addin.gsheets.book import GoogleSheetBook
    from backoffice.addin.gsheets.emulator import raw
    from test_gsheets_connector import run, upload

    url = f"sqlite:///{tmp_path / 'store.db'}"
    path = make_book(ledger(journal_rows(("JV-1", "sale", 100000))))
    file_id = upload(emulator, grid_from_xlsx(path), "Ledger")
    real = GoogleSheetBook.commit

    def typed_meanwhile(self, verify=True):  # type: ignore[no-untyped-def]
        sheet = next(s for s in emulator.files[file_id].sheets if s.title == "Journal")
        sheet.cells[(1, 3)] = raw("sale, typed")
        return real(self, verify)

    monkeypatch.setattr(GoogleSheetBook, "commit", typed_meanwhile)
    code, output = run(["sync", f"gsheet:{file_id}", "--store", url, "--user", "ana",
                        "--lang", "en"], capsys)
    assert code == 3, output
    assert "store has its changes" in output and "Run Sync again" in output
    assert len(store_rows(url, "journal")) == 2
    monkeypatch.setattr(GoogleSheetBook, "commit", real)
    code, output = run(["sync", f"gsheet:{file_id}", "--store", url, "--user", "ana"], capsys)
    assert code == 0, output
    stored = store_rows(url, "journal")
    assert len(stored) == 2 and "sale, typed" in {r["description"] for r in stored}
    sheet = sheet_grid(env, emulator, file_id)
    assert sorted(journal_ids(sheet)) == sorted(r["row_id"] for r in stored)

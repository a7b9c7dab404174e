"""Golden tests: Run payroll, Stock and reorder, Revalue and Import on a grid book (issue 16).

The same data run through :class:`XlsxBook` (a real .xlsx file, written by the lossless
writer) and through :class:`GridBook` (a copy of the file read by openpyxl, an
independent reader, as a client reads its open document) gives the same outcome lines,
the same Report and the same ``written``; every cell the plan sets is the cell the file
writer wrote, read back with openpyxl (output sheets, hidden state, appended and
replaced rows). A ledger another book posts to (``post_to``) is a file in both runs.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import test_inventory as inventory
import test_revaluation as revaluation
from test_grid_book import assert_sheet_equal, grid_from_xlsx, issues, same_cell, twins
from test_payroll import employee

from backoffice import actions
from backoffice.books import GridBook
from backoffice.books.editplan import EditPlan
from backoffice.payroll.book import write_payroll_book

D = dt.date(2025, 3, 3)


def output_sheets(plan: EditPlan) -> set[str]:
    return {op["sheet"] for op in plan.operations if op["op"] == "write_output_sheet"}


def assert_rows_equal(plan: EditPlan, sheet: str, path: Path) -> None:
    """Every row a ``write_rows`` of the plan sets on ``sheet`` holds, cell for cell, what
    the file writer left in that row (a cell not listed is empty in the file)."""
    rows = {row["row"]: row["cells"] for op in plan.operations
            if op["op"] == "write_rows" and op["sheet"] == sheet for row in op["rows"]}
    assert rows, f"the plan writes no rows to {sheet}"
    ws = openpyxl.load_workbook(path)[sheet]
    for number, cells in rows.items():
        written = {c.column_letter: c.value for c in ws[number] if c.value is not None}
        assert set(cells) == set(written), (number, cells, written)
        wrong = [k for k, cell in cells.items()
                 if not same_cell((cell["value"], cell["kind"]), written[k])]
        assert not wrong, [(number, k, cells[k], written[k]) for k in wrong]


def assert_same(on_file: actions.ActionResult, on_grid: actions.ActionResult) -> None:
    assert on_grid.exit_code == on_file.exit_code
    assert on_grid.lines("en") == on_file.lines("en")
    assert on_grid.lines("id") == on_file.lines("id")
    assert on_grid.written == on_file.written
    if on_file.report is not None:
        assert issues(on_grid.report) == issues(on_file.report)


def run_both(path: Path, twin: Path, action: Any, options: Any) -> tuple[Any, Any, GridBook]:
    on_file = action(path, options)
    grid = GridBook(grid_from_xlsx(twin), name=str(path))
    on_grid = action(grid, options)
    assert_same(on_file, on_grid)
    return on_file, on_grid, grid


def copy_of(path: Path | str, tmp_path: Path) -> Path:
    twin = tmp_path / f"twin-{Path(path).name}"
    shutil.copyfile(path, twin)
    return twin


# -- Run payroll -------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "id"])
def test_payroll_through_a_grid_plans_the_register_and_payslips_the_file_got(tmp_path, lang):
    path = Path(write_payroll_book(str(tmp_path / "pay.xlsx"),
                                   [employee(), employee("E2", department="SALES",
                                                         basic=20000000)], lang=lang))
    twin = copy_of(path, tmp_path)
    options = actions.PayrollOptions(period="2025-03", lang=lang)
    on_file, on_grid, grid = run_both(path, twin, actions.payroll, options)
    assert on_file.exit_code == 0 and on_file.written.sheets
    assert output_sheets(grid.plan) == set(on_file.written.sheets)
    for sheet in on_file.written.sheets:
        assert_sheet_equal(grid.plan, sheet, path)


def test_finalizing_payroll_through_a_grid_plans_the_hidden_store_the_file_got(tmp_path):
    path = Path(write_payroll_book(str(tmp_path / "pay.xlsx"), [employee()]))
    twin = copy_of(path, tmp_path)
    options = actions.PayrollOptions(period="2025-01", finalize=True, lang="en")
    on_file, _on_grid, grid = run_both(path, twin, actions.payroll, options)
    assert on_file.value.finalized == ["2025-01"]
    hidden = {op["sheet"]: op["state"] for op in grid.plan.operations if op["op"] == "add_sheet"}
    assert hidden.get("_backoffice_payroll") == "veryHidden"
    for sheet in output_sheets(grid.plan):
        assert_sheet_equal(grid.plan, sheet, path)
    # The client applied the plan (its document is now the file): a second finalize of
    # January is refused on the grid as on the file, with the same exit code.
    refused_file = _exit_code(actions.payroll, path, options)
    refused_grid = _exit_code(actions.payroll, GridBook(grid_from_xlsx(path), name=str(path)),
                              options)
    assert refused_file == refused_grid == 2


def _exit_code(action: Any, book: Any, options: Any) -> int:
    from backoffice.errors import BackofficeError

    try:
        return action(book, options).exit_code
    except BackofficeError as refused:
        return refused.exit_code


def test_payroll_through_a_grid_posts_to_a_ledger_file_as_the_file_run_does(tmp_path):
    import test_payroll

    ledger = Path(test_payroll._ledger(tmp_path / "ledger.xlsx"))
    fresh = copy_of(ledger, tmp_path)
    path = Path(write_payroll_book(str(tmp_path / "pay.xlsx"), [employee()]))
    twin = copy_of(path, tmp_path)
    options = actions.PayrollOptions(period="2025-03", post_to=str(ledger), lang="en")
    on_file = actions.payroll(path, options)
    posted_by_file = _journal(ledger)
    shutil.copyfile(fresh, ledger)  # the ledger as it was, for the grid's run
    on_grid = actions.payroll(GridBook(grid_from_xlsx(twin), name=str(path)), options)
    assert_same(on_file, on_grid)
    assert on_file.written.blocks == {str(ledger): ("payroll:2025-03",)}
    assert _journal(ledger) == posted_by_file and posted_by_file


def _journal(path: Path) -> list[tuple[Any, ...]]:
    return [r for r in openpyxl.load_workbook(path)["Journal"].iter_rows(min_row=2,
                                                                          values_only=True) if r[1]]


def test_payroll_refused_through_a_grid_plans_nothing(tmp_path):
    path = Path(write_payroll_book(str(tmp_path / "pay.xlsx"), [employee(ptkp="K/4")]))
    twin = copy_of(path, tmp_path)
    on_file, _on_grid, grid = run_both(path, twin, actions.payroll,
                                       actions.PayrollOptions(period="2025-01", lang="id"))
    assert on_file.exit_code == 1 and grid.plan.empty


# -- Stock and reorder ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "id"])
def test_stock_through_a_grid_plans_the_five_sheets_the_file_got(make_book, tmp_path, lang):
    path, twin = twins(make_book, tmp_path, {
        "Settings": inventory.SETTINGS, "Items": inventory.ITEMS,
        "Stock moves": [inventory.MOVES_HEADER, *inventory.MOVES],
        "Stock counts": inventory.COUNTS})
    options = actions.StockOptions(as_of=dt.date(2025, 2, 28), lang=lang)
    on_file, _on_grid, grid = run_both(path, twin, actions.stock, options)
    assert on_file.exit_code == 0 and len(on_file.written.sheets) == 5
    assert output_sheets(grid.plan) == set(on_file.written.sheets)
    for sheet in on_file.written.sheets:
        assert_sheet_equal(grid.plan, sheet, path)
    # Run again on the applied document: the sheets are replaced in place, none added.
    again = GridBook(grid_from_xlsx(path), name=str(path))
    assert actions.stock(again, options).exit_code == 0
    assert not [op for op in again.plan.operations if op["op"] == "add_sheet"]


def test_stock_print_through_a_grid_is_the_files_text(make_book, tmp_path):
    path, twin = twins(make_book, tmp_path, {
        "Settings": inventory.SETTINGS, "Items": inventory.ITEMS,
        "Stock moves": [inventory.MOVES_HEADER, *inventory.MOVES],
        "Stock counts": inventory.COUNTS})
    options = actions.StockOptions(as_of=dt.date(2025, 2, 28), shown="reorder", output="json")
    on_file, on_grid, grid = run_both(path, twin, actions.stock, options)
    assert on_file.text and on_grid.text == on_file.text and grid.plan.empty


def test_stock_through_a_grid_posts_to_a_ledger_file_as_the_file_run_does(make_book, tmp_path):
    settings = inventory.SETTINGS + [["Stock receipts account", "2190"]]
    path, twin = twins(make_book, tmp_path, {
        "Settings": settings, "Items": inventory.ITEMS,
        "Stock moves": [inventory.MOVES_HEADER, *inventory.MOVES],
        "Stock counts": inventory.COUNTS})
    ledger = make_book({"Settings": inventory.SETTINGS[:4], "Accounts": inventory.LEDGER_ACCOUNTS,
                        "Journal": inventory.LEDGER_JOURNAL}, name="ledger.xlsx")
    fresh = copy_of(ledger, tmp_path)
    options = actions.StockOptions(as_of=dt.date(2025, 2, 28), post_to=str(ledger), lang="en")
    on_file = actions.stock(path, options)
    posted_by_file = _journal(ledger)
    shutil.copyfile(fresh, ledger)
    on_grid = actions.stock(GridBook(grid_from_xlsx(twin), name=str(path)), options)
    assert_same(on_file, on_grid)
    assert on_file.written.blocks == {str(ledger): ("stock:2025-01", "stock:2025-02")}
    assert _journal(ledger) == posted_by_file


# -- Revalue ---------------------------------------------------------------------------------------------
def test_revalue_through_a_grid_plans_the_journal_rows_the_file_got(make_book, tmp_path):
    path = revaluation._book(make_book)
    twin = copy_of(path, tmp_path)
    options = actions.RevalueOptions(period="2026-01", lang="en")
    on_file, _on_grid, grid = run_both(path, twin, actions.revalue, options)
    assert on_file.written.blocks == {str(path): ("reval:2026-01",)}
    assert [op["op"] for op in grid.plan.operations] == ["write_rows"]
    assert_rows_equal(grid.plan, "Journal", path)
    # The plan was made from the Journal as the client read it.
    assert grid.plan.stale(GridBook(grid_from_xlsx(twin), name=str(path))) == []


def test_revaluing_again_through_a_grid_replaces_the_block_in_place(make_book, tmp_path):
    path = revaluation._book(make_book)
    actions.revalue(path, actions.RevalueOptions(period="2026-01", lang="en"))
    # New month-end rate: the block is rewritten where it is, in the file and in the plan.
    book = openpyxl.load_workbook(path)
    book["Rates"]["C2"] = 15600
    book.save(path)
    twin = copy_of(path, tmp_path)
    options = actions.RevalueOptions(period="2026-01", lang="id")
    on_file, _on_grid, grid = run_both(path, twin, actions.revalue, options)
    assert on_file.value[0].changed
    assert_rows_equal(grid.plan, "Journal", path)
    rows = [row["row"] for op in grid.plan.operations for row in op["rows"]]
    last_read = openpyxl.load_workbook(twin)["Journal"].max_row
    assert all(number <= last_read for number in rows), "replaced in place, nothing appended"
    # Same rates once more: nothing changes, nothing is planned.
    same = GridBook(grid_from_xlsx(path), name=str(path))
    result = actions.revalue(same, options)
    assert not result.written.anything and same.plan.empty


# -- Import ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "id"])
def test_import_through_a_grid_plans_the_rows_the_file_appended(make_book, tmp_path, lang):
    from conftest import ledger

    path, twin = twins(make_book, tmp_path, ledger([[dt.date(2025, 3, 3), "JV-1", "1101", "Sale",
                                                     1500, None, None],
                                                    [dt.date(2025, 3, 3), "JV-1", "4101", "Sale",
                                                     None, 1500, None]]))
    csv_file = tmp_path / "rows.csv"
    csv_file.write_text("Date,Entry,Account,Description,Debit,Credit\n"
                        "2025-03-04,JV-2,1101,Modal 0042,1000,\n"
                        "2025-03-04,JV-2,4101,Modal 0042,,1000\n", encoding="utf-8")
    options = actions.ImportOptions("Journal", str(csv_file), lang)
    on_file, _on_grid, grid = run_both(path, twin, actions.import_rows, options)
    assert on_file.exit_code == 0 and on_file.written.rows == {"Journal": 2}
    assert [op["op"] for op in grid.plan.operations] == ["write_rows"]
    assert [row["row"] for row in grid.plan.operations[0]["rows"]] == [4, 5]
    assert_rows_equal(grid.plan, "Journal", path)


def test_an_import_with_a_bad_row_plans_nothing_on_a_grid(make_book, tmp_path):
    from conftest import ledger

    path, twin = twins(make_book, tmp_path, ledger([]))
    csv_file = tmp_path / "rows.csv"
    csv_file.write_text("Date,Entry,Account,Description,Debit,Credit\n"
                        "2025-03-04,JV-2,1101,Modal,1000,\n"
                        "not a date,JV-2,4101,Modal,,1000\n", encoding="utf-8")
    on_file, _on_grid, grid = run_both(path, twin, actions.import_rows,
                                       actions.ImportOptions("Journal", str(csv_file), "en"))
    assert on_file.exit_code == 1 and not on_file.written.anything and grid.plan.empty


# -- Upgrade: columns, dropdowns, settings and new input sheets ---------------------------------------------
def _validations(ws: Any) -> dict[str, tuple[Any, ...]]:
    """Range -> (type, title, prompt, choices, error) of a worksheet's data validations, as
    openpyxl reads them (the plan's types: list, locked, message)."""
    found = {}
    for v in ws.data_validations.dataValidation:
        kind = {"list": "list", "custom": "locked", None: "message"}[v.type]
        choices = v.formula1.strip('"').split(",") if kind == "list" else None
        found[str(v.sqref)] = (kind, v.promptTitle, v.prompt, choices,
                               v.error if kind == "locked" else None)
    return found


def _planned(validations: list[dict[str, Any]]) -> dict[str, tuple[Any, ...]]:
    return {v["range"]: (v["type"], v["title"], v["prompt"], v.get("choices"), v.get("error"))
            for v in validations}


def test_upgrade_through_a_grid_plans_the_columns_dropdowns_and_sheets_the_file_got(tmp_path):
    from test_upgrade import old_ledger

    path = old_ledger(tmp_path / "old.xlsx")
    twin = copy_of(path, tmp_path)
    on_file, _on_grid, grid = run_both(path, twin, actions.upgrade, actions.UpgradeOptions())
    assert on_file.value.added and on_file.language == "id"
    book = openpyxl.load_workbook(path)
    ops = grid.plan.operations
    # Columns and dropdowns: the header cells and validations the file got, sheet by sheet.
    columns = [op for op in ops if op["op"] == "add_columns"]
    assert {op["sheet"] for op in columns} == {"Akun", "Jurnal"}
    for op in columns:
        ws = book[op["sheet"]]
        assert op["headers"] == {letter: ws[f"{letter}{op['header_row']}"].value
                                 for letter in op["headers"]}
        assert _planned(op["validations"]) == _validations(ws)
    assert any(v["type"] == "list" and v["range"].startswith("C")
               for op in columns if op["sheet"] == "Akun" for v in op["validations"])
    assert any(v["type"] == "locked" for op in columns for v in op["validations"])  # ID
    # New input sheets: added visible, headed, formatted, frozen and explained as in the file.
    added = [op["sheet"] for op in ops if op["op"] == "add_sheet"]
    inputs = [op for op in ops if op["op"] == "write_input_sheet"]
    assert added == [op["sheet"] for op in inputs] and "Saldo" in added
    for op in inputs:
        ws = book[op["sheet"]]
        assert ws.sheet_state == "visible" and ws.freeze_panes == op["frozen"] == "A2"
        assert [c["header"] for c in op["columns"]] == [c.value for c in ws[1]]
        for column in op["columns"]:
            dimension = ws.column_dimensions[column["letter"]]
            assert dimension.width == column["width"]
            assert dimension.number_format == column["number_format"]
        assert _planned(op["validations"]) == _validations(ws)
    # Settings: rows appended, as the file got them.
    assert_rows_equal(grid.plan, "Pengaturan", path)
    # Upgraded (the client applied the plan; here: the upgraded file read again), it is
    # up to date: the dropdowns the grid reports are not added twice.
    again = GridBook(grid_from_xlsx(path), name=str(path))
    result = actions.upgrade(again, actions.UpgradeOptions())
    assert result.lines() == [f"{path} sudah mutakhir."] and again.plan.empty


def test_an_input_sheet_a_grid_gains_is_not_taken_for_an_output():
    from backoffice.schemas import REGISTRY

    from backoffice.books.editplan import GridWriter
    from backoffice.books.writer import SheetNotOurs

    grid = GridBook({"Journal": {"values": [["Date"]], "kinds": [["text"]]}}, name="b")
    writer = GridWriter(grid)
    name = writer.add_input_sheet(REGISTRY["rates"], "en")
    assert name in writer.sheet_names() and not writer.is_output(name)
    from backoffice.books.sheetxml import OutputTable

    with pytest.raises(SheetNotOurs):
        writer.write_output_sheet(name, OutputTable([], []), "rates")


# -- Check: the book-level problems -------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "id"])
def test_check_on_a_grid_reports_a_second_sheet_of_a_kind_as_the_file_does(make_book, tmp_path,
                                                                           lang):
    from conftest import JOURNAL_HEADER, ledger

    sheets = ledger([[dt.date(2025, 3, 3), "JV-1", "1101", "Sale", 1500, None, None],
                     [dt.date(2025, 3, 3), "JV-1", "4101", "Sale", None, 1500, None]])
    sheets["Jurnal"] = [JOURNAL_HEADER, [dt.date(2025, 3, 4), "JV-9", "1101", "x", 1, None, None]]
    path, twin = twins(make_book, tmp_path, sheets)
    options = actions.CheckOptions(lang=lang, marks=False)
    on_file, _on_grid, _grid = run_both(path, twin, actions.check, options)
    assert ("sheet-kind-twice", "Jurnal") in {(i.code, i.sheet) for i in on_file.report.issues}


def test_syncs_hidden_state_and_conflict_choices_read_the_same_through_a_grid(make_book,
                                                                               tmp_path):
    """Sync's memory (the very hidden ``_backoffice_sync`` sheet) and the choices made in a
    Conflicts sheet, read from a file a real Sync wrote (SQLite store) and from the same
    file read by openpyxl as a client would: the same state, the same choices. (Sync itself
    is still refused on a grid; these are the reads it will make through the Book.)"""
    from backoffice.sync.conflicts import read_choices
    from backoffice.sync.state import read_state
    from conftest import ledger
    from sync_helpers import choose, edit, journal_rows, run

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    ana = make_book(ledger(journal_rows(("JV-1", "Sale", 100), ("JV-2", "Rent", 50))),
                    name="ana.xlsx")
    run(ana, url, "ana")
    budi = copy_of(ana, tmp_path)
    run(budi, url, "budi")
    edit(ana, "Journal", {0: {"Description": "Sale to PT A"}})
    edit(budi, "Journal", {0: {"Description": "Sale to PT B"}})
    run(ana, url, "ana")
    assert run(budi, url, "budi").conflicts
    assert choose(budi, "Store")
    kinds = {"Journal": "journal"}
    on_grid = GridBook(grid_from_xlsx(budi), name=str(budi))
    assert read_state(on_grid) == read_state(str(budi)) and read_state(str(budi)).rows
    choices = read_choices(str(budi), kinds)
    assert choices[0] and read_choices(on_grid, kinds) == choices
    assert read_state(GridBook({"Journal": {"values": [], "kinds": []}})).seen == 0


def test_sync_finds_the_same_formula_cells_in_a_grid_as_in_the_file(make_book, tmp_path):
    """A calculated formula reaches a grid as its result; the client lists the cell in
    ``formulas``, so Sync's reading (which never writes over a formula) sees it as in the
    file. An uncalculated one is a ``formula`` cell and counts too."""
    from backoffice.sync.bookread import read_for_sync
    from conftest import Formula, ledger

    rows = [[D, "JV-1", "1101", Formula('="Sale "&B2', "Sale JV-1"), 100, None, None],
            [D, "JV-1", "4101", "Sale", None, Formula("=E2", 100), None],
            [D, "JV-2", "1101", "Rent", Formula("=F5", None), None, None],
            [D, "JV-2", "4101", "Rent", None, 5, None]]
    path = make_book(ledger(rows))
    on_file = read_for_sync(str(path)).sheets["journal"].formulas
    assert on_file == {2: {"D"}, 3: {"F"}, 4: {"E"}}
    on_grid = read_for_sync(GridBook(grid_from_xlsx(path), name=str(path)))
    assert on_grid.sheets["journal"].formulas == on_file
    unlisted = grid_from_xlsx(path)
    unlisted["Journal"]["formulas"] = []
    assert read_for_sync(GridBook(unlisted)).sheets["journal"].formulas == {4: {"E"}}

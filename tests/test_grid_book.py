"""The grid book and its edit plan give what the file book gives (issue 16 item 3).

Golden tests: the same data checked and posted through :class:`XlsxBook` (a real .xlsx
file, written by the lossless writer) and through :class:`GridBook` (the same file read
by openpyxl, an independent reader, as a client would read its open document) give the
same Report, the same outcome lines, and equivalent edits: every cell the plan sets on
an output sheet is the cell the file writer wrote, read back with openpyxl, and the
marked cells and their notes are the same.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import ACCOUNTS, JOURNAL_HEADER, SETTINGS, ledger
from openpyxl.utils import get_column_letter

from backoffice import actions
from backoffice.books import GridBook
from backoffice.books.editplan import VERSION, EditPlan, StalePlan
from backoffice.books.grid import BadGrid
from backoffice.books.hiddenstate import MARKS_SHEET, NOTE_MARKER
from backoffice.marking import ISSUES_SHEET

D = dt.date(2025, 3, 3)
BALANCED = [[D, "JV-1", "1101", "Sale", 1500, None, None],
            [D, "JV-1", "4101", "Sale", None, 1500, None],
            [dt.date(2025, 3, 9), "JV-2", "5101", "Paper", 200, None, None],
            [dt.date(2025, 3, 9), "JV-2", "1101", "Paper", None, 200, None]]
WRONG = [*BALANCED, [D, "JV-3", "9999", "Unknown", 10, None, None],
         [D, "JV-3", "4101", "", None, 10, None],
         [D, "JV-4", "1101", "Text amount", "12x", None, None],
         [D, "JV-4", "4101", "Text amount", None, 12, None]]


# -- the independent reader: openpyxl, as a client reads its open document -----------------------
def grid_from_xlsx(path: Path) -> dict[str, Any]:
    """The grid of the workbook at ``path``, read with openpyxl (values as cached, kinds
    from openpyxl's cell types; ownership from the sheet-scoped defined names; the
    columns with a dropdown from the data validations; the formula cells)."""
    values_book = openpyxl.load_workbook(path, data_only=True)
    formula_book = openpyxl.load_workbook(path, data_only=False)
    grid: dict[str, Any] = {}
    for ws in values_book.worksheets:
        formulas = formula_book[ws.title]
        values, kinds = [], []
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
            row_values, row_kinds = [], []
            for cell in row:
                value, kind = _cell(cell, formulas[cell.coordinate])
                row_values.append(value)
                row_kinds.append(kind)
            values.append(row_values)
            kinds.append(row_kinds)
        names = formulas.defined_names
        grid[ws.title] = {
            "values": values, "kinds": kinds, "state": ws.sheet_state,
            "output": names["_backoffice_output"].value.strip('"')
            if "_backoffice_output" in names else None,
            "marked": "_backoffice_marked" in names,
            "notes": {c.coordinate: c.comment.text for r in ws.iter_rows() for c in r if c.comment},
            "dropdowns": sorted({get_column_letter(c) for v in formulas.data_validations.dataValidation
                                 if v.type == "list" for bounds in v.sqref.ranges
                                 for c in range(bounds.min_col, bounds.max_col + 1)}),
            "formulas": [c.coordinate for r in formulas.iter_rows() for c in r
                         if c.data_type == "f"],
        }
    return grid


def _cell(cell: Any, formula_cell: Any) -> tuple[Any, str]:
    value = cell.value
    if value is None:
        if formula_cell.data_type == "f":
            return str(formula_cell.value), "formula"
        return None, "empty"
    if cell.data_type == "e":
        return str(value), "error"
    if isinstance(value, bool):
        return value, "bool"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(), "date"
    if isinstance(value, int | float):
        return value, "number"
    return str(value), "text"


def grid_book(path: Path) -> GridBook:
    return GridBook(grid_from_xlsx(path), name=str(path))


def issues(report: Any) -> list[tuple[Any, ...]]:
    return [(i.code, i.severity, i.sheet, i.cell, i.value, i.message("en"), i.message("id"))
            for i in report.issues]


def same_cell(plan_cell: tuple[Any, str], file_value: Any) -> bool:
    """A plan cell (value, kind) and what openpyxl reads from the file hold the same."""
    value, kind = plan_cell
    if kind == "number":
        return not isinstance(file_value, bool) and Decimal(value) == Decimal(str(file_value))
    if kind == "date":
        return isinstance(file_value, dt.datetime) and file_value.date().isoformat() == value
    return file_value == value


def assert_sheet_equal(plan: EditPlan, sheet: str, path: Path) -> None:
    ws = openpyxl.load_workbook(path)[sheet]
    written = {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
    planned = plan.cells(sheet)
    assert set(planned) == set(written), sheet
    wrong = [ref for ref in planned if not same_cell(planned[ref], written[ref])]
    assert not wrong, [(ref, planned[ref], written[ref]) for ref in wrong]


def twins(make_book: Any, tmp_path: Path, sheets: dict[str, Any]) -> tuple[Path, Path]:
    """The book at ``path``, and its copy ``twin`` kept as it was (the grid's source)."""
    path = make_book(sheets)
    twin = tmp_path / "twin.xlsx"
    shutil.copyfile(path, twin)
    return path, twin


def marked_cells(path: Path, sheet: str) -> dict[str, str | None]:
    """The cells under backoffice's highlight on ``sheet`` -> their note (None: no note)."""
    ws = openpyxl.load_workbook(path)[sheet]
    cells: dict[str, str | None] = {}
    for rule_range in ws.conditional_formatting:
        if any("backoffice-mark" in (r.formula or [""])[0] for r in rule_range.rules):
            for bounds in rule_range.sqref.ranges:
                for row in ws[bounds.coord] if ":" in bounds.coord else ((ws[bounds.coord],),):
                    for cell in row:
                        cells[cell.coordinate] = cell.comment.text if cell.comment else None
    return cells


# -- golden: Check -------------------------------------------------------------------------------
def test_check_through_a_grid_gives_the_files_report_and_outcome(make_book, tmp_path):
    path, twin = twins(make_book, tmp_path, ledger(WRONG))
    on_file = actions.check(path, actions.CheckOptions(lang="en", marks=False))
    grid = GridBook(grid_from_xlsx(twin), name=str(path))
    on_grid = actions.check(grid, actions.CheckOptions(lang="en", marks=False))
    assert on_file.report is not None and on_grid.report is not None
    assert len(on_file.report.errors) >= 2  # an unknown account and a text amount at least
    assert issues(on_grid.report) == issues(on_file.report)
    assert on_grid.report.sheets == on_file.report.sheets
    assert on_grid.lines("en") == on_file.lines("en") and on_grid.lines("id") == on_file.lines("id")
    assert on_grid.exit_code == on_file.exit_code == 1
    assert grid.plan.empty and set(grid.plan.read) >= {"Settings", "Accounts", "Journal"}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_check_and_mark_plan_sets_what_the_file_writer_wrote(make_book, tmp_path, lang):
    path, twin = twins(make_book, tmp_path, ledger(WRONG))
    on_file = actions.check_and_mark(path, actions.CheckOptions(lang=lang))
    grid = GridBook(grid_from_xlsx(twin), name=str(path))
    on_grid = actions.check_and_mark(grid, actions.CheckOptions(lang=lang))
    assert on_grid.lines() == on_file.lines()
    assert issues(on_grid.report) == issues(on_file.report)
    issues_sheet_name = ISSUES_SHEET[lang]
    assert on_grid.written.files == on_file.written.files == (str(path),)
    plan = grid.plan
    # The Issues sheet and the marks record: cell for cell what the file got.
    assert_sheet_equal(plan, issues_sheet_name, path)
    assert_sheet_equal(plan, MARKS_SHEET, path)
    adds = {op["sheet"]: op["state"] for op in plan.operations if op["op"] == "add_sheet"}
    assert adds == {issues_sheet_name: "visible", MARKS_SHEET: "veryHidden"}
    assert openpyxl.load_workbook(path)[MARKS_SHEET].sheet_state == "veryHidden"
    # The Issues sheet's links point where the file's hyperlinks point.
    issues_sheet = openpyxl.load_workbook(path)[issues_sheet_name]
    file_links = {c.coordinate: c.hyperlink.location for row in issues_sheet.iter_rows()
                  for c in row if c.hyperlink is not None}
    writes = [op for op in plan.operations if op["op"] == "write_output_sheet"
              and op["sheet"] == issues_sheet_name]
    assert {link["cell"]: link["target"] for link in writes[0]["links"]} == file_links
    # The marks: the same cells highlighted, the same notes.
    planned = {m["cell"]: m["note"] for m in plan.marks("Journal")}
    assert planned and planned == marked_cells(path, "Journal")
    assert all(note.startswith(NOTE_MARKER) for note in planned.values() if note)


def test_checking_a_marked_book_again_replaces_the_marks_in_both(make_book, tmp_path):
    path = make_book(ledger(WRONG))
    actions.check_and_mark(path, actions.CheckOptions(lang="en"))
    twin = tmp_path / "twin.xlsx"
    shutil.copyfile(path, twin)
    # Fixed in both: only the text amount is left wrong.
    for target in (path, twin):
        book = openpyxl.load_workbook(target)
        book["Journal"]["C6"] = "1101"
        book.save(target)
    grid = GridBook(grid_from_xlsx(twin), name=str(path))
    assert grid.sheets["Issues"].output == "issues" and grid.sheets["Journal"].marked
    on_file = actions.check_and_mark(path, actions.CheckOptions(lang="en"))
    on_grid = actions.check_and_mark(grid, actions.CheckOptions(lang="en"))
    assert issues(on_grid.report) == issues(on_file.report)
    assert on_grid.lines() == on_file.lines()
    # Replaced in place: nothing is added, the Issues sheet is rewritten where it is.
    assert not [op for op in grid.plan.operations if op["op"] == "add_sheet"]
    assert_sheet_equal(grid.plan, "Issues", path)
    assert_sheet_equal(grid.plan, MARKS_SHEET, path)
    assert {m["cell"]: m["note"] for m in grid.plan.marks("Journal")} == marked_cells(path, "Journal")


# -- golden: Post ----------------------------------------------------------------------------------
def test_post_through_a_grid_writes_the_files_output_sheets(make_book, tmp_path):
    path, twin = twins(make_book, tmp_path, ledger(BALANCED))
    on_file = actions.post(path, actions.PostOptions(lang="en"))
    grid = GridBook(grid_from_xlsx(twin), name=str(path))
    on_grid = actions.post(grid, actions.PostOptions(lang="en"))
    assert on_file.exit_code == on_grid.exit_code == 0
    assert on_grid.lines("en") == on_file.lines("en") and on_grid.lines("id") == on_file.lines("id")
    assert issues(on_grid.report) == issues(on_file.report)
    assert on_grid.written.sheets == on_file.written.sheets
    for sheet in on_file.written.sheets:
        assert_sheet_equal(grid.plan, sheet, path)
    charts = [op["charts"] for op in grid.plan.operations
              if op["op"] == "write_output_sheet" and op["sheet"] == "Dashboard"]
    assert charts and charts[0], "the Dashboard's charts travel in the plan"


def test_posting_again_replaces_the_output_sheets_in_place(make_book, tmp_path):
    path = make_book(ledger(BALANCED))
    actions.post(path, actions.PostOptions(lang="en"))
    grid = grid_book(path)
    result = actions.post(grid, actions.PostOptions(lang="en"))
    assert result.exit_code == 0
    assert not [op for op in grid.plan.operations if op["op"] == "add_sheet"]
    written = [op["sheet"] for op in grid.plan.operations if op["op"] == "write_output_sheet"]
    assert written == list(result.written.sheets)


def test_post_refused_through_a_grid_plans_nothing(make_book, tmp_path):
    path, twin = twins(make_book, tmp_path, ledger([[D, "JV-1", "1101", "a", 10, None, None],
                                                    [D, "JV-1", "4101", "a", None, 9, None]]))
    on_file = actions.post(path, actions.PostOptions(lang="id"))
    grid = GridBook(grid_from_xlsx(twin), name=str(path))
    on_grid = actions.post(grid, actions.PostOptions(lang="id"))
    assert on_grid.exit_code == on_file.exit_code == 1
    assert on_grid.lines() == on_file.lines()
    assert issues(on_grid.report) == issues(on_file.report)
    assert grid.plan.empty


# -- the plan: row IDs, staleness, JSON ---------------------------------------------------------------
def test_marks_and_links_carry_the_row_id_of_their_row(make_book, tmp_path):
    header = [*JOURNAL_HEADER, "ID"]
    rows = [[*row, f"r{n}"] for n, row in enumerate(WRONG, start=1)]
    path = make_book({"Settings": SETTINGS, "Accounts": ACCOUNTS, "Journal": [header, *rows]})
    grid = grid_book(path)
    actions.check_and_mark(grid, actions.CheckOptions(lang="en"))
    marks = grid.plan.marks("Journal")
    assert marks and all(m["row_id"] == f"r{int(m['cell'][1:]) - 1}" for m in marks)
    links = [link for op in grid.plan.operations if op["op"] == "write_output_sheet"
             and op["sheet"] == "Issues" for link in op["links"]]
    assert links and all(link["row_id"].startswith("r") for link in links
                         if link["target"].startswith("'Journal'"))


def test_a_plan_is_stale_when_a_sheet_it_read_changed(make_book):
    path = make_book(ledger(WRONG))
    grid = grid_book(path)
    actions.check_and_mark(grid, actions.CheckOptions(lang="en"))
    plan = grid.plan
    assert plan.stale(grid_book(path)) == []
    plan.require_fresh(grid_book(path))
    changed = grid_from_xlsx(path)
    changed["Journal"]["values"].insert(1, changed["Journal"]["values"][1])  # a row inserted
    changed["Journal"]["kinds"].insert(1, changed["Journal"]["kinds"][1])
    assert plan.stale(GridBook(changed, name=str(path))) == ["Journal"]
    with pytest.raises(StalePlan) as refused:
        plan.require_fresh(GridBook(changed, name=str(path)))
    assert refused.value.exit_code == 3
    # A sheet the plan adds must still be absent.
    added = grid_from_xlsx(path)
    added["Issues"] = {"values": [["mine"]], "kinds": [["text"]]}
    assert plan.stale(GridBook(added, name=str(path))) == ["Issues"]
    # Trailing empty cells a client may send change nothing.
    padded = grid_from_xlsx(path)
    for values, kinds in zip(padded["Journal"]["values"], padded["Journal"]["kinds"], strict=True):
        values.append(None)
        kinds.append("empty")
    assert plan.stale(GridBook(padded, name=str(path))) == []


def test_the_plan_is_versioned_json_that_round_trips(make_book):
    path = make_book(ledger(WRONG))
    grid = grid_book(path)
    actions.check_and_mark(grid, actions.CheckOptions(lang="en"))
    text = grid.plan.to_json()
    data = json.loads(text)
    assert data["format"] == "backoffice-edit-plan" and data["version"] == VERSION == 1
    assert {op["op"] for op in data["operations"]} == {"add_sheet", "write_output_sheet",
                                                       "mark_cells"}
    again = EditPlan.from_json(text)
    assert again.to_json() == text
    data["version"] = 2
    with pytest.raises(ValueError, match="version"):
        EditPlan.from_json(json.dumps(data))


def test_text_that_looks_like_a_number_stays_text_in_the_plan(make_book):
    path = make_book(ledger(BALANCED))
    grid = grid_book(path)
    actions.post(grid, actions.PostOptions(lang="en"))
    trial = grid.plan.cells("Trial Balance")
    assert trial["A2"] == ("1101", "text")  # an account code, not the number 1101
    assert trial["D2"] == ("1300.00", "number")  # exact decimal text, as the file gets it


def test_a_grid_with_an_unknown_kind_is_refused():
    with pytest.raises(BadGrid):
        GridBook({"Journal": {"values": [["x"]], "kinds": [["string"]]}})


def test_odd_cells_read_through_a_grid_give_the_files_issues(make_book, tmp_path):
    from conftest import ErrorCell, Formula

    rows = [*BALANCED,
            [D, "JV-5", "1101", "Error amount", ErrorCell("#REF!"), None, None],
            [D, "JV-5", "4101", "Uncalculated", None, Formula("=E6*2", None), None],
            [D, "JV-6", 1101, "Account typed as a number", 5, None, None],
            [D, "JV-6", "4101", "Text like a number", None, "1.500", None],
            ["not a date", "JV-7", "1101", True, 1, None, None]]
    path, twin = twins(make_book, tmp_path, ledger(rows))
    on_file = actions.check(path, actions.CheckOptions(lang="en", marks=False))
    on_grid = actions.check(GridBook(grid_from_xlsx(twin), name=str(path)),
                            actions.CheckOptions(lang="en", marks=False))
    codes = {i.code for i in on_file.report.issues}
    assert {"cell-error", "formula-not-calculated"} <= codes
    assert issues(on_grid.report) == issues(on_file.report)
    assert on_grid.lines() == on_file.lines()


def test_post_of_documents_through_a_grid_plans_the_journal_rows_the_file_got(make_book, tmp_path):
    from arapbook import arap_book

    invoice = ["INV-1", dt.date(2026, 3, 2), "C01", None, None, None, "Goods", 2, 1000, None, None]
    path = arap_book(make_book, invoices=[invoice])
    twin = tmp_path / "twin.xlsx"
    shutil.copyfile(path, twin)
    on_file = actions.post(path, actions.PostOptions(lang="en"))
    grid = GridBook(grid_from_xlsx(twin), name=str(path))
    on_grid = actions.post(grid, actions.PostOptions(lang="en"))
    assert on_file.exit_code == on_grid.exit_code == 0
    assert on_grid.lines() == on_file.lines()
    assert issues(on_grid.report) == issues(on_file.report)
    assert on_grid.written.sheets == on_file.written.sheets
    for sheet in on_file.written.sheets:
        assert_sheet_equal(grid.plan, sheet, path)
    # The generated Journal rows: cell for cell what the file writer appended.
    writes = [op for op in grid.plan.operations if op["op"] == "write_rows"]
    assert [op["sheet"] for op in writes] == ["Journal"]
    journal = openpyxl.load_workbook(path)["Journal"]
    planned = {f"{letter}{row['row']}": (cell["value"], cell["kind"])
               for row in writes[0]["rows"] for letter, cell in row["cells"].items()}
    first = min(row["row"] for row in writes[0]["rows"])
    written = {c.coordinate: c.value for r in journal.iter_rows(min_row=first) for c in r
               if c.value is not None}
    assert planned and set(planned) == set(written)
    assert all(same_cell(planned[ref], written[ref]) for ref in planned), \
        [(ref, planned[ref], written[ref]) for ref in planned if not same_cell(planned[ref], written[ref])]
    # The plan was made from the Journal as the client read it, before the rows were added.
    assert grid.plan.stale(GridBook(grid_from_xlsx(twin), name=str(path))) == []


# -- golden: the other actions that run on a grid ------------------------------------------------------
def test_closing_and_reopening_a_month_through_a_grid_plans_what_the_file_got(make_book, tmp_path):
    path, twin = twins(make_book, tmp_path, ledger(BALANCED))
    on_file = actions.close(path, actions.CloseOptions(period="2025-03", lang="en"))
    grid = GridBook(grid_from_xlsx(twin), name=str(path))
    on_grid = actions.close(grid, actions.CloseOptions(period="2025-03", lang="en"))
    assert on_grid.lines() == on_file.lines() and on_grid.written == on_file.written
    written = {op["sheet"] for op in grid.plan.operations if op["op"] == "write_output_sheet"}
    assert written
    for sheet in written:
        assert_sheet_equal(grid.plan, sheet, path)
    # Reopened: from the closed file, read again by the client.
    shutil.copyfile(path, twin)
    options = actions.ReopenOptions(period="2025-03", reason="late invoice", lang="en")
    on_file = actions.reopen(path, options)
    grid = GridBook(grid_from_xlsx(twin), name=str(path))
    on_grid = actions.reopen(grid, options)
    assert on_grid.lines() == on_file.lines() and on_grid.written == on_file.written
    for sheet in {op["sheet"] for op in grid.plan.operations if op["op"] == "write_output_sheet"}:
        assert_sheet_equal(grid.plan, sheet, path)
    assert not [op for op in grid.plan.operations if op["op"] == "add_sheet"]


def test_a_report_through_a_grid_is_the_files_report(make_book, tmp_path):
    path, twin = twins(make_book, tmp_path, ledger(BALANCED))
    options = actions.ReportOptions(name="trial-balance", lang="en")
    on_file = actions.report(path, options)
    grid = GridBook(grid_from_xlsx(twin), name=str(path))
    on_grid = actions.report(grid, options)
    assert on_file.text and on_grid.text == on_file.text
    assert on_grid.lines() == on_file.lines() and grid.plan.empty


def test_a_users_own_note_on_a_wrong_cell_is_kept_in_both(make_book, tmp_path):
    path = make_book(ledger(WRONG))
    book = openpyxl.load_workbook(path)
    book["Journal"]["C6"].comment = openpyxl.comments.Comment("ask Budi about 9999", "Sari")
    book.save(path)
    twin = tmp_path / "twin.xlsx"
    shutil.copyfile(path, twin)
    actions.check_and_mark(path, actions.CheckOptions(lang="en"))
    grid = GridBook(grid_from_xlsx(twin), name=str(path))
    actions.check_and_mark(grid, actions.CheckOptions(lang="en"))
    planned = {m["cell"]: m["note"] for m in grid.plan.marks("Journal")}
    on_file = marked_cells(path, "Journal")
    assert planned["C6"] is None and on_file["C6"].startswith("ask Budi")  # highlighted, note kept
    assert {ref: note for ref, note in planned.items() if ref != "C6"} == \
        {ref: note for ref, note in on_file.items() if ref != "C6"}


def test_hidden_state_a_client_showed_is_hidden_again(make_book, tmp_path):
    path = make_book(ledger(WRONG))
    actions.check_and_mark(path, actions.CheckOptions(lang="en"))
    sheets = grid_from_xlsx(path)
    sheets[MARKS_SHEET]["state"] = "hidden"  # as LibreOffice's save leaves it
    grid = GridBook(sheets, name=str(path))
    actions.check_and_mark(grid, actions.CheckOptions(lang="en"))
    assert {"op": "set_state", "sheet": MARKS_SHEET, "state": "veryHidden"} in grid.plan.operations

"""The Excel book (backoffice.addin.excel): the open workbook read as a grid, the plan applied.

Live Excel cannot run on Linux: every test here runs against tests/xlwings_double.py, a
stateful stand-in for the xlwings surface the Excel book uses that applies Excel's rules
for values set over COM ("0042" -> 42, "=..." -> a formula, "1/2" -> a date unless the
cell is formatted as text). The tests assert the workbook the double ends up holding —
golden against what the file writer wrote for the same data — not the calls made.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlwings_double as xw
from backoffice.addin import excel
from backoffice.addin.excel import book as excel_book
from conftest import ledger
from test_grid_book import BALANCED, WRONG, grid_from_xlsx, twins

from backoffice import actions
from backoffice.books.hiddenstate import NOTE_MARKER


def _file_cells(path, sheet):
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def _same(excel_value, file_value):
    if isinstance(file_value, (int, float)) and not isinstance(file_value, bool):
        return Decimal(str(excel_value)) == Decimal(str(file_value))
    if isinstance(file_value, dt.datetime):
        return excel_value == file_value
    return excel_value == file_value


def _excel_values(book, sheet):
    """Address -> the value xlwings reads back (dates as datetime)."""
    rng = book.sheets[sheet].used_range
    last = rng.last_cell
    rows = book.sheets[sheet].range((1, 1), (last.row, last.column)).options(ndim=2).value
    from backoffice.books.ooxml import column_letter

    return {f"{column_letter(c)}{r}": v for r, row in enumerate(rows, start=1)
            for c, v in enumerate(row) if v is not None}


def test_check_button_leaves_the_issues_sheet_and_marks_the_file_writer_wrote(
        make_book, tmp_path):
    """Golden: the Check button on the double holds what Check wrote into the file (both
    in the book's language)."""
    path, twin = twins(make_book, tmp_path, ledger(WRONG))
    on_file = actions.check_and_mark(path)
    book = xw.book_from_grid(grid_from_xlsx(twin), name=str(path))
    outcome = excel.run(book, "check")
    assert outcome == on_file.outcome
    assert book.app.alerts == [("backoffice", on_file.outcome.pick(on_file.language))]
    issues_sheet = "Issues"
    in_excel, in_file = _excel_values(book, issues_sheet), _file_cells(path, issues_sheet)
    assert set(in_excel) == set(in_file)
    assert [r for r in in_file if not _same(in_excel[r], in_file[r])] == []
    # The wrong cells are highlighted with the locale-proof formula and noted.
    journal = book.sheets["Journal"]
    highlighted = {k for c in journal.conditions for k in c.cells}
    assert highlighted and all(c.Formula1 == "=1=1" for c in journal.conditions)
    assert all(text.startswith(NOTE_MARKER) for text in journal.note_texts.values())
    assert len(journal.note_texts) >= 2
    # The Issues sheet's cell references jump to the wrong cells, as in the file.
    links = book.sheets["Issues"].links
    assert links and all(target.startswith("#'Journal'!") or target.startswith("#")
                         for target in links.values())
    file_links = {c.coordinate: c.hyperlink.location for row in
                  openpyxl.load_workbook(path)["Issues"].iter_rows() for c in row if c.hyperlink}
    assert {f"{chr(64 + c)}{r}": t.lstrip("#") for (r, c), t in links.items()} == file_links
    # Excel is as the person left it.
    assert (book.app.calculation, book.app.screen_updating, book.app.enable_events) == \
        ("automatic", True, True)
    assert book.app.status_bar is False and book.app.status_history


def test_checking_again_replaces_our_marks_and_keeps_the_users_note(make_book, tmp_path):
    path, twin = twins(make_book, tmp_path, ledger(WRONG))
    book = xw.book_from_grid(grid_from_xlsx(twin), name=str(path))
    excel.run(book, "check")
    journal = book.sheets["Journal"]
    journal.note_texts[(1, 1)] = "my own note"
    first = (len(journal.conditions), dict(journal.note_texts))
    excel.run(book, "check")
    assert (len(journal.conditions), dict(journal.note_texts)) == first
    assert journal.note_texts[(1, 1)] == "my own note"


def test_post_button_writes_the_output_sheets_the_file_got(make_book, tmp_path):
    path, twin = twins(make_book, tmp_path, ledger(BALANCED))
    on_file = actions.post(path, actions.PostOptions(lang="en"))
    book = xw.book_from_grid(grid_from_xlsx(twin), name=str(path))
    outcome = excel.run(book, "post")
    assert outcome.en == on_file.outcome.en and "not drawn" not in outcome.en
    for sheet in on_file.written.sheets:
        in_excel, in_file = _excel_values(book, sheet), _file_cells(path, sheet)
        assert set(in_excel) == set(in_file), sheet
        assert [r for r in in_file if not _same(in_excel[r], in_file[r])] == [], sheet
    # The Dashboard's charts, as the file got them: the type and the source ranges.
    want = _file_charts(path)
    assert want and {kind for kind, _ in want} == {"column_clustered", "line_markers"}
    dashboard = book.sheets["Dashboard"]
    ours = [c for c in dashboard.charts if c.name.startswith(excel_book.CHART_PREFIX)]
    assert sorted((c.chart_type, c.source) for c in ours) == want
    assert all(c.width > 0 and c.height > 0 for c in ours)
    # Posting twice replaces in place: same sheets, same cells, our charts replaced and the
    # user's own chart left alone.
    mine = dashboard.charts.add(0, 0, 200, 100)
    mine.set_source_data(dashboard.range("A1:B5"))
    before = {s.name: book.cells(s.name) for s in book.sheets}
    excel.run(book, "post")
    assert {s.name: book.cells(s.name) for s in book.sheets} == before
    assert len(dashboard.charts) == len(want) + 1 and mine in list(dashboard.charts)
    assert sorted((c.chart_type, c.source) for c in dashboard.charts if c is not mine) == want


def _file_charts(path):
    """The Dashboard's charts in the file, as (xlwings chart type, source address): the
    categories then each series' values, each with the header row above it."""
    from openpyxl.utils.cell import range_boundaries

    from backoffice.books.ooxml import column_letter
    found = []
    for chart in openpyxl.load_workbook(path)["Dashboard"]._charts:
        refs = [chart.series[0].cat.strRef.f] + [s.val.numRef.f for s in chart.series]
        areas = []
        for ref in refs:
            c0, r0, c1, r1 = range_boundaries(ref.rpartition("!")[2])
            areas.append(f"${column_letter(c0 - 1)}${r0 - 1}:${column_letter(c1 - 1)}${r1}")
        found.append(("line_markers" if chart.tagname == "lineChart" else "column_clustered",
                      ",".join(areas)))
    return sorted(found)


def test_text_that_excel_would_convert_stays_text():
    """"0042", "=1+1" and "1/2" written as text cells of an output sheet come back as text;
    without the text format first the same values would not (the double converts them)."""
    book = xw.Book()
    sheet = book.sheets.add("Out")
    op = {"op": "write_output_sheet", "sheet": "Out", "output": "issues", "range": "A1:B4",
          "columns": [{"header": "Code", "style": "amount", "width": 10},
                      {"header": "Text", "style": "text", "width": 10}],
          "values": [["Code", "Text"], ["0042", "=1+1"], ["1/2", "TRUE"], ["1300.50", "x"]],
          "kinds": [["text", "text"], ["text", "text"], ["text", "text"], ["number", "text"]],
          "links": [], "frozen": "A2", "filter": None, "tab_color": None, "charts": None}
    from backoffice.books.editplan import EditPlan

    excel_book.apply_plan(book, EditPlan("b", {}, [op]))
    assert book.cells("Out") == {"A1": "Code", "B1": "Text", "A2": "0042", "B2": "=1+1",
                                 "A3": "1/2", "B3": "TRUE", "A4": 1300.5, "B4": "x"}
    assert sheet.cells[(2, 2)].formula is None
    # The control: the double does apply Excel's conversions to an unformatted cell.
    sheet.range("D1").value = "0042"
    sheet.range("D2").value = "=1+1"
    sheet.range("D3").value = "1/2"
    assert book.cells("Out")["D1"] == 42.0 and sheet.cells[(2, 4)].formula == "=1+1"
    assert isinstance(sheet.range("D3").value, dt.datetime)


def test_reading_tells_errors_dates_numbers_and_text_apart():
    grid = {"S": {"values": [["0042", 42, "2025-03-03", "#N/A", "#N/A", True, None]],
                  "kinds": [["text", "number", "date", "text", "error", "bool", "empty"]]}}
    book = xw.book_from_grid(grid)
    read = excel_book.read_grid(book)["S"]
    assert read["values"][0][:6] == ["0042", 42.0, "2025-03-03", "#N/A", "#N/A", True]
    assert read["kinds"][0][:6] == ["text", "number", "date", "text", "error", "bool"]


def test_marks_over_many_cells_are_chunked_and_notes_capped():
    book = xw.Book()
    sheet = book.sheets.add("Journal")
    sheet.range("A1").value = "Date"
    marks = [{"cell": f"AB{r}", "note": f"{NOTE_MARKER}\nwrong {r}"} for r in range(1, 400)]
    from backoffice.books.editplan import EditPlan

    excel_book.apply_plan(book, EditPlan("b", {}, [{"op": "mark_cells", "sheet": "Journal",
                                                     "marks": marks}]))
    highlighted = {k for c in sheet.conditions for k in c.cells}
    assert highlighted == {(r, 28) for r in range(1, 400)}
    assert len(sheet.conditions) > 1  # more than 255 characters of addresses: chunked
    assert len(sheet.note_texts) == excel_book.NOTES_CAP
    assert all(len(a) <= 255 for a in excel_book.chunk_addresses([m["cell"] for m in marks]))


def test_excel_settings_are_restored_when_the_action_fails(monkeypatch):
    book = xw.Book()
    book.sheets.add("Settings")

    def boom(_grid):
        raise RuntimeError("engine failed")

    monkeypatch.setitem(excel.ON_GRID, "check", boom)
    with pytest.raises(RuntimeError):
        excel.run(book, "check")
    assert (book.app.calculation, book.app.screen_updating, book.app.enable_events) == \
        ("automatic", True, True)
    assert book.app.status_bar is False


def test_a_sheet_changed_while_the_action_ran_gets_nothing(make_book, tmp_path, monkeypatch):
    path, twin = twins(make_book, tmp_path, ledger(WRONG))
    book = xw.book_from_grid(grid_from_xlsx(twin), name=str(path))
    real = excel_book.read_grid
    calls = []

    def typing_meanwhile(b):
        calls.append(1)
        if len(calls) == 2:  # the person types into the Journal while Check runs
            b.sheets["Journal"].range("D2").value = "typed"
        return real(b)

    monkeypatch.setattr(excel, "read_grid", typing_meanwhile)
    before = set(s.name for s in book.sheets)
    outcome = excel.run(book, "check")
    assert "nothing was written" in outcome.en and "tidak ada yang ditulis" in outcome.id
    assert set(s.name for s in book.sheets) == before


def test_payroll_button_writes_the_latest_months_sheets_the_file_run_wrote(tmp_path, monkeypatch):
    """Run payroll on the open book (Linux: no input box, so the latest month with pay
    data, named in the outcome) writes the sheets ``backoffice payroll --period`` wrote
    into the file, figure for figure; a month that is not YYYY-MM writes nothing."""
    import shutil

    from test_payroll import employee

    from backoffice.payroll.book import write_payroll_book

    path = Path(write_payroll_book(
        str(tmp_path / "pay.xlsx"), [employee(), employee("E2", basic=20000000)],
        pay_items=[{"date": dt.date(2025, 2, 6), "employee": "E1", "item": "bonus",
                    "amount": Decimal("1500000")},
                   {"date": dt.date(2025, 4, 7), "employee": "E2", "item": "bonus",
                    "amount": Decimal("2750000")}]))
    twin = tmp_path / "twin.xlsx"
    shutil.copyfile(path, twin)
    on_file = actions.payroll(path, actions.PayrollOptions(period="2025-04"))
    assert on_file.exit_code == 0 and on_file.written.sheets
    book = xw.book_from_grid(grid_from_xlsx(twin), name=str(path))
    outcome = excel.run(book, "payroll")
    assert outcome.en.startswith(on_file.outcome.en), outcome.en
    assert "ran 2025-04, the latest month with pay data" in outcome.en
    assert "--finalize --post-to" in outcome.en and "--finalize --post-to" in outcome.id
    assert book.app.alerts[-1][1] == outcome.en
    for sheet in on_file.written.sheets:
        # a payslip's blank headers are "" in the file; "" set over COM leaves Excel's cell empty
        in_excel = _excel_values(book, sheet)
        in_file = {k: v for k, v in _file_cells(path, sheet).items() if v != ""}
        assert set(in_excel) == set(in_file), sheet
        assert [r for r in in_file if not _same(in_excel[r], in_file[r])] == [], sheet

    fresh = xw.book_from_grid(grid_from_xlsx(twin), name=str(path))
    before = {s.name: fresh.cells(s.name) for s in fresh.sheets}
    monkeypatch.setattr(excel, "ask_month", lambda _app, _lang: "April")  # typed in the box
    wrong = excel.run(fresh, "payroll")
    assert "'April' is not a month like 2026-03" in wrong.en and "bukan bulan" in wrong.id
    assert {s.name: fresh.cells(s.name) for s in fresh.sheets} == before


def _stock_twins(make_book, tmp_path, lang, moves=None):
    import test_inventory as inventory

    settings = [["Language", "Indonesian" if lang == "id" else "English"] if row[0] == "Language"
                else row for row in inventory.SETTINGS]
    return twins(make_book, tmp_path, {
        "Settings": settings, "Items": inventory.ITEMS,
        "Stock moves": [inventory.MOVES_HEADER, *(moves or inventory.MOVES)],
        "Stock counts": inventory.COUNTS})


@pytest.mark.parametrize("lang", ["en", "id"])
def test_stock_button_writes_the_five_sheets_the_file_run_wrote_as_of_today(
        make_book, tmp_path, lang):
    """Stock and reorder on the open book: as of today, posted to no ledger (a button
    cannot ask), both said in the outcome in the book's language; the sheets hold what
    ``backoffice stock --as-of today`` wrote into the file, figure for figure."""
    path, twin = _stock_twins(make_book, tmp_path, lang)
    today = dt.date.today()
    on_file = actions.stock(path, actions.StockOptions(as_of=today))
    assert on_file.exit_code == 0 and len(on_file.written.sheets) == 5
    assert on_file.language == lang
    book = xw.book_from_grid(grid_from_xlsx(twin), name=str(path))
    outcome = excel.run(book, "stock")
    assert outcome.en.startswith(on_file.outcome.en), outcome.en
    assert outcome.id.startswith(on_file.outcome.id), outcome.id
    assert f"As of today ({today.isoformat()}), posted to no ledger" in outcome.en
    assert f"Per hari ini ({today.isoformat()}), tidak diposting" in outcome.id
    assert "--as-of YYYY-MM-DD --post-to" in outcome.en and "BUKU-BESAR.xlsx" in outcome.id
    assert book.app.alerts == [("backoffice", outcome.pick(lang))]
    for sheet in on_file.written.sheets:
        in_excel, in_file = _excel_values(book, sheet), _file_cells(path, sheet)
        assert set(in_excel) == set(in_file), sheet
        assert [r for r in in_file if not _same(in_excel[r], in_file[r])] == [], sheet
        # each is an output sheet of backoffice's, named as in the file
        assert any(n.name.endswith("_backoffice_output") for n in book.sheets[sheet].names)
    # Clicking again replaces the sheets in place: no sheet added, the same cells.
    before = {s.name: book.cells(s.name) for s in book.sheets}
    excel.run(book, "stock")
    assert {s.name: book.cells(s.name) for s in book.sheets} == before
    assert (book.app.calculation, book.app.screen_updating, book.app.enable_events) == \
        ("automatic", True, True)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_stock_button_on_a_book_with_errors_writes_no_stock_and_says_fix_first(
        make_book, tmp_path, lang):
    """A move of an unknown SKU: the file run refuses; so does the button, writing no
    stock sheet, and its message box says to fix the errors first, in the book's language."""
    import test_inventory as inventory

    moves = [*inventory.MOVES, [dt.date(2025, 2, 7), "NOPE-1", 5, None, 100, None, None,
                                None, None]]
    path, twin = _stock_twins(make_book, tmp_path, lang, moves)
    on_file = actions.stock(path, actions.StockOptions(as_of=dt.date.today()))
    assert on_file.exit_code == 1
    book = xw.book_from_grid(grid_from_xlsx(twin), name=str(path))
    before = {s.name: book.cells(s.name) for s in book.sheets}
    outcome = excel.run(book, "stock")
    assert outcome == on_file.outcome
    assert book.app.alerts[-1][1] == outcome.pick(lang)
    assert ("fix the errors" in outcome.en) and ("perbaiki galat" in outcome.id)
    assert {s.name: book.cells(s.name) for s in book.sheets} == before


@pytest.mark.parametrize("lang", ["en", "id"])
def test_sync_button_dispatches_to_the_sync_action_on_the_open_book(
        make_book, tmp_path, lang, monkeypatch):
    """The Sync button runs ``backoffice.actions.sync`` on the open book as a grid book,
    known by its full name, its store beside the file on a local disk; the message box shows
    the action's outcome in the book's language and Excel's settings come back."""
    seen = []
    real = actions.sync

    def spy(book, options=None, progress=None):
        seen.append((type(book).__name__, book.name, options.store, options.location,
                     options.beside))
        return real(book, options, progress)

    monkeypatch.setattr(actions, "sync", spy)
    monkeypatch.delenv("BACKOFFICE_STORE", raising=False)
    path, twin = _stock_twins(make_book, tmp_path, lang)
    book = xw.book_from_grid(grid_from_xlsx(twin), name="stok.xlsm")
    full = str(tmp_path / "stok.xlsm")
    book.fullname = full
    outcome = excel.run(book, "sync")
    assert seen == [("GridBook", "stok.xlsm", None, full, full)]
    assert outcome.en.startswith("Synced stok.xlsm with sqlite:///"), outcome.en
    assert outcome.id.startswith("stok.xlsm disinkronkan dengan sqlite:///"), outcome.id
    assert (tmp_path / "backoffice-store.sqlite").exists()
    assert book.app.alerts == [("backoffice", outcome.pick(lang))]
    assert book.app.calculation == "automatic" and book.app.status_bar is False


def test_a_book_on_onedrive_never_gets_a_store_beside_the_file():
    from backoffice.addin.excel.store import store_for

    from backoffice.errors import ActionRefused

    web = "https://contoso.sharepoint.com/sites/fin/Shared Documents/ledger.xlsm"
    with pytest.raises(ActionRefused) as refused:
        store_for(web, None, environ={})
    assert "OneDrive" in refused.value.render("en") and "OneDrive" in refused.value.render("id")
    assert store_for(web, "postgresql://db/backoffice", environ={}) == \
        "postgresql://db/backoffice"
    assert store_for(web, None, environ={"BACKOFFICE_STORE": "sqlite:///s.db"}) == \
        "sqlite:///s.db"
    assert store_for("C:\\Keuangan\\ledger.xlsm", None, environ={}) is None  # beside it


def test_the_sync_button_on_a_book_at_a_url_says_the_store_must_be_named():
    book = xw.Book("ledger.xlsm")
    book.fullname = "https://contoso-my.sharepoint.com/personal/ani/Documents/ledger.xlsm"
    book.sheets.add("Settings")
    outcome = excel.run(book, "sync")
    assert "OneDrive" in outcome.en and "store" in outcome.id
    assert book.app.calculation == "automatic"


def test_post_refused_on_the_open_book_writes_nothing_and_says_why(make_book, tmp_path):
    path, twin = twins(make_book, tmp_path, ledger(WRONG))
    on_file = actions.post(path)
    book = xw.book_from_grid(grid_from_xlsx(twin), name=str(path))
    before = {s.name: book.cells(s.name) for s in book.sheets}
    outcome = excel.run(book, "post")
    assert on_file.exit_code == 1 and outcome == on_file.outcome
    assert {s.name: book.cells(s.name) for s in book.sheets} == before


def test_the_sync_button_sends_the_open_book_and_writes_the_ids_the_file_sync_wrote(
        make_book, tmp_path, monkeypatch):
    """Golden: the Sync button on the open workbook (the double, saved at a local path: its
    store beside it) sends what Sync of the same file sends, and the double ends up holding
    the file's cells, the ID column and its header added by the plan included."""
    import shutil

    from sync_helpers import run as sync_file
    from sync_helpers import store_rows, table

    monkeypatch.delenv("BACKOFFICE_STORE", raising=False)
    monkeypatch.setenv("BACKOFFICE_USER", "ana")
    path, twin = twins(make_book, tmp_path, ledger(BALANCED))
    folder = tmp_path / "open"
    folder.mkdir()
    opened = folder / "ledger.xlsm"
    shutil.copy(twin, opened)
    on_file = sync_file(path, f"sqlite:///{tmp_path / 'file-store.db'}")
    book = xw.book_from_grid(grid_from_xlsx(twin), name="ledger.xlsm")
    book.fullname = str(opened)
    outcome = excel.run(book, "sync")
    assert outcome.en.startswith("Synced ledger.xlsm with sqlite:///"), outcome.en
    url = f"sqlite:///{folder / 'backoffice-store.sqlite'}"
    stored = store_rows(url, "journal")
    assert len(stored) == len(store_rows(f"sqlite:///{tmp_path / 'file-store.db'}", "journal"))
    assert on_file.pushed["journal"][0] == len(stored)
    cells = _excel_values(book, "Journal")
    ids = {v for ref, v in cells.items() if ref.startswith("H") and ref != "H1"}
    file_header = next(c for c, v in _file_cells(path, "Journal").items()
                       if c.endswith("1") and v == "ID")
    assert cells[file_header] == "ID"
    assert ids == {r["row_id"] for r in stored}
    assert len(table(path, "Journal")) == len(ids)
    validation = book.sheets["Journal"].validations
    assert any(rule.get("Formula1") == "=1=0" and rule.get("ShowError") for rule in validation.values())
    # Pressed again: nothing to send, nothing written.
    again = excel.run(book, "sync")
    assert len(store_rows(url, "journal")) == len(stored), again.en


def test_reading_lists_the_formula_cells_sync_must_leave_alone():
    """A calculated formula reads as its result; only ``formulas`` tells Sync it is one."""
    book = xw.Book("ledger.xlsm")
    sheet = book.sheets.add("Journal")
    sheet.range("A1").value = [["Debit", "Note"], [1500, "=A2*2"], [None, "plain"]]
    text = sheet.range("B4")
    text.number_format = "@"
    text.value = "=typed as text"
    grid = excel_book.read_grid(book)
    assert grid["Journal"]["formulas"][:1] == ["B2"]
    assert "B3" not in grid["Journal"]["formulas"] and "A2" not in grid["Journal"]["formulas"]


def test_sync_refused_as_stale_says_the_store_has_it_and_the_next_click_sends_nothing_twice(
        make_book, tmp_path, monkeypatch):
    """The person types while Sync runs: the store committed, the plan is refused. The
    outcome says so (click again), and the next click sends nothing a second time."""
    from sync_helpers import store_rows

    monkeypatch.delenv("BACKOFFICE_STORE", raising=False)
    monkeypatch.setenv("BACKOFFICE_USER", "ana")
    path, twin = twins(make_book, tmp_path, ledger(BALANCED))
    book = xw.book_from_grid(grid_from_xlsx(twin), name="ledger.xlsm")
    book.fullname = str(tmp_path / "ledger.xlsm")
    real = excel_book.read_grid
    calls = []

    def typing_meanwhile(b):
        calls.append(1)
        if len(calls) == 2:  # typed into the Journal while Sync ran
            b.sheets["Journal"].range("D2").value = "Sale, typed"
        return real(b)

    monkeypatch.setattr(excel, "read_grid", typing_meanwhile)
    outcome = excel.run(book, "sync")
    assert outcome == excel.STALE_SYNC
    url = f"sqlite:///{tmp_path / 'backoffice-store.sqlite'}"
    assert len(store_rows(url, "journal")) == 4
    assert not any(v for ref, v in _excel_values(book, "Journal").items()
                   if ref.startswith("H") and ref != "H1")  # no ID written
    outcome = excel.run(book, "sync")
    assert outcome.en.startswith("Synced"), outcome.en
    stored = store_rows(url, "journal")
    assert len(stored) == 4  # the typed change is an update, not a fifth row
    assert "Sale, typed" in {r["description"] for r in stored}
    ids = {v for ref, v in _excel_values(book, "Journal").items() if ref.startswith("H") and ref != "H1"}
    assert ids == {r["row_id"] for r in stored}


def test_check_after_switching_the_language_renames_the_issues_sheet(make_book, tmp_path):
    """Settings switched to Indonesian: the next Check renames "Issues" to "Masalah" (one
    sheet, never a second), its links still jump to the wrong cells, and a formula of the
    user's that refers to it follows it (the double renames formulas as Excel does)."""
    path, twin = twins(make_book, tmp_path, ledger(WRONG))
    book = xw.book_from_grid(grid_from_xlsx(twin), name=str(path))
    excel.run(book, "check")
    links = dict(book.sheets["Issues"].links)
    assert links
    book.sheets["Settings"].range("C1").value = "=COUNTA(Issues!A:A)"
    settings = book.sheets["Settings"]
    row = next(r for (r, c), cell in settings.cells.items() if c == 1 and cell.value == "Language")
    settings.range((row, 2)).value = "Indonesia"
    excel.run(book, "check")
    names = [sheet.name for sheet in book.sheets]
    assert "Masalah" in names and "Issues" not in names
    ours = [s.name for s in book.sheets if s._names.get("_backoffice_output") == '="issues"']
    assert ours == ["Masalah"]
    masalah = book.sheets["Masalah"]
    assert masalah.cells[(1, 1)].value == "Tingkat"
    assert masalah.links == links  # the same wrong cells, by the same targets
    assert settings.cells[(1, 3)].formula == "=COUNTA(Masalah!A:A)"

"""The Back office menu in LibreOffice Calc, for real (issue 18).

One private headless soffice per module, started with a clean environment, gets the
.oxt that ``backoffice addin libreoffice`` builds, installed over UNO; the worker is
the one ``--configure`` records (this venv's Python). Each menu entry is invoked the
way the menu does it: its script URL through the document's script provider, with the
document as argument (``XSCRIPTCONTEXT.getDocument()`` is None for a hidden document,
and a visible one crashes headless 7.4). The tests read the open document back over
UNO, save it from LibreOffice, and run the CLI on the saved file.

The stale-plan test runs the extension's own module in this process over the same UNO
bridge (instead of inside soffice) so that it can type into the sheet between the
worker's answer and the apply; every UNO call is the same remote call either way.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from backoffice.addin import config, worker
from backoffice.addin.libreoffice import backoffice_calc as calc
from backoffice.addin.libreoffice.build import ENTRIES, OXT_NAME, script_url
from lo_office import UNO_MODULES, Office, start, stop_worker
from programs import needs

from backoffice.books.grid import _sheet as grid_sheet
from backoffice.books.grid import fingerprint
from backoffice.books.hiddenstate import NOTE_MARKER
from backoffice.checking import check
from backoffice.cli import main
from backoffice.demo import run_demo

# -- pure parts: no LibreOffice needed ---------------------------------------------------------
GRID = {"values": [["Date", "Ref", "Amount", None], ["2025-03-03", "0042", 1500.0, None],
                   [None, "ü «x»", 1.5, True]],
        "kinds": [["text", "text", "text", "empty"], ["date", "text", "number", "empty"],
                  ["empty", "text", "number", "bool"]],
        "state": "hidden"}


def test_the_extension_fingerprints_a_sheet_as_backoffice_does() -> None:
    """The extension refuses a stale plan with its own copy of the fingerprint (it cannot
    import backoffice): it must agree with backoffice's for every kind of cell."""
    assert calc.fingerprint(GRID) == fingerprint(grid_sheet("S", GRID))
    changed = json.loads(json.dumps(GRID))
    changed["values"][1][1] = "42"
    assert calc.fingerprint(changed) != calc.fingerprint(GRID)
    padded = json.loads(json.dumps(GRID))
    padded["values"].append([None])
    padded["kinds"].append(["empty"])
    assert calc.fingerprint(padded) == calc.fingerprint(GRID)


def test_a_sheet_read_again_as_it_was_sent_keeps_its_fingerprint_and_a_changed_one_does_not(
        ) -> None:
    """The staleness check takes the fingerprint made while the worker worked for a sheet
    read again unchanged, and fingerprints a changed one again (values or kinds)."""
    sent = {"S": json.loads(json.dumps(GRID)), "T": json.loads(json.dumps(GRID))}
    prints = {name: calc.fingerprint(spec) for name, spec in sent.items()}
    plan = {"read": dict(prints)}
    assert calc.stale_sheets(plan, json.loads(json.dumps(sent)), sent, prints) == []
    typed = json.loads(json.dumps(sent))
    typed["T"]["values"][1][1] = "0043"
    assert calc.stale_sheets(plan, typed, sent, prints) == ["T"]
    retyped = json.loads(json.dumps(sent))
    retyped["S"]["kinds"][1][2] = "text"  # the same value, another kind
    assert calc.stale_sheets(plan, retyped, sent, prints) == ["S"]
    # a sent fingerprint that disagrees with the plan is not trusted blindly either
    assert calc.stale_sheets({"read": {"S": "0" * 64}}, sent, sent, prints) == ["S"]


def test_build_writes_an_oxt_with_the_menu_and_no_path_of_this_machine(tmp_path: Path) -> None:
    assert main(["addin", "libreoffice", "--out", str(tmp_path)]) == 0
    with zipfile.ZipFile(tmp_path / OXT_NAME) as oxt:
        names = set(oxt.namelist())
        assert {"META-INF/manifest.xml", "description.xml", "Addons.xcu",
                "python/backoffice_calc.py"} <= names
        texts = {name: oxt.read(name).decode("utf-8") for name in names}
    addons = texts["Addons.xcu"]
    for function, en, id_ in ENTRIES:
        assert script_url(function).replace("&", "&amp;") in addons
        assert en in addons and id_ in addons
    assert "Kantor belakang" in addons and "com.sun.star.sheet.SpreadsheetDocument" in addons
    for text in texts.values():
        assert sys.executable not in text and str(Path.home()) not in text
    assert "import backoffice" not in texts["python/backoffice_calc.py"]


def test_configure_writes_the_per_user_file_readable_by_the_user_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("BACKOFFICE_CONFIG_DIR", str(tmp_path / "cfg"))
    assert main(["addin", "libreoffice", "--configure", "--lang", "id"]) == 0
    assert capsys.readouterr().out.startswith("Dikonfigurasi: menu Kantor belakang")
    path = tmp_path / "cfg" / "addin.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["command"] == [sys.executable, "-m",
                                                      "backoffice.addin.worker"]
    assert calc.config_dir() == str(tmp_path / "cfg")  # the extension looks in the same place


def test_an_unconfigured_machine_is_told_what_to_run(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKOFFICE_CONFIG_DIR", str(tmp_path / "none"))
    with pytest.raises(calc.AddinError) as caught:
        calc.call_worker({"action": "check", "grid": {}})
    assert "backoffice addin libreoffice --configure" in caught.value.lines["en"]
    assert caught.value.lines["id"].startswith("Back office belum disiapkan")


def test_the_worker_answers_only_with_its_secret(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A real worker process on loopback: the secret file is private, a wrong secret is
    refused, the right one runs Check on a grid and returns the plan."""
    monkeypatch.setenv("BACKOFFICE_CONFIG_DIR", str(tmp_path))
    config.configure()
    endpoint = calc._start_worker(str(tmp_path))
    try:
        path = tmp_path / config.WORKER_FILE
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with pytest.raises(ConnectionRefusedError):
            calc._ask(dict(endpoint, secret="0" * 64), {"action": "check", "grid": {}}, 30)
        journal = {"values": [["Date", "Entry", "Account", "Description", "Debit", "Credit"],
                              ["2025-03-03", "JV-1", "1101", "Sale", 100.0, None],
                              ["2025-03-03", "JV-1", "4101", "Sale", None, 90.0]],
                   "kinds": [["text"] * 6, ["date", "text", "text", "text", "number", "empty"],
                             ["date", "text", "text", "text", "empty", "number"]]}
        answer = calc.call_worker({"action": "check", "grid": {"Journal": journal},
                                   "name": "tiny.xlsx"})
        assert answer["exit_code"] == 1
        assert answer["plan"]["format"] == calc.PLAN_FORMAT
        assert any(op["op"] == "mark_cells" for op in answer["plan"]["operations"])
        assert calc.call_worker({"action": "check", "probe": True})["runnable"]
        assert calc.call_worker({"action": "sync", "probe": True})["runnable"]
        assert calc.call_worker({"action": "nonsense", "probe": True})["exit_code"] == 2
    finally:
        stop_worker(tmp_path)
        # the worker leaves when told: reap it, so no process outlives the test run
        for process in calc._STARTED:
            assert process.wait(timeout=30) is not None
        calc._STARTED.clear()


def test_the_worker_says_each_step_and_stops_when_told(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A real worker process: with progress asked for, each step comes in both languages
    before the answer; the client's cancel at a step stops the action with no plan."""
    monkeypatch.setenv("BACKOFFICE_CONFIG_DIR", str(tmp_path))
    config.configure()
    calc._start_worker(str(tmp_path))
    journal = {"values": [["Date", "Entry", "Account", "Description", "Debit", "Credit"],
                          ["2025-03-03", "JV-1", "1101", "Sale", 100.0, None],
                          ["2025-03-03", "JV-1", "4101", "Sale", None, 90.0]],
               "kinds": [["text"] * 6, ["date", "text", "text", "text", "number", "empty"],
                         ["date", "text", "text", "text", "empty", "number"]]}
    request = {"action": "check", "grid": {"Journal": journal}, "name": "tiny.xlsx"}
    try:
        said: list[dict[str, str]] = []
        answer = calc.call_worker(request, progress=said.append)
        assert answer["exit_code"] == 1 and answer["plan"]["operations"]
        assert [s["en"] for s in said] == ["reading the sheets", "checking the book",
                                           "marking the book",
                                           "sending the changes to the sheet"]
        assert said[1]["id"] == "memeriksa buku"
        for stop_at in range(1, len(said) + 1):
            seen: list[dict[str, str]] = []

            def cancel(step: dict[str, str], seen: list = seen, at: int = stop_at) -> bool:
                seen.append(step)
                return len(seen) < at

            stopped = calc.call_worker(request, progress=cancel)
            assert len(seen) == stop_at  # nothing after the step it was cancelled at
            assert stopped["exit_code"] == 3 and stopped["plan"] is None, stopped
            assert stopped["lines"]["en"][0].startswith("Stopped on request")
            assert stopped["lines"]["id"][0].startswith("Dihentikan atas permintaan")
        # a client without progress gets the one-line answer as before
        assert calc.call_worker(request)["plan"]["operations"]
    finally:
        stop_worker(tmp_path)
        for process in calc._STARTED:
            assert process.wait(timeout=30) is not None
        calc._STARTED.clear()


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    if shutil.which("soffice") is None or not (UNO_MODULES / "uno.py").exists():
        pytest.skip("LibreOffice (soffice) and python3-uno not installed; .ci/run installs them")
    office = start(tmp_path_factory.mktemp("office"))
    try:
        yield office
    finally:
        office.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    run_demo(str(folder), lang="en")
    return folder


def _copy(demo: Path, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copy(demo / name, target)
    return target


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _notes(sheet: Any) -> dict[str, str]:
    found = {}
    for i in range(sheet.Annotations.getCount()):
        note = sheet.Annotations.getByIndex(i)
        pos = note.getPosition()
        found[calc._ref(pos.Column, pos.Row)] = note.getString()
    return found


def _highlighted(sheet: Any) -> list[str]:
    ranges = []
    for fmt in sheet.ConditionalFormats.getConditionalFormats():
        entries = [fmt.getByIndex(i) for i in range(fmt.getCount())]
        if any(calc.HIGHLIGHT_MARKER in (getattr(e, "Formula1", "") or "") for e in entries):
            ranges.append(fmt.Range.RangeAddressesAsString)
    return ranges


# -- the menu on the open document -------------------------------------------------------------------
@needs("soffice")
def test_check_marks_the_open_unsaved_book_and_the_saved_copy_checks_the_same(
        office: Office, demo: Path, tmp_path: Path) -> None:
    path = _copy(demo, tmp_path, "ledger.xlsx")
    before = _digest(path)
    doc = office.open(path)
    try:
        journal = doc.Sheets.getByName("Journal")
        original = journal.getCellByPosition(2, 5).getString()
        journal.getCellByPosition(2, 5).setString("9999")  # typed, not saved
        result = office.click(doc, "check")
        assert result["exit_code"] == 1 and result["applied"], result
        assert "1 error" in result["lines"]["en"][0] and "1 galat" in result["lines"]["id"][0]
        # the marks, the Issues sheet and the hidden state, on the open document
        assert _notes(journal)["C6"].startswith(NOTE_MARKER + "\nAccount 9999")
        assert _highlighted(journal) == ["Journal.C6"]
        issues = doc.Sheets.getByName("Issues")
        assert issues.NamedRanges.getByName("_backoffice_output").getContent() == '"issues"'
        row = issues.getCellRangeByName("A2:C2").getDataArray()[0]
        assert row == ("error", "Journal", "C6")
        assert not doc.Sheets.getByName("_backoffice_marks").IsVisible
        assert doc.isModified() and _digest(path) == before  # never saved behind the back

        saved = office.save_copy(doc, tmp_path / "saved.xlsx")
        report = check(str(saved), "en")
        assert [(i.sheet, i.cell, i.code) for i in report.errors] == \
            [("Journal", "C6", "account-unknown")]

        # fixed and checked again: the marks go, on the document and in the saved file
        journal.getCellByPosition(2, 5).setString(original)
        again = office.click(doc, "check")
        assert again["exit_code"] == 0, again
        assert not any(text.startswith(NOTE_MARKER) for text in _notes(journal).values())
        assert _highlighted(journal) == []
        fixed = office.save_copy(doc, tmp_path / "fixed.xlsx")
        assert main(["check", str(fixed)]) == 0
        book = openpyxl.load_workbook(fixed)
        stale = [(ws.title, c.coordinate) for ws in book.worksheets for r in ws.iter_rows()
                 for c in r if c.comment and c.comment.text.startswith(NOTE_MARKER)
                 and ws.title != "Filings"]  # the demo's one warning stays marked
        assert stale == []
        first = openpyxl.load_workbook(demo / "ledger.xlsx", read_only=True)
        assert [r for r in book["Journal"].iter_rows(values_only=True)] == \
            [r for r in first["Journal"].iter_rows(values_only=True)]  # nothing lost
        first.close()
    finally:
        doc.close(True)


@needs("soffice")
def test_a_new_output_sheet_gets_the_autofilter_the_cli_gives_it(
        office: Office, demo: Path, tmp_path: Path) -> None:
    """Check adds the Issues sheet with an autofilter over its table, as ``backoffice check``
    writes it into a file (read back from the saved .xlsx). The CLI also freezes the header
    row; the extension does not (a hidden document has no view to freeze: README says so)."""
    path = _copy(demo, tmp_path, "ledger.xlsx")
    doc = office.open(path)
    try:
        doc.Sheets.getByName("Journal").getCellByPosition(2, 5).setString("9999")
        cli_copy = office.save_copy(doc, tmp_path / "cli.xlsx")
        assert office.click(doc, "check")["applied"]
        saved = office.save_copy(doc, tmp_path / "saved.xlsx")
    finally:
        doc.close(True)
    main(["check", str(cli_copy)])  # marks the file: its own Issues sheet
    want = openpyxl.load_workbook(cli_copy)["Issues"]
    got = openpyxl.load_workbook(saved)["Issues"]
    assert want.auto_filter.ref and want.auto_filter.ref.startswith("A1:")
    assert got.auto_filter.ref == want.auto_filter.ref


@needs("soffice")
def test_undo_takes_back_the_whole_click_but_not_the_persons_typing(
        office: Office, demo: Path, tmp_path: Path) -> None:
    """One Ctrl+Z takes back what a click wrote (see the highlight below). The second click is undone here:
    the first adds the Issues sheet, and LibreOffice 7.4 undoes an inserted sheet through
    the active view, which a hidden headless document does not have (it crashes), so
    the extension adds sheets before the undo step in a document without a view."""
    doc = office.open(_copy(demo, tmp_path, "ledger.xlsx"))
    try:
        journal = doc.Sheets.getByName("Journal")
        journal.getCellByPosition(2, 5).setString("9999")
        assert office.click(doc, "check")["applied"]
        issues = doc.Sheets.getByName("Issues")
        first_issues = issues.getCellRangeByName("A1:G5").getDataArray()
        journal.getCellByPosition(2, 6).setString("8888")
        assert office.click(doc, "check")["applied"]
        assert set(_notes(journal)) == {"C6", "C7"}
        undo = doc.getUndoManager()
        assert undo.getCurrentUndoActionTitle() == "Back office: Check"
        undo.undo()  # one step
        assert set(_notes(journal)) == {"C6"}
        # The highlight the click added goes. The one it removed (C6, set again at once) does
        # not come back: LibreOffice 7.4 records no undo for conditional formats removed over
        # UNO (addin/README.md says so); the next Check puts it back.
        assert "C7" not in " ".join(_highlighted(journal))
        assert issues.getCellRangeByName("A1:G5").getDataArray() == first_issues
        assert journal.getCellByPosition(2, 6).getString() == "8888"  # the person's typing
    finally:
        doc.close(True)


@needs("soffice")
def test_post_writes_the_output_sheets_the_cli_writes(office: Office, demo: Path,
                                                      tmp_path: Path) -> None:
    path = _copy(demo, tmp_path, "ledger.xlsx")
    doc = office.open(path)
    try:
        journal = doc.Sheets.getByName("Journal")
        # a new entry typed at the end, unsaved: Post must take it into the Trial Balance
        end = journal.createCursor()
        end.gotoEndOfUsedArea(False)
        row = end.getRangeAddress().EndRow + 1
        last = journal.getCellRangeByPosition(0, row - 1, 6, row - 1).getDataArray()[0]
        journal.getCellRangeByPosition(0, row, 6, row + 1).setDataArray((
            (last[0], "JV-LO", "6101", "Typed in Calc", 12345.0, "", ""),
            (last[0], "JV-LO", "1101", "Typed in Calc", "", 12345.0, "")))
        cli_copy = office.save_copy(doc, tmp_path / "typed.xlsx")
        result = office.click(doc, "post")
        assert result["exit_code"] == 0 and result["applied"], result
        assert "Trial Balance" in result["lines"]["en"][0]
        assert main(["post", str(cli_copy)]) == 0
        want = openpyxl.load_workbook(cli_copy, data_only=True)["Trial Balance"]
        sheet = doc.Sheets.getByName("Trial Balance")
        got = sheet.getCellRangeByPosition(0, 0, want.max_column - 1, want.max_row - 1
                                           ).getDataArray()
        expected = [tuple("" if v is None else float(v) if isinstance(v, int | float) else v
                          for v in r) for r in want.iter_rows(values_only=True)]
        assert [tuple(r) for r in got] == expected
        assert sheet.NamedRanges.getByName("_backoffice_output").getContent() == \
            '"trial-balance"'
    finally:
        doc.close(True)


def _charts(sheet: Any) -> dict[str, Any]:
    """Name -> (diagram type, its source's columns as (column, first row, last row): LibreOffice
    merges adjacent ranges into one)."""
    found = {}
    charts = sheet.getCharts()
    for name in charts.getElementNames():
        chart = charts.getByName(name)
        kind = chart.getEmbeddedObject().getDiagram().getDiagramType()
        found[name] = (kind, sorted((c, r.StartRow, r.EndRow) for r in chart.getRanges()
                                    for c in range(r.StartColumn, r.EndColumn + 1)))
    return found


def _xlsx_charts(path: Path) -> list[tuple[str, list[tuple[int, int, int]]]]:
    """The Dashboard's charts in a saved file, as ``_charts`` gives them: the type, and the
    categories' then each series' values range, each with the header row above it."""
    from openpyxl.utils.cell import range_boundaries
    found = []
    for chart in openpyxl.load_workbook(path)["Dashboard"]._charts:
        kind = "com.sun.star.chart.LineDiagram" if chart.tagname == "lineChart" \
            else "com.sun.star.chart.BarDiagram"
        refs = [chart.series[0].cat.strRef.f] + [s.val.numRef.f for s in chart.series]
        ranges = []
        for ref in refs:
            c0, r0, c1, r1 = range_boundaries(ref.rpartition("!")[2])
            ranges += [(c - 1, r0 - 2, r1 - 1) for c in range(c0, c1 + 1)]  # with the header
        found.append((kind, sorted(ranges)))
    return found


def _xlsx_titles(path: Path) -> list[str]:
    return [chart.title.tx.rich.p[0].r[0].t
            for chart in openpyxl.load_workbook(path)["Dashboard"]._charts]


@needs("soffice")
def test_post_draws_the_dashboards_charts_and_replaces_only_its_own(
        office: Office, demo: Path, tmp_path: Path) -> None:
    """Post from the menu draws the Dashboard's charts as the CLI writes them into the file
    (same types, same source ranges), named with backoffice's prefix; a second Post
    replaces them (the same number) and a chart the user made stays; the saved .xlsx holds
    the charts, and the CLI recognises them as its own on the next Post."""
    from com.sun.star.awt import Rectangle
    from com.sun.star.table import CellRangeAddress
    path = _copy(demo, tmp_path, "ledger.xlsx")
    cli_copy = tmp_path / "cli.xlsx"
    shutil.copy(path, cli_copy)
    assert main(["post", str(cli_copy)]) == 0
    want = sorted(_xlsx_charts(cli_copy))
    assert want and any("Line" in k for k, _ in want) and any("Bar" in k for k, _ in want)
    doc = office.open(path)
    try:
        dashboard = doc.Sheets.getByName("Dashboard")
        index = list(doc.Sheets.getElementNames()).index("Dashboard")
        imported = dashboard.getCharts().getElementNames()  # the demo's, drawn by the CLI
        assert len(imported) == len(want)
        dashboard.getCharts().addNewByName(  # the user's own chart
            "My chart", Rectangle(0, 0, 8000, 5000),
            (CellRangeAddress(index, 0, 0, 1, 5),), True, True)
        result = office.click(doc, "post")
        assert result["exit_code"] == 0 and result["applied"], result
        assert len(result["lines"]["en"]) == 1, result  # no "could not draw the charts"
        first = _charts(dashboard)
        ours = {n: v for n, v in first.items() if n.startswith(calc.CHART_PREFIX)}
        assert sorted(ours.values()) == want
        assert "My chart" in first and len(first) == len(want) + 1

        titles = sorted(dashboard.getCharts().getByName(n).getEmbeddedObject().getTitle().String
                        for n in ours)
        assert titles == sorted(_xlsx_titles(cli_copy))

        again = office.click(doc, "post")
        assert again["exit_code"] == 0 and again["applied"], again
        assert _charts(dashboard) == first  # replaced, not added to; the user's stays
        # Undoing the click (a hidden document: its charts were drawn before the undo step,
        # undoing a chart without a view crashes 7.4) leaves the charts, and does not crash.
        undo = doc.getUndoManager()
        assert undo.getCurrentUndoActionTitle() == "Back office: Post"
        undo.undo()
        assert _charts(dashboard) == first

        saved = office.save_copy(doc, tmp_path / "saved.xlsx")
    finally:
        doc.close(True)
    with zipfile.ZipFile(saved) as package:
        parts = [n for n in package.namelist() if n.startswith("xl/charts/chart")]
        drawings = "".join(package.read(n).decode() for n in package.namelist()
                           if n.startswith("xl/drawings/drawing"))
    assert len(parts) == len(want) + 1
    assert drawings.count(f'name="{calc.CHART_PREFIX} ') == len(want)
    assert main(["post", str(saved)]) == 0  # the CLI replaces them: the same number again
    assert len(openpyxl.load_workbook(saved)["Dashboard"]._charts) == len(want) + 1


@needs("soffice")
def test_stock_and_reorder_writes_its_sheets(office: Office, demo: Path, tmp_path: Path) -> None:
    doc = office.open(_copy(demo, tmp_path, "stock.xlsx"))
    try:
        result = office.click(doc, "stock")
        assert result["exit_code"] == 0 and result["applied"], result
        for name in ("Stock on hand", "Valuation", "Reorder"):
            assert doc.Sheets.getByName(name).getCellByPosition(0, 0).getString()
    finally:
        doc.close(True)


@needs("soffice")
def test_sync_from_the_menu_sends_the_open_book_and_writes_its_ids(
        office: Office, demo: Path, tmp_path: Path) -> None:
    """Back office > Sync on the open, saved demo ledger (with the demo's store beside it):
    an entry typed and not saved reaches the store once, and the document gets the two
    rows' IDs (the plan's ``set_cells``); clicked again, nothing is sent or written."""
    from com.sun.star.table import CellAddress

    path = _copy(demo, tmp_path, "ledger.xlsx")
    _copy(demo, tmp_path, "backoffice-store.sqlite")
    url = f"sqlite:///{tmp_path / 'backoffice-store.sqlite'}"
    doc = office.open(path)
    try:
        journal = doc.Sheets.getByName("Journal")
        header = [journal.getCellByPosition(c, 0).getString() for c in range(12)]
        at = header.index("ID")
        cursor = journal.createCursor()
        cursor.gotoEndOfUsedArea(False)
        last = cursor.getRangeAddress().EndRow  # 0-based: the last entry's last line
        for n, (debit, credit) in enumerate(((1000, None), (None, 1000)), start=1):
            row = last + n
            journal.copyRange(CellAddress(journal.RangeAddress.Sheet, 0, row),
                              journal.getCellByPosition(0, last).RangeAddress)  # its date
            journal.getCellByPosition(1, row).setString("JV-LO-1")
            journal.getCellByPosition(2, row).setString("1101")
            journal.getCellByPosition(3, row).setString("typed in LibreOffice")
            for column, amount in ((4, debit), (5, credit)):
                if amount:
                    journal.getCellByPosition(column, row).setValue(amount)
        before = _row_ids(url)
        result = office.click(doc, "sync")
        assert result["exit_code"] == 0 and result["applied"], result
        ids = [journal.getCellByPosition(at, last + n).getString() for n in (1, 2)]
        assert all(i.startswith("r") for i in ids) and len(set(ids)) == 2
        assert _row_ids(url) == before | set(ids)
        again = office.click(doc, "sync")
        assert again["exit_code"] == 0 and not again["applied"], again
        assert _row_ids(url) == before | set(ids)
    finally:
        doc.close(True)


def _row_ids(url: str) -> set[str]:
    """The Journal rows' IDs in the store."""
    from backoffice.sync.store import Store

    with Store(url) as store:
        table = store.tables.sheets["journal"]
        with store.begin() as connection:
            return set(connection.execute(table.select().with_only_columns(
                table.c.row_id)).scalars())


def _as_calc(value: Any) -> Any:
    """A cell as openpyxl reads it, as Calc's DataArray holds it (dates as serials)."""
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, dt.datetime | dt.date):
        moment = value if isinstance(value, dt.datetime) else dt.datetime(*value.timetuple()[:3])
        return (moment - dt.datetime(1899, 12, 30)) / dt.timedelta(days=1)
    return float(value) if isinstance(value, int | float) else value


@needs("soffice")
def test_run_payroll_writes_the_months_sheets_the_cli_writes(
        office: Office, demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Run payroll from the menu, the month given after the document (the menu asks for it
    in a dialog, which a hidden headless document cannot show): the open book gets the
    sheets `backoffice payroll FILE --period` writes into a saved copy, figure for figure,
    as one undo step; a month that is not YYYY-MM gets a message and changes nothing."""
    doc = office.open(_copy(demo, tmp_path, "payroll.xlsx"))
    try:
        script = doc.getScriptProvider().getScript(script_url("payroll"))
        wrong = json.loads(script.invoke((doc, "November"), (), ())[0])
        assert wrong["exit_code"] == 2 and not wrong["applied"], wrong
        assert "'November' is not a month like 2026-03" in wrong["lines"]["en"][0]
        assert "bukan bulan seperti" in wrong["lines"]["id"][0]
        assert not doc.isModified()

        # The demo already ran its year: empty November's payslips (so the figures must come
        # from this click) and keep the year's journal (a month's run writes one month).
        doc.Sheets.getByName("Payslips 2025-11").getCellRangeByName("A1:C200").clearContents(
            1 | 2 | 4 | 16)
        year_journal = doc.Sheets.getByName("Payroll journal").getCellRangeByName(
            "A1:J3000").getDataArray()
        cli_copy = office.save_copy(doc, tmp_path / "saved.xlsx")
        result = json.loads(script.invoke((doc, "2025-11"), (), ())[0])
        assert result["exit_code"] == 0 and result["applied"], result
        assert result["lines"]["en"][0].startswith("Payroll 2025-11 of payroll.xlsx:")
        assert "--period 2025-11 --finalize --post-to" in result["lines"]["en"][0]
        assert "untuk memfinalkan" in result["lines"]["id"][0].lower()
        assert doc.getUndoManager().getCurrentUndoActionTitle() == "Back office: Run payroll"

        capsys.readouterr()
        assert main(["payroll", str(cli_copy), "--period", "2025-11"]) == 0
        want = openpyxl.load_workbook(cli_copy, data_only=True)
        written = [name for name in doc.Sheets.getElementNames()
                   if doc.Sheets.getByName(name).NamedRanges.hasByName("_backoffice_output")]
        assert "Payslips 2025-11" in written and "Payroll register" in written, written
        assert doc.Sheets.getByName("Payroll journal").getCellRangeByName(
            "A1:J3000").getDataArray() != year_journal
        slips = doc.Sheets.getByName("Payslips 2025-11").getCellRangeByName("A1:C200")
        assert any(isinstance(v, float) and v > 0 for r in slips.getDataArray() for v in r)
        figures = capsys.readouterr().out.splitlines()[0].split(": ", 1)[1]  # "6 payslips; ..."
        assert figures in result["lines"]["en"][0], (figures, result["lines"]["en"][0])
        for name in written:
            ws = want[name]
            got = doc.Sheets.getByName(name).getCellRangeByPosition(
                0, 0, ws.max_column - 1, ws.max_row - 1).getDataArray()
            expected = [tuple(_as_calc(v) for v in r) for r in ws.iter_rows(values_only=True)]
            assert [tuple(r) for r in got] == expected, name
    finally:
        doc.close(True)


@needs("soffice")
def test_an_ods_book_is_refused_with_save_as_xlsx(office: Office, demo: Path,
                                                  tmp_path: Path) -> None:
    """Decision: .ods is refused (LibreOffice's .ods keeps no sheet-scoped names the
    way backoffice's hidden state needs them in .xlsx); the person is told to save as .xlsx."""
    doc = office.open(_copy(demo, tmp_path, "ledger.xlsx"))
    ods = tmp_path / "ledger.ods"
    doc.storeToURL(ods.as_uri(), (office.prop("FilterName", "calc8"),))
    doc.close(True)
    doc = office.open(ods)
    try:
        result = office.click(doc, "check")
        assert result["exit_code"] == 2 and not result["applied"]
        assert "Save it as .xlsx" in result["lines"]["en"][0]
        assert "Simpan sebagai .xlsx" in result["lines"]["id"][0]
        assert "Issues" not in doc.Sheets.getElementNames() and not doc.isModified()
    finally:
        doc.close(True)


@needs("soffice")
def test_a_plan_made_stale_by_typing_is_refused_and_nothing_is_written(
        office: Office, demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKOFFICE_CONFIG_DIR", str(office.config))
    doc = office.open(_copy(demo, tmp_path, "ledger.xlsx"))
    try:
        journal = doc.Sheets.getByName("Journal")
        journal.getCellByPosition(2, 5).setString("9999")
        sheets = doc.Sheets.getElementNames()

        def typed_meanwhile() -> None:
            journal.getCellByPosition(3, 7).setString("changed while Check ran")

        result = calc.run_action(doc, "check", answered=typed_meanwhile)
        assert result["exit_code"] == 3 and not result["applied"]
        assert result["lines"]["en"][0].startswith("The sheet changed while Check ran (Journal)")
        assert "klik lagi" in result["lines"]["id"][0]
        assert doc.Sheets.getElementNames() == sheets and _notes(journal) == {}
        # clicked again, it goes through
        assert office.click(doc, "check")["applied"]
        # an operation that fails half-way: what went before it is undone as well
        noted = _notes(journal)
        broken = {"format": calc.PLAN_FORMAT, "version": 1, "operations": [
            {"op": "mark_cells", "sheet": "Journal", "marks": [{"cell": "D9", "note": "x"}]},
            {"op": "write_output_sheet", "sheet": "No such sheet", "values": [], "kinds": []}]}
        with pytest.raises(calc.AddinError) as caught:
            calc.apply_plan(doc, broken, "Check")
        assert caught.value.lines["en"].startswith("Check could not write into the book")
        assert _notes(journal) == noted
    finally:
        doc.close(True)


@needs("soffice")
def test_a_cancelled_action_writes_nothing_into_the_open_book(
        office: Office, demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Post, cancelled at each of its steps (the worker's, and the last one before anything
    is written), leaves the document as it was; then it runs to the end. The extension's
    own module in this process, as the stale-plan test: Cancel is the progress callback's
    False, as the Cancel window's button makes it."""
    monkeypatch.setenv("BACKOFFICE_CONFIG_DIR", str(office.config))
    # the worker started by soffice (a click), not by this process
    empty = office.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0,
                                                (office.prop("Hidden", True),))
    office.click(empty, "check")
    empty.close(True)
    doc = office.open(_copy(demo, tmp_path, "ledger.xlsx"))
    try:
        sheets = doc.Sheets.getElementNames()
        trial = doc.Sheets.getByName("Trial Balance")
        before = trial.getCellRangeByName("A1:D40").getDataArray()
        doc.getUndoManager().clear()
        seen: list[dict[str, str]] = []
        stopped_at = []
        for stop_at in range(1, 10):
            seen.clear()

            def cancel(step: dict[str, str], at: int = stop_at) -> bool:
                seen.append(step)
                return len(seen) < at

            result = calc.run_action(doc, "post", progress=cancel)
            if result["applied"]:  # more steps than this: it ran through
                break
            stopped_at.append(seen[-1]["en"])
            assert result["exit_code"] == 3, result
            said = result["lines"]["en"][0]
            assert said.startswith("Post was stopped: nothing was written" if
                                   seen[-1]["en"] == "writing into the book" else
                                   "Stopped on request"), result
            assert doc.Sheets.getElementNames() == sheets
            assert trial.getCellRangeByName("A1:D40").getDataArray() == before
            assert not doc.isModified() and not doc.getUndoManager().isUndoPossible()
        assert stopped_at[0] == "reading the sheets"
        assert stopped_at[-1] == "writing into the book"  # the last chance, in the extension
        assert "posting the ledger" in stopped_at
        assert result["applied"] and result["exit_code"] == 0, result
        assert doc.isModified() and doc.getUndoManager().isUndoPossible()
    finally:
        doc.close(True)


def test_worker_module_lists_every_menu_action() -> None:
    assert set(calc.ACTIONS) == set(worker.RUNNABLE) | set(worker.NOT_YET)


@needs("soffice")
def test_the_reader_keeps_each_cells_kind(office: Office) -> None:
    """Text stays text ("0042"), dates and booleans come from the number format, a formula
    gives its result, an error its text; hidden sheets and our sheet-scoped names are read."""
    from com.sun.star.table import CellAddress

    doc = office.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0,
                                              (office.prop("Hidden", True),))
    try:
        sheet = doc.Sheets.getByIndex(0)
        sheet.getCellRangeByName("A1").setString("0042")
        sheet.getCellRangeByName("B1").setValue(42)
        date = sheet.getCellRangeByName("C1")
        date.setValue(45719)  # 2025-03-03
        date.NumberFormat = doc.NumberFormats.queryKey("YYYY-MM-DD", date.CharLocale, False)
        sheet.getCellRangeByName("D1").setFormula("=1+1")
        sheet.getCellRangeByName("E1").setFormula("=1/0")
        sheet.getCellRangeByName("F1").setFormula("=TRUE()")
        sheet.getCellRangeByName("B3").setString("1.500")
        sheet.NamedRanges.addNewByName("_backoffice_output", '"issues"', CellAddress(0, 0, 0), 0)
        doc.Sheets.insertNewByName("_backoffice_marks", 1)
        doc.Sheets.getByName("_backoffice_marks").IsVisible = False
        doc.Sheets.insertNewByName("Hidden one", 2)
        doc.Sheets.getByName("Hidden one").IsVisible = False
        grid = calc.read_grid(doc)
        first = grid[doc.Sheets.getByIndex(0).Name]
        assert first["values"][0] == ["0042", 42.0, "2025-03-03", 2.0, "#DIV/0!", True]
        assert first["kinds"][0] == ["text", "number", "date", "number", "error", "bool"]
        assert first["values"][2][1] == "1.500" and first["kinds"][2][1] == "text"
        assert first["kinds"][1] == ["empty"] * 6
        assert first["output"] == "issues" and first["marked"] is False
        assert grid["_backoffice_marks"]["state"] == "veryHidden"
        assert grid["Hidden one"]["state"] == "hidden"
        # and backoffice takes the grid as it is
        assert fingerprint(grid_sheet("S", first)) == calc.fingerprint(first)
    finally:
        doc.close(True)


@needs("soffice")
def test_check_after_switching_to_indonesian_renames_the_issues_sheet(
        office: Office, demo: Path, tmp_path: Path) -> None:
    """The plan's ``rename_sheet``: one Issues sheet, under the Indonesian name, its links
    still jumping to the wrong cells; a formula of the user's that refers to it follows
    (LibreOffice renames references); one Ctrl+Z gives the old name back."""
    doc = office.open(_copy(demo, tmp_path, "ledger.xlsx"))
    try:
        journal = doc.Sheets.getByName("Journal")
        journal.getCellByPosition(2, 5).setString("9999")
        assert office.click(doc, "check")["applied"]
        settings = doc.Sheets.getByName("Settings")
        settings.getCellByPosition(4, 0).setFormula("=COUNTA($Issues.A1:A100)")
        links = [(f.URL, f.Representation) for f in _links(doc.Sheets.getByName("Issues"))]
        assert links
        row = [settings.getCellByPosition(0, r).getString() for r in range(20)].index("Language")
        settings.getCellByPosition(1, row).setString("Indonesia")
        result = office.click(doc, "check")
        assert result["applied"], result
        names = list(doc.Sheets.getElementNames())
        assert "Masalah" in names and "Issues" not in names
        masalah = doc.Sheets.getByName("Masalah")
        assert masalah.NamedRanges.getByName("_backoffice_output").getContent() == '"issues"'
        assert masalah.getCellByPosition(0, 0).getString() == "Tingkat"
        assert [(f.URL, f.Representation) for f in _links(masalah)] == links
        assert settings.getCellByPosition(4, 0).getFormula() == "=COUNTA($Masalah.A1:A100)"
        doc.getUndoManager().undo()
        assert doc.Sheets.hasByName("Issues") and not doc.Sheets.hasByName("Masalah")
    finally:
        doc.close(True)


def _links(sheet: Any) -> list[Any]:
    """The URL fields (links) of the sheet's cells, top down."""
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress()
    fields = []
    for r in range(end.EndRow + 1):
        for c in range(end.EndColumn + 1):
            enum = sheet.getCellByPosition(c, r).getText().getTextFields().createEnumeration()
            while enum.hasMoreElements():
                fields.append(enum.nextElement())
    return fields

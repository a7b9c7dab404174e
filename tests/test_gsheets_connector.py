"""Google Sheets books through the real gspread and google-auth, against the emulator.

Google cannot be reached here: the emulator stands in (pinned to recorded real traffic by
test_gsheets_emulator.py). Only two seams: the factory's base URL and the key's token URI."""

from __future__ import annotations

import copy

import pytest
from backoffice.addin.gsheets.book import GoogleSheetBook, api_failure, split, spreadsheet_id
from backoffice.addin.gsheets.client import Budget, make_client
from backoffice.addin.gsheets.emulator import Emulator, user_entered
from backoffice.addin.gsheets.errors import GsheetsError
from gsheets_helpers import EMAIL, service_account_key
from test_grid_book import grid_from_xlsx

from backoffice.books.editplan import StalePlan
from backoffice.books.hiddenstate import MARKS_SHEET
from backoffice.cli import main
from backoffice.demo import run_demo


@pytest.fixture(scope="module")
def emulator():
    with Emulator() as emu:
        yield emu


@pytest.fixture(scope="module")
def demo_grid(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    run_demo(str(folder), "en")
    return grid_from_xlsx(folder / "ledger.xlsx")


@pytest.fixture
def env(emulator, tmp_path, monkeypatch):
    emulator.reset()
    key = service_account_key(tmp_path, emulator.base_url)
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(key))
    monkeypatch.setenv("BACKOFFICE_GSHEETS_BASE_URL", emulator.base_url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("GOOGLE_AUTH_TRUST_BOUNDARY_ENABLED", raising=False)
    monkeypatch.setattr("backoffice.addin.gsheets.client.SheetsHTTPClient.sleep",
                        staticmethod(lambda s: None))
    return key


def run(args, capsys):
    """The CLI as a person runs it: (exit code, stdout + stderr)."""
    code = main(args)
    out = capsys.readouterr()
    return code, out.out + out.err


def upload(emulator, grid, title="Demo ledger"):
    """The grid as a spreadsheet backoffice already wrote: its output sheets tagged."""
    file_id = emulator.create_from_grid(title, grid)
    for sheet in emulator.files[file_id].sheets:
        output = grid[sheet.title].get("output")
        if output:
            sheet.metadata.append({"metadataId": 1, "metadataKey": "backoffice_output",
                                   "metadataValue": output, "visibility": "DOCUMENT"})
    return file_id


def calls(emulator):
    """(token, reads, writes) the emulator answered."""
    token = emulator.count("^/token$")
    reads = emulator.count("^/v4/", "GET")
    writes = emulator.count("^/v4/", "POST") + emulator.count("^/v4/", "PUT")
    return token, reads, writes


def test_address_forms():
    assert spreadsheet_id("gsheet:1AbCdEfGhIjK_-x") == "1AbCdEfGhIjK_-x"
    url = "gsheet:https://docs.google.com/spreadsheets/d/1AbCdEfGhIjK_-x/edit#gid=0"
    assert spreadsheet_id(url) == "1AbCdEfGhIjK_-x"
    with pytest.raises(GsheetsError):
        spreadsheet_id("gsheet:no")


def test_check_of_the_demo_ledger_marks_the_sheet_in_few_calls(emulator, env, demo_grid, capsys):
    grid = copy.deepcopy(demo_grid)
    journal = grid["Journal"]
    journal["values"][1][2] = "9999"  # an account that does not exist
    journal["kinds"][1][2] = "text"
    file_id = upload(emulator, grid)
    code, output = run(["check", f"gsheet:{file_id}", "--lang", "en"], capsys)
    assert code == 1, output
    assert "9999" in output
    # token; metadata + values:batchGet, the same again to see nobody changed them; one write
    assert calls(emulator) == (1, 4, 1)
    book = GoogleSheetBook(make_client(env, emulator.base_url), file_id)
    assert "Issues" in book.sheets and book.sheets["Journal"].marked
    assert book.highlighted["Journal"], "the wrong cell is highlighted"
    assert book.bound and book.copied_from is None
    # backoffice's hidden state: a hidden sheet only the service account may edit
    hidden = [s for s in emulator.files[file_id].sheets if s.title == MARKS_SHEET]
    assert hidden and hidden[0].props.get("hidden")
    assert hidden[0].protected[0]["editors"] == {"users": [EMAIL]}
    assert book.sheets[MARKS_SHEET].state == "veryHidden"
    # checking again replaces our marks, and still in one write
    emulator.calls.clear()
    run(["check", f"gsheet:{file_id}"], capsys)
    assert calls(emulator) == (1, 4, 1)


def test_check_after_switching_to_indonesian_renames_the_issues_sheet(emulator, env, demo_grid,
                                                                     capsys):
    """The plan's ``rename_sheet`` becomes an updateSheetProperties title in the one
    batchUpdate: one Issues sheet, under the Indonesian name, same sheet id (its links and
    the formulas that refer to it keep working)."""
    grid = copy.deepcopy(demo_grid)
    grid["Journal"]["values"][1][2] = "9999"
    grid["Journal"]["kinds"][1][2] = "text"
    file_id = upload(emulator, grid)
    run(["check", f"gsheet:{file_id}"], capsys)  # Settings: English
    spreadsheet = emulator.files[file_id]
    issues = next(s for s in spreadsheet.sheets if s.title == "Issues")
    issues_id = issues.props["sheetId"]
    links = {k: c.formula for k, c in issues.cells.items() if c.formula}
    assert links and all("#gid=" in f for f in links.values())
    settings = next(s for s in spreadsheet.sheets if s.title == "Settings")
    settings.cells[(0, 5)] = user_entered("=COUNTA(Issues!A:A)")
    language = next(r for (r, c), cell in settings.cells.items() if c == 0 and cell.value == "Language")
    settings.cells[(language, 1)] = user_entered("Indonesia")
    emulator.calls.clear()
    code, output = run(["check", f"gsheet:{file_id}"], capsys)
    assert code == 1, output
    assert calls(emulator)[2] == 1  # one write
    titles = [s.title for s in spreadsheet.sheets]
    assert "Masalah" in titles and "Issues" not in titles
    masalah = next(s for s in spreadsheet.sheets if s.title == "Masalah")
    assert masalah.props["sheetId"] == issues_id
    assert {m["metadataKey"]: m["metadataValue"] for m in masalah.metadata}["backoffice_output"] == "issues"
    assert masalah.cells[(0, 0)].value == "Tingkat"
    assert {k: c.formula for k, c in masalah.cells.items() if c.formula} == links
    assert settings.cells[(0, 5)].formula == "=COUNTA(Masalah!A:A)"
    book = GoogleSheetBook(make_client(env, emulator.base_url), file_id)
    assert book.sheets["Masalah"].output == "issues"


def test_post_of_the_demo_ledger_round_trips(emulator, env, demo_grid, capsys):
    file_id = upload(emulator, demo_grid)
    code, output = run(["post", f"gsheet:{file_id}", "--lang", "en"], capsys)
    assert code == 0, output
    assert calls(emulator) == (1, 4, 1)
    book = GoogleSheetBook(make_client(env, emulator.base_url), file_id)
    assert book.sheets["Trial Balance"].output == "trial-balance"
    header = book.sheets["Trial Balance"].values[0]
    assert header and header[0]
    # the amounts arrive as numbers, the header stays frozen; "0042"-like text stays text
    kinds = {k for row in book.sheets["Trial Balance"].kinds[1:] for k in row}
    assert "number" in kinds


def test_post_draws_the_dashboards_charts_and_a_second_post_replaces_them(emulator, env, demo_grid,
                                                                         capsys):
    """The Dashboard's two charts (income and expenses as columns, cash as a line) go in
    the same batchUpdate as the figures, as basicCharts over the Dashboard's own cells; a
    second Post replaces them instead of piling up copies, and leaves the user's chart."""
    file_id = upload(emulator, demo_grid)
    code, output = run(["post", f"gsheet:{file_id}", "--lang", "en"], capsys)
    assert code == 0, output
    assert calls(emulator) == (1, 4, 1)  # the charts cost no call of their own
    sheets = {s.title: s for s in emulator.files[file_id].sheets}
    dashboard = sheets["Dashboard"]
    charts = dashboard.charts
    assert [c["spec"]["basicChart"]["chartType"] for c in charts] == ["COLUMN", "LINE"]
    assert all(c["spec"]["title"].startswith(("Income and expenses", "Cash")) for c in charts), \
        [c["spec"]["title"] for c in charts]
    months = 12  # the demo's fiscal year, one row each under the header
    income = charts[0]["spec"]["basicChart"]
    sid = dashboard.props["sheetId"]
    # the header row names the series; the months are the categories
    assert income["headerCount"] == 1
    assert income["domains"][0]["domain"]["sourceRange"]["sources"] == [
        {"sheetId": sid, "startRowIndex": 0, "endRowIndex": 1 + months,
         "startColumnIndex": 0, "endColumnIndex": 1}]
    assert [s["series"]["sourceRange"]["sources"][0]["startColumnIndex"] for s in income["series"]] == [1, 2]
    assert charts[0]["position"]["overlayPosition"]["anchorCell"] == {"sheetId": sid, "rowIndex": 1,
                                                                      "columnIndex": 6}
    assert not any(s.charts for t, s in sheets.items() if t != "Dashboard")

    # the user adds a chart of their own, then Posts again
    user_chart = {"chartId": 7, "spec": {"title": "Mine", "pieChart": {}},
                  "position": {"overlayPosition": {"anchorCell": {"sheetId": sid}}}}
    dashboard.charts.append(user_chart)
    first = {c["chartId"] for c in charts}
    emulator.calls.clear()
    code, output = run(["post", f"gsheet:{file_id}", "--lang", "id"], capsys)
    assert code == 0, output
    assert calls(emulator) == (1, 4, 1)
    charts = next(s for s in emulator.files[file_id].sheets if s.title == "Dashboard").charts
    assert len(charts) == 3 and user_chart in charts
    ours = [c for c in charts if c["chartId"] != 7]
    assert {c["chartId"] for c in ours}.isdisjoint(first)
    assert [c["spec"]["basicChart"]["chartType"] for c in ours] == ["COLUMN", "LINE"]
    # the user deletes one of ours: the next Post does not trip over it
    dashboard = next(s for s in emulator.files[file_id].sheets if s.title == "Dashboard")
    dashboard.charts.remove(ours[0])
    code, output = run(["post", f"gsheet:{file_id}", "--lang", "en"], capsys)
    assert code == 0, output
    assert len(dashboard.charts) == 3


def test_report_reads_only(emulator, env, demo_grid, capsys):
    file_id = upload(emulator, demo_grid)
    code, output = run(["report", f"gsheet:{file_id}", "trial-balance"], capsys)
    assert code == 0, output
    assert calls(emulator) == (1, 2, 0)


def test_text_that_looks_like_a_number_or_formula_stays_text(emulator, env):
    file_id = emulator.create("Book", {"Sheet1": [["x"]]})
    book = GoogleSheetBook(make_client(env, emulator.base_url), file_id)
    book.plan.operations.append({"op": "add_sheet", "sheet": "Out", "state": "visible"})
    book.plan.operations.append({
        "op": "write_output_sheet", "sheet": "Out", "output": "issues", "range": "A1:B2",
        "columns": [{"header": h, "style": "text", "width": 10} for h in "AB"],
        "values": [["A", "B"], ["0042", "=1+1"]], "kinds": [["text", "text"], ["text", "text"]],
        "links": [], "frozen": "A2", "filter": None, "tab_color": None, "charts": None})
    assert book.commit() == 1
    again = GoogleSheetBook(make_client(env, emulator.base_url), file_id)
    assert again.sheets["Out"].values[1] == ["0042", "=1+1"]
    assert again.sheets["Out"].kinds[1] == ["text", "text"]


def test_429_then_success_is_retried(emulator, env):
    file_id = emulator.create("Book", {"Sheet1": [["x"]]})
    emulator.fail(429, times=2, path="values:batchGet")
    book = GoogleSheetBook(make_client(env, emulator.base_url), file_id)
    assert book.sheets["Sheet1"].values == [["x"]]
    assert emulator.count("values:batchGet") == 3


def test_500_and_dropped_connections_are_retried(emulator, env):
    file_id = emulator.create("Book", {"Sheet1": [["x"]]})
    emulator.fail(500, times=1, path=file_id)
    emulator.fail(drop=True, times=1, path="values:batchGet")
    book = GoogleSheetBook(make_client(env, emulator.base_url), file_id)
    assert book.sheets["Sheet1"].values == [["x"]]


def test_quota_that_stays_exhausted_is_a_clear_retryable_failure(emulator, env):
    file_id = emulator.create("Book", {"Sheet1": [["x"]]})
    emulator.fail(429, times=99, path=file_id)
    with pytest.raises(GsheetsError) as caught:
        GoogleSheetBook(make_client(env, emulator.base_url), file_id)
    assert caught.value.code == "gsheet-quota" and caught.value.exit_code == 3
    assert "kuota" in caught.value.render("id").lower()
    assert emulator.count(file_id) == 6  # bounded tries
    emulator.faults.clear()


def test_not_shared_names_the_service_account(emulator, env, capsys):
    file_id = emulator.create("Private")
    emulator.restrict(file_id)
    code, output = run(["check", f"gsheet:{file_id}"], capsys)
    assert code == 2
    assert EMAIL in output and "Editor" in output
    assert emulator.count(file_id) == 1  # a 403 is never retried


def test_domain_that_forbids_outside_sharing_says_so(emulator, env):
    file_id = emulator.create("Private")
    emulator.restrict(file_id, forbid_outside="example.co.id")
    with pytest.raises(GsheetsError) as caught:
        GoogleSheetBook(make_client(env, emulator.base_url), file_id)
    assert caught.value.code == "gsheet-domain-forbids"
    assert "example.co.id" in caught.value.render("en")


def test_wrong_id_is_a_404_message(emulator, env, capsys):
    code, output = run(["check", "gsheet:1NoSuchSpreadsheetAtAll", "--lang", "id"], capsys)
    assert code == 2
    assert "Tidak ada Google Sheet" in output


def test_storage_quota_exceeded_is_never_retried(emulator, env):
    emulator.can_create_files = False
    try:
        client = make_client(env, emulator.base_url)
        with pytest.raises(Exception) as caught:
            client.create("New")
        assert getattr(caught.value, "code", None) == 403
        assert emulator.count("^/drive/v3/files", "POST") == 1
        failure = api_failure(caught.value, "-", EMAIL)
        assert failure.code == "gsheet-no-storage" and EMAIL in failure.render("id")
    finally:
        emulator.can_create_files = True


def test_a_copy_gets_its_own_identity_on_first_write(emulator, env, demo_grid, capsys):
    file_id = upload(emulator, demo_grid)
    run(["post", f"gsheet:{file_id}"], capsys)
    copy_id = make_client(env, emulator.base_url).copy(file_id, copy_comments=False).id
    copied = GoogleSheetBook(make_client(env, emulator.base_url), copy_id)
    assert copied.copied_from == file_id and not copied.bound
    run(["post", f"gsheet:{copy_id}"], capsys)
    again = GoogleSheetBook(make_client(env, emulator.base_url), copy_id)
    assert again.bound and again.copied_from is None


def test_shared_budget_waits_instead_of_earning_a_429(emulator, env):
    waits: list[float] = []
    budget = Budget(reads=2, writes=2, window=60)

    def sleep(seconds):  # record the wait, then let the minute pass at once
        waits.append(seconds)
        budget.window = 0.0

    client = make_client(env, emulator.base_url, sleep=sleep, budget=budget)
    file_id = emulator.create("Book", {"Sheet1": [["x"]]})
    GoogleSheetBook(client, file_id)
    GoogleSheetBook(client, file_id)
    assert waits, "the third read waited for the budget"


def test_payloads_above_two_megabytes_are_split():
    cell = {"userEnteredValue": {"stringValue": "x" * 1000}}
    big = [{"updateCells": {"rows": [{"values": [cell]}]}}] * 3000
    batches = split(big)
    assert len(batches) == 2 and sum(map(len, batches)) == 3000


@pytest.mark.parametrize("kind", ["ledger", "payroll"])
def test_new_lays_a_template_into_an_empty_sheet_that_then_checks_clean(emulator, env, capsys, kind):
    file_id = emulator.create("Empty")
    code, output = run(["new", kind, "--gsheet", file_id, "--lang", "id"], capsys)
    assert code == 0, output
    assert calls(emulator) == (1, 2, 1)
    book = emulator.files[file_id]
    first = book.sheets[0]
    assert first.props["gridProperties"].get("frozenRowCount") == 1
    assert any(c.validation for s in book.sheets for c in s.cells.values()), "dropdowns"
    assert book.sheets[-1].title == "Bantuan"
    emulator.calls.clear()
    code, output = run(["check", f"gsheet:{file_id}"], capsys)
    assert code == 0, output
    # a second template into the same sheet is refused
    code, output = run(["new", kind, "--gsheet", file_id], capsys)
    assert code == 2 and "template" in output


def test_whoami_prints_the_service_account(env, capsys):
    code, output = run(["gsheets", "whoami", "--lang", "id"], capsys)
    assert code == 0 and EMAIL in output and "Editor" in output


def test_a_sheet_changed_while_the_action_ran_is_not_written(emulator, env):
    file_id = emulator.create("Book", {"Journal": [["Date", "Entry"], ["2025-03-03", "JV-1"]]})
    book = GoogleSheetBook(make_client(env, emulator.base_url), file_id)
    book.plan.read["Journal"] = book.fingerprint("Journal")
    book.plan.operations.append({"op": "mark_cells", "sheet": "Journal",
                                 "marks": [{"cell": "B2", "note": "wrong"}]})
    emulator.files[file_id].sheets[0].cells[(1, 1)] = user_entered("JV-9")  # a colleague types
    with pytest.raises(StalePlan):
        book.commit()
    assert emulator.count(":batchUpdate") == 0

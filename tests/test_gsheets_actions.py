"""Stock, Import, Upgrade and Run payroll on a Google Sheet (``gsheet:<id>``), through the
real gspread and google-auth against the emulator.

Google cannot be reached here: the emulator (backoffice.addin.gsheets.emulator) stands in,
pinned to recorded real traffic by test_gsheets_emulator.py. Each action costs the token,
two reads, two more to see nobody changed the sheets, and ONE batchUpdate, whatever the
rows; its figures are compared with the same action run on the .xlsx the sheet came from.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from backoffice.addin.gsheets.book import GoogleSheetBook
from backoffice.addin.gsheets.client import make_client
from test_grid_book import grid_from_xlsx
from test_gsheets_connector import calls, emulator, env, run, upload  # noqa: F401  (fixtures)

from backoffice import actions
from backoffice.books.new_xlsx import write_new_workbook
from backoffice.demo.company import FISCAL_YEAR
from backoffice.demo.stock import stock_sheets

STOCK_SHEETS = ("Stock on hand", "Valuation", "Usage", "Reorder", "Count differences")


def trimmed(values: list[list[Any]]) -> list[list[Any]]:
    """Rows without trailing empty cells, and without trailing empty rows; whole numbers as
    int and midnight as a date (a grid read from a file and one read from Sheets may say 5 or
    5.0, 2025-03-31T00:00:00 or 2025-03-31)."""
    out = []
    for row in values:
        row = [None if v == "" else int(v) if isinstance(v, float) and v.is_integer()
               else v.removesuffix("T00:00:00") if isinstance(v, str) else v for v in row]
        while row and row[-1] in (None, ""):
            row.pop()
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def sheet_of(env, emulator, file_id: str, title: str) -> list[list[Any]]:  # noqa: F811
    book = GoogleSheetBook(make_client(env, emulator.base_url), file_id)
    return trimmed(book.sheets[title].values)


def twin(path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / f"file-{path.name}"
    shutil.copyfile(path, copy)
    return copy


# -- Stock and reorder --------------------------------------------------------------------------
def test_stock_of_the_demo_stock_book_writes_the_five_sheets_in_one_call(emulator, env, tmp_path,  # noqa: F811
                                                                         capsys):
    path = tmp_path / "stock.xlsx"
    write_new_workbook(str(path), stock_sheets("en"), "en")
    file_id = upload(emulator, grid_from_xlsx(path), "Office supplies")
    on_file = twin(path, tmp_path)
    day = f"{FISCAL_YEAR}-12-31"
    code, output = run(["stock", f"gsheet:{file_id}", "--as-of", day, "--lang", "en"], capsys)
    assert code == 0, output
    assert calls(emulator) == (1, 4, 1)  # token; read; read again (nobody changed it); one write
    assert actions.stock(str(on_file), actions.StockOptions(
        as_of=__import__("datetime").date(FISCAL_YEAR, 12, 31), lang="en")).exit_code == 0
    expected = grid_from_xlsx(on_file)
    for title in STOCK_SHEETS:
        assert sheet_of(env, emulator, file_id, title) == trimmed(expected[title]["values"]), title
    # run again: the sheets are replaced in place, still in one write
    emulator.calls.clear()
    code, output = run(["stock", f"gsheet:{file_id}", "--as-of", day], capsys)
    assert code == 0, output
    assert calls(emulator) == (1, 4, 1)
    # --print writes nothing
    emulator.calls.clear()
    code, output = run(["stock", f"gsheet:{file_id}", "--as-of", day, "--print", "valuation"],
                       capsys)
    assert code == 0 and output.strip(), output
    assert calls(emulator) == (1, 2, 0)


def test_post_to_a_google_sheet_is_refused_before_anything_is_read(emulator, env, capsys):  # noqa: F811
    for lang, words in (("en", "must be a file"), ("id", "harus berupa berkas")):
        code, output = run(["stock", "gsheet:1AbCdEfGhIjK_-x", "--post-to",
                            "gsheet:1ZyXwVuTsRqP_-x", "--lang", lang], capsys)
        assert code == 2 and words in output, output
        code, output = run(["payroll", "gsheet:1AbCdEfGhIjK_-x", "--period", "2025-03",
                            "--post-to", "gsheet:1ZyXwVuTsRqP_-x", "--lang", lang], capsys)
        assert code == 2 and words in output, output
    assert calls(emulator) == (0, 0, 0)


# -- Import ---------------------------------------------------------------------------------------
def test_import_of_a_small_csv_appends_to_the_ledgers_journal(emulator, env, make_book,  # noqa: F811
                                                               tmp_path, capsys):
    import datetime as dt

    from conftest import ledger

    path = make_book(ledger([[dt.date(2025, 3, 3), "JV-1", "1101", "Sale", 1500, None, None],
                             [dt.date(2025, 3, 3), "JV-1", "4101", "Sale", None, 1500, None]]))
    file_id = upload(emulator, grid_from_xlsx(path), "Ledger")
    csv_file = tmp_path / "rows.csv"
    csv_file.write_text("Date,Entry,Account,Description,Debit,Credit\n"
                        "2025-03-04,JV-2,1101,Modal 0042,1000,\n"
                        "2025-03-04,JV-2,4101,Modal 0042,,1000\n", encoding="utf-8")
    code, output = run(["import", f"gsheet:{file_id}", "Journal", str(csv_file)], capsys)
    assert code == 0, output
    assert calls(emulator) == (1, 4, 1)
    journal = sheet_of(env, emulator, file_id, "Journal")
    on_file = twin(path, tmp_path)
    assert actions.import_rows(str(on_file), actions.ImportOptions("Journal", str(csv_file))
                               ).exit_code == 0
    assert len(journal) == 5
    assert journal == trimmed(grid_from_xlsx(on_file)["Journal"]["values"])
    assert journal[-1][3] == "Modal 0042"  # text stays text
    book = GoogleSheetBook(make_client(env, emulator.base_url), file_id)
    assert book.sheets["Journal"].kinds[-1][0] == "date"  # a date, not a serial number
    # a CSV with a bad row writes nothing
    csv_file.write_text("Date,Entry,Account,Description,Debit,Credit\n"
                        "not a date,JV-X,1101,x,1,\n", encoding="utf-8")
    emulator.calls.clear()
    code, output = run(["import", f"gsheet:{file_id}", "Journal", str(csv_file)], capsys)
    assert code == 1, output
    assert calls(emulator)[2] == 0


# -- Upgrade --------------------------------------------------------------------------------------
def test_upgrade_of_a_sheet_laid_by_new_gives_back_the_missing_column(emulator, env, capsys):  # noqa: F811
    file_id = emulator.create("Empty")
    code, output = run(["new", "ledger", "--gsheet", file_id, "--lang", "id"], capsys)
    assert code == 0, output
    book = emulator.files[file_id]
    journal = next(s for s in book.sheets if s.title == "Jurnal")
    header = [journal.cells[(0, c)].value for c in range(journal.cols) if (0, c) in journal.cells]
    column = header.index("Mata Uang")
    client = make_client(env, emulator.base_url)
    client.http_client.batch_update(file_id, {"requests": [{"deleteDimension": {"range": {
        "sheetId": journal.props["sheetId"], "dimension": "COLUMNS",
        "startIndex": column, "endIndex": column + 1}}}]})
    emulator.calls.clear()
    code, output = run(["upgrade", f"gsheet:{file_id}", "--lang", "en"], capsys)
    assert code == 0, output
    assert "Mata Uang" in output
    assert calls(emulator) == (1, 4, 1)
    values = sheet_of(env, emulator, file_id, "Jurnal")
    assert values[0][-1] == "Mata Uang" and len(values[0]) == len(header)
    added = journal.cells[(1, len(header) - 1)].validation
    assert added and added["inputMessage"], "the new column explains itself"
    # upgraded, it has nothing more to add, and checks clean
    emulator.calls.clear()
    code, output = run(["upgrade", f"gsheet:{file_id}", "--lang", "en"], capsys)
    assert code == 0, output
    assert calls(emulator)[2] == 0, output
    code, output = run(["check", f"gsheet:{file_id}"], capsys)
    assert code == 0, output


# -- Run payroll ----------------------------------------------------------------------------------
@pytest.fixture
def demo_payroll(tmp_path):
    from backoffice.demo import compliance_demo
    from backoffice.demo.payroll import payroll_records
    from backoffice.demo.people import people_records
    from backoffice.payroll.book import write_payroll_book

    records, people = payroll_records("en"), people_records("en")
    path = tmp_path / "payroll.xlsx"
    write_payroll_book(str(path), records["employees"], records["pay_items"], records["timesheet"],
                       records["rules"] + people["rules"], settings=records["settings"],
                       lang="en", contracts=people["contracts"], leave=people["leave"],
                       letters=people["letters"], leavers=records["leavers"],
                       extra=compliance_demo.payroll_sheets(FISCAL_YEAR))
    return path


def test_payroll_of_one_month_of_the_demo_writes_the_register_in_one_call(emulator, env,  # noqa: F811
                                                                          demo_payroll, tmp_path,
                                                                          capsys):
    file_id = upload(emulator, grid_from_xlsx(demo_payroll), "Payroll")
    month = f"{FISCAL_YEAR}-03"
    code, output = run(["payroll", f"gsheet:{file_id}", "--period", month, "--lang", "en"],
                       capsys)
    assert code == 0, output
    assert calls(emulator) == (1, 4, 1)
    on_file = twin(demo_payroll, tmp_path)
    result = actions.payroll(str(on_file), actions.PayrollOptions(period=month, lang="en"))
    assert result.exit_code == 0 and result.written.sheets
    expected = grid_from_xlsx(on_file)
    for title in result.written.sheets:
        assert sheet_of(env, emulator, file_id, title) == trimmed(expected[title]["values"]), title


def test_finalized_payroll_is_stored_in_the_sheet_and_not_run_again(emulator, env,  # noqa: F811
                                                                   demo_payroll, capsys):
    from backoffice.books.hiddenstate import is_hidden_state_sheet

    file_id = upload(emulator, grid_from_xlsx(demo_payroll), "Payroll")
    month = f"{FISCAL_YEAR}-01"
    code, output = run(["payroll", f"gsheet:{file_id}", "--period", month, "--finalize",
                        "--lang", "en"], capsys)
    assert code == 0, output
    assert calls(emulator) == (1, 4, 1)
    hidden = [s for s in emulator.files[file_id].sheets if is_hidden_state_sheet(s.title)]
    assert hidden and all(s.props.get("hidden") and s.protected for s in hidden)
    emulator.calls.clear()
    code, output = run(["payroll", f"gsheet:{file_id}", "--period", month, "--finalize",
                        "--lang", "id"], capsys)
    assert code == 2, output  # finalized months are never recomputed, as on a file
    assert calls(emulator)[2] == 0


def payroll_lines(ledger: Path, month: str) -> list[tuple[Any, ...]]:
    """The Journal rows of the ledger's payroll:<month> block (account, description, debit,
    credit, block line), read from the saved file."""
    import openpyxl

    sheet = openpyxl.load_workbook(ledger, read_only=True)["Journal"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    at = {name: header.index(name) for name in ("Account", "Description", "Debit", "Credit")}
    tagged = [r for r in rows[1:] if any(isinstance(c, str) and c.startswith(f"payroll:{month}#")
                                         for c in r)]
    return [tuple(r[at[n]] for n in at) for r in tagged]


def test_payroll_in_a_sheet_posts_its_journal_into_a_ledger_file(emulator, env, demo_payroll,  # noqa: F811
                                                                 tmp_path, capsys):
    """``payroll gsheet:… --finalize --post-to ledger.xlsx``: the month is run and finalized in
    the sheet (one batchUpdate) and its journal replaces the month's block in the ledger
    file, exactly as the same run on the .xlsx posts it; run again, nothing changes."""
    import openpyxl

    from backoffice.demo import run_demo

    month = f"{FISCAL_YEAR}-01"
    run_demo(str(tmp_path / "demo"), "en")
    ledger, ledger_twin = tmp_path / "ledger.xlsx", tmp_path / "ledger-twin.xlsx"
    shutil.copyfile(tmp_path / "demo" / "ledger.xlsx", ledger)
    shutil.copyfile(ledger, ledger_twin)
    before = payroll_lines(ledger, month)
    assert before  # the demo ledger holds January's payroll: a raise must replace it
    grid = grid_from_xlsx(demo_payroll)
    employees = grid["Employees"]["values"]
    assert employees[1][:2] == ["S001", "Budi Santoso"] and employees[0][6] == "Basic salary"
    employees[1][6] += 1_000_000  # Budi's raise, typed into the sheet
    file_id = upload(emulator, grid, "Payroll")

    code, output = run(["payroll", f"gsheet:{file_id}", "--period", month, "--finalize",
                        "--post-to", str(ledger), "--lang", "en"], capsys)
    assert code == 0, output
    assert f"Posted payroll:{month} to {ledger}" in output, output
    assert calls(emulator) == (1, 4, 1)  # the sheet: token, reads, ONE batchUpdate
    posted = payroll_lines(ledger, month)
    assert posted != before
    salaries = {d: debit for account, d, debit, _ in posted if account == "6101"}
    assert salaries[f"Salaries {month} — ADM"] == 29_600_000 + 1_000_000

    # the same raise and run on the .xlsx posts the same lines into the twin ledger
    on_file = twin(demo_payroll, tmp_path)
    book = openpyxl.load_workbook(on_file)
    assert book["Employees"]["A2"].value == "S001"
    book["Employees"]["G2"].value += 1_000_000
    book.save(on_file)
    result = actions.payroll(str(on_file), actions.PayrollOptions(
        period=month, finalize=True, post_to=str(ledger_twin), lang="en"))
    assert result.exit_code == 0, result.text
    assert payroll_lines(ledger_twin, month) == posted
    # the ledger still checks as before the post
    code, output = run(["check", str(ledger_twin)], capsys)
    expected = code
    code, output = run(["check", str(ledger)], capsys)
    assert code == expected, output

    # finalized: run again, the sheet refuses to recompute and the ledger is not touched
    saved = ledger.read_bytes()
    emulator.calls.clear()
    code, output = run(["payroll", f"gsheet:{file_id}", "--period", month, "--finalize",
                        "--post-to", str(ledger), "--lang", "en"], capsys)
    assert code == 2, output
    assert calls(emulator)[2] == 0 and ledger.read_bytes() == saved


def test_payroll_posted_while_a_colleague_typed_converges_when_run_again(emulator, env,  # noqa: F811
                                                                        demo_payroll, tmp_path,
                                                                        capsys):
    """The ledger file is written while the action runs, the sheet after: when a colleague
    typed into the sheet meanwhile, the sheet is not written (click again) but the ledger
    already holds the block; running again replaces it with the same lines, never twice."""
    from backoffice.addin.gsheets.emulator import user_entered

    from backoffice.books.editplan import StalePlan
    from backoffice.books.hiddenstate import is_hidden_state_sheet
    from backoffice.demo import run_demo

    month = f"{FISCAL_YEAR}-01"
    run_demo(str(tmp_path / "demo"), "en")
    ledger = tmp_path / "ledger.xlsx"
    shutil.copyfile(tmp_path / "demo" / "ledger.xlsx", ledger)
    grid = grid_from_xlsx(demo_payroll)
    grid["Employees"]["values"][1][6] += 1_000_000
    file_id = upload(emulator, grid, "Payroll")
    book = GoogleSheetBook(make_client(env, emulator.base_url), file_id)
    result = actions.payroll(book, actions.PayrollOptions(period=month, finalize=True,
                                                          post_to=str(ledger), lang="en"))
    assert result.exit_code == 0, result.text
    posted = payroll_lines(ledger, month)
    employees = next(s for s in emulator.files[file_id].sheets if s.title == "Employees")
    position = grid["Employees"]["values"][0].index("Position")
    employees.cells[(2, position)] = user_entered("Senior administration staff")  # a colleague
    with pytest.raises(StalePlan):
        book.commit()
    assert not any(is_hidden_state_sheet(s.title) for s in emulator.files[file_id].sheets)
    assert payroll_lines(ledger, month) == posted  # the ledger kept the posted block

    code, output = run(["payroll", f"gsheet:{file_id}", "--period", month, "--finalize",
                        "--post-to", str(ledger), "--lang", "en"], capsys)
    assert code == 0, output
    assert "unchanged" in output, output
    assert payroll_lines(ledger, month) == posted  # the same lines, once
    assert any(is_hidden_state_sheet(s.title) for s in emulator.files[file_id].sheets)

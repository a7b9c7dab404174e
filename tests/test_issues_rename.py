"""The Issues sheet takes the book's language's name (issue 17, item 7).

A book checked in English has an "Issues" sheet; its language switched to Indonesian,
the next Check renames that sheet "Masalah" (never a second one beside it), and every
reference to it follows as when a user renames a sheet in Excel: formulas, links,
defined names and print areas, docProps/app.xml. The renaming is a writer operation
(:meth:`WorkbookWriter.rename_sheet`) and, for a client that holds its document, an
edit-plan operation (``rename_sheet``); the clients' appliers are tested in their own
files (test_excel_book, test_gsheets_actions, test_addin_libreoffice).
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from test_grid_book import grid_from_xlsx
from test_marks_state import retype
from test_writeback import SOFFICE, needs_libreoffice

from backoffice import actions
from backoffice.books import GridBook, open_writer
from backoffice.books.sheetrefs import check_sheet_name, rename_in_formula
from backoffice.checking import check
from backoffice.marking import ISSUES_SHEET


# -- references in formulas -----------------------------------------------------------------------
@pytest.mark.parametrize(("before", "after"), [
    ("Issues!A1", "Masalah!A1"),
    ("'Issues'!$A$1:$G$9", "'Masalah'!$A$1:$G$9"),
    ("SUM(issues!A1:A3)+'Other'!B2", "SUM(Masalah!A1:A3)+'Other'!B2"),  # case-insensitive
    ('HYPERLINK("#Issues!A2","first problem")', 'HYPERLINK("#Masalah!A2","first problem")'),
    ('HYPERLINK("#\'Issues\'!A2","Issues!A2")', 'HYPERLINK("#\'Masalah\'!A2","Issues!A2")'),
    ("[1]Issues!A1", "[1]Issues!A1"),  # another workbook's sheet
    ("MyIssues!A1+Issues2!A1", "MyIssues!A1+Issues2!A1"),
    ("Table1[[#This Row],[Issues]]", "Table1[[#This Row],[Issues]]"),
    ('"Issues!A1"&Issues!A1', '"Issues!A1"&Masalah!A1'),  # text stays text
])
def test_references_to_the_sheet_name_the_new_name(before, after):
    assert rename_in_formula(before, "Issues", "Masalah") == after


def test_a_new_name_that_needs_quotes_gets_them():
    assert rename_in_formula("Issues!A1+'Issues'!B2", "Issues", "Tom's sheet") == \
        "'Tom''s sheet'!A1+'Tom''s sheet'!B2"
    assert rename_in_formula("Issues!A1", "Issues", "A1") == "'A1'!A1"  # looks like a cell


@pytest.mark.parametrize("size", [1, 2, 7, 64])
def test_a_sheet_read_in_chunks_is_renamed_as_a_whole(size):
    from backoffice.books.sheetrefs import rename_in_chunks, rename_in_xml

    xml = (b'<worksheet><sheetData><row r="1"><c r="A1"><f>Issues!A1&amp;"Issues!"</f><v>1</v></c>'
           b'<c r="B1"><f t="shared" si="0">SUM(\'Issues\'!B1:B9)</f></c></row></sheetData>'
           b'<hyperlinks><hyperlink ref="A1" location="Issues!A1"/></hyperlinks></worksheet>')
    chunks = [xml[i:i + size] for i in range(0, len(xml), size)]
    whole = rename_in_xml(xml.decode(), "Issues", "Masalah")
    assert whole.count("Masalah") == 3 and '"Issues!"' in whole
    assert b"".join(rename_in_chunks(chunks, "Issues", "Masalah")).decode() == whole


@pytest.mark.parametrize("name", ["", "a" * 32, "Jan/Feb", "What?", "'quoted'", "x[1]"])
def test_names_excel_refuses_are_refused(name):
    with pytest.raises(ValueError):
        check_sheet_name(name)


# -- the writer -----------------------------------------------------------------------------------
def referring_book(path: Path, language: str = "English") -> Path:
    """A ledger whose "Issues" sheet is backoffice's, and which refers to it the ways a user
    does: a formula, a HYPERLINK formula, a hyperlink, a defined name, a print area (and so
    docProps/app.xml's titles)."""
    workbook = xlsxwriter.Workbook(str(path))
    settings = workbook.add_worksheet("Settings")
    for r, row in enumerate([["Setting", "Value"], ["Company", "PT Uji"], ["Language", language]]):
        settings.write_row(r, 0, row)
    accounts = workbook.add_worksheet("Accounts")
    for r, row in enumerate([["Code", "Name", "Type", "Parent"], ["1101", "Cash", "asset"],
                             ["4101", "Sales", "income"]]):
        accounts.write_row(r, 0, row)
    journal = workbook.add_worksheet("Journal")
    for r, row in enumerate([["Date", "Entry", "Account", "Description", "Debit", "Credit"],
                             ["2025-03-03", "JV-1", "9999", "Sale", 1500, None],
                             ["2025-03-03", "JV-1", "4101", "Sale", None, 1500]]):
        journal.write_row(r, 0, row)
    summary = workbook.add_worksheet("Summary")
    summary.write_formula("A1", "=Issues!A1", None, "Severity")
    summary.write_formula("A2", '=HYPERLINK("#Issues!A2","first problem")', None, "first problem")
    summary.write_url("A3", "internal:'Issues'!A1", string="all problems")
    summary.write_formula("A4", "=COUNTA('Issues'!A:A)-1", None, 1)
    issues = workbook.add_worksheet("Issues")
    issues.write_row(0, 0, ["Severity", "Sheet", "Cell"])
    issues.print_area("A1:G20")
    workbook.define_name("Issues!_backoffice_output", '="issues"')  # ours
    workbook.define_name("ProblemList", "=Issues!$A$1:$G$20")
    workbook.close()
    return path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("streamed", [False, True])
def test_renaming_rewrites_every_reference_and_nothing_else(tmp_path, monkeypatch, streamed):
    """``streamed``: every part counts as big, and is read and rewritten in chunks."""
    if streamed:
        monkeypatch.setattr("backoffice.books.writer.BIG_PART", 0)
    path = referring_book(tmp_path / "book.xlsx")
    before = parts(path)
    with open_writer(str(path)) as writer:
        writer.rename_sheet("Issues", "Masalah")
        assert writer.sheet_names()[-1] == "Masalah" and writer.is_output("Masalah")
        writer.save()
    after = parts(path)
    assert set(after) == set(before)
    changed = {name for name in before if before[name] != after[name]}
    # The Summary sheet (its formulas and hyperlink), the workbook part, the titles.
    assert changed == {"xl/workbook.xml", "xl/worksheets/sheet4.xml", "docProps/app.xml"}
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Settings", "Accounts", "Journal", "Summary", "Masalah"]
    summary = book["Summary"]
    assert summary["A1"].value == "=Masalah!A1"
    assert summary["A2"].value == '=HYPERLINK("#Masalah!A2","first problem")'
    assert summary["A3"].hyperlink.location == "'Masalah'!A1"
    assert summary["A4"].value == "=COUNTA('Masalah'!A:A)-1"
    assert book.defined_names["ProblemList"].attr_text == "Masalah!$A$1:$G$20"
    assert book["Masalah"].print_area == "'Masalah'!$A$1:$G$20"
    workbook = after["xl/workbook.xml"].decode()
    assert "Issues" not in workbook and '<definedName name="_backoffice_output"' in workbook
    app = after["docProps/app.xml"].decode()
    assert "<vt:lpstr>Masalah</vt:lpstr>" in app and "<vt:lpstr>Masalah!Print_Area</vt:lpstr>" in app
    assert "Issues" not in app


def test_renaming_refuses_a_name_another_sheet_has(tmp_path):
    path = referring_book(tmp_path / "book.xlsx")
    before = path.read_bytes()
    with open_writer(str(path)) as writer, pytest.raises(ValueError):
        writer.rename_sheet("Issues", "summary")  # names are unique regardless of case
    assert path.read_bytes() == before


# -- the marking step -----------------------------------------------------------------------------
def sheets_of_kind(path: Path, kind: str) -> list[str]:
    """The sheets carrying backoffice's output mark of ``kind``."""
    book = openpyxl.load_workbook(path)
    return [ws.title for ws in book.worksheets
            if "_backoffice_output" in ws.defined_names
            and ws.defined_names["_backoffice_output"].attr_text == f'"{kind}"']


def test_check_after_switching_to_indonesian_renames_the_issues_sheet(tmp_path):
    path = referring_book(tmp_path / "book.xlsx")
    report = check(str(path), mark=True)  # Settings: English
    assert not report.valid
    assert sheets_of_kind(path, "issues") == ["Issues"]
    retype(path, "English", "Indonesia")
    check(str(path), mark=True)
    book = openpyxl.load_workbook(path)
    assert "Issues" not in book.sheetnames
    assert sheets_of_kind(path, "issues") == ["Masalah"]
    masalah = book["Masalah"]
    assert [c.value for c in masalah[1]][:3] == ["Tingkat", "Sheet", "Sel"]
    # Its links still go to the wrong cells, and the user's links to it follow it.
    links = [c.hyperlink.location for row in masalah.iter_rows() for c in row if c.hyperlink]
    assert links and all(link.startswith("'Journal'!") for link in links)
    summary = book["Summary"]
    assert summary["A1"].value == "=Masalah!A1"
    assert summary["A2"].value == '=HYPERLINK("#Masalah!A2","first problem")'
    assert summary["A3"].hyperlink.location == "'Masalah'!A1"
    assert book.defined_names["ProblemList"].attr_text == "Masalah!$A$1:$G$20"
    # And back: English again gives "Issues" again, still one sheet.
    retype(path, "Indonesia", "English")
    check(str(path), mark=True)
    assert sheets_of_kind(path, "issues") == ["Issues"]
    assert openpyxl.load_workbook(path)["Summary"]["A1"].value == "=Issues!A1"


def test_the_lang_option_renames_it_too(tmp_path):
    path = referring_book(tmp_path / "book.xlsx")
    check(str(path), "en", mark=True)
    check(str(path), "id", mark=True)
    assert sheets_of_kind(path, "issues") == ["Masalah"]
    assert "Issues" not in openpyxl.load_workbook(path).sheetnames


def test_a_users_own_sheet_with_the_name_is_never_renamed_or_overwritten(tmp_path):
    """Ours is "Masalah"; the user adds a sheet "Issues" of their own; in English, Check
    keeps writing into "Masalah" and leaves theirs as it is, byte for byte."""
    path = referring_book(tmp_path / "book.xlsx", language="Indonesia")
    with open_writer(str(path)) as writer:  # the fixture's "Issues" is ours: call it Masalah
        writer.rename_sheet("Issues", "Masalah")
        writer.save()
    check(str(path), mark=True)
    book = openpyxl.load_workbook(path)
    book.create_sheet("Issues")["A1"] = "my own list of issues"
    book["Settings"]["B3"] = "English"
    book.save(path)
    theirs = _sheet_part(path, "Issues")
    check(str(path), mark=True)
    assert _sheet_part(path, "Issues") == theirs
    assert sheets_of_kind(path, "issues") == ["Masalah"]
    assert openpyxl.load_workbook(path)["Masalah"]["A1"].value == "Severity"  # in English


def _sheet_part(path: Path, name: str) -> bytes:
    from backoffice.books.ooxml import Package
    with Package(str(path)) as package:
        return package.zip.read(package.sheet(name).part)


@needs_libreoffice
def test_libreoffice_opens_the_renamed_book(tmp_path):
    path = referring_book(tmp_path / "book.xlsx")
    check(str(path), "en", mark=True)
    check(str(path), "id", mark=True)
    out = tmp_path / "lo"
    profile = tmp_path / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    book = openpyxl.load_workbook(out / "book.xlsx")
    assert "Masalah" in book.sheetnames and "Issues" not in book.sheetnames
    assert book["Summary"]["A1"].value == "=Masalah!A1"
    assert book["Summary"]["A3"].hyperlink.location.replace("'", "") == "Masalah!A1"
    links = [c.hyperlink.location for row in book["Masalah"].iter_rows() for c in row
             if c.hyperlink]
    assert links and all("Journal" in link for link in links)


# -- the grid book's plan -------------------------------------------------------------------------
def test_the_plan_renames_the_sheet_of_a_grid_book(tmp_path):
    path = referring_book(tmp_path / "book.xlsx")
    check(str(path), "en", mark=True)
    twin = tmp_path / "twin.xlsx"
    shutil.copyfile(path, twin)
    grid = GridBook(grid_from_xlsx(twin), name=str(path))
    assert grid.sheets["Issues"].output == "issues"
    actions.check_and_mark(grid, actions.CheckOptions(lang="id"))
    ops = grid.plan.operations
    renames = [op for op in ops if op["op"] == "rename_sheet"]
    assert renames == [{"op": "rename_sheet", "sheet": "Issues", "name": ISSUES_SHEET["id"]}]
    assert not [op for op in ops if op["op"] == "add_sheet" and op["sheet"] == "Masalah"]
    writes = [op["sheet"] for op in ops if op["op"] == "write_output_sheet"]
    assert "Masalah" in writes and "Issues" not in writes
    assert ops.index(renames[0]) < [op["sheet"] for op in ops].index("Masalah")
    # Staleness: the old name's contents as read; the new name must still be free.
    assert grid.plan.read["Issues"] is not None and grid.plan.read["Masalah"] is None
    assert grid.plan.stale(GridBook(grid_from_xlsx(twin), name=str(path))) == []


def test_a_renamed_marked_sheet_keeps_its_marks_record_and_the_links_to_it(tmp_path):
    """Hidden state names sheets too: the marks record lists the marked sheets by name,
    and the Issues sheet's links name the wrong cells' sheet."""
    from backoffice.books.hiddenstate import MARKS_SHEET, parse_marks

    path = referring_book(tmp_path / "book.xlsx")
    check(str(path), "en", mark=True)
    with open_writer(str(path)) as writer:
        assert "Journal" in parse_marks(writer.hidden_texts(MARKS_SHEET)).sheets
        writer.rename_sheet("Journal", "Jurnal")
        writer.save()
    with open_writer(str(path)) as writer:
        assert list(parse_marks(writer.hidden_texts(MARKS_SHEET)).sheets) == ["Jurnal"]
        assert writer.marked_sheets() == ["Jurnal"]
    issues = openpyxl.load_workbook(path)["Issues"]
    links = [c.hyperlink.location for row in issues.iter_rows() for c in row if c.hyperlink]
    assert links and all(link.startswith("'Jurnal'!") for link in links)
    check(str(path), "en", mark=True)  # the next Check finds its marks under the new name
    with open_writer(str(path)) as writer:
        assert writer.marked_sheets() == ["Jurnal"]
        assert list(parse_marks(writer.hidden_texts(MARKS_SHEET)).sheets) == ["Jurnal"]

"""Hidden state and marks that survive other programs (docs/hidden-state.md).

A bookkeeper checks a book, then opens and saves it in LibreOffice, fixes the cells and
checks again. LibreOffice's save turns very hidden sheets into plain hidden ones, drops
the hidden flag of defined names and blanks the notes' author; the next Check must still
remove exactly backoffice's notes and highlights (and no one else's), replace its Issues
sheet, and make its hidden state hidden again.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from backoffice.sync.engine import SyncOptions, sync
from backoffice.sync.state import read_state
from conftest import ledger
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Font, PatternFill
from programs import needs
from sync_helpers import journal_rows, run
from test_writeback import rich_book

from backoffice.books.hiddenstate import (
    HIGHLIGHT_FILL,
    HIGHLIGHT_FONT,
    HIGHLIGHT_FORMULA,
    MARKS_SHEET,
    CellRanges,
    MarksRecord,
    SheetMarks,
    is_our_note,
    note_text,
    parse_marks,
    serialize_marks,
)
from backoffice.checking import check
from backoffice.cli import main
from backoffice.demo import run_demo
from backoffice.ledger.closing import close_period

ISSUES = {"en": "Issues", "id": "Masalah"}
NO_PROBLEMS = {"en": "No problems found.", "id": "Tidak ada masalah."}
NOT_A_DATE = {"en": "is not a date", "id": "bukan tanggal"}


def libreoffice_save(path: Path, folder: Path) -> Path:
    """Open ``path`` in real LibreOffice and save it as .xlsx into ``folder`` (a user's save)."""
    profile = folder.with_name(folder.name + "-profile")
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(folder), str(path)],
                   check=True, capture_output=True, timeout=180)
    return folder / path.name


def retype(path: Path, old: str, new: str) -> None:
    """Change the text of a cell in place, as a user retyping it (its shared string)."""
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/sharedStrings.xml":
                assert f">{old}<".encode() in data, old
                data = data.replace(f">{old}<".encode(), f">{new}<".encode())
            dst.writestr(info, data)
    copy.replace(path)


def workbook_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/workbook.xml").decode("utf-8")


def sheet_states(path: Path) -> dict[str, str]:
    """Each sheet's visibility as the workbook part records it."""
    return {name: state or "visible" for name, state in re.findall(
        r'<sheet\b(?=[^>]*\bname="([^"]+)")(?:(?=[^>]*\bstate="([^"]+)"))?', workbook_xml(path))}


def our_names(path: Path) -> list[tuple[str, str]]:
    """(name, hidden attribute) of every backoffice defined name."""
    return [(name, hidden or "") for name, hidden in re.findall(
        r'<definedName\b(?=[^>]*\bname="(_backoffice_\w+)")(?:(?=[^>]*\bhidden="([^"]*)"))?',
        workbook_xml(path))]


def notes(path: Path, sheet: str = "Journal") -> dict[str, str]:
    return {cell.coordinate: cell.comment.text for row in openpyxl.load_workbook(path)[sheet]
            for cell in row if cell.comment is not None}


def highlights(path: Path, sheet: str = "Journal") -> list[tuple[str, str]]:
    """(ranges, first formula) of each conditional format on ``sheet``."""
    formats = openpyxl.load_workbook(path)[sheet].conditional_formatting
    return sorted((str(cf.sqref), cf.rules[0].formula[0]) for cf in formats)


USER_HIGHLIGHT = ("E2:E100", "1000000")


@needs("soffice")
@pytest.mark.parametrize("lang", ["en", "id"])
def test_marks_saved_by_libreoffice_are_removed_by_the_next_check(tmp_path, lang):
    path = rich_book(tmp_path / "book.xlsx")
    check(str(path), lang, mark=True)
    book = libreoffice_save(path, tmp_path / "libreoffice")
    # What LibreOffice's save did to backoffice's marks and state (the issue's finding).
    assert NOT_A_DATE[lang] in notes(book)["A6"]
    assert ("backoffice" not in openpyxl.load_workbook(book)["Journal"]["A6"].comment.author)
    assert ("_backoffice_marked", "false") in our_names(book)

    # The bookkeeper fixes the date; the unknown account stays wrong.
    retype(book, "kemarin", "2025-02-03")
    report = check(str(book), lang, mark=True)
    assert report.flatten("code", "cell") == [("account-unknown", "C4")]
    assert notes(book) == {"D2": "The owner's own note", "C4": "Sari checked this account"}
    assert highlights(book) == sorted([("C4", 'ISTEXT("backoffice-mark")'), USER_HIGHLIGHT])
    issues = openpyxl.load_workbook(book)[ISSUES[lang]]
    assert [issues["C2"].value, issues["C3"].value] == ["C4", None]

    # Everything fixed: only the user's own notes and highlight remain.
    retype(book, "9999", "1101")
    assert check(str(book), lang, mark=True).valid
    assert notes(book) == {"D2": "The owner's own note", "C4": "Sari checked this account"}
    assert highlights(book) == [USER_HIGHLIGHT]
    assert openpyxl.load_workbook(book)[ISSUES[lang]]["E2"].value == NO_PROBLEMS[lang]
    assert openpyxl.load_workbook(book).sheetnames == [  # the same Issues sheet, rewritten
        "Settings", "Accounts", "Journal", "Report", ISSUES[lang], MARKS_SHEET]


@needs("soffice")
def test_hidden_state_saved_by_libreoffice_is_kept_and_hidden_again_by_the_next_write(
        make_book, tmp_path):
    store = f"sqlite:///{tmp_path / 'store.sqlite'}"
    path = make_book(ledger(journal_rows(("JV-1", "Cash sale", 150000), ("JV-2", "Later", 2500))))
    close_period(str(path), "2025-01")
    assert run(path, store).exit_code == 0
    state = read_state(str(path))
    hidden = {"_backoffice_sync": "veryHidden", "_backoffice_locks": "veryHidden"}
    assert {n: s for n, s in sheet_states(path).items() if n.startswith("_")} == hidden

    book = libreoffice_save(path, tmp_path / "libreoffice")
    # LibreOffice's save shows what was very hidden and unhides the names...
    assert {n: s for n, s in sheet_states(book).items() if n.startswith("_")} == {
        "_backoffice_sync": "hidden", "_backoffice_locks": "hidden"}
    assert {hidden for _name, hidden in our_names(book)} == {"false"}
    # ...but keeps what they hold.
    assert read_state(str(book)) == state
    assert check(str(book), "en").valid

    # The next write (here a Check that marks an entry changed in the closed month)
    # hides them again.
    retype(book, "Later", "Nanti")
    report = check(str(book), "en", mark=True)
    assert report.flatten("code", "cell") == [("closed-period-changed", "B4")]
    assert {n: s for n, s in sheet_states(book).items() if n.startswith("_")} == {
        **hidden, "_backoffice_marks": "veryHidden"}
    assert our_names(book) and {hidden for _name, hidden in our_names(book)} == {"1"}
    assert read_state(str(book)) == state

    # Fixed again: Sync reads its memory as it was, and finds nothing to send.
    retype(book, "Nanti", "Later")
    result = run(book, store)
    assert (result.exit_code, result.stamped, result.pushed, result.pulled) == (0, 0, {}, {})


# -- books marked before the marker -----------------------------------------------------------

#: tests/test_writeback.py's rich book, checked with marks (English) by backoffice at commit
#: 5d29a3b, whose notes were recognised by their author only: the format of every book
#: marked before docs/hidden-state.md. Its A6 (a bad date) and C4 (an unknown account,
#: which already had Sari's note) are marked.
MARKED_BEFORE = Path(__file__).parent / "data" / "marked-by-5d29a3b.xlsx"


def _check_a_book_marked_before(book: Path) -> None:
    retype(book, "kemarin", "2025-02-03")
    report = check(str(book), "en", mark=True)
    assert report.flatten("code", "cell") == [("account-unknown", "C4")]
    assert notes(book) == {"D2": "The owner's own note", "C4": "Sari checked this account"}
    assert highlights(book) == sorted([("C4", 'ISTEXT("backoffice-mark")'), USER_HIGHLIGHT])
    retype(book, "9999", "1101")
    assert check(str(book), "en", mark=True).valid
    assert notes(book) == {"D2": "The owner's own note", "C4": "Sari checked this account"}
    assert highlights(book) == [USER_HIGHLIGHT]


def test_a_book_marked_before_the_marker_is_cleaned(tmp_path):
    book = tmp_path / "book.xlsx"
    book.write_bytes(MARKED_BEFORE.read_bytes())
    assert openpyxl.load_workbook(book)["Journal"]["A6"].comment.author == "backoffice"
    _check_a_book_marked_before(book)


@needs("soffice")
def test_a_book_marked_before_the_marker_and_saved_by_libreoffice_is_cleaned(tmp_path):
    book = libreoffice_save(MARKED_BEFORE, tmp_path / "libreoffice")
    comment = openpyxl.load_workbook(book)["Journal"]["A6"].comment
    assert comment.author.strip() == "" and comment.text.startswith("backoffice:\n")
    _check_a_book_marked_before(book)


# -- the user's notes -------------------------------------------------------------------------

def rewrite_note(path: Path, ref: str, text: str) -> None:
    """Replace the text of the note on ``ref`` of the Journal, as a user editing it does."""
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if re.fullmatch(r"xl/comments\d+\.xml", info.filename):
                data, count = re.subn(
                    rf'(<comment ref="{ref}"[^>]*>)<text>.*?</text>'.encode(),
                    rf"\1<text><r><t>{text}</t></r></text>".encode(), data, flags=re.S)
                assert count == 1
            dst.writestr(info, data)
    copy.replace(path)


def test_a_note_the_user_rewrote_on_a_marked_cell_is_theirs(tmp_path):
    path = rich_book(tmp_path / "book.xlsx")
    check(str(path), "en", mark=True)
    rewrite_note(path, "A6", "The date comes from Budi tomorrow")
    report = check(str(path), "en", mark=True)  # A6 is still wrong: it keeps the user's note
    assert report.flatten("code", "cell") == [("account-unknown", "C4"), ("not-a-date", "A6")]
    assert notes(path)["A6"] == "The date comes from Budi tomorrow"
    retype(path, "kemarin", "2025-02-03")
    check(str(path), "en", mark=True)
    assert notes(path) == {"D2": "The owner's own note", "C4": "Sari checked this account",
                           "A6": "The date comes from Budi tomorrow"}
    assert highlights(path) == sorted([("C4", 'ISTEXT("backoffice-mark")'), USER_HIGHLIGHT])


# -- other clients ------------------------------------------------------------------------------
# A grid client (Google Sheets, a workbook open in Excel or LibreOffice) reads and writes cell
# values, notes' texts, conditional formats, sheet visibility and sheet-scoped properties, and
# nothing of the xlsx package. openpyxl stands in for one here: an independent reader and
# writer that sees a book the way such a client does, and uses only the format's pure part.

def record_of(path: Path) -> MarksRecord | None:
    """The marks record in ``path``, read as a grid client reads a sheet's values."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:  # a read-only workbook holds its file open until closed
        return parse_marks([row[0] for row in book[MARKS_SHEET].iter_rows(values_only=True)])
    finally:
        book.close()


def read_like_a_grid_client(path: Path) -> dict[str, object]:
    """What a grid client finds of backoffice's marks in ``path``, by the format's rules."""
    book = openpyxl.load_workbook(path)
    record = record_of(path)
    journal = book["Journal"]
    noted = record.sheets.get("Journal", SheetMarks()).noted
    comments = {c.coordinate: c.comment.text for row in journal for c in row if c.comment}
    return {
        "record": record,
        "visibility": book[MARKS_SHEET].sheet_state,
        "our notes": sorted(ref for ref, text in comments.items() if is_our_note(ref, text, noted)),
        "our notes, text unread": sorted(ref for ref in comments if is_our_note(ref, None, noted)),
        "our highlight": [str(cf.sqref) for cf in journal.conditional_formatting
                          if cf.rules[0].formula == [HIGHLIGHT_FORMULA]],
        "marked": "_backoffice_marked" in journal.defined_names,
    }


def _grid_client_finds_our_marks(path: Path, visibility: str) -> None:
    found = read_like_a_grid_client(path)
    assert found["record"] == MarksRecord({"Journal": SheetMarks(CellRanges.of(["A6", "C4"]),
                                                                 CellRanges.of(["A6"]))})
    assert found["visibility"] == visibility
    # Exactly our note (C4 and D2 carry Sari's), whether the client reads note texts or not.
    assert found["our notes"] == found["our notes, text unread"] == ["A6"]
    assert found["our highlight"] == ["A6 C4"] and found["marked"]


def test_marks_written_into_an_xlsx_are_found_by_a_grid_client(tmp_path):
    path = rich_book(tmp_path / "book.xlsx")
    check(str(path), "en", mark=True)
    _grid_client_finds_our_marks(path, "veryHidden")


@needs("soffice")
def test_marks_saved_by_libreoffice_are_found_by_a_grid_client(tmp_path):
    path = rich_book(tmp_path / "book.xlsx")
    check(str(path), "en", mark=True)
    _grid_client_finds_our_marks(libreoffice_save(path, tmp_path / "libreoffice"), "hidden")


def test_marks_a_grid_client_wrote_are_removed_by_the_next_check_of_the_xlsx(make_book):
    path = make_book(ledger([[dt.date(2025, 2, 3), "JV-1", "1101", "Sale", 150, None, None],
                             [dt.date(2025, 2, 3), "JV-1", "4101", "Sale", None, 150, None]]))
    # The grid client found the date in A2 wrong and marked it (since fixed in the grid); the
    # user has a note and a highlight of their own. A grid keeps no sheet-scoped names and
    # no very hidden sheets: the record alone says what is marked.
    book = openpyxl.load_workbook(path)
    journal = book["Journal"]
    journal["A2"].comment = Comment(note_text("Date: 'kemarin' is not a date."), "")
    journal["B2"].comment = Comment("Entry numbers from the cash book", "Sari")
    journal.conditional_formatting.add("A2", FormulaRule(
        formula=[HIGHLIGHT_FORMULA], fill=PatternFill(bgColor=HIGHLIGHT_FILL, fill_type="solid"),
        font=Font(color=HIGHLIGHT_FONT)))
    journal.conditional_formatting.add("E2:E100", CellIsRule(
        operator="greaterThan", formula=["1000000"], fill=PatternFill(bgColor="FFFFFF00")))
    marks = book.create_sheet(MARKS_SHEET)
    record = MarksRecord({"Journal": SheetMarks(CellRanges.of(["A2"]), CellRanges.of(["A2"]))})
    for row, text in enumerate(serialize_marks(record), start=1):
        marks.cell(row, 1, text)
    marks.sheet_state = "hidden"
    book.save(path)

    assert check(str(path), "en", mark=True).valid
    assert notes(path) == {"B2": "Entry numbers from the cash book"}
    assert highlights(path) == [USER_HIGHLIGHT]
    found = read_like_a_grid_client(path)
    assert found["record"] == MarksRecord() and found["visibility"] == "veryHidden"
    assert openpyxl.load_workbook(path)["Issues"]["E2"].value == NO_PROBLEMS["en"]


# -- the demo company's book ---------------------------------------------------------------------

def our_marks_everywhere(path: Path) -> dict[str, tuple[int, int]]:
    """Sheet -> (backoffice's notes, cells under backoffice's highlight), read with openpyxl."""
    found = {}
    for sheet in openpyxl.load_workbook(path):
        ours = sum(1 for row in sheet.iter_rows() for cell in row
                   if cell.comment is not None and is_our_note(cell.coordinate,
                                                               cell.comment.text))
        highlighted = sum(len(list(CellRanges.parse(str(cf.sqref))))
                          for cf in sheet.conditional_formatting
                          if cf.rules[0].formula == [HIGHLIGHT_FORMULA])
        if ours or highlighted:
            found[sheet.title] = (ours, highlighted)
    return found


@needs("soffice")
def test_the_demo_book_marked_saved_by_libreoffice_and_fixed_is_clean_and_still_syncs(tmp_path):
    run_demo(str(tmp_path / "demo"), lang="id")
    path = tmp_path / "demo" / "ledger.xlsx"
    # The demo's own warnings (a filing done late) are marked before and after.
    own = {(i.sheet, i.cell) for i in check(str(path), mark=False).issues if i.cell}
    own_marks = {sheet: (n, n) for sheet in {s for s, _ in own}
                 for n in [sum(1 for s, _ in own if s == sheet)]}
    # The base currency mistyped: Settings is wrong, and so is every generated journal line
    # (payroll's and closing's) that carried the old currency in its digest.
    retype(path, "IDR", "RPX")
    report = check(str(path), mark=True)
    wrong = {(i.sheet, i.cell) for i in report.issues if i.cell}
    by_sheet = {sheet: sum(1 for s, _ in wrong if s == sheet) for sheet, _ in wrong}
    assert by_sheet["Pengaturan"] == 1 and by_sheet["Jurnal"] > 1000
    assert our_marks_everywhere(path) == {sheet: (n, n) for sheet, n in by_sheet.items()}

    book = libreoffice_save(path, tmp_path / "libreoffice")
    shutil.copy(tmp_path / "demo" / "backoffice-store.sqlite", book.parent)
    assert sheet_states(book)["_backoffice_sync"] == "hidden"
    retype(book, "RPX", "IDR")
    # and the demo's bank lines awaiting confirmation: a warning on the sheet, no cell marked
    unmarked = {("Mutasi bank", None)}
    assert {(i.sheet, i.cell) for i in check(str(book), mark=True).issues} == own | unmarked
    assert our_marks_everywhere(book) == own_marks
    assert record_of(book) == MarksRecord({
        sheet: SheetMarks(CellRanges.of(c for s, c in own if s == sheet),
                          CellRanges.of(c for s, c in own if s == sheet)) for sheet in own_marks})
    listed = openpyxl.load_workbook(book, read_only=True)["Masalah"].iter_rows(
        min_row=2, min_col=2, max_col=3, values_only=True)
    assert set(listed) == own | unmarked
    assert {n: s for n, s in sheet_states(book).items() if n.startswith("_")} == {
        "_backoffice_sync": "veryHidden", "_backoffice_marks": "veryHidden"}
    assert {hidden for _name, hidden in our_names(book)} == {"1"}
    result = sync(str(book), SyncOptions(user="ana"))
    assert (result.exit_code, result.stamped, result.pushed, result.conflicts) == (0, 0, {}, [])


# -- check's options on every kind of book ---------------------------------------------------------

D = dt.datetime(2025, 2, 3)
LEDGER_ROWS = [[D, "JV-1", "1101", "Sale", 100, None, None],
               [D, "JV-1", "4101", "Sale", None, 100, None],
               ["kemarin", "JV-2", "1101", "Odd", 5, None, None],      # not a date
               [D, "JV-2", "9999", "Odd", None, 5, None],              # unknown account
               [D, "FX-1", "1101", "Dollar sale", 10, None, "USD"],    # foreign, no rate
               [D, "FX-1", "4101", "Dollar sale", None, 10, "USD"]]
ACCOUNT_ROWS = [["1101", "Cash", "asset"], ["4101", "Sales", "income"]]
TYPED = {
    ("ledger", "en"): {"Accounts": ACCOUNT_ROWS, "Journal": LEDGER_ROWS},
    ("ledger", "id"): {"Akun": ACCOUNT_ROWS, "Jurnal": LEDGER_ROWS},
    ("payroll", "en"): {"Timesheet": [["kemarin", "E-9", "work", 2]]},
}
#: The date in A4, the account in C5, the missing rate of FX-1's first line in G6; the
#: timesheet's date, its employee and its day type.
WRONG = {
    ("ledger", "en"): {"Journal": {"A4", "C5", "G6"}},
    ("ledger", "id"): {"Jurnal": {"A4", "C5", "G6"}},
    ("payroll", "en"): {"Timesheet": {"A2", "B2", "C2"}},
}


def type_rows(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    """Type rows under each sheet's header, as a user does in Excel (openpyxl saves)."""
    book = openpyxl.load_workbook(path)
    for name, rows in sheets.items():
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                book[name].cell(r, c).value = value
    book.save(path)


def marks_by_sheet(path: Path) -> dict[str, tuple[set[str], set[str]]]:
    """Sheet -> (cells with backoffice's note, cells under its highlight), as openpyxl sees them."""
    found: dict[str, tuple[set[str], set[str]]] = {}
    for sheet in openpyxl.load_workbook(path):
        noted = {c.coordinate for row in sheet.iter_rows() for c in row
                 if c.comment is not None and is_our_note(c.coordinate, c.comment.text)}
        lit = {ref for cf in sheet.conditional_formatting
               if cf.rules[0].formula == [HIGHLIGHT_FORMULA] for ref in CellRanges.parse(str(cf.sqref))}
        if noted or lit:
            found[sheet.title] = (noted, lit)
    return found


@pytest.mark.parametrize(("kind", "lang"), sorted(TYPED))
def test_check_marks_every_kind_of_new_book_and_unmarks_it_once_fixed(tmp_path, capsys, kind, lang):
    path = tmp_path / f"{kind}.xlsx"
    assert main(["new", kind, str(path), "--lang", lang]) == 0
    assert main(["check", str(path)]) == 0  # empty: clean, and not written
    before = path.read_bytes()
    assert main(["check", str(path), "--lang", "en" if lang == "id" else "id"]) == 0
    assert path.read_bytes() == before
    type_rows(path, TYPED[kind, lang])
    before = path.read_bytes()
    assert main(["check", str(path), "--no-marks"]) == 1
    assert path.read_bytes() == before
    capsys.readouterr()

    assert main(["check", str(path), "--format", "json"]) == 1
    issues = json.loads(capsys.readouterr().out)["issues"]
    wrong: dict[str, set[str]] = {}
    for issue in issues:
        wrong.setdefault(issue["sheet"], set()).add(issue["cell"])
    assert wrong == WRONG[kind, lang]
    assert marks_by_sheet(path) == {sheet: (cells, cells) for sheet, cells in wrong.items()}
    alone = [i for i in issues if sum(j["cell"] == i["cell"] and j["sheet"] == i["sheet"]
                                      for j in issues) == 1]
    book = openpyxl.load_workbook(path)
    for issue in alone:  # the note speaks the book's language, after the marker line
        assert book[issue["sheet"]][issue["cell"]].comment.text == note_text(
            f"{issue['message']}\n{issue['fix']}")
    assert record_of(path) == MarksRecord({sheet: SheetMarks(CellRanges.of(cells),
                                                             CellRanges.of(cells))
                                           for sheet, cells in wrong.items()})
    assert sheet_states(path)[MARKS_SHEET] == "veryHidden"

    type_rows(path, {sheet: [[None] * 8 for _ in rows] for sheet, rows in TYPED[kind, lang].items()
                     if sheet in wrong})
    assert main(["check", str(path)]) == 0
    assert marks_by_sheet(path) == {} and record_of(path) == MarksRecord()
    issues_sheet = openpyxl.load_workbook(path)[ISSUES[lang]]
    assert issues_sheet["E2"].value == NO_PROBLEMS[lang]


def test_a_file_that_is_no_book_is_left_as_it_is(tmp_path, capsys):
    path = tmp_path / "phones.xlsx"
    path.write_bytes((Path(__file__).parent / "bad_workbooks" / "only-sheet1-unrelated.xlsx")
                     .read_bytes())
    before = path.read_bytes()
    assert main(["check", str(path)]) == 2
    assert path.read_bytes() == before and MARKS_SHEET not in capsys.readouterr().err


def test_beyond_the_notes_limit_cells_are_highlighted_without_an_empty_note(make_book,
                                                                           monkeypatch):
    monkeypatch.setattr("backoffice.marking.MAX_NOTES", 1)
    path = make_book(ledger([row[:7] for row in LEDGER_ROWS[:4]]))
    report = check(str(path), "en", mark=True)
    assert report.flatten("code", "cell") == [("not-a-date", "A4"), ("account-unknown", "C5")]
    assert marks_by_sheet(path) == {"Journal": ({"A4"}, {"A4", "C5"})}
    assert openpyxl.load_workbook(path)["Journal"]["C5"].comment is None
    assert record_of(path) == MarksRecord({"Journal": SheetMarks(CellRanges.of(["A4", "C5"]),
                                                                 CellRanges.of(["A4"]))})


# -- the issue's round trip, with every kind of hidden state (issue 16, item 4) --------------------

def our_notes(path: Path, sheet: str) -> dict[str, str]:
    """backoffice's notes on ``sheet`` (by the format's rule), with their authors."""
    return {cell.coordinate: cell.comment.author for row in openpyxl.load_workbook(path)[sheet]
            for cell in row if cell.comment is not None
            and is_our_note(cell.coordinate, cell.comment.text)}


def _hidden_states(path: Path) -> dict[str, str]:
    return {n: s for n, s in sheet_states(path).items() if n.startswith("_backoffice_")}


@needs("soffice")
def test_marks_made_before_a_libreoffice_save_go_once_fixed_and_sync_and_locks_still_read(
        make_book, tmp_path):
    """The issue's finding: Check marked a cell, the book was saved in LibreOffice, the cell
    was fixed, and the next Check left the old note for good. The note must go, the Issues
    sheet must say so, and Sync's memory and the closed months must read as before."""
    store = f"sqlite:///{tmp_path / 'store.sqlite'}"
    path = make_book(ledger(journal_rows(("JV-1", "Cash sale", 150000), ("JV-2", "Later", 2500))))
    close_period(str(path), "2025-01")
    assert run(path, store).exit_code == 0
    state = read_state(str(path))
    retype(path, "Later", "Nanti")  # an entry of the closed month changed: B4 is marked
    report = check(str(path), "en", mark=True)
    assert report.flatten("code", "cell") == [("closed-period-changed", "B4")]
    assert our_notes(path, "Journal") == {"B4": "backoffice"}
    assert _hidden_states(path) == {"_backoffice_sync": "veryHidden",
                                    "_backoffice_locks": "veryHidden",
                                    "_backoffice_marks": "veryHidden"}

    book = libreoffice_save(path, tmp_path / "libreoffice")
    # What LibreOffice's save did: very hidden became hidden, the names lost their hidden
    # flag, our note lost its author (it keeps its text, marker first).
    assert set(_hidden_states(book).values()) == {"hidden"}
    assert {hidden for _name, hidden in our_names(book)} == {"false"}
    assert {ref: author.strip() for ref, author in our_notes(book, "Journal").items()} == \
        {"B4": ""}
    assert read_state(str(book)) == state

    retype(book, "Nanti", "Later")  # fixed
    assert check(str(book), "en", mark=True).valid
    assert our_notes(book, "Journal") == {} and notes(book) == {}
    assert highlights(book) == []
    assert openpyxl.load_workbook(book)["Issues"]["E2"].value == NO_PROBLEMS["en"]
    assert record_of(book) == MarksRecord()
    assert _hidden_states(book) == {"_backoffice_sync": "veryHidden",
                                    "_backoffice_locks": "veryHidden",
                                    "_backoffice_marks": "veryHidden"}
    assert {hidden for _name, hidden in our_names(book)} == {"1"}
    assert read_state(str(book)) == state

    # The closed month is still closed (its locks were read after the save)...
    retype(book, "Later", "Nanti")
    assert check(str(book), "en", mark=True).flatten("code", "cell") == [
        ("closed-period-changed", "B4")]
    retype(book, "Nanti", "Later")
    assert check(str(book), "en", mark=True).valid and notes(book) == {}
    # ...and Sync's memory is intact: nothing to send, nothing to take.
    result = run(book, store)
    assert (result.exit_code, result.stamped, result.pushed, result.pulled) == (0, 0, {}, {})


@needs("soffice")
def test_finalized_payroll_and_marks_survive_a_libreoffice_save(tmp_path):
    from backoffice.payroll.book import write_payroll_book
    from backoffice.payroll.run import run_payroll

    path = Path(write_payroll_book(str(tmp_path / "b.xlsx"), [
        {"employee": "E1", "name": "Name E1", "from": dt.date(2025, 1, 1), "ptkp": "TK/0",
         "basic": 8000000, "fixed_allowances": 2000000, "department": "OPS"}]))
    assert run_payroll(str(path), period="2025-01", finalize=True).finalized == ["2025-01"]
    january = run_payroll(str(path), period="2025-01").results[0]
    retype(path, "TK/0", "K/4")  # an unknown PTKP status: Employees F2 is marked
    assert check(str(path), "id", mark=True).flatten("code", "cell") == [
        ("payroll-ptkp-unknown", "F2")]
    assert list(our_notes(path, "Employees")) == ["F2"]

    book = libreoffice_save(path, tmp_path / "libreoffice")
    assert _hidden_states(book) == {"_backoffice_payroll": "hidden",
                                    "_backoffice_marks": "hidden"}
    retype(book, "K/4", "TK/0")
    assert check(str(book), "id", mark=True).valid
    assert our_notes(book, "Employees") == {} and notes(book, "Employees") == {}
    assert highlights(book, "Employees") == []
    assert openpyxl.load_workbook(book)["Masalah"]["E2"].value == NO_PROBLEMS["id"]
    assert _hidden_states(book) == {"_backoffice_payroll": "veryHidden",
                                    "_backoffice_marks": "veryHidden"}
    # January stays finalized and is read back, not recomputed.
    march = run_payroll(str(book), period="2025-03")
    assert [r.status for r in march.year_results] == ["final", "draft", "draft"]
    assert march.year_results[0] == january


def edit_parts(path: Path, edits: dict[str, Callable[[str], str]]) -> None:
    """Rewrite parts of the package in place: part name -> function of its text."""
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename in edits:
                data = edits[info.filename](data.decode("utf-8")).encode("utf-8")
            dst.writestr(info, data)
    copy.replace(path)


def test_a_hidden_state_sheet_left_active_is_hidden_and_unselected_by_the_next_write(
        make_book, tmp_path):
    """After LibreOffice's save made Sync's sheet merely hidden, a user unhid it and saved
    the book with it as the active tab. The next write hides it very hidden again, and it
    must not stay active or selected (Excel would open on a hidden sheet, grouped with
    the visible one)."""
    store = f"sqlite:///{tmp_path / 'store.sqlite'}"
    path = make_book(ledger(journal_rows(("JV-1", "Cash sale", 150000))))
    assert run(path, store).exit_code == 0
    state = read_state(str(path))
    names = openpyxl.load_workbook(path).sheetnames
    at = names.index("_backoffice_sync")
    with zipfile.ZipFile(path) as archive:
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(r'<sheet\b[^>]*name="_backoffice_sync"[^>]*r:id="(rId\d+)"',
                    workbook_xml(path)).group(1)
    target = re.search(rf'Id="{rid}"[^>]*Target="/?(?:xl/)?([^"]+)"|Target="/?(?:xl/)?([^"]+)"'
                       rf'[^>]*Id="{rid}"', rels)
    part = "xl/" + (target.group(1) or target.group(2))

    def shown_and_active(xml: str) -> str:
        xml = re.sub(r'(<sheet\b[^>]*name="_backoffice_sync"[^>]*?)\s*state="veryHidden"',
                     r'\1 state="visible"', xml)
        return re.sub(r'<workbookView\b([^>]*?)(?:\s*activeTab="\d+")?(\s*/?>)',
                      rf'<workbookView\1 activeTab="{at}"\2', xml, count=1)

    def selected(xml: str) -> str:
        if "<sheetView " in xml or "<sheetView>" in xml:
            return re.sub(r"<sheetView\b", '<sheetView tabSelected="1"', xml, count=1)
        return re.sub(r"(<worksheet\b[^>]*>)", r'\1<sheetViews><sheetView tabSelected="1" '
                      r'workbookViewId="0"/></sheetViews>', xml, count=1)

    edit_parts(path, {"xl/workbook.xml": shown_and_active, part: selected})
    assert sheet_states(path)["_backoffice_sync"] == "visible"
    assert read_state(str(path)) == state

    close_period(str(path), "2025-01")  # the next write, which leaves Sync's sheet as it is
    assert sheet_states(path)["_backoffice_sync"] == "veryHidden"
    view = re.search(r"<workbookView\b[^>]*>", workbook_xml(path)).group(0)
    active = int(re.search(r'activeTab="(\d+)"', view).group(1))
    assert sheet_states(path)[names[active]] == "visible" and active == 0
    with zipfile.ZipFile(path) as archive:
        assert "tabSelected" not in archive.read(part).decode()
    assert read_state(str(path)) == state
    assert openpyxl.load_workbook(path).active.title == names[0]


@needs("soffice")
def test_marks_kept_through_two_libreoffice_saves_and_a_check_between_are_removed_once_fixed(
        tmp_path):
    """xlsx -> LibreOffice -> Check (still wrong) -> LibreOffice -> fixed -> Check: the notes
    backoffice wrote into a book LibreOffice saved are found again after its next save."""
    path = rich_book(tmp_path / "book.xlsx")
    check(str(path), "id", mark=True)
    once = libreoffice_save(path, tmp_path / "once")
    assert check(str(once), "id", mark=True).flatten("code", "cell") == [
        ("account-unknown", "C4"), ("not-a-date", "A6")]
    twice = libreoffice_save(once, tmp_path / "twice")
    assert record_of(twice) == MarksRecord({"Journal": SheetMarks(CellRanges.of(["A6", "C4"]),
                                                                  CellRanges.of(["A6"]))})
    assert sorted(our_notes(twice, "Journal")) == ["A6"]
    retype(twice, "kemarin", "2025-02-03")
    retype(twice, "9999", "1101")
    assert check(str(twice), "id", mark=True).valid
    assert notes(twice) == {"D2": "The owner's own note", "C4": "Sari checked this account"}
    assert highlights(twice) == [USER_HIGHLIGHT]
    assert record_of(twice) == MarksRecord()
    assert _hidden_states(twice) == {"_backoffice_marks": "veryHidden"}
    assert {hidden for _name, hidden in our_names(twice)} == {"1"}
    # The highlight's differential format: one more after LibreOffice's first save (a known
    # limit, docs/hidden-state.md), not one more at every save.
    with zipfile.ZipFile(twice) as archive:
        assert archive.read("xl/styles.xml").count(HIGHLIGHT_FILL.encode()) == 2

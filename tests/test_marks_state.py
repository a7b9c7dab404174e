"""Hidden state and marks that survive other programs (docs/hidden-state.md).

A bookkeeper checks a book, then opens and saves it in LibreOffice, fixes the cells and
checks again. LibreOffice's save turns very hidden sheets into plain hidden ones, drops
the hidden flag of defined names and blanks the notes' author; the next Check must still
remove exactly backoffice's notes and highlights (and no one else's), replace its Issues
sheet, and make its hidden state hidden again.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from backoffice.sync.state import read_state
from conftest import ledger
from sync_helpers import journal_rows, run
from test_writeback import rich_book

from backoffice.checking import check
from backoffice.closing import close_period

SOFFICE = shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")

ISSUES = {"en": "Issues", "id": "Masalah"}
NO_PROBLEMS = {"en": "No problems found.", "id": "Tidak ada masalah."}
NOT_A_DATE = {"en": "is not a date", "id": "bukan tanggal"}


def libreoffice_save(path: Path, folder: Path) -> Path:
    """Open ``path`` in real LibreOffice and save it as .xlsx into ``folder`` (a user's save)."""
    profile = folder.with_name(folder.name + "-profile")
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
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


@needs_libreoffice
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
    assert openpyxl.load_workbook(book).sheetnames[:5] == ["Settings", "Accounts", "Journal",
                                                          "Report", ISSUES[lang]]


@needs_libreoffice
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

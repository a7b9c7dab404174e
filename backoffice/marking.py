"""Marking a checked book: the Issues sheet, and a highlight and note on each wrong cell.

The previous Check's marks are removed first, and only those: every sheet that
carries backoffice's marks gets its marks replaced by the new ones (or none).
The sheets that carry marks are known from their ``_backoffice_marked`` name and
from the marks record (the very hidden ``_backoffice_marks`` sheet), which also
lists the marked cells, so that any client finds exactly backoffice's marks
(docs/hidden-state.md). A book that has no marks and no problems is not written
at all.
"""

from __future__ import annotations

from collections import defaultdict

from backoffice.books import BookWriter, open_writer
from backoffice.books.hiddenstate import (
    MARKS_SHEET,
    CellRanges,
    MarksRecord,
    SheetMarks,
    parse_marks,
    serialize_marks,
)
from backoffice.books.marks import CellMark
from backoffice.books.sheetxml import Column, Link, OutputTable
from backoffice.catalogue import Localized
from backoffice.errors import FileLocked, NotWritable
from backoffice.issues import Report

ISSUES_SHEET = {"en": "Issues", "id": "Masalah"}

#: Beyond this many wrong cells, only the first ones get a note (all are highlighted).
MAX_NOTES = 10_000

_HEADERS = {
    "en": ("Severity", "Sheet", "Cell", "Value", "Problem", "How to fix", "Code"),
    "id": ("Tingkat", "Sheet", "Sel", "Nilai", "Masalah", "Cara memperbaiki", "Kode"),
}
_SEVERITY = {"en": {"error": "error", "warning": "warning"},
             "id": {"error": "galat", "warning": "peringatan"}}
_NONE = {"en": "No problems found.", "id": "Tidak ada masalah."}


def mark_book(path: str, report: Report, lang: str) -> bool:
    """Write the report's marks into the book at ``path``; True when the file was written."""
    by_sheet: dict[str, list[CellMark]] = defaultdict(list)
    for issue in report.issues:
        if issue.cell is None:
            continue
        message, fix = issue.message(lang)
        note = f"{message}\n{fix}" if len(by_sheet[issue.sheet]) < MAX_NOTES else ""
        by_sheet[issue.sheet].append(CellMark(issue.cell, note))
    with open_writer(path) as writer:
        existing_issues = _our_issues_sheet(writer, lang)
        recorded = writer.hidden_texts(MARKS_SHEET)
        record = parse_marks(recorded or [])
        previously_marked = set(writer.marked_sheets()) | _recorded_sheets(writer, record)
        if not report.issues and not previously_marked and existing_issues is None:
            return False
        marked: dict[str, SheetMarks] = {}
        for sheet in sorted(previously_marked | set(by_sheet)):
            cells = _one_mark_per_cell(by_sheet.get(sheet, []))
            listed = record.sheets.get(sheet) if record else None
            noted = writer.mark_cells(sheet, cells, listed.noted if listed else None)
            if cells:
                marked[sheet] = SheetMarks(CellRanges.of(c.ref for c in cells),
                                           CellRanges.of(noted))
        name = _issues_sheet_name(writer, existing_issues, lang)
        writer.write_output_sheet(name, issues_table(report, lang), "issues")
        if marked or recorded is not None:
            writer.write_output_sheet(MARKS_SHEET, marks_table(MarksRecord(marked)), "marks",
                                      hidden=True)
        writer.save()
    return True


def unmarked(exc: FileLocked | NotWritable) -> Localized:
    """The line that says the marks were not written because the book cannot be written now
    (open in Excel, read-only): the report already shown is complete, its exit code stands."""
    return Localized("Marks not written (the report above is complete): " + exc.render("en"),
                     "Tanda tidak ditulis (laporan di atas sudah lengkap): " + exc.render("id"))


def mark_if_writable(path: str, report: Report, lang: str) -> str | None:
    """Mark the book like :func:`mark_book`; when it cannot be written now (open in Excel,
    read-only), return the line that says the marks were not written and why, instead of
    failing: the report already shown is complete, and its exit code stands."""
    try:
        mark_book(path, report, lang)
    except (FileLocked, NotWritable) as exc:
        return unmarked(exc).pick(lang)
    return None


def _recorded_sheets(writer: BookWriter, record: MarksRecord | None) -> set[str]:
    """The sheets the marks record lists that the book still has (renamed or deleted
    ones are left out: a renamed sheet still carries its ``_backoffice_marked`` name)."""
    if record is None:
        return set()
    names = set(writer.sheet_names())
    return {sheet for sheet in record.sheets if sheet in names}


def marks_table(record: MarksRecord) -> OutputTable:
    """The marks record as the hidden sheet written into the book."""
    header, *texts = serialize_marks(record)
    return OutputTable([Column(header, width=60)], ([text] for text in texts),
                       row_count=len(texts))


def _one_mark_per_cell(cell_marks: list[CellMark]) -> list[CellMark]:
    """Several problems in one cell become one mark whose note lists them all."""
    merged: dict[str, list[str]] = {}
    for mark in cell_marks:
        merged.setdefault(mark.ref, []).append(mark.note)
    return [CellMark(ref, "\n\n".join(n for n in notes if n)) for ref, notes in merged.items()]


def _our_issues_sheet(writer: BookWriter, lang: str) -> str | None:
    """The name of the Issues sheet backoffice wrote before, in either language: a sheet
    with one of its names that carries backoffice's owner mark (a user's own sheet named
    "Issues" is not ours). The one under the book's language comes first."""
    names = [ISSUES_SHEET[lang], *(n for key, n in ISSUES_SHEET.items() if key != lang)]
    present = {sheet.casefold(): sheet for sheet in writer.sheet_names()}
    for name in names:
        sheet = present.get(name.casefold())
        if sheet is not None and writer.is_output(sheet):
            return sheet
    return None


def _issues_sheet_name(writer: BookWriter, existing: str | None, lang: str) -> str:
    """The name to write the Issues sheet under: the book's language's. Ours under the
    other language's name is renamed (links and formulas to it follow), unless a sheet of
    the user's already has the name: then ours keeps its name, and theirs is untouched."""
    wanted = ISSUES_SHEET[lang]
    if existing is None or existing == wanted:
        return wanted
    if any(sheet.casefold() == wanted.casefold() for sheet in writer.sheet_names()
           if sheet != existing):
        return existing
    writer.rename_sheet(existing, wanted)
    return wanted


def issues_table(report: Report, lang: str) -> OutputTable:
    """The Issues sheet: one problem a row, each with a link to its cell."""
    headers = _HEADERS[lang]
    columns = [Column(headers[0], width=11), Column(headers[1], width=14),
               Column(headers[2], "link", width=9), Column(headers[3], width=20),
               Column(headers[4], width=70), Column(headers[5], width=60),
               Column(headers[6], width=22)]

    def rows():  # type: ignore[no-untyped-def]
        for issue in report.issues:
            message, fix = issue.message(lang)
            cell = Link(issue.cell, f"'{issue.sheet.replace(chr(39), chr(39) * 2)}'!{issue.cell}") \
                if issue.cell else None
            yield (_SEVERITY[lang][issue.severity], issue.sheet, cell, issue.value, message, fix,
                   issue.code)
        if not report.issues:
            yield (None, None, None, None, _NONE[lang], None, None)

    return OutputTable(columns, rows(), row_count=max(len(report.issues), 1),
                       tab_color="FFC00000" if not report.valid else "FF00B050")

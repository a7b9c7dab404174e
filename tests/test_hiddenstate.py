"""The hidden-state format's pure part (docs/hidden-state.md): cell lists, the marks record,
and the rule that tells backoffice's notes from the user's, the same for every client."""

from __future__ import annotations

import json
import re

import pytest

from backoffice.books.hiddenstate import (
    CELL_CHARS,
    MARKS_FORMAT,
    NOTE_MARKER,
    CellRanges,
    MarksRecord,
    SheetMarks,
    is_hidden_state_sheet,
    is_our_note,
    note_text,
    parse_marks,
    serialize_marks,
)


def test_cells_are_kept_as_vertical_runs_in_a1_notation():
    cells = CellRanges.of(["E6", "C4", "E5", "E7", "A6", "AB10", "E5"])
    assert str(cells) == "A6 C4 E5:E7 AB10"
    assert list(cells) == ["A6", "C4", "E5", "E6", "E7", "AB10"]
    assert CellRanges.parse(str(cells)) == cells
    assert [ref in cells for ref in ("E5", "E7", "E8", "E4", "C4", "C5", "AB10", "B6")] == [
        True, True, False, False, True, False, True, False]
    assert not CellRanges.of([]) and str(CellRanges.of([])) == ""


def test_a_list_written_by_another_client_may_hold_rectangles_and_overlaps():
    cells = CellRanges.parse("A1:A9 A3:A4 D3:B2 $F$7")
    assert ["A6" in cells, "C3" in cells, "B2" in cells, "E3" in cells, "F7" in cells,
            "A10" in cells] == [True, True, True, False, True, False]
    assert "XFD1048576" not in cells and "not a cell" not in cells


@pytest.mark.parametrize("text", ["A0", "A1:", "XFE1", "A1048577", "a1", "A1;B2", "Sheet1!A1"])
def test_a_malformed_cell_list_is_refused(text):
    with pytest.raises(ValueError):
        CellRanges.parse(text)


def test_the_marks_record_round_trips_through_the_texts_of_a_column():
    record = MarksRecord({"Journal": SheetMarks(CellRanges.of(["A6", "C4"]), CellRanges.of(["A6"])),
                          "Jurnal 2025": SheetMarks(CellRanges.of(["B2"]), CellRanges())})
    texts = serialize_marks(record)
    assert texts[0] == MARKS_FORMAT
    assert json.loads("".join(texts[1:])) == {"sheets": {
        "Journal": {"highlighted": "A6 C4", "noted": "A6"},
        "Jurnal 2025": {"highlighted": "B2", "noted": ""}}}
    assert parse_marks(texts) == record
    assert parse_marks(serialize_marks(MarksRecord())) == MarksRecord()


def test_a_large_record_is_cut_into_cells_a_spreadsheet_can_hold():
    every_other_row = CellRanges.of(f"A{row}" for row in range(2, 40_002, 2))
    record = MarksRecord({"Journal": SheetMarks(every_other_row, every_other_row)})
    texts = serialize_marks(record)
    assert len(texts) > 3 and max(len(t) for t in texts) <= CELL_CHARS
    assert parse_marks(texts) == record


@pytest.mark.parametrize("texts", [
    [],
    ["backoffice marks v2: written by a newer backoffice"],
    [MARKS_FORMAT, '{"sheets": {"Journal": '],
    [MARKS_FORMAT, '{"sheets": {"Journal": {"highlighted": "A6 Z"}}}'],
    [MARKS_FORMAT, '{"sheets": ["Journal"]}'],
    [MARKS_FORMAT, '{"marks": {}}'],
])
def test_a_record_that_cannot_be_understood_is_none(texts):
    assert parse_marks(texts) is None


NOTED = CellRanges.of(["A6", "B9"])


@pytest.mark.parametrize(("ref", "text", "noted", "ours"), [
    # The marker decides for a note whose text the client reads, wherever the note is now
    # (a row inserted above moves notes away from the cells the record lists).
    ("A6", note_text("Date: 'kemarin' is not a date."), NOTED, True),
    ("A7", note_text("Tanggal: 'kemarin' bukan tanggal."), NOTED, True),
    ("A7", "  " + note_text("x").replace("\n", "\r\n"), None, True),
    # The user's own notes, even on a cell the record lists: rewritten by the user.
    ("A6", "I know: the date comes tomorrow", NOTED, False),
    ("C4", f"Sari checked this account. {NOTE_MARKER} says it is wrong", NOTED, False),
    ("C4", "backoffice: ask Budi", None, False),
    ("C4", "", NOTED, False),
    # Notes of books marked before the marker, whose first line was "backoffice:".
    ("A6", "backoffice:\nDate: 'kemarin' is not a date.", None, True),
    ("A6", "backoffice:\r\nDate: 'kemarin' is not a date.", NOTED, True),
    # A client that cannot read a note's text relies on the record alone.
    ("B9", None, NOTED, True),
    ("C4", None, NOTED, False),
    ("B9", None, None, False),
])
def test_which_notes_are_ours(ref, text, noted, ours):
    assert is_our_note(ref, text, noted) is ours


def test_our_notes_start_with_the_marker_in_every_language():
    assert note_text("Date: 'kemarin' is not a date.") == (
        "«backoffice»\nDate: 'kemarin' is not a date.")
    assert note_text("Tanggal: 'kemarin' bukan tanggal.").startswith(NOTE_MARKER + "\n")


def test_hidden_state_sheets_are_named_with_the_reserved_prefix():
    assert [is_hidden_state_sheet(n) for n in ("_backoffice_sync", "_backoffice_marks",
                                               "Issues", "backoffice_sync", "_Backoffice_x")] == [
        True, True, False, False, False]


def test_the_format_document_says_what_the_code_writes():
    """docs/hidden-state.md is the contract other clients build on: its literals are the
    code's, and every test it cites exists."""
    from pathlib import Path

    import test_marks_state
    from backoffice.schemas.payroll_runs import RUNS_SHEET
    from backoffice.schemas.periods import LOCKS_SHEET
    from backoffice.sync import state

    from backoffice.books import hiddenstate

    root = Path(__file__).parent.parent
    doc = (root / "docs" / "hidden-state.md").read_text("utf-8")
    for literal in (hiddenstate.MARKS_FORMAT, state.FORMAT, hiddenstate.NOTE_MARKER,
                    hiddenstate.HIGHLIGHT_FORMULA, hiddenstate.HIGHLIGHT_FILL,
                    hiddenstate.HIGHLIGHT_FONT, hiddenstate.OUTPUT_NAME, hiddenstate.MARKED_NAME,
                    hiddenstate.LEGACY_NOTE_START.strip(), state.SHEET, hiddenstate.MARKS_SHEET,
                    LOCKS_SHEET, RUNS_SHEET, f"{hiddenstate.CELL_CHARS:,}"):
        assert literal in doc, literal
    cited = set(re.findall(r"`(test_\w+)`", doc))
    assert cited and cited <= set(dir(test_marks_state)), cited - set(dir(test_marks_state))

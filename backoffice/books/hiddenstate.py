"""The hidden state backoffice keeps in a book, and how its marks are told from the user's.

One format for every client that holds a book (an .xlsx file written by
:mod:`backoffice.books.writer`, a workbook saved again by Excel or LibreOffice, a
grid such as Google Sheets): it is specified in ``docs/hidden-state.md``. This
module is its pure part, in terms of sheet names, cell references, texts and
JSON, never of xlsx parts, so that every client decides the same way:

* the names of the hidden state (sheets and defined names starting with
  ``_backoffice_``) and the visibility each must have;
* the marks record (sheet ``_backoffice_marks``): which cells of which sheet
  carry backoffice's highlight and note, parsed from and serialized to the
  texts of the sheet's first column;
* the text of backoffice's notes, and :func:`is_our_note`, the one rule that
  says whether a note on a cell is backoffice's (to be replaced by the next
  Check) or the user's (never touched).

No platform keeps a note's author reliably (Excel writes the user's name,
LibreOffice drops it, Google Sheets has none), so ownership never rests on the
author: a note is ours when its text starts with :data:`NOTE_MARKER`; a client
that cannot read a note's text relies on the record's list of noted cells.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

#: Every sheet and defined name of backoffice's hidden state starts with this.
PREFIX = "_backoffice_"
#: Sheet-scoped defined name on each sheet backoffice writes whole; its value is the sheet's kind.
OUTPUT_NAME = "_backoffice_output"
#: Sheet-scoped defined name on each sheet that carries marks of the last Check.
MARKED_NAME = "_backoffice_marked"

#: The marks record: which cells carry backoffice's highlight and note.
MARKS_SHEET = "_backoffice_marks"
MARKS_FORMAT = "backoffice marks v1: written by backoffice Check; do not edit"
#: Longest text per cell of a hidden-state sheet (Excel's limit is 32,767 characters).
CELL_CHARS = 32_000

#: The first line of every note backoffice writes, in every language. Guillemets are not
#: on an Indonesian or US keyboard, so a user's own note does not start with them.
NOTE_MARKER = "«backoffice»"
#: The first line of the notes of every backoffice before the marker (their author was
#: ``backoffice``, which new notes keep for Excel to show and for those versions to find).
LEGACY_NOTE_START = "backoffice:\n"
LEGACY_AUTHOR = "backoffice"

#: The highlight: a conditional format whose (always true) formula names this marker.
HIGHLIGHT_MARKER = "backoffice-mark"
HIGHLIGHT_FORMULA = f'ISTEXT("{HIGHLIGHT_MARKER}")'
#: Its look: Excel's "Light red fill with dark red text" (ARGB).
HIGHLIGHT_FILL = "FFFFC7CE"
HIGHLIGHT_FONT = "FF9C0006"

_REF = re.compile(r"\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})")
_MAX_COLUMN = 16_384
_MAX_ROW = 1_048_576


def is_hidden_state_sheet(name: str) -> bool:
    """True for a sheet name reserved for backoffice's hidden state (very hidden in .xlsx)."""
    return name.startswith(PREFIX)


# -- cell lists ---------------------------------------------------------------------------

def split_ref(ref: str) -> tuple[int, int]:
    """"C4" -> (column index from 0, row from 1); ValueError for anything else."""
    match = _REF.fullmatch(ref)
    if match is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    column = 0
    for char in match.group(1):
        column = column * 26 + ord(char) - 64
    row = int(match.group(2))
    if column > _MAX_COLUMN or row > _MAX_ROW:
        raise ValueError(f"outside a worksheet: {ref!r}")
    return column - 1, row


def cell_ref(column: int, row: int) -> str:
    """(column index from 0, row from 1) -> "C4"."""
    letters = ""
    index = column + 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


@dataclass(frozen=True, slots=True)
class CellRanges:
    """A set of cells of one sheet, written as A1 ranges: ``"A6 C4:C9"``.

    The notation is that of Excel's ``sqref`` and of Google Sheets' A1 ranges. Ranges
    are single cells or vertical runs as :meth:`of` makes them; :meth:`parse` also
    takes rectangles. Membership is answered without listing the cells.

    Attributes:
        ranges: (first column, first row, last column, last row), columns from 0,
            rows from 1, sorted.
    """

    ranges: tuple[tuple[int, int, int, int], ...] = ()
    _runs: dict[int, tuple[list[int], list[int]]] = field(
        default_factory=dict, init=False, compare=False, repr=False)
    _wide: tuple[tuple[int, int, int, int], ...] = field(
        default=(), init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # One column's runs, merged where they overlap: (first rows, last rows), sorted,
        # so that membership is one binary search. Rectangles wider than a column are few.
        by_column: dict[int, list[tuple[int, int]]] = {}
        for c1, r1, c2, r2 in self.ranges:
            if c1 == c2:
                by_column.setdefault(c1, []).append((r1, r2))
        for column, runs in by_column.items():
            firsts: list[int] = []
            lasts: list[int] = []
            for first, last in sorted(runs):
                if lasts and first <= lasts[-1] + 1:
                    lasts[-1] = max(lasts[-1], last)
                else:
                    firsts.append(first)
                    lasts.append(last)
            self._runs[column] = (firsts, lasts)
        object.__setattr__(self, "_wide", tuple(r for r in self.ranges if r[0] != r[2]))

    @classmethod
    def of(cls, refs: Iterable[str]) -> CellRanges:
        """The cells ``refs`` ("E5", "E6", "E7", "C4"), grouped into vertical runs."""
        cells = sorted({split_ref(ref) for ref in refs})
        ranges: list[tuple[int, int, int, int]] = []
        for column, row in cells:
            if ranges and ranges[-1][0] == column and ranges[-1][3] == row - 1:
                ranges[-1] = (column, ranges[-1][1], column, row)
            else:
                ranges.append((column, row, column, row))
        return cls(tuple(ranges))

    @classmethod
    def parse(cls, text: str) -> CellRanges:
        """Ranges from their text (``"A6 C4:C9"``); ValueError for a malformed one."""
        ranges = []
        for token in text.split():
            first, colon, last = token.partition(":")
            column1, row1 = split_ref(first)
            column2, row2 = split_ref(last) if colon else (column1, row1)
            ranges.append((min(column1, column2), min(row1, row2),
                           max(column1, column2), max(row1, row2)))
        return cls(tuple(sorted(ranges)))

    def texts(self) -> list[str]:
        """Each range as text: "C4", "E5:E7"."""
        return [cell_ref(c1, r1) if (c1, r1) == (c2, r2) else
                f"{cell_ref(c1, r1)}:{cell_ref(c2, r2)}" for c1, r1, c2, r2 in self.ranges]

    def __str__(self) -> str:
        return " ".join(self.texts())

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def __iter__(self) -> Iterator[str]:
        for c1, r1, c2, r2 in self.ranges:
            for column in range(c1, c2 + 1):
                for row in range(r1, r2 + 1):
                    yield cell_ref(column, row)

    def __contains__(self, ref: object) -> bool:
        if not isinstance(ref, str):
            return False
        try:
            column, row = split_ref(ref)
        except ValueError:
            return False
        if any(c1 <= column <= c2 and r1 <= row <= r2 for c1, r1, c2, r2 in self._wide):
            return True
        firsts, lasts = self._runs.get(column, ([], []))
        at = bisect.bisect_right(firsts, row) - 1
        return at >= 0 and row <= lasts[at]


# -- the marks record ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SheetMarks:
    """backoffice's marks on one sheet: the highlighted cells and those with its note."""

    highlighted: CellRanges = field(default_factory=CellRanges)
    noted: CellRanges = field(default_factory=CellRanges)


@dataclass(frozen=True, slots=True)
class MarksRecord:
    """Which sheets carry backoffice's marks, and on which cells (sheet name -> marks)."""

    sheets: Mapping[str, SheetMarks] = field(default_factory=dict)


def serialize_marks(record: MarksRecord) -> list[str]:
    """The texts of the marks sheet's first column, top down: the format line, then the
    record as JSON cut into cells of at most :data:`CELL_CHARS` characters."""
    document = {"sheets": {name: {"highlighted": str(marks.highlighted), "noted": str(marks.noted)}
                           for name, marks in sorted(record.sheets.items())}}
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return [MARKS_FORMAT, *(text[i:i + CELL_CHARS] for i in range(0, len(text), CELL_CHARS))]


def parse_marks(texts: Sequence[str]) -> MarksRecord | None:
    """The record held by the marks sheet's first column (as :func:`serialize_marks` wrote
    it); None when there is none or it cannot be understood (another version, damaged).

    A record that cannot be read costs nothing but the fallback for clients that cannot
    read note texts: notes are recognised by their marker, and the next Check writes a
    new record.
    """
    if not texts or texts[0] != MARKS_FORMAT:
        return None
    try:
        document = json.loads("".join(texts[1:]) or '{"sheets":{}}')
        sheets = {str(name): SheetMarks(CellRanges.parse(marks.get("highlighted", "")),
                                        CellRanges.parse(marks.get("noted", "")))
                  for name, marks in document["sheets"].items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return MarksRecord(sheets)


# -- notes ----------------------------------------------------------------------------------

def note_text(message: str) -> str:
    """The whole text of backoffice's note carrying ``message``: the marker line first."""
    return f"{NOTE_MARKER}\n{message}"


def is_our_note(ref: str, text: str | None, noted: CellRanges | None = None) -> bool:
    """Whether the note on cell ``ref`` is backoffice's, to be replaced by the next Check.

    Args:
        ref: the cell the note is on now ("A6").
        text: the note's plain text, or None when the client cannot read it.
        noted: the cells the marks record lists with backoffice's note on this sheet.

    A readable note is ours when it starts with the marker, wherever it is (inserting a
    row moves notes away from the cells the record lists), or with the first line every
    earlier version of backoffice wrote. A note on a listed cell whose text no longer
    starts so was rewritten by the user and is theirs, whatever its author (Excel keeps
    a note's author when someone else edits it). Only when the text cannot be read does
    the record's list decide.
    """
    if text is None:
        return noted is not None and ref in noted
    start = text.lstrip().replace("\r\n", "\n")
    return start.startswith(NOTE_MARKER) or start.startswith(LEGACY_NOTE_START)

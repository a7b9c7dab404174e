"""A1 notation as the Sheets API reads and writes it (shared by the emulator and the connector).

A range is ``'Sheet title'!A1:C3``, ``Sheet1!A:A``, ``Sheet1!2:5``, ``A1:B2`` (the first
visible sheet) or a bare ``Sheet1`` (the whole sheet). Google quotes a title in its
responses unless it is a plain identifier that does not look like a cell reference
(observed in gspread's recordings: ``Sheet1!A1`` but ``'D3'!A1`` and ``'🌵 x 1'!A1``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from backoffice.books.ooxml import column_index, column_letter

_CELL = re.compile(r"^\$?([A-Za-z]*)\$?(\d*)$")
_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CELLREF = re.compile(r"^([A-Za-z]{1,3}\d+|R\d*C\d*)$", re.IGNORECASE)


def column_letters(index: int) -> str:
    """0-based column index -> letters (0 -> A, 26 -> AA): the workbook writer's own."""
    return column_letter(index)


def column_number(letters: str) -> int:
    """Letters, in either case -> 0-based column index (A -> 0)."""
    return column_index(letters.upper())


def quote_title(title: str) -> str:
    """The title as Google writes it before ``!`` in a response."""
    if _PLAIN.match(title) and not _CELLREF.match(title):
        return title
    return "'" + title.replace("'", "''") + "'"


@dataclass
class A1:
    """A parsed range: the sheet title (None: not named) and 0-based bounds, end exclusive;
    None for an open side (``A:A`` has no row bounds)."""

    title: str | None
    r0: int | None = None
    c0: int | None = None
    r1: int | None = None
    c1: int | None = None
    whole: bool = False  # the text named only the sheet

    def bounded(self, rows: int, cols: int) -> tuple[int, int, int, int]:
        """Bounds with open sides closed by the sheet's grid size."""
        return (self.r0 or 0, self.c0 or 0,
                rows if self.r1 is None else self.r1, cols if self.c1 is None else self.c1)


def split_title(text: str) -> tuple[str | None, str]:
    """(sheet title or None, the cell part) of ``text``."""
    if text.startswith("'"):
        i, title = 1, []
        while i < len(text):
            if text[i] == "'":
                if text[i + 1:i + 2] == "'":
                    title.append("'")
                    i += 2
                    continue
                break
            title.append(text[i])
            i += 1
        rest = text[i + 1:]
        return "".join(title), rest[1:] if rest.startswith("!") else rest
    if "!" in text:
        title, _, cells = text.rpartition("!")
        return title, cells
    return None, text


def parse(text: str) -> A1:
    """Parse a range; a text that is not cells (``Sheet1``) is a whole sheet's title.

    Raises ValueError for cells that do not parse."""
    title, cells = split_title(text)
    if title is not None and cells == "":
        return A1(title, whole=True)
    if title is None and not _looks_like_cells(cells):
        return A1(cells, whole=True)
    first, _, second = cells.partition(":")
    a = _cell(first)
    b = _cell(second) if second else a
    r0, r1 = _order(a[1], b[1])
    c0, c1 = _order(a[0], b[0])
    return A1(title, r0, c0, None if r1 is None else r1 + 1, None if c1 is None else c1 + 1)


def _looks_like_cells(text: str) -> bool:
    parts = text.split(":")
    if len(parts) == 1:  # a lone token is a cell (B7), not letters alone (Journal is a sheet)
        return bool(re.match(r"^\$?[A-Za-z]{1,3}\$?\d+$", text))
    return len(parts) == 2 and all(re.match(r"^\$?[A-Za-z]{0,3}\$?\d*$", p) and p.strip("$") for p in parts)


def _cell(text: str) -> tuple[int | None, int | None]:
    m = _CELL.match(text)
    if not m or not text:
        raise ValueError(text)
    letters, digits = m.groups()
    return (column_number(letters) if letters else None, int(digits) - 1 if digits else None)


def _order(a: int | None, b: int | None) -> tuple[int | None, int | None]:
    if a is None or b is None:
        return a, b  # an open side (``A:A``, ``B1:B``) stays open
    return (a, b) if a <= b else (b, a)


def render(title: str, r0: int, c0: int, r1: int, c1: int) -> str:
    """``Title!A1:C3`` of 0-based, end-exclusive bounds (a single cell as ``A1``)."""
    first = f"{column_letters(c0)}{r0 + 1}"
    last = f"{column_letters(c1 - 1)}{r1}"
    cells = first if (r1 - r0, c1 - c0) == (1, 1) else f"{first}:{last}"
    return f"{quote_title(title)}!{cells}"

"""The Book interface: what every kind of workbook offers the rest of backoffice.

Three kinds of book are planned from the start: an .xlsx file on disk
(:class:`backoffice.books.xlsx.XlsxBook`), a workbook open in live Excel through
xlwings, and a Google Sheet through gspread. Their costs differ wildly per call
(a COM round trip, an HTTP request), so the interface has only whole-sheet,
batch operations: read a sheet's head, read a whole table, and
(:class:`BookWriter`) replace a whole table and set all marks in one call.
Nothing in it is per cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from backoffice.books.ooxml import CellProblem

if TYPE_CHECKING:
    from backoffice.books.sheetxml import Validation
    from backoffice.issues import Issue
    from backoffice.schema import Registry, SheetSchema

Head = list[tuple[int, dict[int, object]]]


@dataclass
class RawTable:
    """A table as read from a sheet, before any schema is applied.

    Attributes:
        sheet: the sheet's name in the book.
        header_row: the 1-based row of the header.
        headers: column letter -> header text, for every column under the header.
        frame: a polars DataFrame with one column per letter, holding the cells
            as the workbook has them (Float64, String, Boolean, Datetime, or a
            Struct of number/text/date/bool when a column mixes kinds), and
            ``_row``, the 1-based worksheet row.
        cell_problems: error cells and formulas without a cached value.
        date1904: the book counts date serials from 1904 (old Mac Excel).
    """

    sheet: str
    header_row: int
    headers: dict[str, str]
    frame: Any
    cell_problems: list[CellProblem] = field(default_factory=list)
    date1904: bool = False


class Book(Protocol):
    """A workbook, whatever it lives in."""

    name: str

    def sheet_names(self) -> list[str]:
        """The names of the worksheets, in tab order."""
        ...

    def head(self, sheet: str, max_rows: int = 30) -> Head:
        """The first non-empty rows of ``sheet`` as (row, {column index: value})."""
        ...

    def read_table(self, sheet: str, header_row: int, typed: frozenset[str] = frozenset(),
                   textual: frozenset[str] = frozenset()) -> RawTable:
        """The whole table under ``header_row``, in one batch.

        ``typed`` names column letters whose cells must keep their kind (number
        or text) even when the column mixes them: amounts, dates and identity
        numbers, where "1.500" typed as text and 1.5 typed as a number differ.
        ``textual`` names columns read as text (codes), where a text "0042"
        must not become the number 42.
        """
        ...

    def formula_cells(self, sheet: str, letters: set[str], below: int) -> dict[int, set[str]]:
        """Row -> the letters (among ``letters``) of the cells holding a formula, below row
        ``below``, whether or not the formula has a result (Sync leaves them alone)."""
        ...

    def problems(self, registry: Registry, read_sheets: frozenset[str]) -> list[Issue]:
        """What no sheet reader reports, for Check: a second sheet of a kind, and for a
        file its missing or damaged parts (``read_sheets``: the sheets Check reads anyway)."""
        ...

    def close(self) -> None:
        """Release the book."""
        ...


class BookWriter(Protocol):
    """Changes to a book, collected and then applied in one save.

    :class:`backoffice.books.writer.WorkbookWriter` implements it for files; a
    live Excel or Google Sheets book will implement the same batch calls (one
    request per sheet, never one per cell). It is what the engines and actions
    may use of a writer, and no more: open one with
    :func:`backoffice.books.open_writer`, never a writer class directly.
    """

    def __enter__(self) -> BookWriter:
        ...

    def __exit__(self, *exc: object) -> None:
        ...

    # -- the book's sheets ---------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        """The names of the worksheets, in tab order, hidden ones included."""
        ...

    def is_output(self, name: str) -> bool:
        """Whether backoffice wrote the sheet ``name`` (an output or hidden state)."""
        ...

    def rename_sheet(self, old: str, new: str) -> None:
        """Rename the sheet ``old`` to ``new``, and every reference to it (formulas, links,
        defined names, hidden state); ValueError when another sheet has the name."""
        ...

    # -- output sheets and hidden state ------------------------------------------------------
    def write_output_sheet(self, name: str, table: Any, kind: str, hidden: bool = False,
                           charts: Sequence[Any] | None = None) -> None:
        """Write a whole output sheet (Issues, Trial Balance, …), in place if it exists;
        ``hidden`` for small hidden state (period locks, the marks record), ``charts``
        native charts over its cells."""
        ...

    def hidden_texts(self, sheet: str) -> list[str] | None:
        """Column A of the hidden-state sheet ``sheet`` backoffice wrote; None if absent."""
        ...

    # -- marks ----------------------------------------------------------------------------
    def mark_cells(self, sheet: str, cells: Sequence[Any], noted: Any = None) -> list[str]:
        """Replace backoffice's marks (highlight and note) on ``sheet`` with ``cells``; the
        cells that now carry our note."""
        ...

    def marked_sheets(self) -> list[str]:
        """The sheets that carry marks from an earlier Check."""
        ...

    # -- input sheets -------------------------------------------------------------------------
    def append_rows(self, sheet: str, header_row: int, rows: Sequence[dict[str, object]],
                    kinds: dict[str, str]) -> int:
        """Append rows below a sheet's data; the first new row's number."""
        ...

    def replace_rows(self, sheet: str, header_row: int,
                     replaced: dict[int, dict[str, object] | None],
                     appended: Sequence[dict[str, object]], kinds: dict[str, str]) -> int:
        """Rewrite whole rows in place (a generated block), then append; the first new row."""
        ...

    def add_columns(self, sheet: str, header_row: int, headers: dict[str, str],
                    validations: Sequence[Validation] = ()) -> None:
        """Add header cells at the right of the header row, and data validations (dropdowns
        and input messages, :class:`~backoffice.books.sheetxml.Validation`)."""
        ...

    def dropdown_columns(self, sheet: str) -> set[str]:
        """The column letters of ``sheet`` that already have a dropdown."""
        ...

    def add_input_sheet(self, schema: SheetSchema, lang: str) -> str:
        """Add a new, empty sheet of ``schema`` the user will type into, named, headed and
        explained in ``lang`` (formats, widths, frozen header, dropdowns); its name."""
        ...

    def save(self) -> None:
        """Apply every change at once, atomically."""
        ...

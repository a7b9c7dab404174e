"""A grid book: a workbook a client holds itself, handed over as values and cell kinds.

LibreOffice (UNO), Excel (xlwings) and Google Sheets keep the document open; the
client reads each sheet once, in batch (``getDataArray``, ``range.value``,
``values.batchGet``), and hands backoffice a plain structure. Writes do not go
back into it: they become an edit plan (:mod:`backoffice.books.editplan`) that the
client applies and may refuse when the sheets changed meanwhile.

The structure (JSON-ready; also what ``docs/edit-plan.md`` calls "the grid")::

    {
      "Journal": {
        "values": [["Date", "Ref", ...], ["2025-03-03", "JV-1", ...], ...],
        "kinds":  [["text", "text", ...], ["date", "text", ...], ...],
        "state": "visible",            # or "hidden", "veryHidden" (default visible)
        "output": null,                # the output kind if backoffice wrote the sheet
        "marked": false,               # the sheet carries marks of an earlier Check
        "notes": {"E5": "..."},        # cell notes the client could read (optional)
        "dropdowns": ["C"],            # columns with a dropdown (optional; Upgrade asks)
        "formulas": ["E5"]             # cells holding a formula, even calculated (optional;
                                       # Sync never writes over them)
      },
      ...
    }

``values`` and ``kinds`` are row-major from cell A1, the same shape (rows may be
ragged; missing cells are empty). A kind is one of :data:`KINDS`:

* ``text``: a string, kept as text even when it looks like a number ("0042");
* ``number``: an int or float;
* ``date``: an ISO date or date-time string (``2025-03-03``), or a Python date;
* ``bool``: true or false;
* ``formula``: a formula without a result the client could read; the value is the
  formula text (``=SUM(A1:A3)``). A calculated formula is given by its result's kind;
* ``error``: an error value; the value is its text (``#REF!``);
* ``empty``: nothing (the value is null).

The dict's order is the tab order. Every sheet a Check reads is fingerprinted
(:func:`fingerprint`) into the book's plan, so the plan knows what it was made from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import polars as pl

from backoffice.books import integrity
from backoffice.books.base import Head, RawTable
from backoffice.books.editplan import EditPlan
from backoffice.books.ooxml import CellProblem, column_index, column_letter
from backoffice.errors import UnusableInput
from backoffice.issues import Issue
from backoffice.schema import Registry

_REF = re.compile(r"[A-Z]{1,3}[1-9][0-9]*")

#: The kinds a grid cell may have.
KINDS = ("text", "number", "date", "bool", "formula", "error", "empty")
_KIND_SET = frozenset(KINDS)
#: Sheet visibility as clients name it (Excel's and the OOXML names).
STATES = ("visible", "hidden", "veryHidden")

MIXED = pl.Struct({"number": pl.Float64, "text": pl.String, "date": pl.Datetime("ms"),
                   "bool": pl.Boolean})
_DTYPES: dict[str, pl.DataType] = {"text": pl.String(), "number": pl.Float64(),
                                   "date": pl.Datetime("ms"), "bool": pl.Boolean()}


class BadGrid(UnusableInput):
    """The grid a client sent does not follow the documented structure."""

    code = "bad-grid"


@dataclass
class GridSheet:
    """One sheet of a grid: its cells, visibility, and what backoffice knows of it."""

    name: str
    values: list[list[Any]]
    kinds: list[list[str]]
    state: str = "visible"
    output: str | None = None
    marked: bool = False
    notes: dict[str, str] = field(default_factory=dict)
    dropdowns: set[str] = field(default_factory=set)
    formulas: set[str] = field(default_factory=set)
    #: the fingerprint once made (a 100,000-row sheet takes a while); see :meth:`changed`
    _print: str | None = field(default=None, init=False, repr=False, compare=False)

    def changed(self) -> None:
        """Say that the cells were changed in place (the fingerprint is made again)."""
        self._print = None

    def cell(self, row: int, column: int) -> tuple[Any, str]:
        """(value, kind) of the 0-based cell; ("empty") outside the grid."""
        if row < len(self.kinds) and column < len(self.kinds[row]):
            kind = self.kinds[row][column]
            value = self.values[row][column] if column < len(self.values[row]) else None
            return (None, "empty") if kind == "empty" else (value, kind)
        return None, "empty"

    @property
    def width(self) -> int:
        return max((len(row) for row in self.kinds), default=0)


def fingerprint(sheet: GridSheet | None) -> str | None:
    """SHA-256 of a sheet's values, kinds and state (None: no such sheet).

    Canonical JSON of the cells with trailing empties trimmed, so that a client that
    sends a few more empty cells gets the same fingerprint. (The same text as
    ``json.dumps({"state", "cells"}, sort_keys=True)``, built without a call per cell:
    the warm worker fingerprints every sheet of the book at every click.)"""
    if sheet is None:
        return None
    if sheet._print is None:
        sheet._print = _fingerprint(sheet)
    return sheet._print


def _fingerprint(sheet: GridSheet) -> str:
    # One list comprehension per row instead of a call per cell; a cell is a (value, kind)
    # tuple, which json writes as the client's [value, kind] list; dates go through
    # ``default`` (the only values json cannot write itself) as ISO text.
    rows: list[list[tuple[Any, str]]] = []
    all_values = sheet.values
    for r, kinds in enumerate(sheet.kinds):
        values = all_values[r] if r < len(all_values) else ()
        end = len(kinds)
        while end and kinds[end - 1] == "empty":
            end -= 1
        if end < len(kinds):
            kinds = kinds[:end]
        if len(values) < end:
            values = [*values, *([None] * (end - len(values)))]
        cells = [None if k == "empty" else v
                 for v, k in zip(values, kinds, strict=False)]  # values may run on
        rows.append(list(zip(cells, kinds, strict=True)))
    while rows and not rows[-1]:
        rows.pop()
    text = json.dumps({"cells": rows, "state": sheet.state}, ensure_ascii=False,
                      separators=(",", ":"), default=_iso)  # keys in sorted order already
    return hashlib.sha256(text.encode()).hexdigest()


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):  # datetime too
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a grid value")


class GridBook:
    """A :class:`~backoffice.books.base.Book` over a grid; its writes collect in :attr:`plan`.

    Args:
        sheets: the grid (see the module docstring).
        name: what the client calls the book (its title or path), shown in reports.
        date1904: the book counts date serials from 1904 (only Excel for old Macs).
    """

    def __init__(self, sheets: Mapping[str, Mapping[str, Any]], name: str = "grid",
                 date1904: bool = False) -> None:
        self.name = name
        self.date1904 = date1904
        self.sheets = {sheet: _sheet(sheet, spec) for sheet, spec in sheets.items()}
        self.plan = EditPlan(book=name)
        #: sheet -> (header row, {letter: header}) of the tables read, for row IDs.
        self.tables: dict[str, tuple[int, dict[str, str]]] = {}

    def __enter__(self) -> GridBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release: the client holds the document."""

    def __str__(self) -> str:
        return self.name

    def sheet_names(self) -> list[str]:
        return list(self.sheets)

    def fingerprint(self, sheet: str) -> str | None:
        return fingerprint(self.sheets.get(sheet))

    def _seen(self, sheet: str) -> GridSheet:
        found = self.sheets.get(sheet)
        if found is None:
            raise KeyError(sheet)
        if sheet not in self.plan.read:  # the first read is what the plan was made from
            self.plan.read[sheet] = fingerprint(found)
        return found

    def read_key(self, sheet: str, header_row: int) -> str:
        """The sheet's fingerprint now, for a reader that keeps what it read of the same
        content (:mod:`backoffice.sheetmemo`) instead of calling :meth:`read_table`. The
        sheet counts as read as by :meth:`read_table`: its fingerprint goes to the plan,
        its header row (the non-empty cells) to :attr:`tables`, for row IDs."""
        grid = self._seen(sheet)
        headers = {}
        for c in range(len(grid.kinds[header_row - 1]) if header_row <= len(grid.kinds) else 0):
            value, kind = grid.cell(header_row - 1, c)
            if kind != "empty":
                headers[column_letter(c)] = _header_text(value, kind)
        self.tables[sheet] = (header_row, headers)
        return fingerprint(grid)  # type: ignore[return-value]

    def head(self, sheet: str, max_rows: int = 30) -> Head:
        """As an .xlsx head: text, float or bool; dates as serial numbers; an error as its
        text; a formula without a result left out."""
        grid = self._seen(sheet)
        rows: Head = []
        for r in range(len(grid.kinds)):
            cells: dict[int, object] = {}
            for c in range(len(grid.kinds[r])):
                value, kind = grid.cell(r, c)
                if kind in ("empty", "formula"):
                    continue
                cells[c] = self._head_value(value, kind)
            if cells:
                rows.append((r + 1, cells))
                if len(rows) >= max_rows:
                    break
        return rows

    def _head_value(self, value: Any, kind: str) -> object:
        if kind == "number":
            return float(value)
        if kind == "date":
            moment = _datetime(value)
            epoch = dt.datetime(1904, 1, 1) if self.date1904 else dt.datetime(1899, 12, 30)
            return (moment - epoch) / dt.timedelta(days=1)
        if kind == "bool":
            return bool(value)
        return str(value)

    def problems(self, registry: Registry, read_sheets: frozenset[str]) -> list[Issue]:
        """What no sheet reader reports, as for a file: a second sheet of a kind. (A grid has
        no package: no part can be missing or damaged; a cell that breaks the grid's rules
        refuses the whole grid, ``bad-grid``.)"""
        return integrity.sheet_problems(list(self.sheets), registry)

    def formula_cells(self, sheet: str, letters: set[str], below: int) -> dict[int, set[str]]:
        """Row -> the letters (among ``letters``) of its formula cells, below row ``below``:
        the cells the client listed in ``formulas``, and those of kind ``formula``."""
        grid = self._seen(sheet)
        refs = set(grid.formulas)
        refs |= {f"{column_letter(c)}{r + 1}" for r in range(len(grid.kinds))
                 for c in range(len(grid.kinds[r])) if grid.kinds[r][c] == "formula"}
        found: dict[int, set[str]] = {}
        for ref in refs:
            row, column = cell_address(ref)
            letter = column_letter(column)
            if letter in letters and row > below:
                found.setdefault(row, set()).add(letter)
        return found

    def read_table(self, sheet: str, header_row: int, typed: frozenset[str] = frozenset(),
                   textual: frozenset[str] = frozenset()) -> RawTable:
        """The table under ``header_row``: one column per letter from the first to the last
        used column, typed by its cells' kinds (a column mixing kinds becomes a Struct of
        number/text/date/bool, which keeps each cell's kind, as for an .xlsx file)."""
        grid = self._seen(sheet)
        # Column by column (one transposition in C), not a call per cell: the warm worker
        # reads a changed 100,000-row Journal at every click.
        kinds_rows, values_rows = grid.kinds, grid.values
        width = grid.width
        last_row = next((r + 1 for r in range(len(kinds_rows) - 1, -1, -1)
                         if kinds_rows[r].count("empty") != len(kinds_rows[r])), header_row)
        rows = range(header_row, max(last_row, header_row))  # 0-based data rows
        kind_columns = _columns(kinds_rows[header_row:rows.stop], width, "empty")
        value_columns = _columns(values_rows[header_row:rows.stop], width, None)
        above = _columns(kinds_rows[:header_row], width, "empty")  # the header and above
        used = [c for c in range(width)
                if any(kinds.count("empty") != len(kinds)
                       for kinds in (kind_columns[c], above[c]))]
        first_col, last_col = (min(used), max(used)) if used else (0, -1)
        headers: dict[str, str] = {}
        columns: list[pl.Series] = []
        problems: list[CellProblem] = []
        for c in range(first_col, last_col + 1):
            letter = column_letter(c)
            value, kind = grid.cell(header_row - 1, c)
            headers[letter] = "" if kind == "empty" else _header_text(value, kind)
            kinds = kind_columns[c] if c < len(kind_columns) else ("empty",) * len(rows)
            values = value_columns[c] if c < len(value_columns) else (None,) * len(rows)
            if "error" in kinds or "formula" in kinds:
                for r, value, kind in zip(rows, values, kinds, strict=True):
                    if kind in ("error", "formula"):
                        problems.append(CellProblem(r + 1, letter, kind, str(value or "")))
            columns.append(_column_of(letter, values, kinds))
        frame = pl.DataFrame(columns) if columns else pl.DataFrame()
        frame = frame.with_columns(pl.int_range(header_row + 1, header_row + 1 + len(rows),
                                                dtype=pl.Int64).alias("_row"))
        self.tables[sheet] = (header_row, headers)
        return RawTable(sheet, header_row, headers, frame, problems, self.date1904)


def _sheet(name: str, spec: Mapping[str, Any]) -> GridSheet:
    values = list(map(list, spec.get("values") or []))
    kinds = list(map(list, spec.get("kinds") or []))
    if not _known_kinds(kinds):  # then find the first bad cell, for the message
        for r, row in enumerate(kinds):
            for c, kind in enumerate(row):
                if kind not in KINDS:
                    raise BadGrid(path=name,
                                  detail=f"{name}!{column_letter(c)}{r + 1}: kind {kind!r} "
                                         f"is not one of {', '.join(KINDS)}")
    if len(values) < len(kinds):
        values += [[] for _ in range(len(kinds) - len(values))]
    state = spec.get("state") or ("veryHidden" if spec.get("veryHidden") else
                                  "hidden" if spec.get("hidden") else "visible")
    if state not in STATES:
        raise BadGrid(path=name, detail=f"{name}: state {state!r} is not one of "
                                        f"{', '.join(STATES)}")
    dropdowns = {str(letter).upper() for letter in spec.get("dropdowns") or ()}
    if any(not letter.isalpha() or not letter.isascii() for letter in dropdowns):
        raise BadGrid(path=name, detail=f"{name}: dropdowns {sorted(dropdowns)} are not column "
                                        "letters")
    formulas = {str(ref).upper().replace("$", "") for ref in spec.get("formulas") or ()}
    if any(not _REF.fullmatch(ref) for ref in formulas):
        raise BadGrid(path=name, detail=f"{name}: formulas lists {sorted(formulas)[:3]}, "
                                        "not cell references like E5")
    return GridSheet(name, values, kinds, state, spec.get("output"), bool(spec.get("marked")),
                     dict(spec.get("notes") or {}), dropdowns, formulas)


def _columns(rows: list[list[Any]], width: int, fill: Any) -> list[tuple[Any, ...]]:
    """``rows`` padded to ``width`` with ``fill``, as columns."""
    if not rows:
        return [()] * width
    padded = [row if len(row) == width else
              row[:width] if len(row) > width else [*row, *([fill] * (width - len(row)))]
              for row in rows]
    return list(zip(*padded, strict=True))


def _column_of(letter: str, values: tuple[Any, ...], kinds: tuple[str, ...]) -> pl.Series:
    """:func:`_column` of one column's values and kinds (empty kinds' values ignored),
    with each distinct date text converted once (a journal repeats its dates)."""
    present = set(kinds) & _DTYPES.keys()
    if len(present) == 1 and "date" not in present:
        kind = present.pop()
        if kind == "number":
            typed = [float(v) if k == "number" else None
                     for v, k in zip(values, kinds, strict=True)]
        elif kind == "text":
            typed = [str(v) if k == "text" else None for v, k in zip(values, kinds, strict=True)]
        else:
            typed = [bool(v) if k == kind else None for v, k in zip(values, kinds, strict=True)]
        return pl.Series(letter, typed, dtype=_DTYPES[kind])
    cells = list(zip(values, kinds, strict=True))
    if "date" in present:
        dates: dict[Any, dt.datetime] = {}
        try:
            for v, k in cells:
                if k == "date" and v not in dates:
                    dates[v] = _datetime(v)
        except TypeError:  # an unhashable value: :func:`_column` says what is wrong with it
            return _column(letter, cells)
        if len(present) == 1:
            return pl.Series(letter, [dates[v] if k == "date" else None for v, k in cells],
                             dtype=_DTYPES["date"])
        cells = [(dates[v], k) if k == "date" else (v, k) for v, k in cells]
    return _column(letter, cells)


def _known_kinds(kinds: list[list[Any]]) -> bool:
    """Every cell's kind is one of :data:`KINDS` (one set of all of them, built in C)."""
    try:
        return set(chain.from_iterable(kinds)) <= _KIND_SET
    except TypeError:  # an unhashable kind (a list…): not a kind
        return False


def _column(letter: str, cells: list[tuple[Any, str]]) -> pl.Series:
    present = {kind for _v, kind in cells if kind in _DTYPES}
    if len(present) == 1:
        kind = present.pop()
        return pl.Series(letter, [_typed(v, kind) if k == kind else None for v, k in cells],
                         dtype=_DTYPES[kind])
    if not present:
        return pl.Series(letter, [None] * len(cells), dtype=pl.String)
    fields: dict[str, list[Any]] = {"number": [], "text": [], "date": [], "bool": []}
    for value, kind in cells:
        for name, values in fields.items():
            values.append(_typed(value, kind) if name == kind else None)
    fields["text"] = [None if t == "" else t for t in fields["text"]]
    return pl.DataFrame(fields, schema={"number": pl.Float64, "text": pl.String,
                                        "date": pl.Datetime("ms"), "bool": pl.Boolean}
                        ).to_struct(letter)


def _typed(value: Any, kind: str) -> Any:
    if kind == "number":
        return float(value)
    if kind == "date":
        return _datetime(value)
    if kind == "bool":
        return bool(value)
    return str(value)


def _header_text(value: Any, kind: str) -> str:
    if kind == "number" and float(value).is_integer():
        return str(int(float(value)))
    return str(value)


def _datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise BadGrid(path="grid", detail=f"date {value!r} is not an ISO date") from exc


def cell_address(ref: str) -> tuple[int, int]:
    """"E5" -> (row 5, 0-based column 4)."""
    letters = ref.rstrip("0123456789")
    return int(ref[len(letters):]), column_index(letters)

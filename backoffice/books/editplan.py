"""The edit plan: what backoffice would write into a book a client holds itself.

A client that keeps the document open (LibreOffice through UNO, Excel through
xlwings, Google Sheets) sends its sheets as a grid (:mod:`backoffice.books.grid`),
runs an action, and gets back an :class:`EditPlan`: a plain, versioned JSON
document of operations to apply, each a batch (a whole output sheet, every mark
of a sheet), never a call per cell. docs/edit-plan.md documents the JSON.

The plan carries a fingerprint of every sheet it was made from (SHA-256 of its
values, kinds and state, :func:`backoffice.books.grid.fingerprint`). Before writing,
the client reads those sheets again and asks :meth:`EditPlan.stale`: a sheet that
changed while the action ran (a row inserted, a value typed) makes the plan stale,
and the client says "the sheet changed while Check ran: click again" instead of
writing marks into rows that moved. Marks and Issues-sheet links also carry the
row ID of their row where the sheet has one, so a client can find a row that
moved by its identity.

:class:`GridWriter` is the :class:`~backoffice.books.base.BookWriter` of a grid: it
does what :class:`~backoffice.books.writer.WorkbookWriter` does to a file, as
operations, so every engine writes to both through the same calls.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from backoffice.books.hiddenstate import (
    HIGHLIGHT_FILL,
    HIGHLIGHT_FONT,
    NOTE_MARKER,
    CellRanges,
    is_hidden_state_sheet,
    is_our_note,
    note_text,
)
from backoffice.books.marks import CellMark
from backoffice.books.ooxml import column_index, column_letter
from backoffice.books.sheetrefs import check_sheet_name
from backoffice.books.sheetxml import (
    Link,
    OutputTable,
    Validation,
    check_fits,
    header_width,
    validation,
)
from backoffice.books.writer import OUTPUT_STYLES, SheetNotOurs
from backoffice.errors import BackofficeError
from backoffice.schema import ROW_ID, SheetSchema, normalize_name

if TYPE_CHECKING:
    from backoffice.books.grid import GridBook

#: The plan's format name and version; a client refuses a version it does not know.
FORMAT = "backoffice-edit-plan"
VERSION = 1

Operation = dict[str, Any]


class StalePlan(BackofficeError):
    """The sheets changed after the action read them; the plan was not applied."""

    code = "stale-plan"
    exit_code = 3  # retryable: run the action again


@dataclass
class EditPlan:
    """Operations to apply to a book, and the fingerprints of what they were made from.

    Attributes:
        book: the book's name as the client gave it.
        read: sheet -> fingerprint when the action read it (None: the sheet did not
            exist, and must still not exist, since the plan adds it).
        operations: the operations, in the order they must be applied.
        version: :data:`VERSION`.
    """

    book: str
    read: dict[str, str | None] = field(default_factory=dict)
    operations: list[Operation] = field(default_factory=list)
    version: int = VERSION

    def to_dict(self) -> dict[str, Any]:
        styles = {name: {k: v for k, v in dataclasses.asdict(style).items() if v not in (None, False)}
                  for name, style in OUTPUT_STYLES.items()}
        return {"format": FORMAT, "version": self.version, "book": self.book,
                "read": dict(sorted(self.read.items())), "styles": styles,
                "highlight": {"fill": HIGHLIGHT_FILL, "font": HIGHLIGHT_FONT},
                "note_marker": NOTE_MARKER, "operations": self.operations}

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, text: str) -> EditPlan:
        data = json.loads(text)
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise ValueError(f"not a {FORMAT} version {VERSION}: "
                             f"{data.get('format')!r} version {data.get('version')!r}")
        return cls(data["book"], dict(data["read"]), list(data["operations"]), data["version"])

    def stale(self, grid: GridBook) -> list[str]:
        """The sheets that differ now, in ``grid`` (read again by the client), from what the
        plan was made from; empty when the plan may be applied."""
        return [sheet for sheet, seen in self.read.items() if grid.fingerprint(sheet) != seen]

    def require_fresh(self, grid: GridBook) -> None:
        """:class:`StalePlan` unless the plan may be applied to ``grid``."""
        changed = self.stale(grid)
        if changed:
            raise StalePlan(sheets=", ".join(changed))

    @property
    def empty(self) -> bool:
        return not self.operations

    def cells(self, sheet: str) -> dict[str, tuple[Any, str]]:
        """Cell ref -> (value, kind) that the plan's output writes give ``sheet``."""
        found: dict[str, tuple[Any, str]] = {}
        for op in self.operations:
            if op["sheet"] != sheet or op["op"] != "write_output_sheet":
                continue
            found.clear()  # a sheet written twice keeps the last contents
            for r, (row, kinds) in enumerate(zip(op["values"], op["kinds"], strict=True), start=1):
                for c, (value, kind) in enumerate(zip(row, kinds, strict=True)):
                    if kind != "empty":
                        found[f"{column_letter(c)}{r}"] = (value, kind)
        return found

    def marks(self, sheet: str) -> list[Operation]:
        """The marks the plan's last ``mark_cells`` for ``sheet`` sets."""
        ops = [op for op in self.operations if op["op"] == "mark_cells" and op["sheet"] == sheet]
        return list(ops[-1]["marks"]) if ops else []


class GridWriter:
    """A :class:`~backoffice.books.base.BookWriter` whose changes become operations of the
    grid's plan, all at once on :meth:`save` (nothing before, as with a file)."""

    def __init__(self, grid: GridBook) -> None:
        self.grid = grid
        self._ops: list[Operation] = []
        self._added: dict[str, str] = {}  # sheet added -> state
        self._inputs: set[str] = set()  # the added sheets a user types into
        self._outputs: dict[str, str] = {}
        self._marked: dict[str, bool] = {}
        self._renamed: dict[str, str] = {}  # new name -> the grid's name

    def __enter__(self) -> GridWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to release; an unsaved writer leaves the plan as it was."""

    # -- sheets -----------------------------------------------------------------------------
    def sheet_names(self) -> list[str]:
        now = {old: new for new, old in self._renamed.items()}
        return [*(now.get(name, name) for name in self.grid.sheets), *self._added]

    def is_output(self, name: str) -> bool:
        if name in self._outputs or (name in self._added and name not in self._inputs):
            return True
        sheet = self._sheet(name)
        return sheet is not None and (sheet.output is not None or is_hidden_state_sheet(name))

    def rename_sheet(self, old: str, new: str) -> None:
        """One ``rename_sheet`` operation: the client renames the sheet as its user would
        (Excel, LibreOffice and Sheets then rename every reference to it themselves).
        The sheet is known by its new name from here on, in this writer."""
        if old not in self.sheet_names():
            raise KeyError(old)
        check_sheet_name(new)
        if any(name.casefold() == new.casefold() and name != old for name in self.sheet_names()):
            raise ValueError(f"{self.grid.name} already has a sheet {new!r}")
        if new == old:
            return
        original = self._renamed.pop(old, old)
        if original != new:
            self._renamed[new] = original
        for names in (self._outputs, self._marked):
            if old in names:
                names[new] = names.pop(old)
        self._ops.append({"op": "rename_sheet", "sheet": old, "name": new})

    def _grid_name(self, name: str) -> str | None:
        """The grid's name of the sheet this writer calls ``name`` (None: renamed away)."""
        if name in self._renamed:
            return self._renamed[name]
        return None if name in self._renamed.values() else name

    def _sheet(self, name: str) -> Any:
        original = self._grid_name(name)
        return None if original is None else self.grid.sheets.get(original)

    def write_output_sheet(self, name: str, table: OutputTable, kind: str, hidden: bool = False,
                           charts: Sequence[Any] | None = None,
                           recognised_by: Sequence[Sequence[str]] = ()) -> None:
        """One ``write_output_sheet`` operation (after an ``add_sheet`` for a new sheet): the
        client clears the sheet's cells and sets the range, in place, so that formulas
        pointing at the sheet keep working. ``recognised_by``: header rows by which a copy
        of the sheet that lost backoffice's mark is known as ours, as for a file
        (:meth:`backoffice.books.writer.WorkbookWriter.write_output_sheet`)."""
        check_fits(table)
        if name not in self.sheet_names():
            state = "veryHidden" if hidden else "visible"
            self._added[name] = state
            self._ops.append({"op": "add_sheet", "sheet": name, "state": state})
        elif not self.is_output(name) and not self._has_header(name, recognised_by):
            raise SheetNotOurs(path=self.grid.name, sheet=name)
        self._outputs[name] = kind
        values, kinds, links = _materialize(table)
        width = len(table.columns)
        last = f"{column_letter(max(width - 1, 0))}{len(values)}"
        self._ops.append({
            "op": "write_output_sheet", "sheet": name, "output": kind,
            "range": f"A1:{last}",
            "columns": [{"header": c.header, "style": c.kind, "width": c.width}
                        for c in table.columns],
            "values": values, "kinds": kinds,
            "links": [self._link(ref, link) for ref, link in links],
            "frozen": "A2", "filter": f"A1:{last}" if len(values) > 1 else None,
            "tab_color": table.tab_color,
            "charts": None if charts is None else [_jsonable(dataclasses.asdict(c)) for c in charts],
        })

    def _has_header(self, name: str, headers: Sequence[Sequence[str]]) -> bool:
        """Whether row 1 of the grid's sheet ``name`` begins with one of ``headers``."""
        grid = self.grid.sheets.get(name)
        if grid is None or not headers:
            return False
        first = [normalize_name(str(grid.cell(0, c)[0] or "")) for c in range(grid.width)]
        return any(first[:len(h)] == [normalize_name(t) for t in h] for h in headers)

    def hidden_texts(self, sheet: str) -> list[str] | None:
        """Column A, top down, of the hidden-state sheet ``sheet`` (non-empty rows)."""
        grid = self.grid.sheets.get(sheet)
        if not is_hidden_state_sheet(sheet) or grid is None:
            return None
        self.grid.plan.read.setdefault(sheet, self.grid.fingerprint(sheet))
        texts = []
        for r in range(len(grid.kinds)):
            if any(k != "empty" for k in grid.kinds[r]):
                value, kind = grid.cell(r, 0)
                texts.append("" if kind == "empty" or value is None else str(value))
        return texts

    # -- marks ------------------------------------------------------------------------------
    def marked_sheets(self) -> list[str]:
        now = {old: new for new, old in self._renamed.items()}
        return [now.get(name, name) for name, sheet in self.grid.sheets.items() if sheet.marked]

    def mark_cells(self, sheet: str, cells: Sequence[CellMark],
                   noted: CellRanges | None = None) -> list[str]:
        """One ``mark_cells`` operation: the client removes backoffice's marks on ``sheet``
        (the highlight, and the notes that start with the marker), then sets these. A cell
        with someone else's note keeps it and gets none from us, as in a file."""
        grid = self._sheet(sheet)
        if grid is None:
            raise KeyError(sheet)
        theirs = {ref for ref, text in grid.notes.items() if not is_our_note(ref, text, noted)}
        marks, noted_now = [], []
        for mark in cells:
            ours = bool(mark.note) and mark.ref not in theirs
            entry: Operation = {"cell": mark.ref, "note": note_text(mark.note) if ours else None}
            row_id = self._row_id(sheet, mark.ref)
            if row_id is not None:
                entry["row_id"] = row_id
            marks.append(entry)
            if ours:
                noted_now.append(mark.ref)
        self._marked[sheet] = bool(cells)
        self._ops.append({"op": "mark_cells", "sheet": sheet, "marks": marks})
        return noted_now

    # -- input sheets ---------------------------------------------------------------------------
    def append_rows(self, sheet: str, header_row: int, rows: Sequence[dict[str, object]],
                    kinds: dict[str, str]) -> int:
        return self.replace_rows(sheet, header_row, {}, rows, kinds)

    def replace_rows(self, sheet: str, header_row: int,
                     replaced: dict[int, dict[str, object] | None],
                     appended: Sequence[dict[str, object]], kinds: dict[str, str]) -> int:
        """One ``write_rows`` operation: whole rows set in place (a generated block), then
        rows appended below the last used row. The rows are also set in the grid in
        memory, so that an action reading the sheet again (Post, after generating the
        documents' entries) sees them; the plan's fingerprint stays that of the first read."""
        grid = self.grid.sheets.get(sheet)
        if grid is None:
            raise KeyError(sheet)
        last = max((r + 1 for r in range(len(grid.kinds))
                    if any(k != "empty" for k in grid.kinds[r])), default=0)
        first = max(last, header_row) + 1
        rows: list[tuple[int, dict[str, object] | None]] = sorted(replaced.items())
        rows += [(first + i, row) for i, row in enumerate(appended)]
        entries = []
        for number, cells in rows:
            plain = {letter: cell_value(value) for letter, value in (cells or {}).items()
                     if value is not None}
            entry: Operation = {"row": number, "cells": {
                letter: {"value": value, "kind": kind}
                for letter, (value, kind) in sorted(plain.items(), key=lambda kv: (len(kv[0]), kv[0]))}}
            row_id = self._row_id(sheet, f"A{number}") if number < first else None
            if row_id is not None:
                entry["row_id"] = row_id
            entries.append(entry)
            _set_row(grid, number, plain)
        self._ops.append({"op": "write_rows", "sheet": sheet, "header_row": header_row,
                          "styles": dict(sorted(kinds.items())), "rows": entries})
        return first

    def set_cells(self, sheet: str, header_row: int, cells: dict[int, dict[str, object]],
                  kinds: dict[str, str]) -> None:
        """One ``set_cells`` operation (Sync): cells set inside existing rows, every other
        cell of the row left as it is (a formula beside them included); a None value clears
        its cell. ``row_id`` names the row's ID as read, so a client can find it if rows
        moved. The grid in memory is not changed: Sync reads nothing after it writes."""
        if sheet not in self.grid.sheets:
            raise KeyError(sheet)
        if not cells:
            return
        entries = []
        for number, row in sorted(cells.items()):
            entry: Operation = {"row": number, "cells": {
                letter: dict(zip(("value", "kind"), cell_value(value), strict=True))
                for letter, value in sorted(row.items(), key=lambda kv: (len(kv[0]), kv[0]))}}
            row_id = self._row_id(sheet, f"A{number}") if number > header_row else None
            if row_id is not None:
                entry["row_id"] = row_id
            entries.append(entry)
        self._ops.append({"op": "set_cells", "sheet": sheet, "header_row": header_row,
                          "styles": dict(sorted(kinds.items())), "rows": entries})

    # -- columns, dropdowns and new input sheets (Upgrade) ---------------------------------------
    def add_columns(self, sheet: str, header_row: int, headers: dict[str, str],
                    validations: Sequence[Validation] = ()) -> None:
        """One ``add_columns`` operation: header cells at the right of the header row (the
        client grows a table whose header is that row to take them), and validations. The
        header cells are also set in the grid in memory, as with :meth:`replace_rows`."""
        grid = self.grid.sheets.get(sheet)
        if grid is None:
            raise KeyError(sheet)
        if not headers and not validations:
            return
        ordered = dict(sorted(headers.items(), key=lambda kv: (len(kv[0]), kv[0])))
        self._ops.append({"op": "add_columns", "sheet": sheet, "header_row": header_row,
                          "headers": ordered, "validations": [v.to_json() for v in validations]})
        for letter, text in ordered.items():
            _set_cell(grid, header_row, letter, text)
        grid.dropdowns |= {v.letter for v in validations if v.kind == "list"}

    def dropdown_columns(self, sheet: str) -> set[str]:
        """The letters the client said carry a dropdown (the grid's ``dropdowns``)."""
        grid = self.grid.sheets.get(sheet)
        if grid is None:
            raise KeyError(sheet)
        return set(grid.dropdowns)

    def add_input_sheet(self, schema: SheetSchema, lang: str) -> str:
        """An ``add_sheet`` and a ``write_input_sheet`` operation: a new, empty sheet for the
        user to type into, headed, formatted and explained as a file's would be."""
        name = schema.name(lang)
        if name in self.sheet_names():
            raise ValueError(f"{self.grid.name} already has a sheet {name}")
        self._added[name] = "visible"
        self._inputs.add(name)
        columns = [{"letter": column_letter(i), "header": f.header(lang),
                    "number_format": f.excel_format,
                    "width": header_width(f.width, f.header(lang))}
                   for i, f in enumerate(schema.fields)]
        self._ops.append({"op": "add_sheet", "sheet": name, "state": "visible"})
        self._ops.append({"op": "write_input_sheet", "sheet": name, "header_row": 1,
                          "columns": columns, "frozen": "A2",
                          "validations": [validation(f, column_letter(i), 2, lang).to_json()
                                          for i, f in enumerate(schema.fields)]})
        return name

    # -- saving -------------------------------------------------------------------------------
    def save(self) -> None:
        """Append the collected operations to the grid's plan, with the fingerprints of
        every sheet they touch, and make backoffice's hidden state very hidden again."""
        plan = self.grid.plan
        for name, sheet in self.grid.sheets.items():
            if is_hidden_state_sheet(name) and sheet.state != "veryHidden":
                self._ops.append({"op": "set_state", "sheet": name, "state": "veryHidden"})
        for op in self._ops:
            if op["sheet"] not in plan.read:  # (setdefault would fingerprint every time)
                plan.read[op["sheet"]] = self.grid.fingerprint(op["sheet"])
            if op["op"] == "rename_sheet" and op["name"] not in plan.read:
                plan.read[op["name"]] = self.grid.fingerprint(op["name"])  # must still be free
        plan.operations.extend(self._ops)
        self._ops = []

    # -- row identity ----------------------------------------------------------------------------
    def _row_id(self, sheet: str, ref: str) -> str | None:
        """The row ID of the row of ``ref`` on ``sheet``, when its table has an ID column."""
        sheet = self._grid_name(sheet) or sheet
        table = self.grid.tables.get(sheet)
        grid = self.grid.sheets.get(sheet)
        if table is None or grid is None:
            return None
        header_row, headers = table
        names = {normalize_name(n) for n in ROW_ID.names()}
        letter = next((k for k, v in headers.items() if normalize_name(v) in names), None)
        row = int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        if letter is None or row <= header_row:
            return None
        value, kind = grid.cell(row - 1, column_index(letter))
        if kind == "number":
            return str(int(value)) if float(value).is_integer() else str(value)
        return str(value) if kind == "text" and str(value).strip() else None

    def _link(self, ref: str, link: Link) -> Operation:
        entry: Operation = {"cell": ref, "target": link.location}
        sheet, _, cell = link.location.rpartition("!")
        if sheet.startswith("'") and sheet.endswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
        row_id = self._row_id(sheet, cell.replace("$", "")) if cell else None
        if row_id is not None:
            entry["row_id"] = row_id
        return entry


def _set_cell(grid: Any, row: int, letter: str, text: str) -> None:
    """Cell ``letter``+``row`` of ``grid`` (a GridSheet) becomes the text ``text``."""
    while len(grid.kinds) < row:
        grid.kinds.append([])
        grid.values.append([])
    index = column_index(letter)
    values, kinds = grid.values[row - 1], grid.kinds[row - 1]
    while len(kinds) <= index:
        kinds.append("empty")
    while len(values) <= index:
        values.append(None)
    values[index], kinds[index] = text, "text"
    grid.changed()


def _set_row(grid: Any, number: int, cells: dict[str, tuple[Any, str]]) -> None:
    """Row ``number`` of ``grid`` (a GridSheet) becomes ``cells`` (letter -> (value, kind)),
    numbers as floats again, as a client would read them back."""
    while len(grid.kinds) < number:
        grid.kinds.append([])
        grid.values.append([])
    width = max((column_index(letter) + 1 for letter in cells), default=0)
    values: list[Any] = [None] * width
    kinds = ["empty"] * width
    for letter, (value, kind) in cells.items():
        index = column_index(letter)
        values[index] = float(value) if kind == "number" else value
        kinds[index] = kind
    grid.values[number - 1], grid.kinds[number - 1] = values, kinds
    grid.changed()


def _materialize(table: OutputTable) -> tuple[list[list[Any]], list[list[str]],
                                              list[tuple[str, Link]]]:
    """The table as rows of JSON values and their kinds (header row first), and its links."""
    values: list[list[Any]] = [[c.header for c in table.columns]]
    kinds: list[list[str]] = [["text"] * len(table.columns)]
    links: list[tuple[str, Link]] = []
    for r, row in enumerate(table.rows, start=2):
        out_values, out_kinds = [], []
        for c in range(len(table.columns)):
            value = row[c] if c < len(row) else None
            if isinstance(value, Link):
                links.append((f"{column_letter(c)}{r}", value))
                value = value.text
            plain, kind = cell_value(value)
            out_values.append(plain)
            out_kinds.append(kind)
        values.append(out_values)
        kinds.append(out_kinds)
    return values, kinds, links


def consecutive_runs(rows: list[int]) -> list[list[int]]:
    """Sorted row numbers grouped into runs of consecutive rows, as a client writes a
    ``set_cells`` column in blocks: [2, 3, 4, 9] -> [[2, 3, 4], [9]]."""
    runs: list[list[int]] = []
    for r in rows:
        if runs and runs[-1][-1] == r - 1:
            runs[-1].append(r)
        else:
            runs.append([r])
    return runs


def cell_value(value: object) -> tuple[Any, str]:
    """A value as the plan carries it, and its kind: numbers as exact decimal text, dates
    as ISO dates (the day, as a file gets it), text as text."""
    if value is None:
        return None, "empty"
    if isinstance(value, bool):
        return value, "bool"
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), "date"
    if isinstance(value, dt.date):
        return value.isoformat(), "date"
    if isinstance(value, Decimal):
        return format(value, "f"), "number"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value), "number"
    return str(value), "text"


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return format(value, "f")
    return value

"""The open Excel workbook as a grid, and an edit plan applied to it, through xlwings.

Reading costs two batch calls per sheet (the used range's values with errors as None, then
with errors as text: a cell that is None in the first and ``#N/A`` in the second is an
error, while a text cell typed as "#N/A" is text in both) plus its notes and names.
xlwings reads ``Range.Value``, so a date-formatted cell comes back as a datetime: that is
how the number format tells dates here.

Applying avoids Excel's traps:

* a value set over COM is parsed as if typed ("0042" -> 42, "=1+1" -> a formula, "1/2" ->
  a date): text cells get the number format ``@`` before their values are set;
* a conditional-format formula is parsed in the user's locale (Indonesian Excel uses ``;``
  and ``BENAR`` for TRUE): the highlight's formula is ``=1=1``, no function and no
  separator;
* ``Range("A1,B2,...")`` takes at most 255 characters: multi-area ranges are chunked;
* each note is one call: at most :data:`NOTES_CAP` per sheet (the Issues sheet lists all).

Only the xlwings surface listed in tests/xlwings_double.py is used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from backoffice.books.editplan import EditPlan, consecutive_runs
from backoffice.books.hiddenstate import MARKED_NAME, NOTE_MARKER, OUTPUT_NAME
from backoffice.books.ooxml import column_index, column_letter
from backoffice.books.writer import OUTPUT_STYLES

#: Excel's error values, as xlwings gives them with ``err_to_str=True``.
ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                    "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!",
                    "#CONNECT!", "#UNKNOWN!", "#BUSY!"})
#: Notes set per sheet at most; the other marked cells are highlighted only.
NOTES_CAP = 100
#: Links (one call each) set per output sheet at most; the cells beyond keep their text.
LINKS_CAP = 200
#: Excel's limit on the address given to ``Range()``.
ADDRESS_LIMIT = 255
#: The highlight's conditional format: always true, the same text in every locale.
HIGHLIGHT_FORMULA = "=1=1"
#: The name of every chart backoffice draws (backoffice.books.charts.OWNED_PREFIX, the
#: name the CLI gives its anchors): a later Post replaces those, never the user's charts.
CHART_PREFIX = "backoffice chart"
#: xlwings' chart types for the edit plan's kinds.
CHART_TYPES = {"column": "column_clustered", "line": "line_markers"}
#: Excel's sheet visibility (XlSheetVisibility).
VISIBILITY = {"visible": -1, "hidden": 0, "veryHidden": 2}
#: What each operation of the plan costs in calls, counted by the bench.
SUPPORTED = frozenset({"add_sheet", "write_output_sheet", "mark_cells", "set_state",
                       "set_cells", "write_rows", "add_columns", "rename_sheet"})
#: Excel's data validation types and alert styles (XlDVType, XlDVAlertStyle).
_INPUT_ONLY, _CUSTOM, _STOP = 0, 7, 1
#: A validation formula that never holds, the same text in every locale (as the highlight's).
_NEVER = "=1=0"


class CannotApply(Exception):
    """The plan holds an operation this client does not apply yet (nothing was applied)."""

    def __init__(self, ops: Sequence[str]) -> None:
        super().__init__(", ".join(ops))
        self.ops = list(ops)


# -- reading -----------------------------------------------------------------------------------

def read_grid(book: Any) -> dict[str, Any]:
    """The grid (docs/edit-plan.md) of the open xlwings ``book``, sheets in tab order."""
    grid: dict[str, Any] = {}
    for sheet in book.sheets:
        grid[sheet.name] = read_sheet(sheet)
    return grid


def read_sheet(sheet: Any) -> dict[str, Any]:
    """One sheet of the grid, from A1 to the used range's last cell."""
    last = sheet.used_range.last_cell
    area = sheet.range((1, 1), (last.row, last.column))
    plain = area.options(ndim=2).value
    errors = area.options(ndim=2, err_to_str=True).value
    values, kinds = [], []
    for plain_row, error_row in zip(plain, errors, strict=True):
        row_values, row_kinds = [], []
        for value, shown in zip(plain_row, error_row, strict=True):
            cell, kind = _cell(value, shown)
            row_values.append(cell)
            row_kinds.append(kind)
        values.append(row_values)
        kinds.append(row_kinds)
    names = {name.name.split("!")[-1]: name.refers_to for name in sheet.names}
    output = names.get(OUTPUT_NAME)
    return {"values": values, "kinds": kinds, "state": state_of(sheet),
            "output": output.strip('="') if output else None,
            "marked": MARKED_NAME in names,
            "notes": {_plain_address(n.location.address): n.text for n in sheet.notes},
            "formulas": formula_cells(area.formula)}


def formula_cells(formulas: Any) -> list[str]:
    """The cells holding a formula, from ``Range.formula`` of the area from A1 (one call):
    a calculated formula is read as its result, and Sync must never write over it. Text
    typed as ``'=…`` reads as a formula here too: Sync then leaves it alone, the safe side."""
    rows = formulas if isinstance(formulas, list | tuple) else ((formulas,),)
    rows = [row if isinstance(row, list | tuple) else (row,) for row in rows]
    return [f"{column_letter(c)}{r}" for r, row in enumerate(rows, start=1)
            for c, text in enumerate(row) if isinstance(text, str) and text.startswith("=")]


def _cell(value: Any, shown: Any) -> tuple[Any, str]:
    if value is None:
        if isinstance(shown, str) and shown in ERRORS:
            return shown, "error"
        return None, "empty"
    if isinstance(value, bool):
        return value, "bool"
    if isinstance(value, dt.datetime):
        moment = value.replace(tzinfo=None)
        return (moment.date().isoformat() if moment.time() == dt.time() else moment.isoformat(),
                "date")
    if isinstance(value, (int, float)):
        return value, "number"
    return str(value), "text"


def state_of(sheet: Any) -> str:
    """``visible``, ``hidden`` or ``veryHidden`` (xlwings' ``visible`` cannot tell the last
    two apart, so the sheet's Visible property is read)."""
    visible = sheet.api.Visible
    return next((state for state, code in VISIBILITY.items() if code == visible), "visible")


def _plain_address(address: str) -> str:
    return address.replace("$", "")


# -- applying ----------------------------------------------------------------------------------

def apply_plan(book: Any, plan: EditPlan, progress: Any = None) -> list[str]:
    """Apply ``plan`` to the open ``book``; the sheets whose charts were not drawn (none:
    kept for the caller's message, as the LibreOffice client reports one). Refuses
    (:class:`CannotApply`) before writing anything when an operation is not one this
    client applies."""
    undrawn: list[str] = []
    unknown = sorted({op["op"] for op in plan.operations} - SUPPORTED)
    # A dropdown's list is parsed with the user's list separator (";" in Indonesian
    # Excel): not set from here yet (Upgrade, which makes them, is not on a button).
    if any(v["type"] == "list" for op in plan.operations if op["op"] == "add_columns"
           for v in op["validations"]):
        unknown.append("add_columns (dropdowns)")
    if unknown:
        raise CannotApply(unknown)
    for index, op in enumerate(plan.operations, start=1):
        if progress is not None:
            progress(index, len(plan.operations), op["sheet"])
        if op["op"] == "add_sheet":
            sheet = book.sheets.add(op["sheet"], after=book.sheets[len(book.sheets) - 1])
            sheet.api.Visible = VISIBILITY[op["state"]]
        elif op["op"] == "write_output_sheet":
            _write_output(book.sheets[op["sheet"]], op)
            _draw_charts(book.sheets[op["sheet"]], op)
        elif op["op"] == "mark_cells":
            _mark(book.sheets[op["sheet"]], op["marks"])
        elif op["op"] == "set_state":
            book.sheets[op["sheet"]].api.Visible = VISIBILITY[op["state"]]
        elif op["op"] == "set_cells":
            _set_cells(book.sheets[op["sheet"]], op)
        elif op["op"] == "write_rows":
            _write_rows(book.sheets[op["sheet"]], op)
        elif op["op"] == "add_columns":
            _add_columns(book.sheets[op["sheet"]], op)
        elif op["op"] == "rename_sheet":
            _rename(book, op)
    return undrawn


def _draw_charts(sheet: Any, op: dict[str, Any]) -> None:
    """Replace the charts backoffice drew on ``sheet`` (named :data:`CHART_PREFIX` …, as
    the CLI names them in the file) by the plan's; ``charts`` null leaves them. Each is
    placed over its anchor's cells, typed column or line, and takes its source as one
    multi-area range: the categories, then each series' values, with the header row above
    them when every series is named by the cell just above its values (Excel then names
    the series and takes the text column as categories). Titles, colours and the axis's
    number format are Excel's defaults (xlwings sets none of them)."""
    if op.get("charts") is None:
        return
    for chart in list(sheet.charts):
        if chart.name.startswith(CHART_PREFIX):
            chart.delete()
    for number, spec in enumerate(op["charts"], start=1):
        c0, r0, c1, r1 = spec["anchor"]
        start = sheet.range((r0 + 1, c0 + 1))
        end = sheet.range((r1 + 1, c1 + 1))
        chart = sheet.charts.add(start.left, start.top, max(end.left - start.left, 48),
                                 max(end.top - start.top, 15))
        chart.name = f"{CHART_PREFIX} {number}"
        chart.chart_type = CHART_TYPES[spec["kind"]]
        categories = _cells(spec["categories_ref"])
        header = bool(spec["series"]) and all(
            _just_above(_cells(s["name_ref"]), _cells(s["values_ref"]), categories)
            for s in spec["series"])
        areas = [categories] + [_cells(s["values_ref"]) for s in spec["series"]]
        chart.set_source_data(sheet.range(",".join(
            f"{column_letter(a[1])}{a[0] + 1 - header}:{column_letter(a[3])}{a[2] + 1}"
            for a in areas)))


def _cells(ref: str) -> tuple[int, int, int, int]:
    """``'Dashboard'!$B$2:$B$13`` as 0-based (first row, first column, last row, last
    column); the sheet is the chart's own (the plan's charts draw from their sheet)."""
    first, _, last = ref.rpartition("!")[2].replace("$", "").partition(":")

    def cell(text: str) -> tuple[int, int]:
        letters = text.rstrip("0123456789")
        return int(text[len(letters):]) - 1, column_index(letters)

    (top, left), (bottom, right) = cell(first), cell(last or first)
    return top, left, bottom, right


def _just_above(name: tuple[int, int, int, int], values: tuple[int, int, int, int],
                categories: tuple[int, int, int, int]) -> bool:
    """Whether the one cell ``name`` is right above ``values``, whose rows are the
    categories' rows."""
    return (name[0] == name[2] == values[0] - 1 and name[1] == name[3] == values[1]
            and (values[0], values[2]) == (categories[0], categories[2]))


def _rename(book: Any, op: dict[str, Any]) -> None:
    """The sheet takes its new name, as when its user renames the tab: Excel itself renames
    the references in formulas and names (one call)."""
    book.sheets[op["sheet"]].name = op["name"]


def _set_cells(sheet: Any, op: dict[str, Any]) -> None:
    """Sync's cells inside rows: each column's run of consecutive rows in one call (text
    cells formatted ``@`` first, so that text stays text); the cells beside them stay."""
    columns: dict[str, dict[int, dict[str, Any]]] = {}
    for entry in op["rows"]:
        for letter, cell in entry["cells"].items():
            columns.setdefault(letter, {})[int(entry["row"])] = cell
    for letter, cells in columns.items():
        for run in consecutive_runs(sorted(cells)):
            address = f"{letter}{run[0]}:{letter}{run[-1]}"
            kinds = {cells[r]["kind"] for r in run}
            if kinds == {"text"}:
                sheet.range(address).number_format = "@"
            elif "text" in kinds:
                for address_text in chunk_addresses([f"{letter}{r}" for r in run
                                                     if cells[r]["kind"] == "text"]):
                    sheet.range(address_text).number_format = "@"
            sheet.range(address).value = [[_excel_value(cells[r]["value"], cells[r]["kind"])]
                                          for r in run]


def _write_rows(sheet: Any, op: dict[str, Any]) -> None:
    """Whole rows set (cells not listed cleared), one call per row; a row below the used
    range takes each column's format from the cell above, else from ``styles``."""
    last = sheet.used_range.last_cell
    used_rows, used_columns = last.row, last.column
    for entry in op["rows"]:
        row, cells = int(entry["row"]), entry["cells"]
        width = max([used_columns] + [column_index(k) + 1 for k in cells])
        line: list[Any] = [None] * width
        for letter, cell in cells.items():
            line[column_index(letter)] = _excel_value(cell["value"], cell["kind"])
            target = sheet.range(f"{letter}{row}")
            if row > used_rows:
                above = sheet.range(f"{letter}{row - 1}").number_format if row > 1 else None
                if above in (None, "General"):
                    style = OUTPUT_STYLES.get((op.get("styles") or {}).get(letter, "text"))
                    above = (style.number_format if style else None) or "@"
                target.number_format = above
            if cell["kind"] == "text" and target.number_format != "@":
                target.number_format = "@"
        sheet.range((row, 1), (row, width)).value = [line]


def _add_columns(sheet: Any, op: dict[str, Any]) -> None:
    """Header cells (text), and validations: an input message, or a refusal of anything
    typed (Sync's ID column) with a formula that never holds, locale-free."""
    for letter, text in op["headers"].items():
        cell = sheet.range(f"{letter}{op['header_row']}")
        cell.number_format = "@"
        cell.value = text
    for rule in op["validations"]:
        check = sheet.range(rule["range"]).api.Validation
        check.Delete()
        if rule["type"] == "locked":
            check.Add(Type=_CUSTOM, AlertStyle=_STOP, Formula1=_NEVER)
            check.ErrorMessage = (rule.get("error") or "")[:255]
            check.ShowError = True
        else:
            check.Add(Type=_INPUT_ONLY)
        check.InputTitle = (rule.get("title") or "")[:32]
        check.InputMessage = (rule.get("prompt") or "")[:255]
        check.ShowInput = True


def _write_output(sheet: Any, op: dict[str, Any]) -> None:
    """Clear the sheet in place and set the range: formats first, then values in one call."""
    sheet.clear()  # contents, formats and notes; the sheet itself stays (formulas point at it)
    values, kinds = op["values"], op["kinds"]
    rows = len(values)
    for col, column in enumerate(op["columns"]):
        letter = column_letter(col)
        if rows > 1:
            style = OUTPUT_STYLES.get(column["style"]) or OUTPUT_STYLES["text"]
            sheet.range(f"{letter}2:{letter}{rows}").number_format = style.number_format or "@"
        if column.get("width"):
            sheet.range(f"{letter}:{letter}").column_width = column["width"]
    # Text in a column of another style ("0042" among amounts, the header row): "@" first,
    # so that setting the value keeps it text, never a number, a date or a formula.
    text_cells = [f"{column_letter(c)}{r}" for r, row in enumerate(kinds, start=1)
                  for c, kind in enumerate(row)
                  if kind == "text" and (r == 1 or _style(op, c) != "text")]
    for address in chunk_addresses(text_cells):
        sheet.range(address).number_format = "@"
    sheet.range(op["range"]).value = [[_excel_value(v, k) for v, k in zip(row, kind_row,
                                                                            strict=True)]
                                      for row, kind_row in zip(values, kinds, strict=True)]
    for link in op.get("links", [])[:LINKS_CAP]:
        # "#'Journal'!C6" is a link inside the book. A hyperlink shows text, so only a text
        # cell gets one (it keeps its text); a number stays a number, unlinked.
        value, kind = _plan_cell(op, link["cell"])
        if kind == "text":
            sheet.range(link["cell"]).add_hyperlink(f"#{link['target']}",
                                                    text_to_display=str(value))
    _set_name(sheet, OUTPUT_NAME, f'="{op["output"]}"')


def _plan_cell(op: dict[str, Any], ref: str) -> tuple[Any, str]:
    from backoffice.books.grid import cell_address

    row, col = cell_address(ref)
    try:
        return op["values"][row - 1][col], op["kinds"][row - 1][col]
    except IndexError:
        return None, "empty"


def _style(op: dict[str, Any], col: int) -> str:
    columns = op["columns"]
    return columns[col]["style"] if col < len(columns) else "text"


def _excel_value(value: Any, kind: str) -> Any:
    """The value to hand xlwings for a plan cell (numbers arrive as exact decimal text)."""
    if kind == "empty" or value is None:
        return None
    if kind == "number":
        return float(Decimal(str(value)))  # Excel holds doubles; the text is exact
    if kind == "date":
        return dt.datetime.fromisoformat(str(value))
    if kind == "bool":
        return bool(value)
    return str(value)


def _mark(sheet: Any, marks: Sequence[dict[str, Any]]) -> None:
    """Remove our highlight and notes on ``sheet``, then highlight and note these cells."""
    used = sheet.used_range
    conditions = used.api.FormatConditions
    for index in range(conditions.Count, 0, -1):  # ours only: the user's formats stay
        if conditions.Item(index).Formula1 == HIGHLIGHT_FORMULA:
            conditions.Item(index).Delete()
    for note in list(sheet.notes):
        if note.text.startswith(NOTE_MARKER):
            note.delete()
    cells = [m["cell"] for m in marks]
    for address in chunk_addresses(cells):
        # Type 2 is xlExpression; named, so COM needs no placeholder for Operator.
        condition = sheet.range(address).api.FormatConditions.Add(Type=2,
                                                                  Formula1=HIGHLIGHT_FORMULA)
        condition.Interior.Color = _bgr("FFFFC7CE")
        condition.Font.Color = _bgr("FF9C0006")
    noted = [m for m in marks if m.get("note")][:NOTES_CAP]
    for mark in noted:
        sheet.range(mark["cell"]).add_note(mark["note"])
    if marks:
        _set_name(sheet, MARKED_NAME, "=TRUE")
    else:
        _delete_name(sheet, MARKED_NAME)


def _bgr(argb: str) -> int:
    """Excel's colour number (BGR) of an ARGB hex colour."""
    red, green, blue = int(argb[2:4], 16), int(argb[4:6], 16), int(argb[6:8], 16)
    return red | green << 8 | blue << 16


def chunk_addresses(cells: Sequence[str], limit: int = ADDRESS_LIMIT) -> Iterator[str]:
    """Comma-joined addresses of ``cells``, each string at most ``limit`` characters."""
    current = ""
    for cell in cells:
        candidate = f"{current},{cell}" if current else cell
        if len(candidate) > limit:
            yield current
            candidate = cell
        current = candidate
    if current:
        yield current


def _set_name(sheet: Any, name: str, refers_to: str) -> None:
    _delete_name(sheet, name)
    sheet.names.add(name, refers_to)


def _delete_name(sheet: Any, name: str) -> None:
    for existing in list(sheet.names):
        if existing.name.split("!")[-1] == name:
            existing.delete()

"""A stateful stand-in for the small part of xlwings the Excel book uses (live Excel cannot
run on Linux).

It is a grid, not a call recorder: cells with values, number formats and notes;
conditional formats; sheet-scoped names; sheet visibility; the App's calculation, screen
updating, events and status bar. It applies Excel's conversion rules when a value is set
the way COM sets it (as if typed): in a cell whose number format is not ``@``, "0042"
becomes the number 42, "=..." a formula, "1/2" or "2025-03-03" a date, "TRUE" a boolean.
Reading gives what xlwings gives: dates as datetime (from the number format), errors as
None, or as their text with ``err_to_str=True``.

Surface: Book(.name, .sheets, .app), Sheets(iter, len, [name|index], add(name, after)),
Sheet(.name (settable: a rename, formulas follow), .used_range, .range(a[, b]), .clear(),
.notes, .names, .api.Visible, .charts(iter, len, [name|index], add(left, top, width, height))),
Chart(.name (settable), .chart_type, .set_source_data(range), .delete(), .left, .top, .width,
.height: a chart list per sheet, as Excel keeps it; drawing is Excel's, not modelled),
Range(.options(ndim, err_to_str), .value, .left, .top (points: 48 a column, 15 a row),
.formula, .number_format, .column_width, .add_note,
.last_cell, .api.FormatConditions, .api.Validation(.Delete, .Add, input and error texts)),
App(.calculation, .screen_updating, .enable_events,
.status_bar, .alert). Anything else raises AttributeError, so new use is noticed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from backoffice.books.ooxml import column_index, column_letter
from backoffice.books.sheetrefs import check_sheet_name, rename_in_formula

DATE_FORMATS = ("yyyy-mm-dd", "m/d", "d/m/yyyy", "dd/mm/yyyy")


@dataclass
class Error:
    """An error value in a cell (#N/A, #REF!...)."""

    text: str


@dataclass
class Cell:
    value: Any = None
    formula: str | None = None
    number_format: str = "General"


class App:
    def __init__(self) -> None:
        self.calculation = "automatic"
        self.screen_updating = True
        self.enable_events = True
        self.status_bar: str | bool = False
        self.status_history: list[str] = []
        self.alerts: list[tuple[str, str]] = []

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "status_bar" and isinstance(value, str):
            self.status_history.append(value)
        object.__setattr__(self, name, value)

    def alert(self, prompt: str, title: str | None = None) -> None:
        self.alerts.append((title or "", prompt))


class Book:
    def __init__(self, name: str = "Book1.xlsm") -> None:
        self.name = name
        self.fullname = name
        self.app = App()
        self.sheets = Sheets(self)

    # -- helpers for tests (not xlwings) ---------------------------------------------------------
    def cells(self, sheet: str) -> dict[str, Any]:
        """Address -> value as Excel holds it (errors as Error, formulas as "=...")."""
        held = self.sheets[sheet].cells
        return {f"{column_letter(c - 1)}{r}": (cell.formula or cell.value)
                for (r, c), cell in sorted(held.items())
                if cell.value is not None or cell.formula}


class Sheets:
    def __init__(self, book: Book) -> None:
        self.book = book
        self._sheets: list[Sheet] = []

    def __iter__(self):
        return iter(list(self._sheets))

    def __len__(self) -> int:
        return len(self._sheets)

    def __getitem__(self, key: int | str) -> Sheet:
        if isinstance(key, int):
            return self._sheets[key]
        for sheet in self._sheets:
            if sheet.name.lower() == key.lower():
                return sheet
        raise KeyError(key)

    def add(self, name: str, after: Sheet | None = None) -> Sheet:
        if any(s.name.lower() == name.lower() for s in self._sheets):
            raise ValueError(f"a sheet named {name!r} exists")
        sheet = Sheet(self.book, name)
        position = self._sheets.index(after) + 1 if after is not None else 0
        self._sheets.insert(position, sheet)
        return sheet


class _SheetApi:
    def __init__(self) -> None:
        self.Visible = -1


class Sheet:
    def __init__(self, book: Book, name: str) -> None:
        self.book = book
        self._name = name
        self.cells: dict[tuple[int, int], Cell] = {}
        self.note_texts: dict[tuple[int, int], str] = {}
        self.conditions: list[Condition] = []
        self.links: dict[tuple[int, int], str] = {}
        self.validations: dict[str, dict[str, Any]] = {}
        self._names: dict[str, str] = {}
        self.api = _SheetApi()
        self.calls = 0
        self.charts = Charts(self)

    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, new: str) -> None:
        """Renaming, as Excel does it: refused when another sheet has the name (regardless
        of case) or Excel refuses the name; the formulas of every sheet that refer to the
        sheet name the new name (hyperlinks keep their address, as in Excel)."""
        self.calls += 1
        check_sheet_name(new)
        if any(s is not self and s.name.lower() == new.lower() for s in self.book.sheets):
            raise ValueError(f"a sheet named {new!r} exists")
        old, self._name = self._name, new
        for sheet in self.book.sheets:
            for cell in sheet.cells.values():
                if cell.formula:
                    cell.formula = "=" + rename_in_formula(cell.formula[1:], old, new)

    def range(self, first: Any, last: Any = None) -> Range:
        self.calls += 1
        if last is not None:
            return Range(self, [(tuple(first), tuple(last))])
        return Range(self, _areas(first))

    @property
    def used_range(self) -> Range:
        used = [k for k, c in self.cells.items() if c.value is not None or c.formula] + \
            list(self.note_texts)
        if not used:
            return Range(self, [((1, 1), (1, 1))])
        rows, cols = [r for r, _ in used], [c for _, c in used]
        return Range(self, [((min(rows), min(cols)), (max(rows), max(cols)))])

    def clear(self) -> None:
        self.calls += 1
        self.cells.clear()
        self.links.clear()
        self.note_texts.clear()
        self.conditions.clear()

    @property
    def notes(self) -> list[Note]:
        return [Note(self, key) for key in sorted(self.note_texts)]

    @property
    def names(self) -> Names:
        return Names(self)


class Charts:
    """A sheet's charts, in the order they were added (``sheet.charts``)."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self._charts: list[Chart] = []
        self._made = 0

    def __iter__(self):
        return iter(list(self._charts))

    def __len__(self) -> int:
        return len(self._charts)

    def __getitem__(self, key: int | str) -> Chart:
        if isinstance(key, int):
            return self._charts[key]
        for chart in self._charts:
            if chart.name == key:
                return chart
        raise KeyError(key)

    def add(self, left: float = 0, top: float = 0, width: float = 355,
            height: float = 211) -> Chart:
        """A new empty chart named as Excel names it ("Chart 1", "Chart 2"... per sheet)."""
        self.sheet.calls += 1
        self._made += 1
        chart = Chart(self, f"Chart {self._made}", left, top, width, height)
        self._charts.append(chart)
        return chart


class Chart:
    def __init__(self, charts: Charts, name: str, left: float, top: float, width: float,
                 height: float) -> None:
        self._charts = charts
        self.name = name
        self.left, self.top, self.width, self.height = left, top, width, height
        self.chart_type = "column_clustered"  # Excel's default for a new chart
        self.source: str | None = None  # the source range's address (not xlwings)

    def set_source_data(self, source: Range) -> None:
        if source.sheet is not self._charts.sheet:
            raise ValueError("the double keeps a chart's source on its own sheet")
        self._charts.sheet.calls += 1
        self.source = source.address

    def delete(self) -> None:
        self._charts.sheet.calls += 1
        self._charts._charts.remove(self)


class Names:
    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet

    def __iter__(self):
        return iter([Name(self.sheet, n) for n in list(self.sheet._names)])

    def add(self, name: str, refers_to: str) -> None:
        self.sheet.calls += 1
        self.sheet._names[name] = refers_to


@dataclass
class Name:
    sheet: Sheet
    short: str

    @property
    def name(self) -> str:
        return f"'{self.sheet.name}'!{self.short}"

    @property
    def refers_to(self) -> str:
        return self.sheet._names[self.short]

    def delete(self) -> None:
        self.sheet.calls += 1
        del self.sheet._names[self.short]


@dataclass
class Note:
    sheet: Sheet
    key: tuple[int, int]

    @property
    def text(self) -> str:
        return self.sheet.note_texts[self.key]

    @property
    def location(self) -> Range:
        return Range(self.sheet, [(self.key, self.key)])

    def delete(self) -> None:
        self.sheet.calls += 1
        del self.sheet.note_texts[self.key]


@dataclass
class Condition:
    cells: frozenset[tuple[int, int]]
    Formula1: str
    Interior: Any = field(default_factory=lambda: type("Interior", (), {"Color": None})())
    Font: Any = field(default_factory=lambda: type("Font", (), {"Color": None})())
    sheet: Sheet | None = None

    def Delete(self) -> None:  # noqa: N802 - COM's name
        assert self.sheet is not None
        self.sheet.conditions.remove(self)


class FormatConditions:
    def __init__(self, rng: Range) -> None:
        self.rng = rng

    def _mine(self) -> list[Condition]:
        cells = set(self.rng.keys())
        return [c for c in self.rng.sheet.conditions if c.cells & cells]

    @property
    def Count(self) -> int:  # noqa: N802 - COM's name
        return len(self._mine())

    def Item(self, index: int) -> Condition:  # noqa: N802 - COM's name
        return self._mine()[index - 1]

    def Add(self, Type: int, Formula1: str, Operator: Any = None) -> Condition:  # noqa: N802, N803
        kind, formula = Type, Formula1
        if kind != 2:
            raise ValueError("only xlExpression (2) conditions")
        if ";" in formula or "," in formula:
            raise ValueError("a formula with separators is read in the user's locale")
        self.rng.sheet.calls += 1
        condition = Condition(frozenset(self.rng.keys()), formula, sheet=self.rng.sheet)
        self.rng.sheet.conditions.append(condition)
        return condition


class Validation:
    """A range's data validation (COM's Validation), kept on the sheet by address."""

    def __init__(self, sheet: Sheet, address: str) -> None:
        object.__setattr__(self, "_rule", sheet.validations.setdefault(address, {}))

    def Delete(self) -> None:  # noqa: N802 - COM's name
        self._rule.clear()

    def Add(self, Type: int, AlertStyle: int | None = None, Operator: int | None = None,  # noqa: N802, N803
            Formula1: str | None = None) -> None:
        self._rule.update(Type=Type, AlertStyle=AlertStyle, Formula1=Formula1)

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in ("InputTitle", "InputMessage", "ErrorMessage", "ShowInput", "ShowError"):
            raise AttributeError(name)
        self._rule[name] = value


class _RangeApi:
    def __init__(self, rng: Range) -> None:
        self.FormatConditions = FormatConditions(rng)
        self.Validation = Validation(rng.sheet, rng.address)


class Range:
    def __init__(self, sheet: Sheet, areas: list[tuple[tuple[int, int], tuple[int, int]]],
                 ndim: int | None = None, err_to_str: bool = False) -> None:
        self.sheet = sheet
        self.areas = areas
        self._ndim = ndim
        self._err_to_str = err_to_str

    def options(self, ndim: int | None = None, err_to_str: bool = False) -> Range:
        return Range(self.sheet, self.areas, ndim, err_to_str)

    @property
    def api(self) -> _RangeApi:
        return _RangeApi(self)

    def keys(self) -> list[tuple[int, int]]:
        return [(r, c) for (r1, c1), (r2, c2) in self.areas
                for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]

    @property
    def address(self) -> str:
        return ",".join(f"${column_letter(c1 - 1)}${r1}" + (
            "" if (r1, c1) == (r2, c2) else f":${column_letter(c2 - 1)}${r2}")
            for (r1, c1), (r2, c2) in self.areas)

    @property
    def left(self) -> float:
        return 48.0 * (self.areas[0][0][1] - 1)

    @property
    def top(self) -> float:
        return 15.0 * (self.areas[0][0][0] - 1)

    @property
    def last_cell(self) -> Any:
        (_, _), (r2, c2) = self.areas[-1]
        return type("Cell", (), {"row": r2, "column": c2})()

    # -- values ---------------------------------------------------------------------------------
    @property
    def value(self) -> Any:
        self.sheet.calls += 1
        (r1, c1), (r2, c2) = self.areas[0]
        rows = [[self._read(self.sheet.cells.get((r, c))) for c in range(c1, c2 + 1)]
                for r in range(r1, r2 + 1)]
        if self._ndim == 2:
            return rows
        return rows[0][0] if len(rows) == 1 and len(rows[0]) == 1 else rows

    def _read(self, cell: Cell | None) -> Any:
        if cell is None:
            return None
        if cell.formula is not None:  # the double does not calculate: an unknown result
            return "#NAME?" if self._err_to_str else None
        if isinstance(cell.value, Error):
            return cell.value.text if self._err_to_str else None
        if isinstance(cell.value, float) and cell.number_format in DATE_FORMATS:
            return dt.datetime(1899, 12, 30) + dt.timedelta(days=cell.value)
        return cell.value

    @value.setter
    def value(self, data: Any) -> None:
        self.sheet.calls += 1
        (r1, c1), _ = self.areas[0]
        rows = data if isinstance(data, list) and data and isinstance(data[0], list) else [[data]]
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                self._write(self.sheet.cells.setdefault((r1 + i, c1 + j), Cell()), value)

    @staticmethod
    def _write(cell: Cell, value: Any) -> None:
        """Excel's rules for a value set through COM, as if typed into the cell."""
        cell.formula = None
        if value is None or value == "":
            cell.value = None
        elif isinstance(value, bool):
            cell.value = value
        elif isinstance(value, dt.datetime | dt.date):
            moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value,
                                                                                       dt.time())
            cell.value = (moment - dt.datetime(1899, 12, 30)) / dt.timedelta(days=1)
            if cell.number_format not in DATE_FORMATS:
                cell.number_format = "yyyy-mm-dd"
        elif isinstance(value, int | float):
            cell.value = float(value)
        elif cell.number_format == "@":
            cell.value = str(value)  # a text cell keeps any text
        elif value.startswith("="):
            cell.formula = value
        elif re.fullmatch(r"[+-]?\d+(\.\d+)?", value.strip()):
            cell.value = float(value)
        elif match := re.fullmatch(r"(\d{1,2})/(\d{1,2})", value.strip()):
            cell.value = (dt.datetime(2026, int(match[1]), int(match[2]))
                          - dt.datetime(1899, 12, 30)).days * 1.0
            cell.number_format = "m/d"
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            cell.value = (dt.datetime.fromisoformat(value.strip())
                          - dt.datetime(1899, 12, 30)).days * 1.0
            cell.number_format = "yyyy-mm-dd"
        elif value.upper() in ("TRUE", "FALSE"):
            cell.value = value.upper() == "TRUE"
        else:
            cell.value = value

    @property
    def formula(self) -> Any:
        """What COM's Formula gives: a formula's text, else the constant as entered."""
        self.sheet.calls += 1
        (r1, c1), (r2, c2) = self.areas[0]
        rows = []
        for r in range(r1, r2 + 1):
            row = []
            for c in range(c1, c2 + 1):
                cell = self.sheet.cells.get((r, c))
                row.append("" if cell is None else cell.formula or
                           ("" if cell.value is None else str(cell.value)))
            rows.append(tuple(row))
        return rows[0][0] if len(rows) == 1 and len(rows[0]) == 1 else tuple(rows)

    # -- formats and notes ------------------------------------------------------------------
    @property
    def number_format(self) -> str | None:
        formats = {self.sheet.cells.get(k, Cell()).number_format for k in self.keys()}
        return formats.pop() if len(formats) == 1 else None

    @number_format.setter
    def number_format(self, value: str) -> None:
        self.sheet.calls += 1
        for key in self.keys():
            self.sheet.cells.setdefault(key, Cell()).number_format = value

    @property
    def column_width(self) -> float | None:
        return None

    @column_width.setter
    def column_width(self, value: float) -> None:
        self.sheet.calls += 1

    def add_hyperlink(self, address: str, text_to_display: str | None = None,
                      screen_tip: str | None = None) -> None:
        """As Excel: the cell shows ``text_to_display`` (else the address) as text."""
        self.sheet.calls += 1
        for key in self.keys():
            cell = self.sheet.cells.setdefault(key, Cell())
            cell.value, cell.formula = text_to_display or address, None
            self.sheet.links[key] = address

    def add_note(self, text: str) -> Note:
        keys = self.keys()
        if len(keys) != 1 or keys[0] in self.sheet.note_texts:
            raise ValueError("one cell without a note")
        self.sheet.calls += 1
        self.sheet.note_texts[keys[0]] = text
        return Note(self.sheet, keys[0])


def _areas(address: Any) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    if isinstance(address, tuple):
        return [(address, address)]
    if len(address) > 255:
        raise ValueError("Range(): the address is longer than 255 characters")
    areas = []
    for part in address.replace("$", "").split(","):
        first, _, last = part.partition(":")
        if first.isalpha():  # a whole column, "C:C"
            areas.append(((1, column_index(first) + 1), (1_048_576, column_index(last) + 1)))
            continue
        areas.append((_cell(first), _cell(last or first)))
    return areas


def _cell(ref: str) -> tuple[int, int]:
    match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    if not match:
        raise ValueError(ref)
    return int(match[2]), column_index(match[1]) + 1


def book_from_grid(grid: dict[str, Any], name: str = "Book1.xlsm") -> Book:
    """A workbook holding ``grid`` (docs/edit-plan.md) as a person would have typed it into
    Excel: text cells formatted as text, dates as dates, numbers as numbers."""
    book = Book(name)
    for sheet_name, spec in grid.items():
        sheet = book.sheets.add(sheet_name, after=book.sheets[len(book.sheets) - 1]
                                if len(book.sheets) else None)
        for r, (row, kinds) in enumerate(zip(spec["values"], spec["kinds"], strict=True),
                                         start=1):
            for c, (value, kind) in enumerate(zip(row, kinds, strict=True), start=1):
                cell = sheet.cells.setdefault((r, c), Cell())
                if kind == "text":
                    cell.number_format = "@"
                    cell.value = value
                elif kind == "date":
                    Range._write(cell, dt.datetime.fromisoformat(str(value)))
                elif kind == "error":
                    cell.value = Error(value)
                elif kind != "empty":
                    Range._write(cell, value)
        for ref, text in (spec.get("notes") or {}).items():
            sheet.note_texts[_cell(ref)] = text
        sheet.api.Visible = {"visible": -1, "hidden": 0, "veryHidden": 2}[spec.get("state",
                                                                                "visible")]
        if spec.get("output"):
            sheet._names["_backoffice_output"] = f'="{spec["output"]}"'
    return book

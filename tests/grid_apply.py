"""An edit plan applied to a grid (the JSON a client sends), as a client would apply it to
its open document and read it back: what the next action on that book is given.

A stand-in for a client's applier, for the tests of actions that run again on the book
they planned for (Sync, twice). The real appliers (LibreOffice, Excel, Google Sheets) are
tested against real documents elsewhere; this one follows docs/edit-plan.md for the
operations Sync plans: add_sheet, write_output_sheet, set_state, add_columns (headers),
set_cells and write_rows (numbers read back as numbers, dates as ISO dates)."""

from __future__ import annotations

import copy
from typing import Any

from backoffice.books.editplan import EditPlan
from backoffice.books.ooxml import column_index


def applied(grid: dict[str, Any], plan: EditPlan) -> dict[str, Any]:
    """A copy of ``grid`` with ``plan`` applied."""
    out = copy.deepcopy(grid)
    for op in plan.operations:
        name = op["sheet"]
        if op["op"] == "add_sheet":
            out[name] = {"values": [], "kinds": [], "state": op["state"], "output": None}
        elif op["op"] == "set_state":
            out[name]["state"] = op["state"]
        elif op["op"] == "write_output_sheet":
            sheet = out[name]
            sheet["values"] = [[_read_back(v, k) for v, k in zip(row, kinds, strict=True)]
                               for row, kinds in zip(op["values"], op["kinds"], strict=True)]
            sheet["kinds"] = [list(kinds) for kinds in op["kinds"]]
            sheet["output"] = op["output"]
        elif op["op"] == "add_columns":
            for letter, text in op["headers"].items():
                _set(out[name], op["header_row"], letter, text, "text")
        elif op["op"] == "set_cells":
            for entry in op["rows"]:
                for letter, cell in entry["cells"].items():
                    _set(out[name], entry["row"], letter, cell["value"], cell["kind"])
        elif op["op"] == "write_rows":
            for entry in op["rows"]:
                sheet = out[name]
                _grow(sheet, entry["row"])
                sheet["values"][entry["row"] - 1] = []
                sheet["kinds"][entry["row"] - 1] = []
                for letter, cell in entry["cells"].items():
                    _set(sheet, entry["row"], letter, cell["value"], cell["kind"])
        elif op["op"] != "mark_cells":
            raise AssertionError(f"no stand-in for {op['op']}")
    return out


def _read_back(value: Any, kind: str) -> Any:
    return float(value) if kind == "number" else (None if kind == "empty" else value)


def _grow(sheet: dict[str, Any], row: int) -> None:
    while len(sheet["kinds"]) < row:
        sheet["kinds"].append([])
    while len(sheet["values"]) < len(sheet["kinds"]):
        sheet["values"].append([])


def _set(sheet: dict[str, Any], row: int, letter: str, value: Any, kind: str) -> None:
    _grow(sheet, row)
    index = column_index(letter)
    values, kinds = sheet["values"][row - 1], sheet["kinds"][row - 1]
    while len(kinds) <= index:
        kinds.append("empty")
    while len(values) <= index:
        values.append(None)
    values[index], kinds[index] = _read_back(value, kind), kind

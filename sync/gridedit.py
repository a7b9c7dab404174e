"""Sync's writes into a grid book: the edit plan a client applies after the store committed.

A file is saved twice by Sync: once with the IDs it stamps, before anything reaches the
store, and once with what it received. A book open in a spreadsheet (LibreOffice, Excel,
Google Sheets) is a :class:`~backoffice.books.GridBook`: nothing is written into it by
backoffice, its client applies one edit plan when the action is done, so the IDs,
the rows received, the Conflicts sheet and the book's memory (``_backoffice_sync``)
travel together in that one plan, **after** the store's transaction committed.

That plan may never be applied: the client crashed, refused it as stale (someone typed
while Sync ran), or the person closed the book without saving. The store then holds
rows the book does not know it sent, under IDs the book never got. The next Sync
does not send them again: the book's rows without a known ID are looked for in the
store before any gets an ID (:mod:`.matching`), by the sheet's natural key (entry or
document number, account, employee or item code) as a group of the same contents, and,
on a sheet without one, by content; a found row takes the store's ID and version and
is neither stamped nor pushed. Changed rows the plan would have based anew are the
store's content already, so their base catches up (as for a file killed between the
push and its save). A row the lost Sync sent and the book changed since is found by the
mark its ID carries (:func:`.identity.book_mark`: this book's, last changed by this
person from this book, after the last version the book saw) and its change is sent as an
update, never as a second copy (:mod:`.matching`). docs/edit-plan.md, "Sync on a grid
book", has the full decision.
"""

from __future__ import annotations

from typing import Any

from backoffice.sync.bookedit import TableEdit
from backoffice.sync.bookread import BookRead
from backoffice.sync.conflicts import HEADERS as CONFLICT_HEADERS
from backoffice.sync.conflicts import NAMES as CONFLICT_NAMES
from backoffice.sync.conflicts import find_sheet
from backoffice.sync.state import SHEET as STATE_SHEET

from backoffice.books import GridBook, GridWriter
from backoffice.books.grid import GridSheet
from backoffice.books.sheetxml import OutputTable


def location(grid: GridBook | None, given: str | None) -> str | None:
    """Where the book is, for its identity (:mod:`.bookid`): what the client says (a
    spreadsheet's id, a document's URL), else, for a grid book, its name."""
    if grid is None or given:
        return given
    return f"grid:{grid.name}"


def merged(first: dict[str, TableEdit], then: dict[str, TableEdit]) -> dict[str, TableEdit]:
    """The edits of ``first`` (the IDs stamped) and ``then`` (what was received) as one
    edit per sheet; a cell both set takes ``then``'s value."""
    out = dict(first)
    for kind, edit in then.items():
        earlier = out.get(kind)
        if earlier is None:
            out[kind] = edit
            continue
        cells = {row: dict(values) for row, values in earlier.cells.items()}
        for row, values in edit.cells.items():
            cells[row] = {**cells.get(row, {}), **values}
        out[kind] = TableEdit(edit.header_row, {**earlier.header_cells, **edit.header_cells},
                              cells, [*earlier.append, *edit.append],
                              {**earlier.kinds, **edit.kinds},
                              [*earlier.validations, *edit.validations])
    return {kind: edit for kind, edit in out.items() if edit or edit.validations}


def add_output_sheet(grid: GridBook, name: str, table: OutputTable, kind: str) -> None:
    """Plan a new very hidden output sheet (the month locks a colleague's close needs), and
    add it to the grid in memory too, so that reading the book again finds it."""
    with GridWriter(grid) as writer:
        writer.write_output_sheet(name, table, kind, hidden=True)
        writer.save()
    header = [column.header for column in table.columns]
    grid.sheets[name] = GridSheet(name, [header], [["text"] * len(header)], "veryHidden", kind)


def save(grid: GridBook, read: BookRead, edits: dict[str, TableEdit], state: OutputTable,
         conflicts: Any) -> None:
    """Plan Sync's writes, in the order a file gets them: each sheet's edit (the ID
    column's header and lock, cells set inside rows, rows appended), the book's memory,
    and the Conflicts sheet."""
    with GridWriter(grid) as writer:
        for kind, edit in edits.items():
            sheet = read.sheets[kind].sheet
            if edit.header_cells or edit.validations:
                writer.add_columns(sheet, edit.header_row, edit.header_cells, edit.validations)
            writer.set_cells(sheet, edit.header_row, edit.cells, edit.kinds)
            if edit.append:
                writer.append_rows(sheet, edit.header_row, edit.append, edit.kinds)
        writer.write_output_sheet(STATE_SHEET, state, "sync-state", hidden=True)
        if conflicts is not None:
            name = find_sheet(writer.sheet_names()) or CONFLICT_NAMES[read.lang]
            writer.write_output_sheet(name, conflicts, "conflicts",
                                      recognised_by=tuple(CONFLICT_HEADERS.values()))
        writer.save()

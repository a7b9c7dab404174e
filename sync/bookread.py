"""The book as Sync reads it: Check's answer, each syncable sheet's rows and what is held back."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
from backoffice.sync.plan import LocalRow, unit_of
from backoffice.sync.rows import digest_column, managed_fields
from backoffice.sync.tables import group_field

from backoffice.books import Location, open_book
from backoffice.books.ooxml import column_letter
from backoffice.checking import check_and_read
from backoffice.issues import Issue, Report
from backoffice.schema import ROW_ID, BookData, Field, SheetData, SheetSchema


@dataclass
class SheetRows:
    """One syncable sheet of the book.

    Attributes:
        schema, sheet: its kind and its name in the book.
        header_row: where its header is.
        letters: field key -> column letter, for the fields the book has.
        id_letter: the ID column's letter (a new one at the header's right if absent).
        id_missing: the book has no ID column yet.
        fields: the managed fields (the book's columns, without the ID).
        frame: ``_row``, ``row_id`` and the managed fields, with ``digest``.
        held: worksheet rows Check holds back, with their first problem.
        formulas: worksheet row -> letters of its formula cells in managed columns.
    """

    schema: SheetSchema
    sheet: str
    header_row: int
    letters: dict[str, str]
    id_letter: str
    id_missing: bool
    fields: list[Field]
    frame: pl.DataFrame
    held: dict[int, Issue] = field(default_factory=dict)
    formulas: dict[int, set[str]] = field(default_factory=dict)

    @property
    def group_field(self) -> str | None:
        key = group_field(self.schema)
        return key if key in self.letters else None

    def rows(self) -> list[LocalRow]:
        """The rows as :class:`LocalRow` (built once per frame)."""
        cached = self.__dict__.get("_rows")
        if cached is not None and cached[0] is self.frame:
            return cached[1]
        keys = [f.key for f in self.fields]
        group = self.group_field
        columns = [self.frame[k].to_list() for k in keys]
        groups = self.frame[group].to_list() if group else [None] * self.frame.height
        out = [LocalRow(r, i, g, d, (keys, columns, n)) for n, (r, i, g, d) in enumerate(zip(
            self.frame["_row"].to_list(), self.frame["row_id"].to_list(), groups,
            self.frame["digest"].to_list(), strict=True))]
        self.__dict__["_rows"] = (self.frame, out)
        return out

    def held_units(self, rows: list[LocalRow]) -> dict[str, Issue]:
        """Units (rows, or entries) with a Check error on any of their rows."""
        grouped = self.group_field is not None
        return {unit_of(r.row_id, r.group, grouped): self.held[r.row]
                for r in rows if r.row in self.held}


@dataclass
class BookRead:
    """What Sync read from a book."""

    report: Report
    settings: dict[str, object]
    lang: str
    sheets: dict[str, SheetRows]
    data: BookData


def read_for_sync(path: Location) -> BookRead:
    """Check the book and gather its syncable sheets."""
    with open_book(path) as book:
        report, read = check_and_read(book)
        heads = {kind: book.head(read.found[kind], 60) for kind in read.matches}
    errors = [i for i in report.issues if i.severity == "error"]
    sheets: dict[str, SheetRows] = {}
    for kind, match in read.matches.items():
        data: SheetData = read.data.sheets[kind]
        schema = data.schema
        if not schema.syncable:
            continue
        fields = managed_fields(schema, data.letters,
                                bool(read.data.settings.get("store_specific_personal_data")))
        keys = [f.key for f in fields]
        frame = data.frame.select(["_row", ROW_ID.key, *keys])
        frame = frame.with_columns(digest_column(frame, keys))
        id_letter = data.letters.get(ROW_ID.key)
        if id_letter is None:
            header = next((cells for row, cells in heads[kind] if row == match.row), {})
            id_letter = column_letter(max(header, default=-1) + 1)
        rows = SheetRows(schema, data.sheet, match.row, dict(data.letters), id_letter,
                         ROW_ID.key not in data.letters, fields, frame)
        with open_book(path) as book:
            rows.formulas = book.formula_cells(data.sheet, {data.letters[k] for k in keys},
                                               match.row)
        sheet_wide = next((i for i in errors if i.sheet == data.sheet and i.row is None), None)
        for issue in errors:
            if issue.sheet == data.sheet and issue.row is not None:
                rows.held.setdefault(issue.row, issue)
        if sheet_wide is not None:
            rows.held.update({r: sheet_wide for r in frame["_row"].to_list()})
        sheets[kind] = rows
    return BookRead(report, read.data.settings, read.data.lang, sheets, read.data)

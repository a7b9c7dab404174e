"""An .xlsx/.xlsm file on disk as a :class:`~backoffice.books.base.Book`.

Reading strategy, fastest honest path first:

1. The zip directory and the workbook part give the sheets and the date system
   (:mod:`backoffice.books.ooxml`); the header row is found from the sheet's
   first rows without parsing the rest.
2. fastexcel (calamine in Rust, Arrow out) reads the table in one pass with
   column types guessed from the first rows. A cell that does not fit its
   column's guess is reported by fastexcel as a cell error instead of being
   silently dropped; meanwhile a second thread scans the sheet XML for error
   cells and uncalculated formulas, which no value reader reports.
3. Columns whose cells must keep their kind (amounts, dates, identity numbers)
   and turned out to mix numbers and text are read again cell by cell with
   python-calamine, so that the text "1.500" and the number 1.5 stay different.
4. The result is cached by content (:mod:`backoffice.books.cache`).

Before any reader allocates, a sheet's XML is streamed once to measure the
range it really uses, and the shared strings are counted: what exceeds
:mod:`backoffice.books.limits` is refused (exit 2), never handed to a reader
that would allocate without limit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import zipfile
import zlib
from collections.abc import Iterator
from importlib.metadata import version

import fastexcel
import polars as pl
import python_calamine

from backoffice.books import cache, formulas, integrity, limits
from backoffice.books.base import Head, RawTable
from backoffice.books.ooxml import CellScan, Package, column_index, column_letter
from backoffice.books.sniff import sniff_workbook
from backoffice.errors import CorruptWorkbook
from backoffice.issues import Issue
from backoffice.schema import Registry

MIXED = pl.Struct({"number": pl.Float64, "text": pl.String, "date": pl.Datetime("ms"),
                   "bool": pl.Boolean})

# fastexcel logs its dtype guesses ("falling back to string") through Python logging;
# they are expected here (mixed columns are handled below) and must not reach the user.
logging.getLogger("fastexcel").addHandler(logging.NullHandler())
logging.getLogger("fastexcel").propagate = False

_READER_VERSION = (version("fastexcel"), version("python-calamine"), version("polars"))


class XlsxBook:
    """A workbook file. Open with :func:`open_xlsx`; close when done (or use ``with``)."""

    def __init__(self, path: str) -> None:
        sniff_workbook(path)
        self.path = path
        self.name = path
        try:
            self._package = Package(path)
        except (KeyError, zipfile.BadZipFile, zlib.error, SyntaxError, ValueError) as exc:
            raise CorruptWorkbook(path=path, detail=f"{type(exc).__name__}: {exc}") from exc
        self._reader: fastexcel.ExcelReader | None = None
        self._measured: set[str] = set()

    def __enter__(self) -> XlsxBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._package.close()

    @property
    def date1904(self) -> bool:
        return self._package.date1904

    def sheet_names(self) -> list[str]:
        return [s.name for s in self._package.sheets]

    def head(self, sheet: str, max_rows: int = 30) -> Head:
        with self._damage_is_corruption():
            return self._package.head(sheet, max_rows)

    def read_table(self, sheet: str, header_row: int, typed: frozenset[str] = frozenset(),
                   textual: frozenset[str] = frozenset()) -> RawTable:
        with self._damage_is_corruption():
            fingerprint = self._package.fingerprint(sheet)
        key = cache.make_key(fingerprint, header_row, sorted(typed), sorted(textual),
                             _READER_VERSION)
        cached = cache.load(key)
        if cached is not None:
            cached.sheet = sheet
            return cached
        with self._damage_is_corruption():
            self._check_limits(sheet)
            table = self._read_table(sheet, header_row, typed, textual)
        cache.store(key, table)
        return table

    def problems(self, registry: Registry, read_sheets: frozenset[str]) -> list[Issue]:
        """What no sheet reader reports: missing sheet parts, a kind's second sheet, damaged
        parts nobody reads (see :mod:`backoffice.books.integrity`)."""
        parts = frozenset(s.part for s in self._package.sheets if s.name in read_sheets)
        with self._damage_is_corruption():
            return integrity.book_problems(self.path, registry, parts)

    def formula_cells(self, sheet: str, letters: set[str], below: int) -> dict[int, set[str]]:
        """Row -> the letters (among ``letters``) of its formula cells, below row ``below``."""
        with self._damage_is_corruption():
            return formulas.formula_cells(self.path, sheet, letters, below)

    def _check_limits(self, sheet: str) -> None:
        """Refuse a sheet (or the shared strings) beyond the limits, before a reader allocates."""
        if not self._measured:
            limits.check_shared_strings(self.path, self._package.zip)
        if sheet not in self._measured:
            limits.sheet_extent(self.path, self._package.zip, self._package.sheet(sheet).part,
                                sheet)
            self._measured.add(sheet)

    def _read_table(self, sheet: str, header_row: int, typed: frozenset[str],
                    textual: frozenset[str]) -> RawTable:
        scans: list[CellScan] = []
        failure: list[BaseException] = []

        def scan() -> None:
            try:
                scans.append(self._package.scan_cells(sheet, typed | textual, below=header_row))
            except BaseException as exc:  # re-raised in the calling thread
                failure.append(exc)

        scanner = threading.Thread(target=scan, name="backoffice-scan")
        scanner.start()
        try:
            frame, headers, mixed = self._load_with_fastexcel(sheet, header_row)
        finally:
            scanner.join()
        if failure:
            raise failure[0]
        problems = scans[0].problems
        # Columns we must see cell by cell: where kinds matter (``typed``) and the
        # reader mixed them, stringified them, or parsed text as numbers.
        # Where we want text (``textual``), a numeric guess that met text lost it
        # ("0042" became 42).
        found_text = scans[0].text_columns
        stringified = {t for t in typed if t in frame.columns and frame[t].dtype == pl.String}
        numeric_with_text = {t for t in textual & found_text
                             if t in frame.columns and frame[t].dtype != pl.String}
        retype = (mixed | (found_text & typed) | stringified | numeric_with_text) \
            & set(frame.columns)
        if retype and frame.height:
            frame = self._retype_with_calamine(sheet, header_row, frame, retype)
        frame = frame.with_columns(
            pl.int_range(header_row + 1, header_row + 1 + frame.height, dtype=pl.Int64).alias("_row"))
        return RawTable(sheet, header_row, headers, frame, problems, self._package.date1904)

    def _load_with_fastexcel(self, sheet: str, header_row: int
                             ) -> tuple[pl.DataFrame, dict[str, str], set[str]]:
        if self._reader is None:
            self._reader = fastexcel.read_excel(self.path)
        loaded = self._reader.load_sheet(sheet, header_row=header_row - 1)
        batch, errors = loaded.to_arrow_with_errors()
        letters, headers = [], {}
        for info in loaded.selected_columns:
            letter = column_letter(info.absolute_index)
            letters.append(letter)
            headers[letter] = "" if info.column_name_from == "generated" else info.name
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        frame.columns = letters
        mixed = {letters[e.offset_position[1]] for e in (errors.errors if errors else ())}
        return frame, headers, mixed

    def _retype_with_calamine(self, sheet: str, header_row: int, frame: pl.DataFrame,
                              letters: set[str]) -> pl.DataFrame:
        """Replace ``letters`` with Struct columns that keep each cell's kind."""
        workbook = python_calamine.CalamineWorkbook.from_path(self.path)
        grid = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        first = header_row  # grid row index of the first data row (0-based)
        height = frame.height
        columns = []
        for letter in sorted(letters):
            index = column_index(letter)
            cells = [row[index] if index < len(row) else None for row in grid[first:first + height]]
            cells += [None] * (height - len(cells))
            columns.append(_mixed_column(letter, cells))
        return frame.with_columns(columns)

    @contextlib.contextmanager
    def _damage_is_corruption(self) -> Iterator[None]:
        """Turns a damaged part found while reading into a :class:`CorruptWorkbook`."""
        try:
            yield
        except (zipfile.BadZipFile, zlib.error, EOFError, SyntaxError, OSError, KeyError,
                IndexError, ValueError, OverflowError, fastexcel.FastExcelError,
                python_calamine.CalamineError) as exc:
            # Every reader failure on the file's bytes: a damaged or odd part, not our bug.
            # Readers' messages span lines and speak of parsers; keep the first line only.
            first = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
            raise CorruptWorkbook(path=self.path, detail=f"{type(exc).__name__}: {first}") from exc


def _mixed_column(letter: str, cells: list[object]) -> pl.Series:
    numbers: list[float | None] = []
    texts: list[str | None] = []
    dates: list[dt.datetime | None] = []
    bools: list[bool | None] = []
    for value in cells:
        number = text = date = flag = None
        if isinstance(value, bool):
            flag = value
        elif isinstance(value, (int, float)):
            number = float(value)
        elif isinstance(value, dt.datetime):
            date = value
        elif isinstance(value, dt.date):
            date = dt.datetime(value.year, value.month, value.day)
        elif isinstance(value, dt.time | dt.timedelta):
            text = str(value)
        elif isinstance(value, str) and value != "":
            text = value
        numbers.append(number)
        texts.append(text)
        dates.append(date)
        bools.append(flag)
    return pl.DataFrame(
        {"number": numbers, "text": texts, "date": dates, "bool": bools},
        schema={"number": pl.Float64, "text": pl.String, "date": pl.Datetime("ms"),
                "bool": pl.Boolean},
    ).to_struct(letter)


def open_xlsx(path: str) -> XlsxBook:
    """Open an .xlsx/.xlsm workbook, or raise the failure that says why it cannot be used."""
    return XlsxBook(path)

"""Shared fixtures: real .xlsx files built in each test's tmp_path.

``make_book`` writes a workbook with xlsxwriter from plain Python rows, so a test
reads like the sheet it describes. Cell values map to real Excel cells:
``datetime.date`` -> a date cell (with a date format), ``float``/``int`` -> a
number, ``str`` -> text, ``Formula`` -> a formula with (or without) a cached
result, ``ErrorCell`` -> an error value such as ``#REF!``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter


@dataclass(frozen=True)
class Formula:
    """A formula cell; ``cached`` is the result saved with it (None: saved without one)."""

    text: str
    cached: Any = 0


@dataclass(frozen=True)
class ErrorCell:
    """A cell holding an Excel error value."""

    text: str = "#REF!"


@dataclass(frozen=True)
class At:
    """Rows placed at a given 0-based (row, column) instead of A1."""

    row: int
    col: int
    rows: Sequence[Sequence[Any]]


def write_book(path: Path, sheets: dict[str, Sequence[Sequence[Any]] | At],
               date1904: bool = False) -> Path:
    """Write ``sheets`` (name -> rows, first row usually the header) to ``path``."""
    workbook = xlsxwriter.Workbook(str(path), {"date_1904": date1904,
                                               "strings_to_numbers": False})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for name, content in sheets.items():
        sheet = workbook.add_worksheet(name)
        origin_row, origin_col, rows = (content.row, content.col, content.rows) \
            if isinstance(content, At) else (0, 0, content)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                _write(sheet, origin_row + r, origin_col + c, value, date_format)
    workbook.close()
    return path


def _write(sheet: Any, r: int, c: int, value: Any, date_format: Any) -> None:
    if value is None:
        return
    if isinstance(value, Formula):
        if value.cached is None:
            # xlsxwriter always stores a result; an empty string keeps <v> empty,
            # like a file saved by a library that does not calculate.
            sheet.write_formula(r, c, value.text, None, "")
        else:
            sheet.write_formula(r, c, value.text, None, value.cached)
    elif isinstance(value, ErrorCell):
        sheet.write_formula(r, c, "=1/0", None, value.text)
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(r, c, value, date_format)
    elif isinstance(value, dt.date):
        sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
    elif isinstance(value, bool):
        sheet.write_boolean(r, c, value)
    elif isinstance(value, (int, float)):
        sheet.write_number(r, c, value)
    else:
        sheet.write_string(r, c, str(value))


# A read-only openpyxl workbook holds its file open until closed, and a test that reads one
# and forgets close() leaks a file handle whose ResourceWarning, under filterwarnings =
# error, fails whichever unrelated test the garbage collector happens to run in. So every
# read-only workbook a test opens is closed when that test ends.
_opened_read_only: list[Any] = []
_load_workbook = openpyxl.load_workbook


def _load_and_track(*args: Any, **kwargs: Any) -> Any:
    book = _load_workbook(*args, **kwargs)
    if kwargs.get("read_only"):
        _opened_read_only.append(book)
    return book


openpyxl.load_workbook = _load_and_track


@pytest.fixture(autouse=True)
def _close_read_only_workbooks() -> Any:
    yield
    while _opened_read_only:
        _opened_read_only.pop().close()


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own sheet cache, so no test sees another's parse."""
    monkeypatch.setenv("BACKOFFICE_CACHE", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("BACKOFFICE_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture
def make_book(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Build a workbook in tmp_path: ``make_book({"Journal": [[...], ...]}, name="x.xlsx")``."""

    def build(sheets: dict[str, Any], name: str = "book.xlsx", date1904: bool = False) -> Path:
        return write_book(tmp_path / name, sheets, date1904)

    return build


SETTINGS = [["Setting", "Value"], ["Company", "PT Uji"], ["Base currency", "IDR"],
            ["Locale", "id-ID"], ["Language", "English"]]
ACCOUNTS = [
    ["Code", "Name", "Type", "Parent"],
    ["1", "Assets", "asset", None],
    ["1101", "Cash", "asset", "1"],
    ["1102", "Bank", "asset", "1"],
    ["2101", "Payables", "liability", None],
    ["4101", "Sales", "income", None],
    ["5101", "Expenses", "expense", None],
]
JOURNAL_HEADER = ["Date", "Entry", "Account", "Description", "Debit", "Credit", "Currency"]


def ledger(journal_rows: Sequence[Sequence[Any]], accounts: Sequence[Sequence[Any]] = ACCOUNTS,
           settings: Sequence[Sequence[Any]] = SETTINGS) -> dict[str, Any]:
    """A small English ledger book around the given journal rows (header added)."""
    return {"Settings": settings, "Accounts": accounts, "Journal": [JOURNAL_HEADER, *journal_rows]}


# -- sync (issue 7): a store fixture over SQLite and the real PostgreSQL --------------------------

import os  # noqa: E402
import uuid  # noqa: E402

#: The PostgreSQL the store tests use (trust auth on this machine and in CI).
PG_URL = os.environ.get("BACKOFFICE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def postgresql_schema_url() -> tuple[str, str]:
    """A fresh schema in the test PostgreSQL, and a URL whose search_path is that schema;
    pytest.skip with the reason when PostgreSQL does not answer."""
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(PG_URL, connect_args={"connect_timeout": 5})
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    except sa.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL at {PG_URL} does not answer: {str(exc.orig).splitlines()[0]}")
    finally:
        engine.dispose()
    return schema, f"{PG_URL}?options=-csearch_path%3D{schema}"


def drop_postgresql_schema(schema: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(PG_URL)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A new, empty store: a SQLite file, or a fresh schema of the real PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    schema, url = postgresql_schema_url()
    yield url
    drop_postgresql_schema(schema)



def rewrite_part(path: Path, part: str, edit) -> None:  # type: ignore[no-untyped-def]
    """Replace one part of the .xlsx package at ``path`` by ``edit(its bytes)``, as a damaged
    or hand-edited file would have it; every other part is kept byte for byte."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    members[part] = edit(members[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


# In CI (CI=true) a skipped PostgreSQL test fails the run: see tests/pg_required.py.
pytest_plugins = ["pytester", "pg_required"]

"""Writing a new workbook from schemas and rows (demo books, generated books).

This creates a file that did not exist; it never opens a user's workbook. (The
write-back into existing books, which must keep everything else intact, is a
separate, package-level writer.) The file is written beside its destination
and moved into place atomically, so a crash leaves either nothing or a
complete workbook.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter

from backoffice.schema import Field, Kind, SheetSchema

HEADER_FILL = "#1F4E78"


@dataclass(frozen=True)
class SheetRows:
    """A sheet to write: its kind and its records (field key -> value)."""

    schema: SheetSchema
    rows: Sequence[dict[str, Any]]


def write_new_workbook(path: str, sheets: Sequence[SheetRows], lang: str) -> None:
    """Write ``sheets`` as a new workbook at ``path``, with headers in ``lang``.

    Amounts are given as Decimal (or int) in major units; dates as ``date``;
    codes as text. Refuses to replace an existing file.
    """
    if os.path.exists(path):
        raise FileExistsError(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".~backoffice-", suffix=".xlsx")
    os.close(fd)
    try:
        workbook = xlsxwriter.Workbook(tmp, {"strings_to_numbers": False,
                                             "strings_to_formulas": False,
                                             "strings_to_urls": False})
        header = workbook.add_format({"bold": True, "font_color": "#FFFFFF",
                                      "bg_color": HEADER_FILL, "border": 1})
        for sheet in sheets:
            if sheet.schema.layout == "settings":
                _write_settings(workbook, sheet, lang, header)
            else:
                _write_table(workbook, sheet, lang, header)
        workbook.close()
        # mkstemp makes the file private (0600); a workbook gets the usual mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        _fsync_folder(folder)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _write_table(workbook: Any, sheet: SheetRows, lang: str, header: Any) -> None:
    schema = sheet.schema
    ws = workbook.add_worksheet(schema.name(lang))
    formats = {f.key: workbook.add_format({"num_format": f.excel_format}) for f in schema.fields}
    for col, field in enumerate(schema.fields):
        ws.write_string(0, col, field.header(lang), header)
        ws.set_column(col, col, field.width, formats[field.key])
        ws.write_comment(0, col, field.help_id if lang == "id" else field.help_en,
                         {"x_scale": 2})
        if field.kind == Kind.CHOICE and field.choices:
            ws.data_validation(1, col, 1_048_575, col, {
                "validate": "list", "source": [c.label(lang) for c in field.choices]})
    for row_index, record in enumerate(sheet.rows, start=1):
        for col, field in enumerate(schema.fields):
            _write_cell(ws, row_index, col, field, record.get(field.key), formats[field.key], lang)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(sheet.rows), 1), len(schema.fields) - 1)
    _print_setup(ws)


def _write_settings(workbook: Any, sheet: SheetRows, lang: str, header: Any) -> None:
    from backoffice.schemas.settings import NAME_COLUMN, VALUE_COLUMN

    schema = sheet.schema
    ws = workbook.add_worksheet(schema.name(lang))
    help_heading = "Keterangan" if lang == "id" else "Help"
    for col, title in enumerate((NAME_COLUMN.header(lang), VALUE_COLUMN.header(lang), help_heading)):
        ws.write_string(0, col, title, header)
    ws.set_column(0, 0, NAME_COLUMN.width)
    ws.set_column(1, 1, VALUE_COLUMN.width)
    ws.set_column(2, 2, 70)
    values = sheet.rows[0] if sheet.rows else {}
    for row, field in enumerate(schema.fields, start=1):
        ws.write_string(row, 0, field.header(lang))
        value = values.get(field.key, field.default)
        if field.kind == Kind.CHOICE:
            ws.data_validation(row, 1, row, 1, {
                "validate": "list", "source": [c.label(lang) for c in field.choices]})
            value = next((c.label(lang) for c in field.choices if c.value == value), value)
        if value is not None:
            ws.write(row, 1, value)
        ws.write_string(row, 2, field.help_id if lang == "id" else field.help_en)
    ws.freeze_panes(1, 0)
    _print_setup(ws)


def _print_setup(ws: Any) -> None:
    """Print as bookkeepers expect: A4 landscape, one page wide, the header on every page."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.hide_gridlines(0)


def _write_cell(ws: Any, row: int, col: int, field: Field, value: Any, fmt: Any,
                lang: str) -> None:
    if value is None or value == "":
        return
    if isinstance(value, str) and field.kind in (Kind.DATE, Kind.AMOUNT, Kind.NUMBER,
                                                 Kind.INTEGER):
        ws.write_string(row, col, value, fmt)  # text stays text, as a person typed it
    elif field.kind == Kind.DATE:
        ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fmt)
    elif field.kind in (Kind.AMOUNT, Kind.NUMBER, Kind.INTEGER):
        # xlsxwriter stores a Python number as Excel's double; amounts here have
        # at most 15 significant digits, which a double represents exactly enough
        # for Excel to show and give back the same decimal.
        ws.write_number(row, col, float(Decimal(value)) if not isinstance(value, int) else value,
                        fmt)
    elif field.kind == Kind.CHOICE:
        label = next((c.label(lang) for c in field.choices if c.value == value), str(value))
        ws.write_string(row, col, label, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _fsync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

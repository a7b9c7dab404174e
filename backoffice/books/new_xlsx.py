"""Writing a new workbook from the schemas: templates, the demo company's books.

This creates a file that did not exist; it never opens a user's workbook (that
is :mod:`backoffice.books.writer`'s job). Everything a template shows comes
from the schemas: headers in the chosen language, number and date formats,
column widths, a dropdown for every closed list, an input message explaining
each column, each data sheet as an Excel table, and a Help sheet. The output is
deterministic (fixed document dates), so a template can be compared byte for
byte with the one in ``workbooks/``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from backoffice.books import macros
from backoffice.books.save import save_atomically
from backoffice.books.sheetxml import dropdown_labels, header_width
from backoffice.schema import ROW_ID, ROW_ID_TYPED, Field, Kind, SheetSchema
from backoffice.version import __version__

HEADER_FILL = "#1F4E78"
#: Document dates of generated books: fixed, so generation is reproducible.
DOCUMENT_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
#: Data validation reaches this far down a table (Excel's last row).
LAST_ROW = 1_048_575

HELP_SHEET = {"en": "Help", "id": "Bantuan"}


@dataclass(frozen=True)
class SheetRows:
    """A sheet to write: its kind and its records (field key -> value)."""

    schema: SheetSchema
    rows: Sequence[dict[str, Any]]


def write_new_workbook(path: str, sheets: Sequence[SheetRows], lang: str,
                       title: str = "", buttons: str | None = None) -> None:
    """Write ``sheets`` as a new workbook at ``path``, in ``lang``, with a Help sheet.

    ``buttons``: a book kind ("ledger", "payroll", "inventory") whose buttons go on the Help
    sheet; the book is then macro-enabled (the VBA project of :mod:`backoffice.books.macros`
    and its content type), so ``path`` must end in .xlsm. Amounts are given as Decimal or
    int in major units (a str is written as text, as a person would type it); dates as
    ``date``; codes as text. Refuses to replace an existing file.
    """
    if os.path.exists(path):
        raise FileExistsError(path)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False,
                                            "strings_to_formulas": False,
                                            "strings_to_urls": False})
    workbook.set_properties({"title": title, "created": DOCUMENT_DATE,
                             "comments": f"backoffice {__version__}"})
    if buttons is not None:
        # XlsxWriter then writes the macro-enabled content type and names the workbook's
        # and sheets' code modules (ThisWorkbook, Sheet1...) as the VBA project expects.
        workbook.add_vba_project(io.BytesIO(macros.vba_project()), is_stream=True)
    header = workbook.add_format({"bold": True, "font_color": "#FFFFFF",
                                  "bg_color": HEADER_FILL, "border": 1})
    for sheet in sheets:
        if sheet.schema.layout == "settings":
            _write_settings(workbook, sheet, lang, header)
        else:
            _write_table(workbook, sheet, lang, header)
    _write_help(workbook, [s.schema for s in sheets], lang, header, buttons)
    workbook.close()
    package = buffer.getvalue()
    if buttons is not None:  # the Back office ribbon tab too (addin/README.md says why always)
        from backoffice.books import ribbon

        package = ribbon.add_to_package(package, buttons, lang)
    save_atomically(Path(path), lambda handle: handle.write(package))


def _write_table(workbook: Any, sheet: SheetRows, lang: str, header: Any) -> None:
    schema = sheet.schema
    ws = workbook.add_worksheet(schema.name(lang))
    formats = {f.key: workbook.add_format({"num_format": f.excel_format}) for f in schema.fields}
    for col, field in enumerate(schema.fields):
        width = header_width(field.width, field.header(lang))
        ws.set_column(col, col, width, formats[field.key])
        ws.data_validation(1, col, LAST_ROW, col, _validation(field, lang))
    last_row = max(len(sheet.rows), 1)
    ws.add_table(0, 0, last_row, len(schema.fields) - 1, {
        "name": f"tbl{schema.kind.title()}",
        "style": "Table Style Light 9",
        # An explicit header format too: LibreOffice does not draw Excel's table styles.
        "columns": [{"header": f.header(lang), "format": formats[f.key], "header_format": header}
                    for f in schema.fields],
    })
    for row_index, record in enumerate(sheet.rows, start=1):
        for col, field in enumerate(schema.fields):
            _write_cell(ws, row_index, col, field, record.get(field.key), formats[field.key], lang)
    ws.freeze_panes(1, 0)
    _print_setup(ws)


def _validation(field: Field, lang: str) -> dict[str, Any]:
    """A dropdown for a closed list; for any column, the input message that explains it."""
    help_text = field.help_id if lang == "id" else field.help_en
    required = {"en": "Required. ", "id": "Wajib diisi. "}[lang] if field.required else ""
    rule: dict[str, Any] = {"validate": "any"}
    if (labels := dropdown_labels(field, lang)) is not None:
        rule = {"validate": "list", "source": labels, "error_type": "warning"}
    elif field.key == ROW_ID.key:  # Sync's row identity: typing into it is refused
        rule = {"validate": "custom", "value": "=FALSE()", "error_type": "stop",
                "error_title": field.header(lang)[:32], "error_message": ROW_ID_TYPED[lang]}
    rule.update({"input_title": field.header(lang)[:32],
                 "input_message": (required + help_text)[:255]})
    return rule


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
        rule = _validation(field, lang)
        ws.data_validation(row, 1, row, 1, rule)
        if field.kind == Kind.CHOICE:
            value = next((c.label(lang) for c in field.choices if c.value == value), value)
        if value is not None:
            ws.write(row, 1, value)
        ws.write_string(row, 2, field.help_id if lang == "id" else field.help_en)
    ws.freeze_panes(1, 0)
    _print_setup(ws)


_HELP_TEXT = {
    "en": {
        "title": "How to fill in this book",
        "intro": "Type in the sheets below. Click Check (Back office > Check in LibreOffice, "
                 "the Check button of a macro-enabled Excel book, or run 'backoffice check "
                 "BOOK'): wrong cells turn red with a note, and the Issues sheet lists every "
                 "problem.",
        "columns": ("Sheet / column", "Required", "What to type", "Allowed values"),
        "yes": "yes",
        "rules": [
            "Codes (account codes, entry numbers) are text: 1101, never 1101.0.",
            "The hierarchy of accounts comes only from the Parent column.",
            "A blank Currency means the base currency from Settings.",
            "Identity numbers (NIK, NPWP, bank accounts) are text: format the column as Text.",
            "Columns this book does not know are left alone; you may add your own.",
        ],
    },
    "id": {
        "title": "Cara mengisi buku ini",
        "intro": "Ketik di sheet di bawah. Klik Periksa (Kantor belakang > Periksa di "
                 "LibreOffice, tombol Periksa di buku Excel bermakro, atau jalankan 'backoffice "
                 "check BUKU'): sel yang salah menjadi merah dengan catatan, dan sheet Masalah "
                 "mendaftar semua masalah.",
        "columns": ("Sheet / kolom", "Wajib", "Yang diketik", "Nilai yang diizinkan"),
        "yes": "ya",
        "rules": [
            "Kode (kode akun, nomor bukti) adalah teks: 1101, bukan 1101,0.",
            "Hierarki akun hanya ditentukan oleh kolom Induk.",
            "Mata Uang yang kosong berarti mata uang dasar dari Pengaturan.",
            "Nomor identitas (NIK, NPWP, rekening bank) adalah teks: format kolomnya sebagai Teks.",
            "Kolom yang tidak dikenal buku ini dibiarkan; Anda boleh menambah kolom sendiri.",
        ],
    },
}


def _write_help(workbook: Any, schemas: Sequence[SheetSchema], lang: str, header: Any,
                buttons: str | None = None) -> None:
    text = _HELP_TEXT[lang]
    ws = workbook.add_worksheet(HELP_SHEET[lang])
    rules = list(text["rules"])
    if buttons is not None:
        macros.insert_buttons(ws, buttons, lang)
        rules.insert(0, macros.BUTTONS_HELP.pick(lang))
    title = workbook.add_format({"bold": True, "font_size": 14})
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 10)
    ws.set_column(2, 2, 70, wrap)
    ws.set_column(3, 3, 40, wrap)
    ws.write(0, 0, text["title"], title)
    ws.write(1, 0, text["intro"])
    row = 3
    if buttons is not None:
        row = macros.BUTTON_ROW + 1
    for rule in rules:
        ws.write(row, 0, f"• {rule}")
        row += 1
    row += 1
    ws.write_row(row, 0, text["columns"], header)
    for schema in schemas:
        row += 1
        ws.write(row, 0, schema.name(lang), bold)
        ws.write(row, 2, schema.help_id if lang == "id" else schema.help_en, wrap)
        for field in schema.fields:
            row += 1
            ws.write(row, 0, f"  {field.header(lang)}")
            ws.write(row, 1, text["yes"] if field.required else "")
            ws.write(row, 2, field.help_id if lang == "id" else field.help_en, wrap)
            ws.write(row, 3, ", ".join(c.label(lang) for c in field.choices), wrap)


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
        # A double carries every amount of up to 15 significant digits so that
        # Excel shows, and gives back, the same decimal.
        number = value if isinstance(value, int) else float(Decimal(value))
        ws.write_number(row, col, number, fmt)
    elif field.kind == Kind.CHOICE:
        label = next((c.label(lang) for c in field.choices if c.value == value), str(value))
        ws.write_string(row, col, label, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)

# ruff: noqa: E501  (request bodies read best as one line each)
"""``backoffice new KIND --gsheet ID``: lay a template into an empty Google Sheet.

A service account cannot create files (it has no Drive storage), so the person creates an
empty spreadsheet, shares it with the service account as Editor, and backoffice lays the
same sheets as ``backoffice new`` writes into an .xlsx (:func:`backoffice.templates.template_sheets`):
headers, column formats (codes as text), dropdowns with the column's help as their input
message, a frozen header, a Help sheet, and the row-ID column protected (a warning before
anyone types into it). One read (is it empty?) and one batchUpdate, plus the token.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import gspread
from backoffice.addin.gsheets import a1
from backoffice.addin.gsheets.book import BOUND_KEY, _color, api_failure
from backoffice.addin.gsheets.errors import GsheetsError
from backoffice.schemas.settings import NAME_COLUMN, VALUE_COLUMN
from gspread.exceptions import APIError

from backoffice.books.new_xlsx import HEADER_FILL, SheetRows
from backoffice.books.sheetxml import dropdown_labels
from backoffice.schema import ROW_ID, Kind
from backoffice.templates import template_sheets

HELP_SHEET = {"en": "Help", "id": "Bantuan"}
HELP_HEAD = {"en": ("Sheet / column", "Required", "What to type", "Allowed values"),
             "id": ("Sheet / kolom", "Wajib", "Yang diketik", "Nilai yang diizinkan")}
YES = {"en": "yes", "id": "ya"}


def _value(value: Any) -> dict[str, Any] | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, Decimal | int | float):
        number = float(value)
        return {"numberValue": int(number) if number.is_integer() else number}
    if isinstance(value, dt.date):
        return {"numberValue": (value - dt.date(1899, 12, 30)).days}
    return {"stringValue": str(value)}


def _row(values: list[Any], fmt: dict[str, Any] | None = None) -> dict[str, Any]:
    cells = []
    for v in values:
        cell: dict[str, Any] = {}
        typed = _value(v)
        if typed is not None:
            cell["userEnteredValue"] = typed
        if fmt:
            cell["userEnteredFormat"] = fmt
        cells.append(cell)
    return {"values": cells}


def _number_format(excel: str) -> dict[str, str]:
    if excel == "@":
        return {"type": "TEXT", "pattern": "@"}
    if "yy" in excel:
        return {"type": "DATE", "pattern": "yyyy-mm-dd"}
    return {"type": "NUMBER", "pattern": excel}


def _header_format() -> dict[str, Any]:
    return {"textFormat": {"bold": True, "foregroundColor": _color("FFFFFFFF")},
            "backgroundColor": _color("FF" + HEADER_FILL.lstrip("#")[-6:])}


def template_requests(kind: str, lang: str, chart: str | None, first_sheet_id: int,
                      editor: str) -> list[dict[str, Any]]:
    """The batchUpdate requests that lay the ``kind`` template into a spreadsheet whose only
    sheet has id ``first_sheet_id``."""
    sheets = template_sheets(kind, lang, chart)
    requests: list[dict[str, Any]] = []
    for n, sheet in enumerate(sheets):
        sheet_id = first_sheet_id if n == 0 else 1000 + n
        title = sheet.schema.name(lang)
        if n == 0:
            requests.append({"updateSheetProperties": {"properties": {
                "sheetId": sheet_id, "title": title, "gridProperties": {"frozenRowCount": 1}},
                "fields": "title,gridProperties.frozenRowCount"}})
        else:
            requests.append({"addSheet": {"properties": {
                "sheetId": sheet_id, "title": title, "gridProperties": {"frozenRowCount": 1}}}})
        if sheet.schema.layout == "settings":
            requests += _settings(sheet, sheet_id, lang)
        else:
            requests += _table(sheet, sheet_id, lang, editor)
    requests += _help(sheets, 1000 + len(sheets), lang)
    return requests


def _table(sheet: SheetRows, sheet_id: int, lang: str, editor: str) -> list[dict[str, Any]]:
    fields = sheet.schema.fields
    out: list[dict[str, Any]] = []
    rows = [_row([f.header(lang) for f in fields], _header_format())]
    rows += [_row([record.get(f.key) for f in fields]) for record in sheet.rows]
    for c, field in enumerate(fields):
        out.append({"repeatCell": {"range": {"sheetId": sheet_id, "startRowIndex": 1, "endRowIndex": 1000,
                                             "startColumnIndex": c, "endColumnIndex": c + 1},
                                   "cell": {"userEnteredFormat": {"numberFormat": _number_format(field.excel_format)}},
                                   "fields": "userEnteredFormat.numberFormat"}})
        help_text = (field.help_id if lang == "id" else field.help_en)[:255]
        labels = dropdown_labels(field, lang)
        condition = ({"type": "ONE_OF_LIST", "values": [{"userEnteredValue": v} for v in labels]}
                     if labels is not None else None)
        if condition is not None:
            out.append({"setDataValidation": {"range": {"sheetId": sheet_id, "startRowIndex": 1, "endRowIndex": 1000,
                                                        "startColumnIndex": c, "endColumnIndex": c + 1},
                                              "rule": {"condition": condition, "inputMessage": help_text,
                                                       "strict": False, "showCustomUi": True}}})
        if field.key == ROW_ID.key:  # Sync's row identity: a warning before anyone types into it
            out.append({"addProtectedRange": {"protectedRange": {
                "range": {"sheetId": sheet_id, "startColumnIndex": c, "endColumnIndex": c + 1},
                "description": field.header(lang), "warningOnly": True}}})
    out.append({"updateCells": {"start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
                                "rows": rows, "fields": "userEnteredValue,userEnteredFormat"}})
    return out


def _settings(sheet: SheetRows, sheet_id: int, lang: str) -> list[dict[str, Any]]:
    heading = "Keterangan" if lang == "id" else "Help"
    rows = [_row([NAME_COLUMN.header(lang), VALUE_COLUMN.header(lang), heading], _header_format())]
    values = sheet.rows[0] if sheet.rows else {}
    out: list[dict[str, Any]] = []
    for r, field in enumerate(sheet.schema.fields, start=1):
        value = values.get(field.key, field.default)
        if field.kind == Kind.CHOICE:
            value = next((c.label(lang) for c in field.choices if c.value == value), value)
        rows.append(_row([field.header(lang), value, field.help_id if lang == "id" else field.help_en]))
        labels = dropdown_labels(field, lang)
        if labels is not None:
            out.append({"setDataValidation": {"range": {"sheetId": sheet_id, "startRowIndex": r, "endRowIndex": r + 1,
                                                        "startColumnIndex": 1, "endColumnIndex": 2},
                                              "rule": {"condition": {"type": "ONE_OF_LIST", "values": [
                                                  {"userEnteredValue": v} for v in labels]},
                                                  "strict": False, "showCustomUi": True}}})
    out.append({"updateCells": {"start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
                                "rows": rows, "fields": "userEnteredValue,userEnteredFormat"}})
    return out


def _help(sheets: list[SheetRows], sheet_id: int, lang: str) -> list[dict[str, Any]]:
    rows = [_row(list(HELP_HEAD[lang]), _header_format())]
    for sheet in sheets:
        schema = sheet.schema
        rows.append(_row([schema.name(lang), "", schema.help_id if lang == "id" else schema.help_en, ""]))
        for field in schema.fields:
            rows.append(_row([f"  {field.header(lang)}", YES[lang] if field.required else "",
                              field.help_id if lang == "id" else field.help_en,
                              ", ".join(c.label(lang) for c in field.choices)]))
    return [{"addSheet": {"properties": {"sheetId": sheet_id, "title": HELP_SHEET[lang],
                                         "gridProperties": {"frozenRowCount": 1,
                                                            "rowCount": max(1000, len(rows) + 1)}}}},
            {"updateCells": {"start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
                             "rows": rows, "fields": "userEnteredValue,userEnteredFormat"}}]


def lay_template(client: gspread.Client, file_id: str, kind: str, lang: str = "en",
                 chart: str | None = None) -> int:
    """Lay the template into the empty spreadsheet ``file_id``; returns the sheets written.

    Refuses (``gsheet-not-empty``) a spreadsheet with more than one sheet or any value."""
    http = client.http_client
    email = getattr(getattr(http, "auth", None), "service_account_email", "")
    try:
        meta = http.spreadsheets_get(file_id, params={"fields": "sheets.properties(sheetId,title)"})
        sheets = meta.get("sheets", [])
        first = sheets[0]["properties"]
        values = http.values_batch_get(file_id, [a1.quote_title(first["title"])])
    except APIError as e:
        raise api_failure(e, file_id, email) from None
    used = values.get("valueRanges", [{}])[0].get("values")
    if len(sheets) > 1 or used:
        where = ", ".join(s["properties"]["title"] for s in sheets)
        raise GsheetsError("gsheet-not-empty", sheet=file_id, detail=where)
    requests = template_requests(kind, lang, chart, first["sheetId"], email)
    requests.append({"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": BOUND_KEY, "metadataValue": file_id, "location": {"spreadsheet": True},
        "visibility": "DOCUMENT"}}})
    try:
        http.batch_update(file_id, {"requests": requests})
    except APIError as e:
        raise api_failure(e, file_id, email, write=True) from None
    return sum(1 for r in requests if "addSheet" in r) + 1

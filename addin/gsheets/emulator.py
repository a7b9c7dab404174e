# ruff: noqa: E501  (long literal error messages copied from Google's answers)
"""A local, stateful emulator of the parts of Sheets v4 and Drive v3 that gspread 6 calls.

A development tool (tests and ``bench/`` use it; it never talks to Google): a real HTTP
server on 127.0.0.1 that keeps spreadsheets in memory and answers the way Google does,
as pinned by gspread's recordings of real traffic (``tests/test_gsheets_emulator.py``
replays them). One server stands for the three hosts, told apart by path as gspread
does: ``/v4/spreadsheets…``, ``/drive/v3/files…`` and the service account's ``/token``.

Faults are injected with :meth:`Emulator.fail` (429, 500, 503, a slow answer, a dropped
connection), access with :meth:`Emulator.restrict` (403 for a sheet not shared with the
caller, or a domain that forbids outside sharing), Google's per-minute quota with
``quota_per_minute`` (its window shortened by ``quota_window`` in tests), and every call
is logged in :attr:`Emulator.calls` so tests can count them. Charts (``addChart``,
``deleteEmbeddedObject``) are stored as given and read back under ``sheets[].charts``;
nothing is drawn.

Run by hand: ``python -m backoffice.addin.gsheets.emulator --port 8765``.
"""

from __future__ import annotations

import ast
import base64
import copy
import datetime as dt
import json
import operator
import random
import re
import socket
import string
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from backoffice.addin.gsheets import a1

from backoffice.books.sheetrefs import rename_in_formula

SPREADSHEET_MIME = "application/vnd.google-apps.spreadsheet"
EPOCH = dt.date(1899, 12, 30)
DEFAULT_ROWS, DEFAULT_COLS = 1000, 26

#: Google's default cell format of a new spreadsheet (as recorded in gspread's cassettes).
DEFAULT_FORMAT = {
    "backgroundColor": {"red": 1, "green": 1, "blue": 1},
    "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
    "verticalAlignment": "BOTTOM", "wrapStrategy": "OVERFLOW_CELL",
    "textFormat": {"foregroundColor": {}, "fontFamily": "arial,sans,sans-serif", "fontSize": 10,
                   "bold": False, "italic": False, "strikethrough": False, "underline": False,
                   "foregroundColorStyle": {"rgbColor": {}}},
    "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
}


class ApiError(Exception):
    """An error answer: status and the JSON body Google sends."""

    def __init__(self, status: int, message: str, state: str = "", body: dict[str, Any] | None = None):
        super().__init__(message)
        self.status = status
        names = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
                 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}
        self.body = body or {"error": {"code": status, "message": message,
                                       "status": state or names.get(status, "UNKNOWN")}}


def drive_error(status: int, reason: str, message: str, domain: str = "global") -> ApiError:
    """Drive v3's legacy envelope, with its ``errors`` array (gspread's backoff reads it)."""
    return ApiError(status, message, body={"error": {
        "errors": [{"domain": domain, "reason": reason, "message": message}],
        "code": status, "message": message}})


# -- cells ---------------------------------------------------------------------------------------
@dataclass
class Cell:
    """One cell: what was entered (value or formula), its number format, note, formats."""

    value: Any = None  # int/float/str/bool: the entered value, or the formula's result
    formula: str | None = None
    error: str | None = None  # the formula's error (#DIV/0!, #NAME?)
    number_format: dict[str, str] | None = None  # {"type": "DATE", "pattern": "yyyy-mm-dd"}
    note: str | None = None
    fmt: dict[str, Any] = field(default_factory=dict)  # userEnteredFormat apart from numberFormat
    validation: dict[str, Any] | None = None

    @property
    def empty(self) -> bool:
        return self.value is None and self.formula is None and self.error is None

    @property
    def bare(self) -> bool:
        return self.empty and not self.note and not self.fmt and not self.number_format \
            and not self.validation


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
        ast.Div: operator.truediv, ast.USub: operator.neg, ast.UAdd: operator.pos}


def evaluate(formula: str) -> tuple[Any, str | None]:
    """(result, error) of a formula: arithmetic on numbers only; anything else is #NAME?."""
    def walk(node: ast.AST) -> Any:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](walk(node.operand))
        raise ValueError
    try:
        return _number(walk(ast.parse(formula[1:].strip(), mode="eval").body)), None
    except ZeroDivisionError:
        return None, "#DIV/0!"
    except (ValueError, SyntaxError):
        return None, "#NAME?"


def _number(x: float | int) -> float | int:
    return int(x) if isinstance(x, float) and x.is_integer() else x


_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def user_entered(value: Any) -> Cell:
    """A value typed into the UI (USER_ENTERED): formulas, numbers, dates parsed."""
    if isinstance(value, bool) or value is None:
        return Cell(value=value)
    if isinstance(value, int | float):
        return Cell(value=_number(value))
    text = str(value)
    if text.startswith("'"):
        return Cell(value=text[1:])
    if text.startswith("="):
        result, error = evaluate(text)
        return Cell(value=result, formula=text, error=error)
    if text.upper() in ("TRUE", "FALSE"):
        return Cell(value=text.upper() == "TRUE")
    m = _DATE.match(text)
    if m:
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return Cell(value=(day - EPOCH).days, number_format={"type": "DATE", "pattern": "yyyy-mm-dd"})
        except ValueError:
            pass
    if _THOUSANDS.match(text):
        return Cell(value=_number(float(text.replace(",", ""))),
                    number_format={"type": "NUMBER", "pattern": "#,##0.00"})
    try:
        return Cell(value=_number(float(text))) if text.strip() and text.strip() == text else Cell(value=text)
    except ValueError:
        return Cell(value=text)


def raw(value: Any) -> Cell:
    """A value stored as it is (RAW): strings stay strings, even "0042" and "=1+1"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Cell(value=_number(value))
    return Cell(value=value)


def _general(x: float | int) -> str:
    if isinstance(x, int):
        return str(x)
    text = f"{x:.10g}"
    return text


def formatted(cell: Cell) -> Any:
    """FORMATTED_VALUE: always a string, following the cell's number format (en_US)."""
    if cell.error:
        return cell.error
    v = cell.value
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int | float):
        kind = (cell.number_format or {}).get("type")
        if kind in ("DATE", "DATE_TIME"):
            day = EPOCH + dt.timedelta(days=int(v))
            return day.isoformat()
        if kind == "NUMBER" and "#,##0" in (cell.number_format or {}).get("pattern", ""):
            decimals = (cell.number_format or {}).get("pattern", "").partition(".")[2].count("0")
            return f"{v:,.{decimals}f}"
        return _general(v)
    return "" if v is None else str(v)


def rendered(cell: Cell, value_option: str, date_option: str) -> Any:
    """The value as ``valueRenderOption`` × ``dateTimeRenderOption`` asks (§4.2 of our notes)."""
    if value_option == "FORMATTED_VALUE":
        return formatted(cell)
    if value_option == "FORMULA" and cell.formula:
        return cell.formula
    if cell.error:
        return cell.error
    kind = (cell.number_format or {}).get("type")
    if kind in ("DATE", "DATE_TIME") and date_option == "FORMATTED_STRING":
        return formatted(cell)
    return "" if cell.value is None else cell.value


def extended_value(cell: Cell, which: str) -> dict[str, Any] | None:
    """A cell's ``userEnteredValue`` or ``effectiveValue`` (ExtendedValue)."""
    if which == "userEnteredValue" and cell.formula:
        return {"formulaValue": cell.formula}
    if cell.error:
        return {"errorValue": {"type": "ERROR", "message": cell.error}} if which == "effectiveValue" else None
    v = cell.value
    if v is None:
        return None
    if isinstance(v, bool):
        return {"boolValue": v}
    if isinstance(v, int | float):
        return {"numberValue": v}
    return {"stringValue": v}


def _from_extended(ev: dict[str, Any] | None) -> Cell:
    if not ev:
        return Cell()
    if "formulaValue" in ev:
        return user_entered(ev["formulaValue"])
    for key in ("numberValue", "stringValue", "boolValue"):
        if key in ev:
            return raw(ev[key])
    return Cell()


# -- field masks ------------------------------------------------------------------------------------
def parse_mask(text: str) -> dict[str, Any]:
    """A field mask (``a.b,c/d,e(f,g)``) as a tree; an empty dict means "everything below"."""
    tree: dict[str, Any] = {}
    i = 0

    def parse_list(end: str | None) -> dict[str, Any]:
        nonlocal i
        out: dict[str, Any] = {}
        path: list[str] = []
        name = ""
        while i < len(text):
            ch = text[i]
            if ch in "./":
                path.append(name)
                name = ""
            elif ch == "(":
                i += 1
                sub = parse_list(")")
                _put(out, [*path, name], sub)
                path, name = [], ""
            elif ch == ",":
                if name:
                    _put(out, [*path, name], {})
                path, name = [], ""
            elif end and ch == end:
                if name:
                    _put(out, [*path, name], {})
                return out
            elif ch != " ":
                name += ch
            i += 1
        if name:
            _put(out, [*path, name], {})
        return out

    tree = parse_list(None)
    return tree


def _put(tree: dict[str, Any], path: list[str], leaf: dict[str, Any]) -> None:
    for part in path[:-1]:
        tree = tree.setdefault(part, {})
    last = path[-1]
    if last in tree and tree[last]:
        for k, v in leaf.items():
            tree[last].setdefault(k, v)
    elif last not in tree:
        tree[last] = leaf


def apply_mask(value: Any, mask: dict[str, Any]) -> Any:
    """Only the fields the mask names (lists are masked item by item)."""
    if not mask:
        return value
    if isinstance(value, list):
        return [apply_mask(v, mask) for v in value]
    if not isinstance(value, dict):
        return value
    return {k: apply_mask(value[k], sub) for k, sub in mask.items() if k in value}


# -- state ------------------------------------------------------------------------------------------
@dataclass
class Sheet:
    props: dict[str, Any]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    protected: list[dict[str, Any]] = field(default_factory=list)
    basic_filter: dict[str, Any] | None = None
    metadata: list[dict[str, Any]] = field(default_factory=list)
    column_widths: dict[int, int] = field(default_factory=dict)
    #: EmbeddedChart objects (chartId, spec, position) as addChart stored them
    charts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.props["title"]

    @property
    def rows(self) -> int:
        return self.props["gridProperties"]["rowCount"]

    @property
    def cols(self) -> int:
        return self.props["gridProperties"]["columnCount"]

    def used(self) -> tuple[int, int]:
        """(rows, cols) of the used extent (cells with a value)."""
        r = c = 0
        for (row, col), cell in self.cells.items():
            if not cell.empty:
                r, c = max(r, row + 1), max(c, col + 1)
        return r, c


@dataclass
class Spreadsheet:
    id: str
    title: str
    created: str
    modified: str
    sheets: list[Sheet]
    locale: str = "en_US"
    time_zone: str = "Etc/GMT"
    named_ranges: list[dict[str, Any]] = field(default_factory=list)
    metadata: list[dict[str, Any]] = field(default_factory=list)
    #: e-mail -> role; an empty dict: anyone with a token may open it (the default).
    readers: dict[str, str] = field(default_factory=dict)
    forbid_outside: str | None = None  # a Workspace domain that forbids sharing outside it
    trashed: bool = False


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _new_id() -> str:
    alphabet = string.ascii_letters + string.digits + "-_"
    return "1" + "".join(random.choice(alphabet) for _ in range(43))


@dataclass
class Fault:
    """A fault to inject into the next ``times`` calls matching ``method`` and ``path``."""

    status: int = 0  # 0: answer normally (after delay)
    times: int = 1
    method: str | None = None
    path: str = ""  # a regular expression searched in the raw path
    delay: float = 0.0
    drop: bool = False  # close the connection without answering
    body: dict[str, Any] | None = None


class Emulator:
    """The emulator's state and its HTTP server; use as a context manager.

    Attributes:
        calls: (method, raw path with query) of every API call answered (the token's too).
        tokens: access token -> service account e-mail it was issued to.
    """

    def __init__(self, port: int = 0, require_token: bool = False,
                 can_create_files: bool = True, quota_per_minute: int | None = None,
                 quota_window: float = 60.0) -> None:
        self.lock = threading.RLock()
        self.files: dict[str, Spreadsheet] = {}
        self.calls: list[tuple[str, str]] = []
        #: bytes of each request's body, in the order of :attr:`calls`.
        self.body_sizes: list[int] = []
        self.tokens: dict[str, str] = {}
        self.faults: list[Fault] = []
        #: Service accounts have no Drive storage: False makes a create answer 403
        #: storageQuotaExceeded, as Google does for them since 2025.
        self.can_create_files = can_create_files
        self.require_token = require_token
        self.quota_per_minute = quota_per_minute
        #: the quota's window in seconds (Google's is a minute; tests shorten it)
        self.quota_window = quota_window
        #: calls answered 429 because the quota was used up (faults injected not counted)
        self.quota_refused = 0
        self._window: dict[tuple[str, str], list[float]] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> Emulator:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        with self.lock:
            self.files.clear()
            self.calls.clear()
            self.body_sizes.clear()
            self.faults.clear()
            self._window.clear()
            self.quota_refused = 0

    # -- test controls -------------------------------------------------------------------------------------
    def fail(self, status: int = 0, times: int = 1, method: str | None = None, path: str = "",
             delay: float = 0.0, drop: bool = False, body: dict[str, Any] | None = None) -> None:
        """Inject a fault into the next ``times`` matching calls (see :class:`Fault`)."""
        with self.lock:
            self.faults.append(Fault(status, times, method, path, delay, drop, body))

    def create(self, title: str = "Untitled spreadsheet", sheets: dict[str, list[list[Any]]] | None = None,
               file_id: str | None = None) -> str:
        """Make a spreadsheet as a person would in the browser; returns its id."""
        with self.lock:
            book = self._new_file(title, file_id)
            for n, (name, rows) in enumerate((sheets or {}).items()):
                sheet = book.sheets[0] if n == 0 else self._add_sheet(book, {"title": name})
                sheet.props["title"] = name
                for r, row in enumerate(rows):
                    for c, value in enumerate(row):
                        if value is not None and value != "":
                            sheet.cells[(r, c)] = user_entered(value)
            return book.id

    def create_from_grid(self, title: str, grid: dict[str, dict[str, Any]]) -> str:
        """Make a spreadsheet from a grid (docs/edit-plan.md): dates become serial numbers
        with a date format, text stays text; returns its id."""
        with self.lock:
            book = self._new_file(title)
            for n, (name, spec) in enumerate(grid.items()):
                sheet = book.sheets[0] if n == 0 else self._add_sheet(book, {"title": name})
                sheet.props["title"] = name
                if spec.get("state", "visible") != "visible":
                    sheet.props["hidden"] = True
                rows = spec.get("values", [])
                grid_props = sheet.props["gridProperties"]
                grid_props["rowCount"] = max(DEFAULT_ROWS, len(rows) + 1)
                grid_props["columnCount"] = max(DEFAULT_COLS, max((len(r) for r in rows), default=0))
                for r, (row, kinds) in enumerate(zip(rows, spec.get("kinds", []), strict=True)):
                    for c, (value, kind) in enumerate(zip(row, kinds, strict=True)):
                        if kind == "empty" or value is None:
                            continue
                        if kind == "date":
                            moment = dt.datetime.fromisoformat(str(value))
                            serial = (moment - dt.datetime(1899, 12, 30)) / dt.timedelta(days=1)
                            sheet.cells[(r, c)] = Cell(value=_number(serial), number_format={
                                "type": "DATE", "pattern": "yyyy-mm-dd"})
                        elif kind == "formula":
                            sheet.cells[(r, c)] = user_entered(str(value))
                        else:
                            sheet.cells[(r, c)] = raw(value)
                for ref, note in (spec.get("notes") or {}).items():
                    rng = a1.parse(ref)
                    cell = sheet.cells.setdefault((rng.r0 or 0, rng.c0 or 0), Cell())
                    cell.note = note
            return book.id

    def restrict(self, file_id: str, readers: dict[str, str] | None = None,
                 forbid_outside: str | None = None) -> None:
        """Share ``file_id`` only with ``readers`` (e-mail -> reader/writer); with
        ``forbid_outside`` a Workspace domain whose policy refuses outside accounts."""
        with self.lock:
            self.files[file_id].readers = dict(readers or {"owner@example.com": "owner"})
            self.files[file_id].forbid_outside = forbid_outside

    def count(self, pattern: str = "", method: str | None = None) -> int:
        """How many calls matched (``pattern`` searched in the path)."""
        with self.lock:
            return sum(1 for m, p in self.calls if (method is None or m == method) and re.search(pattern, p))

    # -- files ---------------------------------------------------------------------------------------------
    def _new_file(self, title: str, file_id: str | None = None) -> Spreadsheet:
        now = _now()
        sheet = Sheet({"sheetId": 0, "title": "Sheet1", "index": 0, "sheetType": "GRID",
                       "gridProperties": {"rowCount": DEFAULT_ROWS, "columnCount": DEFAULT_COLS}})
        book = Spreadsheet(file_id or _new_id(), title, now, now, [sheet])
        self.files[book.id] = book
        return book

    def _add_sheet(self, book: Spreadsheet, props: dict[str, Any]) -> Sheet:
        title = props.get("title") or f"Sheet{len(book.sheets) + 1}"
        if any(s.title == title for s in book.sheets):
            raise ApiError(400, f'Invalid requests[0].addSheet: A sheet with the name "{title}" already '
                           "exists. Please enter another name.")
        ids = {s.props["sheetId"] for s in book.sheets}
        sheet_id = props.get("sheetId")
        if sheet_id is None:
            sheet_id = random.randrange(1, 2**31 - 1)
        elif sheet_id in ids:
            raise ApiError(400, f"Invalid requests[0].addSheet: A sheet with the id {sheet_id} already exists.")
        grid = dict(props.get("gridProperties") or {})
        grid.setdefault("rowCount", DEFAULT_ROWS)
        grid.setdefault("columnCount", DEFAULT_COLS)
        index = props.get("index", len(book.sheets))
        new = {"sheetId": sheet_id, "title": title, "index": index, "sheetType": "GRID",
               "gridProperties": {"rowCount": grid.pop("rowCount"), "columnCount": grid.pop("columnCount"),
                                  **grid}}
        for key in ("hidden", "tabColorStyle", "tabColor", "rightToLeft"):
            if key in props:
                new[key] = props[key]
        sheet = Sheet(new)
        book.sheets.insert(index, sheet)
        for i, s in enumerate(book.sheets):
            s.props["index"] = i
        return sheet

    # -- access ----------------------------------------------------------------------------------------------
    def book(self, file_id: str, caller: str | None, write: bool = False) -> Spreadsheet:
        book = self.files.get(file_id)
        if book is None or book.trashed:
            raise ApiError(404, "Requested entity was not found.")
        if book.readers and (caller or "") not in book.readers:
            if book.forbid_outside:
                raise ApiError(403, "The caller does not have permission", body={"error": {
                    "code": 403, "message": "The caller does not have permission", "status": "PERMISSION_DENIED",
                    "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                                 "reason": "DOMAIN_POLICY", "domain": "googleapis.com",
                                 "metadata": {"domain": book.forbid_outside}}]}})
            raise ApiError(403, "The caller does not have permission")
        if write and book.readers and book.readers.get(caller or "") == "reader":
            raise ApiError(403, "The caller does not have permission")
        return book

    def sheet(self, book: Spreadsheet, title: str | None) -> Sheet:
        if title is None:
            visible = [s for s in book.sheets if not s.props.get("hidden")]
            return (visible or book.sheets)[0]
        for s in book.sheets:
            if s.title == title:
                return s
        raise ApiError(400, f"Unable to parse range: {title}")

    def by_id(self, book: Spreadsheet, sheet_id: int | None) -> Sheet:
        for s in book.sheets:
            if s.props["sheetId"] == (sheet_id or 0):
                return s
        raise ApiError(400, f"No grid with id: {sheet_id}")

    def resolve(self, book: Spreadsheet, text: str) -> tuple[Sheet, a1.A1]:
        """The sheet and range of an A1 text (a named range too)."""
        try:
            rng = a1.parse(text)
        except ValueError:
            raise ApiError(400, f"Unable to parse range: {text}") from None
        if rng.whole:
            names = {s.title for s in book.sheets}
            if rng.title not in names:
                for named in book.named_ranges:
                    if named["name"] == rng.title:
                        g = named["range"]
                        sheet = self.by_id(book, g.get("sheetId"))
                        return sheet, a1.A1(sheet.title, g.get("startRowIndex"), g.get("startColumnIndex"),
                                            g.get("endRowIndex"), g.get("endColumnIndex"))
            sheet = self.sheet(book, rng.title)
            return sheet, a1.A1(sheet.title, whole=True)
        sheet = self.sheet(book, rng.title)
        rng.title = sheet.title
        r0, c0, r1, c1 = rng.bounded(sheet.rows, sheet.cols)
        if r1 > sheet.rows or c1 > sheet.cols:
            raise ApiError(400, f"Range ({a1.quote_title(sheet.title)}!{text.rpartition('!')[2]}) exceeds grid "
                           f"limits. Max rows: {sheet.rows}, max columns: {sheet.cols}")
        return sheet, rng

    def touch(self, book: Spreadsheet) -> None:
        book.modified = _now()


# -- values ----------------------------------------------------------------------------------------------------
def value_range(sheet: Sheet, rng: a1.A1, major: str, value_option: str, date_option: str) -> dict[str, Any]:
    """A ValueRange as ``values.get`` answers it: trailing empties trimmed, no ``values`` when empty."""
    r0, c0, r1, c1 = rng.bounded(sheet.rows, sheet.cols)
    rows: list[list[Any]] = []
    cells = sheet.cells
    # Only the used part holds values: bound the walk by it (large sheets stay fast).
    used_r, used_c = sheet.used()
    for r in range(r0, min(r1, used_r)):
        row = []
        for c in range(c0, min(c1, used_c)):
            cell = cells.get((r, c))
            row.append("" if cell is None or cell.empty else rendered(cell, value_option, date_option))
        while row and row[-1] == "":
            row.pop()
        rows.append(row)
    if major == "COLUMNS":
        width = max((len(r) for r in rows), default=0)
        cols = [[rows[r][c] if c < len(rows[r]) else "" for r in range(len(rows))] for c in range(width)]
        for col in cols:
            while col and col[-1] == "":
                col.pop()
        rows = cols
    while rows and not rows[-1]:
        rows.pop()
    out: dict[str, Any] = {"range": a1.render(sheet.title, r0, c0, r1, c1), "majorDimension": major}
    if rows:
        out["values"] = rows
    return out


def write_values(sheet: Sheet, r0: int, c0: int, values: Any, major: str | None, option: str) -> dict[str, Any]:
    """Write a block at (r0, c0); returns the UpdateValuesResponse counts."""
    if not isinstance(values, list) or any(not isinstance(row, list) for row in values):
        shown = json.dumps(values)
        message = f"Invalid value at 'data.values' (type.googleapis.com/google.protobuf.ListValue), {shown}"
        raise ApiError(400, message, body={"error": {
            "code": 400, "message": message, "status": "INVALID_ARGUMENT",
            "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest",
                         "fieldViolations": [{"field": "data.values", "description": message}]}]}})
    if major == "COLUMNS":
        width = max((len(r) for r in values), default=0)
        values = [[col[i] if i < len(col) else None for col in values] for i in range(width)]
    height = len(values)
    width = max((len(r) for r in values), default=0)
    if r0 + height > sheet.rows or c0 + width > sheet.cols:
        raise ApiError(400, f"Range ({a1.quote_title(sheet.title)}!{a1.column_letters(c0)}{r0 + 1}) exceeds grid "
                       f"limits. Max rows: {sheet.rows}, max columns: {sheet.cols}")
    make = raw if option == "RAW" else user_entered
    cells = 0
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if value is None:
                continue  # null: leave the cell as it is
            cells += 1
            old = sheet.cells.get((r0 + r, c0 + c))
            new = make(value) if value != "" else Cell()
            if old is not None:
                new.note, new.fmt, new.validation = old.note, old.fmt, old.validation
                if new.number_format is None:
                    new.number_format = old.number_format
            if new.bare:
                sheet.cells.pop((r0 + r, c0 + c), None)
            else:
                sheet.cells[(r0 + r, c0 + c)] = new
    rows_touched = sum(1 for row in values if row)
    return {"updatedRange": a1.render(sheet.title, r0, c0, r0 + max(height, 1), c0 + max(width, 1)),
            "updatedRows": rows_touched, "updatedColumns": width, "updatedCells": cells}


def clear(sheet: Sheet, r0: int, c0: int, r1: int, c1: int) -> None:
    """Clear values (formats and notes stay, as ``values.clear`` does)."""
    for key in [k for k in sheet.cells if r0 <= k[0] < r1 and c0 <= k[1] < c1]:
        cell = sheet.cells[key]
        cell.value = cell.formula = cell.error = None
        if cell.bare:
            del sheet.cells[key]


def _table(sheet: Sheet, r0: int, c0: int, r1: int, c1: int) -> tuple[int, int, int, int] | None:
    """The table ``append`` finds in the region: the last contiguous run of non-empty cells in
    the row of the last used row, grown down over the rows above that touch it (§4.5)."""
    filled = [(r, c) for (r, c), cell in sheet.cells.items()
              if not cell.empty and r0 <= r < r1 and c0 <= c < c1]
    if not filled:
        return None
    top = min(r for r, _ in filled)
    start_row = top
    row_cells = sorted(c for r, c in filled if r == start_row)
    # the last contiguous run in the first row
    run_end = row_cells[-1]
    run_start = run_end
    while run_start - 1 in row_cells:
        run_start -= 1
    last = max(r for r, _ in filled)
    return start_row, run_start, last + 1, max(c for _, c in filled if c >= run_start) + 1


# -- the HTTP handler -----------------------------------------------------------------------------------------------
def _handler(emu: Emulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # quiet: tests read emu.calls instead
            pass

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_PUT(self) -> None:
            self._serve("PUT")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

        def do_PATCH(self) -> None:
            self._serve("PATCH")

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with emu.lock:
                emu.calls.append((method, self.path))
                emu.body_sizes.append(length)
                fault = next((f for f in emu.faults if (f.method in (None, method))
                              and re.search(f.path, self.path)), None)
                if fault is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        emu.faults.remove(fault)
            if fault is not None:
                if fault.delay:
                    time.sleep(fault.delay)
                if fault.drop:
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                if fault.status:
                    self._send(fault.status, fault.body or _fault_body(fault.status, method))
                    return
            try:
                status, answer = route(emu, method, self.path, body, self.headers.get("Authorization", ""),
                                       self.headers.get("Content-Type", ""))
            except ApiError as e:
                status, answer = e.status, e.body
            self._send(status, answer)

        def _send(self, status: int, answer: Any) -> None:
            data = b"" if answer is None else (answer if isinstance(answer, bytes)
                                               else json.dumps(answer, ensure_ascii=False).encode())
            self.send_response(status)
            if data:
                self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _fault_body(status: int, method: str) -> dict[str, Any]:
    if status == 429:
        kind = "Read" if method == "GET" else "Write"
        metric = kind.lower()
        return {"error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "message":
                          f"Quota exceeded for quota metric '{kind} requests' and limit '{kind} requests per "
                          "minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:1'.",
                          "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                                       "reason": "RATE_LIMIT_EXCEEDED", "domain": "googleapis.com",
                                       "metadata": {"quota_metric": f"sheets.googleapis.com/{metric}_requests",
                                                    "quota_limit": f"{kind}RequestsPerMinutePerUser",
                                                    "service": "sheets.googleapis.com"}}]}}
    return ApiError(status, "Internal error encountered." if status >= 500 else "Error").body


def _query(raw_query: str) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(raw_query, keep_blank_values=True)


def _one(q: dict[str, list[str]], name: str, default: str = "") -> str:
    return q.get(name, [default])[-1]


def _truthy(text: str) -> bool:
    return text.lower() == "true"


def route(emu: Emulator, method: str, raw_path: str, body: bytes, auth: str,
          content_type: str) -> tuple[int, Any]:
    """Answer one request: (status, JSON-able body or None)."""
    path, _, raw_query = raw_path.partition("?")
    q = _query(raw_query)
    if path == "/token" and method == "POST":
        return _token(emu, body)
    caller = _caller(emu, auth)
    with emu.lock:
        if emu.quota_per_minute is not None:
            _quota(emu, caller or "", "read" if method == "GET" else "write")
        if path.startswith("/drive/v3/files") or path.startswith("/upload/drive/v2/files"):
            return _drive(emu, method, path, q, body, caller)
        if path.startswith("/v4/spreadsheets"):
            data = json.loads(body) if body and "json" in (content_type or "json") else {}
            return _sheets(emu, method, path[len("/v4/spreadsheets"):], q, data or {}, caller)
    raise ApiError(404, f"Not found: {path}")


def _token(emu: Emulator, body: bytes) -> tuple[int, Any]:
    form = urllib.parse.parse_qs(body.decode())
    assertion = _one(form, "assertion")
    if _one(form, "grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" or assertion.count(".") != 2:
        return 400, {"error": "invalid_grant", "error_description": "Invalid JWT."}
    claims = json.loads(base64.urlsafe_b64decode(assertion.split(".")[1] + "=="))
    token = "ya29.emu-" + "".join(random.choice(string.ascii_letters) for _ in range(24))
    with emu.lock:
        emu.tokens[token] = claims.get("iss", "")
    return 200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}


def _caller(emu: Emulator, auth: str) -> str | None:
    token = auth[len("Bearer "):] if auth.startswith("Bearer ") else ""
    if token in emu.tokens:
        return emu.tokens[token]
    if emu.require_token:
        raise ApiError(401, "Request had invalid authentication credentials. Expected OAuth 2 access token, "
                       "login cookie or other valid authentication credential.")
    return None


def _quota(emu: Emulator, caller: str, kind: str) -> None:
    now = time.monotonic()
    window = [t for t in emu._window.get((caller, kind), []) if now - t < emu.quota_window]
    if len(window) >= (emu.quota_per_minute or 0):
        emu._window[(caller, kind)] = window
        emu.quota_refused += 1
        raise ApiError(429, "quota", body=_fault_body(429, "GET" if kind == "read" else "POST"))
    window.append(now)
    emu._window[(caller, kind)] = window


# -- Drive v3 -----------------------------------------------------------------------------------------------------------
def _drive(emu: Emulator, method: str, path: str, q: dict[str, list[str]], body: bytes,
           caller: str | None) -> tuple[int, Any]:
    parts = [urllib.parse.unquote(p) for p in path.split("/")[4:] if p]  # after /drive/v3/files
    data = json.loads(body) if body else {}
    if not parts:
        if method == "POST":
            if not emu.can_create_files:
                raise drive_error(403, "storageQuotaExceeded", "The user's Drive storage quota has been exceeded.",
                                  domain="usageLimits")
            book = emu._new_file(data.get("name") or "Untitled spreadsheet")
            if caller:
                book.readers = {}
            return 200, {"kind": "drive#file", "id": book.id, "name": book.title, "mimeType": SPREADSHEET_MIME}
        if method == "GET":
            query = _one(q, "q")
            m = re.search(r'name = "([^"]*)"', query)
            files = [b for b in emu.files.values() if not b.trashed and (m is None or b.title == m[1])
                     and (not b.readers or (caller or "") in b.readers)]
            listed = [{"id": b.id, "name": b.title, "createdTime": b.created, "modifiedTime": b.modified}
                      for b in files]
            return 200, {"kind": "drive#fileList", "files": listed}
    file_id = parts[0]
    if file_id not in emu.files or emu.files[file_id].trashed:
        raise drive_error(404, "notFound", f"File not found: {file_id}.")
    book = emu.files[file_id]
    if len(parts) == 1:
        if method == "DELETE":
            emu.book(file_id, caller, write=True)
            del emu.files[file_id]
            return 204, None
        if method == "GET":
            emu.book(file_id, caller)
            meta = {"id": book.id, "name": book.title, "createdTime": book.created, "modifiedTime": book.modified,
                    "kind": "drive#file", "mimeType": SPREADSHEET_MIME}
            fields = _one(q, "fields")
            return 200, apply_mask(meta, parse_mask(fields)) if fields else meta
    if parts[1] == "copy" and method == "POST":
        emu.book(file_id, caller)
        if not emu.can_create_files:
            raise drive_error(403, "storageQuotaExceeded", "The user's Drive storage quota has been exceeded.",
                              domain="usageLimits")
        new = copy.deepcopy(book)
        new.id, new.title = _new_id(), data.get("name") or f"Copy of {book.title}"
        new.created = new.modified = _now()
        emu.files[new.id] = new
        return 200, {"kind": "drive#file", "id": new.id, "name": new.title, "mimeType": SPREADSHEET_MIME}
    if parts[1] == "permissions":
        emu.book(file_id, caller)
        if method == "GET":
            perms = [{"kind": "drive#permission", "id": str(abs(hash(e)) % 10**20), "type": "user",
                      "role": role, "emailAddress": e} for e, role in book.readers.items()]
            return 200, {"permissions": perms}
        if method == "POST":
            email = data.get("emailAddress", "")
            if book.forbid_outside and not email.endswith("@" + book.forbid_outside):
                raise drive_error(403, "invalidSharingRequest", "Bad Request. User message: \"You cannot share "
                                  "this item because it has been flagged as inappropriate.\"")
            book.readers[email] = data.get("role", "reader")
            return 200, {"kind": "drive#permission", "id": str(abs(hash(email)) % 10**20),
                         "type": data.get("type", "user"), "role": data.get("role", "reader")}
    if parts[1] == "comments":
        return 200, {"comments": []}
    raise ApiError(404, "Not found")


# -- Sheets v4 ------------------------------------------------------------------------------------------------------------
def _sheets(emu: Emulator, method: str, rest: str, q: dict[str, list[str]], data: dict[str, Any],
            caller: str | None) -> tuple[int, Any]:
    rest = rest.lstrip("/")
    file_part, _, tail = rest.partition("/")
    verb = ""
    if not tail and ":" in file_part:
        file_part, _, verb = file_part.partition(":")
    file_id = urllib.parse.unquote(file_part)
    write = method != "GET"
    book = emu.book(file_id, caller, write=write)
    if not tail:
        if verb == "batchUpdate" and method == "POST":
            return 200, _batch_update(emu, book, data)
        if method == "GET":
            return 200, _get_spreadsheet(emu, book, q)
    if tail.startswith("values:") or tail.startswith("values/"):
        return 200, _values(emu, book, method, tail, q, data)
    if tail.startswith("sheets/") and tail.endswith(":copyTo"):
        sheet = emu.by_id(book, int(tail.split("/")[1].split(":")[0]))
        target = emu.book(data["destinationSpreadsheetId"], caller, write=True)
        new = emu._add_sheet(target, {"title": f"Copy of {sheet.title}",
                                      "gridProperties": dict(sheet.props["gridProperties"])})
        new.cells = copy.deepcopy(sheet.cells)
        return 200, new.props
    raise ApiError(404, "Not found")


def _values(emu: Emulator, book: Spreadsheet, method: str, tail: str, q: dict[str, list[str]],
            data: dict[str, Any]) -> dict[str, Any]:
    value_option = _one(q, "valueRenderOption", "FORMATTED_VALUE")
    date_option = _one(q, "dateTimeRenderOption", "SERIAL_NUMBER")
    major = _one(q, "majorDimension", "ROWS") or "ROWS"
    if tail.startswith("values:"):
        verb = tail[len("values:"):]
        if verb == "batchGet":
            ranges = [emu.resolve(book, r) for r in q.get("ranges", [])]
            return {"spreadsheetId": book.id, "valueRanges": [
                value_range(s, r, major, value_option, date_option) for s, r in ranges]}
        if verb == "batchUpdate":
            option = data.get("valueInputOption") or ""
            if option not in ("RAW", "USER_ENTERED"):
                raise ApiError(400, "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED")
            snapshot = _snapshot_sheets(book.sheets)
            try:
                responses = []
                for n, item in enumerate(data.get("data") or []):
                    try:
                        sheet, rng = emu.resolve(book, item["range"])
                    except ApiError as e:
                        raise ApiError(400, f"Invalid data[{n}]: {e}") from None
                    r0, c0, _, _ = rng.bounded(sheet.rows, sheet.cols)
                    res = write_values(sheet, r0, c0, item.get("values"), item.get("majorDimension"), option)
                    responses.append({"spreadsheetId": book.id, **res})
            except ApiError:
                book.sheets = snapshot
                raise
            emu.touch(book)
            return {"spreadsheetId": book.id,
                    "totalUpdatedRows": sum(r["updatedRows"] for r in responses),
                    "totalUpdatedColumns": max((r["updatedColumns"] for r in responses), default=0),
                    "totalUpdatedCells": sum(r["updatedCells"] for r in responses),
                    "totalUpdatedSheets": len({r["updatedRange"].rpartition("!")[0] for r in responses}),
                    "responses": responses}
        if verb == "batchClear":
            cleared = []
            for text in data.get("ranges") or []:
                sheet, rng = emu.resolve(book, text)
                bounds = rng.bounded(sheet.rows, sheet.cols)
                clear(sheet, *bounds)
                cleared.append(a1.render(sheet.title, *bounds))
            emu.touch(book)
            return {"spreadsheetId": book.id, "clearedRanges": cleared}
        raise ApiError(404, "Not found")
    raw_range, _, verb = tail[len("values/"):].partition(":")
    text = urllib.parse.unquote(raw_range)
    sheet, rng = emu.resolve(book, text)
    if method == "GET":
        return value_range(sheet, rng, major, value_option, date_option)
    if method == "PUT":
        option = _one(q, "valueInputOption")
        if option not in ("RAW", "USER_ENTERED"):
            raise ApiError(400, "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED")
        r0, c0, _, _ = rng.bounded(sheet.rows, sheet.cols)
        res = write_values(sheet, r0, c0, data.get("values"), data.get("majorDimension"), option)
        emu.touch(book)
        return {"spreadsheetId": book.id, **res}
    if verb == "clear":
        bounds = rng.bounded(sheet.rows, sheet.cols)
        clear(sheet, *bounds)
        emu.touch(book)
        return {"spreadsheetId": book.id, "clearedRange": a1.render(sheet.title, *bounds)}
    if verb == "append":
        option = _one(q, "valueInputOption")
        values = data.get("values") or []
        r0, c0, r1, c1 = rng.bounded(sheet.rows, sheet.cols)
        if rng.whole:
            r1, c1 = max(sheet.rows, sheet.used()[0]), max(sheet.cols, sheet.used()[1])
        found = _table(sheet, r0, c0, r1, c1)
        out: dict[str, Any] = {"spreadsheetId": book.id}
        if found is None:
            at_r, at_c = r0, c0
        else:
            t0, tc0, t1, tc1 = found
            out["tableRange"] = a1.render(sheet.title, t0, tc0, t1, tc1)
            at_r, at_c = t1, tc0
        height = len(values)
        width = max((len(v) for v in values), default=0)
        grid = sheet.props["gridProperties"]
        if at_r + height > grid["rowCount"]:
            grid["rowCount"] = at_r + height
        if at_c + width > grid["columnCount"]:
            grid["columnCount"] = at_c + width
        res = write_values(sheet, at_r, at_c, values, data.get("majorDimension"), option)
        emu.touch(book)
        out["updates"] = {"spreadsheetId": book.id, **res}
        return out
    raise ApiError(404, "Not found")


def _sheet_json(sheet: Sheet, with_data: bool, ranges: list[a1.A1] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"properties": copy.deepcopy(sheet.props)}
    if sheet.protected:
        out["protectedRanges"] = copy.deepcopy(sheet.protected)
    if sheet.basic_filter:
        out["basicFilter"] = copy.deepcopy(sheet.basic_filter)
    if sheet.metadata:
        out["developerMetadata"] = copy.deepcopy(sheet.metadata)
    if sheet.charts:
        out["charts"] = copy.deepcopy(sheet.charts)
    if with_data:
        out["data"] = [_grid_data(sheet, rng) for rng in (ranges or [a1.A1(sheet.title, whole=True)])]
    return out


def _grid_data(sheet: Sheet, rng: a1.A1) -> dict[str, Any]:
    r0, c0, r1, c1 = rng.bounded(sheet.rows, sheet.cols)
    by_row: dict[int, list[int]] = {}
    for r, c in sheet.cells:
        if r0 <= r < r1 and c0 <= c < c1:
            by_row.setdefault(r, []).append(c)
    if not by_row:
        return {}
    rows: list[dict[str, Any]] = []
    for r in range(r0, max(by_row) + 1):
        cols = by_row.get(r)
        if not cols:
            rows.append({})
            continue
        rows.append({"values": [_cell_json(sheet.cells.get((r, c))) for c in range(c0, max(cols) + 1)]})
    data: dict[str, Any] = {"rowData": rows}
    if r0:
        data["startRow"] = r0
    if c0:
        data["startColumn"] = c0
    return data


def _cell_json(cell: Cell | None) -> dict[str, Any]:
    if cell is None:
        return {}
    out: dict[str, Any] = {}
    entered = extended_value(cell, "userEnteredValue")
    if entered is not None:
        out["userEnteredValue"] = entered
    effective = extended_value(cell, "effectiveValue")
    if effective is not None:
        out["effectiveValue"] = effective
        out["formattedValue"] = formatted(cell)
    fmt = _format_json(cell)
    if fmt:
        out["userEnteredFormat"] = fmt
        out["effectiveFormat"] = {**DEFAULT_FORMAT, **fmt}
    if cell.note:
        out["note"] = cell.note
    if cell.validation:
        out["dataValidation"] = cell.validation
    return out


def _format_json(cell: Cell) -> dict[str, Any]:
    fmt = copy.deepcopy(cell.fmt)
    if cell.number_format:
        fmt["numberFormat"] = dict(cell.number_format)
    # Google adds the *Style twins of colours it stores (observed in test_format).
    for key in ("backgroundColor",):
        if key in fmt and f"{key}Style" not in fmt:
            fmt[f"{key}Style"] = {"rgbColor": fmt[key]}
    text = fmt.get("textFormat")
    if isinstance(text, dict) and "foregroundColor" in text and "foregroundColorStyle" not in text:
        text["foregroundColorStyle"] = {"rgbColor": text["foregroundColor"]}
    return fmt


def _get_spreadsheet(emu: Emulator, book: Spreadsheet, q: dict[str, list[str]]) -> dict[str, Any]:
    ranges = q.get("ranges", [])
    with_data = _truthy(_one(q, "includeGridData", "false"))
    fields = _one(q, "fields")
    mask = parse_mask(fields) if fields else {}
    if not with_data and "sheets" in mask and "data" in mask["sheets"]:
        with_data = True  # a fields mask that names data returns it (as Google does)
    selected: dict[int, list[a1.A1]] = {}
    for text in ranges:
        sheet, rng = emu.resolve(book, text)
        selected.setdefault(sheet.props["sheetId"], []).append(rng)
    sheets = [s for s in book.sheets if not ranges or s.props["sheetId"] in selected]
    out: dict[str, Any] = {
        "spreadsheetId": book.id,
        "properties": {"title": book.title, "locale": book.locale, "autoRecalc": "ON_CHANGE",
                       "timeZone": book.time_zone, "defaultFormat": copy.deepcopy(DEFAULT_FORMAT)},
        "sheets": [_sheet_json(s, with_data, selected.get(s.props["sheetId"])) for s in sheets],
        "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{book.id}/edit",
    }
    if book.named_ranges:
        out["namedRanges"] = copy.deepcopy(book.named_ranges)
    if book.metadata:
        out["developerMetadata"] = copy.deepcopy(book.metadata)
    return apply_mask(out, mask) if mask else out


# -- spreadsheets.batchUpdate -----------------------------------------------------------------------------------------
def _snapshot_sheets(sheets: list[Sheet]) -> list[Sheet]:
    """A copy to restore on failure; cells are copied shallowly (requests replace a cell's
    format dicts, never change them in place), which keeps large sheets fast."""
    return [Sheet(copy.deepcopy(s.props), {k: copy.copy(c) for k, c in s.cells.items()},
                  copy.deepcopy(s.protected), copy.deepcopy(s.basic_filter), copy.deepcopy(s.metadata),
                  dict(s.column_widths), copy.deepcopy(s.charts)) for s in sheets]


def _batch_update(emu: Emulator, book: Spreadsheet, data: dict[str, Any]) -> dict[str, Any]:
    """Apply every request or none (Google's batchUpdate is atomic)."""
    snapshot = (_snapshot_sheets(book.sheets), *copy.deepcopy((book.named_ranges, book.metadata, book.title,
                                                               book.locale, book.time_zone)))
    replies = []
    try:
        for n, request in enumerate(data.get("requests") or []):
            if len(request) != 1:
                raise ApiError(400, f"Invalid requests[{n}]: exactly one kind of request expected")
            (kind, body), = request.items()
            handler = _REQUESTS.get(kind)
            if handler is None:
                raise ApiError(400, f"Invalid requests[{n}]: the emulator does not know {kind}")
            try:
                replies.append(handler(emu, book, body or {}))
            except ApiError as e:
                message = e.body["error"]["message"]
                if not message.startswith("Invalid requests"):
                    e.body["error"]["message"] = f"Invalid requests[{n}].{kind}: {message}"
                raise
    except ApiError:
        (book.sheets, book.named_ranges, book.metadata, book.title, book.locale, book.time_zone) = snapshot
        raise
    emu.touch(book)
    out: dict[str, Any] = {"spreadsheetId": book.id, "replies": replies}
    return out


def _grid_range(emu: Emulator, book: Spreadsheet, g: dict[str, Any]) -> tuple[Sheet, int, int, int, int]:
    sheet = emu.by_id(book, g.get("sheetId"))
    r0, c0 = g.get("startRowIndex") or 0, g.get("startColumnIndex") or 0
    r1 = sheet.rows if g.get("endRowIndex") is None else g["endRowIndex"]
    c1 = sheet.cols if g.get("endColumnIndex") is None else g["endColumnIndex"]
    if r1 > sheet.rows or c1 > sheet.cols:
        raise ApiError(400, f"Range ({a1.quote_title(sheet.title)}!{a1.column_letters(c0)}{r1}) exceeds grid "
                       f"limits. Max rows: {sheet.rows}, max columns: {sheet.cols}")
    return sheet, r0, c0, r1, c1


def _set_fields(target: dict[str, Any], source: dict[str, Any], mask: dict[str, Any]) -> None:
    """Copy the masked fields of ``source`` onto ``target`` (absent in source: removed)."""
    for key, sub in mask.items():
        if key == "*":
            target.clear()
            target.update(copy.deepcopy(source))
            continue
        if sub and isinstance(source.get(key), dict):
            _set_fields(target.setdefault(key, {}), source[key], sub)
        elif key in source:
            target[key] = copy.deepcopy(source[key])
        else:
            target.pop(key, None)


def _apply_cell(cell: Cell, data: dict[str, Any], mask: dict[str, Any]) -> None:
    if "userEnteredValue" in mask or "*" in mask:
        new = _from_extended(data.get("userEnteredValue"))
        cell.value, cell.formula, cell.error = new.value, new.formula, new.error
        if new.number_format and not cell.number_format:
            cell.number_format = new.number_format
    if "note" in mask or "*" in mask:
        cell.note = data.get("note") or None
    if "dataValidation" in mask or "*" in mask:
        cell.validation = data.get("dataValidation")
    fmt_mask = mask.get("userEnteredFormat", {} if "*" in mask else None)
    if fmt_mask is not None:
        fmt = data.get("userEnteredFormat") or {}
        current = copy.deepcopy(cell.fmt) if cell.fmt else {}
        if cell.number_format:
            current["numberFormat"] = dict(cell.number_format)
        if fmt_mask:
            _set_fields(current, fmt, fmt_mask)
        else:
            current = copy.deepcopy(fmt)
        cell.number_format = current.pop("numberFormat", None)
        for twin in ("backgroundColorStyle",):
            current.pop(twin, None)
        cell.fmt = current


def _update_cells(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    mask = parse_mask(body.get("fields") or "*")
    if "range" in body:
        sheet, r0, c0, r1, c1 = _grid_range(emu, book, body["range"])
    else:
        start = body["start"]
        sheet = emu.by_id(book, start.get("sheetId"))
        r0, c0 = start.get("rowIndex") or 0, start.get("columnIndex") or 0
        r1 = r0 + len(body.get("rows") or [])
        c1 = c0 + max((len(r.get("values") or []) for r in body.get("rows") or []), default=0)
        if r1 > sheet.rows or c1 > sheet.cols:
            raise ApiError(400, f"Range ({a1.quote_title(sheet.title)}!{a1.column_letters(c0)}{r0 + 1}) exceeds "
                           f"grid limits. Max rows: {sheet.rows}, max columns: {sheet.cols}")
    rows = body.get("rows") or []
    # Only cells that get data or hold something change: walk those, not the whole grid.
    spots = {(r, c) for r, c in sheet.cells if r0 <= r < r1 and c0 <= c < c1}
    for i, row in enumerate(rows[:r1 - r0]):
        for j, _ in enumerate((row.get("values") or [])[:c1 - c0]):
            spots.add((r0 + i, c0 + j))
    for r, c in spots:
        row = (rows[r - r0].get("values") or []) if r - r0 < len(rows) else []
        data = row[c - c0] if c - c0 < len(row) else {}
        cell = sheet.cells.get((r, c)) or Cell()
        _apply_cell(cell, data or {}, mask)
        if cell.bare:
            sheet.cells.pop((r, c), None)
        else:
            sheet.cells[(r, c)] = cell
    return {}


def _repeat_cell(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    sheet, r0, c0, r1, c1 = _grid_range(emu, book, body["range"])
    mask = parse_mask(body.get("fields") or "*")
    for r in range(r0, r1):
        for c in range(c0, c1):
            cell = sheet.cells.get((r, c)) or Cell()
            _apply_cell(cell, body.get("cell") or {}, mask)
            if cell.bare:
                sheet.cells.pop((r, c), None)
            else:
                sheet.cells[(r, c)] = cell
    return {}


def _add_sheet_request(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    sheet = emu._add_sheet(book, body.get("properties") or {})
    return {"addSheet": {"properties": copy.deepcopy(sheet.props)}}


def _delete_sheet(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    sheet = emu.by_id(book, body.get("sheetId"))
    if len(book.sheets) == 1:
        raise ApiError(400, "You can't remove all the sheets in a document.")
    book.sheets.remove(sheet)
    for i, s in enumerate(book.sheets):
        s.props["index"] = i
    return {}


def _update_sheet_properties(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    props = body.get("properties") or {}
    sheet = emu.by_id(book, props.get("sheetId"))
    mask = parse_mask(body.get("fields") or "*")
    mask.pop("sheetId", None)
    before = copy.deepcopy(sheet.props)
    _set_fields(sheet.props, props, mask)
    grid = sheet.props.setdefault("gridProperties", {})
    grid.setdefault("rowCount", before["gridProperties"]["rowCount"])
    grid.setdefault("columnCount", before["gridProperties"]["columnCount"])
    sheet.props["sheetId"] = before["sheetId"]
    for key in ("frozenRowCount", "frozenColumnCount"):
        if grid.get(key) == 0:
            grid.pop(key)
    if sheet.props.get("hidden") is False:
        sheet.props.pop("hidden")
    if sheet.props.get("hidden") and all(s.props.get("hidden") for s in book.sheets):
        raise ApiError(400, "You can't hide all the sheets in a document.")
    # A smaller grid drops the cells outside it.
    for key in [k for k in sheet.cells if k[0] >= grid["rowCount"] or k[1] >= grid["columnCount"]]:
        del sheet.cells[key]
    if "title" in props and props["title"] != before["title"]:
        if sum(s.title.casefold() == props["title"].casefold() for s in book.sheets) > 1:
            raise ApiError(400, f'A sheet with the name "{props["title"]}" already exists. Please enter another name.')
        # As Sheets: formulas that refer to the sheet name its new title.
        for other in book.sheets:
            for cell in other.cells.values():
                if cell.formula:
                    cell.formula = "=" + rename_in_formula(cell.formula[1:], before["title"], props["title"])
    if "index" in props:
        book.sheets.remove(sheet)
        book.sheets.insert(min(props["index"], len(book.sheets)), sheet)
        for i, s in enumerate(book.sheets):
            s.props["index"] = i
    return {}


def _update_spreadsheet_properties(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    props = body.get("properties") or {}
    mask = parse_mask(body.get("fields") or "*")
    if "title" in mask or "*" in mask:
        book.title = props.get("title", book.title)
    if "locale" in mask or "*" in mask:
        book.locale = props.get("locale", book.locale)
    if "timeZone" in mask or "*" in mask:
        book.time_zone = props.get("timeZone", book.time_zone)
    return {}


def _set_data_validation(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    sheet, r0, c0, r1, c1 = _grid_range(emu, book, body["range"])
    for r in range(r0, r1):
        for c in range(c0, c1):
            cell = sheet.cells.get((r, c)) or Cell()
            cell.validation = body.get("rule")
            if cell.bare:
                sheet.cells.pop((r, c), None)
            else:
                sheet.cells[(r, c)] = cell
    return {}


def _dimension(emu: Emulator, book: Spreadsheet, body: dict[str, Any], insert: bool) -> dict[str, Any]:
    rng = body["range"]
    sheet = emu.by_id(book, rng.get("sheetId"))
    start, end = rng["startIndex"], rng["endIndex"]
    n = end - start
    rows = rng["dimension"] == "ROWS"
    grid = sheet.props["gridProperties"]
    key = "rowCount" if rows else "columnCount"
    if not insert and end > grid[key]:
        raise ApiError(400, "Invalid range: the range exceeds the grid")
    moved: dict[tuple[int, int], Cell] = {}
    for (r, c), cell in sheet.cells.items():
        i = r if rows else c
        if not insert and start <= i < end:
            continue
        if i >= start:
            i = i + n if insert else i - n
        moved[(i, c) if rows else (r, i)] = cell
    sheet.cells = moved
    grid[key] += n if insert else -n
    return {}


def _append_dimension(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    sheet = emu.by_id(book, body.get("sheetId"))
    key = "rowCount" if body["dimension"] == "ROWS" else "columnCount"
    sheet.props["gridProperties"][key] += body["length"]
    return {}


def _dimension_properties(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    rng = body["range"]
    sheet = emu.by_id(book, rng.get("sheetId"))
    if rng["dimension"] == "COLUMNS" and "pixelSize" in (body.get("properties") or {}):
        for c in range(rng.get("startIndex", 0), rng.get("endIndex", sheet.cols)):
            sheet.column_widths[c] = body["properties"]["pixelSize"]
    return {}


def _add_protected_range(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    protected = copy.deepcopy(body.get("protectedRange") or {})
    sheet = emu.by_id(book, (protected.get("range") or {}).get("sheetId"))
    protected.setdefault("protectedRangeId", random.randrange(1, 2**31 - 1))
    protected.setdefault("requestingUserCanEdit", True)
    sheet.protected.append(protected)
    return {"addProtectedRange": {"protectedRange": copy.deepcopy(protected)}}


def _delete_protected_range(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    for sheet in book.sheets:
        sheet.protected = [p for p in sheet.protected if p["protectedRangeId"] != body["protectedRangeId"]]
    return {}


def _set_basic_filter(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    flt = copy.deepcopy(body.get("filter") or {})
    emu.by_id(book, (flt.get("range") or {}).get("sheetId")).basic_filter = flt
    return {}


def _clear_basic_filter(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    emu.by_id(book, body.get("sheetId")).basic_filter = None
    return {}


def _add_named_range(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    named = copy.deepcopy(body["namedRange"])
    named.setdefault("namedRangeId", "".join(random.choice(string.ascii_lowercase) for _ in range(12)))
    book.named_ranges.append(named)
    return {"addNamedRange": {"namedRange": copy.deepcopy(named)}}


def _delete_named_range(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    book.named_ranges = [n for n in book.named_ranges if n["namedRangeId"] != body["namedRangeId"]]
    return {}


def _create_metadata(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    meta = copy.deepcopy(body["developerMetadata"])
    meta.setdefault("metadataId", random.randrange(1, 2**31 - 1))
    location = meta.get("location") or {}
    if "sheetId" in location:
        emu.by_id(book, location["sheetId"]).metadata.append(meta)
    else:
        meta["location"] = {"locationType": "SPREADSHEET", "spreadsheet": True}
        book.metadata.append(meta)
    return {"createDeveloperMetadata": {"developerMetadata": copy.deepcopy(meta)}}


def _delete_metadata(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    lookup = (body.get("dataFilter") or {}).get("developerMetadataLookup") or {}
    key = lookup.get("metadataKey")
    where = (lookup.get("metadataLocation") or {}).get("sheetId")
    holders = [book.metadata, *(s.metadata for s in book.sheets)] if where is None \
        else [emu.by_id(book, where).metadata]
    gone = []
    for holder in holders:
        for meta in [m for m in holder if m.get("metadataKey") == key]:
            holder.remove(meta)
            gone.append(meta)
    return {"deleteDeveloperMetadata": {"deletedDeveloperMetadata": gone}}


_CHART_KINDS = ("basicChart", "pieChart", "bubbleChart", "candlestickChart", "orgChart", "histogramChart",
                "waterfallChart", "treemapChart", "scorecardChart")


def _add_chart(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    """Store an EmbeddedChart after checking what Google checks: one chart kind in the spec,
    source ranges inside their sheets' grids, an anchor cell on a sheet, a chart id unused."""
    chart = copy.deepcopy(body.get("chart") or {})
    spec = chart.get("spec") or {}
    kinds = [k for k in _CHART_KINDS if k in spec]
    if len(kinds) != 1:
        raise ApiError(400, "Invalid chart spec: exactly one chart type must be set")
    used = {c["chartId"] for s in book.sheets for c in s.charts}
    if "chartId" not in chart:
        chart["chartId"] = random.randrange(1, 2**31 - 1)
    elif chart["chartId"] in used:
        raise ApiError(400, f"Chart ID {chart['chartId']} already exists.")
    if kinds[0] == "basicChart":
        basic = spec["basicChart"]
        if basic.get("chartType") not in ("BAR", "LINE", "AREA", "COLUMN", "SCATTER", "COMBO", "STEPPED_AREA"):
            raise ApiError(400, f"Invalid value for basicChart.chartType: {basic.get('chartType')}")
        parts = [d.get("domain") for d in basic.get("domains", [])] + \
            [s.get("series") for s in basic.get("series", [])]
        for part in parts:
            for source in ((part or {}).get("sourceRange") or {}).get("sources", []):
                _grid_range(emu, book, source)  # a range off its grid is refused
    anchor = ((chart.get("position") or {}).get("overlayPosition") or {}).get("anchorCell")
    if anchor is not None:
        home = emu.by_id(book, anchor.get("sheetId"))
    elif (chart.get("position") or {}).get("sheetId") is not None:
        home = emu.by_id(book, chart["position"]["sheetId"])
    else:
        raise ApiError(400, "Invalid chart position: an overlay position or a sheet is required")
    home.charts.append(chart)
    return {"addChart": {"chart": copy.deepcopy(chart)}}


def _delete_embedded_object(emu: Emulator, book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    wanted = body.get("objectId")
    for sheet in book.sheets:
        for chart in sheet.charts:
            if chart["chartId"] == wanted:
                sheet.charts.remove(chart)
                return {}
    raise ApiError(400, f"No object with id {wanted}")


_REQUESTS = {
    "updateCells": _update_cells, "repeatCell": _repeat_cell, "addSheet": _add_sheet_request,
    "deleteSheet": _delete_sheet, "updateSheetProperties": _update_sheet_properties,
    "updateSpreadsheetProperties": _update_spreadsheet_properties, "setDataValidation": _set_data_validation,
    "insertDimension": lambda e, b, body: _dimension(e, b, body, True),
    "deleteDimension": lambda e, b, body: _dimension(e, b, body, False),
    "appendDimension": _append_dimension, "updateDimensionProperties": _dimension_properties,
    "addProtectedRange": _add_protected_range, "deleteProtectedRange": _delete_protected_range,
    "setBasicFilter": _set_basic_filter, "clearBasicFilter": _clear_basic_filter,
    "addNamedRange": _add_named_range, "deleteNamedRange": _delete_named_range,
    "createDeveloperMetadata": _create_metadata, "deleteDeveloperMetadata": _delete_metadata,
    "addChart": _add_chart, "deleteEmbeddedObject": _delete_embedded_object,
}


def main() -> None:  # pragma: no cover - a development convenience
    import argparse

    parser = argparse.ArgumentParser(description="Run the Sheets/Drive emulator on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    emu = Emulator(port=args.port).start()
    print(f"emulator at {emu.base_url} (Ctrl-C stops it)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        emu.stop()


if __name__ == "__main__":  # pragma: no cover
    main()

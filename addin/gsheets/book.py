# ruff: noqa: E501  (request bodies read best as one line each)
"""A Google Sheet as a book: read in two calls into a grid, written in one batchUpdate.

Reading (whatever the number of rows):

1. ``spreadsheets.get`` with a field mask: the sheets' properties, backoffice's developer
   metadata (which sheets it wrote or marked, the id the book is bound to), and per cell
   only the number-format type (dates), the note, the background (our highlight) and the
   validation's type (the columns with a dropdown, which Upgrade does not set again);
2. ``values:batchGet`` of every sheet, UNFORMATTED_VALUE with SERIAL_NUMBER dates, so text
   stays text ("0042") and numbers stay numbers.

The action then runs on a :class:`~backoffice.books.grid.GridBook`, and its
:class:`~backoffice.books.editplan.EditPlan` becomes ``spreadsheets.batchUpdate``
requests, values RAW (``updateCells`` with typed values: text starting with ``=`` is
never a formula), split only when a batch would pass Google's recommended 2 MB. One
batchUpdate is applied all or nothing.

Sheets has no "very hidden" sheets: backoffice's hidden state (``_backoffice_*``) is a
hidden sheet protected so that only the service account may edit it. The spreadsheet id
is recorded in developer metadata (``backoffice_bound_id``); "Make a copy" copies that
metadata, so a copy finds a different id there and gets its own identity
(:attr:`GoogleSheetBook.copied_from`) on its first write.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from typing import Any

import gspread
from backoffice.addin.gsheets import a1
from backoffice.addin.gsheets.errors import GsheetsError
from gspread.exceptions import APIError

from backoffice.books.editplan import EditPlan, consecutive_runs
from backoffice.books.grid import GridBook
from backoffice.books.hiddenstate import HIGHLIGHT_FILL, HIGHLIGHT_FONT, is_hidden_state_sheet
from backoffice.books.writer import OUTPUT_STYLES

PREFIX = "gsheet:"
EPOCH = dt.datetime(1899, 12, 30)
MAX_PAYLOAD = 2_000_000  # bytes: Google's recommended ceiling for one request
OUTPUT_KEY, MARKED_KEY, BOUND_KEY = "backoffice_output", "backoffice_marked", "backoffice_bound_id"
#: the ids of the charts backoffice drew on a sheet (JSON list), so a rewrite replaces
#: exactly those and leaves a chart the user made on the same sheet alone
CHARTS_KEY = "backoffice_charts"
#: Google's default column width and row height, in pixels (a chart's size from its anchor)
COLUMN_PX, ROW_PX = 100, 21
_ID = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")

READ_FIELDS = ("properties(title,locale),developerMetadata(metadataKey,metadataValue),"
               "sheets(properties(sheetId,title,index,hidden,gridProperties(rowCount,columnCount)),"
               "developerMetadata(metadataKey,metadataValue),protectedRanges(protectedRangeId,description),"
               "charts(chartId),"
               "data(startRow,startColumn,rowData.values(note,effectiveFormat.numberFormat.type,"
               "effectiveValue.errorValue,userEnteredFormat.backgroundColor,dataValidation.condition.type,"
               "userEnteredValue.formulaValue)))")


def spreadsheet_id(text: str) -> str:
    """The id in ``gsheet:<id>`` or ``gsheet:<URL>`` (or a bare id or URL)."""
    body = text[len(PREFIX):] if text.startswith(PREFIX) else text
    found = _ID.search(body)
    if found:
        return found[1]
    if re.fullmatch(r"[A-Za-z0-9_-]{10,}", body):
        return body
    raise GsheetsError("gsheet-bad-address", text=text)


def _color(argb: str) -> dict[str, float]:
    return {k: round(int(argb[i:i + 2], 16) / 255, 7) for k, i in (("red", 2), ("green", 4), ("blue", 6))}


def _same_color(a: dict[str, Any] | None, argb: str) -> bool:
    return bool(a) and all(abs(float(a.get(k, 0)) - v) < 0.01 for k, v in _color(argb).items())


def api_failure(e: APIError, sheet: str, email: str, write: bool = False) -> GsheetsError:
    """Google's refusal as a failure a person understands (403 read by its reason)."""
    error = e.error if isinstance(e.error, dict) else {}
    if e.code == 404:
        return GsheetsError("gsheet-not-found", sheet=sheet)
    if e.code == 403:
        reasons = [d.get("reason") for d in error.get("details", []) if isinstance(d, dict)]
        reasons += [d.get("reason") for d in error.get("errors", []) if isinstance(d, dict)]
        if "storageQuotaExceeded" in reasons:
            return GsheetsError("gsheet-no-storage", email=email)
        if "DOMAIN_POLICY" in reasons or "domainPolicy" in reasons:
            domain = next((d.get("metadata", {}).get("domain") for d in error.get("details", [])
                           if isinstance(d, dict) and d.get("metadata")), "?")
            return GsheetsError("gsheet-domain-forbids", sheet=sheet, domain=domain, email=email)
        return GsheetsError("gsheet-read-only" if write else "gsheet-not-shared", sheet=sheet, email=email)
    return GsheetsError("gsheet-api", sheet=sheet, detail=f"[{e.code}] {error.get('message', '')}")


class GoogleSheetBook(GridBook):
    """A Google Sheet read into a grid; :meth:`commit` writes the plan back.

    Args:
        client: from :func:`backoffice.addin.gsheets.client.make_client`.
        file_id: the spreadsheet id.
    """

    def __init__(self, client: gspread.Client, file_id: str) -> None:
        self.client = client
        self.file_id = file_id
        self.email = getattr(getattr(client.http_client, "auth", None), "service_account_email", "")
        meta, values = self._read()
        self.meta = meta
        self.sheet_ids: dict[str, int] = {}
        self.highlighted: dict[str, list[tuple[int, int]]] = {}
        self.our_notes: dict[str, list[tuple[int, int]]] = {}
        self.metadata: dict[str, dict[str, str]] = {}
        self.dropdowns: dict[str, set[str]] = {}
        #: sheet -> ids of every chart on it (ours and the user's)
        self.chart_ids: dict[str, set[int]] = {}
        self.formulas: dict[str, list[str]] = {}
        grid = self._grid(meta, values)
        super().__init__(grid, name=meta.get("properties", {}).get("title", file_id))
        bound = {m.get("metadataKey"): m.get("metadataValue") for m in meta.get("developerMetadata", [])}
        #: the spreadsheet this one was copied from ("Make a copy"), when it was.
        self.copied_from = bound.get(BOUND_KEY) if bound.get(BOUND_KEY) not in (None, file_id) else None
        self.bound = bound.get(BOUND_KEY) == file_id

    # -- reading --------------------------------------------------------------------------------
    def _call(self, fn: Any, *args: Any, write: bool = False, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except APIError as e:
            raise api_failure(e, self.file_id, self.email, write) from None

    def _read(self) -> tuple[dict[str, Any], dict[str, Any]]:
        http = self.client.http_client
        meta = self._call(http.spreadsheets_get, self.file_id,
                          params={"includeGridData": "true", "fields": READ_FIELDS})
        titles = [s["properties"]["title"] for s in meta.get("sheets", [])]
        ranges = [a1.quote_title(t) if not t.isidentifier() else f"'{t}'" for t in titles]
        values = self._call(http.values_batch_get, self.file_id, ranges,
                            params={"valueRenderOption": "UNFORMATTED_VALUE",
                                    "dateTimeRenderOption": "SERIAL_NUMBER"}) if titles else {}
        return meta, values

    def _grid(self, meta: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        grid: dict[str, Any] = {}
        ranges = values.get("valueRanges", [])
        for n, sheet in enumerate(meta.get("sheets", [])):
            props = sheet["properties"]
            title = props["title"]
            self.sheet_ids[title] = props["sheetId"]
            tags = {m.get("metadataKey"): m.get("metadataValue") for m in sheet.get("developerMetadata", [])}
            self.metadata[title] = tags
            self.chart_ids[title] = {c["chartId"] for c in sheet.get("charts", []) if "chartId" in c}
            formats = self._cell_facts(title, sheet.get("data") or [{}])
            rows = ranges[n].get("values", []) if n < len(ranges) else []
            out_values, out_kinds = [], []
            for r, row in enumerate(rows):
                vs, ks = [], []
                for c, value in enumerate(row):
                    fact = formats.get((r, c), {})
                    v, k = _cell(value, fact)
                    vs.append(v)
                    ks.append(k)
                out_values.append(vs)
                out_kinds.append(ks)
            state = "hidden" if props.get("hidden") else "visible"
            if is_hidden_state_sheet(title) and props.get("hidden"):
                state = "veryHidden"  # hidden and protected: Sheets' nearest to Excel's very hidden
            notes = {f"{a1.column_letters(c)}{r + 1}": f["note"] for (r, c), f in formats.items() if f.get("note")}
            grid[title] = {"values": out_values, "kinds": out_kinds, "state": state,
                           "output": tags.get(OUTPUT_KEY), "marked": tags.get(MARKED_KEY) == "1",
                           "notes": notes, "dropdowns": sorted(self.dropdowns.get(title, ())),
                           "formulas": self.formulas.get(title, [])}
        return grid

    def _cell_facts(self, title: str, data: list[dict[str, Any]]) -> dict[tuple[int, int], dict[str, Any]]:
        facts: dict[tuple[int, int], dict[str, Any]] = {}
        lit, ours = [], []
        lists: set[str] = set()  # the columns with a dropdown: Upgrade adds only those missing
        # The formula cells (a calculated one is read as its result): Sync never writes over
        # them. Asked in the same call, only formula cells carry a userEnteredValue here.
        formulas: list[str] = []
        from backoffice.books.hiddenstate import NOTE_MARKER

        for block in data:
            r0, c0 = block.get("startRow", 0), block.get("startColumn", 0)
            for r, row in enumerate(block.get("rowData", [])):
                for c, cell in enumerate(row.get("values", []) or []):
                    if not cell:
                        continue
                    fact = {"note": cell.get("note"),
                            "type": ((cell.get("effectiveFormat") or {}).get("numberFormat") or {}).get("type"),
                            "error": "errorValue" in (cell.get("effectiveValue") or {})}
                    facts[(r0 + r, c0 + c)] = fact
                    if _same_color((cell.get("userEnteredFormat") or {}).get("backgroundColor"), HIGHLIGHT_FILL):
                        lit.append((r0 + r, c0 + c))
                    if (cell.get("note") or "").startswith(NOTE_MARKER):
                        ours.append((r0 + r, c0 + c))
                    if ((cell.get("dataValidation") or {}).get("condition") or {}).get("type") == "ONE_OF_LIST":
                        lists.add(a1.column_letters(c0 + c))
                    if "formulaValue" in (cell.get("userEnteredValue") or {}):
                        formulas.append(f"{a1.column_letters(c0 + c)}{r0 + r + 1}")
        self.dropdowns[title] = lists
        self.formulas[title] = formulas
        self.highlighted[title] = lit
        self.our_notes[title] = ours
        return facts

    # -- writing ----------------------------------------------------------------------------------
    def requests_for(self, plan: EditPlan) -> list[dict[str, Any]]:
        """The batchUpdate requests that apply ``plan`` (see docs/edit-plan.md)."""
        return _Translator(self).translate(plan)

    def commit(self, verify: bool = True) -> int:
        """Write the plan to the spreadsheet; returns the number of batchUpdate calls (0: nothing
        to write). Binds the book to its id when it is not yet (a new copy gets its own).

        With ``verify`` the sheets are read again first (2 calls) and nothing is written when
        a colleague changed a sheet the plan was made from (:class:`StalePlan`, exit 3):
        marks must not land on rows that moved while the action ran."""
        requests = self.requests_for(self.plan)
        if not requests:
            return 0
        if verify:
            self.plan.require_fresh(GoogleSheetBook(self.client, self.file_id))
        batches = split(requests)
        for batch in batches:
            self._call(self.client.http_client.batch_update, self.file_id, {"requests": batch}, write=True)
        self.plan.operations.clear()
        return len(batches)


def split(requests: list[dict[str, Any]], limit: int = MAX_PAYLOAD) -> list[list[dict[str, Any]]]:
    """Requests in batches whose JSON stays under ``limit`` bytes (one batch when it fits)."""
    batches: list[list[dict[str, Any]]] = [[]]
    size = 0
    for request in requests:
        n = len(json.dumps(request, ensure_ascii=False).encode()) + 2
        if batches[-1] and size + n > limit:
            batches.append([])
            size = 0
        batches[-1].append(request)
        size += n
    return batches


def _cell(value: Any, fact: dict[str, Any]) -> tuple[Any, str]:
    if value == "" or value is None:
        return None, "empty"
    if fact.get("error"):
        return str(value), "error"
    if isinstance(value, bool):
        return value, "bool"
    if isinstance(value, int | float):
        if fact.get("type") in ("DATE", "DATE_TIME"):
            moment = EPOCH + dt.timedelta(days=float(value))
            if fact["type"] == "DATE" or moment.time() == dt.time():
                return moment.date().isoformat(), "date"
            return moment.isoformat(), "date"
        return value, "number"
    return str(value), "text"


def _serial(iso: str) -> float | int:
    moment = dt.datetime.fromisoformat(iso)
    days = (moment - EPOCH) / dt.timedelta(days=1)
    return int(days) if days.is_integer() else days


_NUMBER_FORMATS = {"date": {"type": "DATE", "pattern": "yyyy-mm-dd"}}


def _number_format(excel: str) -> dict[str, Any]:
    """A schema column's Excel number format as a Sheets ``numberFormat`` (none: General)."""
    if excel == "General":
        return {}
    if excel == "@":
        return {"type": "TEXT", "pattern": "@"}
    if "yy" in excel:
        return dict(_NUMBER_FORMATS["date"])
    return {"type": "NUMBER", "pattern": excel.replace("[Red]", "[RED]")}


def _style_format(style: str) -> dict[str, Any]:
    spec = OUTPUT_STYLES.get(style)
    fmt: dict[str, Any] = {}
    if spec is None:
        return fmt
    pattern = getattr(spec, "number_format", None)
    if style == "date":
        fmt["numberFormat"] = dict(_NUMBER_FORMATS["date"])
    elif style == "text":
        fmt["numberFormat"] = {"type": "TEXT", "pattern": "@"}
    elif pattern and pattern != "General":
        fmt["numberFormat"] = {"type": "NUMBER", "pattern": pattern.replace("[Red]", "[RED]")}
    if getattr(spec, "bold", False):
        fmt.setdefault("textFormat", {})["bold"] = True
    if getattr(spec, "font_color", None):
        fmt.setdefault("textFormat", {})["foregroundColor"] = _color(spec.font_color)
    if getattr(spec, "fill", None):
        fmt["backgroundColor"] = _color(spec.fill)
    return fmt


def _repeat(sheet_id: int, r0: int, r1: int, c0: int, c1: int, fmt: dict[str, Any]) -> dict[str, Any]:
    """One format over a block (``repeatCell``)."""
    fields = ",".join(f"userEnteredFormat.{k}" for k in fmt)
    return {"repeatCell": {"range": {"sheetId": sheet_id, "startRowIndex": r0, "endRowIndex": r1,
                                     "startColumnIndex": c0, "endColumnIndex": c1},
                           "cell": {"userEnteredFormat": fmt}, "fields": fields}}


def _chart(chart: dict[str, Any], chart_id: int, sheet_id: int, ids: dict[str, int]) -> dict[str, Any]:
    """An ``EmbeddedChart`` (basicChart) of an edit plan's chart (docs/edit-plan.md)."""

    def grid_range(ref: str, up: int = 0) -> dict[str, Any]:
        rng = a1.parse(ref)
        return {"sheetId": ids[rng.title] if rng.title in ids else sheet_id,
                "startRowIndex": (rng.r0 or 0) - up, "endRowIndex": rng.r1,
                "startColumnIndex": rng.c0, "endColumnIndex": rng.c1}

    # When each series' name sits just above its values (a header row over the table, as
    # on the Dashboard), the ranges take that row too and Sheets names the series from it.
    categories = a1.parse(chart["categories_ref"])
    header = 1 if chart["series"] and all(_just_above(s["name_ref"], s["values_ref"], categories)
                                          for s in chart["series"]) else 0
    series = [{"series": {"sourceRange": {"sources": [grid_range(s["values_ref"], header)]}},
               "targetAxis": "LEFT_AXIS",
               "colorStyle": {"rgbColor": _color("FF" + s["color"][-6:])}} for s in chart["series"]]
    c0, r0, c1, r1 = chart["anchor"]
    spec: dict[str, Any] = {
        "title": chart["title"],
        "basicChart": {
            "chartType": "COLUMN" if chart["kind"] == "column" else "LINE",
            "legendPosition": "BOTTOM_LEGEND", "headerCount": header,
            "axis": [{"position": "BOTTOM_AXIS"}, {"position": "LEFT_AXIS"}],
            "domains": [{"domain": {"sourceRange": {"sources": [grid_range(chart["categories_ref"], header)]}}}],
            "series": series}}
    if chart.get("subtitle"):
        spec["subtitle"] = chart["subtitle"]
    return {"chartId": chart_id, "spec": spec, "position": {"overlayPosition": {
        "anchorCell": {"sheetId": sheet_id, "rowIndex": r0, "columnIndex": c0},
        "widthPixels": (c1 - c0 + 1) * COLUMN_PX, "heightPixels": (r1 - r0 + 1) * ROW_PX}}}


def _just_above(name_ref: str, values_ref: str, categories: a1.A1) -> bool:
    """Whether the one cell ``name_ref`` is right above ``values_ref``, whose rows are the
    categories' rows."""
    name, values = a1.parse(name_ref), a1.parse(values_ref)
    return (name.title == values.title and name.c0 == values.c0 and name.r1 == values.r0
            and values.r0 == categories.r0 and values.r1 == categories.r1 and values.r0 is not None)


def _typed(value: Any, kind: str) -> dict[str, Any]:
    """An ExtendedValue as RAW would store it: text stays text, numbers are numbers once."""
    if kind == "number":
        number = float(value)
        return {"numberValue": int(number) if number.is_integer() and abs(number) < 2**53 else number}
    if kind == "date":
        return {"numberValue": _serial(str(value))}
    if kind == "bool":
        return {"boolValue": bool(value)}
    return {"stringValue": "" if value is None else str(value)}


class _Translator:
    """Edit-plan operations -> batchUpdate requests, for one :class:`GoogleSheetBook`."""

    def __init__(self, book: GoogleSheetBook) -> None:
        self.book = book
        self.ids = dict(book.sheet_ids)
        self.sizes: dict[str, tuple[int, int]] = {}  # grids this plan resized
        self.requests: list[dict[str, Any]] = []

    def translate(self, plan: EditPlan) -> list[dict[str, Any]]:
        for op in plan.operations:
            getattr(self, "_" + op["op"])(op)
        if self.requests and not self.book.bound:
            self._bind()
        return self.requests

    def _bind(self) -> None:
        if self.book.copied_from:  # a copy: drop the original's identity, take its own
            self.requests.append({"deleteDeveloperMetadata": {"dataFilter": {"developerMetadataLookup": {
                "metadataKey": BOUND_KEY}}}})
        self.requests.append({"createDeveloperMetadata": {"developerMetadata": {
            "metadataKey": BOUND_KEY, "metadataValue": self.book.file_id,
            "location": {"spreadsheet": True}, "visibility": "DOCUMENT"}}})

    def _tag(self, sheet: str, key: str, value: str) -> None:
        current = self.book.metadata.get(sheet, {}).get(key)
        if current == value:
            return
        if current is not None:
            self.requests.append({"deleteDeveloperMetadata": {"dataFilter": {"developerMetadataLookup": {
                "metadataKey": key, "metadataLocation": {"sheetId": self.ids[sheet]}}}}})
        self.requests.append({"createDeveloperMetadata": {"developerMetadata": {
            "metadataKey": key, "metadataValue": value, "location": {"sheetId": self.ids[sheet]},
            "visibility": "DOCUMENT"}}})
        self.book.metadata.setdefault(sheet, {})[key] = value

    def _add_sheet(self, op: dict[str, Any]) -> None:
        sheet_id = random.randrange(1, 2**31 - 1)
        while sheet_id in self.ids.values():
            sheet_id = random.randrange(1, 2**31 - 1)
        self.ids[op["sheet"]] = sheet_id
        hidden = op.get("state") in ("hidden", "veryHidden")
        props: dict[str, Any] = {"sheetId": sheet_id, "title": op["sheet"]}
        if hidden:
            props["hidden"] = True
        self.requests.append({"addSheet": {"properties": props}})
        if op.get("state") == "veryHidden":
            editors = {"users": [self.book.email]} if self.book.email else {}
            self.requests.append({"addProtectedRange": {"protectedRange": {
                "range": {"sheetId": sheet_id}, "description": "backoffice (hidden state)",
                "warningOnly": False, "editors": editors}}})

    def _grid_size(self, sheet: str) -> tuple[int, int]:
        if sheet in self.sizes:
            return self.sizes[sheet]
        for s in self.book.meta.get("sheets", []):
            if s["properties"]["title"] == sheet:
                g = s["properties"]["gridProperties"]
                return g["rowCount"], g["columnCount"]
        return 1000, 26

    def _write_output_sheet(self, op: dict[str, Any]) -> None:
        sheet_id = self.ids[op["sheet"]]
        rows, cols = self._grid_size(op["sheet"])
        height, width = len(op["values"]), len(op["columns"])
        new_rows, new_cols = max(rows, height + 1), max(cols, width)
        grid: dict[str, Any] = {"rowCount": new_rows, "columnCount": new_cols, "frozenRowCount": 1}
        self.requests.append({"updateSheetProperties": {"properties": {"sheetId": sheet_id, "gridProperties": grid},
                                                        "fields": "gridProperties(rowCount,columnCount,frozenRowCount)"}})
        self.requests.append({"updateCells": {"range": {"sheetId": sheet_id},
                                              "fields": "userEnteredValue,userEnteredFormat,note"}})
        styles = [c.get("style") or "text" for c in op["columns"]]
        links = {link["cell"]: link for link in op.get("links", [])}
        # Formats per column and for the header row (a few requests whatever the rows), values
        # per cell: the payload grows with the data only.
        for c, style in enumerate(styles):
            fmt = _style_format(style)
            if fmt and height > 1:
                self.requests.append(_repeat(sheet_id, 1, height, c, c + 1, fmt))
        header = _style_format("header")
        if header:
            self.requests.append(_repeat(sheet_id, 0, 1, 0, width, header))
        # The values go with the mask userEnteredValue only, so that the columns' formats set
        # above stay (a mask naming the number format would clear it in every cell not giving
        # one: a date column would read back as serial numbers). Dates in a column of another
        # style get their format in a request of that column's own.
        mixed = sorted({c for r, kinds in enumerate(op["kinds"]) if r
                        for c, kind in enumerate(kinds) if kind == "date" and styles[c] != "date"})
        out_rows = []
        for r, (row, kinds) in enumerate(zip(op["values"], op["kinds"], strict=True)):
            cells = []
            for c, (value, kind) in enumerate(zip(row, kinds, strict=True)):
                cell: dict[str, Any] = {}
                if kind != "empty":
                    ref = f"{a1.column_letters(c)}{r + 1}"
                    link = links.get(ref)
                    if link is not None and kind == "text":
                        cell["userEnteredValue"] = {"formulaValue": self._hyperlink(link["target"], str(value))}
                    else:
                        cell["userEnteredValue"] = _typed(value, kind)
                cells.append(cell)
            out_rows.append({"values": cells})
        self.requests.append({"updateCells": {"start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
                                              "rows": out_rows, "fields": "userEnteredValue"}})
        for c in mixed:
            own = _style_format(styles[c]).get("numberFormat")
            column = []
            for kinds in op["kinds"][1:]:
                fmt = _NUMBER_FORMATS["date"] if c < len(kinds) and kinds[c] == "date" else own
                column.append({"values": [{"userEnteredFormat": {"numberFormat": dict(fmt)}} if fmt else {}]})
            self.requests.append({"updateCells": {"start": {"sheetId": sheet_id, "rowIndex": 1, "columnIndex": c},
                                                  "rows": column, "fields": "userEnteredFormat.numberFormat"}})
        if op.get("filter"):
            self.requests.append({"setBasicFilter": {"filter": {"range": {
                "sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": height,
                "startColumnIndex": 0, "endColumnIndex": width}}}})
        self._tag(op["sheet"], OUTPUT_KEY, op["output"])
        if op.get("charts") is not None:
            self._charts(op["sheet"], sheet_id, op["charts"])

    def _charts(self, sheet: str, sheet_id: int, charts: list[dict[str, Any]]) -> None:
        """Replace the charts backoffice drew on ``sheet`` by ``charts`` (the user's stay)."""
        try:
            ours = set(json.loads(self.book.metadata.get(sheet, {}).get(CHARTS_KEY) or "[]"))
        except ValueError:
            ours = set()
        present = self.book.chart_ids.get(sheet, set())
        for chart_id in sorted(ours & present):  # one the user deleted is gone already
            self.requests.append({"deleteEmbeddedObject": {"objectId": chart_id}})
        taken = set().union(*self.book.chart_ids.values()) if self.book.chart_ids else set()
        drawn = []
        for chart in charts:
            chart_id = random.randrange(1, 2**31 - 1)
            while chart_id in taken:
                chart_id = random.randrange(1, 2**31 - 1)
            taken.add(chart_id)
            drawn.append(chart_id)
            self.requests.append({"addChart": {"chart": _chart(chart, chart_id, sheet_id, self.ids)}})
        if ours or drawn:
            self._tag(sheet, CHARTS_KEY, json.dumps(drawn))

    def _hyperlink(self, target: str, text: str) -> str:
        title, _, cell = target.rpartition("!")
        if title.startswith("'") and title.endswith("'"):
            title = title[1:-1].replace("''", "'")
        gid = self.ids.get(title, 0)
        label = text.replace('"', '""')
        return f'=HYPERLINK("#gid={gid}&range={cell.replace("$", "")}","{label}")'

    def _mark_cells(self, op: dict[str, Any]) -> None:
        sheet = op["sheet"]
        sheet_id = self.ids[sheet]
        for r, c in self.book.highlighted.get(sheet, []):
            self.requests.append({"repeatCell": {
                "range": {"sheetId": sheet_id, "startRowIndex": r, "endRowIndex": r + 1,
                          "startColumnIndex": c, "endColumnIndex": c + 1},
                "cell": {}, "fields": "userEnteredFormat.backgroundColor,userEnteredFormat.textFormat.foregroundColor"}})
        for r, c in self.book.our_notes.get(sheet, []):
            self.requests.append({"updateCells": {
                "range": {"sheetId": sheet_id, "startRowIndex": r, "endRowIndex": r + 1,
                          "startColumnIndex": c, "endColumnIndex": c + 1},
                "rows": [{"values": [{}]}], "fields": "note"}})
        fill, font = _color(HIGHLIGHT_FILL), _color(HIGHLIGHT_FONT)
        for mark in op["marks"]:
            rng = a1.parse(mark["cell"])
            cell: dict[str, Any] = {"userEnteredFormat": {"backgroundColor": fill,
                                                          "textFormat": {"foregroundColor": font}}}
            fields = "userEnteredFormat.backgroundColor,userEnteredFormat.textFormat.foregroundColor"
            if mark.get("note"):
                cell["note"] = mark["note"]
                fields += ",note"
            self.requests.append({"updateCells": {
                "range": {"sheetId": sheet_id, "startRowIndex": rng.r0, "endRowIndex": rng.r0 + 1,
                          "startColumnIndex": rng.c0, "endColumnIndex": rng.c0 + 1},
                "rows": [{"values": [cell]}], "fields": fields}})
        self._tag(sheet, MARKED_KEY, "1" if op["marks"] else "0")

    def _write_rows(self, op: dict[str, Any]) -> None:
        sheet = op["sheet"]
        sheet_id = self.ids[sheet]
        rows, cols = self._grid_size(sheet)
        last = max((entry["row"] for entry in op["rows"]), default=0)
        width = max([cols] + [a1.column_number(k) + 1 for e in op["rows"] for k in e["cells"]])
        if last > rows or width > cols:
            self.requests.append({"updateSheetProperties": {"properties": {
                "sheetId": sheet_id, "gridProperties": {"rowCount": max(rows, last), "columnCount": width}},
                "fields": "gridProperties(rowCount,columnCount)"}})
        for entry in op["rows"]:
            r = entry["row"] - 1
            values: list[dict[str, Any]] = [{} for _ in range(width)]
            for letter, cell in entry["cells"].items():
                values[a1.column_number(letter)] = {"userEnteredValue": _typed(cell["value"], cell["kind"])}
            self.requests.append({"updateCells": {
                "range": {"sheetId": sheet_id, "startRowIndex": r, "endRowIndex": r + 1,
                          "startColumnIndex": 0, "endColumnIndex": width},
                "rows": [{"values": values}], "fields": "userEnteredValue"}})
            for letter, cell in entry["cells"].items():
                if cell["kind"] == "date":
                    c = a1.column_number(letter)
                    self.requests.append({"repeatCell": {
                        "range": {"sheetId": sheet_id, "startRowIndex": r, "endRowIndex": r + 1,
                                  "startColumnIndex": c, "endColumnIndex": c + 1},
                        "cell": {"userEnteredFormat": {"numberFormat": dict(_NUMBER_FORMATS["date"])}},
                        "fields": "userEnteredFormat.numberFormat"}})

    def _set_cells(self, op: dict[str, Any]) -> None:
        """Sync's cells inside existing rows (docs/edit-plan.md ``set_cells``): each column's
        run of consecutive rows is one ``updateCells`` of that block, values only, so the
        cells beside them (a formula included) stay as they are; an empty cell is cleared."""
        sheet = op["sheet"]
        sheet_id = self.ids[sheet]
        columns: dict[int, dict[int, dict[str, Any]]] = {}
        for entry in op["rows"]:
            for letter, cell in entry["cells"].items():
                columns.setdefault(a1.column_number(letter), {})[entry["row"] - 1] = cell
        if not columns:
            return
        self._widen(sheet, max(columns) + 1)
        for c, cells in sorted(columns.items()):
            rows = sorted(cells)
            for run in consecutive_runs(rows):
                values = [{"values": [{} if cells[r]["kind"] == "empty" else
                                      {"userEnteredValue": _typed(cells[r]["value"], cells[r]["kind"])}]}
                          for r in run]
                self.requests.append({"updateCells": {
                    "range": {"sheetId": sheet_id, "startRowIndex": run[0], "endRowIndex": run[-1] + 1,
                              "startColumnIndex": c, "endColumnIndex": c + 1},
                    "rows": values, "fields": "userEnteredValue"}})
            for r in rows:
                if cells[r]["kind"] == "date":
                    self.requests.append({"repeatCell": {
                        "range": {"sheetId": sheet_id, "startRowIndex": r, "endRowIndex": r + 1,
                                  "startColumnIndex": c, "endColumnIndex": c + 1},
                        "cell": {"userEnteredFormat": {"numberFormat": dict(_NUMBER_FORMATS["date"])}},
                        "fields": "userEnteredFormat.numberFormat"}})

    # -- Upgrade: new columns, new input sheets, validations ----------------------------------------
    def _widen(self, sheet: str, width: int) -> None:
        """Grow the sheet's grid to ``width`` columns when it has fewer (Sheets refuses a
        range beyond the grid)."""
        rows, cols = self._grid_size(sheet)
        if width > cols:
            self.requests.append({"updateSheetProperties": {"properties": {
                "sheetId": self.ids[sheet], "gridProperties": {"rowCount": rows, "columnCount": width}},
                "fields": "gridProperties(rowCount,columnCount)"}})
            self.sizes[sheet] = (rows, width)

    def _add_columns(self, op: dict[str, Any]) -> None:
        sheet = op["sheet"]
        sheet_id = self.ids[sheet]
        r = op["header_row"] - 1
        width = max([a1.column_number(k) + 1 for k in op["headers"]]
                    + [(a1.parse(v["range"]).c0 or 0) + 1 for v in op["validations"]], default=0)
        self._widen(sheet, width)
        # The header cell at the left's format is not read; the header style stands in for it
        # (the same style ``new --gsheet`` lays and output sheets carry).
        header = _style_format("header")
        for letter, text in op["headers"].items():
            c = a1.column_number(letter)
            self.requests.append({"updateCells": {
                "range": {"sheetId": sheet_id, "startRowIndex": r, "endRowIndex": r + 1,
                          "startColumnIndex": c, "endColumnIndex": c + 1},
                "rows": [{"values": [{"userEnteredValue": {"stringValue": text}, "userEnteredFormat": header}]}],
                "fields": "userEnteredValue,userEnteredFormat"}})
        self._validations(sheet, op["validations"])

    def _write_input_sheet(self, op: dict[str, Any]) -> None:
        sheet = op["sheet"]
        sheet_id = self.ids[sheet]
        r = op["header_row"] - 1
        columns = op["columns"]
        width = max((a1.column_number(c["letter"]) + 1 for c in columns), default=1)
        self._widen(sheet, width)
        frozen = a1.parse(op["frozen"]) if op.get("frozen") else None
        grid: dict[str, Any] = {"frozenRowCount": frozen.r0 if frozen else 0,
                                "frozenColumnCount": frozen.c0 if frozen else 0}
        self.requests.append({"updateSheetProperties": {"properties": {"sheetId": sheet_id, "gridProperties": grid},
                                                        "fields": "gridProperties(frozenRowCount,frozenColumnCount)"}})
        header = _style_format("header")
        for column in columns:
            c = a1.column_number(column["letter"])
            fmt = _number_format(column.get("number_format") or "General")
            if fmt:  # the cells the user will type, below the header, to the grid's end
                self.requests.append({"repeatCell": {
                    "range": {"sheetId": sheet_id, "startRowIndex": r + 1, "startColumnIndex": c, "endColumnIndex": c + 1},
                    "cell": {"userEnteredFormat": {"numberFormat": fmt}}, "fields": "userEnteredFormat.numberFormat"}})
            if column.get("width"):  # Excel's width in characters, as pixels (about 7 a character)
                self.requests.append({"updateDimensionProperties": {
                    "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": c, "endIndex": c + 1},
                    "properties": {"pixelSize": round(float(column["width"]) * 7 + 5)}, "fields": "pixelSize"}})
            self.requests.append({"updateCells": {
                "range": {"sheetId": sheet_id, "startRowIndex": r, "endRowIndex": r + 1,
                          "startColumnIndex": c, "endColumnIndex": c + 1},
                "rows": [{"values": [{"userEnteredValue": {"stringValue": column["header"]},
                                      "userEnteredFormat": header}]}],
                "fields": "userEnteredValue,userEnteredFormat"}})
        self._validations(sheet, op.get("validations", []))

    def _validations(self, sheet: str, validations: list[dict[str, Any]]) -> None:
        """``setDataValidation`` per validation of the plan (docs/edit-plan.md, ``add_columns``);
        a range reaching Excel's last row runs to the end of the sheet's grid."""
        rows, _cols = self._grid_size(sheet)
        for v in validations:
            rng = a1.parse(v["range"])
            grid: dict[str, Any] = {"sheetId": self.ids[sheet], "startRowIndex": rng.r0 or 0,
                                    "startColumnIndex": rng.c0 or 0}
            if rng.r1 is not None and rng.r1 <= rows:
                grid["endRowIndex"] = rng.r1
            grid["endColumnIndex"] = rng.c1 if rng.c1 is not None else (rng.c0 or 0) + 1
            prompt = v.get("prompt") or ""
            if v["type"] == "list":
                rule = {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": str(c)} for c in v["choices"]]},
                        "inputMessage": prompt[:255], "strict": False, "showCustomUi": True}
            elif v["type"] == "locked":  # Sheets shows no custom refusal: the reason joins the message
                message = f"{prompt}\n{v.get('error') or ''}".strip()
                rule = {"condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": "=FALSE"}]},
                        "inputMessage": message[:255], "strict": True}
            else:  # message: Sheets needs a condition; one that always holds, never refusing
                rule = {"condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": "=TRUE"}]},
                        "inputMessage": prompt[:255], "strict": False}
            self.requests.append({"setDataValidation": {"range": grid, "rule": rule}})

    def _rename_sheet(self, op: dict[str, Any]) -> None:
        """The sheet's title, in the same batchUpdate as the rest (all or nothing): Sheets
        renames the references in formulas, and our links name sheets by id (``#gid=``).
        From here on the plan's operations name the sheet by its new title."""
        old, new = op["sheet"], op["name"]
        sheet_id = self.ids.pop(old)
        self.sizes[new] = self._grid_size(old)
        self.ids[new] = sheet_id
        for held in (self.book.metadata, self.book.highlighted, self.book.our_notes):
            if old in held:  # what was read under the old title (kept: a plan may be translated again)
                held[new] = held[old]
        self.requests.append({"updateSheetProperties": {"properties": {
            "sheetId": sheet_id, "title": new}, "fields": "title"}})

    def _set_state(self, op: dict[str, Any]) -> None:
        self.requests.append({"updateSheetProperties": {"properties": {
            "sheetId": self.ids[op["sheet"]], "hidden": op["state"] != "visible"}, "fields": "hidden"}})

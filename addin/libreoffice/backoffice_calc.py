"""The Back office / Kantor belakang menu of LibreOffice Calc (runs INSIDE LibreOffice).

This file is the Python of the .oxt extension. LibreOffice on Windows and macOS
bundles its own Python (3.8 at the oldest supported), so it uses only the
standard library of Python 3.8 and UNO, and never imports backoffice: it reads
the open document's sheets in a few batch UNO calls into a grid (docs/edit-plan.md),
hands the grid to the backoffice worker (backoffice's own Python, found from the
per-user configuration written by ``backoffice addin libreoffice --configure``),
and applies the edit plan the worker returns as ONE undo step, undone again when
any operation fails. It never saves, reloads or closes the document.

Each menu function takes the document as an optional first argument, because
``XSCRIPTCONTEXT.getDocument()`` is None for a hidden document (and a script
called with a document returns its outcome as JSON instead of showing a box).
"""

import datetime
import hashlib
import json
import os
import socket
import subprocess
import sys
import time

#: The plan versions this client implements.
PLAN_FORMAT = "backoffice-edit-plan"
PLAN_VERSIONS = (1,)
#: Backoffice's hidden state: sheets and names starting with this.
PREFIX = "_backoffice_"
OUTPUT_NAME = "_backoffice_output"
MARKED_NAME = "_backoffice_marked"
HIGHLIGHT_MARKER = "backoffice-mark"
HIGHLIGHT_FORMULA = 'ISTEXT("backoffice-mark")'
LEGACY_NOTE_START = "backoffice:\n"
#: How long a worker may take to start (backoffice imports polars).
START_SECONDS = 60
#: com.sun.star.util.NumberFormat's DATE (also set in DATETIME) and LOGICAL bits.
_DATE, _LOGICAL = 2, 1024
#: CellFlags VALUE | DATETIME | STRING | FORMULA: a cell's content, not its format.
_CONTENTS = 1 | 2 | 4 | 16
#: CellFlags: everything but drawing objects (a chart the user placed stays).
_CLEAR_ALL_BUT_OBJECTS = 1023 & ~128
#: The name of every chart backoffice draws (backoffice.books.charts.OWNED_PREFIX: the
#: CLI names its anchors so too, and LibreOffice keeps the name through .xlsx), so a later
#: Post replaces exactly its own charts and leaves the user's alone.
CHART_PREFIX = "backoffice chart"

#: The menu's actions, as the worker names them.
ACTIONS = ("check", "post", "payroll", "stock", "sync")

_WORDS = {
    "check": ("Check", "Periksa"),
    "post": ("Post", "Posting"),
    "payroll": ("Run payroll", "Jalankan penggajian"),
    "stock": ("Stock and reorder", "Stok dan pemesanan ulang"),
    "sync": ("Sync", "Sinkronkan"),
    "no_config": (
        "Back office is not set up for LibreOffice: install backoffice, then run "
        "`backoffice addin libreoffice --configure`.",
        "Back office belum disiapkan untuk LibreOffice: pasang backoffice, lalu jalankan "
        "`backoffice addin libreoffice --configure`."),
    "no_start": (
        "The backoffice worker did not start ({detail}): install backoffice, then run "
        "`backoffice addin libreoffice --configure`.",
        "Worker backoffice tidak mau berjalan ({detail}): pasang backoffice, lalu jalankan "
        "`backoffice addin libreoffice --configure`."),
    "stale": (
        "The sheet changed while {action} ran ({sheets}): nothing was written; click again.",
        "Sheet berubah selama {action} berjalan ({sheets}): tidak ada yang ditulis; klik lagi."),
    "stale_sync": (
        "The sheet changed while Sync ran ({sheets}): the store has this book's changes, the "
        "book not yet what Sync brought; click Sync again (nothing is sent twice).",
        "Sheet berubah selama Sinkronkan berjalan ({sheets}): store sudah menerima perubahan "
        "buku ini, buku belum menerima hasil Sinkronkan; klik Sinkronkan lagi (tidak ada yang "
        "dikirim dua kali)."),
    "failed": (
        "{action} could not write into the book ({detail}): every change was undone.",
        "{action} tidak dapat menulis ke buku ({detail}): semua perubahan dibatalkan."),
    "ods": (
        "This book is an .ods file: Back office keeps its marks and hidden state only in .xlsx. "
        "Save it as .xlsx (File > Save As, Excel 2007-365), then click again.",
        "Buku ini berkas .ods: Back office menyimpan tanda dan keadaan tersembunyinya hanya "
        "di .xlsx. Simpan sebagai .xlsx (Berkas > Simpan Sebagai, Excel 2007-365), lalu klik lagi."),
    "plan_version": (
        "This Back office extension is older than backoffice (plan {version}): build and "
        "install it again with `backoffice addin libreoffice`.",
        "Ekstensi Back office ini lebih lama dari backoffice (rencana {version}): buat dan "
        "pasang lagi dengan `backoffice addin libreoffice`."),
    "ask_month": (
        "Month to run payroll for, as YYYY-MM (for example 2026-03). Leave it empty for the "
        "latest month with pay data in the book. A draft: finalizing and posting stay on "
        "the command line.",
        "Bulan penggajian, sebagai YYYY-MM (misalnya 2026-03). Kosongkan untuk bulan terakhir "
        "dengan data gaji di buku. Draf: finalisasi dan posting tetap lewat baris perintah."),
    "cancel": ("Cancel", "Batal"),
    "cancelled": ("{action} was stopped: nothing was written into the book.",
                  "{action} dihentikan: tidak ada yang ditulis ke buku."),
    "writing": ("writing into the book", "menulis ke buku"),
    "busy": ("Back office is still running {action}: wait for it to finish, or press Cancel "
             "in its window.",
             "Back office masih menjalankan {action}: tunggu sampai selesai, atau tekan Batal "
             "di jendelanya."),
    "working": ("Back office is working: {step}", "Back office sedang bekerja: {step}"),
    "not_calc": ("Back office works on a Calc spreadsheet.",
                 "Back office bekerja pada lembar kerja Calc."),
}


def _word(key, lang, **values):
    en, id_ = _WORDS[key]
    return (id_ if lang == "id" else en).format(**values)


def _both(key, **values):
    en, id_ = _WORDS[key]
    return {"en": en.format(**values), "id": id_.format(**values)}


# -- the per-user configuration (the same places backoffice.addin.config writes) ------------
def config_dir():
    """Where backoffice keeps its per-user add-in configuration and the worker's secret."""
    if os.environ.get("BACKOFFICE_CONFIG_DIR"):
        return os.environ["BACKOFFICE_CONFIG_DIR"]
    if sys.platform.startswith("win"):
        return os.path.join(os.environ.get("APPDATA") or os.path.expanduser("~"), "backoffice")
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/Application Support/backoffice")
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
    return os.path.join(base, "backoffice")


def _read_json(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


class AddinError(Exception):
    """A failure to tell the person: ``lines`` is {"en": ..., "id": ...}."""

    def __init__(self, lines, exit_code=2):
        Exception.__init__(self, lines["en"])
        self.lines = lines
        self.exit_code = exit_code


# -- the worker -----------------------------------------------------------------------------
def _ask(endpoint, request, timeout, progress=None, idle=None, meanwhile=None):
    """Send one request (one JSON line) and read the one-line JSON answer.

    With ``progress``, the worker says each step first (a line ``{"progress": {...}}``)
    and waits: ``progress(step)`` returning False answers cancel, else go on. ``idle`` is
    called about five times a second while the worker computes (LibreOffice's window
    stays alive and its Cancel button can be pressed); ``meanwhile`` once, right after the
    request is sent (work that need not wait for the answer)."""
    with socket.create_connection(("127.0.0.1", int(endpoint["port"])), timeout=timeout) as conn:
        data = dict(request, secret=endpoint["secret"])
        if progress is not None:
            data["progress"] = True
        conn.sendall(json.dumps(data, ensure_ascii=True).encode("ascii") + b"\n")
        if meanwhile is not None:
            meanwhile()
        if idle is not None:
            conn.settimeout(0.2)
        deadline = time.monotonic() + timeout
        buffer = b""
        while True:
            while b"\n" not in buffer:
                try:
                    chunk = conn.recv(1 << 20)
                except socket.timeout:  # noqa: UP041  (Python 3.8: not TimeoutError yet)
                    if time.monotonic() > deadline:
                        raise
                    idle()
                    continue
                if not chunk:
                    break
                buffer += chunk
            line, _, buffer = buffer.partition(b"\n")
            answer = json.loads(line.decode("utf-8"))
            if progress is None or "progress" not in answer:
                break
            go = progress(answer["progress"]) is not False
            conn.sendall(b'{"go": true}\n' if go else b'{"cancel": true}\n')
    if answer.get("error") == "secret":
        raise ConnectionRefusedError("the worker refused the secret")
    return answer


def _start_worker(folder, idle=None):
    """Start the configured worker command; wait until it has written its endpoint
    (calling ``idle`` meanwhile: backoffice's imports take seconds)."""
    config = _read_json(os.path.join(folder, "addin.json"))
    if not config or not config.get("command"):
        raise AddinError(_both("no_config"))
    # backoffice's Python must not inherit LibreOffice's own Python settings.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["BACKOFFICE_CONFIG_DIR"] = folder
    log_path = os.path.join(folder, "worker.log")
    try:
        with open(log_path, "wb") as log:
            process = subprocess.Popen(config["command"], stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=log, env=env,
                                       **_detached())
        _STARTED.append(process)  # it outlives the click: keep it from the collector
    except OSError as exc:
        raise AddinError(_both("no_start", detail=str(exc))) from exc
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        endpoint = _read_json(os.path.join(folder, "worker.json"))
        if endpoint and endpoint.get("pid") == process.pid:
            return endpoint
        if process.poll() is not None:
            with open(log_path, "rb") as log:
                detail = log.read().decode("utf-8", "replace").strip()
            raise AddinError(_both("no_start", detail=detail.splitlines()[-1] if detail
                                   else f"exit code {process.returncode}"))
        time.sleep(0.1)
        if idle is not None:
            idle()
    raise AddinError(_both("no_start", detail=f"no answer in {START_SECONDS} s"))


_STARTED = []


def _detached():
    if sys.platform.startswith("win"):
        return {"creationflags": 0x00000008 | 0x00000200}  # DETACHED, NEW_PROCESS_GROUP
    return {"start_new_session": True}


def call_worker(request, timeout=600, progress=None, idle=None, meanwhile=None):
    """The worker's answer to ``request``; starts the worker when none answers. (With
    ``progress``, ``idle`` and ``meanwhile``, see :func:`_ask`.)"""
    folder = config_dir()
    endpoint = _read_json(os.path.join(folder, "worker.json"))
    if endpoint:
        try:
            return _ask(endpoint, request, timeout, progress, idle, meanwhile)
        except (OSError, ValueError):
            pass  # gone, or an old secret: start a new one
    return _ask(_start_worker(folder, idle), request, timeout, progress, idle, meanwhile)


# -- reading the document -------------------------------------------------------------------
def _null_date(doc):
    null = doc.NullDate
    return datetime.datetime(null.Year, null.Month, null.Day)


def _iso(serial, epoch):
    moment = epoch + datetime.timedelta(days=serial)
    moment = moment.replace(microsecond=0) if moment.microsecond < 500000 else \
        (moment + datetime.timedelta(seconds=1)).replace(microsecond=0)
    return moment.date().isoformat() if moment.time() == datetime.time(0) else moment.isoformat()


def _format_kinds(doc, rng):
    """[(range address, "date" | "bool")] of the cells whose number format is a date or a
    boolean. ``getUniqueCellFormatRanges`` gives one group of ranges per distinct format,
    so the calls grow with the formats, not the rows (``getCellFormatRanges`` by index is
    quadratic in LibreOffice 7.4: 23 s for a 20,000-row journal)."""
    formats = doc.NumberFormats
    found = []
    cache = {}
    groups = rng.getUniqueCellFormatRanges()
    for i in range(groups.getCount()):
        group = groups.getByIndex(i)
        key = group.NumberFormat
        if key not in cache:
            kind = formats.getByKey(key).Type
            cache[key] = "date" if kind & _DATE else "bool" if kind & _LOGICAL else None
        if cache[key]:
            found.extend((address, cache[key]) for address in group.getRangeAddresses())
    return found


def read_sheet(doc, sheet):
    """One sheet as the grid has it: values, kinds, state, output, marked, notes."""
    from com.sun.star.sheet.FormulaResult import ERROR
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress()
    rng = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow)
    data = rng.getDataArray()
    values = [list(row) for row in data]
    kinds = [["empty" if v == "" else "text" if isinstance(v, str) else "number" for v in row]
             for row in data]
    for row in values:
        for c, v in enumerate(row):
            if v == "":
                row[c] = None
    if any(k == "number" for row in kinds for k in row):
        epoch = _null_date(doc)
        # numbers typed by their format: dates and booleans (formula results included)
        for address, kind in _format_kinds(doc, rng):
            for r in range(address.StartRow, address.EndRow + 1):
                for c in range(address.StartColumn, address.EndColumn + 1):
                    if r < len(kinds) and c < len(kinds[r]) and kinds[r][c] == "number":
                        if kind == "date":
                            values[r][c] = _iso(values[r][c], epoch)
                        else:
                            values[r][c] = bool(values[r][c])
                        kinds[r][c] = kind
    try:
        errors = rng.queryFormulaCells(ERROR).getRangeAddresses()
    except Exception:  # noqa: BLE001  (no formula cells at all)
        errors = ()
    for a in errors:
        for r in range(a.StartRow, a.EndRow + 1):
            for c in range(a.StartColumn, a.EndColumn + 1):
                values[r][c] = sheet.getCellByPosition(c, r).getString() or "#VALUE!"
                kinds[r][c] = "error"
    names = sheet.NamedRanges
    output = None
    if names.hasByName(OUTPUT_NAME):
        output = names.getByName(OUTPUT_NAME).getContent().strip('"')
    notes = {}
    annotations = sheet.Annotations
    for i in range(annotations.getCount()):
        note = annotations.getByIndex(i)
        pos = note.getPosition()
        notes[_ref(pos.Column, pos.Row)] = note.getString()
    state = "visible" if sheet.IsVisible else (
        # LibreOffice has no "very hidden"; our hidden state is very hidden in the file.
        "veryHidden" if sheet.Name.startswith(PREFIX) else "hidden")
    return {"values": values, "kinds": kinds, "state": state, "output": output,
            "marked": names.hasByName(MARKED_NAME), "notes": notes,
            "formulas": _formula_cells(rng)}


def _formula_cells(rng):
    """The cells holding a formula (one call): Sync never writes a colleague's change over
    one, and a calculated formula is read as its result, so only this list tells."""
    try:
        found = rng.queryContentCells(_FORMULA_CELLS).getRangeAddresses()
    except Exception:  # noqa: BLE001  (no formula cells at all)
        return []
    return [_ref(c, r) for a in found for r in range(a.StartRow, a.EndRow + 1)
            for c in range(a.StartColumn, a.EndColumn + 1)]


_FORMULA_CELLS = 16  # com.sun.star.sheet.CellFlags.FORMULA


def read_grid(doc, only=None):
    """The document's grid (every sheet in tab order, or those of ``only``)."""
    grid = {}
    sheets = doc.Sheets
    for name in sheets.getElementNames():
        if only is None or name in only:
            grid[name] = read_sheet(doc, sheets.getByName(name))
    return grid


def _letters(column):
    text = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        text = chr(65 + rest) + text
    return text


def _ref(column, row):
    return f"{_letters(column)}{row + 1}"


def _split(ref):
    ref = ref.replace("$", "")
    letters = ref.rstrip("0123456789")
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch.upper()) - 64
    return column - 1, int(ref[len(letters):]) - 1


# -- staleness: the same fingerprint as backoffice.books.grid.fingerprint --------------------
def fingerprint(spec):
    """SHA-256 of a grid sheet's state and cells, exactly as backoffice computes it (the
    same canonical JSON, built without a call per cell: every sheet the plan read is
    fingerprinted again before the plan is applied)."""
    if spec is None:
        return None
    rows = []
    all_values = spec["values"]
    for r, kinds in enumerate(spec["kinds"]):
        values = all_values[r] if r < len(all_values) else ()
        count = len(values)
        end = len(kinds)
        while end and kinds[end - 1] == "empty":
            end -= 1
        cells = []
        for c in range(end):
            kind = kinds[c]
            if kind == "empty":
                cells.append([None, "empty"])
            else:
                cells.append([values[c] if c < count else None, kind])
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    text = json.dumps({"cells": rows, "state": spec.get("state") or "visible"},
                      ensure_ascii=False, separators=(",", ":"))  # keys in sorted order
    return hashlib.sha256(text.encode()).hexdigest()


def stale_sheets(plan, grid, sent=None, sent_prints=None):
    """The sheets of ``grid`` (read again) that differ from what ``plan`` was made from.

    ``sent`` (the grid the worker was given) and ``sent_prints`` (its fingerprints, made
    while the worker worked): a sheet read again exactly as it was sent keeps the sent
    fingerprint (a list comparison instead of a second fingerprint on the way to writing)."""
    changed = []
    for sheet, seen in sorted(plan.get("read", {}).items()):
        now = grid.get(sheet)
        if sent_prints and sheet in sent_prints and now is not None and now == sent.get(sheet):
            mine = sent_prints[sheet]
        else:
            mine = fingerprint(now)
        if mine != seen:
            changed.append(sheet)
    return changed


# -- applying the plan ----------------------------------------------------------------------
def _fill(sheet, left, top, rows, before):
    """Set ``rows`` at (left, top) so that LibreOffice can undo it: undoing setDataArray
    does not empty a cell that was empty before (7.4), undoing a single cell's input does.
    So cells empty in ``before`` (the old DataArray there) are set one by one."""
    fresh = []
    array = []
    for r, row in enumerate(rows):
        old = before[r] if r < len(before) else ()
        line = list(row)
        for c, value in enumerate(row):
            if value != "" and (c >= len(old) or old[c] == ""):
                fresh.append((c, r, value))
                line[c] = ""
        array.append(tuple(line))
    if len(fresh) < sum(len(row) for row in rows):
        width = max(len(row) for row in rows)
        sheet.getCellRangeByPosition(left, top, left + width - 1, top + len(rows) - 1
                                     ).setDataArray(tuple(array))
    for c, r, value in fresh:
        cell = sheet.getCellByPosition(left + c, top + r)
        if isinstance(value, str):
            cell.setString(value)
        else:
            cell.setValue(value)


def _range_address(doc, ref):
    """The CellRangeAddress of ``'Sheet'!$B$2:$B$13`` (or of one cell)."""
    from com.sun.star.table import CellRangeAddress
    where, _, cells = ref.rpartition("!")
    if where.startswith("'") and where.endswith("'"):
        where = where[1:-1].replace("''", "'")
    first, _, last = cells.partition(":")
    left, top = _split(first)
    right, bottom = _split(last or first)
    index = list(doc.Sheets.getElementNames()).index(where)
    return CellRangeAddress(index, left, top, right, bottom)


def _chart_shapes(sheet):
    """The sheet's charts as (drawing shape, the name ``getCharts()`` knows it by)."""
    found = []
    page = sheet.getDrawPage()
    for index in range(page.getCount()):
        shape = page.getByIndex(index)
        if shape.getShapeType() == "com.sun.star.drawing.OLE2Shape":
            found.append((shape, shape.PersistName))
    return found


def _add_chart(doc, sheet, name, chart):
    """Draw one edit-plan chart (docs/edit-plan.md) on ``sheet`` as ``name``: the
    categories' range and each series' values; when every series' name is the cell just
    above its values (the Dashboard's header row), the ranges take that row and LibreOffice
    names the series from it. Then the type (column or line), title and colours."""
    from com.sun.star.awt import Rectangle
    categories = _range_address(doc, chart["categories_ref"])
    values = [_range_address(doc, s["values_ref"]) for s in chart["series"]]
    names = [_range_address(doc, s["name_ref"]) for s in chart["series"]]
    header = bool(values) and all(
        n.Sheet == v.Sheet and n.StartColumn == v.StartColumn and n.EndColumn == v.StartColumn
        and n.StartRow == n.EndRow == v.StartRow - 1 and v.StartRow == categories.StartRow
        and v.EndRow == categories.EndRow for n, v in zip(names, values, strict=True))
    ranges = []
    for address in [categories] + values:
        if header:
            address.StartRow -= 1
        ranges.append(address)
    c0, r0, c1, r1 = chart["anchor"]
    start = sheet.getCellByPosition(c0, r0).Position
    end = sheet.getCellByPosition(c1, r1).Position
    rect = Rectangle(start.X, start.Y, max(end.X - start.X, 1000), max(end.Y - start.Y, 1000))
    sheet.getCharts().addNewByName(name, rect, tuple(ranges), header, True)
    for shape, persist in _chart_shapes(sheet):
        if persist == name:
            shape.Name = name  # saved as the .xlsx anchor's name: the CLI's Post knows it
    model = sheet.getCharts().getByName(name).getEmbeddedObject()
    kind = "com.sun.star.chart.LineDiagram" if chart["kind"] == "line" \
        else "com.sun.star.chart.BarDiagram"
    model.setDiagram(model.createInstance(kind))
    if chart["kind"] == "line":
        model.getDiagram().SymbolType = -3  # chart.ChartSymbolType.AUTO: a marker per point
    model.HasMainTitle = True
    model.getTitle().String = chart["title"]
    if chart.get("subtitle"):
        model.HasSubTitle = True
        model.getSubTitle().String = chart["subtitle"]
    model.HasLegend = True
    model.getLegend().Alignment = 3  # chart.ChartLegendPosition.BOTTOM
    for index, series in enumerate(chart["series"]):
        if series.get("color"):
            model.getDiagram().getDataRowProperties(index).setPropertyValue(
                "Color", _argb(series["color"]))


def _argb(text):
    return int(text[-6:], 16)


class _Applier:
    """Applies a plan's operations to the document, in order."""

    def __init__(self, doc, plan):
        self.doc = doc
        self.plan = plan
        self.epoch = _null_date(doc)
        self.formats = {}
        self.skipped = []
        self.added = set()  # sheets added inside the undo step
        self.drawn = set()  # sheets whose charts were drawn before the undo step

    def run(self):
        for op in self.plan["operations"]:
            getattr(self, "op_" + op["op"])(op)

    def sheet(self, name):
        return self.doc.Sheets.getByName(name)

    def number_format(self, code):
        if code not in self.formats:
            from com.sun.star.lang import Locale
            formats = self.doc.NumberFormats
            locale = Locale("en", "US", "")
            key = formats.queryKey(code, locale, False)
            if key == -1:
                key = formats.addNew(code, locale)
            self.formats[code] = key
        return self.formats[code]

    def cell_value(self, value, kind):
        if kind == "empty" or value is None:
            return ""
        if kind == "number":
            return float(value)  # exact decimal text, converted once
        if kind == "date":
            moment = datetime.datetime.fromisoformat(str(value))
            return (moment - self.epoch) / datetime.timedelta(days=1)
        if kind == "bool":
            return 1.0 if value else 0.0
        return str(value)

    def set_name(self, sheet, index, name, content):
        from com.sun.star.table import CellAddress
        names = sheet.NamedRanges
        if names.hasByName(name):
            names.removeByName(name)
        if content is not None:
            names.addNewByName(name, content, CellAddress(index, 0, 0), 0)

    def index_of(self, name):
        return list(self.doc.Sheets.getElementNames()).index(name)

    # -- operations
    def op_add_sheet(self, op):
        sheets = self.doc.Sheets
        sheets.insertNewByName(op["sheet"], sheets.getCount())
        self.added.add(op["sheet"])
        if op.get("state", "visible") != "visible":
            self.sheet(op["sheet"]).IsVisible = False

    def op_set_state(self, op):
        self.sheet(op["sheet"]).IsVisible = op["state"] == "visible"

    def op_rename_sheet(self, op):
        """The sheet takes its new name (XNamed.setName), as when its user renames the tab:
        LibreOffice renames the references to it, and the undo step gives the old one back."""
        self.sheet(op["sheet"]).setName(op["name"])

    def op_write_output_sheet(self, op):
        sheet = self.sheet(op["sheet"])
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        end = cursor.getRangeAddress()
        values, kinds = op["values"], op["kinds"]
        width = max([len(r) for r in values] + [1])
        union = sheet.getCellRangeByPosition(0, 0, max(end.EndColumn, width - 1),
                                             max(end.EndRow, len(values) - 1))
        before = union.getDataArray()
        union.clearContents(_CLEAR_ALL_BUT_OBJECTS)
        rows = tuple(tuple(self.cell_value(row[c] if c < len(row) else None,
                                           kind_row[c] if c < len(kind_row) else "empty")
                           for c in range(width))
                     for row, kind_row in zip(values, kinds, strict=False))
        if rows and op["sheet"] in self.added:  # undone with the sheet: one call
            sheet.getCellRangeByPosition(0, 0, width - 1, len(rows) - 1).setDataArray(rows)
        elif rows:
            _fill(sheet, 0, 0, rows, before)
        styles = self.plan.get("styles", {})
        columns = sheet.getColumns()
        for c, column in enumerate(op.get("columns") or []):
            style = styles.get(column.get("style") or "text", {})
            if len(rows) > 1 and style.get("number_format"):
                body = sheet.getCellRangeByPosition(c, 1, c, len(rows) - 1)
                body.NumberFormat = self.number_format(style["number_format"])
            if column.get("width"):
                columns.getByIndex(c).Width = int(float(column["width"]) * 200)
        # cells whose own kind differs from their column's style: dates, links
        date_key = self.number_format(styles.get("date", {}).get("number_format", "yyyy-mm-dd"))
        column_styles = [column.get("style") for column in op.get("columns") or []]
        for r, kind_row in enumerate(kinds[1:], start=1):
            for c, kind in enumerate(kind_row):
                style_name = column_styles[c] if c < len(column_styles) else None
                if kind == "date" and style_name != "date":
                    sheet.getCellByPosition(c, r).NumberFormat = date_key
        header = styles.get("header", {})
        if rows:
            head = sheet.getCellRangeByPosition(0, 0, width - 1, 0)
            if header.get("bold"):
                head.CharWeight = 150.0
            if header.get("font_color"):
                head.CharColor = _argb(header["font_color"])
            if header.get("fill"):
                head.CellBackColor = _argb(header["fill"])
        link = styles.get("link", {})
        for entry in op.get("links") or []:
            self.link(sheet, entry, link)
        if op.get("tab_color"):
            sheet.TabColor = _argb(op["tab_color"])
        self.set_name(sheet, self.index_of(op["sheet"]), OUTPUT_NAME, '"{}"'.format(op["output"]))
        self.draw_charts(sheet, op)

    def draw_charts(self, sheet, op):
        """Replace the charts backoffice drew on the sheet by the plan's (``charts`` null:
        leave them), in the undo step; those :meth:`draw_charts_first` drew are done."""
        if op.get("charts") is None or op["sheet"] in self.drawn:
            return
        self.replace_charts(sheet, op)

    def draw_charts_first(self):
        """In a document without a view, the plan's charts before its undo step opens:
        undoing an inserted chart without a view crashes LibreOffice 7.4 (as undoing an
        inserted sheet does), and drawn after the step their own undo actions would come
        on top of it. They show the cells the step then writes (a chart reads its ranges)."""
        if _has_view(self.doc):
            return
        names = self.doc.Sheets.getElementNames()
        for op in self.plan["operations"]:
            if op["op"] == "write_output_sheet" and op.get("charts") is not None \
                    and op["sheet"] in names:
                self.replace_charts(self.sheet(op["sheet"]), op)
                self.drawn.add(op["sheet"])

    def replace_charts(self, sheet, op):
        """Remove backoffice's charts from the sheet and draw the plan's. A chart that
        cannot be drawn is reported, not fatal: the figures it shows are written (the sheet
        goes into ``skipped``)."""
        charts = sheet.getCharts()
        for shape, persist in _chart_shapes(sheet):
            # Ours by the shape's name (as the .xlsx anchor names it, backoffice.books.
            # charts.OWNED_PREFIX; LibreOffice calls an imported chart "Object 1")
            if (shape.Name or persist).startswith(CHART_PREFIX) and charts.hasByName(persist):
                charts.removeByName(persist)
        try:
            for number, chart in enumerate(op["charts"], start=1):
                # not the title: a chart's name is its storage's too (no ":")
                _add_chart(self.doc, sheet, f"{CHART_PREFIX} {number}", chart)
        except Exception:  # noqa: BLE001  (any UNO failure: the figures stay written)
            self.skipped.append(op["sheet"])

    def link(self, sheet, entry, style):
        """The cell jumps to its target: a URL field ``#Sheet.A1`` (LibreOffice's internal
        link, exported to .xlsx as a hyperlink to the location)."""
        column, row = _split(entry["cell"])
        cell = sheet.getCellByPosition(column, row)
        target = entry["target"]
        where, _, ref = target.rpartition("!")
        field = self.doc.createInstance("com.sun.star.text.TextField.URL")
        field.URL = "#{}.{}".format(where, ref.replace("$", ""))
        field.Representation = cell.getString()
        text = cell.getText()
        text.setString("")
        text.insertTextContent(text.createTextCursor(), field, False)
        if style.get("font_color"):
            cell.CharColor = _argb(style["font_color"])

    def highlight_style(self):
        styles = self.doc.StyleFamilies.getByName("CellStyles")
        if not styles.hasByName(HIGHLIGHT_MARKER):
            style = self.doc.createInstance("com.sun.star.style.CellStyle")
            styles.insertByName(HIGHLIGHT_MARKER, style)
            highlight = self.plan.get("highlight", {})
            style.CellBackColor = _argb(highlight.get("fill", "FFFFC7CE"))
            style.CharColor = _argb(highlight.get("font", "FF9C0006"))
        return HIGHLIGHT_MARKER

    def op_mark_cells(self, op):
        from com.sun.star.beans import PropertyValue
        from com.sun.star.sheet.ConditionOperator import FORMULA as OPERATOR_FORMULA
        from com.sun.star.table import CellAddress, CellRangeAddress
        sheet = self.sheet(op["sheet"])
        index = self.index_of(op["sheet"])
        marker = self.plan.get("note_marker", "\u00abbackoffice\u00bb")
        annotations = sheet.Annotations
        ours = [i for i in range(annotations.getCount())
                if annotations.getByIndex(i).getString().startswith((marker, LEGACY_NOTE_START))]
        for i in reversed(ours):
            annotations.removeByIndex(i)
        # Cleared through the ranges' ConditionalFormat property, which LibreOffice records
        # for undo (XConditionalFormats.removeByID is not undone).
        for fmt in list(sheet.ConditionalFormats.getConditionalFormats()):
            entries = [fmt.getByIndex(i) for i in range(fmt.getCount())]
            if any(HIGHLIGHT_MARKER in (getattr(e, "Formula1", "") or "") for e in entries):
                ranges = fmt.Range
                cleared = ranges.ConditionalFormat
                cleared.clear()
                ranges.ConditionalFormat = cleared
        marks = op.get("marks") or []
        if marks:
            ranges = self.doc.createInstance("com.sun.star.sheet.SheetCellRanges")
            addresses = []
            for mark in marks:
                column, row = _split(mark["cell"])
                addresses.append(CellRangeAddress(index, column, row, column, row))
            ranges.addRangeAddresses(tuple(addresses), True)
            entries = ranges.ConditionalFormat
            entries.clear()
            condition = []
            for name, value in (("Operator", OPERATOR_FORMULA), ("Formula1", HIGHLIGHT_FORMULA),
                                ("StyleName", self.highlight_style())):
                prop = PropertyValue()
                prop.Name, prop.Value = name, value
                condition.append(prop)
            entries.addNew(tuple(condition))
            ranges.ConditionalFormat = entries
            for mark in marks:
                if mark.get("note"):
                    column, row = _split(mark["cell"])
                    annotations.insertNew(CellAddress(index, column, row), mark["note"])
        self.set_name(sheet, index, MARKED_NAME, "TRUE" if marks else None)

    def op_write_rows(self, op):
        sheet = self.sheet(op["sheet"])
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        last = cursor.getRangeAddress().EndRow  # 0-based
        width = cursor.getRangeAddress().EndColumn + 1
        styles = self.plan.get("styles", {})
        for entry in op["rows"]:
            row = int(entry["row"]) - 1
            cells = entry.get("cells") or {}
            right = max([width] + [_split(letter + "1")[0] + 1 for letter in cells])
            line = [""] * right
            for letter, cell in cells.items():
                line[_split(letter + "1")[0]] = self.cell_value(cell["value"], cell["kind"])
            target = sheet.getCellRangeByPosition(0, row, right - 1, row)
            before = target.getDataArray()
            target.clearContents(_CONTENTS)
            _fill(sheet, 0, row, (tuple(line),), before)
            if row > last:  # a new row: each cell takes the format of the one above
                for letter in cells:
                    column = _split(letter + "1")[0]
                    above = sheet.getCellByPosition(column, row - 1).NumberFormat if row else 0
                    if above == 0:
                        name = (op.get("styles") or {}).get(letter, "text")
                        code = styles.get(name, {}).get("number_format")
                        above = self.number_format(code) if code else 0
                    sheet.getCellByPosition(column, row).NumberFormat = above

    def op_set_cells(self, op):
        """Sync's cells inside rows: each listed cell set (text as text, never a formula),
        an empty one cleared; every other cell of the row stays. A cell set into an empty
        cell of a date column gets the date format."""
        sheet = self.sheet(op["sheet"])
        date_key = None
        for entry in op["rows"]:
            row = int(entry["row"]) - 1
            for letter, cell in (entry.get("cells") or {}).items():
                column = _split(letter + "1")[0]
                target = sheet.getCellByPosition(column, row)
                value = self.cell_value(cell["value"], cell["kind"])
                if cell["kind"] == "empty":
                    target.setString("")
                elif isinstance(value, str):
                    target.setString(value)
                else:
                    target.setValue(value)
                if cell["kind"] == "date" and target.NumberFormat == 0:
                    if date_key is None:
                        code = self.plan.get("styles", {}).get("date", {}).get("number_format")
                        date_key = self.number_format(code or "yyyy-mm-dd")
                    target.NumberFormat = date_key

    def op_add_columns(self, op):
        """Header cells at the right of the header row (the format of the header cell at
        their left), and validations: the input message, a dropdown, or a refusal."""
        sheet = self.sheet(op["sheet"])
        row = int(op["header_row"]) - 1
        for letter, text in op["headers"].items():
            column = _split(letter + "1")[0]
            cell = sheet.getCellByPosition(column, row)
            cell.setString(text)
            if column:
                left = sheet.getCellByPosition(column - 1, row)
                for prop in ("CellBackColor", "CharColor", "CharWeight", "NumberFormat"):
                    setattr(cell, prop, getattr(left, prop))
        for rule in op.get("validations") or []:
            self.validation(sheet, rule)

    def validation(self, sheet, rule):
        from com.sun.star.sheet.ValidationAlertStyle import STOP, WARNING
        from com.sun.star.sheet.ValidationType import ANY as ANY_VALUE
        from com.sun.star.sheet.ValidationType import CUSTOM, LIST
        first, last = rule["range"].split(":") if ":" in rule["range"] else (rule["range"],) * 2
        left, top = _split(first)
        right, bottom = _split(last)
        bottom = min(bottom, 1048575)
        target = sheet.getCellRangeByPosition(left, top, right, bottom)
        check = target.Validation
        check.ShowInputMessage = True
        check.InputTitle = rule.get("title") or ""
        check.InputMessage = rule.get("prompt") or ""
        if rule["type"] == "list":
            check.Type = LIST
            check.setFormula1(";".join('"{}"'.format(str(c).replace('"', '""'))
                                       for c in rule.get("choices") or []))
            check.ShowErrorMessage = True
            check.ErrorAlertStyle = WARNING
            check.IgnoreBlankCells = True
        elif rule["type"] == "locked":
            check.Type = CUSTOM
            check.setFormula1("FALSE()")
            check.ShowErrorMessage = True
            check.ErrorAlertStyle = STOP
            check.ErrorMessage = rule.get("error") or ""
        else:
            check.Type = ANY_VALUE
        target.Validation = check


def _has_view(doc):
    """Whether the document is shown in a window (LibreOffice undoes an inserted sheet
    through the active view: without one, 7.4 crashes on that undo)."""
    try:
        return doc.getCurrentController().getFrame().getContainerWindow().isVisible()
    except Exception:  # noqa: BLE001  (no controller, no frame: no view)
        return False


def apply_plan(doc, plan, title):
    """Apply ``plan`` as one undo step; on any failure undo it all and raise AddinError.

    A document without a view (hidden, opened by a macro) gets its new sheets before the
    undo step, and a failure removes them after the undo: undoing a sheet insertion
    without a view crashes LibreOffice 7.4."""
    undo = doc.getUndoManager()
    name = "Back office: " + title
    applier = _Applier(doc, plan)
    added = []
    if not _has_view(doc):
        for op in plan["operations"]:
            if op["op"] == "add_sheet":
                applier.op_add_sheet(op)
                added.append(op["sheet"])
        applier.added.clear()  # outside the undo step: their cells must be undoable
        applier.plan = dict(plan, operations=[op for op in plan["operations"]
                                              if op["op"] != "add_sheet"])
    applier.draw_charts_first()
    undo.enterUndoContext(name)
    failed = None
    try:
        applier.run()
        apply_filters(doc, plan)  # in the same undo step (it records its own otherwise)
    except Exception as exc:  # noqa: BLE001  (any UNO failure: roll back)
        failed = exc
    finally:
        undo.leaveUndoContext()
    if failed is not None:
        if undo.isUndoPossible() and undo.getCurrentUndoActionTitle() == name:
            undo.undo()
        for sheet in added:
            doc.Sheets.removeByName(sheet)
        raise AddinError(_both("failed", action=title, detail=str(failed) or type(failed).__name__))
    return applier


def apply_filters(doc, plan):
    """The autofilter over each output sheet the plan wrote (``filter`` of
    ``write_output_sheet``), as the command line sets it in a file: the sheet's own unnamed
    database range. Called inside the plan's undo step, after its operations (a filter is a
    convenience: a failure here leaves what was written). Returns the sheets it could not
    set up.

    (``frozen`` is not applied: a frozen pane belongs to a view, and LibreOffice 7.4 does
    not freeze one in a document without a window, so it could not be tested here.)"""
    from com.sun.star.table import CellRangeAddress
    missed = []
    names = list(doc.Sheets.getElementNames())
    for op in plan.get("operations", []):
        if op.get("op") != "write_output_sheet" or op["sheet"] not in names:
            continue
        index = names.index(op["sheet"])
        try:
            # not an attribute over the bridge: a property the model answers by name
            ranges = doc.getPropertyValue("UnnamedDatabaseRanges")
            if op.get("filter"):
                first, _, last = op["filter"].partition(":")
                left, top = _split(first)
                right, bottom = _split(last or first)
                ranges.setByTable(CellRangeAddress(index, left, top, right, bottom))
                ranges.getByTable(index).AutoFilter = True
            elif ranges.hasByTable(index):
                ranges.getByTable(index).AutoFilter = False
        except Exception:  # noqa: BLE001  (any UNO failure: the content stays written)
            missed.append(op["sheet"])
    return missed


# -- one click ------------------------------------------------------------------------------
def _language(doc, grid):
    """The book's language: Settings' language row, else LibreOffice's UI language."""
    for name in ("Settings", "Pengaturan"):
        spec = grid.get(name) if grid else None
        if spec:
            for row in spec["values"]:
                if len(row) > 1 and str(row[0]).strip().lower() in ("language", "bahasa"):
                    value = str(row[1] or "").strip().lower()
                    if value in ("id", "en"):
                        return value
    try:
        locale = doc.getPropertyValue("CharLocale") if doc is not None else None
        return "id" if locale is not None and locale.Language == "id" else "en"
    except Exception:  # noqa: BLE001
        return "en"


def _title(doc):
    url = doc.getURL()
    if url:
        import urllib.parse
        return os.path.basename(urllib.parse.unquote(urllib.parse.urlparse(url).path))
    return doc.getTitle()


def run_action(doc, action, options=None, answered=None, progress=None, idle=None):
    """Run ``action`` on the open ``doc``: read, ask the worker, check staleness, apply.

    ``answered`` (tests): called between the worker's answer and the second read, where a
    person could type into the sheet. ``progress`` is told each step ({"en", "id"}) and
    stops the action by returning False: between the worker's steps, and once more before
    anything is written (then nothing is); ``idle`` is called while the worker computes
    (see :class:`Progress`). Returns {"exit_code", "lines": {"en": [...],
    "id": [...]}, "language", "applied", "problems"}."""
    if doc is None or not hasattr(doc, "Sheets"):
        return {"exit_code": 2, "lines": {k: [v] for k, v in _both("not_calc").items()},
                "language": "en", "applied": False}
    lang = "en"
    timings = {}
    started = time.perf_counter()
    try:
        lang = _language(doc, read_grid(doc, only={"Settings", "Pengaturan"}))
        if doc.getURL().lower().endswith(".ods"):
            raise AddinError(_both("ods"))
        # Can the worker run this action on an open book? (Before reading every sheet.)
        probe = call_worker({"action": action, "probe": True, "lang": lang}, idle=idle)
        if not probe.get("runnable"):
            return {"exit_code": probe.get("exit_code", 2), "lines": probe.get("lines") or {},
                    "language": lang, "applied": False, "problems": {}}
        read_from = time.perf_counter()
        grid = read_grid(doc)
        timings["read"] = time.perf_counter() - read_from
        asked = time.perf_counter()
        prints = {}

        def fingerprint_sent():  # while the worker works: for the staleness check below
            if not prints:
                prints.update((name, fingerprint(spec)) for name, spec in grid.items())

        answer = call_worker({"action": action, "grid": grid, "name": _title(doc),
                              "options": options or {}, "lang": lang}, progress=progress,
                             idle=idle, meanwhile=fingerprint_sent)
        timings["worker"] = time.perf_counter() - asked
        timings["action"] = answer.get("seconds")
        lang = answer.get("language") or lang
        lines = answer.get("lines") or {"en": [], "id": []}
        plan = answer.get("plan")
        applied = False
        if plan and plan.get("operations"):
            if plan.get("format") != PLAN_FORMAT or plan.get("version") not in PLAN_VERSIONS:
                raise AddinError(_both("plan_version", version=plan.get("version")))
            if progress is not None and progress(_both("writing")) is False:
                raise AddinError({k: _word("cancelled", k, action=_WORDS[action][i])
                                  for i, k in enumerate(("en", "id"))}, exit_code=3)
            if answered is not None:
                answered()
            now = read_grid(doc, only=set(plan.get("read", {})))
            changed = stale_sheets(plan, now, grid, prints)
            if changed:
                said = "stale_sync" if action == "sync" else "stale"
                raise AddinError({k: _word(said, k, action=_WORDS[action][i],
                                           sheets=", ".join(changed))
                                  for i, k in enumerate(("en", "id"))}, exit_code=3)
            timings["reread"] = time.perf_counter() - asked - timings["worker"]
            applying = time.perf_counter()
            applier = apply_plan(doc, plan, _WORDS[action][0])
            timings["apply"] = time.perf_counter() - applying
            applied = True
            if applier.skipped:
                note = ("LibreOffice could not draw the charts (their figures are written): "
                        + ", ".join(applier.skipped),
                        "LibreOffice tidak dapat menggambar grafik (angkanya sudah ditulis): "
                        + ", ".join(applier.skipped))
                lines = {"en": lines.get("en", []) + [note[0]],
                         "id": lines.get("id", []) + [note[1]]}
        return {"exit_code": answer.get("exit_code", 2), "lines": lines, "language": lang,
                "applied": applied, "problems": answer.get("problems") or [],
                "seconds": time.perf_counter() - started, "timings": timings}
    except AddinError as exc:
        return {"exit_code": exc.exit_code, "lines": {k: [v] for k, v in exc.lines.items()},
                "language": lang, "applied": False}


#: The action this LibreOffice runs from the menu now (the worker serves one at a time: a
#: second click while the first waits would wait for ever).
_RUNNING = []


class Progress:
    """What a person sees while an action runs: its steps in the status bar (the frame's
    XStatusIndicator), and after a second a small window with a Cancel button. LibreOffice
    runs a menu's script on its main thread, so the window lives only because :meth:`idle`
    lets LibreOffice handle its events while the worker computes; Cancel takes effect at
    the next step (the worker's steps, then once more before anything is written)."""

    #: Seconds before the Cancel window appears (a quick Check never shows it).
    WINDOW_AFTER = 1.0

    def __init__(self, doc, action, lang):
        self.doc, self.action, self.lang = doc, action, lang
        self.cancelled = False
        self.started = time.monotonic()
        self.steps = 0
        self.text = _word(action, lang)
        self.indicator = self.dialog = self.toolkit = None
        try:
            frame = doc.getCurrentController().getFrame()
            self.indicator = frame.createStatusIndicator()
            self.indicator.start("Back office: " + self.text, 100)
        except Exception:  # noqa: BLE001  (no frame: a hidden document)
            self.indicator = None

    def __call__(self, said):
        """One step from the worker ({"en", "id"}): shown; False once Cancel was pressed."""
        self.steps += 1
        self.text = said.get(self.lang) or said.get("en") or self.text
        if self.indicator is not None:
            try:
                self.indicator.setText("Back office: " + self.text)
                self.indicator.setValue(min(95, 20 * self.steps))
            except Exception:  # noqa: BLE001
                self.indicator = None
        if self.dialog is not None:
            self._label(self.text)
        self.idle()
        return not self.cancelled

    def idle(self):
        """Let LibreOffice draw and handle clicks (the Cancel button) for a moment."""
        if self.dialog is None and time.monotonic() - self.started > self.WINDOW_AFTER:
            self._open()
        if self.toolkit is not None:
            try:
                self.toolkit.processEventsToIdle()
            except Exception:  # noqa: BLE001  (an older LibreOffice: XReschedule)
                try:
                    self.toolkit.reschedule()
                except Exception:  # noqa: BLE001
                    self.toolkit = None

    def _open(self):
        self.dialog = False  # tried once, whatever happens
        try:
            import unohelper
            from com.sun.star.awt import XActionListener

            ctx = XSCRIPTCONTEXT.getComponentContext()  # noqa: F821  (given by LibreOffice)
        except Exception:  # noqa: BLE001  (not inside LibreOffice: tests over the bridge)
            return
        progress = self

        class Pressed(unohelper.Base, XActionListener):
            def actionPerformed(self, _event):  # noqa: N802
                progress.cancelled = True
                progress._label(_word("cancelled", progress.lang,
                                      action=_word(progress.action, progress.lang)))

            def disposing(self, _source):
                pass

        smgr = ctx.ServiceManager
        self.toolkit = smgr.createInstanceWithContext("com.sun.star.awt.Toolkit", ctx)
        model = smgr.createInstanceWithContext("com.sun.star.awt.UnoControlDialogModel", ctx)
        model.Title = "Back office: " + _word(self.action, self.lang)
        model.PositionX, model.PositionY, model.Width, model.Height = 80, 80, 200, 56
        label = model.createInstance("com.sun.star.awt.UnoControlFixedTextModel")
        label.PositionX, label.PositionY, label.Width, label.Height = 6, 6, 188, 24
        label.MultiLine = True
        model.insertByName("step", label)
        button = model.createInstance("com.sun.star.awt.UnoControlButtonModel")
        button.PositionX, button.PositionY, button.Width, button.Height = 144, 36, 50, 14
        button.Label = _word("cancel", self.lang)
        model.insertByName("cancel", button)
        dialog = smgr.createInstanceWithContext("com.sun.star.awt.UnoControlDialog", ctx)
        dialog.setModel(model)
        dialog.createPeer(self.toolkit, None)
        dialog.getControl("cancel").addActionListener(Pressed())
        self.dialog = dialog
        self._label(self.text)
        dialog.setVisible(True)  # not execute(): the script goes on while it is shown

    def _label(self, text):
        try:
            self.dialog.getControl("step").setText(_word("working", self.lang, step=text))
        except Exception:  # noqa: BLE001
            pass

    def close(self):
        for end in (lambda: self.indicator.end(), lambda: self.dialog.dispose()):
            try:
                end()
            except Exception:  # noqa: BLE001  (none shown)
                pass


def _show(doc, result, action):
    """The outcome in a message box on the document's window."""
    lang = result.get("language", "en")
    lines = result["lines"].get(lang) or result["lines"].get("en") or []
    text = "\n".join(lines[:25]) or _WORDS[action][1 if lang == "id" else 0]
    try:
        frame = doc.getCurrentController().getFrame()
        window = frame.getContainerWindow()
        toolkit = window.getToolkit()
        from com.sun.star.awt.MessageBoxType import ERRORBOX, INFOBOX, WARNINGBOX
        kind = INFOBOX if result["exit_code"] == 0 else (
            WARNINGBOX if result["exit_code"] == 1 else ERRORBOX)
        box = toolkit.createMessageBox(window, kind, 1, "Back office", text)
        box.execute()
    except Exception:  # noqa: BLE001  (no window: headless)
        pass


def ask_month(doc, lang):
    """Run payroll's small input box (a dialog built over UNO, in the book's language): the
    month typed ("" for the book's latest month with pay data), or None when cancelled.
    The worker checks the answer: a month that is not YYYY-MM gets a message, no change."""
    ctx = XSCRIPTCONTEXT.getComponentContext()  # noqa: F821  (given by LibreOffice)
    smgr = ctx.ServiceManager
    model = smgr.createInstanceWithContext("com.sun.star.awt.UnoControlDialogModel", ctx)
    model.Title = "Back office: " + _word("payroll", lang)
    model.PositionX, model.PositionY, model.Width, model.Height = 60, 60, 230, 92
    parts = (("prompt", "FixedText", 6, 6, 218, 40, {"MultiLine": True,
                                                     "Label": _word("ask_month", lang)}),
             ("month", "Edit", 6, 50, 218, 14, {"Text": ""}),
             ("ok", "Button", 118, 72, 50, 14, {"Label": "OK", "PushButtonType": 1,
                                                 "DefaultButton": True}),
             ("cancel", "Button", 174, 72, 50, 14, {"Label": _word("cancel", lang),
                                                     "PushButtonType": 2}))
    for name, kind, x, y, width, height, props in parts:
        part = model.createInstance("com.sun.star.awt.UnoControl" + kind + "Model")
        part.PositionX, part.PositionY, part.Width, part.Height = x, y, width, height
        for key, value in props.items():
            setattr(part, key, value)
        model.insertByName(name, part)
    dialog = smgr.createInstanceWithContext("com.sun.star.awt.UnoControlDialog", ctx)
    dialog.setModel(model)
    dialog.createPeer(smgr.createInstanceWithContext("com.sun.star.awt.Toolkit", ctx), None)
    try:
        if dialog.execute() != 1:  # 1: OK; 0: Cancel or the window closed
            return None
        return dialog.getControl("month").getText().strip()
    finally:
        dialog.dispose()


def _entry(action, args):
    """A menu entry: with a document argument (tests, macros), return the result as JSON;
    from the menu, show it. Run payroll also takes the month (YYYY-MM) after the document;
    from the menu it asks for it."""
    doc = args[0] if args and hasattr(args[0], "Sheets") else None
    quiet = doc is not None
    if doc is None:
        doc = XSCRIPTCONTEXT.getDocument()  # noqa: F821  (given by LibreOffice)
    options = None
    if action == "payroll":
        period = args[1] if quiet and len(args) > 1 and isinstance(args[1], str) else None
        if period is None and not quiet and doc is not None and hasattr(doc, "Sheets"):
            period = ask_month(doc, _language(doc, read_grid(doc, only={"Settings",
                                                                        "Pengaturan"})))
            if period is None:  # cancelled: nothing to do
                return json.dumps({"exit_code": 0, "lines": {"en": [], "id": []},
                                   "language": "en", "applied": False})
        options = {"period": period} if period else {}
    if action == "sync":
        options = _where(doc)
    if quiet:
        result = run_action(doc, action, options)
    else:
        lang = _language(doc, read_grid(doc, only={"Settings", "Pengaturan"}))
        if _RUNNING:  # clicked again while the Cancel window lets LibreOffice handle clicks
            _show(doc, {"exit_code": 2, "language": lang, "lines": {
                k: [_word("busy", k, action=_word(_RUNNING[0], k))] for k in ("en", "id")}},
                action)
            return json.dumps({"exit_code": 2, "applied": False})
        shown = Progress(doc, action, lang)
        _RUNNING.append(action)
        try:
            result = run_action(doc, action, options, progress=shown, idle=shown.idle)
        finally:
            _RUNNING.clear()
            shown.close()
        _show(doc, result, action)
    return json.dumps(result, ensure_ascii=False)


def _where(doc):
    """Sync's options for the open document: where it is (its URL, the book's identity),
    and the file it is saved as on this computer (its default store beside it)."""
    url = doc.getURL() if doc is not None and hasattr(doc, "getURL") else ""
    if not url:
        return {}
    options = {"location": url}
    if url.startswith("file://"):
        import urllib.parse
        import urllib.request
        options["beside"] = urllib.request.url2pathname(urllib.parse.urlparse(url).path)
    return options


def check(*args):
    """Back office > Check: check the open book and mark its wrong cells."""
    return _entry("check", args)


def post(*args):
    """Back office > Post: rebuild the ledger's output sheets."""
    return _entry("post", args)


def payroll(*args):
    """Back office > Run payroll: one month as a draft, asked for in a small box (or given
    after the document: ``payroll(doc, "2025-12")``)."""
    return _entry("payroll", args)


def stock(*args):
    """Back office > Stock and reorder."""
    return _entry("stock", args)


def sync(*args):
    """Back office > Sync."""
    return _entry("sync", args)


g_exportedScripts = (check, post, payroll, stock, sync)

"""Just enough of the .xlsx package (Office Open XML) to read it honestly and cheaply.

The fast readers (fastexcel, calamine) give values, but not everything a
bookkeeper must be told about: a formula saved without its result reads as an
empty cell, and an error cell (``#REF!``) reads as empty too. They also parse a
whole sheet before they can say anything, so finding the header row with them
would cost a full parse. This module reads the package directly:

* the workbook part: sheet names, their part paths, the 1900/1904 date system;
* the first rows of a sheet (to find the header row) without reading the rest;
* a scan of a sheet's XML for error cells and formulas without a cached value,
  which in the common case (no formulas, no errors) is only a decompression.
"""

from __future__ import annotations

import hashlib
import math
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


@dataclass(frozen=True, slots=True)
class SheetPart:
    """A worksheet of the workbook: its name, its part inside the zip, its visibility."""

    name: str
    part: str
    state: str = "visible"


@dataclass(frozen=True, slots=True)
class CellProblem:
    """A cell the value readers cannot report: an error value or an uncalculated formula.

    Attributes:
        row: 1-based row.
        column: column letter.
        kind: "error" or "formula".
        text: the error ("#REF!") or the formula ("=SUM(A1:A3)").
    """

    row: int
    column: str
    kind: str
    text: str


def column_letter(index: int) -> str:
    """0-based column index -> letters (0 -> "A", 27 -> "AB")."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """Column letters -> 0-based index ("A" -> 0, "AB" -> 27)."""
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


class Package:
    """An open .xlsx/.xlsm package. Use as a context manager."""

    def __init__(self, path: str) -> None:
        self.zip = zipfile.ZipFile(path)
        self.missing_sheets: list[str] = []
        self.sheets = self._read_sheets()
        self.date1904 = self._read_date1904()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.zip.close()

    # -- the workbook part -----------------------------------------------------
    def workbook_part(self) -> str:
        """The workbook part's path inside the package (usually xl/workbook.xml)."""
        rels = ElementTree.fromstring(self.zip.read("_rels/.rels"))
        for rel in rels.iter(f"{{{NS_PKG_REL}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "").lstrip("/")
        return "xl/workbook.xml"

    def app_part(self) -> str | None:
        """The extended properties part (usually docProps/app.xml), None when absent."""
        rels = ElementTree.fromstring(self.zip.read("_rels/.rels"))
        for rel in rels.iter(f"{{{NS_PKG_REL}}}Relationship"):
            if rel.get("Type", "").endswith("/extended-properties"):
                part = rel.get("Target", "").lstrip("/")
                return part if part in self.zip.NameToInfo else None
        return None

    def _read_sheets(self) -> list[SheetPart]:
        workbook = self.workbook_part()
        base = posixpath.dirname(workbook)
        rels_path = posixpath.join(base, "_rels", posixpath.basename(workbook) + ".rels")
        targets: dict[str, str] = {}
        for rel in ElementTree.fromstring(self.zip.read(rels_path)).iter(
            f"{{{NS_PKG_REL}}}Relationship"
        ):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(base, target))
            targets[rel.get("Id", "")] = path
        root = ElementTree.fromstring(self.zip.read(workbook))
        self._workbook_root = root
        sheets = []
        for sheet in root.iter(f"{{{NS_MAIN}}}sheet"):
            rel_id = sheet.get(f"{{{NS_REL}}}id", "")
            part = targets.get(rel_id)
            if part and part in self.zip.NameToInfo:
                sheets.append(SheetPart(sheet.get("name", ""), part, sheet.get("state", "visible")))
            else:  # listed, but its part is gone: left out of reading, reported by Check
                self.missing_sheets.append(sheet.get("name", ""))
        return sheets

    def _read_date1904(self) -> bool:
        pr = self._workbook_root.find(f"{{{NS_MAIN}}}workbookPr")
        return pr is not None and pr.get("date1904", "0").lower() in ("1", "true")

    def sheet(self, name: str) -> SheetPart:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)

    def fingerprint(self, sheet: str) -> tuple[object, ...]:
        """What identifies a sheet's content: a hash of the stored bytes of the parts it depends on.

        The bytes hashed are the parts as stored in the file (compressed), read
        from their local headers: equal hashes mean equal content, and a damaged
        byte anywhere in them changes the key, whatever the zip directory's CRC
        claims. Hashing the compressed bytes costs a tenth of decompressing them.
        """
        parts = [self.sheet(sheet).part, "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml"]
        items: list[object] = [sheet]
        with open(self.zip.filename or "", "rb") as handle:
            for part in parts:
                info = self.zip.NameToInfo.get(part)
                items.append(None if info is None else
                             (part, info.compress_type, info.file_size, stored_hash(handle, info)))
        return tuple(items)

    # -- reading the first rows ------------------------------------------------
    def head(self, sheet: str, max_rows: int = 30) -> list[tuple[int, dict[int, object]]]:
        """The first ``max_rows`` non-empty rows: (1-based row, {0-based column: value}).

        Values are text, float, bool or None; shared strings are resolved. Dates
        stay numbers here: the head is used to find headers and settings, which
        are text.
        """
        rows: list[tuple[int, dict[int, object]]] = []
        shared_needed: set[int] = set()
        with self.zip.open(self.sheet(sheet).part) as stream:
            for row_number, cells in _iter_rows(stream):
                if cells:
                    rows.append((row_number, cells))
                    shared_needed.update(v.index for v in cells.values() if isinstance(v, _Shared))
                if len(rows) >= max_rows:
                    break
        strings = self._shared_strings(max(shared_needed) if shared_needed else -1)
        if shared_needed and max(shared_needed) >= len(strings):
            raise IndexError(f"sheet {sheet}: shared string {max(shared_needed)} does not exist "
                             f"(the table has {len(strings)})")
        return [
            (number, {col: strings[v.index] if isinstance(v, _Shared) else v
                      for col, v in cells.items()})
            for number, cells in rows
        ]

    def _shared_strings(self, up_to: int) -> list[str]:
        """Shared strings 0..up_to, read from the start of the table only as far as needed."""
        if up_to < 0 or "xl/sharedStrings.xml" not in self.zip.NameToInfo:
            return []
        strings: list[str] = []
        si_tag, t_tag = f"{{{NS_MAIN}}}si", f"{{{NS_MAIN}}}t"
        with self.zip.open("xl/sharedStrings.xml") as stream:
            for _event, elem in ElementTree.iterparse(stream, events=("end",)):
                if elem.tag == si_tag:
                    # Rich text runs (<r><t>…</t></r>) are concatenated; phonetic runs skipped.
                    strings.append("".join(t.text or "" for t in elem.iter(t_tag)
                                           if not _inside_phonetic(elem, t)))
                    elem.clear()
                    if len(strings) > up_to:
                        break
        return strings

    # -- scanning for what the value readers hide --------------------------------
    def scan_cells(self, sheet: str, typed: frozenset[str] = frozenset(),
                   below: int = 0) -> CellScan:
        """Error cells, uncalculated formulas, and which ``typed`` columns hold text below row ``below``.

        The second part exists because value readers that guess a column's type
        from its first rows will parse a later *text* cell such as "1.500" as the
        number 1.5. Knowing that a column holds text lets the caller read that
        column cell by cell.
        """
        problems: list[CellProblem] = []
        text_columns: set[str] = set()
        prefix: bytes | None = None
        text = None
        with self.zip.open(self.sheet(sheet).part) as stream:
            for chunk in _complete_rows(stream):
                if prefix is None:
                    # Regexes need a literal start to be fast, so the namespace
                    # prefix of the cell tags (usually none; "x:" from some tools)
                    # is read once from the sheet and put into the patterns.
                    found = _SHEET_DATA.search(chunk)
                    prefix = found.group(1) or b"" if found else b""
                    cells = _cell_pattern(prefix)
                if b"<" + prefix + b"f" in chunk or b't="e"' in chunk:
                    problems.extend(_problems_in(cells, chunk))
                remaining = typed - text_columns
                if remaining:
                    # A column is looked for only until its first text cell.
                    if text is None or text[0] != remaining:
                        text = (remaining, _text_cell_pattern(remaining, prefix))
                    text_columns.update(_text_letters(text[1], chunk, below))
        return CellScan(problems, frozenset(text_columns))


@dataclass(frozen=True, slots=True)
class CellScan:
    """What a scan of a sheet's XML found (see :meth:`Package.scan_cells`)."""

    problems: list[CellProblem]
    text_columns: frozenset[str]


_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b")


def _cell_pattern(prefix: bytes) -> re.Pattern[bytes]:
    """A cell element with its attributes and body, for tags with namespace ``prefix``."""
    return re.compile(b"<" + prefix + rb'c\b([^>]*?)(?:/>|>(.*?)</' + prefix + rb'c>)', re.S)


def _text_cell_pattern(letters: frozenset[str], prefix: bytes
                       ) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """Regexes for a text, boolean or string-formula cell in one of ``letters``.

    Two attribute orders are covered: r before t (Excel, LibreOffice, xlsxwriter,
    openpyxl) and t before r.
    """
    alternatives = b"|".join(sorted(letter.encode() for letter in letters))
    kinds = b'(?:s|str|inlineStr|b)'
    return (
        re.compile(b"<" + prefix + rb'c r="(' + alternatives + rb')(\d+)"[^>]*?\bt="' + kinds
                   + b'"'),
        re.compile(b"<" + prefix + rb'c t="' + kinds + rb'"[^>]*?\br="(' + alternatives
                   + rb')(\d+)"'),
    )


def _text_letters(patterns: tuple[re.Pattern[bytes], re.Pattern[bytes]], chunk: bytes,
                  below: int) -> set[str]:
    found: set[str] = set()
    for pattern in patterns:
        found.update(m.group(1).decode() for m in pattern.finditer(chunk)
                     if int(m.group(2)) > below)
    return found


class _Shared:
    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index


def _inside_phonetic(si: ElementTree.Element, t: ElementTree.Element) -> bool:
    for rph in si.iter(f"{{{NS_MAIN}}}rPh"):
        if any(child is t for child in rph.iter()):
            return True
    return False


def _iter_rows(stream) -> Iterator[tuple[int, dict[int, object]]]:  # type: ignore[no-untyped-def]
    """(row number, cells) for each <row> of a worksheet stream, parsed incrementally."""
    row_tag, c_tag = f"{{{NS_MAIN}}}row", f"{{{NS_MAIN}}}c"
    v_tag, is_tag, t_tag = f"{{{NS_MAIN}}}v", f"{{{NS_MAIN}}}is", f"{{{NS_MAIN}}}t"
    implicit_row = 0
    for _event, elem in ElementTree.iterparse(stream, events=("end",)):
        if elem.tag != row_tag:
            continue
        implicit_row = int(elem.get("r") or implicit_row + 1)
        cells: dict[int, object] = {}
        implicit_col = -1
        for cell in elem.iter(c_tag):
            ref = cell.get("r")
            match = _CELL_REF.match(ref) if ref else None
            implicit_col = column_index(match.group(1)) if match else implicit_col + 1
            kind = cell.get("t", "n")
            v = cell.find(v_tag)
            if kind == "inlineStr":
                inline = cell.find(is_tag)
                value: object = ("".join(t.text or "" for t in inline.iter(t_tag))
                                 if inline is not None else "")
            elif v is None or v.text is None:
                continue
            elif kind == "s":
                if not v.text.strip().isdigit():
                    raise ValueError(f"shared string index {v.text[:20]!r} in {ref}")
                value = _Shared(int(v.text))
            elif kind in ("str", "e", "d"):
                value = v.text  # an ISO date cell ("d") stays text here, as a header would
            elif kind == "b":
                value = v.text == "1"
            else:
                value = _number(v.text)
            cells[implicit_col] = value
        yield implicit_row, cells
        elem.clear()


def stored_hash(handle, info: zipfile.ZipInfo) -> str:  # type: ignore[no-untyped-def]
    """SHA-256 of a member's local header and stored (compressed) bytes."""
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    skip = int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
    digest = hashlib.sha256(header)
    handle.seek(skip, 1)
    left = info.compress_size
    while left > 0:
        block = handle.read(min(left, 1 << 22))
        if not block:
            raise zipfile.BadZipFile(f"{info.filename} is cut short")
        digest.update(block)
        left -= len(block)
    return digest.hexdigest()


def _number(text: str) -> object:
    """A numeric cell's value; text that is no finite number stays text (reported later)."""
    try:
        number = float(text)
    except ValueError:
        return text
    return number if math.isfinite(number) else text


def _complete_rows(stream, size: int = 1 << 22) -> Iterator[bytes]:  # type: ignore[no-untyped-def]
    """The decompressed XML in chunks that end after a complete </row> (or at the end)."""
    carry = b""
    while True:
        block = stream.read(size)
        if not block:
            if carry:
                yield carry
            return
        data = carry + block
        cut = data.rfind(b"</row>")
        if cut < 0:
            carry = data
            continue
        cut += len(b"</row>")
        yield data[:cut]
        carry = data[cut:]


_ATTR_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_ATTR_T = re.compile(rb'\bt="(\w+)"')
_FORMULA = re.compile(rb'<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)', re.S)
_VALUE = re.compile(rb'<(?:\w+:)?v>(.*?)</(?:\w+:)?v>', re.S)


def _problems_in(cells: re.Pattern[bytes], chunk: bytes) -> Iterator[CellProblem]:
    for match in cells.finditer(chunk):
        attrs, body = match.group(1), match.group(2) or b""
        kind = _ATTR_T.search(attrs)
        ref = _ATTR_REF.search(attrs)
        if ref is None:
            continue
        column, row = ref.group(1).decode(), int(ref.group(2))
        value = _VALUE.search(body)
        if kind is not None and kind.group(1) == b"e":
            text = value.group(1).decode() if value else "#ERROR"
            yield CellProblem(row, column, "error", _unescape(text))
            continue
        formula = _FORMULA.search(body)
        if formula is not None and (value is None or value.group(1) == b""):
            text = formula.group(1).decode() if formula.group(1) else ""
            yield CellProblem(row, column, "formula", "=" + _unescape(text) if text else "")


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))

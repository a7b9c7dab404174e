"""How much of a workbook backoffice agrees to read: the limits, as data, and their checks.

A workbook is a zip of XML, and a few bytes of it can ask a reader for
gigabytes: a single cell at ``XFD1048576`` makes the value readers allocate the
whole used range (17 billion cells, a 512 GB allocation that aborts the
process); a few MB of zip can inflate to GBs of XML (a zip bomb). So before any
reader allocates, the package's declared sizes are checked, and a sheet's XML is
streamed once with a running count to find the range it really uses; what
exceeds a limit is refused with :class:`~backoffice.errors.BookTooLarge` (exit 2)
naming the sheet and the limit, in the book's language.

The limits are Excel's own where Excel has one (Microsoft, "Excel specifications
and limits": 1,048,576 rows, 32,767 characters in a cell) and otherwise chosen so
that any Check stays under 2 GB of memory: the value readers hold the used range
densely (about 65 bytes a cell in a Check), so the range is capped at 16
million cells, above a million journal rows of 15 columns.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from backoffice.catalogue import Localized
from backoffice.errors import BookTooLarge


@dataclass(frozen=True, slots=True)
class Limit:
    """One limit: its value, what it counts (en/id) and where the number comes from."""

    key: str
    value: int
    what: Localized
    source: str


LIMITS: dict[str, Limit] = {limit.key: limit for limit in (
    Limit("rows", 1_048_576,
          Localized("rows in a sheet", "baris dalam satu sheet"),
          "Excel specifications and limits: 1,048,576 rows"),
    Limit("columns", 702,
          Localized("columns in a sheet (A to ZZ)", "kolom dalam satu sheet (A sampai ZZ)"),
          "backoffice: no template uses more than 40 columns; ZZ leaves room"),
    Limit("cells", 16_000_000,
          Localized("cells in a sheet's used range", "sel dalam rentang terpakai satu sheet"),
          "backoffice: readers hold the used range densely (measured: a 27M-cell range took "
          "1.8 GB in Check); 16M keeps Check near 1.1 GB and holds a million journal rows "
          "of 15 columns"),
    Limit("part_bytes", 1_500_000_000,
          Localized("bytes of XML in one part", "byte XML dalam satu bagian"),
          "backoffice: a million journal rows are about 290 MB of XML"),
    Limit("package_bytes", 3_000_000_000,
          Localized("bytes of XML in the whole workbook", "byte XML dalam seluruh buku kerja"),
          "backoffice: twice the largest part"),
    Limit("ratio", 200,
          Localized("times compression of one part", "kali kompresi satu bagian"),
          "backoffice: real worksheet XML compresses 10 to 40 times; zip bombs 1,000 times"),
    Limit("shared_strings", 5_000_000,
          Localized("shared strings", "teks bersama (shared strings)"),
          "backoffice: a million-row book of distinct memos holds about 1.2 million"),
    Limit("parts", 10_000,
          Localized("parts in the package", "bagian dalam paket"),
          "backoffice: a workbook of 200 sheets has under 1,000"),
)}

#: A part smaller than this is never called a bomb, whatever its ratio (a sheet of
#: blank styled rows compresses very well, and is harmless at this size).
_RATIO_FLOOR = 20_000_000
_CHUNK = 1 << 22


def limit(key: str) -> int:
    """The value of the limit named ``key``."""
    return LIMITS[key].value


def refuse(path: str, where: str, key: str, found: int | str) -> BookTooLarge:
    """The failure for ``where`` (a sheet or a part) exceeding the limit ``key``."""
    item = LIMITS[key]
    return BookTooLarge(path=path, sheet=where, found=found, limit=f"{item.value:,}",
                        what=item.what)


def check_package(path: str, archive: zipfile.ZipFile) -> None:
    """Refuse a package whose zip directory declares too many parts or too much XML."""
    infos = archive.infolist()
    if len(infos) > limit("parts"):
        raise refuse(path, "-", "parts", len(infos))
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limit("part_bytes"):
            raise refuse(path, info.filename, "part_bytes", info.file_size)
        if info.file_size > _RATIO_FLOOR and \
                info.file_size > limit("ratio") * max(info.compress_size, 1):
            raise refuse(path, info.filename, "ratio",
                         info.file_size // max(info.compress_size, 1))
    if total > limit("package_bytes"):
        raise refuse(path, "-", "package_bytes", total)


def bounded_chunks(path: str, archive: zipfile.ZipFile, part: str, where: str
                   ) -> Iterator[bytes]:
    """The part's decompressed bytes in chunks, refused once more than the limit came out.

    The zip directory's sizes may lie; this counts what really comes out.
    """
    done = 0
    with archive.open(part) as stream:
        while True:
            block = stream.read(_CHUNK)
            if not block:
                return
            done += len(block)
            if done > limit("part_bytes"):
                raise refuse(path, where, "part_bytes", f"> {done:,}")
            yield block


_ROW_R = re.compile(rb'row r="(\d+)"')
_CELL_TAG = re.compile(rb'<(?:\w+:)?c[\s>/]')
_CELL_REF = re.compile(rb'\sr="([A-Z]+)(\d+)"')
_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b")
#: A row or cell tag that does not begin with its reference (or another tag starting
#: "<c" or "<row", such as <rowBreaks>): the chunk is then measured exactly.
_UNUSUAL = re.compile(rb'<(?:c(?! r=")|row(?! r="))')
_SINGLE_BANDS = (re.compile(rb'<c r="([N-Z])\d'), re.compile(rb'<c r="([G-M])\d'))
_TWO_LETTERS = re.compile(rb'r="([A-Z]{2,})\d')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]*)(\d*)(?::([A-Z]+)(\d+))?"')
_ROW_BODY = re.compile(rb'<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)', re.S)


@dataclass
class Extent:
    """The range a sheet's cells really reach (1-based last row and column)."""

    rows: int = 0
    columns: int = 0

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def sheet_extent(path: str, archive: zipfile.ZipFile, part: str, sheet: str) -> Extent:
    """Stream ``sheet``'s XML once and refuse it if it reaches beyond the limits.

    The fast path trusts what every writer does (rows in order, each with its
    ``r``; cells with their reference): the last row of each chunk is the
    highest so far, and only references of two or more column letters need to
    be looked at. A chunk where a row or cell has no reference, or rows are out
    of order, is measured exactly, row by row.
    """
    extent = Extent()
    carry = b""
    first = True
    prefixed = False
    for block in bounded_chunks(path, archive, part, sheet):
        data = carry + block
        cut = data.rfind(b"</row>")
        if cut >= 0:
            cut += len(b"</row>")
        elif len(data) > 4 * _CHUNK:
            cut = len(data)  # one huge row: measured as it comes (bounded by the part limit)
        else:
            carry = data
            continue
        chunk, carry = data[:cut], data[cut:]
        if first:
            _check_dimension(path, sheet, chunk)
            first = False
            found = _SHEET_DATA.search(chunk)
            prefixed = bool(found and found.group(1))  # "<x:c …": counted exactly, always
            chunk = chunk[found.end():] if found else chunk  # not <cols>, <sheetViews>…
        (_measure_exactly if prefixed else _measure)(chunk, extent)
        _check_extent(path, sheet, extent)
    if carry:
        (_measure_exactly if prefixed else _measure)(carry, extent)
        _check_extent(path, sheet, extent)
    return extent


def _check_dimension(path: str, sheet: str, chunk: bytes) -> None:
    """The declared range: readers may reserve it up front, so it is bounded too."""
    found = _DIMENSION.search(chunk)
    if found is None:
        return
    letters = (found.group(3) or found.group(1)).decode()
    digits = (found.group(4) or found.group(2)).decode()
    declared = Extent(int(digits) if digits else 0, _column_number(letters))
    _check_extent(path, sheet, declared)


def _measure(chunk: bytes, extent: Extent) -> None:
    """The fast path: rows in order, each with its ``r``; every cell's tag begins ``<c r="``
    (as Excel, LibreOffice, openpyxl and xlsxwriter write them). Anything else in a chunk
    (a row or cell without ``r``, rows out of order, ``<cols>``) is measured exactly."""
    rows = _ROW_R.findall(chunk)
    numbers = [int(r) for r in rows]
    ordered = all(a < b for a, b in zip(numbers, numbers[1:], strict=False)) and \
        (not numbers or numbers[0] > extent.rows)
    if not ordered or _UNUSUAL.search(chunk):
        _measure_exactly(chunk, extent)
        return
    if numbers:
        extent.rows = max(extent.rows, numbers[-1])
    wide = set(_TWO_LETTERS.findall(chunk))
    columns = max((_column_number(w.decode()) for w in wide), default=0)
    if not wide and numbers:
        # Single letters only: the last one in use, looked for from the right in two
        # bands so that a narrow sheet (a journal: A to G) costs two quick searches.
        for band in _SINGLE_BANDS:
            found = set(band.findall(chunk))
            if found:
                columns = _column_number(max(found).decode())
                break
        else:
            columns = 6
    extent.columns = max(extent.columns, columns)


def _measure_exactly(chunk: bytes, extent: Extent) -> None:
    """Row by row, as a reader counts: a row without ``r`` follows the last; a cell likewise."""
    for match in _ROW_BODY.finditer(chunk):
        attrs, body = match.group(1), match.group(2) or b""
        ref = re.search(rb'\br="(\d+)"', attrs)
        row = int(ref.group(1)) if ref else extent.rows + 1
        extent.rows = max(extent.rows, row)
        column = 0
        for cell in _CELL_TAG.finditer(body):
            end = body.find(b">", cell.end() - 1)
            own = _CELL_REF.search(b" " + body[cell.end() - 1:end])
            column = _column_number(own.group(1).decode()) if own else column + 1
            extent.columns = max(extent.columns, column)
            if own:
                extent.rows = max(extent.rows, int(own.group(2)))


def _check_extent(path: str, sheet: str, extent: Extent) -> None:
    if extent.rows > limit("rows"):
        raise refuse(path, sheet, "rows", f"{extent.rows:,}")
    if extent.columns > limit("columns"):
        raise refuse(path, sheet, "columns", f"{extent.columns:,}")
    if extent.cells > limit("cells"):
        raise refuse(path, sheet, "cells", f"{extent.cells:,}")


def _column_number(letters: str) -> int:
    """Column letters -> 1-based number ("A" -> 1); 0 for none."""
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def check_shared_strings(path: str, archive: zipfile.ZipFile) -> None:
    """Refuse a shared-strings table with more entries or bytes than the limits."""
    part = "xl/sharedStrings.xml"
    if part not in archive.NameToInfo:
        return
    count = 0
    for block in bounded_chunks(path, archive, part, part):
        count += block.count(b"<si>") + block.count(b"<si ") + block.count(b":si>")
        if count > limit("shared_strings"):
            raise refuse(path, part, "shared_strings", f"> {count:,}")

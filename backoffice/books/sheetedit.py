"""Streaming edits of one worksheet part: what the writer changes inside a user's sheet.

Each function reads a worksheet from the package in chunks and yields the new
part's bytes. The cells (``sheetData``) stream through untouched; only the
header row, the end of ``sheetData`` or the sheet's small tail is edited, so a
million-row sheet is never held in memory as text.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence

from backoffice.books import marks as marking
from backoffice.books import sheetxml
from backoffice.books.ooxml import column_index, column_letter


def marked_sheet(archive: zipfile.ZipFile, part: str, refs: list[str], dxf: int,
                      legacy_rel: str | None) -> Iterator[bytes]:
    stream = archive.open(part)
    head, tail = marking.split_at_sheet_data_end(iter(lambda: stream.read(1 << 22), b""))
    first = True
    prefix = ""
    for chunk in head:
        if first:
            match = re.search(rb"<(\w+:)?worksheet\b", chunk)
            prefix = match.group(1).decode() if match and match.group(1) else ""
            first = False
        yield chunk
    stream.close()
    text = b"".join(tail).decode("utf-8")
    yield marking.edit_tail(text, refs, dxf, legacy_rel, prefix).encode("utf-8")


def last_row_and_styles(archive: zipfile.ZipFile, part: str, header_row: int) -> tuple[int, dict[str, int]]:
    """The sheet's last row number, and each column's style: that of its last cell
    below the header, else the column's default style."""
    last_row = 0
    styles: dict[str, int] = {}
    row_tag = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
    cell_style = re.compile(rb'<(?:\w+:)?c r="([A-Z]+)(\d+)"[^>]*?\bs="(\d+)"')
    column_style = re.compile(rb'<(?:\w+:)?col\b(?=[^>]*\bmin="(\d+)")(?=[^>]*\bmax="(\d+)")'
                              rb'(?=[^>]*\bstyle="(\d+)")')
    with archive.open(part) as stream:
        carry = b""
        first = True
        for block in iter(lambda: stream.read(1 << 22), b""):
            data = carry + block
            if first:
                for low, high, style in column_style.findall(data.split(b"<sheetData")[0]):
                    for col in range(int(low), min(int(high), 200) + 1):
                        styles[column_letter(col - 1)] = int(style)
                first = False
            cut = data.rfind(b"</row>")
            if cut < 0:
                carry = data
                continue
            done, carry = data[:cut + 6], data[cut + 6:]
            tail = done[-200_000:]  # the chunk's last rows and cells sit at its end
            rows = row_tag.findall(tail)
            if rows:
                last_row = max(last_row, int(rows[-1]))
            for letter, row, style in cell_style.findall(tail):
                if int(row) > header_row:
                    styles[letter.decode()] = int(style)
        for number in row_tag.findall(carry):
            last_row = max(last_row, int(number))
    return last_row, styles


def sheet_with_rows(archive: zipfile.ZipFile, part: str, rows_xml: str, new_last: int) -> Iterator[bytes]:
    """The sheet with ``rows_xml`` added at the end of its sheetData, its dimension to ``new_last``."""
    with archive.open(part) as stream:
        yield from _append_rows(iter(lambda: stream.read(1 << 22), b""), rows_xml, new_last)


#: One whole row element, self-closing or not; group 1 is its number.
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"[^>]*?(?:/>|>.*?</(?:\w+:)?row>)', re.S)
_ROW_START = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')


def sheet_with_replaced_rows(archive: zipfile.ZipFile, part: str, replaced: dict[int, str],
                             rows_xml: str, new_last: int) -> Iterator[bytes]:
    """The sheet with each row numbered in ``replaced`` swapped for its new XML (an empty
    string removes the row), then ``rows_xml`` appended as :func:`sheet_with_rows` does.

    Rows before the first replaced one stream through without being parsed, so
    replacing a block at the end of a million-row journal reads the rest only once.
    """
    with archive.open(part) as stream:
        chunks = _replace_rows(iter(lambda: stream.read(1 << 22), b""),
                               {n: xml.encode() for n, xml in replaced.items()})
        yield from _append_rows(chunks, rows_xml, new_last)


def _replace_rows(chunks: Iterator[bytes], replaced: dict[int, bytes]) -> Iterator[bytes]:
    first = min(replaced, default=0)
    carry = b""
    for block in chunks:
        data = carry + block
        # Hold back the last row (whole or not) for the next chunk, so no row is cut in two.
        cut = _last_row_start(data)
        if cut is None:
            cut = max(len(data) - 16, 0)  # no row here; keep what may be a tag's start
        head, carry = data[:cut], data[cut:]
        yield _swap_rows(head, replaced, first)
    if carry:
        yield _swap_rows(carry, replaced, first)


def _last_row_start(data: bytes) -> int | None:
    window = max(len(data) - 200_000, 0)
    for where in (window, 0) if window else (0,):
        starts = [m.start() for m in _ROW_OPEN.finditer(data, where)]
        if starts:
            return starts[-1]
    return None


_ROW_OPEN = re.compile(rb"<(?:\w+:)?row\b")


def _swap_rows(data: bytes, replaced: dict[int, bytes], first: int) -> bytes:
    numbers = _ROW_START.findall(data[-200_000:])
    if numbers and int(numbers[-1]) < first:
        return data  # every row here comes before the first replaced one
    return _ROW.sub(lambda m: replaced.get(int(m.group(1)), m.group(0)), data)


_DIMENSION = re.compile(rb'(<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+)\d+(")')


def with_last_row(data: bytes, new_last: int) -> bytes:
    """``data`` (the start of a worksheet) with its dimension ending at row ``new_last``."""
    return _DIMENSION.sub(rb"\g<1>" + str(new_last).encode() + rb"\g<2>", data, count=1)


def rows_before_close(data: bytes, start: int, end: int, rows: bytes) -> bytes:
    """``data`` with ``rows`` inserted before its sheetData closing tag at ``start:end``
    (an empty ``<sheetData/>`` is opened up for them)."""
    closing = data[start:end]
    if closing.endswith(b"/>"):  # an empty sheet: <sheetData/>
        prefix = closing[1:closing.index(b"sheetData")]
        closing = b"<" + prefix + b"sheetData>" + rows + b"</" + prefix + b"sheetData>"
    else:
        closing = rows + closing
    return data[:start] + closing + data[end:]


def _append_rows(chunks: Iterator[bytes], rows_xml: str, new_last: int) -> Iterator[bytes]:
    carry = b""
    done = False
    first = True
    for block in chunks:
        data = carry + block
        if first:
            data = with_last_row(data, new_last)
            first = False
        if done:
            yield data
            carry = b""
            continue
        found = marking.find_sheet_data_close(data)
        if found is None:
            keep = max(len(data) - 32, 0)
            yield data[:keep]
            carry = data[keep:]
            continue
        yield rows_before_close(data, *found, rows_xml.encode())
        done = True
        carry = b""
    if carry:
        yield carry


def sheet_with_header_cells(archive: zipfile.ZipFile, part: str, header_row: int, headers: dict[str, str],
                             validations: Sequence[str]) -> Iterator[bytes]:
    row_start = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="' + str(header_row).encode() + rb'"')
    stream = archive.open(part)
    head, tail = marking.split_at_sheet_data_end(iter(lambda: stream.read(1 << 22), b""))
    pending = bool(headers)  # while the header row is still to be found
    carry = b""
    for chunk in head:
        if not pending:
            yield chunk
            continue
        data = carry + chunk
        match = row_start.search(data)
        end = data.find(b"</row>", match.end()) if match else -1
        if match is None or end < 0:
            keep = max(len(data) - 65536, 0)
            yield data[:keep]
            carry = data[keep:]
            continue
        row_xml = data[match.start():end]
        style = re.findall(rb'\bs="(\d+)"', row_xml)
        cells = "".join(sheetxml.input_cell(f"{letter}{header_row}", text,
                                            int(style[-1]) if style else 0, 1900)
                        for letter, text in headers.items())
        opening = data[match.start():data.index(b">", match.start()) + 1]
        widened = re.sub(rb'\sspans="[^"]*"', b"", opening)
        yield data[:match.start()] + widened + data[match.start() + len(opening):end]
        yield cells.encode() + data[end:]
        pending = False
        carry = b""
    if carry:
        yield carry
    stream.close()
    text = b"".join(tail).decode("utf-8")
    if validations:
        text = marking.add_validations(text, validations)
    yield text.encode("utf-8")


def sheet_tail(archive: zipfile.ZipFile, part: str) -> str:
    """The worksheet's text after its cells: validations, conditional formats, drawings."""
    with archive.open(part) as stream:
        head, tail = marking.split_at_sheet_data_end(iter(lambda: stream.read(1 << 22), b""))
        for _chunk in head:
            pass
    return b"".join(tail).decode("utf-8")


def list_validation_columns(tail: str) -> set[str]:
    """The column letters that already have a dropdown (a list validation)."""
    letters: set[str] = set()
    for element in re.findall(r"<(?:\w+:)?dataValidation\b[^>]*>", tail):
        if 'type="list"' not in element:
            continue
        sqref = re.search(r'sqref="([^"]*)"', element)
        for ref in (sqref.group(1).split() if sqref else []):
            first, _, last = ref.partition(":")
            low = re.match(r"[A-Z]+", first)
            high = re.match(r"[A-Z]+", last or first)
            if low and high:
                for index in range(column_index(low.group(0)), column_index(high.group(0)) + 1):
                    letters.add(column_letter(index))
    return letters

"""Cell edits inside a user's sheet, for Sync: stamp IDs, apply colleagues' changes.

:class:`SyncWriter` is the :class:`~backoffice.books.writer.WorkbookWriter` (so a
save is atomic and every part it does not change is copied byte for byte) with
one more batch operation, :meth:`SyncWriter.edit_table`: in one streaming pass
over a worksheet it sets cells in given rows, clears cells of deleted rows, adds
header cells and appends new rows. Rows it does not touch stream through as they
are. Values are written as values: text is an inline string, so text that
starts with ``=`` never becomes a formula.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from backoffice.books import marks as marking
from backoffice.books import sheetedit, sheetxml
from backoffice.books.ooxml import column_index
from backoffice.books.writer import OUTPUT_STYLES, WorkbookWriter

_ROW = re.compile(rb'<(\w+:)?row\b([^>]*?)(/>|>(.*?)</(?:\w+:)?row>)', re.DOTALL)
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*?)(?:/>|>.*?</(?:\w+:)?c>)', re.DOTALL)
_CELL_REF = re.compile(rb'\br="([A-Z]+)\d+"')
_CELL_STYLE = re.compile(rb'\bs="(\d+)"')


@dataclass
class TableEdit:
    """The changes to one table sheet.

    Attributes:
        header_row: the row of the table's header.
        header_cells: letter -> text of header cells to add (a new ID column).
        cells: row -> {letter: value} to set (None clears the cell).
        append: new rows at the end, each {letter: value}.
        kinds: letter -> style kind ("text", "amount", "date", "number") for a new
            cell in a column that has no style yet.
        validations: data validations to add (the ID column's input message, which asks
            people to leave it alone).
    """

    header_row: int
    header_cells: dict[str, str] = field(default_factory=dict)
    cells: dict[int, dict[str, object]] = field(default_factory=dict)
    append: list[dict[str, object]] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)
    validations: list[sheetxml.Validation] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.header_cells or self.cells or self.append)


class SyncWriter(WorkbookWriter):
    """A WorkbookWriter that can also edit cells of input sheets in place."""

    def edit_table(self, sheet: str, edit: TableEdit) -> None:
        """Apply ``edit`` to ``sheet`` in one pass (see :class:`TableEdit`)."""
        if not edit:
            return
        index = self._sheet_index(sheet)
        if index is None:
            raise KeyError(sheet)
        part = self.package.sheets[index].part
        last_row, styles = sheetedit.last_row_and_styles(self.zip, part, edit.header_row)
        plain = {kind: self.styles.xf(style) for kind, style in OUTPUT_STYLES.items()}
        for letter, kind in edit.kinds.items():
            styles.setdefault(letter, plain.get(kind, plain["text"]))
        epoch = 1904 if self.package.date1904 else 1900
        cells = dict(edit.cells)
        if edit.header_cells:
            header = {k: v for k, v in edit.header_cells.items()}
            cells[edit.header_row] = {**cells.get(edit.header_row, {}), **header}
            styles_for_header = _header_style(self.zip, part, edit.header_row)
        else:
            styles_for_header = None
        first_new = max(last_row, edit.header_row) + 1
        appended = "".join(
            f'<row r="{first_new + i}">' + "".join(
                sheetxml.input_cell(f"{letter}{first_new + i}", value,
                                    styles.get(letter, plain["text"]), epoch)
                for letter, value in sorted(row.items(), key=lambda kv: column_index(kv[0]))
                if value is not None) + "</row>"
            for i, row in enumerate(edit.append))
        new_last = first_new + len(edit.append) - 1 if edit.append else last_row
        if self.zip.getinfo(part).file_size > (16 << 20):
            self._big = True
        editor = _RowEditor(cells, styles, epoch, edit.header_row, styles_for_header)
        self.changes[part] = _edited_sheet(self.zip, part, editor, appended.encode(),
                                           max(new_last, last_row),
                                           [v.xml() for v in edit.validations])
        if edit.append:
            self._grow_tables(part, edit.header_row, new_last)
        if edit.header_cells:
            self._widen_tables(part, edit.header_row, edit.header_cells)


def _header_style(archive: zipfile.ZipFile, part: str, header_row: int) -> int | None:
    """The style of the header row's last cell, for a header cell we add."""
    with archive.open(part) as stream:
        data = stream.read(1 << 20)
    match = re.search(rb'<(?:\w+:)?row\b[^>]*?\br="' + str(header_row).encode() + rb'".*?</(?:\w+:)?row>',
                      data, re.DOTALL)
    if match is None:
        return None
    found = _CELL_STYLE.findall(match.group(0))
    return int(found[-1]) if found else None


class _RowEditor:
    """Rewrites the rows that have edits; every other row is returned as it was."""

    def __init__(self, cells: Mapping[int, Mapping[str, object]], styles: dict[str, int],
                 epoch: int, header_row: int, header_style: int | None) -> None:
        self.cells = cells
        self.styles = styles
        self.epoch = epoch
        self.header_row = header_row
        self.header_style = header_style

    def __call__(self, match: re.Match[bytes]) -> bytes:
        number = _ROW_NUMBER.search(match.group(2))
        if number is None:
            return match.group(0)
        row = int(number.group(1))
        edits = self.cells.get(row)
        if not edits:
            return match.group(0)
        prefix = (match.group(1) or b"").decode()
        attrs = re.sub(rb'\sspans="[^"]*"', b"", match.group(2))
        body = match.group(4) or b""
        existing: dict[str, tuple[bytes, int | None]] = {}
        order: list[str] = []
        for cell in _CELL.finditer(body):
            ref = _CELL_REF.search(cell.group(1))
            if ref is None:
                continue
            letter = ref.group(1).decode()
            style = _CELL_STYLE.search(cell.group(1))
            existing[letter] = (cell.group(0), int(style.group(1)) if style else None)
            order.append(letter)
        for letter in edits:
            if letter not in existing:
                order.append(letter)
        out = []
        for letter in sorted(set(order), key=column_index):
            if letter not in edits:
                out.append(existing[letter][0])
                continue
            value = edits[letter]
            if value is None:
                continue
            style = existing.get(letter, (b"", None))[1]
            if style is None:
                style = (self.header_style if row == self.header_row and self.header_style
                         is not None else self.styles.get(letter, 0))
            xml = sheetxml.input_cell(f"{letter}{row}", value, style, self.epoch)
            if prefix:
                xml = xml.replace("<c ", f"<{prefix}c ").replace("</c>", f"</{prefix}c>")
                xml = re.sub(r"<(/?)(is|t|v)\b", rf"<\1{prefix}\2", xml)
            out.append(xml.encode())
        return (f"<{prefix}row".encode() + attrs + b">" + b"".join(out)
                + f"</{prefix}row>".encode())


def _edited_sheet(archive: zipfile.ZipFile, part: str, editor: _RowEditor, appended: bytes,
                  new_last: int, validations: Sequence[str] = ()) -> Iterator[bytes]:
    """The worksheet with ``editor`` applied to each row and ``appended`` rows at the end."""
    stream = archive.open(part)
    head, tail = marking.split_at_sheet_data_end(iter(lambda: stream.read(1 << 22), b""))
    carry = b""
    first = True
    for chunk in head:
        data = carry + chunk
        if first:
            data = sheetedit.with_last_row(data, new_last)
            first = False
        cut = _last_row_end(data)
        if cut < 0:
            carry = data
            continue
        done, carry = data[:cut], data[cut:]
        yield _ROW.sub(editor, done)
    rest = _ROW.sub(editor, carry)
    stream.close()
    if appended:
        found = marking.find_sheet_data_close(rest)
        if found is None:  # the closing tag sits at the end of the head, always
            raise ValueError("worksheet without sheetData")
        rest = sheetedit.rows_before_close(rest, *found, appended)
    yield rest
    tail_bytes = b"".join(tail)
    if validations:
        tail_bytes = marking.add_validations(tail_bytes.decode("utf-8"), list(validations)).encode()
    yield tail_bytes


def _last_row_end(data: bytes) -> int:
    """The offset just after the last complete row element in ``data`` (-1: none)."""
    close = data.rfind(b"row>")
    while close >= 0:
        start = data.rfind(b"<", 0, close)
        if start >= 0 and data[start + 1:start + 2] == b"/":
            return close + 4
        close = data.rfind(b"row>", 0, close)
    return -1


def letters_in_order(values: Sequence[str]) -> list[str]:
    """Column letters sorted the way the sheet orders them (B before AA)."""
    return sorted(values, key=column_index)

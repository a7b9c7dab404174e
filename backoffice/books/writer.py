"""The one writer: every change backoffice makes to a user's .xlsx/.xlsm goes through here.

It never loads the workbook into an object model and saves it back (openpyxl
does that and drops charts, images and pivot caches). It edits the package:
the parts it changes are rewritten (a sheet streamed, the workbook part, the
styles part, a sheet's notes), and every other part is copied with its
compressed bytes untouched (:mod:`backoffice.books.zipcopy`). The new file
replaces the old one atomically (:mod:`backoffice.books.save`).

What it writes:

* output sheets (Issues, and later Trial Balance, Payroll register, …), whole,
  in place when they exist, so the sheet keeps its name, position and id and
  formulas such as ``='Trial Balance'!C5`` keep working; the book is flagged for
  full recalculation when it opens;
* native charts on an output sheet (:mod:`backoffice.books.charts`): a drawing
  and chart parts, replaced as a whole on each write (never piling up);
* marks on input sheets: a highlight (conditional format) and a note per wrong
  cell, after removing the previous Check's marks and only those;
* a sheet's new name (the Issues sheet after the book's language changed), and
  every reference to it: formulas, links, defined names, app.xml's titles
  (:mod:`backoffice.books.sheetrefs`).

Ownership is recorded in the book as hidden sheet-scoped defined names
(``_backoffice_output``, ``_backoffice_marked``), which Excel and LibreOffice
keep when sheets are renamed or moved. A sheet backoffice did not write is never
overwritten. Every save makes backoffice's hidden state hidden again, should
another program have shown it (LibreOffice's save turns very hidden sheets into
merely hidden ones and defined names into visible ones): see docs/hidden-state.md.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from backoffice.books import charts as chartxml
from backoffice.books import marks as marking
from backoffice.books import save, sheetedit, sheetrefs, sheetxml, zipcopy
from backoffice.books.hiddenstate import (
    HIGHLIGHT_FILL,
    HIGHLIGHT_FONT,
    MARKED_NAME,
    MARKS_SHEET,
    OUTPUT_NAME,
    PREFIX,
    CellRanges,
    MarksRecord,
    is_hidden_state_sheet,
    parse_marks,
    serialize_marks,
)
from backoffice.books.ooxml import NS_PKG_REL, Package
from backoffice.books.sniff import sniff_workbook
from backoffice.books.styles import CellStyle, StylesEditor
from backoffice.errors import CorruptWorkbook, UnusableInput
from backoffice.schema import SheetSchema, normalize_name

REL_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
REL_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
REL_VML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"

#: Changed parts larger than this are compressed fast (zlib level 1).
BIG_PART = 16 << 20

OUTPUT_STYLES = {
    "header": CellStyle(bold=True, font_color="FFFFFFFF", fill="FF1F4E78", border=True),
    "text": CellStyle(number_format="@"),
    "amount": CellStyle(number_format="#,##0.00;[Red]-#,##0.00"),
    "number": CellStyle(number_format="General"),
    "date": CellStyle(number_format="yyyy-mm-dd"),
    "link": CellStyle(font_color="FF0563C1"),
    # A warning people must not miss (a late obligation on the Compliance sheet): red bold.
    "alert": CellStyle(number_format="@", bold=True, font_color="FFC00000"),
}


class SheetNotOurs(UnusableInput):
    """A sheet with the output's name exists and was not written by backoffice."""

    code = "sheet-not-ours"


@contextlib.contextmanager
def _damage_is_corruption(path: str) -> Iterator[None]:
    """A part of the book that cannot be read (CRC, inflate, XML, encoding): exit 2, not 4."""
    try:
        yield
    except (zipfile.BadZipFile, zlib.error, EOFError, SyntaxError, UnicodeDecodeError,
            KeyError) as exc:
        text = str(exc).strip()
        detail = f"{type(exc).__name__}: {text.splitlines()[0][:160]}" if text else \
            type(exc).__name__
        raise CorruptWorkbook(path=path, detail=detail) from exc


class WorkbookWriter:
    """Changes to one workbook, collected and then saved in one atomic write."""

    def __init__(self, path: str) -> None:
        sniff_workbook(path)
        self.path = Path(path)
        with _damage_is_corruption(path):
            self.package = Package(path)
            self.zip = self.package.zip
            self.workbook_part = self.package.workbook_part()
            self.workbook_rels_part = _rels_part(self.workbook_part)
            self.workbook = self._text(self.workbook_part)
            self.workbook_rels = self._text(self.workbook_rels_part)
            self.content_types = self._text("[Content_Types].xml")
        self._styles: StylesEditor | None = None
        self.changes: dict[str, zipcopy.Content | None] = {}
        self._big = False
        self._renamed = False  # a sheet renamed: the workbook part changes

    def close(self) -> None:
        self.package.close()

    def __enter__(self) -> WorkbookWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- output sheets -----------------------------------------------------------
    def write_output_sheet(self, name: str, table: sheetxml.OutputTable, kind: str,
                           hidden: bool = False,
                           charts: Sequence[chartxml.Chart] | None = None,
                           recognised_by: Sequence[Sequence[str]] = ()) -> None:
        """Write ``table`` as the sheet ``name``, replacing it in place if backoffice wrote it.

        A new ``hidden`` sheet is very hidden: not listed by Excel's Unhide, for
        records the user must not edit (period locks). ``charts`` (native charts
        over the sheet's cells) replace the charts an earlier write put on the
        sheet; None leaves them as they are.

        ``recognised_by``: header rows (one per language) by which a copy of this output
        sheet that lost backoffice's mark (its sheets pasted as values into a new
        workbook) is known as ours: a sheet whose row 1 begins with one of them is
        replaced, and marked again. Without them such a sheet is :class:`SheetNotOurs`.
        """
        sheetxml.check_fits(table)
        styles = {key: self.styles.xf(style) for key, style in OUTPUT_STYLES.items()}
        index = self._sheet_index(name)
        if index is None:
            part = self._add_sheet(name, hidden)
            index = len(self._sheet_elements()) - 1
            keep = b""
        else:
            if not self.is_output(name) and not self.has_header(name, recognised_by):
                raise SheetNotOurs(path=str(self.path), sheet=name)
            part = self.package.sheets[index].part
            keep = self._kept_elements(part)
        self._set_name(OUTPUT_NAME, index, f'"{kind}"')
        if charts is not None:
            drawing = self._place_charts(part, charts)
            keep = drawing + re.sub(rb"<(?:\w+:)?drawing\b[^>]*/>", b"", keep)
        self.changes[part] = sheetxml.worksheet(table, styles, self.package.date1904, keep)
        self._full_calculation_on_load()

    def _kept_elements(self, part: str) -> bytes:
        """Drawings (charts, pictures) the user put on an output sheet survive its rewrite."""
        text = self._text(part)
        kept = re.findall(r"<(?:\w+:)?(?:drawing|legacyDrawing)\b[^>]*/>", text)
        return "".join(kept).encode()

    def _place_charts(self, part: str, charts: Sequence[chartxml.Chart]) -> bytes:
        """Replace backoffice's charts on the sheet ``part`` with ``charts``; the sheet's
        ``<drawing>`` element to write (empty when the sheet is left without a drawing).

        Parts of the replaced charts are reused by name or removed, so posting again
        and again never leaves orphan parts behind; anchors others made stay.
        """
        rels_part = _rels_part(part)
        rels = self._current(rels_part)
        drawing_part = self._related(part, rels, chartxml.REL_DRAWING)
        if drawing_part is not None and self._current(drawing_part) is None:
            drawing_part = None
        freed: list[str] = []
        if drawing_part is not None:
            drawing_rels_part = _rels_part(drawing_part)
            drawing_rels = self._current(drawing_rels_part) or _empty_rels()
            stripped = chartxml.strip_owned(self._current(drawing_part) or "")
            for rel_id in stripped.removed:
                drawing_rels, target = _remove_relationship(drawing_rels, rel_id)
                if target is not None:
                    chart = _resolve(drawing_part, target)
                    freed.append(chart)
                    self._remove_part_tree(chart)
            drawing, next_id = stripped.text, stripped.max_id + 1
            if not charts and stripped.anchors == 0:
                self._remove_part(drawing_part)
                self._remove_part(drawing_rels_part)
                assert rels is not None
                rels = re.sub(rf'<Relationship\b[^>]*Type="{re.escape(chartxml.REL_DRAWING)}"'
                              r"[^>]*/>", "", rels)
                self._free_parts(freed)
                self.changes[rels_part] = rels.encode()
                return b""
        else:
            if not charts:
                return b""
            drawing_part = self._free_part("xl/drawings/drawing{}.xml")
            drawing_rels_part = _rels_part(drawing_part)
            drawing_rels, drawing, next_id = _empty_rels(), chartxml.empty_drawing(), 2
            self._add_override(drawing_part, chartxml.CT_DRAWING)
            rels, _ = _add_relationship(rels or _empty_rels(), chartxml.REL_DRAWING,
                                        posixpath.relpath(drawing_part, posixpath.dirname(part)))
            self.changes[rels_part] = rels.encode()
        declare = not chartxml.binds_prefixes(drawing)
        anchors = []
        for number, chart in enumerate(charts):
            chart_part = freed.pop(0) if freed else self._free_part("xl/charts/chart{}.xml")
            if f'PartName="/{chart_part}"' not in self.content_types:
                self._add_override(chart_part, chartxml.CT_CHART)
            self.changes[chart_part] = chartxml.chart_part(chart)
            drawing_rels, rel_id = _add_relationship(
                drawing_rels, chartxml.REL_CHART,
                posixpath.relpath(chart_part, posixpath.dirname(drawing_part)))
            anchors.append(chartxml.anchor_xml(chart, next_id + number, rel_id, declare))
        self._free_parts(freed)
        self.changes[drawing_part] = chartxml.add_anchors(drawing, anchors).encode()
        self.changes[drawing_rels_part] = drawing_rels.encode()
        assert rels is not None
        rel_id = re.search(rf'<Relationship\b(?=[^>]*Type="{re.escape(chartxml.REL_DRAWING)}")'
                           r'[^>]*\bId="([^"]+)"', rels)
        assert rel_id is not None
        return f'<drawing r:id="{rel_id.group(1)}"/>'.encode()

    def _current(self, part: str) -> str | None:
        """The text of ``part`` as this writer will save it (None: absent or removed)."""
        if part in self.changes:
            content = self.changes[part]
            return content.decode("utf-8") if isinstance(content, bytes) else None
        return self._text(part) if part in self.zip.NameToInfo else None

    def _remove_part_tree(self, part: str) -> None:
        """Remove ``part``, its relationships and the parts only they point at (a chart's
        style and colour parts that Excel adds when it saves)."""
        rels_part = _rels_part(part)
        rels = self._current(rels_part)
        if rels is not None:
            for match in re.finditer(r"<Relationship\b[^>]*/>", rels):
                if 'TargetMode="External"' in match.group(0):
                    continue
                target = re.search(r'Target="([^"]+)"', match.group(0))
                if target is not None:
                    self._remove_part(_resolve(part, target.group(1)))
            self._remove_part(rels_part)
        self._remove_part(part)

    def _remove_part(self, part: str) -> None:
        if self._current(part) is not None or part in self.zip.NameToInfo:
            self.changes[part] = None
        self.content_types = re.sub(rf'<Override\b[^>]*PartName="/{re.escape(part)}"[^>]*/>', "",
                                    self.content_types)

    def _free_parts(self, parts: Sequence[str]) -> None:
        """Parts removed and not reused keep no content-type override."""
        for part in parts:
            self._remove_part(part)

    def _add_sheet(self, name: str, hidden: bool = False) -> str:
        part = self._free_part("xl/worksheets/sheet{}.xml")
        target = posixpath.relpath(part, posixpath.dirname(self.workbook_part))
        self.workbook_rels, rel_id = _add_relationship(self.workbook_rels, REL_WORKSHEET, target)
        ids = [int(i) for i in re.findall(r'<sheet\b[^>]*\bsheetId="(\d+)"', self.workbook)]
        state = ' state="veryHidden"' if hidden else ""
        element = (f'<sheet name="{_attr(name)}" sheetId="{max(ids, default=0) + 1}"{state} '
                   f'r:id="{rel_id}"/>')
        if 'xmlns:r="' not in self.workbook[: self.workbook.index(">", self.workbook.index("<workbook")) + 1]:
            element = element.replace(" r:id=", f' xmlns:r="{_NS_R}" r:id=')
        self.workbook = self.workbook.replace("</sheets>", element + "</sheets>", 1)
        self._add_override(part, CT_WORKSHEET)
        return part

    def sheet_names(self) -> list[str]:
        """The names of the worksheets, in tab order, hidden ones included."""
        return [sheet.name for sheet in self.package.sheets]

    def cell_style(self, style: CellStyle) -> int:
        """The style index of ``style`` (added to the book's styles if it is new)."""
        return self.styles.xf(style)

    def is_output(self, name: str) -> bool:
        """True when backoffice wrote the sheet ``name``: it carries the output name, or
        it is hidden state (a ``_backoffice_*`` name is reserved, and a client without
        sheet-scoped names, such as Google Sheets, cannot mark it otherwise)."""
        index = self._sheet_index(name)
        return index is not None and (self._has_name(OUTPUT_NAME, index)
                                      or is_hidden_state_sheet(self.package.sheets[index].name))

    def has_header(self, name: str, headers: Sequence[Sequence[str]]) -> bool:
        """True when row 1 of the sheet ``name`` begins with one of ``headers`` (cell by
        cell, as :func:`~backoffice.schema.normalize_name` compares names; more columns
        may follow)."""
        index = self._sheet_index(name)
        if index is None or not any(headers):
            return False
        with _damage_is_corruption(str(self.path)):
            head = self.package.head(self.package.sheets[index].name, max_rows=1)
        if not head or head[0][0] != 1:
            return False
        cells = head[0][1]
        return any(all(normalize_name(str(cells.get(i) or "")) == normalize_name(text)
                       for i, text in enumerate(header)) for header in headers if header)

    # -- renaming a sheet ------------------------------------------------------------
    def rename_sheet(self, old: str, new: str) -> None:
        """Rename the sheet ``old`` to ``new`` as Excel does, everywhere the book names it.

        The tab (``workbook.xml``), the defined names that refer to it (print areas,
        hidden ``_backoffice_*`` names, the user's), formulas, hyperlink locations,
        validations and conditional formats on every sheet, chart series, pivot sources,
        ``HYPERLINK("#Issues!A1", …)`` link locations, the titles of docProps/app.xml,
        and the marks record (hidden state, which lists marked sheets by name). Every
        other part keeps its bytes. The sheet keeps its position, id and owner marks.

        ValueError when ``new`` is not a name Excel accepts or another sheet has it.
        """
        index = self._sheet_index(old)
        if index is None:
            raise KeyError(old)
        sheetrefs.check_sheet_name(new)
        taken = self._sheet_index(new)
        if taken is not None and taken != index:
            raise ValueError(f"{self.path.name} already has a sheet {new!r}")
        current = self.package.sheets[index].name
        if current == new:
            return
        element = next(e for e in self._sheet_elements()
                       if (m := re.search(r'\bname="([^"]*)"', e))
                       and html.unescape(m.group(1)) == current)
        renamed = re.sub(r'\bname="[^"]*"', lambda _m: f'name="{_attr(new)}"', element, count=1)
        start = self.workbook.index(element, self.workbook.index("<sheets"))
        self.workbook = self.workbook[:start] + renamed + self.workbook[start + len(element):]
        self.workbook = sheetrefs.rename_in_xml(self.workbook, current, new)
        self.package.sheets[index] = dataclasses.replace(self.package.sheets[index], name=new)
        self._renamed = True
        for part in self._parts_that_may_refer():
            self._rename_in_part(part, current, new)
        app = self.package.app_part()
        if app is not None:
            text = self._current(app)
            if text is not None:
                titles = sheetrefs.rename_in_titles(text, current, new)
                if titles != text:
                    self.changes[app] = titles.encode("utf-8")
        self._rename_in_marks_record(current, new)

    def _parts_that_may_refer(self) -> list[str]:
        """The parts where a reference to a sheet may sit: sheets, charts, pivot caches,
        drawings and relationships (not the shared strings, styles or theme: text there
        is never a reference)."""
        skipped = re.compile(r"(?:sharedStrings|styles|theme/[^/]*)\.xml$|\.vml$|"
                             r"^\[Content_Types\]\.xml$|^docProps/")
        return [name for name in self.zip.NameToInfo
                if name.endswith((".xml", ".rels")) and name != self.workbook_part
                and not skipped.search(name)]

    def _rename_in_part(self, part: str, old: str, new: str) -> None:
        content = self.changes.get(part, b"") if part in self.changes else None
        if part in self.changes and content is None:
            return  # removed
        if content is not None and not isinstance(content, bytes):  # a stream to be written
            self.changes[part] = sheetrefs.rename_in_chunks(content, old, new)
            return
        if content is None and self.zip.getinfo(part).file_size > BIG_PART:
            if self._streamed_part_refers(part, old, new):
                self.changes[part] = self._renamed_stream(part, old, new)
            return
        text = content.decode("utf-8") if content is not None else self._text(part)
        renamed = sheetrefs.rename_in_xml(text, old, new)
        if renamed != text:
            self.changes[part] = renamed.encode("utf-8")

    def _streamed_part_refers(self, part: str, old: str, new: str) -> bool:
        """Whether a big part names the sheet ``old`` (read through once, in chunks)."""
        with self.zip.open(part) as stream:
            blocks = iter(lambda: stream.read(1 << 22), b"")
            carry = b""
            for block in blocks:
                data = carry + block
                cut = sheetrefs.last_opening_tag(data)
                head, carry = data[:cut], data[cut:]
                text = head.decode("utf-8")
                if sheetrefs.rename_in_xml(text, old, new) != text:
                    return True
            text = carry.decode("utf-8")
            return sheetrefs.rename_in_xml(text, old, new) != text

    def _renamed_stream(self, part: str, old: str, new: str) -> Iterator[bytes]:
        self._big = True
        with self.zip.open(part) as stream:
            yield from sheetrefs.rename_in_chunks(iter(lambda: stream.read(1 << 22), b""),
                                                  old, new)

    def _rename_in_marks_record(self, old: str, new: str) -> None:
        """The marks record lists marked sheets by name: a renamed one keeps its entry."""
        texts = self.hidden_texts(MARKS_SHEET)
        record = parse_marks(texts) if texts else None
        if record is None or old not in record.sheets:
            return
        sheets = {new if name == old else name: marks for name, marks in record.sheets.items()}
        header, *rows = serialize_marks(MarksRecord(sheets))
        table = sheetxml.OutputTable([sheetxml.Column(header, width=60)],
                                     ([row] for row in rows), row_count=len(rows))
        self.write_output_sheet(MARKS_SHEET, table, "marks", hidden=True)

    # -- marks -----------------------------------------------------------------------
    def marked_sheets(self) -> list[str]:
        """The sheets that carry marks from an earlier Check."""
        names = [s.name for s in self.package.sheets]
        return [names[i] for i in range(len(names)) if self._has_name(MARKED_NAME, i)]

    def mark_cells(self, sheet: str, cells: Sequence[marking.CellMark],
                   noted: CellRanges | None = None) -> list[str]:
        """Replace the marks on ``sheet`` with ``cells`` (none: just remove the old ones).

        ``noted`` lists the cells the marks record says carry our note (the notes' own
        marker decides first: :func:`~backoffice.books.hiddenstate.is_our_note`).
        Returns the cells that now carry our note (not those with the user's note).
        """
        index = self._sheet_index(sheet)
        if index is None:
            raise KeyError(sheet)
        part = self.package.sheets[index].part
        rels_part = _rels_part(part)
        rels = self._text(rels_part) if rels_part in self.zip.NameToInfo else None
        comments_part = self._related(part, rels, REL_COMMENTS)
        vml_part = self._related(part, rels, REL_VML)
        legacy_rel = None
        added: list[str] = []
        if cells or comments_part:
            comments, removed, added = marking.edit_comments(
                self._text(comments_part) if comments_part else None, cells, noted)
            if removed or added:
                rels, comments_part, vml_part, legacy_rel = self._note_parts(
                    part, rels, comments_part, vml_part)
                existing_vml = (self._text(vml_part) if vml_part in self.zip.NameToInfo
                                else None)
                vml = marking.edit_vml(existing_vml, removed, added, self._free_vml_block())
                self.changes[comments_part] = comments.encode()
                self.changes[vml_part] = vml.encode()
                self.changes[rels_part] = rels.encode()
        dxf = self.styles.dxf(HIGHLIGHT_FILL, HIGHLIGHT_FONT) if cells else 0
        refs = [c.ref for c in cells]
        if self.zip.getinfo(part).file_size > BIG_PART:
            self._big = True
        self.changes[part] = sheetedit.marked_sheet(self.zip, part, refs, dxf, legacy_rel)
        if cells:
            self._set_name(MARKED_NAME, index, "TRUE")
        else:
            self._remove_name(MARKED_NAME, index)
        return added

    def hidden_texts(self, sheet: str) -> list[str] | None:
        """The texts of column A, top down, of the hidden-state sheet ``sheet`` that
        backoffice wrote; None when the book has no such sheet of ours."""
        if not is_hidden_state_sheet(sheet) or not self.is_output(sheet):
            return None
        index = self._sheet_index(sheet)
        assert index is not None
        rows = self.package.head(self.package.sheets[index].name, max_rows=1_048_576)
        return [str(cells.get(0) or "") for _number, cells in rows]

    def _note_parts(self, part: str, rels: str | None, comments_part: str | None,
                    vml_part: str | None) -> tuple[str, str, str, str | None]:
        """Ensure the sheet has a comments part and a VML drawing; (rels, comments, vml, new rel)."""
        rels = rels or (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                        f'<Relationships xmlns="{NS_PKG_REL}"></Relationships>')
        folder = posixpath.dirname(part)
        legacy_rel = None
        if comments_part is None:
            comments_part = self._free_part("xl/comments{}.xml")
            rels, _ = _add_relationship(rels, REL_COMMENTS, posixpath.relpath(comments_part, folder))
            self._add_override(comments_part, CT_COMMENTS)
        if vml_part is None:
            vml_part = self._free_part("xl/drawings/vmlDrawing{}.vml")
            rels, legacy_rel = _add_relationship(rels, REL_VML, posixpath.relpath(vml_part, folder))
            if 'Extension="vml"' not in self.content_types:
                self.content_types = self.content_types.replace(
                    "<Override", f'<Default Extension="vml" ContentType="{CT_VML}"/><Override', 1)
        return rels, comments_part, vml_part, legacy_rel

    def _free_vml_block(self) -> int:
        used: set[int] = set()
        for name in self.zip.namelist():
            if name.endswith(".vml"):
                used |= marking.vml_blocks(self._text(name))
        for name, content in self.changes.items():
            if name.endswith(".vml") and isinstance(content, bytes):
                used |= marking.vml_blocks(content.decode())
        return max(used, default=0) + 1

    def _free_part(self, pattern: str) -> str:
        taken = set(self.zip.namelist()) | set(self.changes)
        number = 1
        while pattern.format(number) in taken:
            number += 1
        return pattern.format(number)

    def _related(self, part: str, rels: str | None, rel_type: str) -> str | None:
        if rels is None:
            return None
        match = re.search(rf'<Relationship\b[^>]*Type="{re.escape(rel_type)}"[^>]*/>', rels)
        if match is None:
            return None
        target = re.search(r'Target="([^"]+)"', match.group(0))
        assert target is not None
        return _resolve(part, target.group(1))

    # -- appending rows to an input sheet ---------------------------------------------------
    def append_rows(self, sheet: str, header_row: int, rows: Sequence[dict[str, object]],
                    kinds: dict[str, str]) -> int:
        """Append ``rows`` (column letter -> value) below the last row of ``sheet``.

        Each new cell takes the style of the cell above it in its column (its
        number or date format), or a plain one of ``kinds[letter]`` ("text",
        "amount", "date", "number") when the column has none. An Excel table whose
        header is ``header_row`` grows to take the new rows. Returns the first new row.
        """
        return self.replace_rows(sheet, header_row, {}, rows, kinds)

    def replace_rows(self, sheet: str, header_row: int,
                     replaced: dict[int, dict[str, object] | None],
                     appended: Sequence[dict[str, object]], kinds: dict[str, str]) -> int:
        """Rewrite whole rows of ``sheet`` in place, then append rows as :meth:`append_rows`.

        ``replaced`` maps a row number to its new cells (column letter -> value), or to
        None to empty the row. Cells of a replaced row that are not given are gone:
        the row is the new content, styled like appended rows. Rows not named stream
        through byte for byte. Returns the first appended row.
        """
        index = self._sheet_index(sheet)
        if index is None:
            raise KeyError(sheet)
        part = self.package.sheets[index].part
        last_row, styles = sheetedit.last_row_and_styles(self.zip, part, header_row)
        first = max(last_row, header_row) + 1
        new_last = first + len(appended) - 1
        plain = {kind: self.styles.xf(style) for kind, style in OUTPUT_STYLES.items()}
        epoch = 1904 if self.package.date1904 else 1900

        def row_xml(number: int, row: dict[str, object]) -> str:
            return f'<row r="{number}">' + "".join(
                sheetxml.input_cell(f"{letter}{number}", value,
                                    styles.get(letter, plain[kinds.get(letter, "text")]), epoch)
                for letter, value in sorted(row.items(), key=lambda kv: (len(kv[0]), kv[0]))
                if value is not None) + "</row>"

        try:
            xml = "".join(row_xml(first + i, row) for i, row in enumerate(appended))
            swaps = {n: row_xml(n, row) if row else "" for n, row in replaced.items()}
        except sheetxml.TextTooLong as too_long:  # name the sheet the cell is on
            raise sheetxml.TextTooLong(**{**too_long.params, "sheet": sheet}) from None
        if replaced:
            self.changes[part] = sheetedit.sheet_with_replaced_rows(
                self.zip, part, swaps, xml, max(new_last, last_row))
        else:
            self.changes[part] = sheetedit.sheet_with_rows(self.zip, part, xml, new_last)
        if self.zip.getinfo(part).file_size > BIG_PART:
            self._big = True
        if appended:
            self._grow_tables(part, header_row, new_last)
        return first

    def _tables_at(self, part: str, header_row: int) -> Iterator[tuple[str, str, re.Match[str]]]:
        """The Excel tables of a sheet whose header is ``header_row``: (part, xml, ref match)."""
        rels_part = _rels_part(part)
        if rels_part not in self.zip.NameToInfo:
            return
        rels = self._text(rels_part)
        for match in re.finditer(r'<Relationship\b[^>]*Type="[^"]*/table"[^>]*/>', rels):
            target = re.search(r'Target="([^"]+)"', match.group(0))
            assert target is not None
            table_part = _resolve(part, target.group(1))
            table = self._text(table_part)
            ref = re.search(r'<table\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', table)
            if ref is not None and int(ref.group(2)) == header_row:
                yield table_part, table, ref

    def _grow_tables(self, part: str, header_row: int, new_last: int) -> None:
        for table_part, table, ref in self._tables_at(part, header_row):
            if int(ref.group(4)) >= new_last:
                continue
            old = f"{ref.group(1)}{ref.group(2)}:{ref.group(3)}{ref.group(4)}"
            new = f"{ref.group(1)}{ref.group(2)}:{ref.group(3)}{new_last}"
            self.changes[table_part] = table.replace(f'ref="{old}"', f'ref="{new}"').encode()

    # -- upgrading a sheet's layout ---------------------------------------------------------
    def add_columns(self, sheet: str, header_row: int, headers: dict[str, str],
                    validations: Sequence[sheetxml.Validation] = ()) -> None:
        """Add header cells (letter -> text) at the right of ``sheet``'s header row, grow its
        Excel table to take them, and add data validations (as ``<dataValidation>`` elements).

        Only the header row and the sheet's tail change: no data cell is touched.
        """
        index = self._sheet_index(sheet)
        if index is None:
            raise KeyError(sheet)
        part = self.package.sheets[index].part
        if self.zip.getinfo(part).file_size > BIG_PART:
            self._big = True
        if not headers and not validations:
            return
        self.changes[part] = sheetedit.sheet_with_header_cells(
            self.zip, part, header_row, headers, [v.xml() for v in validations])
        if headers:
            self._widen_tables(part, header_row, headers)

    def _widen_tables(self, part: str, header_row: int, headers: dict[str, str]) -> None:
        for table_part, table, ref in self._tables_at(part, header_row):
            ids = [int(i) for i in re.findall(r'<tableColumn\b[^>]*\bid="(\d+)"', table)]
            columns = "".join(f'<tableColumn id="{max(ids, default=0) + i}" name="{_attr(text)}"/>'
                              for i, text in enumerate(headers.values(), start=1))
            last_letter = max(headers, key=lambda letter: (len(letter), letter))
            old = f"{ref.group(1)}{ref.group(2)}:{ref.group(3)}{ref.group(4)}"
            new = f"{ref.group(1)}{ref.group(2)}:{last_letter}{ref.group(4)}"
            table = table.replace(f'ref="{old}"', f'ref="{new}"')
            table = table.replace("</tableColumns>", columns + "</tableColumns>", 1)
            table = re.sub(r'(<tableColumns\b[^>]*\bcount=")\d+(")',
                           rf"\g<1>{len(ids) + len(headers)}\g<2>", table, count=1)
            self.changes[table_part] = table.encode()

    def dropdown_columns(self, sheet: str) -> set[str]:
        """The column letters of ``sheet`` that already have a dropdown."""
        index = self._sheet_index(sheet)
        if index is None:
            raise KeyError(sheet)
        tail = sheetedit.sheet_tail(self.zip, self.package.sheets[index].part)
        return sheetedit.list_validation_columns(tail)

    def add_input_sheet(self, schema: SheetSchema, lang: str) -> str:
        """Add a new, empty sheet of ``schema`` the user will type into (not an output
        sheet), in the book's own styles; its name."""
        header = self.styles.xf(OUTPUT_STYLES["header"])
        styles = {f.key: self.styles.xf(CellStyle(number_format=f.excel_format))
                  for f in schema.fields}
        name = schema.name(lang)
        part = self._add_sheet(name)
        self.changes[part] = iter([sheetxml.input_sheet(schema, lang, header, styles)])
        return name

    # -- workbook-level bookkeeping ------------------------------------------------------
    @property
    def styles(self) -> StylesEditor:
        if self._styles is None:
            styles_part = self._styles_part()
            with _damage_is_corruption(str(self.path)):
                self._styles = StylesEditor.from_bytes(self.zip.read(styles_part))
        return self._styles

    def _styles_part(self) -> str:
        match = re.search(r'<Relationship\b[^>]*Type="[^"]*/styles"[^>]*/>', self.workbook_rels)
        target = re.search(r'Target="([^"]+)"', match.group(0)) if match else None
        return _resolve(self.workbook_part, target.group(1)) if target else "xl/styles.xml"

    def _sheet_elements(self) -> list[str]:
        return re.findall(r"<sheet\b[^>]*/>", self.workbook)

    def _sheet_index(self, name: str) -> int | None:
        wanted = name.casefold()  # Excel's sheet names are unique regardless of case
        for i, sheet in enumerate(self.package.sheets):
            if sheet.name.casefold() == wanted:
                return i
        return None

    def _has_name(self, name: str, index: int) -> bool:
        return re.search(rf'<definedName\b(?=[^>]*\bname="{name}")(?=[^>]*\blocalSheetId="{index}")',
                         self.workbook) is not None

    def _set_name(self, name: str, index: int, value: str) -> None:
        if self._has_name(name, index):
            return
        element = f'<definedName name="{name}" localSheetId="{index}" hidden="1">{_text(value)}</definedName>'
        if "<definedNames>" in self.workbook:
            self.workbook = self.workbook.replace("</definedNames>", element + "</definedNames>", 1)
        elif "<definedNames/>" in self.workbook:
            self.workbook = self.workbook.replace("<definedNames/>",
                                                  f"<definedNames>{element}</definedNames>", 1)
        else:
            self.workbook = self.workbook.replace("</sheets>",
                                                  f"</sheets><definedNames>{element}</definedNames>", 1)

    def _remove_name(self, name: str, index: int) -> None:
        self.workbook = re.sub(
            rf'<definedName\b(?=[^>]*\bname="{name}")(?=[^>]*\blocalSheetId="{index}")[^>]*>'
            r"[^<]*</definedName>", "", self.workbook)
        self.workbook = self.workbook.replace("<definedNames></definedNames>", "")

    def _hide_our_state(self) -> None:
        """Hidden state hidden again: every ``_backoffice_*`` sheet very hidden, every
        ``_backoffice_*`` defined name hidden (another program's save may have shown
        them; the user never asked to see them)."""

        def sheet(match: re.Match[str]) -> str:
            element = match.group(0)
            name = re.search(r'\bname="([^"]*)"', element)
            if name is None or not is_hidden_state_sheet(name.group(1)) \
                    or re.search(r'\bstate="veryHidden"', element):
                return element
            if re.search(r'\bstate="[^"]*"', element):
                return re.sub(r'\bstate="[^"]*"', 'state="veryHidden"', element, count=1)
            return re.sub(r"^<sheet\b", '<sheet state="veryHidden"', element)

        def name(match: re.Match[str]) -> str:
            element = match.group(0)
            if re.search(r'\bhidden="(?:1|true)"', element):
                return element
            if re.search(r'\bhidden="[^"]*"', element):
                return re.sub(r'\bhidden="[^"]*"', 'hidden="1"', element, count=1)
            end = -2 if element.endswith("/>") else -1
            return element[:end] + ' hidden="1"' + element[end:]

        self.workbook = re.sub(r"<sheet\b[^>]*/>", sheet, self.workbook)
        self.workbook = re.sub(rf'<definedName\b(?=[^>]*\bname="{PREFIX}\w*")[^>]*>', name,
                               self.workbook)

    def _unselect_our_state(self) -> None:
        """No hidden-state sheet stays the active or a selected tab once hidden again.

        A user who unhid one (after LibreOffice's save made it merely hidden) may save
        the book with it active; Excel then opens on a hidden sheet, and a hidden sheet
        still selected is grouped with the visible one, so that typing goes into both.
        The first visible sheet becomes the active tab instead.
        """
        view = re.search(r"<workbookView\b[^>]*>", self.workbook)
        if view is None:
            return
        active = re.search(r'\bactiveTab="(\d+)"', view.group(0))
        index = int(active.group(1)) if active else 0
        elements = re.findall(r"<sheet\b[^>]*/>", self.workbook)  # in tab order, new ones too
        names = [html.unescape(m.group(1)) if (m := re.search(r'\bname="([^"]*)"', e)) else ""
                 for e in elements]
        if index >= len(names) or not is_hidden_state_sheet(names[index]):
            return
        visible = [i for i, e in enumerate(elements)
                   if (state := re.search(r'\bstate="([^"]*)"', e)) is None
                   or state.group(1) == "visible"]
        if not visible:
            return
        element = view.group(0)
        for attribute in ("activeTab", "firstSheet"):
            found = re.search(rf'\b{attribute}="(\d+)"', element)
            if attribute == "activeTab" and found is None:
                element = element.replace("<workbookView", f'<workbookView activeTab="{visible[0]}"', 1)
            elif found and (attribute == "activeTab" or int(found.group(1)) > visible[0]):
                element = element.replace(found.group(0), f'{attribute}="{visible[0]}"', 1)
        self.workbook = self.workbook.replace(view.group(0), element, 1)
        for sheet in self.package.sheets:
            if not is_hidden_state_sheet(sheet.name) or sheet.part in self.changes:
                continue  # a sheet written now has no selection
            text = self._text(sheet.part)
            unselected = re.sub(r'(<(?:\w+:)?sheetView\b[^>]*?)\s+tabSelected="(?:1|true)"', r"\1",
                                text)
            if unselected != text:
                self.changes[sheet.part] = unselected.encode("utf-8")

    def _full_calculation_on_load(self) -> None:
        if re.search(r"<calcPr\b[^>]*fullCalcOnLoad=", self.workbook):
            self.workbook = re.sub(r'(<calcPr\b[^>]*fullCalcOnLoad=")[^"]*"', r'\g<1>1"',
                                   self.workbook, count=1)
        elif "<calcPr" in self.workbook:
            self.workbook = self.workbook.replace("<calcPr", '<calcPr fullCalcOnLoad="1"', 1)
        else:
            follower = re.search(r"<(oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes"
                                 r"|webPublishing|fileRecoveryPr|webPublishObjects|extLst)\b|</workbook>",
                                 self.workbook)
            assert follower is not None
            self.workbook = (self.workbook[:follower.start()] + '<calcPr fullCalcOnLoad="1"/>'
                             + self.workbook[follower.start():])

    def _add_override(self, part: str, content_type: str) -> None:
        self.content_types = self.content_types.replace(
            "</Types>", f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>', 1)

    @staticmethod
    def _new_rel_id(rels: str) -> str:
        numbers = [int(n) for n in re.findall(r'Id="rId(\d+)"', rels)]
        return f"rId{max(numbers, default=0) + 1}"

    def _text(self, part: str) -> str:
        with _damage_is_corruption(str(self.path)):
            return self.zip.read(part).decode("utf-8")

    # -- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        """Write every change in one atomic replacement of the file."""
        if not self.changes and not self._renamed:
            return
        self._hide_our_state()
        self._unselect_our_state()
        changes: dict[str, zipcopy.Content | None] = dict(self.changes)
        originals = {
            self.workbook_part: self.workbook,
            self.workbook_rels_part: self.workbook_rels,
            "[Content_Types].xml": self.content_types,
        }
        for part, text in originals.items():
            if text != self._text(part):
                changes[part] = text.encode("utf-8")
        if self._styles is not None and self._styles.changed:
            changes[self._styles_part()] = self._styles.to_bytes()
        level = 1 if self._big else 6

        def write(handle: BinaryIO) -> None:
            zipcopy.rewrite(self.zip, handle, changes, level=level)

        save.save_atomically(self.path, write)


_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _add_relationship(rels: str, rel_type: str, target: str) -> tuple[str, str]:
    """``rels`` with a new relationship to ``target``, and the new relationship's id."""
    rel_id = WorkbookWriter._new_rel_id(rels)
    element = f'<Relationship Id="{rel_id}" Type="{rel_type}" Target="{target}"/>'
    return rels.replace("</Relationships>", element + "</Relationships>", 1), rel_id


def _empty_rels() -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{NS_PKG_REL}"></Relationships>')


def _remove_relationship(rels: str, rel_id: str) -> tuple[str, str | None]:
    """``rels`` without the relationship ``rel_id``, and that relationship's target."""
    match = re.search(rf'<Relationship\b(?=[^>]*\bId="{re.escape(rel_id)}")[^>]*/>', rels)
    if match is None:
        return rels, None
    target = re.search(r'Target="([^"]+)"', match.group(0))
    return rels[:match.start()] + rels[match.end():], target.group(1) if target else None


def _rels_part(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def _resolve(part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

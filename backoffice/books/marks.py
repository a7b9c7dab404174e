"""Marks on the user's own sheets: a highlight and a note on each wrong cell.

The highlight is a conditional format (an always-true rule whose formula names
``backoffice-mark``), not a change of the cell's style: the user's own fills,
fonts and number formats are never touched, and removing the marks of the
previous Check is removing those rules. The note is a classic cell note
(comment) whose text starts with the marker line ``«backoffice»``; notes are
told apart by :func:`backoffice.books.hiddenstate.is_our_note`, never by their
author (LibreOffice's save blanks it, Excel keeps it when a user rewrites one).
Notes by anyone else are kept as they are, and a cell that already has the
user's note gets no note from us (the Issues sheet still lists it). The format
is specified in docs/hidden-state.md.

Everything here edits XML as text around the elements it owns, so the rest of
each part stays byte for byte as it was.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from backoffice.books.hiddenstate import (
    HIGHLIGHT_FORMULA,
    HIGHLIGHT_MARKER,
    LEGACY_AUTHOR,
    NOTE_MARKER,
    CellRanges,
    is_our_note,
)
from backoffice.books.ooxml import NS_MAIN, NS_REL, column_index

#: The author our notes are written with: not how they are recognised (see is_our_note),
#: but what Excel shows, and what earlier versions of backoffice recognise.
AUTHOR = LEGACY_AUTHOR
#: Conditional-format rules per block; Excel copes badly with one huge range list.
RANGES_PER_BLOCK = 500

# Elements that follow conditionalFormatting / legacyDrawing in CT_Worksheet.
_AFTER_CF = ("dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup",
             "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches",
             "ignoredErrors", "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF",
             "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts",
             "extLst")
_AFTER_LEGACY = _AFTER_CF[_AFTER_CF.index("legacyDrawingHF"):]


@dataclass(frozen=True, slots=True)
class CellMark:
    """One wrong cell: its A1 reference and the note to put on it."""

    ref: str
    note: str


# -- the worksheet part ------------------------------------------------------------

def split_at_sheet_data_end(chunks: Iterable[bytes]) -> tuple[Iterator[bytes], list[bytes]]:
    """Stream a worksheet's bytes: (the part up to the end of sheetData, the rest as a list).

    The bulk (the cells) streams through untouched; the small tail after it is
    where marks live. The returned iterator must be consumed before the tail is read.
    """
    tail: list[bytes] = []

    def head() -> Iterator[bytes]:
        carry = b""
        found = False
        for chunk in chunks:
            if found:
                tail.append(chunk)
                continue
            data = carry + chunk
            at = _sheet_data_end(data)
            if at is None:
                keep = len(data) - 32
                if keep > 0:
                    yield data[:keep]
                    carry = data[keep:]
                else:
                    carry = data
                continue
            found = True
            yield data[:at]
            tail.append(data[at:])
        if not found:
            tail.append(carry)

    return head(), tail


def _sheet_data_end(data: bytes) -> int | None:
    """Where the tail starts: right after ``</sheetData>`` or a self-closed ``<sheetData/>``."""
    found = find_sheet_data_close(data)
    return found[1] if found else None


def find_sheet_data_close(data: bytes) -> tuple[int, int] | None:
    """(start, end) of the tag that closes sheetData (``</sheetData>``, or ``<sheetData/>``
    for an empty sheet), with any namespace prefix; None if ``data`` does not hold it.

    A plain substring search: a regex with an optional prefix cannot use a literal
    start and crawls through hundreds of megabytes of cells.
    """
    at = data.find(b"sheetData")
    while at != -1:
        start = data.rfind(b"<", 0, at)
        end = data.find(b">", at)
        if start != -1 and end != -1:
            tag = data[start:end + 1]
            if tag.startswith(b"</") or tag.endswith(b"/>"):
                return start, end + 1
        at = data.find(b"sheetData", at + 9)
    return None


def edit_tail(tail: str, refs: Sequence[str], dxf: int, legacy_rel: str | None,
              prefix: str = "") -> str:
    """The worksheet tail with our old rules removed, new ones added, and a legacyDrawing."""
    tail = _remove_our_rules(tail, prefix)
    if refs:
        blocks = "".join(_rule_block(chunk, dxf, prefix) for chunk in _batches(_ranges(refs)))
        tail = _insert_before(tail, _AFTER_CF, blocks, prefix)
    if legacy_rel and not re.search(rf"<{prefix}legacyDrawing\b", tail):
        element = f'<{prefix}legacyDrawing xmlns:r="{NS_REL}" r:id="{legacy_rel}"/>'
        tail = _insert_before(tail, _AFTER_LEGACY, element, prefix)
    return tail


def add_validations(tail: str, validations: Sequence[str], prefix: str = "") -> str:
    """The worksheet tail with ``<dataValidation>`` elements added to its list."""
    xml = "".join(validations)
    existing = re.search(rf"<{prefix}dataValidations\b([^>]*)>(.*?)</{prefix}dataValidations>",
                         tail, re.S)
    if existing:
        count = len(re.findall(rf"<{prefix}dataValidation\b", existing.group(2))) + len(validations)
        opening = re.sub(r'count="\d+"', f'count="{count}"', f"<{prefix}dataValidations"
                         f"{existing.group(1)}>")
        block = f"{opening}{existing.group(2)}{xml}</{prefix}dataValidations>"
        return tail[:existing.start()] + block + tail[existing.end():]
    block = f'<{prefix}dataValidations count="{len(validations)}">{xml}</{prefix}dataValidations>'
    return _insert_before(tail, _AFTER_CF[1:], block, prefix)


def legacy_drawing_rel(tail: str, prefix: str = "") -> str | None:
    """The relationship id of the sheet's existing legacyDrawing (its notes), if any."""
    match = re.search(rf'<{prefix}legacyDrawing\b[^>]*?\b\w*:?id="([^"]+)"', tail)
    return match.group(1) if match else None


def _remove_our_rules(tail: str, prefix: str) -> str:
    pattern = re.compile(rf"<{prefix}conditionalFormatting\b[^>]*>.*?</{prefix}conditionalFormatting>",
                         re.S)
    return pattern.sub(lambda m: "" if HIGHLIGHT_MARKER in m.group(0) else m.group(0), tail)


def _rule_block(ranges: list[str], dxf: int, prefix: str) -> str:
    return (f'<{prefix}conditionalFormatting sqref="{" ".join(ranges)}">'
            f'<{prefix}cfRule type="expression" dxfId="{dxf}" priority="1" stopIfTrue="1">'
            f"<{prefix}formula>{HIGHLIGHT_FORMULA}</{prefix}formula></{prefix}cfRule>"
            f"</{prefix}conditionalFormatting>")


def _insert_before(tail: str, followers: tuple[str, ...], xml: str, prefix: str) -> str:
    positions = [m.start() for name in followers
                 for m in [re.search(rf"<{prefix}{name}\b", tail)] if m]
    end = tail.rindex(f"</{prefix}worksheet>")
    at = min(positions) if positions else end
    return tail[:at] + xml + tail[at:]


def _ranges(refs: Sequence[str]) -> list[str]:
    """Cells grouped into vertical runs: E5, E6, E7 -> E5:E7."""
    return CellRanges.of(refs).texts()


def _split(ref: str) -> tuple[str, int]:
    match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    assert match, ref
    return match.group(1), int(match.group(2))


def _batches(ranges: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ranges), RANGES_PER_BLOCK):
        yield ranges[i:i + RANGES_PER_BLOCK]


# -- the comments part ---------------------------------------------------------------

def edit_comments(existing: str | None, marks: Sequence[CellMark],
                  noted: CellRanges | None = None) -> tuple[str, list[str], list[str]]:
    """The comments part with our old notes replaced by ``marks``.

    Our old notes are those :func:`~backoffice.books.hiddenstate.is_our_note` calls ours
    (``noted``: the cells the marks record lists with our note on this sheet). A mark
    with an empty note gets none.

    Returns:
        (the new part, refs of our notes removed, refs of our notes added). A
        cell that carries someone else's note keeps it and gets none from us.
    """
    if existing is None:
        existing = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    f'<comments xmlns="{NS_MAIN}"><authors></authors><commentList></commentList>'
                    f"</comments>")
    existing = _expand_empty(existing, "authors")
    existing = _expand_empty(existing, "commentList")
    authors = [html.unescape(a) for a in re.findall(r"<author>(.*?)</author>|<author\s*/>",
                                                     existing, re.S)]
    removed: list[str] = []

    def drop(match: re.Match[str]) -> str:
        ref = re.search(r'\bref="([A-Z]+\d+)"', match.group(1))
        if ref is None:
            return match.group(0)
        if is_our_note(ref.group(1), note_plain_text(match.group(2)), noted):
            removed.append(ref.group(1))
            return ""
        return match.group(0)

    existing = re.sub(r"<comment\b([^>]*)>(.*?)</comment>", drop, existing, flags=re.S)
    theirs = set(re.findall(r'<comment\b[^>]*?\bref="([A-Z]+\d+)"', existing))
    added = [m for m in marks if m.note and m.ref not in theirs]
    if added and AUTHOR in authors:
        ours = authors.index(AUTHOR)
    elif added:
        ours = len(authors)
        existing = existing.replace("</authors>", f"<author>{AUTHOR}</author></authors>", 1)
    notes = "".join(
        f'<comment ref="{m.ref}" authorId="{ours}"><text><r><rPr><b/><sz val="9"/>'
        f'<rFont val="Tahoma"/></rPr><t xml:space="preserve">{NOTE_MARKER}\n</t></r><r><rPr>'
        f'<sz val="9"/><rFont val="Tahoma"/></rPr><t xml:space="preserve">{escape(m.note)}</t>'
        f"</r></text></comment>"
        for m in added)
    existing = existing.replace("</commentList>", notes + "</commentList>", 1)
    return existing, removed, [m.ref for m in added]


def note_plain_text(body: str) -> str:
    """The text of one ``<comment>``'s content, its runs joined (phonetic runs left out)."""
    body = re.sub(r"<rPh\b.*?</rPh>", "", body, flags=re.S)
    return "".join(html.unescape(t) for t in re.findall(r"<t(?:\s[^>]*)?(?<!/)>(.*?)</t>", body,
                                                        re.S))


def _expand_empty(xml: str, tag: str) -> str:
    return re.sub(rf"<{tag}\s*/>", f"<{tag}></{tag}>", xml, count=1)


# -- the VML drawing that shows the notes ------------------------------------------------

_VML_HEAD = ('<xml xmlns:v="urn:schemas-microsoft-com:vml" '
             'xmlns:o="urn:schemas-microsoft-com:office:office" '
             'xmlns:x="urn:schemas-microsoft-com:office:excel">'
             '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{blocks}"/></o:shapelayout>'
             '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
             'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
             '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>')


def edit_vml(existing: str | None, removed: Sequence[str], added: Sequence[str],
             first_block: int) -> str:
    """The VML drawing with the shapes of ``removed`` notes dropped and ``added`` ones drawn.

    Shape ids live in blocks of 1,024 named by ``o:idmap``; new shapes take ids
    in new blocks from ``first_block`` on (unique across the workbook).
    """
    if existing is None:
        existing = _VML_HEAD.replace("{blocks}", "") + "</xml>"
    gone = {(number - 1, column_index(letter)) for letter, number in map(_split, removed)}

    def keep(match: re.Match[str]) -> str:
        shape = match.group(0)
        row = re.search(r"<x:Row>(\d+)</x:Row>", shape)
        col = re.search(r"<x:Column>(\d+)</x:Column>", shape)
        if row and col and "Note" in shape and (int(row.group(1)), int(col.group(1))) in gone:
            return ""
        return shape

    existing = re.sub(r"<v:shape\b(?:(?!<v:shapetype).)*?</v:shape>", keep, existing, flags=re.S)
    if not added:
        return existing
    ids = [int(i) for i in re.findall(r'id="_x0000_s(\d+)"', existing)]
    next_id = max([first_block * 1024, *ids]) + 1
    shapes = []
    for offset, ref in enumerate(added):
        letter, number = _split(ref)
        shapes.append(_note_shape(next_id + offset, number - 1, column_index(letter)))
    last_id = next_id + len(added) - 1
    blocks = _idmap_blocks(existing) | set(range(next_id // 1024, last_id // 1024 + 1))
    existing = _set_idmap(existing, blocks)
    at = existing.rindex("</xml>")
    return existing[:at] + "".join(shapes) + existing[at:]


def vml_blocks(vml: str) -> set[int]:
    """The shape-id blocks a VML drawing claims."""
    return _idmap_blocks(vml)


def _idmap_blocks(vml: str) -> set[int]:
    match = re.search(r'<o:idmap\b[^>]*\bdata="([^"]*)"', vml)
    if not match:
        return set()
    return {int(b) for b in re.split(r"[,\s]+", match.group(1)) if b.isdigit()}


def _set_idmap(vml: str, blocks: set[int]) -> str:
    data = ",".join(str(b) for b in sorted(blocks))
    if re.search(r"<o:idmap\b", vml):
        return re.sub(r'(<o:idmap\b[^>]*\bdata=")[^"]*(")', rf"\g<1>{data}\g<2>", vml, count=1)
    layout = f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{data}"/></o:shapelayout>'
    opening = vml.index(">", vml.index("<xml")) + 1
    return vml[:opening] + layout + vml[opening:]


def _note_shape(shape_id: int, row: int, col: int) -> str:
    anchor = f"{col + 1}, 15, {max(row - 1, 0)}, 2, {col + 3}, 15, {max(row - 1, 0) + 4}, 16"
    return (f'<v:shape id="_x0000_s{shape_id}" type="#_x0000_t202" '
            'style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:180pt;'
            'height:70pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
            '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
            '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
            '<div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note">'
            f"<x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{anchor}</x:Anchor>"
            f"<x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column>"
            "</x:ClientData></v:shape>")

"""Adding the few styles backoffice needs to a workbook's styles part, and nothing else.

The styles part is edited as text: new entries are appended to the end of their
lists (``numFmts``, ``fonts``, ``fills``, ``borders``, ``cellXfs``, ``dxfs``) and
the lists' counts updated. Existing entries keep their positions, so every
index the workbook's cells already use stays valid, and the rest of the part is
left byte for byte (an XML library would rewrite namespace prefixes that
``mc:Ignorable`` depends on). An entry identical to one already there is reused,
so repeated writes do not grow the part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FIRST_CUSTOM_NUMFMT = 164

#: Excel's built-in number formats that backoffice uses, by code.
BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "@": 49}


@dataclass(frozen=True, slots=True)
class CellStyle:
    """A cell style backoffice writes: a number format, bold, a fill colour (ARGB)."""

    number_format: str = "General"
    bold: bool = False
    font_color: str | None = None
    fill: str | None = None
    border: bool = False


@dataclass
class StylesEditor:
    """The styles part being edited. Call :meth:`xf` and :meth:`dxf`, then :meth:`to_bytes`."""

    text: str
    changed: bool = False
    _cache: dict[CellStyle, int] = field(default_factory=dict)

    @classmethod
    def from_bytes(cls, data: bytes) -> StylesEditor:
        return cls(data.decode("utf-8"))

    def to_bytes(self) -> bytes:
        return self.text.encode("utf-8")

    # -- cell styles -------------------------------------------------------------
    def xf(self, style: CellStyle) -> int:
        """The index in ``cellXfs`` of ``style``, appended if missing."""
        if style in self._cache:
            return self._cache[style]
        num_fmt = self._number_format(style.number_format)
        font = self._append("fonts", "font", _font_xml(style)) if (style.bold or
                                                                 style.font_color) else 0
        fill = self._append("fills", "fill", _fill_xml(style.fill)) if style.fill else 0
        border = self._append("borders", "border", _BORDER) if style.border else 0
        xf = (f'<xf numFmtId="{num_fmt}" fontId="{font}" fillId="{fill}" borderId="{border}" '
              f'xfId="0"{_applies(num_fmt, font, fill, border)}/>')
        index = self._append("cellXfs", "xf", xf)
        self._cache[style] = index
        return index

    def dxf(self, fill: str, font_color: str | None = None) -> int:
        """The index in ``dxfs`` of a differential format (for conditional formatting)."""
        font = f'<font><color rgb="{font_color}"/></font>' if font_color else ""
        xml = (f"<dxf>{font}<fill><patternFill patternType=\"solid\"><fgColor rgb=\"{fill}\"/>"
               f"<bgColor rgb=\"{fill}\"/></patternFill></fill></dxf>")
        return self._append("dxfs", "dxf", xml, after=("cellStyles", "cellXfs"))

    # -- the list surgery ----------------------------------------------------------
    def _number_format(self, code: str) -> int:
        if code in BUILTIN_FORMATS:
            return BUILTIN_FORMATS[code]
        escaped = _escape(code)
        for match in re.finditer(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\s*/>', self.text):
            if match.group(2) == escaped:
                return int(match.group(1))
        used = [int(m) for m in re.findall(r'<numFmt numFmtId="(\d+)"', self.text)]
        number = max([_FIRST_CUSTOM_NUMFMT - 1, *used]) + 1
        self._append("numFmts", "numFmt", f'<numFmt numFmtId="{number}" formatCode="{escaped}"/>',
                     at_start=True)
        return number

    def _append(self, container: str, item: str, xml: str, after: tuple[str, ...] = (),
                at_start: bool = False) -> int:
        """Append ``xml`` to list ``container`` (creating it if absent); its index."""
        existing = self._items(container, item)
        if existing is not None and xml in existing:
            return existing.index(xml)
        self.changed = True
        if existing is None:
            self._create(container, xml, after, at_start)
            return 0
        close = f"</{container}>"
        position = self.text.index(close)
        self.text = self.text[:position] + xml + self.text[position:]
        self.text = re.sub(rf'<{container}\b([^>]*?)count="\d+"',
                           lambda m: f'<{container}{m.group(1)}count="{len(existing) + 1}"',
                           self.text, count=1)
        return len(existing)

    def _items(self, container: str, item: str) -> list[str] | None:
        """The list's entries as text, or None when the list is absent or empty (self-closed)."""
        match = re.search(rf"<{container}\b[^>]*?>(.*?)</{container}>", self.text, re.S)
        if match is None:
            return None
        return re.findall(rf"<{item}\b(?:[^>]*?/>|.*?</{item}>)", match.group(1), re.S)

    def _create(self, container: str, xml: str, after: tuple[str, ...], at_start: bool) -> None:
        block = f'<{container} count="1">{xml}</{container}>'
        empty = re.search(rf"<{container}\b[^>]*/>", self.text)
        if empty:
            self.text = self.text[:empty.start()] + block + self.text[empty.end():]
            return
        if at_start:
            opening = re.search(r"<styleSheet\b[^>]*>", self.text)
            assert opening is not None, "not a styles part"
            self.text = self.text[:opening.end()] + block + self.text[opening.end():]
            return
        for name in after:
            closing = re.search(rf"</{name}>|<{name}\b[^>]*/>", self.text)
            if closing:
                self.text = self.text[:closing.end()] + block + self.text[closing.end():]
                return
        position = self.text.index("</styleSheet>")
        self.text = self.text[:position] + block + self.text[position:]


_BORDER = ('<border><left style="thin"><color rgb="FFBFBFBF"/></left><right style="thin">'
           '<color rgb="FFBFBFBF"/></right><top style="thin"><color rgb="FFBFBFBF"/></top>'
           '<bottom style="thin"><color rgb="FFBFBFBF"/></bottom><diagonal/></border>')


def _font_xml(style: CellStyle) -> str:
    bold = "<b/>" if style.bold else ""
    color = f'<color rgb="{style.font_color}"/>' if style.font_color else '<color theme="1"/>'
    return f'<font>{bold}<sz val="11"/>{color}<name val="Calibri"/><family val="2"/></font>'


def _fill_xml(argb: str) -> str:
    return (f'<fill><patternFill patternType="solid"><fgColor rgb="{argb}"/>'
            f'<bgColor indexed="64"/></patternFill></fill>')


def _applies(num_fmt: int, font: int, fill: int, border: int) -> str:
    flags = [("applyNumberFormat", num_fmt), ("applyFont", font), ("applyFill", fill),
             ("applyBorder", border)]
    return "".join(f' {name}="1"' for name, value in flags if value)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")

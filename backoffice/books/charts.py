"""Native Excel charts (DrawingML) for output sheets.

A chart lives in three kinds of parts: the sheet points at a *drawing* part
(``<drawing r:id=…/>``); the drawing holds one anchor per chart (where it sits
on the grid) pointing at a *chart* part (``c:chartSpace``); the chart's series
reference cell ranges of the sheet and carry cached copies of their values, so
Excel, LibreOffice and viewers that never recalculate show the chart as written.

This module only makes and reads XML text; the package edits (which parts are
added, replaced or removed) are :meth:`backoffice.books.writer.WorkbookWriter.write_output_sheet`'s.
The anchors backoffice writes carry a name starting with :data:`OWNED_PREFIX`,
kept by Excel and LibreOffice when they save, so a later Post replaces exactly
its own charts and leaves a picture the user added on the same sheet alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from backoffice.books.ooxml import NS_REL, column_letter

NS_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"

REL_DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"
REL_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"

#: The name of every anchor backoffice writes (shown in Excel's selection pane).
OWNED_PREFIX = "backoffice chart"

KINDS = ("column", "line")


@dataclass(frozen=True)
class Series:
    """One series: its legend text and values, with the cells they come from.

    Attributes:
        name: the legend text, as in the cell ``name_ref``.
        name_ref: the cell holding the name (``'Dashboard'!$B$1``).
        values_ref: the range of the values (``'Dashboard'!$B$2:$B$13``).
        values: the values of that range as written (None: an empty cell).
        color: RGB hex of the bar or line (``2E75B6``).
    """

    name: str
    name_ref: str
    values_ref: str
    values: Sequence[Decimal | int | None]
    color: str


@dataclass(frozen=True)
class Chart:
    """A chart over ranges of its own sheet.

    Attributes:
        kind: "column" (clustered columns) or "line".
        title: the title; a second line in ``subtitle`` (smaller) when given.
        categories_ref: the range of the category labels (months).
        categories: those labels as written.
        series: the series, drawn in order.
        anchor: (first column, first row, last column, last row), 0-based, of the
            cells the chart covers.
        number_format: the value axis's format (``#,##0,,`` shows millions).
    """

    kind: str
    title: str
    categories_ref: str
    categories: Sequence[str]
    series: Sequence[Series]
    anchor: tuple[int, int, int, int]
    number_format: str = "#,##0"
    subtitle: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"chart kind {self.kind!r} is not one of {KINDS}")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(f"series {series.name!r} has {len(series.values)} values "
                                 f"for {len(self.categories)} categories")


def cell_range(sheet: str, column: int, first_row: int, last_row: int | None = None) -> str:
    """An absolute reference to rows ``first_row``..``last_row`` (1-based) of a 0-based
    ``column`` of ``sheet``: ``'Dashboard'!$B$2:$B$13``."""
    letter = column_letter(column)
    quoted = "'" + sheet.replace("'", "''") + "'"
    if last_row is None or last_row == first_row:
        return f"{quoted}!${letter}${first_row}"
    return f"{quoted}!${letter}${first_row}:${letter}${last_row}"


# -- the chart part -------------------------------------------------------------------

def chart_part(chart: Chart) -> bytes:
    """The ``c:chartSpace`` part of ``chart``."""
    axes = '<c:axId val="500000001"/><c:axId val="500000002"/>'
    series = "".join(_series(chart, i, s) for i, s in enumerate(chart.series))
    if chart.kind == "column":
        plot = (f'<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>'
                f'<c:varyColors val="0"/>{series}<c:gapWidth val="80"/><c:overlap val="-10"/>'
                f"{axes}</c:barChart>")
    else:
        plot = (f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{series}'
                f'<c:marker val="1"/>{axes}</c:lineChart>')
    legend = ('<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
              if chart.series else "")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<c:chartSpace xmlns:c="{NS_CHART}" xmlns:a="{NS_A}" xmlns:r="{NS_REL}">'
            f'<c:roundedCorners val="0"/><c:chart>{_title(chart.title, chart.subtitle)}'
            f'<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>{plot}'
            f'<c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="minMax"/>'
            f'</c:scaling><c:delete val="0"/><c:axPos val="b"/>'
            f'<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/>'
            f'<c:minorTickMark val="none"/><c:tickLblPos val="low"/>'
            f'<c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/>'
            f'<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/>'
            f'</c:catAx><c:valAx><c:axId val="500000002"/><c:scaling>'
            f'<c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>'
            f'<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/>'
            f'</a:solidFill></a:ln></c:spPr></c:majorGridlines>'
            f'<c:numFmt formatCode={quoteattr(chart.number_format)} sourceLinked="0"/>'
            f'<c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
            f'<c:tickLblPos val="nextTo"/><c:crossAx val="500000001"/>'
            f'<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>'
            f'</c:plotArea>{legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>'
            f'</c:chart><c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>'
            f'<a:ln w="9525"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln>'
            f'</c:spPr></c:chartSpace>').encode()


def _title(title: str, subtitle: str) -> str:
    paragraphs = [f'<a:p><a:pPr><a:defRPr sz="1300" b="1"/></a:pPr><a:r>'
                  f'<a:rPr lang="en-US" sz="1300" b="1"/><a:t>{escape(title)}</a:t></a:r></a:p>']
    if subtitle:
        paragraphs.append(f'<a:p><a:pPr><a:defRPr sz="1000" b="0"/></a:pPr><a:r>'
                          f'<a:rPr lang="en-US" sz="1000" b="0"/><a:t>{escape(subtitle)}</a:t>'
                          f'</a:r></a:p>')
    return (f'<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/>{"".join(paragraphs)}</c:rich>'
            f'</c:tx><c:overlay val="0"/></c:title>')


def _series(chart: Chart, index: int, series: Series) -> str:
    fill = f'<a:solidFill><a:srgbClr val="{series.color}"/></a:solidFill>'
    if chart.kind == "column":
        look = f'<c:spPr>{fill}</c:spPr><c:invertIfNegative val="0"/>'
    else:
        look = (f'<c:spPr><a:ln w="28575" cap="rnd">{fill}<a:round/></a:ln></c:spPr>'
                f'<c:marker><c:symbol val="circle"/><c:size val="5"/><c:spPr>{fill}'
                f'<a:ln w="9525">{fill}</a:ln></c:spPr></c:marker>')
    categories = "".join(f'<c:pt idx="{i}"><c:v>{escape(label)}</c:v></c:pt>'
                         for i, label in enumerate(chart.categories))
    points = "".join(f'<c:pt idx="{i}"><c:v>{_number(value)}</c:v></c:pt>'
                     for i, value in enumerate(series.values) if value is not None)
    tail = '<c:smooth val="0"/>' if chart.kind == "line" else ""
    return (f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>'
            f'<c:tx><c:strRef><c:f>{escape(series.name_ref)}</c:f><c:strCache>'
            f'<c:ptCount val="1"/><c:pt idx="0"><c:v>{escape(series.name)}</c:v></c:pt>'
            f'</c:strCache></c:strRef></c:tx>{look}'
            f'<c:cat><c:strRef><c:f>{escape(chart.categories_ref)}</c:f><c:strCache>'
            f'<c:ptCount val="{len(chart.categories)}"/>{categories}</c:strCache></c:strRef>'
            f'</c:cat><c:val><c:numRef><c:f>{escape(series.values_ref)}</c:f><c:numCache>'
            f'<c:formatCode>General</c:formatCode><c:ptCount val="{len(series.values)}"/>'
            f'{points}</c:numCache></c:numRef></c:val>{tail}</c:ser>')


def _number(value: Decimal | int) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


# -- the drawing part -------------------------------------------------------------------

def anchor_xml(chart: Chart, shape_id: int, rel_id: str, declare: bool = False) -> str:
    """The drawing anchor that places ``chart`` (related as ``rel_id``) on the grid.

    ``declare`` adds the namespace declarations, for an anchor added to a drawing
    whose root does not bind the ``xdr``/``a`` prefixes.
    """
    first_col, first_row, last_col, last_row = chart.anchor
    namespaces = f' xmlns:xdr="{NS_XDR}" xmlns:a="{NS_A}"' if declare else ""
    name = f"{OWNED_PREFIX} {shape_id}: {chart.title}"
    return (f'<xdr:twoCellAnchor editAs="oneCell"{namespaces}>'
            f"<xdr:from><xdr:col>{first_col}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{first_row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            f"<xdr:to><xdr:col>{last_col}</xdr:col><xdr:colOff>0</xdr:colOff>"
            f"<xdr:row>{last_row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
            f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>'
            f"<xdr:cNvPr id=\"{shape_id}\" name={quoteattr(name)}/><xdr:cNvGraphicFramePr/>"
            f'</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
            f'</xdr:xfrm><a:graphic><a:graphicData uri="{NS_CHART}">'
            f'<c:chart xmlns:c="{NS_CHART}" xmlns:r="{NS_REL}" r:id="{rel_id}"/>'
            f"</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/>"
            f"</xdr:twoCellAnchor>")


def empty_drawing() -> str:
    """A drawing part with no anchors yet."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<xdr:wsDr xmlns:xdr="{NS_XDR}" xmlns:a="{NS_A}"></xdr:wsDr>')


_ANCHOR = re.compile(r"<((?:\w+:)?)(twoCellAnchor|oneCellAnchor|absoluteAnchor)\b.*?</\1\2>", re.S)
_ALTERNATE = re.compile(r"<((?:\w+:)?)AlternateContent\b.*?</\1AlternateContent>", re.S)


@dataclass(frozen=True)
class Stripped:
    """A drawing without backoffice's anchors.

    Attributes:
        text: the drawing's XML with only the anchors others made.
        removed: the relationship ids of the charts the removed anchors showed.
        anchors: how many anchors remain.
        max_id: the largest shape id left (new shapes take larger ones).
    """

    text: str
    removed: tuple[str, ...]
    anchors: int
    max_id: int


def strip_owned(drawing: str) -> Stripped:
    """Remove from ``drawing`` the anchors backoffice wrote (named :data:`OWNED_PREFIX` …)."""
    removed: list[str] = []

    def drop(match: re.Match[str]) -> str:
        anchor = match.group(0)
        name = re.search(r'<(?:\w+:)?cNvPr\b[^>]*\bname="([^"]*)"', anchor)
        if name is None or not name.group(1).startswith(OWNED_PREFIX):
            return anchor
        removed.extend(re.findall(r'<(?:\w+:)?chart\b[^>]*?\b\w+:id="([^"]+)"', anchor))
        return ""

    # An anchor wrapped in mc:AlternateContent (Excel's fallback for newer shapes) is
    # never ours; it is matched whole first so its inner anchors stay with it.
    pieces = []
    position = 0
    for match in _ALTERNATE.finditer(drawing):
        pieces.append(_ANCHOR.sub(drop, drawing[position:match.start()]))
        pieces.append(match.group(0))
        position = match.end()
    pieces.append(_ANCHOR.sub(drop, drawing[position:]))
    text = "".join(pieces)
    remaining = len(_ANCHOR.findall(_ALTERNATE.sub("", text))) + len(_ALTERNATE.findall(text))
    ids = [int(i) for i in re.findall(r'<(?:\w+:)?cNvPr\b[^>]*?\bid="(\d+)"', text)]
    return Stripped(text, tuple(removed), remaining, max(ids, default=1))


def add_anchors(drawing: str, anchors: Sequence[str]) -> str:
    """``drawing`` with ``anchors`` appended at the end of its root."""
    closing = re.search(r"</(?:\w+:)?wsDr>\s*$", drawing)
    if closing is None:
        raise ValueError("not a spreadsheet drawing part")
    return drawing[:closing.start()] + "".join(anchors) + drawing[closing.start():]


def binds_prefixes(drawing: str) -> bool:
    """True when the drawing's root binds ``xdr`` and ``a`` to the DrawingML namespaces."""
    root = re.search(r"<(?:\w+:)?wsDr\b[^>]*>", drawing)
    return root is not None and f'xmlns:xdr="{NS_XDR}"' in root.group(0) \
        and f'xmlns:a="{NS_A}"' in root.group(0)

"""Worksheet XML for output sheets, streamed row by row.

Output sheets (Issues, Trial Balance, Payroll register, …) are written whole by
backoffice. Text is written inline (``t="inlineStr"``) so the workbook's shared
strings table is never touched; numbers are exact decimal text; dates are
serials in the book's date system. The XML is produced as a stream of chunks,
so a 1,000,000-row sheet never sits in memory as one string.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from backoffice.books.ooxml import NS_MAIN, NS_REL, column_letter
from backoffice.errors import UnusableInput
from backoffice.schema import ROW_ID, ROW_ID_TYPED, Field, Kind, SheetSchema

#: Excel's limits.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384

_ILLEGAL = {c: None for c in range(32) if c not in (9, 10, 13)}


@dataclass(frozen=True, slots=True)
class Link:
    """A cell showing ``text`` that jumps to ``location`` (``'Jurnal'!E5``) when clicked."""

    text: str
    location: str


def header_width(width: float, header: str) -> float:
    """The column width that shows ``header`` whole: the schema's width, or wider when the
    (bold) header text would be clipped. Excel widths count characters of the default
    font; bold text is about a tenth wider, and a table's filter button takes two."""
    return max(width, round(len(header) * 1.1 + 3, 1))


@dataclass(frozen=True, slots=True)
class Column:
    """An output column: header, width and style kind ("text", "amount", "date", "number")."""

    header: str
    kind: str = "text"
    width: float = 14


@dataclass
class OutputTable:
    """A whole output sheet: columns and rows (any iterable, consumed once).

    Attributes:
        columns: the header and format of each column.
        rows: each row a sequence of values: str, int, Decimal, float, date, Link or None.
        row_count: the number of rows when known (lets the writer refuse a table
            that would not fit before writing anything).
    """

    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    row_count: int | None = None
    tab_color: str | None = None
    notes: list[str] = field(default_factory=list)


#: Excel's limit of characters in a cell (Microsoft, "Excel specifications and limits"),
#: counted as Excel counts them: UTF-16 code units. A longer text makes Excel "repair"
#: the file, so it is never written.
MAX_CELL_TEXT = 32_767


def text_length(text: str) -> int:
    """The length of ``text`` as Excel counts it (UTF-16 code units: an emoji is two)."""
    return len(text.encode("utf-16-le")) // 2


class TextTooLong(UnusableInput):
    """A value for a user's sheet is longer than a cell holds; nothing is written."""

    code = "text-too-long"


class SheetTooLarge(UnusableInput):
    """A table has more rows than Excel's 1,048,576 (header included); nothing is written."""

    code = "sheet-too-large"


def worksheet(table: OutputTable, styles: dict[str, int], date1904: bool,
              keep: bytes = b"") -> Iterator[bytes]:
    """The worksheet XML of ``table``, in chunks.

    Args:
        styles: style kind ("header", "text", "amount", "date", "number", "link") -> cellXfs index.
        date1904: the book counts dates from 1904.
        keep: elements carried over from the sheet this one replaces (a drawing the
            user put on it), inserted where the schema wants them.
    """
    check_fits(table)
    epoch = dt.date(1904, 1, 1) if date1904 else dt.date(1899, 12, 30)
    last_column = column_letter(max(len(table.columns) - 1, 0))
    # fitToPage makes pageSetup's "one page wide" apply when printing.
    color = f'<tabColor rgb="{table.tab_color}"/>' if table.tab_color else ""
    tab = f'<sheetPr>{color}<pageSetUpPr fitToPage="1"/></sheetPr>'
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{header_width(c.width, c.header)}" customWidth="1"/>'
        for i, c in enumerate(table.columns, start=1))
    yield (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">{tab}'
           f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
           f'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
           f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>').encode()
    header = "".join(_inline(f"{column_letter(i)}1", c.header, styles["header"])
                     for i, c in enumerate(table.columns))
    yield f'<row r="1">{header}</row>'.encode()
    links: list[str] = []
    buffer: list[str] = []
    row_number = 1
    for row_number, row in enumerate(table.rows, start=2):
        if row_number > MAX_ROWS:
            raise SheetTooLarge(rows=f"{row_number - 1:,}+", limit=f"{MAX_ROWS - 1:,}")
        cells = []
        for i, value in enumerate(row):
            if value is None:
                continue
            ref = f"{column_letter(i)}{row_number}"
            kind = table.columns[i].kind
            cells.append(_cell(ref, value, kind, styles, epoch, links))
        buffer.append(f'<row r="{row_number}">{"".join(cells)}</row>')
        if len(buffer) >= 2000:
            yield "".join(buffer).encode()
            buffer.clear()
    if buffer:
        yield "".join(buffer).encode()
    tail = ["</sheetData>"]
    if row_number > 1:
        tail.append(f'<autoFilter ref="A1:{last_column}{row_number}"/>')
    if links:
        tail.append(f"<hyperlinks>{''.join(links)}</hyperlinks>")
    tail.append('<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" '
                'footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" '
                'fitToHeight="0"/>')
    yield ("".join(tail)).encode() + keep + b"</worksheet>"


def check_fits(table: OutputTable) -> None:
    """Refuse, before anything is written, a table that no worksheet can hold."""
    if table.row_count is not None and table.row_count + 1 > MAX_ROWS:
        raise SheetTooLarge(rows=f"{table.row_count:,}", limit=f"{MAX_ROWS - 1:,}")
    if len(table.columns) > MAX_COLUMNS:
        raise SheetTooLarge(rows=f"{len(table.columns):,} columns", limit=f"{MAX_COLUMNS:,}")


def _cell(ref: str, value: object, kind: str, styles: dict[str, int], epoch: dt.date,
          links: list[str]) -> str:
    if isinstance(value, Link):
        links.append(f'<hyperlink ref="{ref}" location={quoteattr(value.location)} '
                     f'display={quoteattr(_clean(value.text))}/>')
        return _inline(ref, value.text, styles["link"])
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{styles["date"]}"><v>{(value - epoch).days}</v></c>'
    if isinstance(value, Decimal):
        value = format(value, "f")  # never exponent notation
        return f'<c r="{ref}" s="{styles.get(kind, styles["number"])}"><v>{value}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}" s="{styles.get(kind, styles["number"])}"><v>{value}</v></c>'
    if isinstance(value, float):
        return f'<c r="{ref}" s="{styles.get(kind, styles["number"])}"><v>{value!r}</v></c>'
    return _inline(ref, _fitted(str(value)), styles.get(kind, styles["text"]))


def _fitted(text: str) -> str:
    """An output cell's text, cut to what a cell holds: an output sheet shows a copy (the
    Issues sheet's Value column quotes the user's cell, which stays whole where it is)."""
    if len(text) <= MAX_CELL_TEXT // 2 or text_length(text) <= MAX_CELL_TEXT:
        return text
    kept = text.encode("utf-16-le")[:2 * (MAX_CELL_TEXT - 1)].decode("utf-16-le", "ignore")
    return kept + "…"


def input_cell(ref: str, value: object, style: int, epoch_year: int) -> str:
    """A cell appended to a user's sheet: text inline, numbers exact, dates as serials."""
    if isinstance(value, dt.date):
        epoch = dt.date(1904, 1, 1) if epoch_year == 1904 else dt.date(1899, 12, 30)
        return f'<c r="{ref}" s="{style}"><v>{(value - epoch).days}</v></c>'
    if isinstance(value, Decimal):
        return f'<c r="{ref}" s="{style}"><v>{format(value, "f")}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
    text = str(value)
    if len(text) > MAX_CELL_TEXT // 2 and text_length(text) > MAX_CELL_TEXT:
        raise TextTooLong(sheet="", cell=ref, length=f"{text_length(text):,}",
                          limit=f"{MAX_CELL_TEXT:,}")
    return _inline(ref, text, style)


def _inline(ref: str, text: str, style: int) -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{escape(_clean(text))}</t></is></c>'


def _clean(text: str) -> str:
    """Text without the control characters XML 1.0 cannot carry."""
    return text.translate(_ILLEGAL)


def dropdown_labels(field: Field, lang: str) -> list[str] | None:
    """The labels of ``field``'s dropdown, or None when it has none: Excel keeps a dropdown's
    list in one formula of at most 255 characters, so a longer list (PP 35/2021's reasons
    for leaving) gets no dropdown; it is typed, and read by value, label or alias."""
    if field.kind != Kind.CHOICE or not field.choices:
        return None
    labels = [c.label(lang) for c in field.choices]
    return labels if len(",".join(labels)) <= 255 else None


@dataclass(frozen=True, slots=True)
class Validation:
    """A column's data validation, as every kind of book can set it: the input message that
    explains the column (``title``, ``prompt``), and a dropdown (``choices``) for a closed
    list, or a refusal of anything typed (``locked``: Sync's row IDs) with its ``error``.

    The file writer renders it as a ``<dataValidation>`` (:meth:`xml`); a grid book's plan
    carries it as JSON (:meth:`to_json`, docs/edit-plan.md)."""

    letter: str
    first_row: int
    title: str
    prompt: str
    choices: tuple[str, ...] | None = None
    locked: bool = False
    error: str | None = None

    @property
    def range(self) -> str:
        """The cells it covers: the column from ``first_row`` to the sheet's last row."""
        return f"{self.letter}{self.first_row}:{self.letter}{MAX_ROWS}"

    @property
    def kind(self) -> str:
        """``list`` (a dropdown), ``locked`` (nothing may be typed) or ``message`` (help only)."""
        return "list" if self.choices is not None else "locked" if self.locked else "message"

    def xml(self) -> str:
        """The ``<dataValidation>`` element of an .xlsx worksheet."""
        title, prompt = quoteattr(self.title), quoteattr(self.prompt)
        if self.choices is not None:
            labels = ",".join(self.choices)
            return (f'<dataValidation type="list" errorStyle="warning" allowBlank="1" '
                    f'showInputMessage="1" showErrorMessage="1" promptTitle={title} prompt={prompt} '
                    f'sqref="{self.range}"><formula1>{escape(quoteattr(labels))}</formula1>'
                    '</dataValidation>')
        if self.locked:
            error = quoteattr(self.error or "")
            return (f'<dataValidation type="custom" errorStyle="stop" allowBlank="1" '
                    f'showInputMessage="1" showErrorMessage="1" errorTitle={title} error={error} '
                    f'promptTitle={title} prompt={prompt} sqref="{self.range}">'
                    f'<formula1>FALSE()</formula1></dataValidation>')
        return (f'<dataValidation allowBlank="1" showInputMessage="1" promptTitle={title} '
                f'prompt={prompt} sqref="{self.range}"/>')

    def to_json(self) -> dict[str, object]:
        """The validation as an edit plan carries it."""
        entry: dict[str, object] = {"range": self.range, "type": self.kind, "title": self.title,
                                    "prompt": self.prompt}
        if self.choices is not None:
            entry["choices"] = list(self.choices)
        if self.locked:
            entry["error"] = self.error
        return entry


def validation(field: Field, letter: str, first_row: int, lang: str) -> Validation:
    """The data validation of ``field``'s column: a dropdown for a closed list, a refusal
    for Sync's row IDs, and always the input message that explains the column."""
    help_text = field.help_id if lang == "id" else field.help_en
    required = {"en": "Required. ", "id": "Wajib diisi. "}[lang] if field.required else ""
    choices = dropdown_labels(field, lang)
    locked = choices is None and field.key == ROW_ID.key  # Sync's row identity
    return Validation(letter, first_row, field.header(lang)[:32], (required + help_text)[:255],
                      tuple(choices) if choices is not None else None, locked,
                      ROW_ID_TYPED[lang] if locked else None)


def validation_xml(field: Field, letter: str, first_row: int, lang: str) -> str:
    """:func:`validation` as a ``<dataValidation>`` element."""
    return validation(field, letter, first_row, lang).xml()


def input_sheet(schema: SheetSchema, lang: str, header_style: int,
                column_styles: dict[str, int]) -> bytes:
    """A new, empty sheet of ``schema`` for the user to type into: the header, column
    formats and widths, a frozen header row, dropdowns and input messages."""
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{header_width(f.width, f.header(lang))}" '
        f'style="{column_styles[f.key]}" '
        f'customWidth="1"/>' for i, f in enumerate(schema.fields, start=1))
    header = "".join(_inline(f"{column_letter(i)}1", f.header(lang), header_style)
                     for i, f in enumerate(schema.fields))
    validations = "".join(validation_xml(f, column_letter(i), 2, lang)
                          for i, f in enumerate(schema.fields))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><sheetViews><sheetView '
            f'workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
            f'state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
            f'<cols>{cols}</cols><sheetData><row r="1">{header}</row></sheetData>'
            f'<dataValidations count="{len(schema.fields)}">{validations}</dataValidations>'
            f'<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" '
            f'footer="0.3"/></worksheet>').encode()

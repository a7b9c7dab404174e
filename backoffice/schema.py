"""The model every sheet kind is written in: fields, choices, sheet schemas, the registry.

A :class:`SheetSchema` is the single source of truth for one kind of sheet: its
names in English and Indonesian, its columns (:class:`Field`), their types,
whether they are required, their closed lists, Excel number formats, widths,
help texts and which column is the key. Reading, coercion, validation, the
templates and (later) the store's tables are all derived from it.

The sheet modules live in ``schemas/`` (installed as ``backoffice.schemas``),
one module per sheet kind; each exposes ``SCHEMA`` and, when it has rules that
look across rows or sheets, ``RULES``.

Conventions pinned here (docs/conventions.md):

* codes (account codes, entry numbers) are text: ``1101`` typed as a number is
  read as the text "1101", never "1101.0";
* identity numbers (NIK, NPWP, bank accounts) are text, and a number in such a
  column is a problem, because Excel keeps only 15 significant digits;
* a blank currency means the book's base currency;
* names are matched without regard to case, spacing or punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backoffice.issues import Issue


class Kind(str, Enum):
    """What a column holds, which decides how its cells are read."""

    TEXT = "text"            # free text
    CODE = "code"            # an identifier; numbers become integral text
    IDENTITY = "identity"    # NIK, NPWP, bank account: text digits, numbers refused
    AMOUNT = "amount"        # money, exact, in the row's currency
    NUMBER = "number"        # an exact decimal (a rate, a quantity)
    INTEGER = "integer"      # a whole number
    DATE = "date"
    CHOICE = "choice"        # one of a closed list, in English or Indonesian
    CURRENCY = "currency"    # ISO 4217 code; blank = base currency
    BOOLEAN = "boolean"      # yes/no, ya/tidak


@dataclass(frozen=True, slots=True)
class Choice:
    """One value of a closed list: the stored value and its English and Indonesian labels."""

    value: str
    en: str
    id: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.id if lang == "id" else self.en


@dataclass(frozen=True, slots=True)
class Field:
    """One column of a sheet (or one setting of a key-value sheet).

    Attributes:
        key: the field's name in code and in the store ("debit").
        en, id: the header in English and in Indonesian.
        kind: how cells are read (:class:`Kind`).
        required: a blank cell is a problem (so the column must be there).
        column_required: the column must be there, though its cells may be blank
            (Debit and Credit: each row fills one of them).
        aliases: other headers accepted for this column.
        choices: the closed list, for ``Kind.CHOICE``.
        unique: no two rows may share a value.
        min_value, max_value: inclusive bounds for numbers.
        nonnegative: an amount below zero is a problem.
        excel_format: the number format a template gives the column.
        width: the column width in a template, in characters.
        help_en, help_id: what to type, shown in templates and messages.
        default: the value a blank optional cell stands for, if any.
        books: for a setting, the books whose templates and upgrades show it (empty: every
            book); any book may still hold any setting.
        personal: personal data under UU 27/2022 (PDP): "general" (Ps. 4(3): name,
            identity numbers) or "specific" (Ps. 4(2): health, children's and personal
            financial data); empty for data that is not about a person. Exports of a
            person's data leave "specific" columns out unless asked.
    """

    key: str
    en: str
    id: str
    kind: Kind = Kind.TEXT
    required: bool = False
    column_required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    unique: bool = False
    min_value: int | None = None
    max_value: int | None = None
    nonnegative: bool = False
    excel_format: str = "@"
    width: int = 14
    help_en: str = ""
    help_id: str = ""
    default: Any = None
    books: tuple[str, ...] = ()
    personal: str = ""

    def header(self, lang: str) -> str:
        return self.id if lang == "id" else self.en

    def names(self) -> tuple[str, ...]:
        """Every header this field is recognised by."""
        return (self.en, self.id, self.key, *self.aliases)

    def choice_lookup(self) -> dict[str, str]:
        """Normalised label or alias -> stored value, for a CHOICE field."""
        lookup: dict[str, str] = {}
        for choice in self.choices:
            for name in (choice.value, choice.en, choice.id, *choice.aliases):
                lookup[normalize_name(name)] = choice.value
        return lookup


#: The row identity of a syncable sheet: stamped by Sync, never typed by people.
ROW_ID = Field(
    "row_id", "ID", "ID", Kind.CODE, width=14, aliases=("Row ID", "ID baris"),
    help_en="Filled in by backoffice Sync: leave it alone. Do not type, change or copy it; "
            "a copied row gets a new ID.",
    help_id="Diisi oleh Sync backoffice: biarkan. Jangan diketik, diubah atau disalin; baris "
            "salinan mendapat ID baru.")
#: What Excel says when someone types into an ID cell: its validation refuses typing
#: ("stop"), the strongest guard a workbook has short of locking the sheet. Clearing,
#: pasting and filling still get through; Sync gives such a row a new ID.
ROW_ID_TYPED = {"en": "backoffice Sync fills in this ID. Leave it alone.",
                "id": "ID ini diisi oleh Sync backoffice. Biarkan."}

# A cross-row or cross-sheet rule: given the coerced tables of the book, yield issues.
Rule = Callable[["BookData"], Iterable["Issue"]]


@dataclass(frozen=True)
class SheetSchema:
    """One kind of sheet.

    Attributes:
        kind: the sheet kind's key ("journal").
        en, id: the sheet's name in English and Indonesian.
        fields: the columns, in template order.
        aliases: other sheet names accepted.
        layout: "table" (a header row, one record a row) or "settings" (name/value pairs).
        books: the books this sheet belongs to ("ledger", "payroll", "inventory").
        key: the key field, unique per book.
        natural_key: the field that names a row, or a group of rows, the way people do
            (an account code, an entry or document number, an employee code, a SKU):
            Sync matches a row whose ID was lost by it, so that a book that lost its
            hidden state never sends a second copy. Defaults to ``key``; None for
            sheets whose rows have no name (they are matched by content).
        help_en, help_id: what the sheet is for.
        rules: cross-row and cross-sheet rules.
        syncable: its rows travel through the central store (``backoffice sync``).
            None (the default) means: a table sheet that belongs to a book. A
            syncable sheet gets the :data:`ROW_ID` column at its end, so every
            sheet kind has row identity without writing it in its module.
    """

    kind: str
    en: str
    id: str
    fields: tuple[Field, ...]
    aliases: tuple[str, ...] = ()
    layout: str = "table"
    books: tuple[str, ...] = ()
    key: str | None = None
    help_en: str = ""
    help_id: str = ""
    rules: tuple[Rule, ...] = ()
    syncable: bool | None = None
    natural_key: str | None = None

    def __post_init__(self) -> None:
        if self.natural_key is None and self.key is not None:
            object.__setattr__(self, "natural_key", self.key)
        if self.syncable is None:
            object.__setattr__(self, "syncable", self.layout == "table" and bool(self.books))
        if self.syncable and all(f.key != ROW_ID.key for f in self.fields):
            object.__setattr__(self, "fields", (*self.fields, ROW_ID))

    def name(self, lang: str) -> str:
        return self.id if lang == "id" else self.en

    def names(self) -> tuple[str, ...]:
        return (self.en, self.id, self.kind, *self.aliases)

    def field(self, key: str) -> Field:
        for item in self.fields:
            if item.key == key:
                return item
        raise KeyError(key)

    @property
    def required(self) -> tuple[Field, ...]:
        """The fields whose columns a sheet of this kind must have."""
        return tuple(f for f in self.fields if f.required or f.column_required)


@dataclass
class SheetData:
    """A sheet after reading and coercion: typed values plus where each came from.

    Attributes:
        schema: the sheet's kind.
        sheet: the sheet's name as it is in the book.
        frame: a polars DataFrame with one column per field present (by key) and
            ``_row``, the worksheet row number of each record.
        letters: field key -> column letter in the worksheet.
        headers: field key -> header text as it is in the worksheet.
        values: for a settings sheet, field key -> coerced value.
        flagged: (row, letter) of cells that already have an issue, so that a
            later check does not report the same cell twice.
    """

    schema: SheetSchema
    sheet: str
    frame: Any
    letters: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    flagged: set[tuple[int, str]] = field(default_factory=set)

    def header(self, key: str) -> str:
        return self.headers.get(key) or self.schema.field(key).en


@dataclass
class BookData:
    """Every known sheet of a book, coerced, for rules that look across sheets.

    Attributes:
        sheets: sheet kind -> its data, for the kinds the book has.
        settings: the effective settings (defaults filled in).
        lang: the language messages will be rendered in.
    """

    sheets: dict[str, SheetData]
    settings: dict[str, Any]
    lang: str = "en"

    def get(self, kind: str) -> SheetData | None:
        return self.sheets.get(kind)


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def normalize_name(name: str) -> str:
    """A name reduced for matching: case, accents, spacing and punctuation ignored.

    >>> normalize_name("No. Bukti") == normalize_name("no bukti") == "nobukti"
    True
    """
    folded = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return _NOT_ALNUM.sub("", folded.casefold())


class Registry:
    """All sheet kinds, looked up by any of their names."""

    def __init__(self, schemas: Iterable[SheetSchema]) -> None:
        self._schemas: dict[str, SheetSchema] = {}
        self._by_name: dict[str, SheetSchema] = {}
        for schema in schemas:
            self.register(schema)

    def register(self, schema: SheetSchema) -> None:
        """Add a sheet kind; its names must not collide with a registered one."""
        if schema.kind in self._schemas:
            raise ValueError(f"sheet kind {schema.kind!r} registered twice")
        for name in schema.names():
            normalized = normalize_name(name)
            other = self._by_name.get(normalized)
            if other is not None and other is not schema:
                raise ValueError(f"sheet name {name!r} of {schema.kind} is taken by {other.kind}")
            self._by_name[normalized] = schema
        self._schemas[schema.kind] = schema

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._schemas.values())

    def __getitem__(self, kind: str) -> SheetSchema:
        return self._schemas[kind]

    def match_sheet(self, sheet_name: str) -> SheetSchema | None:
        """The sheet kind a workbook sheet named ``sheet_name`` is, or None."""
        return self._by_name.get(normalize_name(sheet_name))

    def for_book(self, book: str) -> list[SheetSchema]:
        """The sheet kinds a book kind ("ledger") is made of, in order."""
        return [s for s in self._schemas.values() if book in s.books]

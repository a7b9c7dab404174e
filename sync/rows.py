"""Rows as Sync sees them: the managed fields of a sheet, their digest, their cell values.

A book manages the fields it has columns for (an English and an Indonesian book
map their headers to the same fields; a column a book lacks is not managed by
it and never pushed as blank). A row's *digest* covers exactly those fields, so
a book and the store agree on "the same content" field by field, whatever the
language of the headers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

import polars as pl

from backoffice import money
from backoffice.schema import ROW_ID, Field, Kind, SheetSchema

#: Sheets whose unit of change and of conflict is a group of rows, by field:
#: a journal entry (voucher) is all the rows sharing its number.
GROUP_FIELDS = {"journal": "entry"}

_POLARS = {Kind.AMOUNT: pl.Int64, Kind.INTEGER: pl.Int64, Kind.DATE: pl.Date,
           Kind.BOOLEAN: pl.Boolean}


def polars_type(field: Field) -> pl.DataType:
    """The dtype a coerced column of ``field`` has (and a store column is read into)."""
    return _POLARS.get(field.kind, pl.String)()


def managed_fields(schema: SheetSchema, letters: dict[str, str],
                   specific: bool = True) -> list[Field]:
    """The fields of ``schema`` the book has a column for, in schema order, without the ID;
    without the columns of specific personal data (UU 27/2022 Ps. 4(2)) unless
    ``specific``: such a column then stays in its book, as a column the book lacks would."""
    return [f for f in schema.fields if f.key in letters and f.key != ROW_ID.key
            and (specific or f.personal != "specific")]


def digest_column(frame: pl.DataFrame, keys: list[str]) -> pl.Series:
    """Each row's digest over ``keys``: stable across runs, versions and machines."""
    if frame.height == 0:
        return pl.Series("digest", [], dtype=pl.String)
    text = pl.concat_str([pl.lit(k + "=") + pl.col(k).cast(pl.String).fill_null("")
                          for k in keys], separator="\x1f")
    joined = frame.select(text.alias("t")).get_column("t").to_list()
    return pl.Series("digest", [hashlib.blake2b(t.encode(), digest_size=12).hexdigest()
                                for t in joined], dtype=pl.String)


def digest_of(values: dict[str, Any], keys: list[str], types: dict[str, pl.DataType]) -> str:
    """The digest of one row given as a dict (a store row), as :func:`digest_column` makes it."""
    frame = pl.DataFrame({k: pl.Series([values.get(k)], dtype=types[k]) for k in keys})
    return digest_column(frame, keys)[0]


def store_frame(rows: list[dict[str, Any]], fields: list[Field]) -> pl.DataFrame:
    """Store rows as a frame typed like the book's coerced frame."""
    columns = {f.key: pl.Series([r.get(f.key) for r in rows], dtype=polars_type(f))
               for f in fields}
    return pl.DataFrame(columns) if columns else pl.DataFrame()


def cell_value(field: Field, value: Any, currency: str | None, lang: str) -> object:
    """A stored value as it goes into a cell: exact numbers, real dates, labels in the
    book's language; text stays text (written inline, never a formula)."""
    if value is None:
        return None
    if field.kind == Kind.AMOUNT:
        exp = money.exponent(currency) if currency and money.is_currency(currency) else 2
        return Decimal(int(value)).scaleb(-exp)
    if field.kind == Kind.NUMBER:
        return Decimal(str(value))
    if field.kind == Kind.DATE:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    if field.kind == Kind.INTEGER:
        return int(value)
    if field.kind == Kind.BOOLEAN:
        return bool(value)
    if field.kind == Kind.CHOICE:
        for choice in field.choices:
            if choice.value == value:
                return choice.label(lang)
    return str(value)


def style_kind(field: Field) -> str:
    """The plain style a new cell of ``field`` gets when its column has none."""
    return {Kind.AMOUNT: "amount", Kind.DATE: "date", Kind.NUMBER: "number",
            Kind.INTEGER: "number"}.get(field.kind, "text")

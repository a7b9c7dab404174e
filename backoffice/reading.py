"""From a book's sheet to typed, addressed data: find the header, map columns, coerce.

Workbooks come from people. The header row is found by its names (it need not
be row 1); headers match a field by any of its English, Indonesian or alias
names, ignoring case, spacing and punctuation; unknown columns are kept in the
book and ignored here; blank rows are skipped; every problem keeps its address.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from backoffice import coerce, money
from backoffice.books.base import Book, Head
from backoffice.books.ooxml import CellProblem, column_letter
from backoffice.coerce import CellIssue, Context
from backoffice.issues import Issue, make_issue
from backoffice.schema import Field, Kind, SheetData, SheetSchema, normalize_name

#: How far down a sheet the header row is looked for.
HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """Where a sheet's header is and which column holds which field."""

    row: int
    letters: dict[str, str]   # field key -> column letter
    headers: dict[str, str]   # field key -> header text as typed

    def missing(self, schema: SheetSchema) -> list[Field]:
        return [f for f in schema.required if f.key not in self.letters]


def _field_lookup(fields: tuple[Field, ...]) -> dict[str, Field]:
    lookup: dict[str, Field] = {}
    for field in fields:
        for name in field.names():
            lookup.setdefault(normalize_name(name), field)
    return lookup


def find_header(head: Head, fields: tuple[Field, ...]) -> HeaderMatch | None:
    """The row among ``head`` whose cells name the most fields (at least two, or all of one)."""
    lookup = _field_lookup(fields)
    best: HeaderMatch | None = None
    for row, cells in head:
        letters: dict[str, str] = {}
        headers: dict[str, str] = {}
        for col in sorted(cells):
            value = cells[col]
            if not isinstance(value, str):
                continue
            field = lookup.get(normalize_name(value))
            if field is not None and field.key not in letters:  # first of duplicates wins
                letters[field.key] = column_letter(col)
                headers[field.key] = value.strip()
        if len(letters) > (len(best.letters) if best else 0):
            best = HeaderMatch(row, letters, headers)
    needed = min(2, len(fields))
    return best if best is not None and len(best.letters) >= needed else None


def read_sheet(book: Book, sheet: str, schema: SheetSchema, match: HeaderMatch,
               ctx: Context) -> tuple[SheetData, list[Issue]]:
    """Read and coerce a table sheet; every cell problem becomes an issue with its address."""
    typed = frozenset(match.letters[f.key] for f in schema.fields
                      if f.key in match.letters and f.kind in coerce.TYPED_KINDS)
    textual = frozenset(match.letters[f.key] for f in schema.fields
                        if f.key in match.letters and f.kind in (Kind.CODE, Kind.CHOICE,
                                                                  Kind.CURRENCY))
    raw = book.read_table(sheet, match.row, typed, textual)
    ctx = Context(ctx.locale, ctx.base_currency, raw.date1904, ctx.lang)
    frame, problems = without_non_finite(raw.frame, list(raw.cell_problems))
    return coerce_table(frame, sheet, schema, match, ctx, problems)


def without_non_finite(frame: pl.DataFrame, problems: list[CellProblem]
                       ) -> tuple[pl.DataFrame, list[CellProblem]]:
    """Numbers that are no number (``1e999``, ``inf``, ``NaN`` typed into the XML) become
    error cells (#NUM!, as Excel shows them) instead of reaching arithmetic that fails."""
    replaced = []
    for name in frame.columns:
        column = frame[name]
        if column.dtype == pl.Float64:
            values = column
        elif isinstance(column.dtype, pl.Struct) and "number" in column.struct.fields:
            values = column.struct.field("number")
        else:
            continue
        bad = values.is_not_null() & ~values.is_finite()
        if not bad.any():
            continue
        rows = frame["_row"].filter(bad).to_list()
        problems.extend(CellProblem(row, name, "error", "#NUM!") for row in rows)
        if column.dtype == pl.Float64:
            replaced.append(pl.when(bad).then(None).otherwise(pl.col(name)).alias(name))
        else:
            fields = [pl.when(bad).then(None).otherwise(pl.col(name).struct.field("number"))
                      .alias("number")] + [pl.col(name).struct.field(f) for f in
                                           column.struct.fields if f != "number"]
            replaced.append(pl.struct(fields).alias(name))
    return (frame.with_columns(replaced) if replaced else frame), problems


def coerce_table(frame: pl.DataFrame, sheet: str, schema: SheetSchema, match: HeaderMatch,
                 ctx: Context, cell_problems: Sequence[CellProblem] = ()
                 ) -> tuple[SheetData, list[Issue]]:
    """Coerce a raw table (a column per letter, plus ``_row``) into a sheet's typed data.

    Blank rows are dropped; every problem becomes an issue addressed by ``_row``
    and the column letter.
    """
    present = [f for f in schema.fields if f.key in match.letters]
    # Skip rows that are blank in every column we read.
    blank = ~coerce.falses(frame.height)
    for field in present:
        letter = match.letters[field.key]
        if letter in frame.columns:
            blank = blank & coerce.is_blank(frame[letter])
    frame = frame.filter(~blank)
    rows = frame["_row"]

    issues: list[Issue] = []
    flagged: set[tuple[int, str]] = set()
    letter_to_field = {v: k for k, v in match.letters.items()}
    row_set = set(rows.to_list()) if cell_problems else set()
    for problem in cell_problems:
        key = letter_to_field.get(problem.column)
        if key is None or problem.row not in row_set:
            continue
        code = "cell-error" if problem.kind == "error" else "formula-not-calculated"
        issues.append(make_issue(code, sheet, row=problem.row, column=problem.column, field=key,
                                 value=problem.text or None,
                                 formula=problem.text or "(shared formula)"))
        flagged.add((problem.row, problem.column))

    columns: dict[str, pl.Series] = {"_row": rows}
    ordered = sorted(present, key=lambda f: f.kind == Kind.AMOUNT)  # currencies before amounts
    for field in ordered:
        letter = match.letters[field.key]
        raw_column = (frame[letter] if letter in frame.columns
                      else coerce.nulls(frame.height, pl.String))
        if field.kind == Kind.AMOUNT:
            result = coerce.read_amount(raw_column, field, ctx, _exponents(columns, frame.height,
                                                                            ctx.base_currency),
                                        columns.get("currency"))
        else:
            result = coerce.READERS[field.kind](raw_column, field, ctx)
        values = result.values
        if field.kind == Kind.CURRENCY:
            values = values.fill_null(ctx.base_currency)
        columns[field.key] = values.alias(field.key)
        header = match.headers[field.key]
        for cell in result.issues:
            row = rows[cell.index]
            if (row, letter) in flagged:
                continue
            flagged.add((row, letter))
            currency = columns["currency"][cell.index] if "currency" in columns else None
            issues.append(_cell_issue(cell, sheet, row, letter, field.key, header,
                                      currency or ctx.base_currency))
    for field in schema.fields:
        if field.key not in columns:
            # An optional column the sheet does not have: blank (the base currency
            # for a currency), so that rules can rely on every field being there.
            columns[field.key] = _absent(field, frame.height, ctx.base_currency)
    amount_fields = [f for f in present if f.kind == Kind.AMOUNT]
    if amount_fields:
        # Rows with an amount that was typed but could not be read (an error cell,
        # a formula without result, text that is no amount): their entry cannot be
        # balanced. A warning alone (ambiguous text) leaves the amount read.
        unread = coerce.falses(frame.height)
        for field in amount_fields:
            letter = match.letters[field.key]
            typed = ~coerce.is_blank(frame[letter]) if letter in frame.columns else unread
            unread = unread | (columns[field.key].is_null() & typed)
        problem_rows = [p.row for p in cell_problems
                        if p.column in {match.letters[f.key] for f in amount_fields}]
        unread = unread | rows.is_in(pl.Series(problem_rows, dtype=pl.Int64).implode())
        columns["_unread_amount"] = unread
    data = SheetData(schema, sheet, pl.DataFrame(columns), dict(match.letters),
                     dict(match.headers), flagged=flagged)
    return data, issues


_DTYPES = {Kind.AMOUNT: pl.Int64, Kind.INTEGER: pl.Int64, Kind.DATE: pl.Date,
           Kind.BOOLEAN: pl.Boolean}


def _absent(field: Field, height: int, base_currency: str) -> pl.Series:
    if field.kind == Kind.CURRENCY:
        return pl.repeat(base_currency, height, dtype=pl.String, eager=True).alias(field.key)
    return coerce.nulls(height, _DTYPES.get(field.kind, pl.String)).alias(field.key)


def _exponents(columns: dict[str, pl.Series], height: int, base: str) -> pl.Series:
    """Each row's currency exponent (unknown currencies count as 2 until fixed)."""
    exponents = money.currency_exponents()
    currency = columns.get("currency")
    if currency is None:
        return pl.Series([exponents.get(base, 2)] * height, dtype=pl.Int64)
    return currency.replace_strict(exponents, default=2, return_dtype=pl.Int64)


def _cell_issue(cell: CellIssue, sheet: str, row: int, letter: str, key: str,
                header: str, currency: str) -> Issue:
    params = dict(cell.params)
    params.setdefault("header", header)
    if cell.code == "amount-too-precise":
        params.setdefault("currency", currency)
    return make_issue(cell.code, sheet, row=row, column=letter, field=key, value=cell.value,
                      **params)

"""Column checks, derived from the sheet schema (as a pandera schema, and natively).

Coercion (:mod:`backoffice.coerce`) already refused what cannot be read. What is
left per column is declarative: a required field has no blanks, a unique field
no duplicates, an amount marked non-negative no negatives, a bounded number
stays in range. These are declared as a pandera ``DataFrameSchema`` built from
the :class:`~backoffice.schema.SheetSchema` (:func:`pandera_schema`), and run as
the same checks in polars (:func:`failure_cases`); every failure case becomes an
addressed :class:`Issue`.
Rules that look across rows or sheets live with their sheet kind in ``schemas/``.

Why both: pandera (with pandas) takes most of a second to import, more than
checking a million rows costs; importing it in a background thread while the
sheet is parsed was tried and is slower on two cores. So Check runs the checks
in polars, and a test (tests/test_validate.py) holds them to pandera's answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from backoffice import money
from backoffice.issues import Issue, make_issue
from backoffice.locales import Locale
from backoffice.schema import Field, Kind, SheetData, SheetSchema

if TYPE_CHECKING:
    import pandera.polars as pa


def pandera_schema(schema: SheetSchema, present: set[str]) -> pa.DataFrameSchema:
    """The pandera schema for the fields of ``schema`` that a sheet has."""
    import pandera.polars as pa

    columns = {}
    for field in schema.fields:
        if field.key not in present:
            continue
        columns[field.key] = pa.Column(
            dtype=None,
            nullable=not field.required,
            unique=field.unique,
            checks=_checks(field),
            required=False,
        )
    return pa.DataFrameSchema(columns, name=schema.kind, strict=False)


def _checks(field: Field) -> list[pa.Check]:
    import pandera.polars as pa

    checks = []
    if field.kind == Kind.AMOUNT and field.nonnegative:
        checks.append(pa.Check.ge(0, ignore_na=True))
    if field.min_value is not None and field.max_value is not None:
        checks.append(pa.Check.in_range(field.min_value, field.max_value, ignore_na=True))
    return checks


def failure_cases(schema: SheetSchema, frame: pl.DataFrame) -> pl.DataFrame:
    """The failures of the :func:`pandera_schema` checks, computed directly with polars.

    Same checks, same names and the same rows as pandera's lazy ``failure_cases``
    (column, check, index, failure_case): a test holds the two to agreement on
    generated data. Check uses this one because importing pandera (and pandas)
    costs most of a second on every run.
    """
    indexed = frame.with_row_index("index")
    parts = []
    for field in schema.fields:
        if field.key not in frame.columns:
            continue
        value = pl.col(field.key)
        tests: list[tuple[str, pl.Expr]] = []
        if field.required:
            tests.append(("not_nullable", value.is_null()))
        if field.unique:
            tests.append(("field_uniqueness", value.is_not_null() & value.is_duplicated()))
        if field.kind == Kind.AMOUNT and field.nonnegative:
            tests.append(("greater_than_or_equal_to(0)", value < 0))
        if field.min_value is not None and field.max_value is not None:
            tests.append((f"in_range({field.min_value}, {field.max_value})",
                          (value < field.min_value) | (value > field.max_value)))
        for name, failing in tests:
            parts.append(indexed.filter(failing).select(
                pl.lit(field.key).alias("column"), pl.lit(name).alias("check"),
                pl.col("index").cast(pl.Int64),
                value.cast(pl.String).alias("failure_case")))
    if not parts:
        return pl.DataFrame(schema={"column": pl.String, "check": pl.String, "index": pl.Int64,
                                    "failure_case": pl.String})
    return pl.concat(parts)


def pandera_failure_cases(schema: SheetSchema, frame: pl.DataFrame) -> pl.DataFrame:
    """The same failures as :func:`failure_cases`, found by pandera itself."""
    import pandera.polars as pa

    try:
        pandera_schema(schema, set(frame.columns)).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return errors.failure_cases.filter(pl.col("index").is_not_null()).select(
            "column", "check", pl.col("index").cast(pl.Int64),
            pl.col("failure_case").cast(pl.String))
    return failure_cases(schema, frame.clear())


def check_columns(data: SheetData, locale: Locale) -> list[Issue]:
    """Every column-level problem of a coerced sheet, skipping cells already flagged."""
    frame = data.frame
    if frame.height == 0:
        return []
    failures = failure_cases(data.schema, frame)
    if failures.height == 0:
        return []
    rows = frame["_row"]
    issues = []
    duplicates = _rows_by_value(frame, failures)
    for key, check, index, value in failures.select(
        "column", "check", "index", "failure_case"
    ).iter_rows():
        field = data.schema.field(key)
        letter = data.letters[key]
        row = rows[index]
        if (row, letter) in data.flagged:
            continue
        where = {"row": row, "column": letter, "field": key, "header": data.header(key)}
        if check == "not_nullable":
            issues.append(make_issue("required-missing", data.sheet, **where))
        elif check == "field_uniqueness":
            other = next(r for r in duplicates[key, value] if r != row)
            issues.append(make_issue("duplicate-key", data.sheet, value=value, other_row=other,
                                     **where))
        elif check.startswith("greater_than_or_equal_to"):
            currency = frame["currency"][index] if "currency" in frame.columns else "IDR"
            exp = money.exponent(currency) if money.is_currency(currency or "") else 2
            shown = money.format_amount(int(value), exp, locale)
            issues.append(make_issue("amount-negative", data.sheet, value=shown, **where))
        elif check.startswith("in_range"):
            issues.append(make_issue("out-of-range", data.sheet, value=value,
                                     low=field.min_value, high=field.max_value, **where))
    return issues


def _rows_by_value(frame: pl.DataFrame, failures: pl.DataFrame) -> dict[tuple[str, str], list[int]]:
    """(field, value) -> sorted rows holding it, for the values that failed uniqueness."""
    found: dict[tuple[str, str], list[int]] = {}
    unique_failures = failures.filter(pl.col("check") == "field_uniqueness")
    for key in unique_failures["column"].unique().to_list():
        values = unique_failures.filter(pl.col("column") == key)["failure_case"].unique()
        grouped = (frame.filter(pl.col(key).cast(pl.String).is_in(values.implode()))
                   .group_by(pl.col(key).cast(pl.String)).agg(pl.col("_row").sort()))
        for value, rows in grouped.iter_rows():
            found[key, value] = rows
    return found

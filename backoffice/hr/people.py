"""Who is employed when, and on what wage, from the Employees sheet, as frames."""

from __future__ import annotations

import polars as pl

from backoffice import money
from backoffice.schema import BookData

_SPAN_SCHEMA = {"employee": pl.String, "joined": pl.Date, "last_day": pl.Date}


def employment(book: BookData) -> pl.DataFrame:
    """One row per employee: ``joined`` (Joined, else the first From) and ``last_day`` (the
    day before Left, null while employed), as the payroll engine reads them."""
    data = book.get("employees")
    if data is None or data.frame is None or "employee" not in data.frame.columns:
        return pl.DataFrame(schema=_SPAN_SCHEMA)
    frame = data.frame
    joined = pl.col("joined") if "joined" in frame.columns else pl.lit(None, pl.Date)
    left = pl.col("left") if "left" in frame.columns else pl.lit(None, pl.Date)
    rows = frame.filter(pl.col("employee").is_not_null() & pl.col("from").is_not_null())
    return (rows.sort("from")
            .group_by("employee", maintain_order=True)
            .agg(pl.coalesce(joined.drop_nulls().first(), pl.col("from").first()).alias("joined"),
                 (left.last() - pl.duration(days=1)).alias("last_day"))
            .cast(_SPAN_SCHEMA))


def wages(book: BookData) -> pl.DataFrame:
    """Employees' rows as (employee, from, wage, foreign): the monthly wage (basic plus
    fixed allowances, in whole base-currency units) from each From date; ``foreign`` is
    true for a foreign citizen."""
    data = book.get("employees")
    schema = {"employee": pl.String, "from": pl.Date, "wage": pl.Int64, "foreign": pl.Boolean}
    if data is None or data.frame is None or "employee" not in data.frame.columns:
        return pl.DataFrame(schema=schema)
    frame = data.frame
    scale = 10 ** money.exponent_or_two(book.settings.get("base_currency") or "IDR")

    def amount(key: str) -> pl.Expr:
        return (pl.col(key).fill_null(0) if key in frame.columns else pl.lit(0)) // scale

    foreign = (pl.col("citizenship") == "Foreign").fill_null(False) \
        if "citizenship" in frame.columns else pl.lit(False)
    return (frame.filter(pl.col("employee").is_not_null() & pl.col("from").is_not_null())
            .select("employee", "from", (amount("basic") + amount("fixed_allowances"))
                    .alias("wage"), foreign.alias("foreign"))
            .cast(schema).sort("from"))

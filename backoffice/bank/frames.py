"""The Bank statement sheet as a frame: one row per line, amounts signed in minor units."""

from __future__ import annotations

import polars as pl

from backoffice.schema import BookData

COLUMNS = {"account": pl.String, "date": pl.Date, "description": pl.String,
           "reference": pl.String, "amount": pl.Int64, "balance": pl.Int64,
           "currency": pl.String, "match": pl.String, "status": pl.String, "rule": pl.String,
           "row": pl.Int64}


def statement_lines(book: BookData) -> pl.DataFrame:
    """Every line of the Bank statement sheet, in sheet order: amount is money in less
    money out (minor units), ``row`` the worksheet row."""
    sheet = book.get("bank_statement")
    if sheet is None:
        return pl.DataFrame(schema=COLUMNS)
    frame = sheet.frame
    base = book.settings.get("base_currency") or "IDR"

    def col(key: str) -> pl.Expr:
        return pl.col(key) if key in frame.columns else pl.lit(None, COLUMNS[key])

    return frame.filter(col("account").is_not_null() & col("date").is_not_null()).select(
        col("account").alias("account"), col("date").alias("date"),
        col("description").fill_null("").alias("description"),
        col("reference").fill_null("").alias("reference"),
        (col("money_in").fill_null(0) - col("money_out").fill_null(0)).cast(pl.Int64)
        .alias("amount"),
        col("balance").cast(pl.Int64).alias("balance"),
        col("currency").fill_null(base).alias("currency"),
        col("match").fill_null("").alias("match"), col("status").alias("status"),
        col("rule").fill_null("").alias("rule"), pl.col("_row").alias("row"))


def identities(frame: pl.DataFrame) -> pl.Series:
    """Each line's identity: account, date, amount, description and running balance; with
    no balance, the line's place among identical lines of its day instead, so two equal
    BIAYA ADM lines of one day stay two lines."""
    keyed = frame.with_columns(
        pl.int_range(pl.len()).over("account", "date", "amount", "description").alias("_nth"))
    return keyed.select(pl.concat_str(
        pl.col("account"), pl.col("date").cast(pl.String), pl.col("amount").cast(pl.String),
        pl.col("description").str.to_uppercase().str.replace_all(r"\s+", " "),
        pl.when(pl.col("balance").is_not_null()).then(pl.lit("=") + pl.col("balance")
                                                      .cast(pl.String))
        .otherwise(pl.lit("#") + pl.col("_nth").cast(pl.String)),
        separator="|")).to_series()


def balance_breaks(frame: pl.DataFrame) -> pl.DataFrame:
    """Lines whose running balance does not follow from the line before it (same account,
    date order, sheet order within a day): a line missing between them, or a statement."""
    ordered = frame.filter(pl.col("balance").is_not_null()).sort("account", "date", "row")
    ordered = ordered.with_columns(
        pl.col("balance").shift(1).over("account").alias("before"))
    return ordered.filter(pl.col("before").is_not_null()
                          & (pl.col("before") + pl.col("amount") != pl.col("balance")))

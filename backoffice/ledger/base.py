"""Base-currency amounts: each posting converted at its rate, rounded per line.

A posting in the base currency is its own base amount. A posting in another
currency is converted at the row's ``Rate`` when given, else at the latest rate
in the ``Rates`` sheet on or before its date (base units per one unit of the
currency). Rounding: half up, per line, to the base currency's minor unit.
An entry whose converted lines do not sum to zero by less than one minor unit
per line has a rounding residue, which goes to the rounding account from
Settings; a larger difference means the entry does not balance in the base
currency. A posting without any rate has no base amount: base-currency
statements leave it out and say so.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from backoffice import money
from backoffice.catalogue import Localized
from backoffice.errors import ActionRefused
from backoffice.schema import BookData


def rate_table(book: BookData) -> pl.DataFrame:
    """The Rates sheet as (date, currency, rate as Decimal text), sorted for look-ups."""
    data = book.get("rates")
    if data is None:
        return pl.DataFrame(schema={"date": pl.Date, "currency": pl.String, "rate": pl.String})
    return (data.frame.filter(pl.col("date").is_not_null() & pl.col("currency").is_not_null()
                              & pl.col("rate").is_not_null())
            .select("date", "currency", "rate").sort("currency", "date"))


def base_amounts(postings: pl.DataFrame, book: BookData) -> pl.DataFrame:
    """``postings`` with ``base`` (minor units of the base currency; null without a rate)
    and ``rate_given`` (the row carried its own rate)."""
    base = book.settings.get("base_currency") or "IDR"
    base_exp = money.exponent(base) if money.is_currency(base) else 2
    journal = book.get("journal")
    row_rates = (journal.frame.select(pl.col("_row").alias("row"), "rate")
                 if journal is not None and "rate" in journal.frame.columns
                 else pl.DataFrame(schema={"row": pl.Int64, "rate": pl.String}))
    frame = postings.join(row_rates, on="row", how="left")
    foreign = frame.filter(pl.col("currency") != base)
    if foreign.height:
        table = rate_table(book)
        # Both sides are sorted by date overall, hence within each currency; polars cannot
        # verify that when grouping by currency, and would warn the user about it.
        foreign = foreign.sort("date").join_asof(
            table.rename({"rate": "table_rate", "date": "rate_date"}).sort("rate_date"),
            left_on="date", right_on="rate_date", by="currency", strategy="backward",
            check_sortedness=False)
        converted = []
        for amount, exp, own, listed in foreign.select(
            "amount", "exp", "rate", "table_rate"
        ).iter_rows():
            rate = own or listed
            converted.append(None if rate is None else convert(amount, exp, Decimal(rate),
                                                                base_exp))
        foreign = foreign.with_columns(pl.Series("base", converted, dtype=pl.Int64),
                                       pl.col("rate").is_not_null().alias("rate_given"))
        foreign = foreign.select(*postings.columns, "base", "rate_given")
    else:
        foreign = foreign.select(*postings.columns).with_columns(
            pl.lit(None, pl.Int64).alias("base"), pl.lit(False).alias("rate_given"))
    home = frame.filter(pl.col("currency") == base).select(*postings.columns).with_columns(
        pl.col("amount").alias("base"), pl.lit(False).alias("rate_given"))
    return pl.concat([home, foreign]).sort("date", "row")


def every_base_amount(postings: pl.DataFrame, book: BookData, scope: Localized,
                      before: Localized | None = None) -> pl.DataFrame:
    """:func:`base_amounts` for an action that needs every line in the base currency
    (closing a year, revaluing): raises ActionRefused, naming the first rows, when a line has
    no rate. ``scope`` says which lines ("of the year"), ``before`` what must wait for the
    rates ("before closing")."""
    converted = base_amounts(postings, book)
    missing = converted.filter(pl.col("base").is_null())
    if missing.height:
        rows = ", ".join(str(r) for r in missing["row"].head(5))
        wait_en, wait_id = (f" {before.en}", f" {before.id}") if before else ("", "")
        one = missing.height == 1
        what = (f"1 foreign-currency line {scope.en} has no rate (row {rows})" if one else
                f"{missing.height} foreign-currency lines {scope.en} have no rate (rows {rows})")
        raise ActionRefused(
            detail=Localized(f"{what}.", f"{missing.height} baris valuta asing {scope.id} "
                                         f"tidak punya kurs (baris {rows})."),
            fix=Localized(f"Give {'it' if one else 'them'} a Rate or add the rates to the Rates "
                          f"sheet{wait_en}.",
                          f"Isi Kurs-nya atau tambahkan kurs ke sheet Kurs{wait_id}."))
    return converted


def convert(amount: int, exp: int, rate: Decimal, base_exp: int) -> int:
    """``amount`` minor units at ``exp`` times ``rate``, in base minor units, half up."""
    value = Decimal(amount).scaleb(-exp) * rate
    return int(value.scaleb(base_exp).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def entry_residues(converted: pl.DataFrame, base: str) -> pl.DataFrame:
    """Per entry that balances in each currency, has a line in another currency and a base
    amount on every line: the base sum left over, its line count and first row."""
    balanced = (converted.group_by("entry", "currency").agg(pl.col("amount").sum())
                .group_by("entry").agg((pl.col("amount") == 0).all().alias("balanced")))
    foreign = converted.filter(pl.col("currency") != base)["entry"].unique()
    converted = converted.join(balanced, on="entry").filter(
        pl.col("balanced") & pl.col("entry").is_in(foreign.implode()))
    return (converted.group_by("entry")
            .agg(pl.col("base").sum().alias("residue"), pl.col("base").null_count().alias("missing"),
                 pl.len().alias("lines"), pl.col("row").min().alias("first"),
                 pl.col("date").first(), pl.col("rate_given").any())
            .filter((pl.col("missing") == 0) & (pl.col("residue") != 0)))


def with_rounding(converted: pl.DataFrame, book: BookData) -> pl.DataFrame:
    """Base postings plus, per entry, the rounding residue posted to the rounding account."""
    account = book.settings.get("rounding_account")
    base = book.settings.get("base_currency") or "IDR"
    residues = entry_residues(converted, base).filter(pl.col("residue").abs() <= pl.col("lines"))
    if account is None or residues.height == 0:
        return converted
    extra = residues.select(
        "date", "entry", pl.lit(account).alias("account"),
        pl.lit("rounding").alias("description"), pl.lit(base).alias("currency"),
        pl.lit(0, pl.Int64).alias("amount"),
        pl.lit(money.exponent(base), pl.Int64).alias("exp"), pl.col("first").alias("row"),
        (-pl.col("residue")).alias("base"), pl.lit(False).alias("rate_given"),
        pl.lit(False).alias("closing"), pl.lit(False).alias("revaluation"),
        pl.lit(False).alias("opening"))
    return pl.concat([converted, extra.select(converted.columns)])

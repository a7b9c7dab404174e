"""The stock outputs as report tables: Stock on hand, Valuation, Usage, Reorder, Count differences.

Each table (a :class:`backoffice.ledger.reports.Table`) becomes an output sheet in the
book's language (``backoffice stock``) or CSV/JSON with English column names.
Money is shown in major units of the base currency (Decimal, exact).
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from backoffice.inventory.engine import StockResult
from backoffice.ledger.reports import Field, Table
from backoffice.money import from_minor
from backoffice.schemas.stock_counts import REASONS

OUTPUTS = ("stock-on-hand", "valuation", "usage", "reorder", "count-differences")

SHEET_NAMES = {
    "stock-on-hand": {"en": "Stock on hand", "id": "Stok tersedia"},
    "valuation": {"en": "Valuation", "id": "Nilai persediaan"},
    "usage": {"en": "Usage", "id": "Pemakaian"},
    "reorder": {"en": "Reorder", "id": "Pesan ulang"},
    "count-differences": {"en": "Count differences", "id": "Selisih opname"},
}

_WORDS = {
    "en": {"total": "Total", "none": "(none)", "no-supplier": "(no supplier)",
           "moving-average": "moving average", "fifo": "FIFO", "draft": "DRAFT"},
    "id": {"total": "Jumlah", "none": "(tanpa)", "no-supplier": "(tanpa pemasok)",
           "moving-average": "rata-rata bergerak", "fifo": "FIFO", "draft": "DRAF"},
}


def build(name: str, result: StockResult, exp: int, lang: str) -> Table:
    """The output ``name`` (one of :data:`OUTPUTS`) of ``result``; money at exponent ``exp``."""
    builders = {"stock-on-hand": _on_hand, "valuation": _valuation, "usage": _usage,
                "reorder": _reorder, "count-differences": _differences}
    return builders[name](result, exp, lang)


def _money(minor: int | None, exp: int) -> Decimal | None:
    return None if minor is None else from_minor(int(minor), exp)


def money(column: str, exp: int) -> pl.Expr:
    """Integer minor units as exact Decimal major units, in polars (no Python per value)."""
    return pl.col(column).cast(pl.Decimal(38, exp)) / (10 ** exp)


def _named(result: StockResult, lang: str) -> pl.DataFrame:
    """sku, name (in ``lang``, else the other language's), unit: to join onto a table."""
    first, second = ("name_id", "name_en") if lang == "id" else ("name_en", "name_id")
    return result.items.select(
        "sku", pl.coalesce(pl.col(first), pl.col(second), pl.lit("")).alias("name"),
        pl.col("unit").fill_null("").alias("unit"))


def _names(result: StockResult, lang: str) -> dict[str, tuple[str, str]]:
    """SKU -> (name in ``lang``, unit), for the small tables built row by row."""
    return {sku: (name, unit) for sku, name, unit in _named(result, lang).iter_rows()}


_SKU = Field("sku", "SKU", "SKU", width=12)
_NAME = Field("name", "Name", "Nama", width=30)
_UNIT = Field("unit", "Unit", "Satuan", width=8)


def _on_hand(result: StockResult, exp: int, lang: str) -> Table:
    homes = result.items.select("sku", "location", pl.lit(0, pl.Int64).alias("on_hand"))
    # Every item is listed: at its home location with 0 when nothing moved yet.
    frame = pl.concat([result.on_hand, homes.join(result.on_hand.select("sku").unique(),
                                                  on="sku", how="anti")])
    frame = (frame.join(_named(result, lang), on="sku", how="left")
             .join(result.items.select("sku", "reorder_point"), on="sku", how="left")
             .sort("sku", "location")
             .select("sku", "name", "unit", "location", "on_hand", "reorder_point"))
    columns = [_SKU, _NAME, _UNIT, Field("location", "Location", "Lokasi", width=12),
               Field("on_hand", "On hand", "Stok", "number", 10),
               Field("reorder_point", "Reorder point", "Titik pesan ulang", "number", 12)]
    return Table("stock-on-hand", columns, frame.rows(), result.as_of.isoformat())


def _valuation(result: StockResult, exp: int, lang: str) -> Table:
    qty, value = pl.col("qty").fill_null(0), pl.col("value").fill_null(0)
    frame = (result.items.select("sku").join(result.stock, on="sku", how="left")
             .with_columns(qty.alias("qty"), value.alias("value"))
             .with_columns(  # the unit cost shown: value / quantity, half up to the minor unit
                 pl.when(qty > 0).then((2 * value + qty) // (2 * qty)).alias("unit_cost"))
             .join(_named(result, lang), on="sku", how="left").sort("sku")
             .select("sku", "name", "unit", "qty", money("unit_cost", exp), money("value", exp)))
    total = int(result.stock["value"].sum()) if result.stock.height else 0
    rows = frame.rows()
    rows.append((_WORDS[lang]["total"], _WORDS[lang][result.method], None, None, None,
                 _money(total, exp)))
    columns = [_SKU, _NAME, _UNIT, Field("on_hand", "On hand", "Stok", "number", 10),
               Field("unit_cost", "Unit cost", "Harga satuan", "amount", 16),
               Field("value", "Value", "Nilai", "amount", 18)]
    return Table("valuation", columns, rows, result.as_of.isoformat())


def _usage(result: StockResult, exp: int, lang: str) -> Table:
    """Per month and department: each item taken, then the department's total cost."""
    words = _WORDS[lang]
    totals = (result.usage.group_by("month", "department").agg(pl.col("cost").sum())
              .with_columns(pl.lit(None, pl.String).alias("sku"),
                            pl.lit(None, pl.Int64).alias("qty"), pl.lit(1).alias("_total")))
    keys = ["month", "department", "sku", "qty", "cost", "_total"]
    frame = (pl.concat([result.usage.with_columns(pl.lit(0).alias("_total")).select(keys),
                        totals.select(keys)])
             .sort(_rank(result.usage, "month"), _rank(result.usage, "department"), "_total",
                   _rank(result.usage, "sku"))
             .join(_named(result, lang), on="sku", how="left", maintain_order="left")
             .select("month", pl.col("department").fill_null(words["none"]), "sku",
                     pl.when(pl.col("_total") == 1).then(pl.lit(words["total"]))
                     .otherwise(pl.col("name")).alias("name"),
                     "unit", "qty", money("cost", exp)))
    columns = [Field("month", "Month", "Bulan", width=9),
               Field("department", "Department", "Departemen", width=18), _SKU, _NAME, _UNIT,
               Field("quantity", "Quantity", "Jumlah", "number", 10),
               Field("cost", "Cost", "Biaya", "amount", 16)]
    return Table("usage", columns, frame.rows(), result.as_of.isoformat())


def _rank(frame: pl.DataFrame, column: str) -> pl.Expr:
    """The column's values as their rank in sorted order (blank last), to sort by integers.

    Sorting a few hundred thousand rows on integer ranks of the (few) distinct texts is
    several times faster than sorting on the texts.
    """
    values = frame[column].drop_nulls().unique().sort().to_list()
    ranks = {value: i for i, value in enumerate(values)}
    return pl.col(column).replace_strict(ranks, default=len(values), return_dtype=pl.Int64)


def _reorder(result: StockResult, exp: int, lang: str) -> Table:
    """One block per supplier (a draft purchase order), each closed by its total."""
    names = _names(result, lang)
    words = _WORDS[lang]
    rows: list[tuple[object, ...]] = []
    stamp = result.as_of.strftime("%Y%m%d")
    for (po,), group in result.reorder.group_by("po", maintain_order=True):
        number = f"{words['draft']}-{stamp}-{po:02d}"
        supplier = group["supplier"][0] or words["no-supplier"]
        for record in group.iter_rows(named=True):
            rows.append((number, supplier, record["sku"], *names.get(record["sku"], ("", "")),
                         record["on_hand"], record["reorder_point"], record["suggested"],
                         _money(record["unit_cost"], exp), _money(record["estimated"], exp)))
        estimated = group["estimated"]
        total = int(estimated.sum()) if estimated.null_count() < len(estimated) else None
        rows.append((number, supplier, None, words["total"], None, None, None, None, None,
                     _money(total, exp)))
    columns = [Field("draft_po", "Draft PO", "Draf PO", width=20),
               Field("supplier", "Supplier", "Pemasok", width=24), _SKU, _NAME, _UNIT,
               Field("on_hand", "On hand", "Stok", "number", 10),
               Field("reorder_point", "Reorder point", "Titik pesan ulang", "number", 12),
               Field("quantity", "Order quantity", "Jumlah pesan", "number", 12),
               Field("unit_cost", "Unit cost", "Harga satuan", "amount", 16),
               Field("estimated_cost", "Estimated cost", "Perkiraan biaya", "amount", 18)]
    return Table("reorder", columns, rows, result.as_of.isoformat())


def _differences(result: StockResult, exp: int, lang: str) -> Table:
    """Every count up to the as-of date: the book quantity, the count, and what differs."""
    names = _names(result, lang)
    # What the difference is worth: the stock's value change plus any cost correction.
    values = dict(result.flows.filter(pl.col("kind") == "adjustment")
                  .select("row", pl.col("value") + pl.col("reval")).iter_rows())
    reasons = {c.value: c.label(lang) for c in REASONS}
    rows = []
    for record in result.adjustments.sort("date", "location", "sku").iter_rows(named=True):
        rows.append((record["date"], record["location"], record["sku"],
                     *names.get(record["sku"], ("", "")), record["book"], record["counted"],
                     record["qty"], reasons.get(record["reason"], record["reason"])
                     if record["qty"] else None,
                     _money(values.get(record["_row"], 0), exp)))
    columns = [Field("date", "Date", "Tanggal", "date", 12),
               Field("location", "Location", "Lokasi", width=12), _SKU, _NAME, _UNIT,
               Field("book", "Book quantity", "Jumlah tercatat", "number", 12),
               Field("counted", "Counted", "Jumlah dihitung", "number", 12),
               Field("difference", "Difference", "Selisih", "number", 10),
               Field("reason", "Reason", "Alasan", width=14),
               Field("value", "Value", "Nilai", "amount", 16)]
    return Table("count-differences", columns, rows, result.as_of.isoformat())

"""The inventory engine: from a checked book to on hand, valuation, usage and reorder.

Pure functions over polars frames (no workbook access): :func:`compute` takes
the :class:`~backoffice.schema.BookData` Check read and a date, and returns a
:class:`StockResult` that the output sheets, the reports and the stock journal
are made from. Quantities are integers (whole units) and money integer minor
units of the base currency; see :mod:`backoffice.inventory.valuation` for the
rounding rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from backoffice.inventory import flows as flow_ops
from backoffice.inventory.book import StockData, stock_data
from backoffice.inventory.valuation import value_flows
from backoffice.schema import BookData


@dataclass(frozen=True)
class StockResult:
    """Everything ``backoffice stock`` shows, as of one date.

    Attributes:
        as_of: the date (end of day) the figures are for.
        method: "moving-average" or "fifo".
        items: the Items rows (one per SKU).
        flows: every flow up to ``as_of`` with its ``value`` and ``reval``.
        on_hand: quantity per item and location (sku, location, on_hand).
        stock: per item: qty, value (minor units).
        usage: issues per month, department and item: qty, cost.
        reorder: items at or under their reorder point, with the suggested order.
        adjustments: the counts up to ``as_of`` with book quantity and difference.
    """

    as_of: dt.date
    method: str
    items: pl.DataFrame
    flows: pl.DataFrame
    on_hand: pl.DataFrame
    stock: pl.DataFrame
    usage: pl.DataFrame
    reorder: pl.DataFrame
    adjustments: pl.DataFrame


def compute(book: BookData, as_of: dt.date) -> StockResult:
    """The stock of the checked ``book`` at the end of ``as_of``."""
    return compute_from(stock_data(book), as_of, book.settings.get("valuation_method")
                        or "moving-average")


def compute_from(stock: StockData, as_of: dt.date, method: str = "moving-average") -> StockResult:
    """:func:`compute` from frames already built (the bench times this part)."""
    flows = stock.flows.filter(pl.col("date") <= as_of)
    last_costs = {sku: cost for sku, cost in stock.items.select("sku", "last_cost").iter_rows()
                  if cost is not None}
    valued, per_item = value_flows(flows, last_costs, method)
    on_hand = flow_ops.on_hand(flows)
    adjustments = stock.adjustments.filter(pl.col("date") <= as_of)
    return StockResult(as_of, method, stock.items, valued, on_hand, per_item, usage(valued),
                       reorder(stock.items, on_hand, valued), adjustments)


def usage(valued: pl.DataFrame) -> pl.DataFrame:
    """Issues per month (YYYY-MM), department and item: units and their cost (minor units).

    In no particular order (the Usage sheet sorts it).
    """
    issues = valued.filter(pl.col("kind") == "issue")
    # Grouped on the month as a number; the text YYYY-MM is made for the groups only.
    month = pl.col("date").dt.year() * 100 + pl.col("date").dt.month()
    grouped = (issues.group_by(month.alias("month"), pl.col("department"), pl.col("sku"))
               .agg((-pl.col("qty")).sum().alias("qty"), (-pl.col("value")).sum().alias("cost")))
    text = (pl.col("month") // 100).cast(pl.String) + "-" + \
        (pl.col("month") % 100).cast(pl.String).str.zfill(2)
    return grouped.with_columns(text.alias("month"))


def last_receipt_costs(valued: pl.DataFrame) -> pl.DataFrame:
    """The unit cost of each item's latest receipt (sku, cost)."""
    return (valued.filter(pl.col("kind") == "receipt")
            .group_by("sku").agg(pl.col("unit_cost").last().alias("cost")))


def reorder(items: pl.DataFrame, on_hand: pl.DataFrame, valued: pl.DataFrame) -> pl.DataFrame:
    """Items whose stock over every location is at or under their reorder point.

    Suggested quantity: the reorder quantity, in as many lots as it takes to lift
    the stock above the reorder point (a blank reorder quantity orders lots of
    the reorder point itself, at least 1). Unit cost: the latest receipt's, else
    the item's Last cost; estimated cost = suggested quantity x unit cost.
    Sorted by supplier (blank last) then SKU; ``po`` numbers the suppliers'
    draft purchase orders (1, 2, ...).
    """
    totals = on_hand.group_by("sku").agg(pl.col("on_hand").sum())
    costs = last_receipt_costs(valued)
    frame = (items.filter(pl.col("reorder_point").is_not_null())
             .join(totals, on="sku", how="left").join(costs, on="sku", how="left")
             .with_columns(pl.col("on_hand").fill_null(0))
             .filter(pl.col("on_hand") <= pl.col("reorder_point")))
    lot = (pl.when(pl.col("reorder_qty").fill_null(0) > 0).then(pl.col("reorder_qty"))
           .otherwise(pl.max_horizontal(pl.col("reorder_point"), pl.lit(1))))
    needed = pl.col("reorder_point") - pl.col("on_hand") + 1
    frame = frame.with_columns(lot.alias("lot")).with_columns(
        (((needed + pl.col("lot") - 1) // pl.col("lot")) * pl.col("lot")).alias("suggested"),
        pl.col("cost").fill_null(pl.col("last_cost")).alias("unit_cost"),
    ).with_columns((pl.col("suggested") * pl.col("unit_cost")).alias("estimated"))
    frame = frame.sort(pl.col("supplier").is_null(), "supplier", "sku")
    key = pl.col("supplier").fill_null("\x00")  # blank suppliers form one group, last
    return frame.with_columns(
        (key != key.shift(1)).fill_null(True).cast(pl.Int64).cum_sum().alias("po"),
    ).select("po", "supplier", "sku", "name_en", "name_id", "unit", "on_hand", "reorder_point",
             "suggested", "unit_cost", "estimated")

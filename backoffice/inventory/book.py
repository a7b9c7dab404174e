"""The inventory book's sheets as the engine's frames: items, flows, count adjustments.

Everything here works on a :class:`~backoffice.schema.BookData` that Check has
read (no workbook access), so Check's rules, ``backoffice stock`` and the bench
share one path from sheets to flows.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from backoffice.inventory import flows as flow_ops
from backoffice.schema import BookData

MOVE_COLUMNS = {"date": pl.Date, "sku": pl.String, "qty_in": pl.Int64, "qty_out": pl.Int64,
                 "unit_cost": pl.Int64, "reference": pl.String, "department": pl.String,
                 "location": pl.String, "to_location": pl.String, "note": pl.String,
                 "_row": pl.Int64}
COUNT_COLUMNS = {"date": pl.Date, "location": pl.String, "sku": pl.String,
                  "counted": pl.Int64, "reason": pl.String, "_row": pl.Int64}


@dataclass(frozen=True)
class StockData:
    """The inventory book, ready for the engine.

    Attributes:
        items: one row per SKU (see :func:`~backoffice.inventory.flows.items_frame`).
        moves: the usable Stock moves rows, location filled in.
        adjustments: one row per usable count, with ``book`` (quantity by the
            moves) and ``qty`` (the difference the count makes).
        flows: every flow (moves and count adjustments), in the order they happen.
    """

    items: pl.DataFrame
    moves: pl.DataFrame
    adjustments: pl.DataFrame
    flows: pl.DataFrame


def _frame(book: BookData, kind: str, columns: dict[str, pl.DataType]) -> pl.DataFrame:
    data = book.get(kind)
    if data is None or data.frame is None:
        return pl.DataFrame(schema=columns)
    frame = data.frame
    return frame.select([(pl.col(k) if k in frame.columns else pl.lit(None)).cast(t).alias(k)
                         for k, t in columns.items()])


def stock_data(book: BookData) -> StockData:
    """Items, usable moves, count adjustments and every flow of ``book``."""
    items_data = book.get("items")
    return build_stock(items_data.frame if items_data is not None else None,
                       _frame(book, "stock_moves", MOVE_COLUMNS),
                       _frame(book, "stock_counts", COUNT_COLUMNS))


def build_stock(items: pl.DataFrame | None, moves: pl.DataFrame,
                counts: pl.DataFrame) -> StockData:
    """:func:`stock_data` from the sheets' frames (columns named by the schemas' keys)."""
    items = flow_ops.items_frame(items)
    usable = flow_ops.usable_moves(moves, items)
    move_flows = flow_ops.move_flows(usable)
    adjustments = flow_ops.count_adjustments(move_flows, usable_counts(counts, items))
    every = flow_ops.ordered(pl.concat([move_flows, flow_ops.adjustment_flows(adjustments)]))
    return StockData(items, usable, adjustments, every)


def usable_counts(counts: pl.DataFrame, items: pl.DataFrame) -> pl.DataFrame:
    """Count rows that can be used: a date, a location, a known SKU and a quantity."""
    return counts.filter(pl.col("date").is_not_null() & pl.col("location").is_not_null()
                         & pl.col("counted").is_not_null() & (pl.col("counted") >= 0)
                         & pl.col("sku").is_in(items["sku"].implode()))


def known_locations(book: BookData) -> list[str]:
    """Every location named in Items and in Stock moves (Location and To location)."""
    found: set[str] = set()
    for kind, keys in (("items", ("location",)), ("stock_moves", ("location", "to_location"))):
        data = book.get(kind)
        if data is None or data.frame is None:
            continue
        for key in keys:
            if key in data.frame.columns:
                found.update(data.frame[key].drop_nulls().unique().to_list())
    return sorted(found)

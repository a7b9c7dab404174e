"""Stock moves as signed flows, count adjustments, and the stock on hand.

A *flow* is one change of one item's quantity at one location. The sheets'
rows become flows like this:

* a row with *In* is a receipt (+q at its location);
* a row with *Out* is an issue (-q), or, when it names a *To location*, a
  transfer: -q at *Location* and +q at *To location* (no cost changes hands);
* a physical count (``Stock counts``) makes an adjustment: the counted quantity
  minus what the moves say was there at the end of the count's day.

Order within a day (written down because valuation and the "more than on hand"
check depend on it): receipts and transfers in first, then issues and transfers
out (a day's deliveries can be taken that day), then the count adjustments (a
count is taken at the end of its day); rows of one kind keep their sheet order.

Quantities are whole units of the item's unit (integers), so every sum is exact.
A blank *Location* on a move is the item's location from ``Items``.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

#: The order of flows within one day (see the module docstring).
PHASE_IN, PHASE_OUT, PHASE_COUNT = 0, 1, 2

FLOW_SCHEMA = {"date": pl.Date, "phase": pl.Int8, "row": pl.Int64, "sku": pl.String,
               "location": pl.String, "qty": pl.Int64, "kind": pl.String,
               "unit_cost": pl.Int64, "department": pl.String, "reference": pl.String,
               "reason": pl.String}


def items_frame(items: pl.DataFrame | None) -> pl.DataFrame:
    """The Items sheet's usable rows: one per SKU (the first when a SKU is repeated)."""
    columns = {"sku": pl.String, "name_en": pl.String, "name_id": pl.String, "unit": pl.String,
               "category": pl.String, "location": pl.String, "reorder_point": pl.Int64,
               "reorder_qty": pl.Int64, "supplier": pl.String, "last_cost": pl.Int64,
               "_row": pl.Int64}
    if items is None:
        return pl.DataFrame(schema=columns)
    return (items.filter(pl.col("sku").is_not_null()).unique("sku", keep="first",
                                                             maintain_order=True)
            .select([(pl.col(k) if k in items.columns else pl.lit(None)).cast(t).alias(k)
                     for k, t in columns.items()]))


def usable_moves(moves: pl.DataFrame, items: pl.DataFrame) -> pl.DataFrame:
    """Move rows that can be counted: a date, a known SKU, exactly one of In and Out.

    The rest are reported by the sheet's rules. Location is filled from Items.
    """
    quantity_in = pl.col("qty_in").fill_null(0)
    quantity_out = pl.col("qty_out").fill_null(0)
    home = items.select("sku", pl.col("location").alias("_home"))
    return (moves.filter(pl.col("date").is_not_null() & pl.col("sku").is_not_null()
                         & ((quantity_in > 0) ^ (quantity_out > 0)))
            .join(home, on="sku", how="inner", maintain_order="left")
            .with_columns(pl.col("location").fill_null(pl.col("_home")))
            .drop("_home"))


def move_flows(moves: pl.DataFrame) -> pl.DataFrame:
    """Receipts, issues and both legs of transfers, from :func:`usable_moves` rows."""
    quantity_in = pl.col("qty_in").fill_null(0)
    quantity_out = pl.col("qty_out").fill_null(0)
    to = pl.col("to_location")
    # A "transfer" to the row's own location is refused by Check; here it is an issue.
    transfer = (quantity_out > 0) & to.is_not_null() & (to != pl.col("location"))
    common = [pl.col("date"), pl.col("_row").alias("row"), pl.col("sku")]
    tail = [pl.col("department"), pl.col("reference"), pl.lit(None, pl.String).alias("reason")]
    receipts = moves.filter(quantity_in > 0).select(
        pl.col("date"), pl.lit(PHASE_IN, pl.Int8).alias("phase"), *common[1:],
        pl.col("location"), quantity_in.alias("qty"), pl.lit("receipt").alias("kind"),
        pl.col("unit_cost"), *tail)
    issues = moves.filter(quantity_out > 0).select(
        pl.col("date"), pl.lit(PHASE_OUT, pl.Int8).alias("phase"), *common[1:],
        pl.col("location"), (-quantity_out).alias("qty"),
        pl.when(transfer).then(pl.lit("transfer-out")).otherwise(pl.lit("issue")).alias("kind"),
        pl.lit(None, pl.Int64).alias("unit_cost"), *tail)
    arrivals = moves.filter(transfer).select(
        pl.col("date"), pl.lit(PHASE_IN, pl.Int8).alias("phase"), *common[1:],
        to.alias("location"), quantity_out.alias("qty"), pl.lit("transfer-in").alias("kind"),
        pl.lit(None, pl.Int64).alias("unit_cost"), *tail)
    return _typed(pl.concat([receipts, issues, arrivals]))


def _typed(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select([pl.col(k).cast(t) for k, t in FLOW_SCHEMA.items()])


def order_key() -> pl.Expr:
    """One integer that sorts flows in the order they happen: (date, phase, sheet row).

    Unique per flow: the two legs of a transfer differ in phase, and adjustments
    (phase 2) come from rows of another sheet. A worksheet has under 2**21 rows.
    """
    day = pl.col("date").cast(pl.Int64) * 4 + pl.col("phase").cast(pl.Int64)
    return day * (1 << 21) + pl.col("row")


def ordered(flows: pl.DataFrame) -> pl.DataFrame:
    """Flows in the order they happen (see the module docstring)."""
    # One integer key sorts a million flows several times faster than four columns.
    return flows.sort(order_key())


def count_adjustments(flows: pl.DataFrame, counts: pl.DataFrame) -> pl.DataFrame:
    """The adjustment flows the counts make: counted minus book quantity, at the day's end.

    ``counts`` has date, location, sku, counted, reason and _row (unusable rows
    already removed). The book quantity at a count is what the previous count of
    the same item and location found (0 before the first) plus the moves since;
    so later counts never undo earlier adjustments. Also returns, per count, the
    book quantity (``book``) for the report; zero differences make no flow but
    stay in the returned frame (``qty`` 0).
    """
    counted = counts.select("sku", "location").unique()
    # Only the items and locations that were counted matter (a small part of the flows).
    daily = (flows.join(counted, on=["sku", "location"], how="semi")
             .group_by("sku", "location", "date").agg(pl.col("qty").sum())
             .sort("sku", "location", "date")
             .with_columns(pl.col("qty").cum_sum().over("sku", "location").alias("moved")))
    counts = counts.sort("sku", "location", "date", "_row")
    # One count per item, location and day: the last row wins (duplicates are reported).
    counts = counts.unique(["sku", "location", "date"], keep="last", maintain_order=True)
    joined = counts.join_asof(daily.select("sku", "location", "date", "moved"), on="date",
                              by=["sku", "location"], strategy="backward", check_sortedness=False)
    joined = joined.with_columns(pl.col("moved").fill_null(0)).with_columns(
        pl.col("counted").shift(1).over("sku", "location").fill_null(0).alias("_prev_counted"),
        pl.col("moved").shift(1).over("sku", "location").fill_null(0).alias("_prev_moved"),
    ).with_columns(
        (pl.col("_prev_counted") + pl.col("moved") - pl.col("_prev_moved")).alias("book"))
    return joined.with_columns((pl.col("counted") - pl.col("book")).alias("qty"),
                               pl.col("reason").fill_null(
                                   pl.when(pl.col("counted") < pl.col("book"))
                                   .then(pl.lit("shrinkage")).otherwise(pl.lit("surplus"))))


def adjustment_flows(adjustments: pl.DataFrame) -> pl.DataFrame:
    """The nonzero count differences of :func:`count_adjustments` as flows."""
    return _typed(adjustments.filter(pl.col("qty") != 0).select(
        pl.col("date"), pl.lit(PHASE_COUNT, pl.Int8).alias("phase"), pl.col("_row").alias("row"),
        pl.col("sku"), pl.col("location"), pl.col("qty"), pl.lit("adjustment").alias("kind"),
        pl.lit(None, pl.Int64).alias("unit_cost"), pl.lit(None, pl.String).alias("department"),
        pl.lit(None, pl.String).alias("reference"), pl.col("reason")))


def on_hand(flows: pl.DataFrame, as_of: dt.date | None = None) -> pl.DataFrame:
    """Quantity per item and location at the end of ``as_of`` (every flow when None)."""
    if as_of is not None:
        flows = flows.filter(pl.col("date") <= as_of)
    return (flows.group_by("sku", "location").agg(pl.col("qty").sum().alias("on_hand"))
            .sort("sku", "location"))


def running_balances(flows: pl.DataFrame) -> pl.DataFrame:
    """Every flow with the quantity at its item and location after it (``balance``)."""
    return (ordered(flows).with_columns(
        pl.col("qty").cum_sum().over("sku", "location").alias("balance")))

"""The inventory's rules over Stock counts and Stock moves: registered for their sheet kinds.

Rules that need the inventory engine (the known locations, the running stock
balances) live here rather than in ``schemas/``, so that the schemas stay
declarations; :mod:`backoffice.ruleset` runs them with the sheet's own rules.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from backoffice.inventory.book import known_locations, stock_data
from backoffice.inventory.flows import running_balances
from backoffice.issues import Issue, make_issue
from backoffice.ruleset import register
from backoffice.schema import BookData


@register("stock_counts")
def check_counts(book: BookData) -> Iterator[Issue]:
    data = book.get("stock_counts")
    if data is None or data.frame.height == 0:
        return
    frame = data.frame
    items, moves = book.get("items"), book.get("stock_moves")
    if items is not None:
        known = items.frame.get_column("sku").drop_nulls().implode()
        unknown = frame.filter(pl.col("sku").is_not_null() & ~pl.col("sku").is_in(known))
        for row, sku in unknown.select("_row", "sku").iter_rows():
            yield make_issue("stock-sku-unknown", data.sheet, row=row, column=data.letters["sku"],
                             field="sku", value=sku, items=items.sheet)
        locations = known_locations(book)
        strange = frame.filter(pl.col("location").is_not_null()
                               & ~pl.col("location").is_in(pl.Series(locations,
                                                                     dtype=pl.String).implode()))
        shown = ", ".join(locations[:8]) + (", …" if len(locations) > 8 else "")
        for row, location in strange.select("_row", "location").iter_rows():
            yield make_issue("stock-location-unknown", data.sheet, row=row,
                             column=data.letters["location"], field="location", value=location,
                             items=items.sheet, moves=moves.sheet if moves else "Stock moves",
                             known=shown or "-")
    keyed = frame.filter(pl.col("sku").is_not_null() & pl.col("location").is_not_null()
                         & pl.col("date").is_not_null())
    repeated = (keyed.group_by("sku", "location", "date").agg(pl.col("_row").sort())
                .filter(pl.col("_row").list.len() > 1))
    for sku, location, day, rows in repeated.sort(pl.col("_row").list.first()).iter_rows():
        for row in rows[1:]:
            yield make_issue("stock-count-duplicate", data.sheet, row=row,
                             column=data.letters["counted"], field="counted", value=sku, sku=sku,
                             location=location, date=day.isoformat(), other_row=rows[0])


@register("stock_moves")
def check_on_hand(book: BookData) -> Iterator[Issue]:
    """No issue or transfer takes more than is at its location (see the module docstring)."""
    data = book.get("stock_moves")
    if data is None or book.get("items") is None or data.frame.height == 0:
        return
    stock = stock_data(book)
    balances = running_balances(stock.flows)
    crossing = balances.filter(
        pl.col("kind").is_in(["issue", "transfer-out"]) & (pl.col("balance") < 0)
        & (pl.col("balance") - pl.col("qty") >= 0))
    if crossing.height == 0:
        return
    units = dict(stock.items.select("sku", "unit").iter_rows())
    allowed = bool(book.settings.get("allow_negative_stock"))
    code = "stock-goes-negative" if allowed else "stock-insufficient"
    letter = data.letters["qty_out"]
    for row, sku, location, day, qty, balance in crossing.sort("row").select(
            "row", "sku", "location", "date", "qty", "balance").iter_rows():
        yield make_issue(code, data.sheet, row=row, column=letter, field="qty_out", value=-qty,
                         header=data.header("qty_out"), quantity=-qty, unit=units.get(sku, ""),
                         sku=sku, location=location, date=day.isoformat(),
                         available=balance - qty, balance=balance)

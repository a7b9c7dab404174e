"""What the stock is worth: moving average cost or FIFO, exactly, in integer minor units.

Cost is kept per item over every location (a transfer moves units, not value).
Flows are taken in the order of :func:`backoffice.inventory.flows.ordered`.
Money is integer minor units of the base currency (sen for IDR): unit costs
from the sheets are exact, quantities are whole units, so every product is an
integer and nothing is lost until a rule below rounds.

**Moving average** (value-based). The item's stock has a quantity ``Q`` and a
value ``V``. A receipt of ``r`` at unit cost ``c`` adds ``r`` and ``r*c``. An
issue of ``q`` takes ``V*q/Q`` **rounded half up to the minor unit**; the
rounding stays in the value of what is left, so issuing the whole stock takes
exactly ``V`` and an empty stock is worth exactly 0 (no drift, no residue).
A count surplus of ``q`` is added at ``V*q/Q`` rounded the same way (at the last
receipt's cost when the stock is empty).

**FIFO**. Each receipt is a layer (quantity, unit cost); an issue takes units
from the oldest layers first, so its cost is an exact sum. A count surplus is a
new layer at the last receipt's cost.

**Negative stock** (only when Settings allow it; the same rule for both
methods). Units taken beyond what is there are costed at the *fallback cost*:
the last receipt's unit cost, else the item's *Last cost* in ``Items``, else 0.
The next receipt first fills that hole; the difference between its cost and
the fallback cost for the units filled is a *cost correction* (``reval``),
charged to the same expense the issue went to. So the books always equal the
stock value, and an empty stock is worth 0.
"""

from __future__ import annotations

import polars as pl

METHODS = ("moving-average", "fifo")


def share(value: int, part: int, whole: int) -> int:
    """``value * part / whole`` rounded half up (away from zero) to an integer; whole > 0."""
    numerator = value * part
    if numerator >= 0:
        return (2 * numerator + whole) // (2 * whole)
    return -((-2 * numerator + whole) // (2 * whole))


def value_flows(flows: pl.DataFrame, last_costs: dict[str, int] | None = None,
                method: str = "moving-average") -> tuple[pl.DataFrame, pl.DataFrame]:
    """Value every flow; return (flows with ``value`` and ``reval``, the stock per item).

    ``flows`` must be :func:`~backoffice.inventory.flows.ordered`; transfers are
    skipped (their value is 0). ``value`` is the signed change of the stock's
    value (a receipt's ``+r*c``, an issue's ``-cost``); ``reval`` is the cost
    correction a receipt makes when it fills negative stock (charged to expense,
    taken off the stock). The stock per item has ``qty`` and ``value``.
    """
    if method not in METHODS:
        raise ValueError(method)
    moving = pl.col("kind").is_in(["transfer-in", "transfer-out"])
    # Per item, in the order of the flows: an integer code per item, then the position
    # (sorting on these two integers is much faster than a stable sort on the text, and
    # the walks compare integers).
    valued = flows.filter(~moving)
    names = valued["sku"].unique().sort().to_list()
    codes = pl.col("sku").replace_strict({sku: i for i, sku in enumerate(names)},
                                         return_dtype=pl.Int64)
    position = pl.int_range(pl.len(), dtype=pl.Int64)
    valued = valued.with_columns(codes.alias("_item"))
    if names:
        valued = valued.sort(pl.col("_item") * (1 << 32) + position)
    fallbacks = [(last_costs or {}).get(sku) or 0 for sku in names]
    walk = _walk_fifo if method == "fifo" else _walk_average
    values, revals, final = walk(valued["_item"].to_list(),
                                 (valued["kind"] == "receipt").to_list(),
                                 valued["qty"].to_list(), valued["unit_cost"].to_list(),
                                 fallbacks)
    valued = valued.drop("_item").with_columns(pl.Series("value", values, dtype=pl.Int64),
                                               pl.Series("reval", revals, dtype=pl.Int64))
    transfers = flows.filter(moving).with_columns(pl.lit(0, pl.Int64).alias("value"),
                                                  pl.lit(0, pl.Int64).alias("reval"))
    stock = pl.DataFrame({"sku": [names[i] for i in final],
                          "qty": [q for q, _v in final.values()],
                          "value": [v for _q, v in final.values()]},
                         schema={"sku": pl.String, "qty": pl.Int64, "value": pl.Int64})
    return pl.concat([valued, transfers]), stock.sort("sku")


# The two walks below are the hot loops of the engine (a million flows in about a
# second): plain local variables, no objects per item. Both follow the rules of the
# module docstring; tests/test_inventory_properties.py holds them to reference
# calculations.

Walk = tuple[list[int], list[int], dict[int, tuple[int, int]]]


def _walk_average(skus: list[int], receipt: list[bool], quantities: list[int],
                  costs: list[int | None], fallbacks: list[int]) -> Walk:
    """Moving average: (each flow's value, each flow's cost correction, item -> (qty, value)).

    ``skus`` are item codes (0, 1, ...), grouped; ``fallbacks`` the Last cost per code.
    """
    n = len(skus)
    values, revals = [0] * n, [0] * n
    final: dict[int, tuple[int, int]] = {}
    previous = None
    qty = value = fallback = hole = 0
    for i in range(n):
        sku = skus[i]
        if sku != previous:
            if previous is not None:
                final[previous] = (qty, value)
            previous, qty, value, hole = sku, 0, 0, 0
            fallback = fallbacks[sku]
        q = quantities[i]
        if q > 0:
            if receipt[i]:
                cost = costs[i] or 0
                fallback = cost
            elif qty > 0:  # a count surplus, at the average
                added = share(value, q, qty)
                qty += q
                value += added
                values[i] = added
                continue
            else:
                cost = fallback
            reval = 0
            if qty < 0:  # fill the hole first, at this cost
                fill = min(q, -qty)
                reval = fill * (cost - hole)
                qty += fill
                value = qty * hole
                q -= fill
            qty += q
            value += q * cost
            values[i] = quantities[i] * cost - reval
            revals[i] = reval
        else:
            take = -q
            if qty >= take:
                taken = (2 * value * take + qty) // (2 * qty)  # half up; value >= 0 here
                qty -= take
                value -= taken
            else:
                taken = 0
                if qty > 0:
                    taken, take, qty = value, take - qty, 0
                if qty == 0:
                    hole = fallback
                taken += take * hole
                qty -= take
                value = qty * hole
            values[i] = -taken
    if previous is not None:
        final[previous] = (qty, value)
    return values, revals, final


def _walk_fifo(skus: list[int], receipt: list[bool], quantities: list[int],
               costs: list[int | None], fallbacks: list[int]) -> Walk:
    """FIFO: the same results as :func:`_walk_average`, from layers of (quantity, cost)."""
    n = len(skus)
    values, revals = [0] * n, [0] * n
    final: dict[int, tuple[int, int]] = {}
    previous = None
    layer_qty: list[int] = []
    layer_cost: list[int] = []
    head = fallback = short = hole = 0
    for i in range(n):
        sku = skus[i]
        if sku != previous:
            if previous is not None:
                final[previous] = _layers_total(layer_qty, layer_cost, head, short, hole)
            previous, layer_qty, layer_cost, head, short, hole = sku, [], [], 0, 0, 0
            fallback = fallbacks[sku]
        q = quantities[i]
        if q > 0:
            cost = (costs[i] or 0) if receipt[i] else fallback
            if receipt[i]:
                fallback = cost
            reval = 0
            if short:  # fill the hole first, at this cost
                fill = min(q, short)
                reval = fill * (cost - hole)
                short -= fill
                q -= fill
            if q:
                layer_qty.append(q)
                layer_cost.append(cost)
            values[i] = quantities[i] * cost - reval
            revals[i] = reval
        else:
            take = -q
            taken = 0
            while take and head < len(layer_qty):
                available = layer_qty[head]
                if available > take:
                    layer_qty[head] = available - take
                    taken += take * layer_cost[head]
                    take = 0
                else:
                    taken += available * layer_cost[head]
                    take -= available
                    head += 1
            if take:
                if not short:
                    hole = fallback
                short += take
                taken += take * hole
            values[i] = -taken
    if previous is not None:
        final[previous] = _layers_total(layer_qty, layer_cost, head, short, hole)
    return values, revals, final


def _layers_total(layer_qty: list[int], layer_cost: list[int], head: int, short: int,
                  hole: int) -> tuple[int, int]:
    qty = sum(layer_qty[head:]) - short
    value = sum(q * c for q, c in zip(layer_qty[head:], layer_cost[head:], strict=True))
    return qty, value - short * hole

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

from collections import deque
from dataclasses import dataclass

import polars as pl

METHODS = ("moving-average", "fifo")


@dataclass
class _State:
    """One item's stock while the flows are walked."""

    qty: int = 0
    value: int = 0
    fallback: int = 0       # the last receipt's unit cost (else Items' Last cost)
    hole_cost: int = 0      # the unit cost of units taken beyond the stock (qty < 0)


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
    last_costs = last_costs or {}
    valued = flows.filter(~pl.col("kind").is_in(["transfer-in", "transfer-out"]))
    skus = valued["sku"].to_list()
    kinds = valued["kind"].to_list()
    quantities = valued["qty"].to_list()
    costs = valued["unit_cost"].to_list()
    values = [0] * len(skus)
    revals = [0] * len(skus)
    walk = _walk_fifo if method == "fifo" else _walk_average
    states: dict[str, object] = {}
    walk(skus, kinds, quantities, costs, values, revals, states, last_costs)
    valued = valued.with_columns(pl.Series("value", values, dtype=pl.Int64),
                                 pl.Series("reval", revals, dtype=pl.Int64))
    transfers = flows.filter(pl.col("kind").is_in(["transfer-in", "transfer-out"])).with_columns(
        pl.lit(0, pl.Int64).alias("value"), pl.lit(0, pl.Int64).alias("reval"))
    stock = pl.DataFrame(
        {"sku": list(states), "qty": [_qty(s) for s in states.values()],
         "value": [_value(s) for s in states.values()]},
        schema={"sku": pl.String, "qty": pl.Int64, "value": pl.Int64})
    return pl.concat([valued, transfers]), stock.sort("sku")


def _walk_average(skus, kinds, quantities, costs, values, revals, states,  # type: ignore[no-untyped-def]
                  last_costs) -> None:
    for i, sku in enumerate(skus):
        state = states.get(sku)
        if state is None:
            state = states[sku] = _State(fallback=last_costs.get(sku) or 0)
        q, kind = quantities[i], kinds[i]
        if kind == "receipt":
            cost = costs[i] or 0
            revals[i] = _fill_hole(state, q, cost)
            values[i] = q * cost - revals[i]
            state.fallback = cost
        elif q > 0:  # a count surplus
            if state.qty > 0:
                added = share(state.value, q, state.qty)
                state.qty += q
                state.value += added
                values[i] = added
            else:
                values[i] = q * state.fallback - _fill_hole(state, q, state.fallback)
        else:  # an issue or a count shortage
            values[i] = -_take_average(state, -q)


def _fill_hole(state: _State, q: int, cost: int) -> int:
    """Add ``q`` units at ``cost``, filling negative stock first; return the cost correction."""
    reval = 0
    if state.qty < 0:
        fill = min(q, -state.qty)
        reval = fill * (cost - state.hole_cost)
        state.qty += fill
        state.value = state.qty * state.hole_cost
        q -= fill
    state.qty += q
    state.value += q * cost
    return reval


def _take_average(state: _State, q: int) -> int:
    """Take ``q`` units at moving average cost; return their cost."""
    if state.qty >= q:
        cost = share(state.value, q, state.qty) if q else 0
        state.qty -= q
        state.value -= cost
        return cost
    if state.qty > 0:  # the stock and then a hole
        cost = state.value
        q -= state.qty
        state.qty, state.value = 0, 0
    else:
        cost = 0
    if state.qty == 0:
        state.hole_cost = state.fallback
    cost += q * state.hole_cost
    state.qty -= q
    state.value = state.qty * state.hole_cost
    return cost


@dataclass
class _Layers:
    """One item's FIFO layers ([quantity, unit cost], oldest first) and its hole."""

    layers: deque[list[int]]
    fallback: int = 0
    hole: int = 0           # units taken beyond the layers
    hole_cost: int = 0


def _walk_fifo(skus, kinds, quantities, costs, values, revals, states,  # type: ignore[no-untyped-def]
               last_costs) -> None:
    for i, sku in enumerate(skus):
        state = states.get(sku)
        if state is None:
            state = states[sku] = _Layers(deque(), fallback=last_costs.get(sku) or 0)
        q, kind = quantities[i], kinds[i]
        if q > 0:
            cost = (costs[i] or 0) if kind == "receipt" else state.fallback
            if state.hole:
                fill = min(q, state.hole)
                revals[i] = fill * (cost - state.hole_cost)
                state.hole -= fill
                rest = q - fill
            else:
                rest = q
            if rest:
                state.layers.append([rest, cost])
            values[i] = q * cost - revals[i]
            if kind == "receipt":
                state.fallback = cost
        else:
            values[i] = -_take_fifo(state, -q)


def _take_fifo(state: _Layers, q: int) -> int:
    cost = 0
    layers = state.layers
    while q and layers:
        layer = layers[0]
        taken = min(q, layer[0])
        cost += taken * layer[1]
        layer[0] -= taken
        q -= taken
        if not layer[0]:
            layers.popleft()
    if q:
        if not state.hole:
            state.hole_cost = state.fallback
        state.hole += q
        cost += q * state.hole_cost
    return cost


def _qty(state: object) -> int:
    if isinstance(state, _State):
        return state.qty
    assert isinstance(state, _Layers)
    return sum(layer[0] for layer in state.layers) - state.hole


def _value(state: object) -> int:
    if isinstance(state, _State):
        return state.value
    assert isinstance(state, _Layers)
    return sum(q * c for q, c in state.layers) - state.hole * state.hole_cost

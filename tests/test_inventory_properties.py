"""Properties of the inventory engine on generated moves, against independent reference sums.

* on hand equals the sum of the moves, per item and location;
* valuation after any sequence of receipts and issues equals a reference
  calculation: FIFO by a list of every unit's cost, moving average by exact
  fractions rounded half up;
* counts reconcile: right after a count, the stock is what was counted;
* the stock journal balances and moves inventory by exactly the stock's value.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from fractions import Fraction

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.inventory.book import COUNT_COLUMNS, MOVE_COLUMNS, build_stock
from backoffice.inventory.engine import compute_from
from backoffice.inventory.flows import on_hand
from backoffice.inventory.journal import Accounts, stock_journal
from backoffice.inventory.valuation import value_flows

START = dt.date(2025, 1, 1)
SKUS = ("A", "B")
LOCATIONS = ("L1", "L2")

# One operation: (kind, sku, location, other location, quantity, unit cost in minor units);
# a move goes to the other location (a transfer to its own location is refused by Check).
operation = st.tuples(st.sampled_from(["in", "out", "move"]), st.sampled_from(SKUS),
                      st.sampled_from(LOCATIONS), st.integers(1, 40),
                      st.integers(0, 2_000_000)).map(
    lambda op: (op[0], op[1], op[2], LOCATIONS[1 - LOCATIONS.index(op[2])], op[3], op[4]))


def _moves(ops: list[tuple]) -> pl.DataFrame:
    """One op a day, in order (so the order is the sheet's and the engine's)."""
    rows = []
    for i, (kind, sku, location, other, qty, cost) in enumerate(ops):
        assert kind != "move" or other != location
        rows.append({"date": START + dt.timedelta(days=i), "sku": sku,
                     "qty_in": qty if kind == "in" else None,
                     "qty_out": qty if kind != "in" else None,
                     "unit_cost": cost if kind == "in" else None, "reference": None,
                     "department": "D1" if i % 2 else "D2", "location": location,
                     "to_location": other if kind == "move" else None, "note": None,
                     "_row": i + 2})
    return pl.DataFrame(rows, schema=MOVE_COLUMNS)


def _items(last_cost: int = 0) -> pl.DataFrame:
    return pl.DataFrame({"sku": list(SKUS), "name_id": list(SKUS), "unit": ["pcs"] * 2,
                         "location": ["L1"] * 2, "last_cost": [last_cost] * 2,
                         "_row": [2, 3]})


def _no_counts() -> pl.DataFrame:
    return pl.DataFrame(schema=COUNT_COLUMNS)


def _feasible(ops: list[tuple]) -> list[tuple]:
    """The ops with every issue and transfer cut to what is at its location (none if 0)."""
    stock: dict[tuple[str, str], int] = defaultdict(int)
    kept = []
    for kind, sku, location, other, qty, cost in ops:
        if kind != "in":
            qty = min(qty, stock[sku, location])
            if qty == 0:
                continue
            stock[sku, location] -= qty
            if kind == "move":
                stock[sku, other] += qty
        else:
            stock[sku, location] += qty
        kept.append((kind, sku, location, other, qty, cost))
    return kept


@settings(max_examples=60, deadline=None)
@given(st.lists(operation, max_size=40))
def test_on_hand_is_the_sum_of_the_moves(ops):
    expected: dict[tuple[str, str], int] = defaultdict(int)
    for kind, sku, location, other, qty, _cost in ops:
        expected[sku, location] += qty if kind == "in" else -qty
        if kind == "move":
            expected[sku, other] += qty
    stock = build_stock(_items(), _moves(ops), _no_counts())
    found = {(sku, loc): qty for sku, loc, qty in on_hand(stock.flows).iter_rows()}
    assert found == {k: v for k, v in expected.items() if k in found or v}
    assert all(v == 0 for k, v in expected.items() if k not in found)


def _reference_fifo(ops: list[tuple]) -> dict[str, tuple[list[int], int]]:
    """SKU -> (each issue's cost, the stock's value): a list holding every unit's cost."""
    units: dict[str, list[int]] = defaultdict(list)
    costs: dict[str, list[int]] = defaultdict(list)
    for kind, sku, _location, _other, qty, cost in ops:
        if kind == "in":
            units[sku].extend([cost] * qty)
        elif kind == "out":
            taken, units[sku] = units[sku][:qty], units[sku][qty:]
            costs[sku].append(sum(taken))
    return {sku: (costs[sku], sum(units[sku])) for sku in SKUS}


def _reference_average(ops: list[tuple]) -> dict[str, tuple[list[int], int]]:
    """SKU -> (each issue's cost, the stock's value): exact fractions, rounded half up."""
    quantity: dict[str, int] = defaultdict(int)
    value: dict[str, int] = defaultdict(int)
    costs: dict[str, list[int]] = defaultdict(list)
    for kind, sku, _location, _other, qty, cost in ops:
        if kind == "in":
            quantity[sku] += qty
            value[sku] += qty * cost
        elif kind == "out":
            taken = math.floor(Fraction(value[sku] * qty, quantity[sku]) + Fraction(1, 2))
            costs[sku].append(taken)
            quantity[sku] -= qty
            value[sku] -= taken
    return {sku: (costs[sku], value[sku]) for sku in SKUS}


def _engine(ops: list[tuple], method: str) -> dict[str, tuple[list[int], int]]:
    stock = build_stock(_items(), _moves(ops), _no_counts())
    valued, per_item = value_flows(stock.flows, {}, method)
    valued = valued.sort("date", "phase", "row")
    issues = valued.filter(pl.col("kind") == "issue")
    values = dict(per_item.select("sku", "value").iter_rows())
    return {sku: ((-issues.filter(pl.col("sku") == sku)["value"]).to_list(), values.get(sku, 0))
            for sku in SKUS}


@settings(max_examples=80, deadline=None)
@given(st.lists(operation, max_size=40))
def test_fifo_valuation_matches_a_unit_by_unit_reference(ops):
    ops = _feasible(ops)
    assert _engine(ops, "fifo") == _reference_fifo(ops)


@settings(max_examples=80, deadline=None)
@given(st.lists(operation, max_size=40))
def test_moving_average_matches_an_exact_fraction_reference(ops):
    ops = _feasible(ops)
    assert _engine(ops, "moving-average") == _reference_average(ops)


@settings(max_examples=60, deadline=None)
@given(st.lists(operation, max_size=30),
       st.lists(st.tuples(st.integers(0, 35), st.sampled_from(SKUS), st.sampled_from(LOCATIONS),
                          st.integers(0, 60)), max_size=8))
def test_counts_reconcile(ops, counts):
    """Right after each count the stock there is the count; differences add up."""
    rows = [{"date": START + dt.timedelta(days=day), "location": loc, "sku": sku,
             "counted": counted, "reason": None, "_row": i + 2}
            for i, (day, sku, loc, counted) in enumerate(counts)]
    stock = build_stock(_items(), _moves(ops), pl.DataFrame(rows, schema=COUNT_COLUMNS))
    last = {}
    for record in rows:  # the last row of a day's duplicates wins
        last[record["date"], record["sku"], record["location"]] = record["counted"]
    for (day, sku, loc), counted in last.items():
        after = on_hand(stock.flows, day)
        found = after.filter((pl.col("sku") == sku) & (pl.col("location") == loc))["on_hand"]
        assert (found.item() if len(found) else 0) == counted
    moved = sum(qty if kind == "in" else -qty for kind, *_r, qty, _c in ops if kind != "move")
    assert stock.flows["qty"].sum() == moved + stock.adjustments["qty"].sum()


@settings(max_examples=60, deadline=None)
@given(st.lists(operation, max_size=40), st.sampled_from(["moving-average", "fifo"]),
       st.integers(0, 3_000_000))
def test_the_journal_balances_and_inventory_ends_at_the_stock_value(ops, method, last_cost):
    """Negative stock included: every entry balances, inventory equals the stock's value, and
    an item with no units left is worth nothing."""
    stock = build_stock(_items(last_cost), _moves(ops), _no_counts())
    result = compute_from(stock, START + dt.timedelta(days=60), method)
    accounts = Accounts("1301", "6106", "6110", "2190")
    lines = [x for month in stock_journal(result, accounts, 2).values() for x in month]
    for entry in {x.entry for x in lines}:
        debit = sum(x.debit or 0 for x in lines if x.entry == entry)
        assert debit == sum(x.credit or 0 for x in lines if x.entry == entry)
    inventory = sum((x.debit or 0) - (x.credit or 0) for x in lines if x.account == "1301")
    assert inventory * 100 == result.stock["value"].sum()
    for _sku, qty, value in result.stock.iter_rows():
        assert qty != 0 or value == 0


def _book_data(ops: list[tuple], allow_negative: bool = False):  # type: ignore[no-untyped-def]
    from backoffice.schemas import REGISTRY

    from backoffice.books.ooxml import column_letter
    from backoffice.schema import BookData, SheetData

    letters = {f.key: column_letter(i) for i, f in enumerate(REGISTRY["stock_moves"].fields)}
    moves = SheetData(REGISTRY["stock_moves"], "Stock moves", _moves(ops), letters)
    items = SheetData(REGISTRY["items"], "Items", _items(), {"sku": "A"})
    return BookData({"items": items, "stock_moves": moves},
                    {"allow_negative_stock": allow_negative})


@settings(max_examples=60, deadline=None)
@given(st.lists(operation, max_size=30), st.booleans())
def test_the_check_flags_exactly_the_moves_that_take_more_than_is_there(ops, allowed):
    """Reference: walk the moves in order; an Out row that takes a location's stock from
    zero or more to below zero is flagged (an error, or a warning when allowed)."""
    from backoffice.inventory.checks import check_on_hand as _check_on_hand

    stock: dict[tuple[str, str], int] = defaultdict(int)
    expected = []
    for i, (kind, sku, location, other, qty, _cost) in enumerate(ops):
        if kind == "in":
            stock[sku, location] += qty
            continue
        before = stock[sku, location]
        stock[sku, location] -= qty
        if before >= 0 > stock[sku, location]:
            expected.append(f"D{i + 2}")
        if kind == "move":
            stock[sku, other] += qty
    issues = list(_check_on_hand(_book_data(ops, allowed)))
    assert [i.cell for i in issues] == expected
    assert {i.code for i in issues} <= {"stock-goes-negative" if allowed else "stock-insufficient"}
    assert not list(_check_on_hand(_book_data(_feasible(ops))))

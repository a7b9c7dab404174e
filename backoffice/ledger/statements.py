"""Financial statements: the income statement and the balance sheet, in the base currency.

Statements show natural signs: income, liabilities and equity positive when in
credit, assets and expenses positive when in debit (a sign is flipped, never
``abs()``-ed). Parent accounts show the sum of their own postings and their
children's. Earlier years' results appear as retained earnings and this year's
as current-year earnings, computed from income and expense postings, so the
balance sheet balances whether or not a year was closed.

The postings given are in the base currency: the caller converts the others
(:mod:`backoffice.ledger.base`) and tells the statement how many it could not
convert for want of a rate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from backoffice.ledger.postings import CREDIT_NATURE, Chart

INCOME_TYPES = ("income", "expense")
BALANCE_TYPES = ("asset", "liability", "equity")


@dataclass(frozen=True)
class Line:
    """A statement line: an account (with its depth in the hierarchy) or a total.

    Amounts are in minor units of the base currency, natural sign; ``previous`` is
    the comparison column (None on a balance sheet).
    """

    kind: str            # "section", "account", "total", "result"
    label: str
    code: str | None = None
    depth: int = 0
    amount: int | None = None
    previous: int | None = None


@dataclass
class Statement:
    """A statement: its lines and the facts a reader must be told."""

    lines: list[Line]
    excluded_foreign: int = 0
    notes: list[str] = field(default_factory=list)


def _sums(postings: pl.DataFrame, chart: Chart) -> dict[str, int]:
    """Each account's total including its descendants (debit positive)."""
    own = dict(postings.group_by("account").agg(pl.col("amount").sum()).iter_rows())
    rolled: dict[str, int] = {}
    for code, amount in own.items():
        rolled[code] = rolled.get(code, 0) + amount
        for parent in chart.ancestors.get(code, ()):
            rolled[parent] = rolled.get(parent, 0) + amount
    return rolled


def _natural(amount: int, account_type: str) -> int:
    return -amount if account_type in CREDIT_NATURE else amount


def _section(chart: Chart, account_type: str, current: dict[str, int],
             previous: dict[str, int] | None) -> tuple[list[Line], int, int]:
    lines = []
    total = total_previous = 0
    accounts = chart.accounts.filter(pl.col("type") == account_type)
    for code, name in accounts.select("code", "name").iter_rows():
        now = current.get(code, 0)
        before = previous.get(code, 0) if previous is not None else 0
        if now == 0 and before == 0:
            continue
        depth = len([a for a in chart.ancestors.get(code, ())
                     if _type_of(chart, a) == account_type])
        lines.append(Line("account", name, code, depth, _natural(now, account_type),
                          _natural(before, account_type) if previous is not None else None))
        if depth == 0:  # top accounts of the section carry their children's totals
            total += now
            total_previous += before
    return lines, _natural(total, account_type), _natural(total_previous, account_type)


def _type_of(chart: Chart, code: str) -> str | None:
    match = chart.accounts.filter(pl.col("code") == code)
    return match["type"][0] if match.height else None


def income_statement(postings: pl.DataFrame, chart: Chart, base: str, start: dt.date,
                     end: dt.date, previous_start: dt.date, previous_end: dt.date,
                     labels: dict[str, str]) -> Statement:
    """Income and expenses of [start, end] beside [previous_start, previous_end]."""
    in_base = postings.filter(pl.col("currency") == base)
    excluded = postings.height - in_base.height
    now = _sums(in_base.filter(pl.col("date").is_between(start, end)), chart)
    before = _sums(in_base.filter(pl.col("date").is_between(previous_start, previous_end)), chart)
    lines: list[Line] = []
    results = {}
    for account_type in INCOME_TYPES:
        lines.append(Line("section", labels[account_type]))
        section, total, total_before = _section(chart, account_type, now, before)
        lines += section
        lines.append(Line("total", labels[f"total-{account_type}"], None, 0, total, total_before))
        results[account_type] = (total, total_before)
    income, expense = results["income"], results["expense"]
    lines.append(Line("result", labels["net-income"], None, 0, income[0] - expense[0],
                      income[1] - expense[1]))
    return Statement(lines, excluded)


def balance_sheet(postings: pl.DataFrame, chart: Chart, base: str, as_of: dt.date,
                  year_start: dt.date, labels: dict[str, str]) -> Statement:
    """Assets, liabilities and equity at the end of ``as_of``; results of earlier years as
    retained earnings and of the year from ``year_start`` as current-year earnings."""
    in_base = postings.filter((pl.col("currency") == base) & (pl.col("date") <= as_of))
    excluded = postings.filter(pl.col("date") <= as_of).height - in_base.height
    balances = _sums(in_base, chart)
    types = dict(chart.accounts.select("code", "type").iter_rows())
    results = in_base.filter(pl.col("account").replace_strict(types, default=None)
                             .is_in(list(INCOME_TYPES)))
    earlier = -int(results.filter(pl.col("date") < year_start)["amount"].sum())
    this_year = -int(results.filter(pl.col("date") >= year_start)["amount"].sum())
    lines: list[Line] = []
    totals = {}
    for account_type in BALANCE_TYPES:
        lines.append(Line("section", labels[account_type]))
        section, total, _ = _section(chart, account_type, balances, None)
        lines += section
        if account_type == "equity":
            lines.append(Line("account", labels["retained-earnings"], None, 0, earlier))
            lines.append(Line("account", labels["current-earnings"], None, 0, this_year))
            total += earlier + this_year
        lines.append(Line("total", labels[f"total-{account_type}"], None, 0, total))
        totals[account_type] = total
    lines.append(Line("result", labels["liabilities-and-equity"], None, 0,
                      totals["liability"] + totals["equity"]))
    return Statement(lines, excluded)

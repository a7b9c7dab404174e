"""The cash-flow statement (direct method), from the cash and bank accounts.

Cash and bank accounts are those marked ``Cash`` in the Accounts sheet's *Cash
flow* column (or under a parent so marked). Every entry of the period that
moves cash is read from its other lines, the counter-accounts: each counter line
is a flow of the opposite sign (a sale credited to Sales is cash received; rent
debited to Rent is cash paid). Because an entry balances, its counter lines add
up to exactly the cash it moved, so the statement ties: opening cash plus every
flow is closing cash. An entry that moves cash between two cash accounts has no
counter line and no flow.

A counter-account's flows go to its category from the same column (operating,
investing, financing; inherited from a parent), else operating, except equity,
which is financing. Opening-balance entries (numbered OB-… or SA-…) make the
opening cash, not flows. The revaluation of foreign-currency cash (Source ``reval:``)
is shown apart as the effect of exchange rates, as IAS 7 asks.

Amounts are in the base currency, in minor units; the caller converts postings
(:mod:`backoffice.ledger.base`), as for the other statements.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import polars as pl

from backoffice.ledger.postings import Chart

CATEGORIES = ("operating", "investing", "financing")


@dataclass(frozen=True)
class Flow:
    """One counter-account's flows in the period: received (>= 0) and paid (<= 0)."""

    category: str
    account: str
    received: int
    paid: int

    @property
    def net(self) -> int:
        return self.received + self.paid


@dataclass
class CashFlow:
    """The statement's figures, minor units of the base currency."""

    opening: int
    closing: int
    flows: list[Flow]
    exchange_effect: int = 0
    cash_accounts: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)

    def total(self, category: str) -> int:
        return sum(f.net for f in self.flows if f.category == category)

    @property
    def net_change(self) -> int:
        return sum(f.net for f in self.flows) + self.exchange_effect


def cash_accounts(chart: Chart) -> tuple[str, ...]:
    """The cash and bank accounts: marked Cash, or under a parent marked Cash."""
    marked = {code for code, role in chart.accounts.select("code", "cash_flow").iter_rows()
              if role == "cash"}
    return tuple(code for code in chart.accounts["code"]
                 if code in marked or marked & set(chart.ancestors.get(code, ())))


def categories(chart: Chart) -> dict[str, str]:
    """Each account's cash-flow category: its own, else its nearest parent's, else by type."""
    own = {code: role for code, role in chart.accounts.select("code", "cash_flow").iter_rows()
           if role in CATEGORIES}
    types = dict(chart.accounts.select("code", "type").iter_rows())
    result = {}
    for code in chart.accounts["code"]:
        found = own.get(code) or next((own[p] for p in chart.ancestors.get(code, ()) if p in own),
                                      None)
        result[code] = found or ("financing" if types.get(code) == "equity" else "operating")
    return result


def cash_flow(postings: pl.DataFrame, chart: Chart, start: dt.date, end: dt.date) -> CashFlow:
    """The cash flows of [start, end] from base-currency ``postings`` (amount debit positive;
    the ``revaluation`` column, when present, marks month-end revaluation lines)."""
    cash = cash_accounts(chart)
    is_cash = pl.col("account").is_in(list(cash))
    in_period = pl.col("date").is_between(start, end)
    # Opening-balance entries (OB-…, SA-…) in the period bring cash in as its opening
    # balance, not as a flow: a company that goes live mid-year did not receive its cash.
    opening_entry = pl.col("opening") if "opening" in postings.columns else pl.lit(False)
    opening = int(postings.filter(is_cash & ((pl.col("date") < start)
                                             | (in_period & opening_entry)))["amount"].sum())
    closing = int(postings.filter(is_cash & (pl.col("date") <= end))["amount"].sum())
    period = postings.filter(in_period & ~opening_entry)
    moving = period.filter(is_cash).get_column("entry").unique()
    counter = period.filter(pl.col("entry").is_in(moving.implode()) & ~is_cash)
    revaluation = pl.col("revaluation") if "revaluation" in counter.columns else pl.lit(False)
    exchange = -int(counter.filter(revaluation)["amount"].sum())
    counter = counter.filter(~revaluation)
    kinds = categories(chart)
    # Per counter line, the flow is the opposite of its amount; received and paid are kept
    # apart so a manager sees both sides, not only the net.
    per_account = (counter.with_columns((-pl.col("amount")).alias("flow"))
                   .group_by("account")
                   .agg(pl.col("flow").clip(lower_bound=0).sum().alias("received"),
                        pl.col("flow").clip(upper_bound=0).sum().alias("paid"))
                   .sort("account"))
    flows = [Flow(kinds.get(account, "operating"), account, int(received), int(paid))
             for account, received, paid in per_account.iter_rows()
             if received or paid]
    order = {c: i for i, c in enumerate(CATEGORIES)}
    flows.sort(key=lambda f: (order[f.category], f.account))
    return CashFlow(opening, closing, flows, exchange, cash)

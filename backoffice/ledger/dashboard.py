"""The dashboard's figures: a fiscal year month by month, in the base currency.

Per month: income and expenses with their natural signs (income positive when
earned, expenses positive when spent; the year-end closing lines are left out,
as on the income statement), the net result, and the cash position, which is
the balance of the cash and bank accounts (Accounts' *Cash flow* = Cash, and
their sub-accounts) at the end of the month.

Amounts are integer minor units of the base currency. Postings in another
currency count at their base amounts (:mod:`backoffice.ledger.base`), so a
foreign-currency bank account shows at the rates of its postings, as on the
balance sheet; postings without any rate are left out and counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from backoffice import money
from backoffice.ledger.base import base_amounts, with_rounding
from backoffice.ledger.cashflow import cash_accounts
from backoffice.ledger.postings import chart_of, postings_of
from backoffice.months import fiscal_year_start
from backoffice.schema import BookData


@dataclass(frozen=True)
class Month:
    """One month's figures (minor units); None for a month after the figures' end.

    Attributes:
        start: the first day of the month.
        income: income earned in the month (natural sign).
        expenses: expenses of the month (natural sign).
        cash: the cash and bank balance at the end of the month; None also when the
            book has no cash accounts.
    """

    start: dt.date
    income: int | None
    expenses: int | None
    cash: int | None

    @property
    def net(self) -> int | None:
        """Income less expenses."""
        if self.income is None or self.expenses is None:
            return None
        return self.income - self.expenses


@dataclass(frozen=True)
class Dashboard:
    """A fiscal year's monthly figures and what a reader must be told about them.

    Attributes:
        base: the base currency; ``exp`` its ISO 4217 exponent.
        year_start: the first day of the fiscal year.
        through: the last day the figures cover.
        months: the twelve months of the fiscal year.
        cash_accounts: the codes of the cash and bank accounts (empty: no cash figures).
        excluded: postings left out for want of an exchange rate.
    """

    base: str
    exp: int
    year_start: dt.date
    through: dt.date
    months: tuple[Month, ...]
    cash_accounts: tuple[str, ...]
    excluded: int


def month_starts(year_start: dt.date) -> list[dt.date]:
    """The first days of the twelve months from ``year_start``."""
    index = year_start.year * 12 + year_start.month - 1
    return [dt.date((index + i) // 12, (index + i) % 12 + 1, 1) for i in range(12)]


def compute(book: BookData, through: dt.date | None = None) -> Dashboard:
    """The dashboard of the checked ``book`` for the fiscal year containing ``through``
    (default: the date of the latest posting), with figures up to ``through``."""
    postings = postings_of(book)
    chart = chart_of(book)
    base = book.settings.get("base_currency") or "IDR"
    exp = money.exponent(base) if money.is_currency(base) else 2
    first_month = int(book.settings.get("fiscal_year_start") or 1)
    last = postings["date"].max() if postings.height else None
    through = through or (last if isinstance(last, dt.date) else dt.date.today())
    year_start = fiscal_year_start(through, first_month)
    converted = with_rounding(base_amounts(postings, book), book)
    excluded = converted["base"].null_count()
    types = dict(chart.accounts.select("code", "type").iter_rows())
    frame = converted.filter(pl.col("base").is_not_null() & (pl.col("date") <= through)
                             ).with_columns(
        pl.col("account").replace_strict(types, default=None).alias("type"),
        pl.col("date").dt.truncate("1mo").alias("month"))
    result = frame.filter(~pl.col("closing") & (pl.col("date") >= year_start))
    income = _by_month(result.filter(pl.col("type") == "income"))
    expenses = _by_month(result.filter(pl.col("type") == "expense"))
    cash_codes = cash_accounts(chart)
    cash = frame.filter(pl.col("account").is_in(list(cash_codes)))
    opening = int(cash.filter(pl.col("date") < year_start)["base"].sum())
    cash_changes = _by_month(cash.filter(pl.col("date") >= year_start))
    months = []
    balance = opening
    for start in month_starts(year_start):
        if start > through:
            months.append(Month(start, None, None, None))
            continue
        balance += cash_changes.get(start, 0)
        months.append(Month(start, -income.get(start, 0), expenses.get(start, 0),
                            balance if cash_codes else None))
    return Dashboard(base, exp, year_start, through, tuple(months), cash_codes, excluded)


def _by_month(frame: pl.DataFrame) -> dict[dt.date, int]:
    """Debit-positive base sums per month start."""
    return {month: int(total) for month, total in
            frame.group_by("month").agg(pl.col("base").sum()).iter_rows()}

"""The stock journal: what the month's stock did to the ledger, as generated journal lines.

One block per month, ``Source`` ``stock:YYYY-MM``, with deterministic entry
numbers, so posting the same month again replaces its block:

* ``STK-YYYY-MM-R`` receipts: Dr inventory, Cr the stock receipts account (only
  when Settings name one; otherwise purchases are posted by hand to inventory);
* ``STK-YYYY-MM-I`` issues: Dr the stock expense account, one line per
  department, Cr inventory; the cost corrections of stock issued before it was
  received (see :mod:`backoffice.inventory.valuation`) go to the same expense;
* ``STK-YYYY-MM-A`` count differences: shrinkage Dr the stock adjustment
  account, Cr inventory; surplus the other way round.

Each entry balances, and the inventory account moves by exactly the change in
the stock's value. An entry is dated the month's last day (or the as-of date
when that comes first).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import polars as pl

from backoffice.catalogue import Localized
from backoffice.errors import UnusableInput
from backoffice.inventory.engine import StockResult
from backoffice.ledger.generated import GeneratedLine
from backoffice.money import from_minor


class StockAccountMissing(UnusableInput):
    """The stock journal needs an account that Settings do not name."""

    code = "stock-account-missing"


@dataclass(frozen=True)
class Accounts:
    """The ledger accounts of the stock journal (Settings of the inventory book)."""

    inventory: str
    expense: str
    adjustment: str | None = None
    receipts: str | None = None


_SETTINGS = {"inventory_account": ("Inventory account", "Akun persediaan"),
             "stock_expense_account": ("Stock expense account", "Akun beban persediaan"),
             "stock_adjustment_account": ("Stock adjustment account", "Akun selisih persediaan")}

_TEXT = {
    "en": {"receipts": "Stock received {month}", "issues": "Stock taken by {department}, {month}",
           "reval": "Cost correction: stock issued before it was received, {month}",
           "issued": "Stock issued {month}", "shrinkage": "Count shortage {month}",
           "surplus": "Count surplus {month}", "none": "no department"},
    "id": {"receipts": "Penerimaan persediaan {month}",
           "issues": "Pemakaian persediaan oleh {department}, {month}",
           "reval": "Koreksi harga: barang dikeluarkan sebelum diterima, {month}",
           "issued": "Pengeluaran persediaan {month}", "shrinkage": "Selisih kurang opname {month}",
           "surplus": "Selisih lebih opname {month}", "none": "tanpa departemen"},
}


def accounts_from(settings: dict[str, object], needs_adjustment: bool) -> Accounts:
    """The journal's accounts from Settings; a failure naming the first one missing."""
    for key in ("inventory_account", "stock_expense_account") + (
            ("stock_adjustment_account",) if needs_adjustment else ()):
        if not settings.get(key):
            raise StockAccountMissing(setting=Localized(*_SETTINGS[key]))
    return Accounts(str(settings["inventory_account"]), str(settings["stock_expense_account"]),
                    _text(settings.get("stock_adjustment_account")),
                    _text(settings.get("stock_receipts_account")))


def _text(value: object) -> str | None:
    return None if value in (None, "") else str(value)


def months(result: StockResult) -> list[str]:
    """Every month (YYYY-MM) from the first flow to the as-of date: the blocks to post."""
    if result.flows.height == 0:
        return []
    first = result.flows["date"].min()
    assert isinstance(first, dt.date)
    index, last = first.year * 12 + first.month - 1, result.as_of.year * 12 + result.as_of.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index, last + 1)]


def stock_journal(result: StockResult, accounts: Accounts, exp: int,
                  lang: str = "en") -> dict[str, list[GeneratedLine]]:
    """Month (YYYY-MM) -> its generated lines (empty when nothing is posted that month)."""
    flows = result.flows.filter(~pl.col("kind").is_in(["transfer-in", "transfer-out"]))
    # One pass over the flows: what each month's lines need, summed (a small frame).
    month = pl.col("date").dt.year() * 100 + pl.col("date").dt.month()
    sums = (flows.group_by(month.alias("month"), "kind", "department",
                           (pl.col("qty") > 0).alias("up"))
            .agg(pl.col("value").sum(), pl.col("reval").sum()))
    by_month = {f"{number // 100:04d}-{number % 100:02d}": group
                for (number,), group in sums.group_by("month")}
    journal: dict[str, list[GeneratedLine]] = {}
    for month in months(result):
        group = by_month.get(month)
        journal[month] = [] if group is None else _month_lines(
            month, group, accounts, exp, _TEXT[lang], _entry_date(month, result.as_of))
    return journal


def _entry_date(month: str, as_of: dt.date) -> dt.date:
    year, number = int(month[:4]), int(month[5:])
    end = dt.date(year, number, calendar.monthrange(year, number)[1])
    return min(end, as_of)


def _month_lines(month: str, group: pl.DataFrame, accounts: Accounts, exp: int,
                 text: dict[str, str], day: dt.date) -> list[GeneratedLine]:
    """The month's entries from its sums (kind, department, up: value and reval)."""
    def total(frame: pl.DataFrame, column: str = "value") -> int:
        return int(frame[column].sum()) if frame.height else 0

    receipts = group.filter(pl.col("kind") == "receipt")
    issues = group.filter(pl.col("kind") == "issue")
    adjustments = group.filter(pl.col("kind") == "adjustment")
    lines: list[GeneratedLine] = []

    def add(entry: str, account: str, description: str, amount: int) -> None:
        """A debit for a positive amount, a credit for a negative one, nothing for zero."""
        if amount:
            value = from_minor(abs(amount), exp)
            lines.append(GeneratedLine(day, entry, account, description,
                                       value if amount > 0 else None,
                                       value if amount < 0 else None))

    fmt = {"month": month}
    received = total(receipts) + total(receipts, "reval")  # the invoices' value, q x c
    if accounts.receipts:
        entry = f"STK-{month}-R"
        add(entry, accounts.inventory, text["receipts"].format(**fmt), received)
        add(entry, accounts.receipts, text["receipts"].format(**fmt), -received)
    entry = f"STK-{month}-I"
    taken = 0
    per_department = (issues.group_by("department").agg(pl.col("value").sum())
                      .sort("department", nulls_last=True))
    for department, value in per_department.iter_rows():
        add(entry, accounts.expense, text["issues"].format(
            department=department or text["none"], **fmt), -value)
        taken += value
    reval = total(receipts, "reval") + total(adjustments, "reval")
    add(entry, accounts.expense, text["reval"].format(**fmt), reval)
    add(entry, accounts.inventory, text["issued"].format(**fmt), taken - reval)
    if adjustments.height:
        entry = f"STK-{month}-A"
        adjusted = adjustments.with_columns((pl.col("value") + pl.col("reval")).alias("full"))
        short, extra = (total(adjusted.filter(~pl.col("up")), "full"),
                        total(adjusted.filter(pl.col("up")), "full"))
        adjustment = accounts.adjustment or accounts.expense
        add(entry, adjustment, text["shrinkage"].format(**fmt), -short)
        add(entry, accounts.inventory, text["shrinkage"].format(**fmt), short)
        add(entry, accounts.inventory, text["surplus"].format(**fmt), extra)
        add(entry, adjustment, text["surplus"].format(**fmt), -extra)
    return lines

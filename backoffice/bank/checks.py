"""Check's rules on the Bank statement sheet: unreconciled lines and broken balances."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from backoffice import money
from backoffice.bank.frames import balance_breaks, statement_lines
from backoffice.issues import Issue, make_issue
from backoffice.ledger.cashflow import cash_accounts
from backoffice.ledger.postings import chart_of
from backoffice.locales import get_locale
from backoffice.ruleset import register
from backoffice.schema import BookData


@register("bank_statement")
def check_statement(book: BookData) -> Iterator[Issue]:
    """An error per line whose account is not a cash or bank account (one sheet holds every
    account's lines, so the Account column must say which), a warning per account with
    lines not confirmed, and one per break in the running balance (a statement missing
    between two imported ones)."""
    lines = statement_lines(book)
    if lines.height == 0:
        return
    sheet = book.sheets["bank_statement"]
    cash = set(cash_accounts(chart_of(book))) if "accounts" in book.sheets else set()
    if cash:  # a chart that marks no account Cash cannot tell; it is not flagged
        for line in lines.filter(~pl.col("account").is_in(list(cash))).iter_rows(named=True):
            yield make_issue("bank-account-not-cash", sheet.sheet, row=line["row"],
                             column=sheet.letters.get("account"), field="account",
                             value=line["account"])
    locale = get_locale(book.settings.get("locale"))
    open_lines = lines.filter(pl.col("status").fill_null("") != "confirmed")
    for (account,), group in open_lines.sort("date", "row").group_by("account",
                                                                     maintain_order=True):
        first = group.row(0, named=True)
        yield make_issue("bank-lines-unreconciled", sheet.sheet, row=first["row"],
                         account=account, count=group.height, date=first["date"].isoformat())
    for line in balance_breaks(lines).iter_rows(named=True):
        exp = money.exponent(line["currency"]) if money.is_currency(line["currency"]) else 2

        def shown(minor: int, exp: int = exp) -> str:
            return money.format_amount(minor, exp, locale)

        yield make_issue("bank-balance-break", sheet.sheet, row=line["row"],
                         column=sheet.letters.get("balance"), field="balance",
                         value=shown(line["balance"]), account=line["account"],
                         before=shown(line["before"]), amount=shown(line["amount"]),
                         expected=shown(line["before"] + line["amount"]),
                         balance=shown(line["balance"]),
                         difference=shown(line["balance"] - line["before"] - line["amount"]))

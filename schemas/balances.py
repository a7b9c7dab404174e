"""``Balances`` / ``Saldo``: balance assertions, checked against the journal.

Each row says what an account's balance is at the end of a date, e.g. the
closing balance on a bank statement. Check computes the balance from the
Journal (the account's own postings and its sub-accounts', in the row's
currency, debit positive) and reports a mismatch with the calculated and the
asserted balance and the difference, the way hledger does.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
from backoffice.schemas.journal import AMOUNT_FORMAT

from backoffice import money
from backoffice.issues import Issue, make_issue
from backoffice.ledger.postings import chart_of, postings_of
from backoffice.locales import get_locale
from backoffice.schema import BookData, Field, Kind, SheetSchema


def _check_assertions(book: BookData) -> Iterator[Issue]:
    """Every asserted balance equals the balance the journal gives."""
    data, journal = book.get("balances"), book.get("journal")
    if data is None or journal is None or data.frame.height == 0:
        return
    postings = postings_of(book)
    chart = chart_of(book)
    members: dict[str, set[str]] = {}
    for code, parents in chart.ancestors.items():
        for account in (code, *parents):
            members.setdefault(account, set()).add(code)
    locale = get_locale(book.settings.get("locale"))
    asserted = data.frame.filter(pl.col("date").is_not_null() & pl.col("account").is_not_null()
                                 & pl.col("balance").is_not_null())
    for day, account, currency, expected, row in asserted.select(
        "date", "account", "currency", "balance", "_row"
    ).iter_rows():
        accounts = sorted(members.get(account, {account}))
        calculated = int(postings.filter(
            (pl.col("date") <= day) & (pl.col("currency") == currency)
            & pl.col("account").is_in(accounts))["amount"].sum())
        if calculated == expected:
            continue
        exp = money.exponent(currency) if money.is_currency(currency) else 2
        shown = {k: money.format_amount(v, exp, locale) for k, v in
                 (("calculated", calculated), ("asserted", expected),
                  ("difference", calculated - expected))}
        yield make_issue("balance-assertion-failed", data.sheet, row=row,
                         column=data.letters.get("balance"), field="balance",
                         value=shown["asserted"], account=account, currency=currency,
                         date=day.isoformat(), **shown)


SCHEMA = SheetSchema(
    kind="balances",
    en="Balances",
    id="Saldo",
    aliases=("Balance assertions", "Saldo akun", "Asersi saldo"),
    books=("ledger",),
    fields=(
        Field("date", "Date", "Tanggal", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd", aliases=("As of", "Per tanggal"),
              help_en="The balance is the one at the end of this day.",
              help_id="Saldo pada akhir hari ini."),
        Field("account", "Account", "Akun", Kind.CODE, required=True, width=10,
              aliases=("Account code", "Kode akun"),
              help_en="The account; a parent account's balance includes its sub-accounts.",
              help_id="Akunnya; saldo akun induk termasuk sub-akunnya."),
        Field("currency", "Currency", "Mata Uang", Kind.CURRENCY, width=9,
              help_en="ISO 4217 code; blank means the base currency.",
              help_id="Kode ISO 4217; kosong berarti mata uang dasar."),
        Field("balance", "Balance", "Saldo", Kind.AMOUNT, required=True, width=18,
              excel_format=AMOUNT_FORMAT,
              help_en="The balance, debit positive: an asset in debit is positive, a liability "
                      "in credit negative.",
              help_id="Saldonya, debit positif: aset bersaldo debit positif, liabilitas "
                      "bersaldo kredit negatif."),
        Field("note", "Note", "Catatan", Kind.TEXT, width=30, aliases=("Source", "Sumber"),
              help_en="Where the figure comes from (a bank statement, a count).",
              help_id="Asal angkanya (rekening koran, hitungan fisik)."),
    ),
    help_en="Balance assertions: an account's balance at the end of a date, checked against "
            "the journal.",
    help_id="Asersi saldo: saldo akun pada akhir suatu tanggal, dicocokkan dengan jurnal.",
    rules=(_check_assertions,),
)

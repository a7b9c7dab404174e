"""Month-end revaluation of foreign-currency balances, as auto-reversing entries.

At the end of a month, each asset and liability account's balance in another
currency is worth its amount at the month-end rate (the latest rate in the
*Rates* sheet on or before that day). Its carrying value in the base currency is
the sum of its postings' base amounts, converted when they were posted. The
difference is posted in the base currency to the account, against the
*Unrealized exchange account* from Settings, on the month's last day, and
reversed on the next month's first day, so each month is revalued afresh from
the historical amounts and nothing accumulates. Income and expense accounts,
and equity, are not revalued.

Both entries are one generated block, ``reval:YYYY-MM`` (entries ``RV-YYYY-MM``
and ``RV-YYYY-MM-R``): revaluing the month again replaces them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl

from backoffice import money
from backoffice.bookkind import require_kind
from backoffice.catalogue import Localized
from backoffice.checking import read_clean
from backoffice.errors import ActionRefused
from backoffice.ledger.base import convert, every_base_amount, rate_table
from backoffice.ledger.generated import BlockResult, GeneratedLine, post_block
from backoffice.ledger.postings import REVALUATION_SOURCE, chart_of, postings_of
from backoffice.months import month_end, parse_month
from backoffice.schema import BookData


def revaluation_lines(data: BookData, period: str) -> list[GeneratedLine]:
    """The revaluation entry of ``period`` (YYYY-MM) and its reversal, as generated lines.

    Raises ActionRefused when a balance cannot be revalued: no month-end rate for its
    currency, a posting without a rate, or no unrealized exchange account in Settings.
    """
    end = month_end(*parse_month(period))
    base = data.settings.get("base_currency") or "IDR"
    base_exp = money.exponent(base)
    types = dict(chart_of(data).accounts.select("code", "type").iter_rows())
    postings = postings_of(data).filter((pl.col("date") <= end) & ~pl.col("revaluation")
                                        & (pl.col("currency") != base))
    postings = postings.filter(pl.col("account").replace_strict(types, default=None)
                               .is_in(["asset", "liability"]))
    if postings.height == 0:
        return []
    converted = every_base_amount(postings, data, Localized(f"up to {end}", f"sampai {end}"))
    held = (converted.group_by("account", "currency")
            .agg(pl.col("amount").sum(), pl.col("base").sum(), pl.col("exp").first())
            .sort("account", "currency"))
    rates = _month_end_rates(data, end)
    adjustments: list[tuple[str, str, int]] = []
    for account, currency, amount, carried, exp in held.iter_rows():
        rate = rates.get(currency)
        if rate is None:
            raise ActionRefused(
                detail=Localized(
                    f"There is no {currency} rate on or before {end} in the Rates sheet, which "
                    f"revaluing account {account} needs.",
                    f"Tidak ada kurs {currency} pada atau sebelum {end} di sheet Kurs, yang "
                    f"dibutuhkan untuk revaluasi akun {account}."),
                fix=Localized(f"Add the {currency} rate of {end} to the Rates sheet.",
                              f"Tambahkan kurs {currency} tanggal {end} ke sheet Kurs."))
        difference = convert(amount, exp, rate, base_exp) - carried
        if difference:
            adjustments.append((account, currency, difference))
    if not adjustments:
        return []
    gain_account = data.settings.get("unrealized_fx_account")
    if not gain_account:
        raise ActionRefused(
            detail=Localized("Settings name no account for unrealized exchange differences.",
                             "Pengaturan tidak menyebut akun selisih kurs belum terealisasi."),
            fix=Localized("Set 'Unrealized exchange account' in Settings before revaluing.",
                          "Isi 'Akun selisih kurs belum terealisasi' di Pengaturan sebelum "
                          "revaluasi."))
    reversal_day = end + dt.timedelta(days=1)
    label = {"en": "Revaluation", "id": "Revaluasi"}[data.lang]
    back = {"en": "Reversal of revaluation", "id": "Pembalikan revaluasi"}[data.lang]
    lines: list[GeneratedLine] = []
    for day, entry, text, sign in ((end, f"RV-{period}", label, 1),
                                   (reversal_day, f"RV-{period}-R", back, -1)):
        net = 0
        for account, currency, difference in adjustments:
            amount = sign * difference
            net += amount
            lines.append(_line(day, entry, account, f"{text} {currency} {period}", amount,
                               base_exp))
        lines.append(_line(day, entry, gain_account, f"{text} {period}", -net, base_exp))
    return [line for line in lines if line.debit or line.credit]


def revalue(path: str, period: str, lang: str | None = None) -> tuple[BlockResult, int]:
    """Revalue the book at ``path`` at the end of ``period``: (what was posted, lines).

    The book must check clean; revaluing a month again replaces its entries."""
    parse_month(period)
    require_kind(path, "ledger", "revalue")
    read = read_clean(path, lang)
    lines = revaluation_lines(read.data, period)
    return post_block(path, f"{REVALUATION_SOURCE}{period}", lines), len(lines)


def _line(day: dt.date, entry: str, account: str, text: str, amount: int,
          exp: int) -> GeneratedLine:
    value = money.from_minor(abs(amount), exp)
    return GeneratedLine(day, entry, account, text,
                         debit=value if amount > 0 else None, credit=value if amount < 0 else None)


def _month_end_rates(data: BookData, end: dt.date) -> dict[str, Decimal]:
    table = rate_table(data).filter(pl.col("date") <= end)
    latest = table.sort("date").group_by("currency").agg(pl.col("rate").last())
    return {currency: Decimal(rate) for currency, rate in latest.iter_rows()}

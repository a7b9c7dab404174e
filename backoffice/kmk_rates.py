"""The Minister of Finance's weekly tax rates (kurs pajak, KMK), looked up by day.

Tax is computed in rupiah. An amount in another currency is converted with the
rate the Minister of Finance sets for the week that holds the day the law names
(the day income is paid or owed, PMK 168/2023 Ps. 5(4); the day the tax invoice
is due, PP 44/2022 Ps. 21(1)), never with the ledger's transaction rate. The
book keeps the rates in its *Tax exchange rates* / *Kurs pajak* sheet
(:mod:`backoffice.schemas.kmk_rates`); payroll and the PPN summary both look them
up here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from backoffice import money
from backoffice.issues import Issue, make_issue
from backoffice.schema import BookData


@dataclass(frozen=True)
class TaxRate:
    """One row of Tax exchange rates: ``rate`` rupiah for one unit of ``currency``, valid from
    ``valid_from`` through ``valid_to``, set by decree ``kmk``."""

    currency: str
    valid_from: dt.date
    valid_to: dt.date
    rate: Decimal
    kmk: str = ""
    row: int | None = None


class TaxRates:
    """A book's tax rates, by currency."""

    def __init__(self, rates: Iterable[TaxRate] = ()) -> None:
        self._by_currency: dict[str, list[TaxRate]] = {}
        for rate in rates:
            self._by_currency.setdefault(rate.currency, []).append(rate)
        for rows in self._by_currency.values():
            rows.sort(key=lambda r: r.valid_from)

    @classmethod
    def of_book(cls, book: BookData) -> TaxRates:
        """The rows of the book's Tax exchange rates sheet that are complete (Check reports the rest)."""
        data = book.get("kmk_rates")
        if data is None or data.frame is None or data.frame.height == 0:
            return cls()
        rates = []
        for rec in data.frame.iter_rows(named=True):
            if None in (rec.get("valid_from"), rec.get("valid_to"), rec.get("currency"),
                        rec.get("rate")):
                continue
            rate = Decimal(rec["rate"])
            if rate <= 0 or rec["valid_to"] < rec["valid_from"]:
                continue
            rates.append(TaxRate(rec["currency"], rec["valid_from"], rec["valid_to"], rate,
                                 rec.get("kmk") or "", rec.get("_row")))
        return cls(rates)

    def __bool__(self) -> bool:
        return bool(self._by_currency)

    def on(self, currency: str, day: dt.date) -> TaxRate | None:
        """The rate of ``currency`` whose week holds ``day``; None when no row does."""
        found = None
        for rate in self._by_currency.get(currency, ()):
            if rate.valid_from <= day <= rate.valid_to:
                found = rate  # the latest-starting row wins (Check refuses overlaps)
        return found


def to_base_minor(amount: int, exp: int, rate: Decimal, base_exp: int) -> int:
    """``amount`` minor units (exponent ``exp``) at ``rate`` in base minor units, rounded
    half up, as the ledger converts a line."""
    value = Fraction(amount, 10 ** exp) * Fraction(rate) * 10 ** base_exp
    sign = -1 if value < 0 else 1
    half = abs(value) + Fraction(1, 2)
    return sign * (half.numerator // half.denominator)


def tax_converter(book: BookData, fallback: Callable[[int, str, dt.date], int | None]
                  ) -> Callable[[int, str, dt.date], int | None]:
    """A converter of tax figures (minor units of a currency, on a day) into base-currency
    minor units at the Minister of Finance's rate of that day, as PP 44/2022 Ps. 21 wants
    the PPN of a foreign-currency invoice; ``fallback`` (the ledger's rate) where Tax
    exchange rates has no row for the day (Check warns: ``tax-rate-missing``)."""
    rates = TaxRates.of_book(book)
    base = book.settings.get("base_currency") or "IDR"
    base_exp = money.exponent(base) if money.is_currency(base) else 2

    def convert(amount: int, currency: str, day: dt.date) -> int | None:
        found = rates.on(currency, day) if currency != base else None
        if found is None:
            return fallback(amount, currency, day)
        exp = money.exponent(currency) if money.is_currency(currency) else 2
        return to_base_minor(amount, exp, found.rate, base_exp)

    return convert


def check_tax_rates(book: BookData) -> Iterator[Issue]:
    """Each rate above zero, each week running forwards, no two rows of a currency for the
    same day. (That a ledger has a rate for every foreign-currency document charging PPN
    is the receivables engine's rule: ``arap.checks.check_documents_tax_rates``.)"""
    data = book.get("kmk_rates")
    if data is not None and data.frame is not None and data.frame.height:
        yield from _check_rows(data)


def _check_rows(data) -> Iterator[Issue]:  # type: ignore[no-untyped-def]
    seen: dict[str, list[tuple[dt.date, dt.date, int]]] = {}
    letters = data.letters
    for rec in data.frame.sort("valid_from", nulls_last=True).iter_rows(named=True):
        row, start, end = rec["_row"], rec.get("valid_from"), rec.get("valid_to")
        if rec.get("rate") is not None and Decimal(rec["rate"]) <= 0:
            yield make_issue("rate-not-positive", data.sheet, row=row, column=letters.get("rate"),
                             field="rate", value=rec["rate"])
        if start is None or end is None or rec.get("currency") is None:
            continue
        if end < start:
            yield make_issue("tax-rate-period-reversed", data.sheet, row=row,
                             column=letters.get("valid_to"), field="valid_to",
                             value=end.isoformat(), start=start.isoformat())
            continue
        for other_start, other_end, other_row in seen.get(rec["currency"], []):
            if start <= other_end and other_start <= end:
                yield make_issue("tax-rate-overlap", data.sheet, row=row,
                                 column=letters.get("valid_from"), field="valid_from",
                                 value=start.isoformat(), currency=rec["currency"],
                                 other=other_row)
                break
        seen.setdefault(rec["currency"], []).append((start, end, row))

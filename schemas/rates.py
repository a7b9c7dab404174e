"""``Rates`` / ``Kurs``: exchange rates into the base currency, by date.

A row gives how many units of the base currency one unit of a currency was
worth from a date on (IDR per USD, say 15750). A journal line in another
currency is converted at its own *Rate* when the row has one, else at the latest
rate on or before its date (see :mod:`backoffice.ledger.base`). Check warns,
once per currency, about lines without any rate (base-currency statements leave
them out), refuses an entry whose converted lines do not balance beyond
rounding, and reminds to set a rounding account when rounding leaves a residue.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import polars as pl

from backoffice import money
from backoffice.issues import Issue, Localized, make_issue
from backoffice.ledger.base import base_amounts, entry_residues
from backoffice.ledger.postings import postings_of
from backoffice.locales import get_locale
from backoffice.schema import BookData, Field, Kind, SheetSchema


def _check_rates(book: BookData) -> Iterator[Issue]:
    data = book.get("rates")
    if data is not None:
        for rate, row in data.frame.select("rate", "_row").iter_rows():
            if rate is not None and Decimal(rate) <= 0:
                yield make_issue("rate-not-positive", data.sheet, row=row,
                                 column=data.letters.get("rate"), field="rate", value=rate)
    journal = book.get("journal")
    if journal is None:
        return
    base = book.settings.get("base_currency") or "IDR"
    postings = postings_of(book)
    if postings.filter(pl.col("currency") != base).height == 0:
        return
    converted = base_amounts(postings, book)
    known = pl.col("currency").is_in(list(money.currency_exponents()))
    missing = (converted.filter(pl.col("base").is_null() & known)
               .group_by("currency").agg(pl.len().alias("count"), pl.col("row").min().alias("row"),
                                         pl.col("date").min().alias("date")).sort("row"))
    for currency, count, row, day in missing.iter_rows():
        yield make_issue("rate-missing", journal.sheet, row=row,
                         column=journal.letters.get("currency"), field="currency", value=currency,
                         count=count, date=day.isoformat(), currency=currency, base=base)
    locale = get_locale(book.settings.get("locale"))
    exp = money.exponent(base) if money.is_currency(base) else 2
    residues = entry_residues(converted, base)
    for entry, residue, _missing, lines, first, _day, _given in residues.iter_rows():
        if abs(residue) > lines:
            yield make_issue("entry-unbalanced-base", journal.sheet, row=first,
                             column=journal.letters.get("entry"), field="entry", value=entry,
                             entry=entry, base=base,
                             difference=money.format_amount(residue, exp, locale))
    rounding = residues.filter(pl.col("residue").abs() <= pl.col("lines"))
    if rounding.height and not book.settings.get("rounding_account"):
        entry, first = rounding.sort("first").select("entry", "first").row(0)
        yield make_issue("rounding-account-missing", journal.sheet, row=first,
                         column=journal.letters.get("entry"), field="entry", value=entry,
                         count=rounding.height,
                         setting=Localized("Rounding account", "Akun pembulatan"))


SCHEMA = SheetSchema(
    kind="rates",
    en="Rates",
    id="Kurs",
    aliases=("Exchange rates", "Kurs valuta", "Nilai tukar"),
    books=("ledger",),
    fields=(
        Field("date", "Date", "Tanggal", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd", aliases=("From", "Berlaku"),
              help_en="The rate applies from this day on.",
              help_id="Kurs berlaku mulai hari ini."),
        Field("currency", "Currency", "Mata Uang", Kind.CURRENCY, required=True, width=9,
              help_en="The foreign currency (ISO 4217 code).",
              help_id="Mata uang asing (kode ISO 4217)."),
        Field("rate", "Rate", "Kurs", Kind.NUMBER, required=True, width=14,
              excel_format="#,##0.0000",
              help_en="Base-currency units for one unit of the currency (IDR per USD).",
              help_id="Nilai dalam mata uang dasar untuk satu unit mata uang ini (IDR per USD)."),
    ),
    help_en="Exchange rates into the base currency; a journal row's own Rate wins.",
    help_id="Kurs ke mata uang dasar; Kurs pada baris jurnal lebih diutamakan.",
    rules=(_check_rates,),
)

"""The ledger's rules over the sheets it reads: registered for their sheet kinds.

Rules that need the ledger engine (postings, base-currency amounts, the identity
of generated rows) live here rather than in ``schemas/``, so that the schemas
stay declarations; :mod:`backoffice.ruleset` runs them with the sheet's own rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import polars as pl

from backoffice import money
from backoffice.issues import Issue, Localized, make_issue
from backoffice.ledger import identity
from backoffice.ledger.base import base_amounts, entry_residues
from backoffice.ledger.postings import chart_of, postings_of
from backoffice.locales import get_locale
from backoffice.ruleset import register
from backoffice.schema import BookData


@register("journal")
def check_generated(book: BookData) -> Iterator[Issue]:
    """Rows backoffice generated (Source ``block#i/n:digest``) are as it wrote them: none
    edited, none missing from its block, none copied."""
    data = book.get("journal")
    if data is None or "source" not in data.frame.columns:
        return
    frame = data.frame.filter(pl.col("source").str.contains("#", literal=True))
    if frame.height == 0:
        return
    letter = data.letters.get("source")
    seen: dict[tuple[str, int], int] = {}
    blocks: dict[str, tuple[int, int, set[int]]] = {}  # block -> (count, first row, indexes)
    for row in frame.sort("_row").iter_rows(named=True):
        parsed = identity.parse(row["source"])
        if parsed is None or not identity.row_intact(row) or \
                not 1 <= parsed.index <= parsed.count:
            block = identity.block_of(row["source"])
            yield make_issue("generated-row-edited", data.sheet, row=row["_row"], column=letter,
                             field="source", value=row["source"], block=block)
            if parsed is None:
                continue
        key = (parsed.block, parsed.index)
        if key in seen:
            yield make_issue("generated-row-duplicated", data.sheet, row=row["_row"],
                             column=letter, field="source", value=row["source"],
                             block=parsed.block, index=parsed.index, first=seen[key])
            continue
        seen[key] = row["_row"]
        count, first, indexes = blocks.get(parsed.block, (parsed.count, row["_row"], set()))
        indexes.add(parsed.index)
        blocks[parsed.block] = (max(count, parsed.count), first, indexes)
    for block, (count, first, indexes) in blocks.items():
        missing = count - len(indexes)
        if missing > 0:
            yield make_issue("generated-row-missing", data.sheet, row=first, column=letter,
                             field="source", value=block, block=block, missing=missing,
                             count=count)


@register("balances")
def check_assertions(book: BookData) -> Iterator[Issue]:
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


@register("rates")
def check_rates(book: BookData) -> Iterator[Issue]:
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

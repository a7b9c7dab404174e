"""Property: a table written to a real workbook and read back is the same table.

Dates, text codes with leading zeros, exact amounts in currencies with 0, 2 and 3
decimals, free text in any script: what goes in comes out, to the minor unit.
The book is written by the product's own writer and read by the same path as Check.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

from backoffice.schemas import REGISTRY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backoffice import money
from backoffice.books import open_book
from backoffice.books.new_xlsx import SheetRows, write_new_workbook
from backoffice.checking import _find_headers
from backoffice.coerce import Context
from backoffice.locales import get_locale
from backoffice.reading import read_sheet

CURRENCIES = ["IDR", "USD", "JPY", "KWD"]
codes = st.text("0123456789", min_size=1, max_size=8)  # "0042" must stay "0042"
text = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1,
               max_size=40).map(str.strip).filter(bool)


@st.composite
def journal_rows(draw):
    currency = draw(st.sampled_from([None, *CURRENCIES]))
    exp = money.exponent(currency or "IDR")
    minor = draw(st.integers(min_value=0, max_value=10**13))
    amount = money.from_minor(minor, exp)
    debit_side = draw(st.booleans())
    return {
        "date": draw(st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2199, 12, 31))),
        "entry": draw(codes),
        "account": draw(codes),
        "description": draw(st.none() | text),
        "debit": amount if debit_side else None,
        "credit": None if debit_side else amount,
        "currency": currency,
    }


def read_back(path: Path, lang: str):  # type: ignore[no-untyped-def]
    with open_book(str(path)) as book:
        match = _find_headers(book, {"journal": REGISTRY["journal"].name(lang)}, REGISTRY,
                              lang)["journal"]
        ctx = Context(get_locale("id-ID"), "IDR", False, lang)
        return read_sheet(book, REGISTRY["journal"].name(lang), REGISTRY["journal"], match, ctx)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(journal_rows(), min_size=1, max_size=30), st.sampled_from(["en", "id"]))
def test_journal_round_trip_is_the_identity(rows, lang):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        write_new_workbook(str(path), [SheetRows(REGISTRY["journal"], rows)], lang)
        data, issues = read_back(path, lang)
    assert issues == []
    frame = data.frame
    assert frame["_row"].to_list() == list(range(2, len(rows) + 2))
    assert frame["date"].to_list() == [r["date"] for r in rows]
    assert frame["entry"].to_list() == [r["entry"] for r in rows]
    assert frame["account"].to_list() == [r["account"] for r in rows]
    assert frame["description"].to_list() == [r["description"] for r in rows]
    assert frame["currency"].to_list() == [r["currency"] or "IDR" for r in rows]
    for side in ("debit", "credit"):
        expected = [None if r[side] is None else
                    money.to_minor(Decimal(r[side]), money.exponent(r["currency"] or "IDR"))
                    for r in rows]
        assert frame[side].to_list() == expected

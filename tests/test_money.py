"""Exact money: currency exponents, minor units, and amounts typed as text."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice import money
from backoffice.locales import LOCALES

ID, US = LOCALES["id-ID"], LOCALES["en-US"]


def test_iso_4217_exponents():
    assert money.exponent("IDR") == 2
    assert money.exponent("JPY") == 0
    assert money.exponent("KWD") == 3
    assert money.exponent("CLF") == 4
    assert not money.is_currency("XXX")
    assert not money.is_currency("idr")


@pytest.mark.parametrize(("text", "locale", "value", "alternative"), [
    ("Rp 1.500.000,00", ID, "1500000.00", None),
    ("Rp1.500.000", ID, "1500000", None),
    ("1,500,000.50", US, "1500000.50", None),
    ("(1,200.00)", US, "-1200.00", None),
    ("(1.200,00)", ID, "-1200.00", None),
    ("-75000", ID, "-75000", None),
    ("75.000-", ID, "-75000", "-75.000"),
    ("IDR 250000", ID, "250000", None),
    ("1500,5", ID, "1500.5", None),
    ("1.5", ID, "1.5", None),
    ("0.500", ID, "0.500", None),
    ("1.500", ID, "1500", "1.500"),      # ambiguous: the locale's reading first
    ("1,500", ID, "1.500", "1500"),
    ("1,500", US, "1500", "1.500"),
    ("1 500 000", ID, "1500000", None),
])
def test_text_amounts(text, locale, value, alternative):
    parsed = money.parse_amount_text(text, locale)
    assert parsed.value == Decimal(value)
    assert parsed.alternative == (Decimal(alternative) if alternative else None)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3,4,5", "12,34.56,7", "1.50.000", "Rp", "1,", "--5",
                                  "1.000,000,00"])
def test_not_amounts(text):
    assert money.parse_amount_text(text, ID).value is None


def test_to_minor_refuses_extra_decimals():
    assert money.to_minor(Decimal("1500.25"), 2) == 150025
    assert money.to_minor(Decimal("1500.250"), 2) == 150025
    assert money.to_minor(Decimal("1500.255"), 2) is None
    assert money.to_minor(Decimal("7"), 0) == 7


def test_format_amount_in_each_locale():
    assert money.format_amount(150000050, 2, ID) == "1.500.000,50"
    assert money.format_amount(-150000050, 2, US) == "-1,500,000.50"
    assert money.format_amount(1500, 0, ID) == "1.500"


@given(st.integers(min_value=-10**15, max_value=10**15), st.sampled_from([0, 2, 3]))
def test_minor_units_round_trip_through_decimal(minor, exp):
    assert money.to_minor(money.from_minor(minor, exp), exp) == minor


@given(st.integers(min_value=0, max_value=10**14))
def test_formatted_amounts_read_back_exactly(minor):
    for locale in (ID, US):
        text = money.format_amount(minor, 2, locale)
        parsed = money.parse_amount_text(text, locale)
        assert parsed.value == money.from_minor(minor, 2)


def test_machine_notation_has_no_grouping_and_no_ambiguity():
    from backoffice.locales import MACHINE

    assert money.parse_amount_text("1500.500", MACHINE) == money.ParsedAmount(Decimal("1500.500"))
    assert money.parse_amount_text("1.500", MACHINE).alternative is None
    assert money.parse_amount_text("1,500", MACHINE).value is None
    assert money.parse_amount_text("1.500.000", MACHINE).value is None

"""Small exact-money helpers shared by the receivables modules (minor units, fractions)."""

from __future__ import annotations

from fractions import Fraction

from backoffice import money


def exponent_of(currency: str) -> int:
    """The currency's minor-unit exponent (2 for a code that is not a currency yet:
    Check reports it)."""
    return money.exponent(currency) if money.is_currency(currency) else 2


def half_up(value: Fraction) -> int:
    """``value`` rounded to a whole number, halves away from zero, exactly."""
    sign = -1 if value < 0 else 1
    half = abs(value) + Fraction(1, 2)
    return sign * (half.numerator // half.denominator)

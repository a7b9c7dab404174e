"""Exact money: ISO 4217 exponents, integer minor units, and amounts typed as text.

Amounts are kept as integers in the currency's minor unit (sen for IDR, cents
for USD, yen for JPY): ``150000050`` is IDR 1,500,000.50. Decimal is used where a
value must be parsed or shown; floats appear only at the edge, where Excel hands
over a number, and are converted at once (see :mod:`backoffice.coerce`).

Rounding rule for parsing: none. An amount with more decimals than its currency
allows is a problem the user must fix, never silently rounded.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources

from backoffice.locales import Locale


@cache
def currency_exponents() -> dict[str, int]:
    """Every active ISO 4217 code with its minor-unit exponent (IDR: 2, JPY: 0, KWD: 3)."""
    text = resources.files("backoffice").joinpath("data/iso4217.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {row["code"]: int(row["exponent"]) for row in rows}


def is_currency(code: str) -> bool:
    """True when ``code`` is an active ISO 4217 currency code."""
    return code in currency_exponents()


def exponent(code: str) -> int:
    """The minor-unit exponent of ``code``; KeyError for an unknown currency."""
    return currency_exponents()[code]


def exponent_or_two(code: str) -> int:
    """The minor-unit exponent of ``code``, or 2 for a code that is not a currency (a
    mistyped base currency: Check reports it on Settings and must go on checking)."""
    return currency_exponents().get(code, 2)


def to_minor(value: Decimal, exp: int) -> int | None:
    """``value`` in minor units, or None when it has more than ``exp`` decimals."""
    scaled = value.scaleb(exp)
    if scaled != scaled.to_integral_value():
        return None
    return int(scaled)


def from_minor(minor: int, exp: int) -> Decimal:
    """The Decimal amount of ``minor`` units at exponent ``exp``."""
    return Decimal(minor).scaleb(-exp)


def format_amount(minor: int, exp: int, locale: Locale) -> str:
    """``minor`` units shown the way the locale writes money: 1.500.000,50 or 1,500,000.50."""
    text = f"{from_minor(abs(minor), exp):,.{exp}f}"
    text = text.replace(",", "\0").replace(".", locale.decimal).replace("\0", locale.group)
    return f"-{text}" if minor < 0 else text


@dataclass(frozen=True, slots=True)
class ParsedAmount:
    """The result of reading an amount typed as text.

    Attributes:
        value: the amount, or None when the text is not an amount.
        alternative: for ambiguous text ("1.500"), the other reading; else None.
        mark: the currency mark typed with it ("Rp", "USD", "$"), as typed; else None.
            The caller decides whether the mark is the column's currency
            (:func:`mark_means`): a mark is never silently dropped.
    """

    value: Decimal | None
    alternative: Decimal | None = None
    mark: str | None = None


#: Currencies written with a dollar sign: a bare "$" may be any of them.
_DOLLARS = frozenset({"USD", "SGD", "AUD", "CAD", "NZD", "HKD", "TWD", "BND", "FJD"})

#: Currency symbols and local abbreviations (upper-cased, without a final ".") -> the ISO
#: 4217 codes they may stand for. A three-letter ISO code stands for itself.
CURRENCY_SYMBOLS: dict[str, frozenset[str]] = {
    "RP": frozenset({"IDR"}),
    "$": _DOLLARS,
    "US$": frozenset({"USD"}), "S$": frozenset({"SGD"}), "SG$": frozenset({"SGD"}),
    "A$": frozenset({"AUD"}), "AU$": frozenset({"AUD"}), "C$": frozenset({"CAD"}),
    "CA$": frozenset({"CAD"}), "NZ$": frozenset({"NZD"}), "HK$": frozenset({"HKD"}),
    "NT$": frozenset({"TWD"}), "B$": frozenset({"BND"}),
    "€": frozenset({"EUR"}), "£": frozenset({"GBP"}), "¥": frozenset({"JPY", "CNY"}),
    "RMB": frozenset({"CNY"}), "RM": frozenset({"MYR"}), "₩": frozenset({"KRW"}),
    "₹": frozenset({"INR"}), "฿": frozenset({"THB"}), "₱": frozenset({"PHP"}),
    "₫": frozenset({"VND"}), "₽": frozenset({"RUB"}), "CHF": frozenset({"CHF"}),
}


def mark_means(mark: str) -> frozenset[str]:
    """The ISO 4217 codes a currency mark may stand for ("Rp" -> IDR, "$" -> the dollars);
    empty for text that is no currency mark."""
    key = mark.strip().rstrip(".").upper()
    if key in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[key]
    return frozenset({key}) if is_currency(key) else frozenset()


# A currency mark before or after the number: letters and symbols, no digits or signs.
_LEADING_MARK = re.compile(r"^(?P<mark>[^\d\s+\-(),.']+\.?)\s*(?P<rest>.*)$", re.DOTALL)
_TRAILING_MARK = re.compile(r"^(?P<rest>.*?)\s*(?P<mark>[^\d\s+\-(),.']+\.?)$", re.DOTALL)
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_DIGITS_AND_SEPARATORS = re.compile(r"^\d[\d.,]*$")


def _take_mark(body: str) -> tuple[str | None, str]:
    """(the currency mark before or after ``body``'s number, the rest); (None, body) when
    there is none. The mark is returned as typed, whether or not it is a currency."""
    for pattern in (_LEADING_MARK, _TRAILING_MARK):
        match = pattern.match(body)
        if match and match["rest"]:
            return match["mark"], match["rest"].strip()
    return None, body


def parse_amount_text(text: str, locale: Locale) -> ParsedAmount:
    """Read an amount typed as text: ``Rp 1.500.000,00``, ``(1,200.00)``, ``-75000``.

    Both separators present: the last one is the decimal mark. One separator
    repeated: digit grouping. One separator once, followed by exactly three
    digits ("1.500"): ambiguous, read the locale's way, with the other reading
    returned so the caller can warn. Parentheses and a leading or trailing minus
    make the amount negative. A currency mark before or after the number
    (``Rp``, ``USD``, ``$``) is returned in :attr:`ParsedAmount.mark` for the
    caller to compare with the column's currency; text around the number that is
    no currency mark makes it no amount.
    """
    body = text.strip()
    negative = False
    if body.startswith("(") and body.endswith(")"):
        negative, body = True, body[1:-1].strip()
    mark, body = _take_mark(body)
    if body.startswith("-"):
        negative, body = not negative, body[1:].strip()
    elif body.endswith("-"):
        negative, body = not negative, body[:-1].strip()
    if mark is None:  # "-Rp 5": the sign before the mark
        mark, body = _take_mark(body)
    if mark is not None and not mark_means(mark):
        return ParsedAmount(None)
    body = _SPACES.sub("", body)
    if not body or not _DIGITS_AND_SEPARATORS.match(body) or body[-1] in ".,":
        return ParsedAmount(None)
    readings = _readings(body, locale)
    if not readings:
        return ParsedAmount(None)
    sign = -1 if negative else 1
    value = sign * readings[0]
    other = sign * readings[1] if len(readings) > 1 else None
    return ParsedAmount(value, other, mark)


def _readings(body: str, locale: Locale) -> list[Decimal]:
    """Possible values of an unsigned digits-and-separators string, preferred first."""
    dots, commas = body.count("."), body.count(",")
    if not dots and not commas:
        return [Decimal(body)]
    if not locale.group:  # machine notation: one "." at most, no grouping
        return [Decimal(body)] if not commas and dots == 1 else []
    if dots and commas:
        decimal_mark = "." if body.rfind(".") > body.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        if body.count(decimal_mark) > 1:
            return []
        whole, fraction = body.split(decimal_mark)
        parsed = _grouped(whole, group_mark)
        return [] if parsed is None else [Decimal(f"{parsed}.{fraction}")]
    mark = "." if dots else ","
    if body.count(mark) > 1:
        parsed = _grouped(body, mark)
        return [] if parsed is None else [Decimal(parsed)]
    whole, fraction = body.split(mark)
    as_decimal = Decimal(f"{whole}.{fraction}")
    if len(fraction) != 3 or whole == "0":
        return [as_decimal]
    as_grouped = Decimal(whole + fraction)
    if mark == locale.group:
        return [as_grouped, as_decimal]
    return [as_decimal, as_grouped]


def _grouped(text: str, mark: str) -> str | None:
    """Digits of ``text`` grouped by ``mark`` in threes ("1.500.000"), or None if badly grouped."""
    parts = text.split(mark)
    if not (1 <= len(parts[0]) <= 3) or any(len(p) != 3 for p in parts[1:]):
        return None
    return "".join(parts)


def decimal_or_none(text: str) -> Decimal | None:
    """``Decimal(text)`` for plain machine notation ("1500.5"), else None."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None

"""SWIFT MT940 statements (corporate cash management exports), read by ``mt-940``.

The parser is the well-kept ``mt-940`` package; this module only turns its
records into a :class:`Statement`. Several statements in one file (one per
day, as many banks send) are joined in order.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import mt940

from backoffice import money
from backoffice.bank.messages import unreadable
from backoffice.bank.model import Statement, StatementLine


def parse_mt940(text: str, name: str) -> Statement:
    """The statement in MT940 ``text``; ActionRefused when it has no transactions block."""
    try:
        parsed = mt940.models.Transactions()
        parsed.parse(text)
    except Exception as exc:  # the parser raises bare errors on malformed tags
        raise unreadable(name, f"not a readable MT940 file ({exc}).",
                         f"bukan berkas MT940 yang terbaca ({exc}).") from exc
    opening = parsed.data.get("final_opening_balance")
    closing = parsed.data.get("final_closing_balance")
    if opening is None:
        raise unreadable(name, "no opening balance (:60F:), so not an MT940 statement.",
                         "tanpa saldo awal (:60F:), jadi bukan rekening koran MT940.")
    currency = opening.amount.currency or "IDR"
    exp = money.exponent(currency)
    statement = Statement("mt940", currency,
                          account_number=(parsed.data.get("account_identification") or "")
                          .split("/")[-1] or None,
                          opening=_minor(opening.amount.amount, exp),
                          closing=_minor(closing.amount.amount, exp) if closing else None)
    running = statement.opening
    for transaction in parsed:
        data = transaction.data
        amount = _minor(data["amount"].amount, exp)
        running = running + amount if running is not None else None
        reference = data.get("customer_reference") or ""
        statement.lines.append(StatementLine(
            date=_day(data["date"]), amount=amount,
            description=" ".join(str(data.get("transaction_details") or "").split()),
            reference="" if reference == "NONREF" else reference, balance=running))
    statement.start = _day(opening.date) + dt.timedelta(days=1)
    statement.end = _day(closing.date) if closing else None
    return statement


def _minor(value: Decimal, exp: int) -> int:
    minor = money.to_minor(Decimal(value), exp)
    assert minor is not None, value  # MT940 amounts carry at most the currency's decimals
    return minor


def _day(value: dt.date) -> dt.date:
    return dt.date(value.year, value.month, value.day)

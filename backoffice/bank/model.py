"""A bank statement as backoffice reads it, whatever file it came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class StatementLine:
    """One booked line of a statement.

    Attributes:
        date: the booking date.
        amount: minor units, money in positive, money out negative.
        description: the bank's text.
        reference: the bank's reference, when the file has one.
        balance: the running balance after this line (minor units), when given.
    """

    date: dt.date
    amount: int
    description: str = ""
    reference: str = ""
    balance: int | None = None


@dataclass
class Statement:
    """A statement: its lines in the bank's order, and what the file says around them.

    Attributes:
        source: what the file was read as ("bca", "mt940", …).
        currency: ISO 4217 code.
        account_number: the bank account's number, when the file says it.
        opening, closing: the opening and closing balances, when the file says them.
        start, end: the period the file covers, when it says it.
        pending: lines the bank has not booked yet, left out.
    """

    source: str
    currency: str
    lines: list[StatementLine] = field(default_factory=list)
    account_number: str | None = None
    opening: int | None = None
    closing: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    pending: int = 0

    def first_balance_before(self) -> int | None:
        """The balance before the first line: the opening, or derived from the first line."""
        if self.opening is not None:
            return self.opening
        if self.lines and self.lines[0].balance is not None:
            return self.lines[0].balance - self.lines[0].amount
        return None

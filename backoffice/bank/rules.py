"""Bank rules (``Bank rules`` sheet): proposals for lines the books lack, and the
confirmed ones as the generated block ``bank:YYYY-MM``.

A proposal is written in the line's *Match* as the entry it will become
(``BANK-<row>``) and in *Rule* as ``bank rule: <text> → <account>``; nothing is
posted until the bookkeeper sets the line's *Status* to confirmed.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import polars as pl

from backoffice import money
from backoffice.bank.settlements import PREFIX as SETTLEMENT
from backoffice.ledger.generated import GeneratedLine
from backoffice.schema import BookData

PREFIX = "bank rule: "
SOURCE = "bank:"
_ACCOUNT = re.compile(r"→\s*(\S+)\s*$")


def bank_rules(data: BookData) -> list[tuple[str, str, str]]:
    """(text upper-cased, account, entry description) of each rule, in sheet order."""
    sheet = data.get("bank_rules")
    if sheet is None:
        return []
    frame = sheet.frame.filter(pl.col("contains").is_not_null() & pl.col("account").is_not_null())
    described = "description" in frame.columns
    return [(text.upper(), account, (desc or "") if described else "")
            for text, account, desc in frame.select(
                "contains", "account",
                pl.col("description") if described else pl.lit(None, pl.String)).iter_rows()]


def propose(lines: pl.DataFrame, rules: list[tuple[str, str, str]]
            ) -> dict[int, tuple[list[str], str]]:
    """Line id -> ([entry], rule) for each line (id, description) a rule covers."""
    proposals: dict[int, tuple[list[str], str]] = {}
    for line, description in lines.select("id", "description").iter_rows():
        text = (description or "").upper()
        for contains, account, _ in rules:
            if contains in text:
                proposals[line] = ([f"BANK-{line}"], f"{PREFIX}{contains} → {account}")
                break
    return proposals


def block_lines(statement: pl.DataFrame, period_start: dt.date, end: dt.date,
                rules: list[tuple[str, str, str]], base: str) -> list[GeneratedLine]:
    """The confirmed rule lines of the month (every account) as journal lines: the bank
    account against the rule's account, one entry each."""
    descriptions = {account: desc for _, account, desc in rules}
    confirmed = statement.filter((pl.col("status") == "confirmed")
                                 & (pl.col("rule").str.starts_with(PREFIX)
                                    | pl.col("rule").str.starts_with(SETTLEMENT))
                                 & (pl.col("date") >= period_start) & (pl.col("date") <= end))
    out: list[GeneratedLine] = []
    for record in confirmed.sort("date", "row").iter_rows(named=True):
        found = _ACCOUNT.search(record["rule"])
        if found is None or not record["match"]:
            continue
        other = found.group(1)
        exp = money.exponent(record["currency"])
        value = money.from_minor(abs(record["amount"]), exp)
        text = descriptions.get(other) or record["description"]
        into = record["amount"] > 0
        entry = record["match"].split("+")[0].strip()
        if record["rule"].startswith(SETTLEMENT):  # only the fee is posted: money out
            fee = record["rule"][len(SETTLEMENT):].split("→")[0].strip()
            value, into = Decimal(fee), False
            entry = record["match"].split("+")[-1].strip()
            text = f"{text} (fee)"
        currency = None if record["currency"] == base else record["currency"]
        out.append(GeneratedLine(record["date"], entry, record["account"], text,
                                 debit=value if into else None, credit=None if into else value,
                                 currency=currency))
        out.append(GeneratedLine(record["date"], entry, other, text,
                                 debit=None if into else value, credit=value if into else None,
                                 currency=currency))
    return out

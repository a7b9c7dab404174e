"""ISO 20022 camt.053 (bank-to-customer statement) XML, read with defusedxml.

Only what reconciliation needs is read: the account (IBAN or other id), the
opening (OPBD) and closing (CLBD) booked balances, and each booked entry's
amount, credit/debit indicator, booking date and remittance text. Entries not
booked (``Sts`` PDNG) are left out like BCA's PEND lines.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET

from backoffice import money
from backoffice.bank.messages import unreadable
from backoffice.bank.model import Statement, StatementLine


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(node: Element, *path: str) -> Element | None:
    """The first descendant along ``path`` of local names, namespaces ignored."""
    current: Element | None = node
    for name in path:
        if current is None:
            return None
        current = next((c for c in current if _local(c.tag) == name), None)
    return current


def _text(node: Element, *path: str) -> str:
    found = _find(node, *path)
    return (found.text or "").strip() if found is not None else ""


def parse_camt053(data: bytes, name: str) -> Statement:
    """The statement in camt.053 ``data``; ActionRefused when it is not one."""
    try:
        root = SafeET.fromstring(data)
    except Exception as exc:  # defusedxml refuses entities; ParseError on bad XML
        raise unreadable(name, f"not readable XML ({exc}).",
                         f"bukan XML yang terbaca ({exc}).") from exc
    stmt = next((n for n in root.iter() if _local(n.tag) == "Stmt"), None)
    if stmt is None:
        raise unreadable(name, "no <Stmt> element: not a camt.053 statement.",
                         "tanpa elemen <Stmt>: bukan rekening koran camt.053.")
    account = _text(stmt, "Acct", "Id", "IBAN") or _text(stmt, "Acct", "Id", "Othr", "Id")
    currency = _text(stmt, "Acct", "Ccy") or "IDR"
    exp = money.exponent(currency)
    statement = Statement("camt053", currency, account_number=account or None)
    for balance in (n for n in stmt if _local(n.tag) == "Bal"):
        code = _text(balance, "Tp", "CdOrPrtry", "Cd")
        value = _signed(balance, exp, name)
        day = _date(_text(balance, "Dt", "Dt"))
        if code == "OPBD":
            statement.opening, statement.start = value, day + dt.timedelta(days=1)
        elif code == "CLBD":
            statement.closing, statement.end = value, day
    running = statement.opening
    for entry in (n for n in stmt if _local(n.tag) == "Ntry"):
        status = _text(entry, "Sts") or _text(entry, "Sts", "Cd")
        if status in ("PDNG", "INFO"):
            statement.pending += 1
            continue
        amount = _signed(entry, exp, name)
        running = running + amount if running is not None else None
        texts = [(n.text or "").strip() for n in entry.iter() if _local(n.tag) in
                 ("Ustrd", "AddtlNtryInf", "AddtlTxInf")]
        statement.lines.append(StatementLine(
            date=_date(_text(entry, "BookgDt", "Dt") or _text(entry, "BookgDt", "DtTm")[:10]),
            amount=amount, description=" ".join(" ".join(t for t in texts if t).split()),
            reference=_text(entry, "AcctSvcrRef") or _text(entry, "NtryRef"), balance=running))
    return statement


def _signed(node: Element, exp: int, name: str) -> int:
    """The node's ``Amt`` in minor units, negative when ``CdtDbtInd`` is DBIT."""
    amount = _find(node, "Amt")
    if amount is None or not (amount.text or "").strip():
        raise unreadable(name, "an entry or balance without <Amt>.",
                         "entri atau saldo tanpa <Amt>.")
    minor = money.to_minor(Decimal(amount.text.strip()), exp)  # type: ignore[union-attr]
    if minor is None:
        raise unreadable(name, f"{amount.text} has more decimals than the currency.",
                         f"{amount.text} punya desimal lebih dari mata uangnya.")
    return -minor if _text(node, "CdtDbtInd") == "DBIT" else minor


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text[:10])

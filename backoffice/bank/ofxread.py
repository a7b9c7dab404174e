"""OFX bank statements (OFX 1.x SGML or 2.x XML, with or without a UTF-8 byte-order
mark), read by ``ofxtools``.

Indonesian banks do not export OFX, but personal-finance programs and foreign banks
do, and the maintained ``ofxtools`` parser makes it cheap. Only a bank statement
(``STMTRS``) is read: its account, currency, the booked transactions in the file's
order, and the ledger balance (``LEDGERBAL``), from which the running balance of each
line is worked back (OFX states no opening balance). A credit-card statement or an
investment statement is refused.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from backoffice import money
from backoffice.bank.messages import unreadable
from backoffice.bank.model import Statement, StatementLine


def parse_ofx(data: bytes, name: str) -> Statement:
    """The statement in OFX ``data``; ActionRefused when it is not one bank statement."""
    from ofxtools.Parser import OFXTree

    try:
        tree = OFXTree()
        tree.parse(io.BytesIO(_plain_header(data)))
        # The dates as written, before ofxtools turns them into UTC datetimes.
        banks = list(tree.iter("STMTRS"))
        posted = [t.findtext("DTPOSTED") for rs in banks for t in rs.iter("STMTTRN")]
        bounds = [(t.findtext("DTSTART"), t.findtext("DTEND"))
                  for rs in banks for t in rs.iter("BANKTRANLIST")]
        ofx = tree.convert()
    except Exception as exc:  # ofxtools raises its own errors on malformed files
        raise unreadable(name, f"not a readable OFX file ({exc}).",
                         f"bukan berkas OFX yang terbaca ({exc}).") from exc
    stmts = [s for s in ofx.statements if type(s).__name__ == "STMTRS"]
    if len(stmts) != 1:
        raise unreadable(name, f"{len(stmts)} bank statements (STMTRS) in the file; one is "
                               "read at a time.",
                         f"{len(stmts)} rekening koran (STMTRS) di berkas; satu per impor.")
    stmt = stmts[0]
    currency = (stmt.curdef or "IDR").upper()
    exp = money.exponent(currency)
    statement = Statement("ofx", currency, account_number=stmt.account.acctid or None)
    transactions = list(stmt.banktranlist or [])
    amounts = [_minor(t.trnamt, exp, name) for t in transactions]
    running = _minor(stmt.ledgerbal.balamt, exp, name) - sum(amounts) \
        if stmt.ledgerbal is not None else None
    statement.opening = running
    # The STMTTRN of the one bank statement (STMTRS), in file order: the written dates
    # line up with ofxtools' transactions (else the converted ones are used).
    if len(posted) != len(transactions):
        posted = [None] * len(transactions)
    for transaction, amount, text in zip(transactions, amounts, posted, strict=True):
        running = running + amount if running is not None else None
        texts = [transaction.name, transaction.memo]
        statement.lines.append(StatementLine(
            date=_day(transaction.dtposted, text), amount=amount,
            description=" ".join(" ".join(t for t in texts if t).split()),
            reference=transaction.checknum or transaction.fitid or "", balance=running))
    statement.closing = running
    if stmt.banktranlist is not None:
        start, end = bounds[0] if len(bounds) == 1 else (None, None)
        statement.start, statement.end = (_day(stmt.banktranlist.dtstart, start),
                                          _day(stmt.banktranlist.dtend, end))
    return statement


_XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def _plain_header(data: bytes) -> bytes:
    """``data`` as ofxtools reads its header: without a UTF-8 byte-order mark (Windows
    programs write one; ofxtools then finds no header), and an OFX 2.x file whose
    ``<?OFX ...?>`` instruction comes without the XML declaration the specification puts
    before it given one (ofxtools requires it; the instruction says all that matters)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.lstrip().startswith(b"<?OFX"):
        data = _XML_DECLARATION + data.lstrip()
    return data


def _minor(value: Decimal, exp: int, name: str) -> int:
    minor = money.to_minor(Decimal(value), exp)
    if minor is None:
        raise unreadable(name, f"{value} has more decimals than the currency.",
                         f"{value} punya desimal lebih dari mata uangnya.")
    return minor


def _day(value: dt.datetime, written: str | None = None) -> dt.date:
    """The bank's calendar day: the date as ``written`` in the file (YYYYMMDD first), which
    OFX states in the zone of its own bracketed offset (the OFX specification on dates and
    times), or in no zone at all. ofxtools' ``value`` is converted to UTC, which moves a
    late-evening (or, east of Greenwich, an early-morning) posting to another day: it is
    used only when the written text is not at hand."""
    text = (written or "").strip()
    if len(text) >= 8 and text[:8].isdigit():
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    return dt.date(value.year, value.month, value.day)

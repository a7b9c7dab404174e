"""Invoices and bills read from a book: lines grouped into documents, their totals and tax.

A document's header is read from its first line (later lines may repeat it); its
lines' amounts are quantity × unit price, rounded half up to the currency's minor
unit; tax is computed per tax code on the sum of the lines with that code
(:mod:`backoffice.arap.taxcodes` says how). Every amount here is an int in minor
units of the document's currency.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from backoffice import money
from backoffice.arap.amounts import half_up
from backoffice.arap.taxcodes import SEED, TaxCode, parse_factor
from backoffice.schema import BookData

#: Header fields of a document, read from its first line that has them.
HEADER = ("date", "party", "type", "applies_to", "due_date", "terms")


@dataclass
class Line:
    """One document line: its worksheet row, amount (minor units) and codes."""

    row: int
    description: str | None
    amount: int
    tax_code: str | None
    withholding: str | None
    account: str | None


@dataclass
class Tax:
    """The tax of one code on one document: the lines' sum, the net, the DPP and the tax."""

    code: TaxCode
    gross: int
    net: int
    dpp: int
    tax: int
    charged: bool  # False: not charged (non-PKP sales) or not creditable (non-PKP purchases)


@dataclass
class Document:
    """An invoice, credit note or opening document (sales), or the same for a bill (purchases).

    ``total`` is what the party owes (sales) or is owed (purchases), positive, after
    tax and (bills) after what we withhold; ``withheld`` maps a withholding code to
    (base, tax) withheld by us on a bill.
    """

    side: str
    number: str
    sheet: str
    row: int
    kind: str = "invoice"
    date: dt.date | None = None
    party: str | None = None
    applies_to: str | None = None
    due_date: dt.date | None = None
    terms: int | None = None
    currency: str = "IDR"
    tax_invoice: str | None = None
    lines: list[Line] = field(default_factory=list)
    taxes: dict[str, Tax] = field(default_factory=dict)
    withheld: dict[str, tuple[int, int]] = field(default_factory=dict)
    net: dict[str, int] = field(default_factory=dict)  # account -> net amount (incl. cost PPN)
    total: int = 0
    rows: dict[str, int] = field(default_factory=dict)  # header field -> row it was read from

    @property
    def exp(self) -> int:
        return money.exponent(self.currency) if money.is_currency(self.currency) else 2

    @property
    def sign(self) -> int:
        """+1 for what the party owes (sales) or is owed (purchases); -1 for a credit note."""
        return -1 if self.kind == "credit" else 1

    def due(self, party_terms: int | None) -> dt.date | None:
        """The due date: typed, else the date plus the document's or the party's terms."""
        if self.due_date is not None or self.date is None:
            return self.due_date
        days = self.terms if self.terms is not None else (party_terms or 0)
        return self.date + dt.timedelta(days=days)


def tax_codes(book: BookData) -> dict[str, TaxCode]:
    """The book's tax codes (its Tax codes sheet, or the shipped ones when it has none)."""
    data = book.get("taxcodes")
    if data is None or data.frame.height == 0:
        return {code.code: code for code in SEED}
    codes: dict[str, TaxCode] = {}
    for row in data.frame.iter_rows(named=True):
        factor = parse_factor(row.get("factor"))
        if row["code"] is None or row["rate"] is None or factor is None or row["kind"] is None:
            continue
        codes.setdefault(row["code"], TaxCode(
            row["code"], row.get("name") or row["code"], row["kind"], _decimal(row["rate"]),
            factor, bool(row.get("inclusive")), row.get("rounding") or "half-up",
            row.get("decimals"), row.get("sales_account"), row.get("purchase_account"),
            row.get("start"), row.get("end"), row.get("source") or "", row.get("tax_object"),
            row.get("efaktur_code")))
    return codes


def _decimal(value: object) -> Decimal:
    """A rate read from the sheet as the Decimal :class:`TaxCode` declares (a NUMBER cell is
    read as a Decimal already; anything else is converted through its text, exactly)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def grouped(book: BookData, kind: str) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """The rows of sheet ``kind`` grouped by Number, in order of first appearance."""
    data = book.get(kind)
    if data is None:
        return
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in data.frame.iter_rows(named=True):
        if row.get("number") is not None:
            groups.setdefault(row["number"], []).append(row)
    yield from groups.items()


def read_documents(book: BookData) -> list[Document]:
    """Every invoice and bill of the book, with totals and tax computed."""
    codes = tax_codes(book)
    pkp = bool(book.settings.get("pkp"))
    base = book.settings.get("base_currency") or "IDR"
    documents = []
    for kind, side in (("invoices", "sales"), ("bills", "purchases")):
        data = book.get(kind)
        for number, rows in grouped(book, kind):
            doc = Document(side, number, data.sheet if data else kind, rows[0]["_row"])
            for key in HEADER:
                for row in rows:
                    if row.get(key) is not None:
                        setattr(doc, "kind" if key == "type" else key, row[key])
                        doc.rows[key] = row["_row"]
                        break
            doc.currency = rows[0].get("currency") or base
            doc.tax_invoice = next((r["tax_invoice"] for r in rows if r.get("tax_invoice")), None)
            for row in rows:
                if row.get("unit_price") is None:
                    continue
                quantity = Fraction(row["quantity"]) if row.get("quantity") else Fraction(1)
                doc.lines.append(Line(row["_row"], row.get("description"),
                                      half_up(quantity * row["unit_price"]), row.get("tax_code"),
                                      row.get("withholding"), row.get("account")))
            compute(doc, codes, pkp, book.settings)
            documents.append(doc)
    return documents


def compute(doc: Document, codes: dict[str, TaxCode], pkp: bool,
            settings: dict[str, Any]) -> None:
    """Fill in the document's taxes, net per account, withholding and total."""
    default_account = settings.get("sales_account" if doc.side == "sales" else
                                   "purchases_account")
    by_code: dict[str | None, list[Line]] = {}
    for line in doc.lines:
        code = line.tax_code if line.tax_code in codes and codes[line.tax_code].kind == "vat" \
            else None
        by_code.setdefault(code, []).append(line)
    doc.net, doc.taxes, doc.withheld = {}, {}, {}
    line_net: dict[int, int] = {}  # id(line) -> its net, for the withholding base
    for code, lines in by_code.items():
        gross = sum(line.amount for line in lines)
        if code is None:
            for line in lines:
                line_net[id(line)] = line.amount
            continue
        tax_code = codes[code]
        net, dpp, tax = tax_code.tax(gross, doc.exp)
        if doc.side == "sales" and not pkp:
            # A non-PKP company charges no PPN: an inclusive price is all income.
            net, tax = gross, 0
        doc.taxes[code] = Tax(tax_code, gross, net, dpp, tax, charged=pkp)
        shares = split(net, [line.amount for line in lines])
        for line, share in zip(lines, shares, strict=True):
            line_net[id(line)] = share
        if doc.side == "purchases" and not pkp:
            # Input PPN a non-PKP company pays cannot be credited: it is part of the cost.
            for line, extra in zip(lines, split(tax, [line.amount for line in lines]),
                                   strict=True):
                line_net[id(line)] += extra
    for line in doc.lines:
        account = line.account or default_account or ""
        doc.net[account] = doc.net.get(account, 0) + line_net[id(line)]
    if doc.side == "purchases":
        bases: dict[str, int] = {}
        for line in doc.lines:
            if line.withholding in codes and codes[line.withholding].kind == "withholding":
                # The base is the price without PPN (a non-PKP's cost PPN excluded too).
                own = line_net[id(line)]
                if not pkp and line.tax_code in doc.taxes:
                    own = split(doc.taxes[line.tax_code].net,
                                [x.amount for x in by_code[line.tax_code]])[
                        by_code[line.tax_code].index(line)]
                bases[line.withholding] = bases.get(line.withholding, 0) + own
        for code, amount in bases.items():
            rate = codes[code]
            doc.withheld[code] = (amount, rate.round(Fraction(amount) * rate.factor
                                                     * Fraction(rate.rate) / 100, doc.exp))
    charged = sum(t.tax for t in doc.taxes.values() if t.charged)
    doc.total = sum(doc.net.values()) + charged - sum(w for _b, w in doc.withheld.values())


def split(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders), summing exactly."""
    whole = sum(weights)
    if not weights:
        return []
    if whole == 0:
        return [total] + [0] * (len(weights) - 1)
    shares = [Fraction(total * w, whole) for w in weights]
    floors = [s.numerator // s.denominator for s in shares]
    left = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: shares[i] - floors[i], reverse=True)
    for i in order[:left]:
        floors[i] += 1
    return floors


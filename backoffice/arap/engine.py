"""The receivables and payables engine: open items, settlements and journal lines.

:func:`run` reads a checked book's documents and payments, settles them in date
order and returns an :class:`Outcome`: every document and credit as an open
item with its settlement history, the journal lines to post (grouped in blocks
``sales:YYYY-MM``, ``purchases:YYYY-MM``, ``payments:YYYY-MM``, ``umkm:YYYY-MM``),
and the problems found on the way (for Check).

Journal entries (amounts in the document's currency, entry = document number):

* invoice: Dr receivables total; Cr income per account (net); Cr PPN output.
  A credit note is the same reversed; an opening document posts nothing.
* bill: Dr cost per account (net; a non-PKP company's PPN included); Dr PPN
  input; Cr payables (total less PPh 23 withheld by us); Cr PPh 23 payable.
* received: Dr bank amount; Dr bank fees; Dr PPh 23 prepaid (withheld by the
  customer); Cr receivables per document settled; the difference within the
  tolerance to the write-off account, a larger surplus Cr receivables as the
  customer's credit.
* paid: Dr payables per document settled; Cr bank amount + fee; Dr bank fees;
  Cr PPh 23 payable (withheld at payment); differences as above.
* A foreign document settled at another rate: the payment's lines are converted
  at the payment date's rate; one more pair of base-currency lines moves the
  difference between the document's base amount and the payment's from the
  control account to the exchange gain/loss account (realized FX).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import polars as pl

from backoffice import money
from backoffice.arap.amounts import exponent_of, half_up
from backoffice.arap.documents import Document, grouped, read_documents, tax_codes
from backoffice.arap.umkm import umkm_tax
from backoffice.issues import Issue, make_issue
from backoffice.ledger.base import rate_table
from backoffice.ledger.generated import GeneratedLine
from backoffice.locales import get_locale
from backoffice.schema import BookData

PREFIXES = ("sales", "purchases", "payments", "umkm")

_TEXT = {
    "en": {"invoice": "Invoice", "credit": "Credit note", "bill": "Bill",
           "bill-credit": "Supplier credit note", "received": "Received", "paid": "Paid",
           "fee": "Bank fee", "withheld": "PPh 23 withheld", "write-off": "Payment difference",
           "overpaid": "Unallocated (credit)", "fx": "Exchange difference",
           "umkm": "PPh final UMKM", "credit-applied": "Credit applied"},
    "id": {"invoice": "Faktur", "credit": "Nota kredit", "bill": "Tagihan",
           "bill-credit": "Nota kredit pemasok", "received": "Diterima", "paid": "Dibayar",
           "fee": "Biaya bank", "withheld": "PPh 23 dipotong", "write-off": "Selisih pembayaran",
           "overpaid": "Belum dialokasikan (kredit)", "fx": "Selisih kurs",
           "umkm": "PPh final UMKM", "credit-applied": "Pakai kredit"},
}


@dataclass
class Item:
    """An open item of a party: a document, or a credit (overpayment) from a payment.

    ``amount`` is signed in the party's favour of us: positive is owed to us (sales) or
    by us (purchases); credit notes and overpayments are negative. ``base`` is its value
    in the base currency (None without a rate). ``settled`` lists (date, amount, base,
    reference) in the item's sign.
    """

    side: str
    number: str
    party: str
    currency: str
    date: dt.date
    due: dt.date
    kind: str
    amount: int
    base: int | None
    description: str = ""
    settled: list[tuple[dt.date, int, int | None, str]] = field(default_factory=list)

    @property
    def open(self) -> int:
        return self.amount - sum(s[1] for s in self.settled)

    @property
    def base_open(self) -> int | None:
        if self.base is None:
            return None
        return self.base - sum(s[2] or 0 for s in self.settled)

    def open_on(self, day: dt.date) -> int:
        """What is open of the item at the end of ``day`` (0 before it exists)."""
        if self.date > day:
            return 0
        return self.amount - sum(s[1] for s in self.settled if s[0] <= day)

    def take(self, day: dt.date, amount: int, reference: str) -> int | None:
        """Settle ``amount`` (in the item's sign) on ``day``; its base part, pro rata."""
        base_open, open_ = self.base_open, self.open
        if base_open is None:
            part = None
        elif amount == open_:
            part = base_open
        else:
            part = half_up(Fraction(base_open * amount, open_)) if open_ else 0
        self.settled.append((day, amount, part, reference))
        return part


@dataclass
class Outcome:
    """What the engine made of a book."""

    documents: list[Document]
    items: dict[tuple[str, str], Item]  # (side, number) -> item
    lines: dict[str, list[GeneratedLine]]  # block -> lines
    issues: list[Issue]
    payments: list[dict[str, Any]]  # one per payment: header and totals, for summaries
    umkm: list[tuple[str, int, int, Decimal, str]]  # month, turnover, tax, rate, source
    origins: dict[str, tuple[str, int]] = field(default_factory=dict)
    missing: dict[str, tuple[str, int]] = field(default_factory=dict)
    block_origins: dict[str, tuple[str, int]] = field(default_factory=dict)


@dataclass
class _Payment:
    """One payment's header, its rows, and the record kept for summaries."""

    number: str
    day: dt.date
    kind: str
    party: str
    side: str
    currency: str
    sheet: str
    rows: list[dict[str, Any]]
    amount: int
    fee: int
    account: str
    record: dict[str, Any] = field(default_factory=dict)

    @property
    def block(self) -> str:
        return f"payments:{self.day:%Y-%m}"


class _Run:
    def __init__(self, book: BookData) -> None:
        self.book = book
        self.settings = book.settings
        self.base = book.settings.get("base_currency") or "IDR"
        self.lang = "id" if book.settings.get("language") == "id" else "en"
        self.text = _TEXT[self.lang]
        self.locale = get_locale(book.settings.get("locale"))
        self.rates = rate_table(book)
        self.items: dict[tuple[str, str], Item] = {}
        self.lines: dict[str, list[GeneratedLine]] = {}
        self.issues: list[Issue] = []
        self.payments: list[dict[str, Any]] = []
        self.codes = tax_codes(book)
        self.current: tuple[str, int] = ("", 0)  # the sheet and row being posted
        self.origins: dict[str, tuple[str, int]] = {}  # account -> first sheet and row using it
        self.missing: dict[str, tuple[str, int]] = {}  # setting -> first sheet and row needing it
        self.block_origins: dict[str, tuple[str, int]] = {}  # block -> its first document
        self.terms = {side: _terms(book, kind) for side, kind in
                      (("sales", "customers"), ("purchases", "suppliers"))}

    # -- helpers ---------------------------------------------------------------------
    def need(self, key: str) -> str:
        """The account of setting ``key``; noted as missing (for Check) when not set."""
        account = self.settings.get(key)
        if not account:
            self.missing.setdefault(key, self.current)
        return account or ""

    def tax_account(self, code: str, key: str) -> str:
        """The account of tax code ``code`` (``sales_account`` or ``purchase_account``)."""
        found = self.codes.get(code)
        account = getattr(found, key) if found is not None else None
        if not account:
            self.missing.setdefault(f"tax-code:{code}:{key}", self.current)
        return account or ""

    def control(self, side: str) -> str:
        return self.need("receivables_account" if side == "sales" else "payables_account")

    def rate(self, currency: str, day: dt.date) -> Decimal | None:
        if currency == self.base:
            return Decimal(1)
        table = self.rates.filter((pl.col("currency") == currency) & (pl.col("date") <= day))
        return Decimal(table["rate"][-1]) if table.height else None

    def to_base(self, amount: int, currency: str, day: dt.date) -> int | None:
        """``amount`` minor units of ``currency`` in base minor units, as the ledger converts
        a line (half up, per line)."""
        if currency == self.base:
            return amount
        rate = self.rate(currency, day)
        if rate is None:
            return None
        exp = exponent_of(currency)
        value = Fraction(amount, 10 ** exp) * Fraction(rate) * 10 ** exponent_of(self.base)
        return half_up(value)

    def post(self, block: str, day: dt.date, entry: str, account: str, description: str,
             amount: int, currency: str) -> None:
        """Add one line; ``amount`` in minor units, debit positive. Zero adds nothing."""
        if amount == 0:
            return
        self.origins.setdefault(account, self.current)
        self.block_origins.setdefault(block, self.current)
        value = money.from_minor(abs(amount), exponent_of(currency))
        self.lines.setdefault(block, []).append(GeneratedLine(
            day, entry, account, description,
            debit=value if amount > 0 else None, credit=value if amount < 0 else None,
            currency=None if currency == self.base else currency))

    def fx(self, block: str, day: dt.date, entry: str, side: str, difference: int,
           description: str) -> None:
        """Move ``difference`` (base minor units: the item's base settled less what settled
        it) between the control account and the exchange gain/loss account."""
        if not difference:
            return
        sign = -1 if side == "sales" else 1
        account = self.need("fx_account")
        self.post(block, day, entry, self.control(side), description, sign * difference,
                  self.base)
        self.post(block, day, entry, account, description, -sign * difference, self.base)

    # -- documents -------------------------------------------------------------------
    def document(self, doc: Document) -> None:
        """Open the document's item and post its entry (opening documents post nothing)."""
        if doc.date is None or doc.party is None:
            return
        self.current = (doc.sheet, doc.row)
        base = self.to_base(doc.total, doc.currency, doc.date)
        if base is None:
            self.rate_missing(doc.sheet, doc.rows.get("date", doc.row), doc.currency, doc.date)
        due = doc.due(self.terms[doc.side].get(doc.party)) or doc.date
        words = {("sales", 1): "invoice", ("sales", -1): "credit",
                 ("purchases", 1): "bill", ("purchases", -1): "bill-credit"}
        label = f"{self.text[words[doc.side, doc.sign]]} {doc.number}"
        self.items[doc.side, doc.number] = Item(
            doc.side, doc.number, doc.party, doc.currency, doc.date, due, doc.kind,
            doc.sign * doc.total, None if base is None else doc.sign * base, label)
        if doc.kind == "opening":
            return
        block = f"{doc.side}:{doc.date:%Y-%m}"
        # sales: the control account is debited; purchases: credited; credit notes reverse.
        sign = doc.sign * (1 if doc.side == "sales" else -1)
        post = self._poster(block, doc.date, doc.number, f"{label} {doc.party}", doc.currency)
        post(self.control(doc.side), sign * doc.total)
        for account, net in doc.net.items():
            post(account, -sign * net)
        for tax in doc.taxes.values():
            if tax.charged:
                key = "sales_account" if doc.side == "sales" else "purchase_account"
                post(self.tax_account(tax.code.code, key), -sign * tax.tax)
        for code, (_base, withheld) in doc.withheld.items():
            post(self.tax_account(code, "purchase_account"), sign * withheld)

    def _poster(self, block: str, day: dt.date, entry: str, description: str, currency: str):  # type: ignore[no-untyped-def]
        return lambda account, amount: self.post(block, day, entry, account, description,
                                                 amount, currency)

    def apply_credit_notes(self, documents: list[Document]) -> None:
        """Settle each credit note against the document in its Applies to, as far as both
        are open; what is left of it stays as the party's credit."""
        for doc in documents:
            if doc.kind != "credit" or not doc.applies_to or doc.date is None:
                continue
            credit = self.items.get((doc.side, doc.number))
            target = self.items.get((doc.side, doc.applies_to))
            if credit is None or target is None or target.party != credit.party \
                    or target.amount <= 0 or target.currency != credit.currency:
                continue
            amount = min(-credit.open, target.open)
            if amount <= 0:
                continue
            day = max(doc.date, target.date)
            self.settle_with_credit(day, target, [credit], amount, doc.number,
                                    f"{doc.side}:{day:%Y-%m}")

    def settle_with_credit(self, day: dt.date, target: Item, credits: list[Item], amount: int,
                           entry: str, block: str) -> int:
        """Settle ``amount`` of ``target`` from ``credits`` (oldest first); what was covered."""
        covered = 0
        for credit in credits:
            if covered == amount:
                break
            take = min(-credit.open, amount - covered)
            if take <= 0:
                continue
            target_base = target.take(day, take, entry)
            credit_base = credit.take(day, -take, entry)
            covered += take
            if target_base is not None and credit_base is not None:
                self.fx(block, day, entry, target.side, target_base + credit_base,
                        f"{self.text['fx']} {target.number}/{credit.number}")
        return covered

    # -- payments --------------------------------------------------------------------
    def payment(self, number: str, rows: list[dict[str, Any]], sheet: str) -> None:
        """Settle the documents a payment's rows allocate to and post its entry: the bank,
        fee, withholding and control-account lines, a difference written off or kept as the
        party's credit, and the realized exchange difference per document."""
        head = {key: next((r[key] for r in rows if r.get(key) is not None), None)
                for key in ("date", "type", "party", "account", "amount", "fee")}
        if head["date"] is None or head["type"] is None or head["party"] is None:
            return  # Check reports the missing header
        kind = head["type"]
        side = "purchases" if kind == "paid" else "sales"
        if kind == "credit":
            side = next((s for s in ("sales", "purchases") if any(
                (s, r.get("document")) in self.items for r in rows)), "sales")
        pay = _Payment(number, head["date"], kind, head["party"], side,
                       rows[0].get("currency") or self.base, sheet, rows,
                       head["amount"] or 0, head["fee"] or 0, head["account"] or "")
        pay.record = {"number": number, "date": pay.day, "type": kind, "party": pay.party,
                      "currency": pay.currency, "amount": pay.amount, "fee": pay.fee,
                      "side": side, "withheld": [], "row": rows[0]["_row"], "sheet": sheet}
        self.payments.append(pay.record)
        self.current = (sheet, rows[0]["_row"])
        if kind == "credit":
            self._apply_credit(pay)
        else:
            self._settle_cash(pay)

    def _allocations(self, pay: _Payment, left: int,
                     slack: int) -> Iterator[tuple[dict[str, Any], Item, int]]:
        """The payment's rows with the item each settles and by how much. A blank
        *Allocated* takes what is open, as far as what is ``left`` of the money (or credit)
        reaches, plus ``slack`` (a shortfall within the tolerance is written off)."""
        for row in pay.rows:
            item = self.items.get((pay.side, row.get("document")))
            if item is None or item.party != pay.party or item.currency != pay.currency \
                    or item.amount <= 0:
                continue  # Check reports these rows
            share = row["allocated"] if row.get("allocated") is not None else max(item.open, 0)
            if row.get("allocated") is None and share > left + slack:
                share = max(left, 0)
            if share > item.open:
                self.issue("arap-over-allocated", pay.sheet, row, "allocated", item.number,
                           settled=self.money(share, pay.currency),
                           open=self.money(item.open, pay.currency),
                           difference=self.money(share - item.open, pay.currency))
                share = max(item.open, 0)
            if share > 0:
                left -= share
                yield row, item, share

    def _apply_credit(self, pay: _Payment) -> None:
        """Credit applied: the party's credits (oldest first) settle the documents."""
        credits = sorted((i for i in self.items.values() if i.side == pay.side
                          and i.party == pay.party and i.currency == pay.currency
                          and i.open < 0 and i.date <= pay.day),
                         key=lambda i: (i.date, i.number))
        available = sum(-c.open for c in credits)
        applied = 0
        for _row, item, share in self._allocations(pay, available, 0):
            applied += share
            self.settle_with_credit(pay.day, item, credits, share, pay.number, pay.block)
        if applied > available:
            self.issue("arap-credit-not-available", pay.sheet, pay.rows[0], "number",
                       pay.number, party=pay.party, date=pay.day.isoformat(),
                       available=self.money(available, pay.currency),
                       applied=self.money(applied, pay.currency))

    def _settle_cash(self, pay: _Payment) -> None:
        """Money received or paid: settle the allocations, then post the bank and fee and
        what is left over (written off, or the party's credit)."""
        currency, side = pay.currency, pay.side
        # Received: the fee came out of what the customer sent. Paid: it is on top.
        settling = pay.amount + pay.fee if pay.kind == "received" else pay.amount
        withheld_all = sum(r.get("withheld") or 0 for r in pay.rows if r.get("document"))
        tolerance = self.tolerance(currency)
        allocated = withheld_total = 0
        text = self.text[pay.kind]
        for row, item, share in self._allocations(pay, settling + withheld_all, tolerance):
            withheld = row.get("withheld") or 0
            if withheld:
                code = row.get("withholding") or "PPH23"
                account = self.tax_account(code, "sales_account" if side == "sales"
                                           else "purchase_account")
                slip = row.get("slip") or ""
                self.post(pay.block, pay.day, pay.number, account,
                          f"{self.text['withheld']} {pay.party} {item.number} {slip}".strip(),
                          withheld if side == "sales" else -withheld, currency)
                pay.record["withheld"].append((item.number, withheld, row.get("slip"), code))
                withheld_total += withheld
            conv = self.to_base(share, currency, pay.day)
            part = item.take(pay.day, share, pay.number)
            self.post(pay.block, pay.day, pay.number, self.control(side),
                      f"{text} {pay.party} {item.number}",
                      -share if side == "sales" else share, currency)
            if conv is not None and part is not None:
                self.fx(pay.block, pay.day, pay.number, side, part - conv,
                        f"{self.text['fx']} {item.number}")
            elif conv is None:
                self.rate_missing(pay.sheet, row["_row"], currency, pay.day)
            allocated += share
        excess = settling + withheld_total - allocated
        post = self._poster(pay.block, pay.day, pay.number, f"{text} {pay.party}", currency)
        sign = 1 if side == "sales" else -1  # the bank is debited on receipts
        post(pay.account, sign * pay.amount + (0 if side == "sales" else -pay.fee))
        post(self.need("bank_fee_account") if pay.fee else "", pay.fee)
        if excess and abs(excess) <= tolerance:
            post(self.need("write_off_account"), -sign * excess)
        elif excess > 0:
            post(self.control(side), -sign * excess)
            base = self.to_base(excess, currency, pay.day)
            self.items[side, pay.number] = Item(
                side, pay.number, pay.party, currency, pay.day, pay.day, "overpayment",
                -excess, None if base is None else -base,
                f"{self.text['overpaid']} {pay.number}")
        elif excess < 0:
            self.issue("arap-payment-short", pay.sheet, pay.rows[0], "amount", pay.number,
                       allocated=self.money(allocated, currency),
                       available=self.money(settling + withheld_total, currency),
                       difference=self.money(-excess, currency),
                       tolerance=self.money(tolerance, currency))

    def tolerance(self, currency: str) -> int:
        text = self.settings.get("payment_tolerance") or "0"
        return int(Decimal(str(text)).scaleb(exponent_of(currency)).to_integral_value())

    # -- issues ----------------------------------------------------------------------
    def money(self, minor: int, currency: str) -> str:
        return f"{currency} {money.format_amount(minor, exponent_of(currency), self.locale)}"

    def issue(self, code: str, sheet: str, row: dict[str, Any], key: str, value: object,
              **params: Any) -> None:
        data = self.book.get("payments")
        letter = data.letters.get(key) if data is not None else None
        self.issues.append(make_issue(code, sheet, row=row["_row"], column=letter, field=key,
                                      value=value, **params))

    def rate_missing(self, sheet: str, row: int, currency: str, day: dt.date) -> None:
        rates = self.book.get("rates")
        data = next((d for d in self.book.sheets.values() if d.sheet == sheet), None)
        column = data.letters.get("date") if data is not None else None
        self.issues.append(make_issue("arap-rate-missing", sheet, row=row, column=column,
                                      field="date", value=currency,
                                      currency=currency, date=day.isoformat(),
                                      rates=rates.sheet if rates else "Rates"))


def run(book: BookData) -> Outcome:
    """Settle the book's documents and payments in date order; the journal lines and issues."""
    cached = _CACHE.get(id(book))
    if cached is not None and cached[0] is book:
        return cached[1]
    state = _Run(book)
    documents = read_documents(book)
    dated = sorted((d for d in documents if d.date is not None),
                   key=lambda d: (d.date, d.sign < 0))
    for doc in dated:
        state.document(doc)
    state.apply_credit_notes(dated)
    payments = book.get("payments")
    rows = list(grouped(book, "payments"))
    rows.sort(key=lambda pair: next((r["date"] for r in pair[1] if r.get("date")),
                                    dt.date.max))
    for number, group in rows:
        state.payment(number, group, payments.sheet if payments else "Payments")
    umkm = umkm_tax(state, documents)
    outcome = Outcome(documents, state.items, state.lines, state.issues, state.payments, umkm,
                      state.origins, state.missing, state.block_origins)
    _CACHE.clear()  # one book at a time: Check's rules and Post share the last run
    _CACHE[id(book)] = (book, outcome)
    return outcome


_CACHE: dict[int, tuple[BookData, Outcome]] = {}


def _terms(book: BookData, kind: str) -> dict[str, int]:
    data = book.get(kind)
    if data is None or "terms" not in data.frame.columns:
        return {}
    return {code: terms for code, terms in data.frame.select("code", "terms").iter_rows()
            if code is not None and terms is not None}

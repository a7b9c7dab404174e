"""Check's rules for Customers, Suppliers, Invoices, Bills, Payments and Tax codes.

Each rule yields issues with the sheet and cell they are about: parties and codes
that do not exist, a document whose lines disagree on its header, allocations to
unknown documents or another party's, and what only settling shows (an
over-allocated document, a payment short of its allocations, credit applied that
the party does not have), which comes from running the engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from backoffice.arap import engine, trxcodes
from backoffice.arap.documents import HEADER, grouped, read_documents, tax_codes
from backoffice.arap.taxcodes import parse_factor
from backoffice.catalogue import Localized
from backoffice.issues import Issue, make_issue
from backoffice.kmk_rates import TaxRates
from backoffice.ruleset import register
from backoffice.schema import BookData, SheetData
from backoffice.schemas.settings import SETTINGS

_PARTIES = {"invoices": "customers", "bills": "suppliers"}


def _codes(book: BookData, kind: str) -> set[str] | None:
    data = book.get(kind)
    if data is None:
        return None
    return set(data.frame["code"].drop_nulls()) if "code" in data.frame.columns else set()


def _sheet_name(book: BookData, kind: str) -> str:
    from backoffice.schemas import REGISTRY

    data = book.get(kind)
    return data.sheet if data is not None else REGISTRY[kind].name(book.lang)


def _cell(data: SheetData, code: str, row: int, key: str, value: object,
          **params: Any) -> Issue:
    return make_issue(code, data.sheet, row=row, column=data.letters.get(key), field=key,
                      value=value, **params)


@register("invoices")
def check_documents(book: BookData) -> Iterator[Issue]:
    """Invoices and Bills: header agreement, parties, tax codes, accounts, credit notes."""
    codes = tax_codes(book)
    accounts = _codes(book, "accounts")
    pkp = bool(book.settings.get("pkp"))
    for kind, party_kind in _PARTIES.items():
        data = book.get(kind)
        if data is None:
            continue
        parties = _codes(book, party_kind) or set()
        what = Localized(*(("customer", "pelanggan") if kind == "invoices" else
                           ("supplier", "pemasok")))
        numbers = {n: rows for n, rows in grouped(book, kind)}
        for number, rows in numbers.items():
            yield from _header(data, number, rows)
            first = {key: next((r[key] for r in rows if r.get(key) is not None), None)
                     for key in (*HEADER, "currency")}
            party, day = first["party"], first["date"]
            party_row = next((r["_row"] for r in rows if r.get("party") is not None), None)
            if party is not None and party not in parties:
                yield _cell(data, "arap-party-unknown", party_row, "party", party,
                            header=data.header("party"), parties=_sheet_name(book, party_kind),
                            what=what)
            currency = rows[0].get("currency")
            for row in rows[1:]:
                if row.get("currency") != currency:
                    yield _cell(data, "arap-currency-differs", row["_row"], "currency",
                                row.get("currency"), header=data.header("currency"),
                                expected=currency, document=number)
            target = first["applies_to"]
            if target is not None:
                owner = next((r.get("party") for r in numbers.get(target, []) if r.get("party")),
                             None)
                types = {r.get("type") for r in numbers.get(target, [])} - {None}
                if first["type"] != "credit" or owner != party or "credit" in types:
                    row = next(r["_row"] for r in rows if r.get("applies_to") is not None)
                    yield _cell(data, "arap-applies-to-unknown", row, "applies_to", target,
                                header=data.header("applies_to"), party=party or "-",
                                documents=data.sheet)
            for row in rows:
                yield from _line_codes(book, data, row, codes, day, pkp, kind)
                if accounts is not None and row.get("account") and \
                        row["account"] not in accounts:
                    yield _cell(data, "account-unknown", row["_row"], "account", row["account"],
                                accounts=_sheet_name(book, "accounts"))


def _header(data: SheetData, number: str, rows: list[dict[str, Any]],
            keys: tuple[str, ...] = HEADER,
            required: tuple[str, ...] = ("date", "party")) -> Iterator[Issue]:
    """The header fields of one document (or payment) agree on all its rows, and the
    ``required`` ones are given on at least one."""
    for key in keys:
        if key not in data.letters:
            continue
        given = [(r["_row"], r[key]) for r in rows if r.get(key) is not None]
        if given:
            first_row, first = given[0]
            for row, value in given[1:]:
                if value != first:
                    yield _cell(data, "arap-header-differs", row, key, _show(value),
                                header=data.header(key), document=number, first=_show(first),
                                first_row=first_row)
        elif key in required:
            yield _cell(data, "arap-header-missing", rows[0]["_row"], key, number,
                        header=data.header(key), document=number)


def _show(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _line_codes(book: BookData, data: SheetData, row: dict[str, Any], codes: dict, day,  # type: ignore[no-untyped-def]
                pkp: bool, kind: str) -> Iterator[Issue]:
    for key, wanted in (("tax_code", "vat"), ("withholding", "withholding")):
        value = row.get(key)
        if value is None:
            continue
        code = codes.get(value)
        if code is None or code.kind != wanted:
            known = ", ".join(c.code for c in codes.values() if c.kind == wanted)
            yield _cell(data, "arap-tax-code-unknown", row["_row"], key, value,
                        header=data.header(key), codes=_sheet_name(book, "taxcodes"),
                        kind=Localized(*(("PPN", "PPN") if wanted == "vat" else
                                         ("withholding", "potongan"))), known=known)
            continue
        if day is not None and not code.effective(day):
            yield _cell(data, "arap-tax-code-not-effective", row["_row"], key, value,
                        date=day.isoformat(),
                        start=code.start.isoformat() if code.start else "…",
                        end=code.end.isoformat() if code.end else "…")
        elif wanted == "vat" and kind == "invoices" and not pkp and code.rate:
            yield _cell(data, "arap-ppn-not-pkp", row["_row"], key, value)


@register("payments")
def check_payments(book: BookData) -> Iterator[Issue]:
    """Payments: header, party, bank account, documents allocated, and what settling finds."""
    if not any(book.get(kind) is not None and book.get(kind).frame.height  # type: ignore[union-attr]
               for kind in ("invoices", "bills", "payments")):
        return
    data = book.get("payments")
    if data is not None:
        accounts = _codes(book, "accounts")
        owners: dict[tuple[str, str], tuple[str | None, str]] = {}
        for kind, side in (("invoices", "sales"), ("bills", "purchases")):
            for number, rows in grouped(book, kind):
                party = next((r["party"] for r in rows if r.get("party")), None)
                kinds = {r.get("type") for r in rows} - {None}
                owners[side, number] = (party, rows[0].get("currency") or
                                        book.settings.get("base_currency") or "IDR")
                if "credit" in kinds:
                    owners.pop((side, number))
        for number, rows in grouped(book, "payments"):
            yield from _payment(book, data, number, rows, owners, accounts)
    outcome = engine.run(book)
    yield from outcome.issues
    yield from _missing_settings(book, outcome)
    yield from _accounts_used(book, outcome)
    yield from _closed_periods(book, outcome)


def _closed_periods(book: BookData, outcome: engine.Outcome) -> Iterator[Issue]:
    """Documents whose entries would change in a closed month (Post cannot post them)."""
    locks = book.get("period-locks")
    if locks is None or locks.frame.height == 0:
        return
    from backoffice.arap.posting import changed_blocks

    closed = set(locks.frame["period"].drop_nulls())
    for block in changed_blocks(book):
        month = block.split(":", 1)[1]
        if month in closed:
            sheet, row = outcome.block_origins.get(block, (_sheet_name(book, "journal"), None))
            yield make_issue("arap-period-closed", sheet, row=row, value=block, block=block,
                             month=month)


def _payment(book: BookData, data: SheetData, number: str, rows: list[dict[str, Any]],
             owners: dict, accounts: set[str] | None) -> Iterator[Issue]:  # type: ignore[type-arg]
    yield from _header(data, number, rows, ("date", "type", "party", "account", "amount", "fee"),
                       ("date", "type", "party"))
    kind = next((r["type"] for r in rows if r.get("type")), None)
    party = next((r["party"] for r in rows if r.get("party")), None)
    party_row = next((r["_row"] for r in rows if r.get("party")), rows[0]["_row"])
    sides = {"received": ("sales",), "paid": ("purchases",)}.get(kind or "",
                                                                 ("sales", "purchases"))
    known = set()
    for side in sides:
        known |= _codes(book, "customers" if side == "sales" else "suppliers") or set()
    if party is not None and party not in known:
        sheet = _sheet_name(book, "customers" if sides == ("sales",) else "suppliers")
        yield _cell(data, "arap-party-unknown", party_row, "party", party,
                    header=data.header("party"), parties=sheet,
                    what=Localized("party", "pihak"))
    account = next((r["account"] for r in rows if r.get("account")), None)
    if kind in ("received", "paid") and account is None:
        yield _cell(data, "arap-header-missing", rows[0]["_row"], "account", number,
                    header=data.header("account"), document=number)
    if account and accounts is not None and account not in accounts:
        row = next(r["_row"] for r in rows if r.get("account"))
        yield _cell(data, "account-unknown", row, "account", account,
                    accounts=_sheet_name(book, "accounts"))
    currency = rows[0].get("currency")
    for row in rows:
        document = row.get("document")
        if document is None:
            continue
        found = [(side, owners[side, document]) for side in sides if (side, document) in owners]
        if not found:
            names = "/".join(_sheet_name(book, "invoices" if s == "sales" else "bills")
                             for s in sides)
            yield _cell(data, "arap-document-unknown", row["_row"], "document", document,
                        header=data.header("document"), documents=names)
        elif party is not None and found[0][1][0] != party:
            yield _cell(data, "arap-allocation-other-party", row["_row"], "document", document,
                        owner=found[0][1][0] or "-", party=party)
        elif found[0][1][1] != (row.get("currency") or currency):
            yield _cell(data, "arap-currency-differs", row["_row"], "currency",
                        row.get("currency"), header=data.header("currency"),
                        expected=found[0][1][1], document=document)


def _missing_settings(book: BookData, outcome: engine.Outcome) -> Iterator[Issue]:
    names = {f.key: f for f in SETTINGS}
    for key, (sheet, row) in outcome.missing.items():
        if key.startswith("tax-code:"):
            _, code, which = key.split(":")
            en, id_ = (("Sales", "penjualan") if which == "sales_account" else
                       ("Purchase", "pembelian"))
            setting = Localized(f"{code}: {en} account (Tax codes)",
                                f"{code}: Akun {id_} (Kode Pajak)")
        else:
            setting = Localized(names[key].en, names[key].id)
        yield make_issue("arap-setting-missing", _sheet_name(book, "settings"),
                         setting=setting, what=Localized(f"{sheet} row {row}",
                                                         f"{sheet} baris {row}"))


def _accounts_used(book: BookData, outcome: engine.Outcome) -> Iterator[Issue]:
    """Accounts the generated lines post to (settings, tax codes) must exist and be leaves."""
    accounts = book.get("accounts")
    if accounts is None:
        return
    codes = set(accounts.frame["code"].drop_nulls())
    typed = set()  # accounts typed in the documents' own cells are reported there
    for kind in ("invoices", "bills", "payments"):
        data = book.get(kind)
        if data is not None and "account" in data.frame.columns:
            typed |= set(data.frame["account"].drop_nulls())
    parents = set(accounts.frame["parent"].drop_nulls()) if "parent" in accounts.frame.columns \
        else set()
    for account, (sheet, row) in outcome.origins.items():
        if not account or account in typed:
            continue
        if account not in codes:
            yield make_issue("account-unknown", sheet, row=row, value=account,
                             accounts=accounts.sheet)
        elif account in parents:
            yield make_issue("account-is-parent", sheet, row=row, value=account,
                             children="…")


@register("taxcodes")
def check_tax_codes(book: BookData) -> Iterator[Issue]:
    """Tax codes: each DPP factor is a fraction in (0, 1]; each e-Faktur code is 01-10."""
    data = book.get("taxcodes")
    if data is None:
        return
    if "factor" in data.frame.columns:
        for row, factor in data.frame.select("_row", "factor").iter_rows():
            if factor is not None and parse_factor(factor) is None:
                yield _cell(data, "arap-dpp-factor-invalid", row, "factor", factor,
                            header=data.header("factor"))
    if "efaktur_code" in data.frame.columns:
        for row, code in data.frame.select("_row", "efaktur_code").iter_rows():
            if code is not None and trxcodes.normalize(code) is None:
                yield _cell(data, "arap-efaktur-code-invalid", row, "efaktur_code", code,
                            header=data.header("efaktur_code"))


@register("invoices")
def check_numbers(book: BookData) -> Iterator[Issue]:
    """Invoice, bill and payment numbers are entries of their own: not shared with each
    other or with the Journal's own entries."""
    if not any(book.get(kind) is not None and book.get(kind).frame.height  # type: ignore[union-attr]
               for kind in ("invoices", "bills", "payments")):
        return  # a ledger without documents: nothing to compare (and a big Journal is not read)
    seen: dict[str, str] = {}
    journal = book.get("journal")
    if journal is not None and "entry" in journal.frame.columns:
        frame = journal.frame
        for entry, source, row in frame.select(
                "entry", "source" if "source" in frame.columns else "entry", "_row").iter_rows():
            block = str(source).split(":", 1)[0] if source and "#" in str(source) else None
            if entry is not None and block not in engine.PREFIXES:
                seen.setdefault(entry, f"{journal.sheet} {row}")
    for kind in ("invoices", "bills", "payments"):
        data = book.get(kind)
        if data is None:
            continue
        mine = {}
        for number, rows in grouped(book, kind):
            mine[number] = rows[0]["_row"]
            if number in seen:
                yield _cell(data, "arap-number-taken", rows[0]["_row"], "number", number,
                            other=seen[number])
        seen.update({n: f"{data.sheet} {r}" for n, r in mine.items()})


@register("kmk_rates")
def check_documents_tax_rates(book: BookData) -> Iterator[Issue]:
    """A warning for each foreign-currency invoice or bill charging PPN on a day Tax exchange
    rates has no rate for: its PPN in rupiah (the tax summary) falls back to the Rates sheet."""
    if book.get("invoices") is None and book.get("bills") is None:
        return
    base = book.settings.get("base_currency") or "IDR"
    rates = TaxRates.of_book(book)
    sheet = book.get("kmk_rates")
    for doc in read_documents(book):
        if doc.date is None or doc.currency == base or doc.kind == "opening":
            continue
        if not any(t.charged and t.tax for t in doc.taxes.values()):
            continue
        if rates.on(doc.currency, doc.date) is None:
            source = book.get("invoices" if doc.side == "sales" else "bills")
            yield make_issue("tax-rate-missing", doc.sheet, row=doc.rows.get("date", doc.row),
                             column=source.letters.get("date") if source else None,
                             field="date", value=doc.number, currency=doc.currency,
                             date=doc.date.isoformat(),
                             rates=sheet.sheet if sheet else "Tax exchange rates")

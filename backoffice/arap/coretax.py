"""Coretax's bulk-import XML files from the books: output tax invoices and PPh 23 slips.

* ``coretax-faktur-xml``: the output tax invoices (*Faktur Pajak Keluaran*) of
  the invoices that charge PPN, as DJP's ``TaxInvoiceBulk`` (the layout of the
  Faktur PK Excel template v1.6.1 and DJP's sample XML v1.4; DJP publishes no
  XSD for it). One ``TaxInvoice`` per invoice, one ``GoodService`` per taxed
  line. Per the template's Keterangan sheet: amounts have at most 2 decimals,
  rounded commercially (half up); DPP Nilai Lain = DPP × the DPP factor (11/12,
  PMK 131/2024 art. 3), equal to the DPP when there is no factor; PPN = the rate ×
  DPP Nilai Lain. A foreign-currency invoice is in rupiah at the Minister of
  Finance's tax rate (kurs pajak, KMK) of its date, from the book's Tax exchange
  rates sheet (PP 44/2022 Ps. 21(1)), never the ledger's transaction rate.
* ``coretax-bupot-unifikasi-xml``: the PPh 23 we withheld (on bills, or at
  payment), as DJP's ``BpuBulk`` (XSD embedded in DJP's "BPPU Excel to XML v.3"
  converter, 4 September 2025).

Coretax numbers tax invoices and slips itself; nothing here invents a number. A
document the file cannot carry correctly (a party without an identity, a line
without its goods/services kind or unit, a foreign-currency invoice without the
Minister of Finance's tax rate of its day, a code that needs a facility stamp) is
not left out quietly: the export is refused with every such
cell listed, so the bookkeeper fixes them or files those documents by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from backoffice import kmk_rates, money, taxid, xmlout
from backoffice.arap import engine, trxcodes
from backoffice.arap.documents import Document, split
from backoffice.arap.parties import Party, read_parties
from backoffice.catalogue import Localized
from backoffice.errors import ActionRefused
from backoffice.ledger.reports import Options
from backoffice.schema import BookData

NAMES = ("coretax-faktur-xml", "coretax-bupot-unifikasi-xml")
CENT = Decimal("0.01")
UNITS = tuple(f"UM.{n:04d}" for n in range(1, 40))  # REF-General of the Faktur PK template
NO_TIN = "0000000000000000"  # BuyerTin of a buyer identified by another document
NO_TKU = "000000"  # BuyerIDTKU of such a buyer (the template's Keterangan sheet)
_MAX_LISTED = 15


@dataclass(frozen=True)
class Problem:
    """Why a document cannot go into the file: the cell and what is wrong there."""

    where: str
    what: Localized


def build(name: str, book: BookData, options: Options) -> bytes:
    """The XML file ``name`` of a checked book, or :class:`ActionRefused` saying why not."""
    if name == "coretax-faktur-xml":
        return faktur_xml(book, options)
    return bupot_xml(book, options)


# -- shared --------------------------------------------------------------------------


def company(book: BookData) -> tuple[str, str]:
    """The company's 16-digit NPWP and its NITKU, from Settings; refused when missing."""
    return taxid.company(book.settings, _sheet(book, "settings", "Settings"))


def _sheet(book: BookData, kind: str, default: str) -> str:
    data = book.get(kind)
    return data.sheet if data is not None else default


def _cell(book: BookData, kind: str, row: int, key: str) -> str:
    data = book.get(kind)
    if data is None:
        return kind
    letter = data.letters.get(key)
    return f"{data.sheet}!{letter}{row}" if letter else f"{data.sheet} row {row}"


def _in_period(day: dt.date, options: Options) -> bool:
    end = options.end or options.as_of
    return (options.start is None or day >= options.start) and (end is None or day <= end)


def _rupiah(minor: int, currency: str) -> Decimal:
    return money.from_minor(minor, money.exponent(currency))


def _round(value: Decimal | Fraction, places: Decimal = CENT) -> Decimal:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return value.quantize(places, rounding=ROUND_HALF_UP)


def _refuse(problems: list[Problem], what: Localized) -> ActionRefused:
    shown = problems[:_MAX_LISTED]
    more = len(problems) - len(shown)
    en = "; ".join(f"{p.where}: {p.what.en}" for p in shown)
    id_ = "; ".join(f"{p.where}: {p.what.id}" for p in shown)
    if more:
        en += f"; and {more} more"
        id_ += f"; dan {more} lagi"
    return ActionRefused(
        detail=Localized(f"{what.en} cannot be written: {en}.",
                         f"{what.id} tidak dapat ditulis: {id_}."),
        fix=Localized("Fill in or correct those cells (Check marks the parties' cells), or "
                      "file those documents in Coretax by hand.",
                      "Isi atau perbaiki sel tersebut (Check menandai sel pihaknya), atau "
                      "rekam dokumen itu di Coretax secara manual."))


def _party_problems(book: BookData, kind: str, party: Party | None, code: str | None,
                    document: str) -> list[Problem]:
    sheet = _sheet(book, kind, kind)
    if party is None:
        return [Problem(f"{sheet}", Localized(f"{document}: party {code} is not in {sheet}",
                                              f"{document}: pihak {code} tidak ada di "
                                              f"{sheet}"))]
    problems = []
    if party.npwp_typed is not None and party.npwp is None:
        problems.append(Problem(_cell(book, kind, party.row, "npwp"),
                                Localized(f"{party.npwp_typed} is not an NPWP",
                                          f"{party.npwp_typed} bukan NPWP")))
    elif not party.identified:
        problems.append(Problem(_cell(book, kind, party.row, "npwp"),
                                Localized(f"{party.code} has no NPWP or identity document "
                                          f"({document})",
                                          f"{party.code} tidak punya NPWP atau dokumen "
                                          f"identitas ({document})")))
    if party.nitku_problem is not None:
        problems.append(Problem(_cell(book, kind, party.row, "nitku"),
                                Localized(f"{party.nitku_typed} is not {party.code}'s NITKU",
                                          f"{party.nitku_typed} bukan NITKU {party.code}")))
    return problems


def _foreign(book: BookData, kind: str, doc_row: int, doc: str, currency: str) -> Problem:
    return Problem(_cell(book, kind, doc_row, "currency"),
                   Localized(f"{doc} is in {currency}; Coretax's file is in rupiah",
                             f"{doc} dalam {currency}; berkas Coretax dalam rupiah"))


def _rows_by_number(book: BookData, kind: str) -> dict[int, dict[str, Any]]:
    data = book.get(kind)
    if data is None:
        return {}
    return {row["_row"]: row for row in data.frame.iter_rows(named=True)}


# -- output tax invoices -------------------------------------------------------------


def faktur_xml(book: BookData, options: Options) -> bytes:
    """The output tax invoices of the period as Coretax's ``TaxInvoiceBulk``."""
    npwp, nitku = company(book)
    outcome = engine.run(book)
    customers = read_parties(book, "customers")
    rows = _rows_by_number(book, "invoices")
    problems: list[Problem] = []
    invoices = []
    for doc in sorted(outcome.documents, key=lambda d: (d.date or dt.date.min, d.number)):
        if doc.side != "sales" or doc.kind != "invoice" or doc.date is None \
                or not _in_period(doc.date, options):
            continue
        taxes = [t for t in doc.taxes.values() if t.charged]
        if not taxes:
            continue  # no PPN charged: no tax invoice
        built = _tax_invoice(book, doc, customers.get(doc.party or ""), rows, nitku, problems)
        if built is not None:
            invoices.append(built)
    if problems:
        raise _refuse(problems, Localized("The output tax invoices", "Faktur pajak keluaran"))
    if not invoices:
        raise _nothing(book, options, Localized("no invoice charges PPN",
                                                "tidak ada faktur yang memungut PPN"))
    root = xmlout.root("TaxInvoiceBulk", noNamespaceSchemaLocation="TaxInvoice.xsd")
    xmlout.add(root, "TIN", npwp)
    listing = xmlout.add(root, "ListOfTaxInvoice")
    for header, lines in invoices:
        invoice = xmlout.add(listing, "TaxInvoice")
        for key, value in header:
            xmlout.add(invoice, key, value)
        goods = xmlout.add(invoice, "ListOfGoodService")
        for line in lines:
            item = xmlout.add(goods, "GoodService")
            for key, value in line:
                xmlout.add(item, key, value)
    return xmlout.serialize(root)


def _nothing(book: BookData, options: Options, why: Localized) -> ActionRefused:
    period = ""
    if options.start or options.end or options.as_of:
        period = f" ({options.start or '…'} – {options.end or options.as_of or '…'})"
    return ActionRefused(detail=Localized(f"Nothing to export{period}: {why.en}.",
                                          f"Tidak ada yang diekspor{period}: {why.id}."),
                         fix=Localized("Pick the period that has them (--period YYYY-MM).",
                                       "Pilih periode yang memilikinya (--period YYYY-MM)."))


def _tax_invoice(book: BookData, doc: Document, customer: Party | None,
                 rows: dict[int, dict[str, Any]], seller_tku: str,
                 problems: list[Problem]) -> tuple[list, list] | None:  # type: ignore[type-arg]
    """(header elements, line elements) of one invoice; None when it has problems."""
    assert doc.date is not None  # the caller skips undated documents
    found = _party_problems(book, "customers", customer, doc.party, doc.number)
    to_rupiah = _converter(book, doc, found)
    codes = {trxcodes.transaction_code(t.code, customer.collector if customer else None,
                                       doc.date) for t in doc.taxes.values() if t.charged}
    if None in codes:
        found.append(Problem(_cell(book, "invoices", doc.row, "tax_code"), Localized(
            f"{doc.number}: a tax code has no e-Faktur transaction code on {doc.date}",
            f"{doc.number}: kode pajaknya tidak punya kode transaksi e-Faktur pada "
            f"{doc.date}")))
    elif len(codes) > 1:
        found.append(Problem(_cell(book, "invoices", doc.row, "tax_code"), Localized(
            f"{doc.number} mixes transaction codes {', '.join(sorted(codes))} (split it)",
            f"{doc.number} mencampur kode transaksi {', '.join(sorted(codes))} (pisahkan)")))
    elif codes & set(trxcodes.NEEDS_FACILITY):
        found.append(Problem(_cell(book, "invoices", doc.row, "tax_code"), Localized(
            f"{doc.number}: code {min(codes)} needs a facility stamp; make it in Coretax",
            f"{doc.number}: kode {min(codes)} memerlukan cap fasilitas; buat di Coretax")))
    if customer is not None and not customer.address:
        found.append(Problem(_cell(book, "customers", customer.row, "address"), Localized(
            f"{customer.code} has no address (the tax invoice needs one)",
            f"{customer.code} tidak punya alamat (faktur pajak memerlukannya)")))
    lines = _goods(book, doc, rows, found, to_rupiah) if to_rupiah else []
    problems.extend(found)
    if found or customer is None:
        return None
    tin = customer.id_type == "TIN"
    header = [("TaxInvoiceDate", doc.date), ("TaxInvoiceOpt", "Normal"),
              ("TrxCode", min(codes)), ("AddInfo", None), ("CustomDoc", None),
              ("CustomDocMonthYear", None), ("RefDesc", doc.number), ("FacilityStamp", None),
              ("SellerIDTKU", seller_tku),
              ("BuyerTin", customer.npwp if tin else NO_TIN),
              ("BuyerDocument", customer.id_type), ("BuyerCountry", customer.country),
              ("BuyerDocumentNumber", "-" if tin else customer.id_number),
              ("BuyerName", customer.name), ("BuyerAdress", customer.address),
              ("BuyerEmail", customer.email or None),
              ("BuyerIDTKU", customer.nitku if tin else NO_TKU)]
    return header, lines


def _converter(book: BookData, doc: Document, found: list[Problem]):  # type: ignore[no-untyped-def]
    """Minor units of the invoice's currency -> exact rupiah: as they are for rupiah, at the
    KMK rate of the invoice's date for another currency; None (and a problem at the
    currency cell) when the book has no such rate."""
    if doc.currency == "IDR":
        return lambda minor: _rupiah(minor, "IDR")
    assert doc.date is not None
    rate = kmk_rates.TaxRates.of_book(book).on(doc.currency, doc.date)
    if rate is None:
        found.append(Problem(_cell(book, "invoices", doc.row, "currency"), Localized(
            f"{doc.number} is in {doc.currency} and Tax exchange rates has no "
            f"{doc.currency} rate for {doc.date} (Coretax's file is in rupiah at the "
            f"Minister of Finance's rate)",
            f"{doc.number} dalam {doc.currency} dan Kurs pajak tidak punya kurs "
            f"{doc.currency} untuk {doc.date} (berkas Coretax dalam rupiah dengan kurs "
            f"Menteri Keuangan)")))
        return None
    exp = money.exponent(doc.currency)
    return lambda minor: money.from_minor(minor, exp) * rate.rate


def _goods(book: BookData, doc: Document, rows: dict[int, dict[str, Any]],
           found: list[Problem], to_rupiah) -> list[list[tuple[str, object]]]:  # type: ignore[no-untyped-def]
    """The GoodService elements of an invoice's taxed lines; their PPN must add up to the
    PPN the invoice posted (within the template's rounding, under one rupiah), both in
    rupiah by ``to_rupiah``."""
    lines: list[list[tuple[str, object]]] = []
    vat_total = Decimal(0)
    net_of: dict[int, int] = {}
    for code, tax in doc.taxes.items():
        mine = [line for line in doc.lines if line.tax_code == code]
        for line, net in zip(mine, split(tax.net, [x.amount for x in mine]), strict=True):
            net_of[id(line)] = net
    for line in doc.lines:
        row = rows.get(line.row, {})
        if line.tax_code not in doc.taxes:
            found.append(Problem(_cell(book, "invoices", line.row, "tax_code"), Localized(
                f"{doc.number}: a line without PPN in an invoice with PPN (invoice it apart)",
                f"{doc.number}: baris tanpa PPN dalam faktur ber-PPN (buat faktur terpisah)")))
            continue
        tax = doc.taxes[line.tax_code]
        kind, unit = row.get("item_kind"), row.get("unit")
        if kind not in ("A", "B"):
            found.append(Problem(_cell(book, "invoices", line.row, "item_kind"), Localized(
                "goods or services is empty", "barang atau jasa kosong")))
        if unit not in UNITS:
            found.append(Problem(_cell(book, "invoices", line.row, "unit"), Localized(
                f"unit {unit or '(empty)'} is not a Coretax unit code (UM.0001-UM.0039)",
                f"satuan {unit or '(kosong)'} bukan kode satuan Coretax (UM.0001-UM.0039)")))
        item_code = str(row.get("item_code") or "000000")
        if not (item_code.isdigit() and len(item_code) == 6):
            found.append(Problem(_cell(book, "invoices", line.row, "item_code"), Localized(
                f"item code {item_code} is not 6 digits", f"kode {item_code} bukan 6 digit")))
        quantity = Decimal(row.get("quantity") or 1)
        if quantity != quantity.quantize(CENT):
            found.append(Problem(_cell(book, "invoices", line.row, "quantity"), Localized(
                "Coretax takes at most 2 decimals of quantity",
                "Coretax menerima paling banyak 2 desimal kuantitas")))
        base = _round(to_rupiah(net_of[id(line)]))
        price = to_rupiah(row["unit_price"]) if not tax.code.inclusive \
            else _round(base / quantity)
        other = base if tax.code.factor == 1 else _round(Fraction(base) * tax.code.factor)
        rate = Decimal(tax.code.rate)
        vat = _round(rate * other / 100)
        vat_total += vat
        lines.append([("Opt", kind), ("Code", item_code),
                      ("Name", line.description or doc.number), ("Unit", unit),
                      ("Price", _round(price)), ("Qty", quantity.normalize()),
                      ("TotalDiscount", 0), ("TaxBase", base), ("OtherTaxBase", other),
                      ("VATRate", rate.normalize()), ("VAT", vat), ("STLGRate", 0),
                      ("STLG", 0)])
    posted = _round(sum((to_rupiah(t.tax) for t in doc.taxes.values() if t.charged),
                        Decimal(0)))
    # A foreign invoice's posted PPN is rounded in its own currency; the file's is the
    # rupiah figure at the KMK rate, which is what is owed: only rupiah invoices compare.
    if lines and doc.currency == "IDR" and abs(vat_total - posted) >= 1:
        found.append(Problem(_cell(book, "invoices", doc.row, "number"), Localized(
            f"{doc.number}: the lines' PPN {vat_total} differs from the posted {posted}",
            f"{doc.number}: PPN baris {vat_total} berbeda dari yang diposting {posted}")))
    return lines


# -- PPh 23 withholding slips (e-Bupot Unifikasi) -------------------------------------


def bupot_xml(book: BookData, options: Options) -> bytes:
    """The PPh 23 slips of the period as Coretax's ``BpuBulk``: one ``Bpu`` per bill we
    withheld from, or per payment allocation we withheld at."""
    npwp, nitku = company(book)
    outcome = engine.run(book)
    suppliers = read_parties(book, "suppliers")
    codes = engine.tax_codes(book)
    bills = {d.number: d for d in outcome.documents if d.side == "purchases"}
    problems: list[Problem] = []
    slips: list[tuple[Any, ...]] = []

    def slip(day: dt.date, doc: Document, code: str, base: int | None, withheld: int,
             where: str) -> None:
        supplier = suppliers.get(doc.party or "")
        found = _party_problems(book, "suppliers", supplier, doc.party, doc.number)
        tax = codes.get(code)
        if doc.currency != "IDR":
            found.append(_foreign(book, "bills", doc.row, doc.number, doc.currency))
        if tax is None or not tax.tax_object:
            found.append(Problem(_sheet(book, "taxcodes", "Tax codes"), Localized(
                f"{code} has no tax object code", f"{code} tidak punya kode objek pajak")))
        elif base is None:
            exact = Fraction(withheld) * 100 / Fraction(tax.rate) if tax.rate else None
            if exact is None or exact.denominator != 1:
                found.append(Problem(where, Localized(
                    f"{doc.number}: the PPh withheld at payment is not {tax.rate}% of an "
                    f"amount in sen; put the Withholding code on the bill's lines",
                    f"{doc.number}: PPh yang dipotong saat bayar bukan {tax.rate}% dari "
                    f"jumlah dalam sen; isi Potongan PPh di baris tagihan")))
            else:
                base = exact.numerator
        tin = None
        if supplier is not None:
            tin = supplier.npwp if supplier.id_type == "TIN" else \
                taxid.digits(supplier.id_number) if supplier.id_type == "National ID" else None
            if supplier.identified and (tin is None or len(tin) != 16):
                found.append(Problem(_cell(book, "suppliers", supplier.row, "id_number"),
                                     Localized(f"a PPh 23 slip names {supplier.code} by NPWP "
                                               f"or NIK (16 digits)",
                                               f"bukti potong PPh 23 menyebut {supplier.code} "
                                               f"dengan NPWP atau NIK (16 digit)")))
        problems.extend(found)
        if found or supplier is None or tax is None or base is None or tin is None:
            return
        tku = supplier.nitku if supplier.id_type == "TIN" else f"{tin}{taxid.HEAD_OFFICE}"
        document = ("TaxInvoice", taxid.digits(doc.tax_invoice) or doc.tax_invoice) \
            if doc.tax_invoice else ("CommercialInvoice", doc.number)
        slips.append((day, doc.number, [
            ("TaxPeriodMonth", day.month), ("TaxPeriodYear", day.year), ("CounterpartTin", tin),
            ("IDPlaceOfBusinessActivityOfIncomeRecipient", tku), ("TaxCertificate", "N/A"),
            ("TaxObjectCode", tax.tax_object), ("TaxBase", _rupiah(base, doc.currency)),
            ("Rate", Decimal(tax.rate).normalize()), ("Document", document[0]),
            ("DocumentNumber", document[1]), ("DocumentDate", doc.date),
            ("IDPlaceOfBusinessActivity", nitku), ("GovTreasurerOpt", "N/A"),
            ("SP2DNumber", None), ("WithholdingDate", day)]))

    for doc in outcome.documents:
        if doc.side != "purchases" or doc.date is None or not doc.withheld \
                or doc.kind == "opening" or not _in_period(doc.date, options):
            continue
        if doc.kind == "credit":
            problems.append(Problem(_cell(book, "bills", doc.row, "number"), Localized(
                f"credit note {doc.number} reduces PPh 23 withheld: correct the slip in "
                f"Coretax", f"nota kredit {doc.number} mengurangi PPh 23 yang dipotong: "
                f"betulkan bukti potongnya di Coretax")))
            continue
        for code, (base, withheld) in sorted(doc.withheld.items()):
            slip(doc.date, doc, code, base, withheld, _cell(book, "bills", doc.row, "number"))
    for payment in outcome.payments:
        if payment["side"] != "purchases" or not _in_period(payment["date"], options):
            continue
        for number, withheld, _slip, code in payment["withheld"]:
            doc = bills.get(number)
            if doc is not None:
                slip(payment["date"], doc, code, None, withheld,
                     _cell(book, "payments", payment["row"], "withheld"))
    if problems:
        raise _refuse(problems, Localized("The PPh 23 withholding slips",
                                          "Bukti potong PPh 23"))
    if not slips:
        raise _nothing(book, options, Localized("no PPh 23 was withheld",
                                                "tidak ada PPh 23 yang dipotong"))
    root = xmlout.root("BpuBulk")
    xmlout.add(root, "TIN", npwp)
    listing = xmlout.add(root, "ListOfBpu")
    for _day, _number, elements in sorted(slips, key=lambda s: (s[0], s[1])):
        item = xmlout.add(listing, "Bpu")
        for key, value in elements:
            xmlout.add(item, key, value, nil=key == "SP2DNumber")
    return xmlout.serialize(root)

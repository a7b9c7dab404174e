"""``efaktur-input-reconciliation``: the input-VAT list downloaded from Coretax against Bills.

Since 2025 a buyer does not import its input tax invoices: they appear in its
Coretax account (*e-Faktur > Pajak Masukan*) when the seller issues them. What
the bookkeeper needs is the difference between that list and the bills booked:
a tax invoice Coretax shows that no bill carries (an unbooked purchase, or a
seller who used our NPWP by mistake), a bill whose tax invoice Coretax does not
show (the seller has not issued it: the PPN cannot be credited yet), and the
ones whose DPP or PPN differ.

The download is the grid's Excel (or CSV) export. DJP publishes no layout for
it; its columns are read by their headers, as the grid names them: *NPWP
Penjual*, *Nama Penjual*, *Nomor Faktur Pajak*, *Tanggal Faktur Pajak*,
*Status Faktur*, *Harga Jual/Penggantian/DPP*, *DPP Nilai Lain/DPP*, *PPN*
(other columns are ignored). Rows whose status is AMENDED or CANCELLED are
superseded by another invoice, and are listed but not matched.

A bill is matched by its *Tax invoice no.* (digits only); a bill without one is
matched to the one Coretax invoice of the same supplier NPWP with the same DPP
and PPN, and says so (several such invoices: reported as ambiguous, not guessed).
Amounts agree when they differ by less than a rupiah (Coretax keeps sen; the books
round PPN down to the rupiah).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from backoffice import money, taxid
from backoffice.arap import engine
from backoffice.arap.parties import read_parties
from backoffice.catalogue import Localized
from backoffice.coerce import parse_date_text
from backoffice.errors import ActionRefused
from backoffice.ledger.reports import Field, Options, Table
from backoffice.locales import get_locale
from backoffice.schema import BookData, normalize_name

#: The download's columns we read: our key -> the headers Coretax's grid gives them.
COLUMNS = {
    "npwp": ("NPWP Penjual",),
    "name": ("Nama Penjual",),
    "number": ("Nomor Faktur Pajak",),
    "date": ("Tanggal Faktur Pajak",),
    "status": ("Status Faktur",),
    "price": ("Harga Jual/Penggantian/DPP", "Harga Jual/Penggantian/DPP (Rupiah)"),
    "dpp": ("DPP Nilai Lain/DPP", "DPP Nilai Lain/ DPP (Rupiah)", "DPP Nilai Lain"),
    "ppn": ("PPN",),
}
REQUIRED = ("npwp", "number", "date", "dpp", "ppn")
SUPERSEDED = ("AMENDED", "CANCELLED", "CANCELED", "DIGANTI", "DIBATALKAN", "BATAL")
ONE_RUPIAH = Decimal(1)


@dataclass(frozen=True)
class CoretaxInvoice:
    """One row of the download."""

    line: int
    number: str
    npwp: str | None
    name: str
    date: dt.date | None
    status: str
    dpp: Decimal
    ppn: Decimal

    @property
    def superseded(self) -> bool:
        return self.status.upper() in SUPERSEDED


@dataclass(frozen=True)
class BookedBill:
    """A bill that credits input PPN."""

    number: str
    supplier: str
    npwp: str | None
    name: str
    tax_invoice: str | None
    date: dt.date
    dpp: Decimal
    ppn: Decimal


def read_download(path: str, locale_code: str | None = None) -> list[CoretaxInvoice]:
    """The rows of a Coretax input-VAT download (.xlsx or .csv), refused (exit 2) when it
    cannot be read or lacks a column the match needs."""
    file = Path(path)
    if not file.is_file():
        raise ActionRefused(detail=Localized(f"{path} does not exist.",
                                             f"{path} tidak ada."),
                            fix=Localized("Give the file downloaded from Coretax's Pajak "
                                          "Masukan list with --coretax FILE.",
                                          "Berikan berkas unduhan daftar Pajak Masukan "
                                          "Coretax dengan --coretax BERKAS."))
    table = _csv_rows(file) if file.suffix.lower() == ".csv" else _xlsx_rows(file)
    header_at, where = _find_header(table)
    if header_at is None:
        expected = ", ".join(COLUMNS[k][0] for k in REQUIRED)
        raise ActionRefused(
            detail=Localized(f"{path} has no header row with {expected}.",
                             f"{path} tidak punya baris judul dengan {expected}."),
            fix=Localized("Download the list again from Coretax (e-Faktur > Pajak Masukan > "
                          "export) and give that file unchanged.",
                          "Unduh lagi daftarnya dari Coretax (e-Faktur > Pajak Masukan > "
                          "ekspor) dan berikan berkas itu tanpa diubah."))
    locale = get_locale(locale_code)
    invoices = []
    for offset, row in enumerate(table[header_at + 1:], start=header_at + 2):
        number = _digits_or_text(_at(row, where["number"]))
        if not number:
            continue
        invoices.append(CoretaxInvoice(
            offset, number, taxid.npwp16(_at(row, where["npwp"])),
            str(_at(row, where.get("name")) or ""), _date(_at(row, where["date"]), locale),
            str(_at(row, where.get("status")) or "").strip(),
            _amount(_at(row, where["dpp"]), locale, path, offset),
            _amount(_at(row, where["ppn"]), locale, path, offset)))
    return invoices


def _csv_rows(file: Path) -> list[list[object]]:
    try:
        text = file.read_text("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ActionRefused(detail=Localized(f"{file} is not UTF-8 text.",
                                             f"{file} bukan teks UTF-8."),
                            fix=Localized("Save it as CSV UTF-8, or give the .xlsx.",
                                          "Simpan sebagai CSV UTF-8, atau berikan .xlsx-nya.")
                            ) from exc
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else "excel"
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def _xlsx_rows(file: Path) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(file))
        return [list(r) for r in workbook.get_sheet_by_index(0).to_python()]
    except Exception as exc:  # calamine raises its own errors for a damaged or foreign file
        raise ActionRefused(detail=Localized(f"{file} cannot be read as a workbook ({exc}).",
                                             f"{file} tidak dapat dibaca sebagai buku kerja "
                                             f"({exc})."),
                            fix=Localized("Give the .xlsx or .csv downloaded from Coretax.",
                                          "Berikan .xlsx atau .csv unduhan Coretax.")) from exc


def _find_header(table: list[list[object]]) -> tuple[int | None, dict[str, int]]:
    wanted = {normalize_name(name): key for key, names in COLUMNS.items() for name in names}
    for index, row in enumerate(table[:20]):
        where: dict[str, int] = {}
        for column, cell in enumerate(row):
            key = wanted.get(normalize_name(str(cell))) if cell is not None else None
            if key is not None and key not in where:
                where[key] = column
        if all(k in where for k in REQUIRED):
            return index, where
    return None, {}


def _at(row: list[object], column: int | None) -> object:
    if column is None or column >= len(row):
        return None
    value = row[column]
    return None if value == "" else value


def _digits_or_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return taxid.digits(text) or text


def _date(value: object, locale: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None if value is None else parse_date_text(str(value)[:10], locale)  # type: ignore[arg-type]


def _amount(value: object, locale: object, path: str, line: int) -> Decimal:
    if value is None:
        return Decimal(0)
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    parsed = money.parse_amount_text(str(value), locale)  # type: ignore[arg-type]
    if parsed.value is None:
        raise ActionRefused(detail=Localized(f"{path} line {line}: '{value}' is not an amount.",
                                             f"{path} baris {line}: '{value}' bukan jumlah."),
                            fix=Localized("Give the file as Coretax exported it.",
                                          "Berikan berkas sebagaimana diekspor Coretax."))
    return parsed.value


def booked_bills(book: BookData, options: Options) -> list[BookedBill]:
    """The bills of the period that credit input PPN (a PKP's, with PPN charged)."""
    outcome = engine.run(book)
    suppliers = read_parties(book, "suppliers")
    bills = []
    end = options.end or options.as_of
    for doc in outcome.documents:
        if doc.side != "purchases" or doc.kind != "invoice" or doc.date is None:
            continue
        if (options.start and doc.date < options.start) or (end and doc.date > end):
            continue
        taxes = [t for t in doc.taxes.values() if t.charged and t.tax]
        if not taxes:
            continue
        exp = money.exponent(doc.currency) if money.is_currency(doc.currency) else 2
        party = suppliers.get(doc.party or "")
        bills.append(BookedBill(
            doc.number, doc.party or "", party.npwp if party else None,
            party.name if party else (doc.party or ""),
            (taxid.digits(doc.tax_invoice) or doc.tax_invoice) if doc.tax_invoice else None,
            doc.date, money.from_minor(sum(t.dpp for t in taxes), exp),
            money.from_minor(sum(t.tax for t in taxes), exp)))
    return bills


STATUS = {
    "en": {"matched": "matched", "differs": "amounts differ",
           "by-amount": "matched by amount (no tax invoice no. on the bill)",
           "only-coretax": "in Coretax, not in Bills", "only-bills": "in Bills, not in Coretax",
           "ambiguous": "not matched: several Coretax invoices have its NPWP and amounts "
                        "(type the tax invoice no. on the bill)",
           "superseded": "superseded in Coretax"},
    "id": {"matched": "cocok", "differs": "jumlah berbeda",
           "by-amount": "cocok menurut jumlah (tagihan tanpa no. faktur pajak)",
           "only-coretax": "ada di Coretax, tidak ada di Tagihan",
           "only-bills": "ada di Tagihan, tidak ada di Coretax",
           "ambiguous": "tidak dicocokkan: beberapa faktur Coretax ber-NPWP dan berjumlah "
                        "sama (ketik no. faktur pajak di tagihan)",
           "superseded": "sudah diganti/dibatalkan di Coretax"},
}


def reconcile(book: BookData, invoices: list[CoretaxInvoice], options: Options,
              lang: str = "en") -> Table:
    """One row per tax invoice of either side: matched, differing, or missing on one side."""
    words = STATUS.get(lang, STATUS["en"])
    end = options.end or options.as_of

    def in_period(day: dt.date | None) -> bool:
        return day is None or ((options.start is None or day >= options.start)
                               and (end is None or day <= end))

    coretax = [i for i in invoices if in_period(i.date)]
    rows = match_rows(booked_bills(book, options), coretax, words)
    order = {words[k]: n for n, k in enumerate(("only-coretax", "only-bills", "ambiguous",
                                                "differs", "by-amount", "matched",
                                                "superseded"))}
    rows.sort(key=lambda r: (order[str(r[0])], str(r[3]), str(r[1]), str(r[2])))
    columns = [Field("status", "Status", "Status", width=30),
               Field("tax_invoice", "Tax invoice no.", "No. faktur pajak", width=20),
               Field("bill", "Bill", "Tagihan", width=14),
               Field("npwp", "Supplier NPWP", "NPWP pemasok", width=18),
               Field("name", "Supplier", "Pemasok", width=26),
               Field("coretax_date", "Date in Coretax", "Tanggal di Coretax", "date", 12),
               Field("bill_date", "Bill date", "Tanggal tagihan", "date", 12),
               Field("coretax_dpp", "DPP in Coretax", "DPP di Coretax", "amount", 16),
               Field("bill_dpp", "DPP in Bills", "DPP di Tagihan", "amount", 16),
               Field("coretax_ppn", "PPN in Coretax", "PPN di Coretax", "amount", 16),
               Field("bill_ppn", "PPN in Bills", "PPN di Tagihan", "amount", 16),
               Field("ppn_difference", "PPN difference", "Selisih PPN", "amount", 16)]
    return Table("efaktur-input-reconciliation", columns, rows)


def match_rows(bills: list[BookedBill], coretax: list[CoretaxInvoice],
               words: dict[str, str]) -> list[tuple[object, ...]]:
    """The rows of the reconciliation, unsorted: bills paired with Coretax invoices by tax
    invoice number, else (a bill without one) by supplier NPWP and amounts.

    Bounded for a big book: every look-up goes through an index (number; NPWP and whole
    rupiah of DPP and PPN), never a scan of the open items per bill, and the search for a
    match by amount stops at the second candidate. A bill with two or more candidates is
    not guessed: it is reported as ambiguous (give it its tax invoice number)."""
    open_rows = {i.line: i for i in coretax if not i.superseded}
    rows: list[tuple[object, ...]] = []
    by_number: dict[str, list[CoretaxInvoice]] = {}
    for invoice in open_rows.values():
        by_number.setdefault(invoice.number, []).append(invoice)
    unmatched_bills = []
    for bill in bills:
        found = by_number.get(bill.tax_invoice or "", [])
        if bill.tax_invoice and found:
            invoice = found.pop(0)
            del open_rows[invoice.line]
            rows.append(_pair(words, "matched" if _agree(invoice, bill) else "differs",
                              invoice, bill))
        else:
            unmatched_bills.append(bill)
    # (NPWP, whole rupiah of DPP, of PPN) -> the open invoices there, by line: two amounts
    # within a rupiah of each other are in the same or a neighbouring whole rupiah.
    by_amount: dict[tuple[str | None, int, int], dict[int, CoretaxInvoice]] = {}
    for invoice in open_rows.values():
        by_amount.setdefault(_amount_key(invoice), {})[invoice.line] = invoice
    for bill in unmatched_bills:
        candidates = [] if bill.tax_invoice else _candidates(by_amount, bill)
        if len(candidates) == 1:
            invoice = candidates[0]
            del open_rows[invoice.line]
            del by_amount[_amount_key(invoice)][invoice.line]
            rows.append(_pair(words, "by-amount", invoice, bill))
        else:
            rows.append(_pair(words, "ambiguous" if candidates else "only-bills", None, bill))
    for invoice in open_rows.values():
        rows.append(_pair(words, "only-coretax", invoice, None))
    for invoice in coretax:
        if invoice.superseded:
            rows.append(_pair(words, "superseded", invoice, None))
    return rows


def _amount_key(item: CoretaxInvoice | BookedBill) -> tuple[str | None, int, int]:
    return item.npwp, int(item.dpp // 1), int(item.ppn // 1)


def _candidates(by_amount: dict[tuple[str | None, int, int], dict[int, CoretaxInvoice]],
                bill: BookedBill) -> list[CoretaxInvoice]:
    """Up to two open invoices of the bill's NPWP whose DPP and PPN agree with it."""
    npwp, dpp, ppn = _amount_key(bill)
    found: list[CoretaxInvoice] = []
    for key in ((npwp, d, p) for d in (dpp - 1, dpp, dpp + 1) for p in (ppn - 1, ppn, ppn + 1)):
        for invoice in by_amount.get(key, {}).values():
            if _agree(invoice, bill):
                found.append(invoice)
                if len(found) == 2:  # enough to know it is not one
                    return found
    return found


def _agree(invoice: CoretaxInvoice, bill: BookedBill) -> bool:
    return abs(invoice.dpp - bill.dpp) < ONE_RUPIAH and abs(invoice.ppn - bill.ppn) < ONE_RUPIAH


def _pair(words: dict[str, str], status: str, invoice: CoretaxInvoice | None,
          bill: BookedBill | None) -> tuple[object, ...]:
    difference = None
    if invoice is not None and bill is not None:
        difference = invoice.ppn - bill.ppn
    return (words[status],
            invoice.number if invoice else bill.tax_invoice if bill else None,
            bill.number if bill else None,
            (invoice.npwp if invoice else None) or (bill.npwp if bill else None),
            (bill.name if bill else None) or (invoice.name if invoice else None),
            invoice.date if invoice else None, bill.date if bill else None,
            invoice.dpp if invoice else None, bill.dpp if bill else None,
            invoice.ppn if invoice else None, bill.ppn if bill else None, difference)

"""Receivables, payables and tax reports: agings, open documents, statements, tax summaries.

Each is a :class:`backoffice.ledger.reports.Table`, so Post writes it as an output sheet and
``backoffice report BOOK NAME`` serves it as CSV, JSON or .xlsx. Amounts are in the
documents' currency (a row per party and currency) except the tax summary, which is
in the base currency. ``efaktur-csv`` and ``bupot-csv`` are shaped after the old
desktop e-Faktur and e-Bupot import columns (FK rows; PPh 23 rows): summaries, not
files any tax office system takes since 2025. Coretax's own XML files are
:mod:`backoffice.arap.coretax`; the input-VAT reconciliation against Coretax's
download is :mod:`backoffice.arap.reconcile`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from backoffice import kmk_rates, money, xmlout
from backoffice.arap import engine, trxcodes
from backoffice.arap.engine import Item, Outcome
from backoffice.arap.parties import read_parties
from backoffice.ledger.reports import Field, Options, Table
from backoffice.schema import BookData

#: Reports Post writes as sheets (when the book has documents), then the CSV-only ones.
SHEETS = ("ar-aging", "ap-aging", "open-documents", "customer-statements", "tax-summary")
NAMES = (*SHEETS, "efaktur-csv", "bupot-csv")

SHEET_NAMES = {
    "ar-aging": {"en": "AR Aging", "id": "Umur Piutang"},
    "ap-aging": {"en": "AP Aging", "id": "Umur Utang"},
    "open-documents": {"en": "Open Documents", "id": "Dokumen Terbuka"},
    "customer-statements": {"en": "Customer Statements", "id": "Rekening Pelanggan"},
    "tax-summary": {"en": "Tax Summary", "id": "Ringkasan Pajak"},
}

BUCKETS = (("current", "Current", "Belum jatuh tempo"), ("d1_30", "1-30 days", "1-30 hari"),
           ("d31_60", "31-60 days", "31-60 hari"), ("d61_90", "61-90 days", "61-90 hari"),
           ("over_90", "Over 90 days", "Lebih 90 hari"))


def has_documents(book: BookData) -> bool:
    """Whether the book has any invoice, bill or payment (Post then writes these sheets)."""
    return any(book.get(k) is not None and book.get(k).frame.height  # type: ignore[union-attr]
               for k in ("invoices", "bills", "payments"))


def as_of_date(outcome: Outcome, options: Options) -> dt.date:
    """The report date: the option's, else the last document or payment date."""
    if options.as_of or options.end:
        return options.as_of or options.end  # type: ignore[return-value]
    days = [i.date for i in outcome.items.values()] + [p["date"] for p in outcome.payments]
    return max(days, default=dt.date.today())


def bucket(days_overdue: int) -> int:
    """The aging column of an item ``days_overdue`` past its due date (0: current)."""
    if days_overdue <= 0:
        return 0
    return 1 if days_overdue <= 30 else 2 if days_overdue <= 60 else 3 if days_overdue <= 90 \
        else 4


def build(name: str, book: BookData, options: Options, lang: str) -> Table:
    """The report ``name`` of a checked book."""
    outcome = engine.run(book)
    day = as_of_date(outcome, options)
    if name in ("ar-aging", "ap-aging"):
        return aging(outcome, book, "sales" if name == "ar-aging" else "purchases", day, lang)
    if name == "open-documents":
        return open_documents(outcome, book, day, lang)
    if name == "customer-statements":
        return statements(outcome, book, day, lang)
    if name == "tax-summary":
        return tax_summary(outcome, book)
    if name == "efaktur-csv":
        return efaktur(outcome, book)
    if name == "bupot-csv":
        return bupot(outcome, book)
    raise ValueError(name)


def _names(book: BookData, kind: str) -> dict[str, str]:
    data = book.get(kind)
    if data is None:
        return {}
    return {c: n for c, n in data.frame.select("code", "name").iter_rows() if c is not None}


def _amount(minor: int, currency: str) -> Decimal:
    exp = money.exponent(currency) if money.is_currency(currency) else 2
    return money.from_minor(minor, exp)


def aging(outcome: Outcome, book: BookData, side: str, day: dt.date, lang: str) -> Table:
    """Open amounts per party and currency by days past due on ``day``; credits (negative)
    are shown as current."""
    names = _names(book, "customers" if side == "sales" else "suppliers")
    totals: dict[tuple[str, str], list[int]] = {}
    for item in outcome.items.values():
        if item.side != side:
            continue
        amount = item.open_on(day)
        if amount == 0:
            continue
        column = bucket((day - item.due).days) if amount > 0 else 0
        totals.setdefault((item.party, item.currency), [0] * 5)[column] += amount
    rows: list[tuple[object, ...]] = []
    grand: dict[str, list[int]] = {}
    for (party, currency), buckets in sorted(totals.items()):
        rows.append((party, names.get(party, ""), currency,
                     *(_amount(b, currency) for b in buckets), _amount(sum(buckets), currency)))
        running = grand.setdefault(currency, [0] * 5)
        for i, b in enumerate(buckets):
            running[i] += b
    label = "Jumlah" if lang == "id" else "Total"
    for currency, buckets in sorted(grand.items()):
        rows.append((label, None, currency, *(_amount(b, currency) for b in buckets),
                     _amount(sum(buckets), currency)))
    who = ("customer", "Customer", "Pelanggan") if side == "sales" else \
        ("supplier", "Supplier", "Pemasok")
    columns = [Field(who[0], who[1], who[2], width=12), Field("name", "Name", "Nama", width=28),
               Field("currency", "Currency", "Mata Uang", width=9),
               *(Field(key, en, id_, "amount", 18) for key, en, id_ in BUCKETS),
               Field("total", "Total", "Jumlah", "amount", 18)]
    return Table("ar-aging" if side == "sales" else "ap-aging", columns, rows, day.isoformat())


KINDS = {"en": {"invoice": "invoice", "credit": "credit note", "opening": "opening",
                "overpayment": "unallocated payment", "receivable": "receivable",
                "payable": "payable"},
         "id": {"invoice": "faktur", "credit": "nota kredit", "opening": "saldo awal",
                "overpayment": "pembayaran belum dialokasikan", "receivable": "piutang",
                "payable": "utang"}}


def open_documents(outcome: Outcome, book: BookData, day: dt.date, lang: str = "en") -> Table:
    """Every item still open on ``day``: documents, credit notes and unallocated payments."""
    words = KINDS.get(lang, KINDS["en"])
    customers, suppliers = _names(book, "customers"), _names(book, "suppliers")
    rows: list[tuple[object, ...]] = []
    for item in sorted(outcome.items.values(), key=lambda i: (i.side != "sales", i.party,
                                                              i.date, i.number)):
        amount = item.open_on(day)
        if amount == 0:
            continue
        names = customers if item.side == "sales" else suppliers
        overdue = max((day - item.due).days, 0) if amount > 0 else 0
        rows.append((words["receivable" if item.side == "sales" else "payable"], item.party,
                     names.get(item.party, ""), item.number, words[item.kind], item.date,
                     item.due,
                     item.currency, _amount(item.amount, item.currency),
                     _amount(item.amount - amount, item.currency),
                     _amount(amount, item.currency), overdue))
    columns = [Field("side", "Side", "Jenis", width=11), Field("party", "Party", "Pihak", width=10),
               Field("name", "Name", "Nama", width=26), Field("number", "Number", "Nomor", width=14),
               Field("type", "Type", "Tipe", width=11), Field("date", "Date", "Tanggal", "date", 12),
               Field("due", "Due date", "Jatuh tempo", "date", 12),
               Field("currency", "Currency", "Mata Uang", width=9),
               Field("amount", "Amount", "Jumlah", "amount", 16),
               Field("settled", "Settled", "Dilunasi", "amount", 16),
               Field("open", "Open", "Sisa", "amount", 16),
               Field("days_overdue", "Days overdue", "Hari lewat", width=10)]
    return Table("open-documents", columns, rows, day.isoformat())


def statements(outcome: Outcome, book: BookData, day: dt.date, lang: str) -> Table:
    """Per customer and currency: documents and payments up to ``day`` with a running balance."""
    names = _names(book, "customers")
    events: dict[tuple[str, str], list[tuple[dt.date, str, str, int]]] = {}
    for item in outcome.items.values():
        if item.side != "sales" or item.date > day:
            continue
        if item.kind != "overpayment":
            events.setdefault((item.party, item.currency), []).append(
                (item.date, item.number, item.description, item.amount))
    label = {"en": "Payment", "id": "Pembayaran"}[lang]
    for payment in outcome.payments:
        if payment["side"] != "sales" or payment["type"] != "received" or payment["date"] > day:
            continue
        settled = sum(s[1] for i in outcome.items.values() if i.side == "sales"
                      for s in i.settled if s[3] == payment["number"] and s[1] > 0)
        credit = outcome.items.get(("sales", payment["number"]))
        total = settled + (-credit.amount if credit is not None else 0)
        events.setdefault((payment["party"], payment["currency"]), []).append(
            (payment["date"], payment["number"], label, -total))
    rows: list[tuple[object, ...]] = []
    for (party, currency), lines in sorted(events.items()):
        balance = 0
        for date, number, text, amount in sorted(lines, key=lambda e: (e[0], e[3] < 0, e[1])):
            balance += amount
            rows.append((party, names.get(party, ""), currency, date, number, text,
                         _amount(amount, currency) if amount > 0 else None,
                         _amount(-amount, currency) if amount < 0 else None,
                         _amount(balance, currency)))
    columns = [Field("customer", "Customer", "Pelanggan", width=11),
               Field("name", "Name", "Nama", width=26),
               Field("currency", "Currency", "Mata Uang", width=9),
               Field("date", "Date", "Tanggal", "date", 12),
               Field("number", "Number", "Nomor", width=14),
               Field("description", "Description", "Keterangan", width=30),
               Field("debit", "Charged", "Tagihan", "amount", 16),
               Field("credit", "Paid or credited", "Dibayar/dikredit", "amount", 16),
               Field("balance", "Balance", "Saldo", "amount", 16)]
    return Table("customer-statements", columns, rows, day.isoformat())


def tax_summary(outcome: Outcome, book: BookData) -> Table:
    """Per month, in the base currency: PPN output and input (DPP and tax), PPh 23 withheld
    by us and by customers, and the UMKM final tax."""
    base = book.settings.get("base_currency") or "IDR"
    converter = engine._Run(book)
    # PPN in rupiah at the Minister of Finance's rate of the invoice date (PP 44/2022 Ps. 21).
    ppn_rupiah = kmk_rates.tax_converter(book, converter.to_base)
    months: dict[str, list[int]] = {}

    def add(month: str, column: int, amount: int) -> None:
        months.setdefault(month, [0] * 9)[column] += amount

    for doc in outcome.documents:
        if doc.date is None or doc.kind == "opening":
            continue
        month = f"{doc.date:%Y-%m}"
        for tax in doc.taxes.values():
            if not tax.charged:
                continue
            offset = 0 if doc.side == "sales" else 2
            add(month, offset, doc.sign * (ppn_rupiah(tax.dpp, doc.currency, doc.date) or 0))
            add(month, offset + 1, doc.sign * (ppn_rupiah(tax.tax, doc.currency, doc.date)
                                               or 0))
        for _code, (_base_amount, withheld) in doc.withheld.items():
            add(month, 4, doc.sign * (converter.to_base(withheld, doc.currency, doc.date) or 0))
    for payment in outcome.payments:
        for _doc, withheld, _slip, _code in payment["withheld"]:
            amount = converter.to_base(withheld, payment["currency"], payment["date"]) or 0
            add(f"{payment['date']:%Y-%m}", 4 if payment["side"] == "purchases" else 5, amount)
    for month, turnover, tax, _rate, _source in outcome.umkm:
        add(month, 6, turnover)
        add(month, 7, tax)
    rows: list[tuple[object, ...]] = []
    for month in sorted(months):
        v = months[month]
        v[8] = v[1] - v[3]
        rows.append((month, *(_amount(x, base) for x in v)))
    columns = [Field("month", "Month", "Masa", width=9),
               Field("ppn_output_dpp", "PPN output DPP", "DPP PPN keluaran", "amount", 18),
               Field("ppn_output", "PPN output", "PPN keluaran", "amount", 16),
               Field("ppn_input_dpp", "PPN input DPP", "DPP PPN masukan", "amount", 18),
               Field("ppn_input", "PPN input", "PPN masukan", "amount", 16),
               Field("pph23_withheld", "PPh 23 withheld by us", "PPh 23 kita potong",
                     "amount", 16),
               Field("pph23_suffered", "PPh 23 withheld by customers", "PPh 23 dipotong pihak "
                     "lain", "amount", 16),
               Field("umkm_turnover", "UMKM gross turnover", "Peredaran bruto UMKM", "amount", 18),
               Field("umkm_tax", "UMKM final tax", "PPh final UMKM", "amount", 16),
               Field("ppn_net", "PPN output less input", "PPN kurang/lebih bayar", "amount", 18)]
    return Table("tax-summary", columns, rows)


def efaktur(outcome: Outcome, book: BookData) -> Table:
    """Output VAT invoices as e-Faktur FK rows (one per invoice with PPN), with the
    transaction code of :mod:`backoffice.arap.trxcodes` (blank when the invoice has none,
    or mixes codes: Coretax's export refuses those and says why)."""
    customers = read_parties(book, "customers")
    rows: list[tuple[object, ...]] = []
    for doc in outcome.documents:
        if doc.side != "sales" or doc.kind != "invoice" or doc.date is None:
            continue
        charged = [t for t in doc.taxes.values() if t.charged]
        if not charged:
            continue
        party = customers.get(doc.party or "")
        npwp, name, address = (party.npwp_typed or "", party.name, party.address) if party \
            else ("", doc.party or "", "")
        codes = {trxcodes.transaction_code(t.code, party.collector if party else None,
                                           doc.date) for t in charged}
        code = codes.pop() if len(codes) == 1 else None  # mixed or none: Coretax's export says
        dpp, ppn = sum(t.dpp for t in charged), sum(t.tax for t in charged)
        whole = 10 ** (money.exponent(doc.currency) if money.is_currency(doc.currency) else 2)
        rows.append(("FK", code or "", "0", doc.tax_invoice or "", doc.date.month, doc.date.year,
                     doc.date.strftime("%d/%m/%Y"), npwp, name, address, dpp // whole,
                     ppn // whole, 0, "", "0", 0, 0, 0, doc.number))
    keys = ("FK", "KD_JENIS_TRANSAKSI", "FG_PENGGANTI", "NOMOR_FAKTUR", "MASA_PAJAK",
            "TAHUN_PAJAK", "TANGGAL_FAKTUR", "NPWP", "NAMA", "ALAMAT_LENGKAP", "JUMLAH_DPP",
            "JUMLAH_PPN", "JUMLAH_PPNBM", "ID_KETERANGAN_TAMBAHAN", "FG_UANG_MUKA",
            "UANG_MUKA_DPP", "UANG_MUKA_PPN", "UANG_MUKA_PPNBM", "REFERENSI")
    return Table("efaktur-csv", [Field(k, k, k) for k in keys], rows)


def bupot(outcome: Outcome, book: BookData) -> Table:
    """PPh 23 we withheld, one row per document, after e-Bupot Unifikasi's import columns."""
    suppliers = book.get("suppliers")
    info = {}
    if suppliers is not None:
        for row in suppliers.frame.iter_rows(named=True):
            info[row["code"]] = (row.get("npwp") or "", row.get("name") or "")
    codes = engine.tax_codes(book)
    rows: list[tuple[object, ...]] = []

    def add(day: dt.date, party: str, code: str, gross: int | None, tax: int, number: str,
            currency: str) -> None:
        npwp, name = info.get(party, ("", party))
        found = codes.get(code)
        whole = 10 ** (money.exponent(currency) if money.is_currency(currency) else 2)
        rows.append((day.month, day.year, npwp, name, found.tax_object if found else "",
                     "" if gross is None else gross // whole,
                     xmlout.number(Decimal(found.rate)) if found else "", tax // whole, number,
                     day.strftime("%d/%m/%Y")))

    for doc in outcome.documents:
        if doc.side == "purchases" and doc.date is not None and doc.kind != "opening":
            for code, (gross, tax) in doc.withheld.items():
                add(doc.date, doc.party or "", code, doc.sign * gross, doc.sign * tax,
                    doc.number, doc.currency)
    for payment in outcome.payments:
        if payment["side"] == "purchases":
            for number, tax, _slip, code in payment["withheld"]:
                add(payment["date"], payment["party"], code, None, tax, number,
                    payment["currency"])
    keys = ("MASA_PAJAK", "TAHUN_PAJAK", "NPWP_NIK", "NAMA", "KODE_OBJEK_PAJAK",
            "PENGHASILAN_BRUTO", "TARIF", "PPH_DIPOTONG", "NOMOR_DOKUMEN", "TANGGAL_DOKUMEN")
    return Table("bupot-csv", [Field(k, k, k) for k in keys], rows)


__all__ = ["NAMES", "SHEETS", "SHEET_NAMES", "Item", "build", "has_documents"]

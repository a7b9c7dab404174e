"""``Invoices`` / ``Faktur`` and ``Bills`` / ``Tagihan``: sales and purchase documents,
one line a row.

Rows sharing a *Number* are one document. Its header — *Date*, the customer or
supplier, *Type*, *Applies to*, *Due date*, *Terms*, *Currency* — is read from its
first line; later lines may leave those cells blank or repeat them (a different
value is an error). Every line has a quantity (blank: 1), a unit price, a tax code
(blank: no tax) and an account (blank: the sales or purchases account from
Settings). A foreign currency must be typed on every line of the document.

*Type* is ``invoice``; ``credit note`` (a negative document: its lines are typed
positive, and it settles the document in *Applies to*, or stays as the party's
credit); or ``opening`` (a document open at go-live: it is in the opening balances
already, so it posts nothing). Bills may also have a *Withholding* code (PPh 23),
which we withhold from the supplier and owe to the tax office.
"""

from __future__ import annotations

from backoffice.formula_text import machine_text_rule
from backoffice.schema import Choice, Field, Kind, SheetSchema

AMOUNT_FORMAT = "#,##0.00;[Red]-#,##0.00"

#: The fields whose text the tax office's import files carry (e-Faktur's NOMOR_FAKTUR and
#: REFERENSI, e-Bupot's NOMOR_DOKUMEN; the party's code stands in for an unknown party's
#: name; a sales line's description is the goods' Name in the Coretax tax invoice): text a
#: spreadsheet reads as a formula is refused there, not neutralised (backoffice.formula_text).
TAX_FILE_TEXT = ("number", "party", "tax_invoice")
SALES_TAX_FILE_TEXT = (*TAX_FILE_TEXT, "description")

TYPES = (
    Choice("invoice", "Invoice", "Faktur", ("Bill", "Tagihan", "Inv")),
    Choice("credit", "Credit note", "Nota kredit", ("Credit", "CN", "Nota retur", "Retur")),
    Choice("opening", "Opening", "Saldo awal", ("Opening balance", "Awal")),
)


#: Coretax's Barang/Jasa (DJP Faktur PK template v1.6.1, REF-General): A goods, B services.
ITEM_KINDS = (
    Choice("A", "Goods", "Barang", ("Goods (A)", "Barang (A)")),
    Choice("B", "Services", "Jasa", ("Services (B)", "Jasa (B)", "Service")),
)


def _fields(party: Field, sales: bool) -> tuple[Field, ...]:
    account_en = "sales" if sales else "purchases"
    account_id = "penjualan" if sales else "pembelian"
    fields = [
        Field("number", "Number", "Nomor", Kind.CODE, required=True, width=14,
              aliases=("Document no", "No", "No. dokumen", "Invoice no", "No. faktur"),
              help_en="The document's number; every line of one document shares it.",
              help_id="Nomor dokumen; semua baris satu dokumen memakai nomor yang sama."),
        Field("date", "Date", "Tanggal", Kind.DATE, width=12, excel_format="yyyy-mm-dd",
              help_en="The document's date (on its first line).",
              help_id="Tanggal dokumen (di baris pertamanya)."),
        party,
        Field("type", "Type", "Jenis", Kind.CHOICE, choices=TYPES, default="invoice", width=12,
              help_en="Invoice (blank), credit note, or opening (open at go-live).",
              help_id="Faktur (kosong), nota kredit, atau saldo awal (terbuka saat mulai)."),
        Field("applies_to", "Applies to", "Untuk dokumen", Kind.CODE, width=14,
              aliases=("Original document", "Dokumen asal"),
              help_en="For a credit note: the document it corrects (blank: kept as credit).",
              help_id="Untuk nota kredit: dokumen yang dikoreksi (kosong: disimpan sebagai "
                      "kredit)."),
        Field("due_date", "Due date", "Jatuh tempo", Kind.DATE, width=12,
              excel_format="yyyy-mm-dd", aliases=("Due", "Tgl jatuh tempo"),
              help_en="Blank: the date plus the terms.",
              help_id="Kosong: tanggal ditambah termin."),
        Field("terms", "Terms (days)", "Termin (hari)", Kind.INTEGER, min_value=0,
              max_value=3650, width=10, aliases=("Terms", "Termin"),
              help_en="Blank: the party's terms.", help_id="Kosong: termin pihak itu."),
        Field("currency", "Currency", "Mata Uang", Kind.CURRENCY, width=9,
              help_en="Blank: the base currency; repeat a foreign one on every line.",
              help_id="Kosong: mata uang dasar; ulangi mata uang asing di setiap baris."),
        Field("description", "Description", "Keterangan", Kind.TEXT, width=34,
              aliases=("Item", "Barang/jasa", "Uraian"),
              help_en="The item or service.", help_id="Barang atau jasa."),
        Field("quantity", "Quantity", "Kuantitas", Kind.NUMBER, width=9, excel_format="#,##0.####",
              aliases=("Qty", "Jumlah barang", "Banyaknya"),
              help_en="Blank: 1.", help_id="Kosong: 1."),
        Field("unit_price", "Unit price", "Harga satuan", Kind.AMOUNT, required=True,
              nonnegative=True, width=16, excel_format=AMOUNT_FORMAT,
              aliases=("Price", "Harga"),
              help_en="The price of one unit, as the Tax code says (exclusive unless the code "
                      "includes tax).",
              help_id="Harga satu unit, sesuai kode pajak (belum termasuk pajak kecuali kode "
                      "menyatakan termasuk)."),
        Field("tax_code", "Tax code", "Kode pajak", Kind.CODE, width=10,
              aliases=("Tax", "Pajak", "VAT code"),
              help_en="A code from Tax codes (PPN12...); blank: no tax.",
              help_id="Kode dari Kode Pajak (PPN12...); kosong: tanpa pajak."),
    ]
    if not sales:
        fields.append(Field(
            "withholding", "Withholding", "Potongan PPh", Kind.CODE, width=10,
            aliases=("PPh 23", "Withholding tax", "PPh"),
            help_en="PPh 23 we withhold from the supplier (PPH23); blank: none.",
            help_id="PPh 23 yang kita potong dari pemasok (PPH23); kosong: tidak ada."))
    fields += [
        Field("account", "Account", "Akun", Kind.CODE, width=10,
              help_en=f"Blank: the {account_en} account from Settings.",
              help_id=f"Kosong: akun {account_id} dari Pengaturan."),
        Field("tax_invoice", "Tax invoice no.", "No. faktur pajak", Kind.TEXT, width=22,
              aliases=("Faktur pajak", "NSFP"),
              help_en="The e-Faktur number, for the tax summaries.",
              help_id="Nomor e-Faktur, untuk ringkasan pajak."),
    ]
    if sales:
        fields += [
            Field("item_kind", "Goods or services", "Barang atau jasa", Kind.CHOICE,
                  choices=ITEM_KINDS, width=11, aliases=("Goods/services", "Jenis barang/jasa"),
                  help_en="For the tax invoice: goods (A) or services (B).",
                  help_id="Untuk faktur pajak: barang (A) atau jasa (B)."),
            Field("unit", "Unit", "Satuan", Kind.CODE, width=10,
                  aliases=("Unit of measure", "Satuan ukur", "UoM"),
                  help_en="For the tax invoice: Coretax's unit code, UM.0001 to UM.0039 "
                          "(UM.0018 unit, UM.0003 kilogram, UM.0027 hour).",
                  help_id="Untuk faktur pajak: kode satuan Coretax, UM.0001 s.d. UM.0039 "
                          "(UM.0018 unit, UM.0003 kilogram, UM.0027 jam)."),
            Field("item_code", "Item code", "Kode barang/jasa", Kind.CODE, width=10,
                  aliases=("Goods/services code", "Kode barang jasa"),
                  help_en="For the tax invoice: Coretax's 6-digit goods or services code; "
                          "blank: 000000.",
                  help_id="Untuk faktur pajak: kode barang/jasa Coretax 6 digit; "
                          "kosong: 000000."),
        ]
    return tuple(fields)


INVOICES = SheetSchema(
    kind="invoices", en="Invoices", id="Faktur", aliases=("Sales invoices", "Faktur penjualan"),
    books=("ledger",),
    natural_key="number",  # a document is all the lines sharing its number
    fields=_fields(Field("party", "Customer", "Pelanggan", Kind.CODE, width=10,
                         aliases=("Customer code", "Kode pelanggan"),
                         help_en="A code from Customers (on the first line).",
                         help_id="Kode dari Pelanggan (di baris pertama)."), sales=True),
    help_en="Sales invoices and credit notes, one line a row; a document's lines share its "
            "number.",
    help_id="Faktur penjualan dan nota kredit, satu baris per baris; baris satu dokumen "
            "memakai nomor yang sama.",
    rules=(machine_text_rule("invoices", SALES_TAX_FILE_TEXT),),
)

BILLS = SheetSchema(
    kind="bills", en="Bills", id="Tagihan", aliases=("Purchase invoices", "Faktur pembelian"),
    books=("ledger",),
    natural_key="number",  # a document is all the lines sharing its number
    fields=_fields(Field("party", "Supplier", "Pemasok", Kind.CODE, width=10,
                         aliases=("Supplier code", "Kode pemasok", "Vendor"),
                         help_en="A code from Suppliers (on the first line).",
                         help_id="Kode dari Pemasok (di baris pertama)."), sales=False),
    help_en="Suppliers' invoices and credit notes, one line a row; a document's lines share "
            "its number (your own, unique across suppliers).",
    help_id="Faktur dari pemasok dan nota kreditnya, satu baris per baris; baris satu dokumen "
            "memakai nomor yang sama (nomor Anda sendiri, unik untuk semua pemasok).",
    rules=(machine_text_rule("bills", TAX_FILE_TEXT),),
)

SCHEMA = INVOICES

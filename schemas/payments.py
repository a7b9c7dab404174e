"""``Payments`` / ``Pembayaran``: money received from customers and paid to suppliers,
and credits applied, with their allocations to documents.

Rows sharing a *Number* are one payment; its header — *Date*, *Type*, *Party*,
*Bank account*, *Amount*, *Bank fee*, *Currency* — is on its first row (later rows
may repeat it). Each row may allocate part of the payment to one *Document*:
*Allocated* is how much of that document it settles, in the document's currency
(blank: all that is still open), of which *PPh 23 withheld* was withheld by the
customer (a withholding slip, not cash) or by us.

* ``received``: *Amount* is what reached the bank; *Bank fee* what the banks took
  on the way. Allocated = Amount + fee + withheld; a difference within the
  tolerance in Settings is written off, a larger surplus becomes the customer's
  credit.
* ``paid``: *Amount* is what the supplier gets; *Bank fee* is charged on top.
* ``credit applied``: no money moves; the party's credit (overpayments, unused
  credit notes) settles the documents allocated.
"""

from __future__ import annotations

from backoffice.schemas.documents import AMOUNT_FORMAT

from backoffice.schema import Choice, Field, Kind, SheetSchema

TYPES = (
    Choice("received", "Received", "Diterima", ("Receipt", "Penerimaan", "In", "Masuk")),
    Choice("paid", "Paid", "Dibayar", ("Payment", "Pembayaran", "Out", "Keluar")),
    Choice("credit", "Credit applied", "Pakai kredit", ("Credit", "Kredit", "Offset")),
)


SCHEMA = SheetSchema(
    kind="payments", en="Payments", id="Pembayaran",
    aliases=("Receipts and payments", "Penerimaan dan pembayaran"),
    books=("ledger",),
    natural_key="number",  # a payment is all the lines (allocations) sharing its number
    fields=(
        Field("number", "Number", "Nomor", Kind.CODE, required=True, width=14,
              aliases=("Payment no", "No. bukti", "No"),
              help_en="The payment's number; its allocation rows share it.",
              help_id="Nomor pembayaran; baris alokasinya memakai nomor yang sama."),
        Field("date", "Date", "Tanggal", Kind.DATE, width=12, excel_format="yyyy-mm-dd",
              help_en="The bank date.", help_id="Tanggal di rekening bank."),
        Field("type", "Type", "Jenis", Kind.CHOICE, choices=TYPES, width=14,
              help_en="Received (from a customer), paid (to a supplier) or credit applied.",
              help_id="Diterima (dari pelanggan), dibayar (ke pemasok) atau pakai kredit."),
        Field("party", "Party", "Pihak", Kind.CODE, width=10,
              aliases=("Customer/supplier", "Pelanggan/pemasok"),
              help_en="The customer's or supplier's code.",
              help_id="Kode pelanggan atau pemasok."),
        Field("account", "Bank account", "Akun kas/bank", Kind.CODE, width=10,
              aliases=("Bank", "Cash account", "Akun bank"),
              help_en="The cash or bank account the money went through.",
              help_id="Akun kas atau bank yang dilalui uangnya."),
        Field("amount", "Amount", "Jumlah", Kind.AMOUNT, nonnegative=True, width=16,
              excel_format=AMOUNT_FORMAT,
              help_en="Received: what reached the bank. Paid: what the supplier gets.",
              help_id="Diterima: yang masuk ke bank. Dibayar: yang diterima pemasok."),
        Field("fee", "Bank fee", "Biaya bank", Kind.AMOUNT, nonnegative=True, width=12,
              excel_format=AMOUNT_FORMAT, aliases=("Fee", "Biaya"),
              help_en="Bank charges on this payment.", help_id="Biaya bank atas pembayaran ini."),
        Field("currency", "Currency", "Mata Uang", Kind.CURRENCY, width=9,
              help_en="The documents' currency; repeat a foreign one on every row.",
              help_id="Mata uang dokumennya; ulangi mata uang asing di setiap baris."),
        Field("document", "Document", "Dokumen", Kind.CODE, width=14,
              aliases=("Invoice", "Bill", "Faktur", "Tagihan"),
              help_en="An invoice or bill this row settles (blank: none).",
              help_id="Faktur atau tagihan yang dilunasi baris ini (kosong: tidak ada)."),
        Field("allocated", "Allocated", "Dialokasikan", Kind.AMOUNT, nonnegative=True, width=16,
              excel_format=AMOUNT_FORMAT, aliases=("Applied", "Dilunasi"),
              help_en="How much of the document this row settles (blank: all still open).",
              help_id="Berapa dari dokumen yang dilunasi baris ini (kosong: seluruh sisanya)."),
        Field("withheld", "PPh 23 withheld", "PPh 23 dipotong", Kind.AMOUNT, nonnegative=True,
              width=14, excel_format=AMOUNT_FORMAT, aliases=("Withheld", "Dipotong"),
              help_en="Part of Allocated settled by a withholding slip instead of money.",
              help_id="Bagian yang dilunasi dengan bukti potong, bukan uang."),
        Field("withholding", "Withholding code", "Kode potongan", Kind.CODE, width=10,
              default="PPH23",
              help_en="The tax code of the withholding (blank: PPH23).",
              help_id="Kode pajak potongannya (kosong: PPH23)."),
        Field("slip", "Withholding slip no.", "No. bukti potong", Kind.TEXT, width=18,
              aliases=("Bukti potong",),
              help_en="The withholding slip's number.", help_id="Nomor bukti potong."),
        Field("description", "Description", "Keterangan", Kind.TEXT, width=30,
              help_en="A note.", help_id="Catatan."),
    ),
    help_en="Receipts and payments, one allocation a row; a payment's rows share its number.",
    help_id="Penerimaan dan pembayaran, satu alokasi per baris; baris satu pembayaran memakai "
            "nomor yang sama.",
)

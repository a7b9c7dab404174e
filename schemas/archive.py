"""``Documents`` / ``Arsip``: the document register, where every paper or file is kept.

One row per document: its type, number, date, party and where it is (a folder
path, a link, a shelf). How long a type must be kept is dated data with its
source (``backoffice/compliance/data/retention.csv``); ``backoffice archive``
lists what may be disposed of, what the books point at but the register lacks,
and links to files that are not there (:mod:`backoffice.compliance.archive`).
"""

from __future__ import annotations

from backoffice.schema import Choice, Field, Kind, SheetSchema

TYPES = (
    Choice("invoice", "Sales invoice", "Faktur penjualan", ("Invoice", "Faktur")),
    Choice("bill", "Purchase bill", "Tagihan pembelian", ("Bill", "Tagihan")),
    Choice("payment", "Payment proof", "Bukti pembayaran", ("Payment", "Receipt", "Kuitansi",
                                                            "Pembayaran")),
    Choice("payslip", "Payslips of a month", "Slip gaji sebulan", ("Payslip", "Slip gaji")),
    Choice("tax", "Tax return or payment", "SPT atau setoran pajak", ("SPT", "Tax return",
                                                                        "NTPN")),
    Choice("bank", "Bank statement", "Rekening koran", ("Bank", "Statement")),
    Choice("contract", "Contract", "Kontrak", ("Perjanjian", "Lease", "Sewa")),
    Choice("company", "Company document", "Dokumen perusahaan", ("Deed", "Akta", "NIB")),
    Choice("other", "Other", "Lainnya"),
)

SCHEMA = SheetSchema(
    kind="archive",
    en="Documents",
    id="Arsip",
    aliases=("Document register", "Register dokumen", "Archive"),
    books=(),  # added by the office (or the demo), not part of a template yet
    fields=(
        Field("type", "Type", "Jenis", Kind.CHOICE, required=True, width=20, choices=TYPES,
              help_en="What kind of document it is.", help_id="Jenis dokumennya."),
        Field("number", "Number", "Nomor", Kind.CODE, width=16,
              help_en="Its number: the invoice's, the bill's, the payment's; YYYY-MM for "
                      "payslips.",
              help_id="Nomornya: nomor faktur, tagihan, pembayaran; YYYY-MM untuk slip gaji."),
        Field("date", "Date", "Tanggal", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd", help_en="The document's date.",
              help_id="Tanggal dokumen."),
        Field("party", "Party", "Pihak", Kind.TEXT, width=24,
              help_en="The customer, supplier, employee or office it is with.",
              help_id="Pelanggan, pemasok, karyawan atau instansi terkait."),
        Field("location", "Where it is", "Lokasi", Kind.TEXT, width=36,
              help_en="A folder path (relative to the book's folder), a link, or a shelf.",
              help_id="Path folder (relatif terhadap folder buku), tautan, atau rak."),
        Field("disposed", "Disposed", "Dimusnahkan", Kind.DATE, width=12,
              excel_format="yyyy-mm-dd", help_en="The day it was destroyed, if it was.",
              help_id="Tanggal dimusnahkan, bila sudah."),
        Field("note", "Note", "Catatan", Kind.TEXT, width=30,
              help_en="Anything worth keeping about it.", help_id="Hal yang perlu dicatat."),
    ),
    help_en="Where each document is kept, and until when.",
    help_id="Di mana setiap dokumen disimpan, dan sampai kapan.",
)

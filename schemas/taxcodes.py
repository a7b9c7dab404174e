"""``Tax codes`` / ``Kode Pajak``: the tax rates documents use, as data.

One code a row: its kind (PPN, or a withholding such as PPh 23), rate in percent,
DPP factor (11/12 for PPN on non-luxury supplies from 2025, PMK 131/2024),
whether prices include it, how it is rounded, the accounts it posts to, the dates
it is in effect and its legal source. A book without this sheet (or with it
empty) uses the codes backoffice ships (:mod:`backoffice.arap.taxcodes`).
"""

from __future__ import annotations

from backoffice.schema import Choice, Field, Kind, SheetSchema

KINDS = (Choice("vat", "PPN (VAT)", "PPN", ("VAT", "PPN")),
         Choice("withholding", "Withholding", "Potongan PPh", ("PPh", "WHT", "Pemotongan")))
ROUNDINGS = (Choice("down", "Down", "Ke bawah", ("Floor", "Truncate")),
             Choice("half-up", "Half up", "Setengah ke atas", ("Round", "Normal", "Biasa")),
             Choice("up", "Up", "Ke atas", ("Ceiling",)))


SCHEMA = SheetSchema(
    kind="taxcodes", en="Tax codes", id="Kode Pajak", aliases=("Tax rates", "Tarif pajak"),
    books=("ledger",), key="code",
    fields=(
        Field("code", "Code", "Kode", Kind.CODE, required=True, unique=True, width=10,
              help_en="What document lines type in Tax code.",
              help_id="Yang diketik di kolom Kode pajak pada baris dokumen."),
        Field("name", "Name", "Nama", Kind.TEXT, width=34,
              help_en="What the code is for.", help_id="Kegunaan kode ini."),
        Field("kind", "Kind", "Jenis", Kind.CHOICE, choices=KINDS, required=True, width=12,
              help_en="PPN (added to the price) or withholding (deducted when paid).",
              help_id="PPN (ditambahkan ke harga) atau potongan PPh (dipotong saat dibayar)."),
        Field("rate", "Rate (%)", "Tarif (%)", Kind.NUMBER, required=True, width=8,
              aliases=("Rate", "Tarif"), help_en="In percent: 12 for 12%.",
              help_id="Dalam persen: 12 untuk 12%."),
        Field("factor", "DPP factor", "Faktor DPP", Kind.TEXT, width=10,
              aliases=("DPP", "Dasar pengenaan"),
              help_en="The share of the price taxed: 11/12, or blank for all of it.",
              help_id="Bagian harga yang dikenai pajak: 11/12, atau kosong untuk seluruhnya."),
        Field("inclusive", "Prices include tax", "Harga termasuk pajak", Kind.BOOLEAN,
              default=False, width=10, aliases=("Inclusive", "Termasuk pajak"),
              help_en="yes: unit prices include the tax.",
              help_id="ya: harga satuan sudah termasuk pajak."),
        Field("rounding", "Rounding", "Pembulatan", Kind.CHOICE, choices=ROUNDINGS,
              default="half-up", width=12,
              help_en="How the tax of a document is rounded.",
              help_id="Cara pajak satu dokumen dibulatkan."),
        Field("decimals", "Decimals", "Desimal", Kind.INTEGER, min_value=0, max_value=4, width=8,
              help_en="Decimals kept (0: whole rupiah); blank: the currency's.",
              help_id="Desimal yang disimpan (0: rupiah penuh); kosong: sesuai mata uang."),
        Field("sales_account", "Sales account", "Akun penjualan", Kind.CODE, width=10,
              help_en="PPN: output VAT. Withholding: prepaid tax withheld by customers.",
              help_id="PPN: PPN keluaran. Potongan: pajak dibayar di muka yang dipotong "
                      "pelanggan."),
        Field("purchase_account", "Purchase account", "Akun pembelian", Kind.CODE, width=10,
              help_en="PPN: input VAT. Withholding: tax we withheld and owe.",
              help_id="PPN: PPN masukan. Potongan: utang pajak yang kita potong."),
        Field("start", "Effective from", "Berlaku dari", Kind.DATE, width=12,
              excel_format="yyyy-mm-dd",
              help_en="The first date documents may use the code (blank: always).",
              help_id="Tanggal pertama dokumen boleh memakai kode ini (kosong: selalu)."),
        Field("end", "Effective to", "Berlaku sampai", Kind.DATE, width=12,
              excel_format="yyyy-mm-dd",
              help_en="The last date documents may use the code (blank: no end).",
              help_id="Tanggal terakhir dokumen boleh memakai kode ini (kosong: tanpa batas)."),
        Field("source", "Legal source", "Dasar hukum", Kind.TEXT, width=40,
              aliases=("Source", "Regulation", "Peraturan"),
              help_en="The regulation the rate comes from.",
              help_id="Peraturan yang menjadi dasar tarifnya."),
        Field("tax_object", "Tax object code", "Kode objek pajak", Kind.CODE, width=12,
              help_en="For withholding slips: the object code from DJP's list (consulting "
                      "services: 24-104-03; technical: 24-104-01; management: 24-104-02).",
              help_id="Untuk bukti potong: kode objek pajak dari daftar DJP (jasa konsultan: "
                      "24-104-03; teknik: 24-104-01; manajemen: 24-104-02)."),
        Field("efaktur_code", "e-Faktur code", "Kode transaksi", Kind.CODE, width=10,
              aliases=("Transaction code", "Kode transaksi faktur", "Kode faktur"),
              help_en="PPN: the tax invoice's transaction code for a buyer that is not a VAT "
                      "collector (04: DPP 11/12; 01: full price); blank: from the DPP factor. "
                      "Collectors get 02 or 03 (Customers).",
              help_id="PPN: kode transaksi faktur pajak untuk pembeli yang bukan pemungut PPN "
                      "(04: DPP 11/12; 01: harga penuh); kosong: dari faktor DPP. Pemungut "
                      "mendapat 02 atau 03 (Pelanggan)."),
    ),
    help_en="The tax codes documents use; shipped with the Indonesian codes, editable.",
    help_id="Kode pajak yang dipakai dokumen; berisi kode Indonesia, boleh diubah.",
)

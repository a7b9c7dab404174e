"""``Items`` / ``Barang``: the office supplies the company keeps, one item a row.

Each item has a unique SKU, its name in English and Indonesian, the unit it is
counted in, a category, the location it is normally kept at (stock moves that
leave *Location* blank happen there), when to order more (*Reorder point*: order
when the stock on hand across every location is at or under it) and how much
(*Reorder quantity*), who it is bought from and its last cost (used to value
stock before its first receipt and to estimate a purchase order).
"""

from __future__ import annotations

from backoffice.schema import Choice, Field, Kind, SheetSchema

AMOUNT_FORMAT = "#,##0.00;[Red]-#,##0.00"
QUANTITY_FORMAT = "#,##0"

CATEGORIES = (
    Choice("paper", "Paper", "Kertas", ("Kertas & amplop", "Paper and envelopes")),
    Choice("writing", "Writing", "Alat tulis", ("Pens", "Pena", "ATK")),
    Choice("ink-toner", "Ink and toner", "Tinta dan toner", ("Toner", "Ink", "Tinta")),
    Choice("filing", "Filing", "Map dan arsip", ("Folders", "Map", "Arsip")),
    Choice("desk", "Desk supplies", "Perlengkapan meja", ("Desk", "Meja")),
    Choice("pantry", "Pantry", "Pantri", ("Kitchen", "Dapur")),
    Choice("cleaning", "Cleaning", "Kebersihan", ("Cleaning supplies",)),
    Choice("electrical", "Batteries and electrical", "Baterai dan listrik",
           ("Batteries", "Baterai", "Electrical", "Listrik")),
    Choice("other", "Other", "Lainnya", ("Misc", "Lain-lain")),
)

#: The limit on quantities typed in the inventory sheets: far above any office's stock.
MAX_QUANTITY = 1_000_000_000

SCHEMA = SheetSchema(
    kind="items",
    en="Items",
    id="Barang",
    aliases=("Stock items", "Item list", "Daftar barang", "Supplies"),
    books=("inventory",),
    key="sku",
    fields=(
        Field("sku", "SKU", "SKU", Kind.CODE, required=True, unique=True, width=12,
              aliases=("Item code", "Kode barang", "Item"),
              help_en="The item's code, as text. Unique.",
              help_id="Kode barang, sebagai teks. Unik."),
        Field("name_en", "Name (English)", "Nama (Inggris)", Kind.TEXT, width=30,
              aliases=("English name", "Name", "Nama Inggris"),
              help_en="The item's name in English.", help_id="Nama barang dalam bahasa Inggris."),
        Field("name_id", "Name (Indonesian)", "Nama (Indonesia)", Kind.TEXT, required=True,
              width=30, aliases=("Indonesian name", "Nama barang", "Nama"),
              help_en="The item's name in Indonesian.",
              help_id="Nama barang dalam bahasa Indonesia."),
        Field("unit", "Unit", "Satuan", Kind.TEXT, required=True, width=8,
              aliases=("UoM", "Unit of measure"),
              help_en="What one is counted in: pcs, box, ream, pack.",
              help_id="Satuan hitungnya: pcs, box, rim, pak."),
        Field("category", "Category", "Kategori", Kind.CHOICE, width=18, choices=CATEGORIES,
              default="other", aliases=("Group", "Kelompok"),
              help_en="The kind of supply, for the usage report.",
              help_id="Jenis perlengkapan, untuk laporan pemakaian."),
        Field("location", "Location", "Lokasi", Kind.CODE, required=True, width=12,
              aliases=("Store", "Gudang", "Home location", "Lokasi utama"),
              help_en="Where the item is kept; stock moves with a blank location happen here.",
              help_id="Tempat barang disimpan; mutasi dengan lokasi kosong terjadi di sini."),
        Field("reorder_point", "Reorder point", "Titik pesan ulang", Kind.INTEGER, width=10,
              min_value=0, max_value=MAX_QUANTITY, excel_format=QUANTITY_FORMAT,
              aliases=("Minimum", "Stok minimum", "Min stock"),
              help_en="Order more when the stock on hand is at or under this; blank: never.",
              help_id="Pesan lagi bila stok sama dengan atau di bawah angka ini; kosong: tidak."),
        Field("reorder_qty", "Reorder quantity", "Jumlah pesan ulang", Kind.INTEGER, width=10,
              min_value=0, max_value=MAX_QUANTITY, excel_format=QUANTITY_FORMAT,
              aliases=("Order quantity", "Jumlah pesan"),
              help_en="How many to order at a time (in multiples when one lot is not enough).",
              help_id="Jumlah sekali pesan (kelipatannya bila satu kali belum cukup)."),
        Field("supplier", "Preferred supplier", "Pemasok utama", Kind.TEXT, width=24,
              aliases=("Supplier", "Pemasok", "Vendor"),
              help_en="Who the item is ordered from; the Reorder sheet groups by it.",
              help_id="Pemasok barang ini; sheet Pesan Ulang dikelompokkan menurutnya."),
        Field("last_cost", "Last cost", "Harga terakhir", Kind.AMOUNT, nonnegative=True,
              width=14, excel_format=AMOUNT_FORMAT, aliases=("Cost", "Harga", "Unit price"),
              help_en="The last price paid for one unit, in the base currency; receipts in "
                      "Stock moves update the cost used.",
              help_id="Harga terakhir per satuan, dalam mata uang dasar; penerimaan di Mutasi "
                      "stok memperbarui harga yang dipakai."),
    ),
    help_en="The supplies you keep: one item a row, with when and how much to reorder.",
    help_id="Perlengkapan yang disimpan: satu barang per baris, dengan kapan dan berapa "
            "dipesan ulang.",
)

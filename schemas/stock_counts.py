"""``Stock counts`` / ``Stok opname``: what was found on the shelf, by date and location.

Each row is one item counted at one location at the end of a day. The
difference from what the moves say was there becomes an adjustment (shrinkage
when less was found, surplus when more), with the row's *Reason* or, when blank,
"shrinkage"/"surplus". Checked: the SKU is in *Items*, the location is one that
*Items* or *Stock moves* use, and an item is counted once per location and day.
"""

from __future__ import annotations

from backoffice.schemas.items import MAX_QUANTITY, QUANTITY_FORMAT

from backoffice.schema import Choice, Field, Kind, SheetSchema

REASONS = (
    Choice("shrinkage", "Shrinkage", "Susut", ("Loss", "Hilang", "Missing")),
    Choice("damaged", "Damaged", "Rusak", ("Broken",)),
    Choice("expired", "Expired", "Kedaluwarsa", ("Kadaluarsa", "Kadaluwarsa")),
    Choice("surplus", "Surplus", "Lebih", ("Found", "Ditemukan", "Kelebihan")),
    Choice("correction", "Count correction", "Koreksi hitung", ("Correction", "Koreksi")),
)


SCHEMA = SheetSchema(
    kind="stock_counts",
    en="Stock counts",
    id="Stok opname",
    aliases=("Counts", "Physical counts", "Stock take", "Stocktake", "Hitung stok",
             "Opname"),
    books=("inventory",),
    fields=(
        Field("date", "Date", "Tanggal", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd", aliases=("Tgl", "Count date", "Tanggal hitung"),
              help_en="The day of the count (taken at the end of the day).",
              help_id="Tanggal penghitungan (dihitung di akhir hari)."),
        Field("location", "Location", "Lokasi", Kind.CODE, required=True, width=12,
              aliases=("Store", "Gudang"),
              help_en="Where it was counted.", help_id="Tempat penghitungan."),
        Field("sku", "SKU", "SKU", Kind.CODE, required=True, width=12,
              aliases=("Item code", "Kode barang", "Item"),
              help_en="The item's SKU from Items.", help_id="SKU barang dari sheet Barang."),
        Field("counted", "Counted", "Jumlah dihitung", Kind.INTEGER, required=True, width=10,
              min_value=0, max_value=MAX_QUANTITY, excel_format=QUANTITY_FORMAT,
              aliases=("Quantity", "Count", "Jumlah", "Hasil hitung", "Counted quantity"),
              help_en="The units found, in the item's unit.",
              help_id="Jumlah yang ditemukan, dalam satuan barang."),
        Field("reason", "Reason", "Alasan", Kind.CHOICE, width=16, choices=REASONS,
              aliases=("Cause", "Sebab"),
              help_en="Why it differs; blank: shrinkage when less, surplus when more.",
              help_id="Sebab selisih; kosong: susut bila kurang, lebih bila lebih."),
        Field("note", "Note", "Catatan", Kind.TEXT, width=30, aliases=("Memo", "Keterangan",
                                                                       "Counted by"),
              help_en="Who counted, anything worth remembering.",
              help_id="Siapa yang menghitung, catatan lain."),
    ),
    help_en="Physical counts: the units found per item and location at the end of a day.",
    help_id="Stok opname: jumlah barang yang ditemukan per barang dan lokasi di akhir hari.",
)

"""``Stock counts`` / ``Stok opname``: what was found on the shelf, by date and location.

Each row is one item counted at one location at the end of a day. The
difference from what the moves say was there becomes an adjustment (shrinkage
when less was found, surplus when more), with the row's *Reason* or, when blank,
"shrinkage"/"surplus". Checked: the SKU is in *Items*, the location is one that
*Items* or *Stock moves* use, and an item is counted once per location and day.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
from backoffice.schemas.items import MAX_QUANTITY, QUANTITY_FORMAT

from backoffice.inventory.book import known_locations
from backoffice.issues import Issue, make_issue
from backoffice.schema import BookData, Choice, Field, Kind, SheetSchema

REASONS = (
    Choice("shrinkage", "Shrinkage", "Susut", ("Loss", "Hilang", "Missing")),
    Choice("damaged", "Damaged", "Rusak", ("Broken",)),
    Choice("expired", "Expired", "Kedaluwarsa", ("Kadaluarsa", "Kadaluwarsa")),
    Choice("surplus", "Surplus", "Lebih", ("Found", "Ditemukan", "Kelebihan")),
    Choice("correction", "Count correction", "Koreksi hitung", ("Correction", "Koreksi")),
)


def _check_counts(book: BookData) -> Iterator[Issue]:
    data = book.get("stock_counts")
    if data is None or data.frame.height == 0:
        return
    frame = data.frame
    items, moves = book.get("items"), book.get("stock_moves")
    if items is not None:
        known = items.frame.get_column("sku").drop_nulls().implode()
        unknown = frame.filter(pl.col("sku").is_not_null() & ~pl.col("sku").is_in(known))
        for row, sku in unknown.select("_row", "sku").iter_rows():
            yield make_issue("stock-sku-unknown", data.sheet, row=row, column=data.letters["sku"],
                             field="sku", value=sku, items=items.sheet)
        locations = known_locations(book)
        strange = frame.filter(pl.col("location").is_not_null()
                               & ~pl.col("location").is_in(pl.Series(locations,
                                                                     dtype=pl.String).implode()))
        shown = ", ".join(locations[:8]) + (", …" if len(locations) > 8 else "")
        for row, location in strange.select("_row", "location").iter_rows():
            yield make_issue("stock-location-unknown", data.sheet, row=row,
                             column=data.letters["location"], field="location", value=location,
                             items=items.sheet, moves=moves.sheet if moves else "Stock moves",
                             known=shown or "-")
    keyed = frame.filter(pl.col("sku").is_not_null() & pl.col("location").is_not_null()
                         & pl.col("date").is_not_null())
    repeated = (keyed.group_by("sku", "location", "date").agg(pl.col("_row").sort())
                .filter(pl.col("_row").list.len() > 1))
    for sku, location, day, rows in repeated.sort(pl.col("_row").list.first()).iter_rows():
        for row in rows[1:]:
            yield make_issue("stock-count-duplicate", data.sheet, row=row,
                             column=data.letters["counted"], field="counted", value=sku, sku=sku,
                             location=location, date=day.isoformat(), other_row=rows[0])


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
    rules=(_check_counts,),
)

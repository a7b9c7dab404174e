"""``Stock moves`` / ``Mutasi stok``: what came in and what went out, one move a row.

A row with *In* is a receipt (from a supplier: its *Unit cost* is required); a
row with *Out* is an issue (to the *Department* that took it), or a transfer
when it names a *To location*. Quantities are whole units of the item's unit.
A blank *Location* is the item's location from *Items*.

Checked across sheets: the SKU is in *Items*; a receipt has a unit cost; a row
has In or Out, not both; a transfer is an Out row; and no issue takes more than
is on hand at its location that day (receipts of the same day count first, then
issues; a count in *Stock counts* resets the quantity at the end of its day) —
unless *Allow negative stock* is yes in Settings, when it is a warning.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
from backoffice.schemas.items import AMOUNT_FORMAT, MAX_QUANTITY, QUANTITY_FORMAT

from backoffice.issues import Issue, make_issue
from backoffice.schema import BookData, Field, Kind, SheetData, SheetSchema


def _flagged(data: SheetData, row: int, *keys: str) -> bool:
    return any((row, data.letters.get(k)) in data.flagged for k in keys)


def _check_rows(book: BookData) -> Iterator[Issue]:
    """In or Out (not both); a receipt has a cost; the SKU exists."""
    data, items = book.get("stock_moves"), book.get("items")
    if data is None:
        return
    frame = data.frame
    letters = data.letters
    q_in, q_out = pl.col("qty_in").fill_null(0), pl.col("qty_out").fill_null(0)
    for row, quantity_in, quantity_out in frame.filter((q_in > 0) & (q_out > 0)).select(
            "_row", "qty_in", "qty_out").iter_rows():
        yield make_issue("stock-in-and-out", data.sheet, row=row, column=letters["qty_out"],
                         field="qty_out", value=quantity_out, quantity_in=quantity_in,
                         quantity_out=quantity_out)
    neither = frame.filter((q_in <= 0) & (q_out <= 0)).select("_row")
    for (row,) in neither.iter_rows():
        if not _flagged(data, row, "qty_in", "qty_out"):
            yield make_issue("stock-quantity-missing", data.sheet, row=row,
                             column=letters["qty_in"], field="qty_in")
    unread = pl.col("_unread_amount") if "_unread_amount" in frame.columns else pl.lit(False)
    costless = frame.filter((q_in > 0) & (q_out <= 0) & pl.col("unit_cost").is_null() & ~unread)
    for row, sku, quantity in costless.select("_row", "sku", "qty_in").iter_rows():
        yield make_issue("stock-receipt-cost-missing", data.sheet, row=row,
                         column=letters.get("unit_cost", letters["qty_in"]), field="unit_cost",
                         header=data.header("unit_cost"), quantity=quantity, sku=sku)
    if items is not None:
        known = items.frame.get_column("sku").drop_nulls().implode()
        unknown = frame.filter(pl.col("sku").is_not_null() & ~pl.col("sku").is_in(known))
        for row, sku in unknown.select("_row", "sku").iter_rows():
            yield make_issue("stock-sku-unknown", data.sheet, row=row, column=letters["sku"],
                             field="sku", value=sku, items=items.sheet)


def _check_transfers(book: BookData) -> Iterator[Issue]:
    """A transfer is an Out row, to another location than the row's own."""
    data, items = book.get("stock_moves"), book.get("items")
    if data is None or "to_location" not in data.letters:
        return
    frame = data.frame.filter(pl.col("to_location").is_not_null())
    letter, header = data.letters["to_location"], data.header("to_location")
    for row, to in frame.filter(pl.col("qty_in").fill_null(0) > 0).select(
            "_row", "to_location").iter_rows():
        yield make_issue("stock-transfer-not-out", data.sheet, row=row, column=letter,
                         field="to_location", value=to, header=header)
    if items is not None:  # a blank Location is the item's own
        homes = items.frame.select("sku", pl.col("location").alias("_home")).unique("sku")
        frame = frame.join(homes, on="sku", how="left", maintain_order="left").with_columns(
            pl.col("location").fill_null(pl.col("_home")))
    same = frame.filter((pl.col("qty_out").fill_null(0) > 0)
                        & (pl.col("to_location") == pl.col("location")))
    for row, to in same.select("_row", "to_location").iter_rows():
        yield make_issue("stock-transfer-same-location", data.sheet, row=row, column=letter,
                         field="to_location", value=to, header=header)


SCHEMA = SheetSchema(
    kind="stock_moves",
    en="Stock moves",
    id="Mutasi stok",
    aliases=("Stock movements", "Moves", "Mutasi", "Mutasi barang", "Kartu stok"),
    books=("inventory",),
    fields=(
        Field("date", "Date", "Tanggal", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd", aliases=("Tgl",),
              help_en="The day the goods came in or went out.",
              help_id="Tanggal barang masuk atau keluar."),
        Field("sku", "SKU", "SKU", Kind.CODE, required=True, width=12,
              aliases=("Item code", "Kode barang", "Item"),
              help_en="The item's SKU from Items.", help_id="SKU barang dari sheet Barang."),
        Field("qty_in", "In", "Masuk", Kind.INTEGER, column_required=True, width=9,
              min_value=0, max_value=MAX_QUANTITY, excel_format=QUANTITY_FORMAT,
              aliases=("Quantity in", "Received", "Jumlah masuk", "Diterima"),
              help_en="Units received; leave Out blank on this row.",
              help_id="Jumlah diterima; kosongkan Keluar di baris ini."),
        Field("qty_out", "Out", "Keluar", Kind.INTEGER, column_required=True, width=9,
              min_value=0, max_value=MAX_QUANTITY, excel_format=QUANTITY_FORMAT,
              aliases=("Quantity out", "Issued", "Jumlah keluar", "Dikeluarkan"),
              help_en="Units taken out (or moved, with To location); leave In blank.",
              help_id="Jumlah dikeluarkan (atau dipindah, dengan Ke lokasi); kosongkan Masuk."),
        Field("unit_cost", "Unit cost", "Harga satuan", Kind.AMOUNT, column_required=True,
              nonnegative=True, width=14, excel_format=AMOUNT_FORMAT,
              aliases=("Cost", "Price", "Harga", "Harga beli"),
              help_en="For a receipt: the price of one unit in the base currency (0 if free). "
                      "Blank on an Out row: backoffice values it.",
              help_id="Untuk penerimaan: harga per satuan dalam mata uang dasar (0 bila gratis). "
                      "Kosongkan di baris Keluar: backoffice yang menilainya."),
        Field("reference", "Reference", "Referensi", Kind.TEXT, width=16,
              aliases=("Ref", "PO", "Document", "Dokumen", "No. dokumen"),
              help_en="The purchase order, delivery note or request it comes from.",
              help_id="Nomor pesanan pembelian, surat jalan atau permintaan."),
        Field("department", "Department", "Departemen", Kind.TEXT, width=16,
              aliases=("Dept", "Bagian", "Divisi", "Taken by", "Diambil oleh"),
              help_en="Who took it (for Out rows); the usage report groups by it.",
              help_id="Bagian yang mengambil (baris Keluar); laporan pemakaian "
                      "dikelompokkan menurutnya."),
        Field("location", "Location", "Lokasi", Kind.CODE, width=12,
              aliases=("Store", "Gudang", "From location", "Dari lokasi"),
              help_en="Where it came in or went out; blank: the item's location.",
              help_id="Tempat barang masuk atau keluar; kosong: lokasi barang di Barang."),
        Field("to_location", "To location", "Ke lokasi", Kind.CODE, width=12,
              aliases=("Transfer to", "Pindah ke", "Destination", "Tujuan"),
              help_en="For a transfer: where the units of an Out row go.",
              help_id="Untuk pemindahan: tujuan barang di baris Keluar."),
        Field("note", "Note", "Catatan", Kind.TEXT, width=30, aliases=("Memo", "Keterangan"),
              help_en="Anything worth remembering.", help_id="Catatan bila perlu."),
    ),
    help_en="Every receipt, issue and transfer of an item, one a row.",
    help_id="Setiap penerimaan, pengeluaran dan pemindahan barang, satu per baris.",
    rules=(_check_rows, _check_transfers),
)

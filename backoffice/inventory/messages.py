"""The inventory book's problem and failure codes, in English and Indonesian.

Registered in :data:`backoffice.catalogue._CAPABILITY_MODULES`; each code is
raised by the inventory sheets' rules (``schemas/stock_moves.py``,
``schemas/stock_counts.py``) or by ``backoffice stock``.
"""

from __future__ import annotations

from backoffice.catalogue import MessageDef

MESSAGES: tuple[MessageDef, ...] = (
    MessageDef(
        "stock-sku-unknown", "error", "cell",
        "SKU {value} is not in {items}.",
        "SKU {value} tidak ada di {items}.",
        "Use a SKU from {items}, or add the item there first.",
        "Pakai SKU dari {items}, atau tambahkan barangnya di sana lebih dulu.",
    ),
    MessageDef(
        "stock-insufficient", "error", "cell",
        "{header}: {quantity} {unit} of {sku} taken out of {location} on {date}, but only "
        "{available} were there; the stock would be {balance}.",
        "{header}: {quantity} {unit} {sku} dikeluarkan dari {location} pada {date}, padahal "
        "hanya ada {available}; stoknya menjadi {balance}.",
        "Check the quantity and the date, record the receipt that came first, or set "
        "'Allow negative stock' to yes in Settings.",
        "Periksa jumlah dan tanggalnya, catat penerimaan yang datang lebih dulu, atau isi "
        "'Izinkan stok negatif' dengan ya di Pengaturan.",
    ),
    MessageDef(
        "stock-goes-negative", "warning", "cell",
        "{header}: {quantity} {unit} of {sku} taken out of {location} on {date} leaves the "
        "stock at {balance} (allowed by Settings).",
        "{header}: {quantity} {unit} {sku} dikeluarkan dari {location} pada {date} membuat "
        "stok menjadi {balance} (diizinkan Pengaturan).",
        "Record the missing receipt; until then the units are costed at the last known cost.",
        "Catat penerimaan yang belum dicatat; sementara itu unitnya dinilai dengan harga "
        "terakhir yang diketahui.",
    ),
    MessageDef(
        "stock-receipt-cost-missing", "error", "cell",
        "{header} is empty for the receipt of {quantity} {sku}.",
        "{header} kosong untuk penerimaan {quantity} {sku}.",
        "Type the unit cost from the supplier's invoice or delivery note (0 for a free item).",
        "Ketik harga satuan dari faktur atau surat jalan pemasok (0 untuk barang gratis).",
    ),
    MessageDef(
        "stock-in-and-out", "error", "row",
        "The row has both In ({quantity_in}) and Out ({quantity_out}).",
        "Baris ini punya Masuk ({quantity_in}) dan Keluar ({quantity_out}) sekaligus.",
        "Put a receipt and an issue on separate rows.",
        "Catat penerimaan dan pengeluaran di baris terpisah.",
    ),
    MessageDef(
        "stock-quantity-missing", "error", "row",
        "The row has neither In nor Out.",
        "Baris ini tidak punya Masuk maupun Keluar.",
        "Type the quantity received in In, or the quantity taken in Out.",
        "Ketik jumlah yang diterima di Masuk, atau jumlah yang diambil di Keluar.",
    ),
    MessageDef(
        "stock-transfer-not-out", "error", "cell",
        "{header} {value} is on a row with In; a transfer is recorded on an Out row.",
        "{header} {value} ada di baris Masuk; pemindahan dicatat di baris Keluar.",
        "Move the quantity to Out (it leaves Location and arrives at {header}), or clear "
        "{header}.",
        "Pindahkan jumlahnya ke Keluar (keluar dari Lokasi dan masuk ke {header}), atau "
        "kosongkan {header}.",
    ),
    MessageDef(
        "stock-transfer-same-location", "error", "cell",
        "{header} {value} is the row's own location; nothing would move.",
        "{header} {value} sama dengan lokasi baris ini; tidak ada yang berpindah.",
        "Name the location the units go to, or clear {header} if they were used up.",
        "Isi lokasi tujuan barang, atau kosongkan {header} bila barangnya dipakai.",
    ),
    MessageDef(
        "stock-location-unknown", "error", "cell",
        "Location {value} is not a location of {items} or {moves}.",
        "Lokasi {value} bukan lokasi di {items} maupun {moves}.",
        "Use a location that items are kept at (known: {known}).",
        "Pakai lokasi tempat barang disimpan (yang dikenal: {known}).",
    ),
    MessageDef(
        "stock-count-duplicate", "error", "cell",
        "{sku} at {location} is counted twice on {date} (also row {other_row}).",
        "{sku} di {location} dihitung dua kali pada {date} (juga baris {other_row}).",
        "Keep one count per item, location and date; add the quantities up if both are right.",
        "Simpan satu hitungan per barang, lokasi dan tanggal; jumlahkan bila keduanya benar.",
    ),
    # -- failures of backoffice stock -----------------------------------------------
    MessageDef(
        "stock-account-missing", "error", "failure",
        "{setting} is not set in Settings, and the stock journal needs it.",
        "{setting} belum diisi di Pengaturan, padahal jurnal persediaan memerlukannya.",
        "Type the ledger account code in Settings, then run backoffice stock again.",
        "Ketik kode akun buku besar di Pengaturan, lalu jalankan backoffice stock lagi.",
    ),
)

"""``Settings`` / ``Pengaturan``: the book's company-wide settings, as name/value rows.

The sheet has two columns, *Setting* and *Value*; each row names one setting
(in English or Indonesian) and gives its value. Settings that are left out take
their defaults: base currency IDR, fiscal year from January, locale id-ID,
language Indonesian.
"""

from __future__ import annotations

from dataclasses import replace

from backoffice.locales import LOCALES
from backoffice.schema import Choice, Field, Kind, SheetSchema

#: The two columns of the sheet.
NAME_COLUMN = Field("setting", "Setting", "Pengaturan", Kind.TEXT, required=True, width=28,
                    aliases=("Name", "Nama", "Parameter"))
VALUE_COLUMN = Field("value", "Value", "Nilai", Kind.TEXT, width=30, aliases=("Isi",))

#: The settings themselves; each is read with its own kind.
SETTINGS = (
    Field("company", "Company", "Perusahaan", Kind.TEXT, required=True,
          aliases=("Company name", "Nama perusahaan"),
          help_en="The company's legal name, as on its documents.",
          help_id="Nama resmi perusahaan, seperti pada dokumennya."),
    Field("base_currency", "Base currency", "Mata uang dasar", Kind.CURRENCY,
          aliases=("Currency", "Functional currency", "Mata uang fungsional"), default="IDR",
          help_en="The currency the books are kept in (ISO 4217 code, e.g. IDR).",
          help_id="Mata uang pembukuan (kode ISO 4217, mis. IDR)."),
    Field("fiscal_year_start", "Fiscal year start", "Awal tahun buku", Kind.INTEGER,
          min_value=1, max_value=12, default=1,
          aliases=("Fiscal year start month", "Bulan awal tahun buku"),
          help_en="The month the fiscal year starts in, as a number (1 = January).",
          help_id="Bulan awal tahun buku, sebagai angka (1 = Januari)."),
    Field("locale", "Locale", "Lokal", Kind.CHOICE, default="id-ID",
          choices=tuple(Choice(code, code, code) for code in LOCALES),
          help_en="How numbers and dates typed as text are read (id-ID: 1.500,00 and 31/01/2026).",
          help_id="Cara membaca angka dan tanggal yang diketik sebagai teks "
                  "(id-ID: 1.500,00 dan 31/01/2026)."),
    Field("retained_earnings_account", "Retained earnings account", "Akun saldo laba",
          Kind.CODE, aliases=("Retained earnings", "Saldo laba"),
          help_en="The equity account a year-end close moves the year's result into.",
          help_id="Akun ekuitas tujuan hasil tahun berjalan saat tutup buku akhir tahun."),
    Field("rounding_account", "Rounding account", "Akun pembulatan", Kind.CODE,
          aliases=("Rounding", "Pembulatan"),
          help_en="The account that takes the cents left over when foreign-currency lines are "
                  "converted (optional).",
          help_id="Akun penampung selisih pembulatan saat baris valuta asing dikonversi "
                  "(opsional)."),
    Field("unrealized_fx_account", "Unrealized exchange account", "Akun selisih kurs "
          "belum terealisasi", Kind.CODE,
          aliases=("Unrealized FX", "Unrealized exchange gain/loss"),
          help_en="The income account that takes month-end revaluations of foreign-currency "
                  "balances (backoffice revalue).",
          help_id="Akun pendapatan penampung revaluasi akhir bulan saldo valuta asing "
                  "(backoffice revalue)."),
    Field("language", "Language", "Bahasa", Kind.CHOICE, default="id",
          choices=(Choice("id", "Indonesian", "Bahasa Indonesia", ("Indonesia", "Indonesian")),
                   Choice("en", "English", "Inggris", ("Bahasa Inggris",))),
          help_en="The language of messages and new sheets.",
          help_id="Bahasa pesan dan sheet baru."),
    # -- payroll (issue 6): the rule pack and the accounts of the payroll journal --------
    Field("payroll_pack", "Payroll rule pack", "Paket aturan gaji", Kind.CHOICE, default="id",
          choices=(Choice("id", "Indonesia", "Indonesia", ("ID",)),
                   Choice("generic", "Generic (flat tax)", "Umum (pajak tarif tetap)")),
          help_en="The country rules payroll uses (Indonesia: PPh 21 TER and BPJS).",
          help_id="Aturan negara yang dipakai penggajian (Indonesia: PPh 21 TER dan BPJS)."),
    Field("klu", "Business classification (KLU)", "KLU", Kind.CODE,
          aliases=("KLU", "Business classification", "Klasifikasi lapangan usaha", "KBLI"),
          help_en="The company's main business classification code as registered with the tax "
                  "office (5 digits, e.g. 14111); it decides whether PPh 21 DTP applies "
                  "(PMK 10/2025, PMK 105/2025).",
          help_id="Kode klasifikasi lapangan usaha (KLU) utama perusahaan sebagaimana terdaftar "
                  "di DJP (5 digit, mis. 14111); menentukan berlakunya PPh 21 DTP "
                  "(PMK 10/2025, PMK 105/2025)."),
    # -- compliance calendar (issue 23): what the books cannot know ------------------------
    Field("business_scale", "Business scale (LKPM)", "Skala usaha (LKPM)", Kind.CHOICE,
          choices=(Choice("micro", "Micro", "Mikro", ("Usaha mikro",)),
                   Choice("small", "Small", "Kecil", ("Usaha kecil",)),
                   Choice("medium", "Medium", "Menengah", ("Usaha menengah",)),
                   Choice("large", "Large", "Besar", ("Usaha besar",)),
                   Choice("exempt", "Exempt sector", "Sektor dikecualikan",
                          ("Exempt", "Dikecualikan"))),
          aliases=("Business scale", "Skala usaha"),
          help_en="The scale on the company's NIB, for the investment activity report (LKPM): "
                  "small, half-yearly; medium and large, quarterly; micro, and upstream oil and "
                  "gas, banking, non-bank finance and insurance (exempt sector), none (Peraturan "
                  "BKPM 5/2021 Ps. 32, 5/2025). Blank (default): the calendar lists no LKPM.",
          help_id="Skala usaha pada NIB, untuk Laporan Kegiatan Penanaman Modal (LKPM): kecil, "
                  "per semester; menengah dan besar, per triwulan; mikro, serta hulu migas, "
                  "perbankan, lembaga keuangan non-bank dan asuransi (sektor dikecualikan), "
                  "tidak wajib (Peraturan BKPM 5/2021 Ps. 32, 5/2025). Kosong (bawaan): "
                  "kalender tidak memuat LKPM."),
    Field("wlkp_first_report", "First WLKP report", "Laporan WLKP pertama", Kind.DATE,
          excel_format="yyyy-mm-dd", aliases=("WLKP", "Wajib lapor ketenagakerjaan"),
          help_en="The day the company first filed its manpower report (WLKP); the yearly "
                  "report is due on that day and month every year after (UU 7/1981 Ps. 7(1)). "
                  "Blank (default): the calendar lists no WLKP.",
          help_id="Tanggal perusahaan pertama kali menyampaikan wajib lapor ketenagakerjaan "
                  "(WLKP); laporan tahunan jatuh tempo pada tanggal dan bulan itu setiap tahun "
                  "berikutnya (UU 7/1981 Ps. 7 ayat (1)). Kosong (bawaan): kalender tidak "
                  "memuat WLKP."),
    Field("payroll_pay_day", "Pay day", "Tanggal gajian", Kind.INTEGER, min_value=1,
          max_value=31, aliases=("Payday", "Hari gajian"),
          help_en="The day of the month salaries are paid (blank: the last day); pay in a "
                  "foreign currency is converted at the tax rate of that day.",
          help_id="Tanggal gaji dibayar setiap bulan (kosong: hari terakhir); gaji dalam "
                  "valuta asing dikonversi dengan kurs pajak hari itu."),
    Field("salary_expense_account", "Salary expense account", "Akun beban gaji", Kind.CODE,
          default="6101",
          help_en="Payroll journal: the expense account of salaries, allowances and bonuses.",
          help_id="Jurnal gaji: akun beban gaji, tunjangan dan bonus."),
    Field("bpjs_expense_account", "BPJS expense account", "Akun beban BPJS", Kind.CODE,
          default="6102",
          help_en="Payroll journal: the expense account of the employer's BPJS and premiums.",
          help_id="Jurnal gaji: akun beban BPJS dan premi bagian pemberi kerja."),
    Field("salaries_payable_account", "Salaries payable account", "Akun utang gaji", Kind.CODE,
          default="2105",
          help_en="Payroll journal: net pay owed to employees.",
          help_id="Jurnal gaji: gaji bersih yang terutang kepada karyawan."),
    Field("pph21_payable_account", "PPh 21 payable account", "Akun utang PPh 21", Kind.CODE,
          default="2103",
          help_en="Payroll journal: PPh 21 withheld, to be paid to the tax office.",
          help_id="Jurnal gaji: PPh 21 yang dipotong, untuk disetor ke kantor pajak."),
    Field("bpjs_payable_account", "BPJS payable account", "Akun utang BPJS", Kind.CODE,
          default="2104",
          help_en="Payroll journal: BPJS contributions of both sides, to be paid to BPJS.",
          help_id="Jurnal gaji: iuran BPJS kedua pihak, untuk disetor ke BPJS."),
    Field("payroll_other_payable_account", "Other payroll payables account",
          "Akun utang gaji lainnya", Kind.CODE, default="2106",
          help_en="Payroll journal: zakat, pension and other deductions held for others.",
          help_id="Jurnal gaji: zakat, iuran pensiun dan potongan lain yang dititipkan."),
    # -- receivables, payables and tax (backoffice.arap) --------------------------------
    Field("pkp", "PKP (registered for VAT)", "PKP", Kind.BOOLEAN, default=False,
          aliases=("PKP", "VAT registered", "Pengusaha kena pajak"),
          help_en="yes: the company charges PPN on its invoices and credits input PPN; no: it "
                  "charges none and input PPN is part of cost.",
          help_id="ya: perusahaan memungut PPN dan mengkreditkan PPN masukan; tidak: tidak "
                  "memungut dan PPN masukan menjadi biaya."),
    Field("npwp", "Company NPWP", "NPWP perusahaan", Kind.IDENTITY,
          aliases=("NPWP", "Tax ID", "Company tax ID", "NPWP pemotong", "NPWP penjual"),
          help_en="The company's NPWP (16 digits), typed as text: the seller and withholder "
                  "on the Coretax export files.",
          help_id="NPWP perusahaan (16 digit), diketik sebagai teks: penjual dan pemotong "
                  "pada berkas ekspor Coretax."),
    Field("nitku", "Company NITKU", "NITKU perusahaan", Kind.IDENTITY,
          aliases=("NITKU", "ID TKU", "ID TKU penjual", "ID TKU pemotong"),
          help_en="The 22-digit NITKU of the place of business that files (NPWP + 000000 for "
                  "the head office); blank: the head office's.",
          help_id="NITKU 22 digit tempat kegiatan usaha yang melapor (NPWP + 000000 untuk "
                  "kantor pusat); kosong: milik kantor pusat."),
    Field("receivables_account", "Receivables account", "Akun piutang usaha", Kind.CODE,
          aliases=("Accounts receivable", "Piutang usaha"),
          help_en="The control account of the customers' open invoices.",
          help_id="Akun kontrol faktur pelanggan yang belum lunas."),
    Field("payables_account", "Payables account", "Akun utang usaha", Kind.CODE,
          aliases=("Accounts payable", "Utang usaha"),
          help_en="The control account of the suppliers' open bills.",
          help_id="Akun kontrol tagihan pemasok yang belum lunas."),
    Field("sales_account", "Sales account", "Akun penjualan", Kind.CODE,
          help_en="Income account of invoice lines that name none.",
          help_id="Akun pendapatan untuk baris faktur yang tidak menyebut akun."),
    Field("purchases_account", "Purchases account", "Akun pembelian", Kind.CODE,
          help_en="Account of bill lines that name none.",
          help_id="Akun untuk baris tagihan yang tidak menyebut akun."),
    Field("write_off_account", "Payment differences account", "Akun selisih pembayaran",
          Kind.CODE, aliases=("Write-off account", "Akun penghapusan"),
          help_en="Small payment differences (within the tolerance) are written off here.",
          help_id="Selisih pembayaran kecil (dalam toleransi) dihapus ke akun ini."),
    Field("bank_fee_account", "Bank fees account", "Akun biaya bank", Kind.CODE,
          help_en="Bank fees typed on payments.", help_id="Biaya bank pada pembayaran."),
    Field("fx_account", "Exchange gain/loss account", "Akun laba/rugi selisih kurs", Kind.CODE,
          aliases=("FX gain/loss account", "Selisih kurs"),
          help_en="Realized exchange gains and losses on settled foreign documents.",
          help_id="Laba/rugi selisih kurs yang terealisasi saat dokumen valas dilunasi."),
    Field("payment_tolerance", "Payment difference tolerance", "Toleransi selisih pembayaran",
          Kind.NUMBER, default="0",
          help_en="The largest difference (in the payment's currency) written off instead of "
                  "left open or kept as credit.",
          help_id="Selisih terbesar (dalam mata uang pembayaran) yang dihapus alih-alih "
                  "dibiarkan terbuka atau dicatat sebagai kredit."),
    Field("umkm_final", "PPh final UMKM", "PPh final UMKM", Kind.BOOLEAN, default=False,
          aliases=("UMKM final tax", "PP 55/2022"),
          help_en="yes: 0.5% final tax on monthly gross turnover (PP 55/2022) is computed and "
                  "posted each month.",
          help_id="ya: PPh final 0,5% dari peredaran bruto bulanan (PP 55/2022) dihitung dan "
                  "diposting tiap bulan."),
    Field("umkm_expense_account", "UMKM final tax expense account", "Akun beban PPh final",
          Kind.CODE, help_en="The expense account of the monthly UMKM final tax.",
          help_id="Akun beban PPh final UMKM bulanan."),
    Field("umkm_payable_account", "UMKM final tax payable account", "Akun utang PPh final",
          Kind.CODE, help_en="The liability account of the UMKM final tax until it is paid.",
          help_id="Akun utang PPh final UMKM sampai disetor."),
    Field("umkm_threshold", "UMKM tax-free turnover", "Peredaran bruto tidak kena pajak",
          Kind.NUMBER, default="0",
          help_en="Yearly turnover not taxed (individuals: 500000000; companies: 0).",
          help_id="Peredaran bruto setahun yang tidak dikenai pajak (orang pribadi: 500000000; "
                  "badan: 0)."),
    # -- inventory (issue 8): how stock is valued and which accounts its journal uses --
    Field("valuation_method", "Valuation method", "Metode penilaian persediaan", Kind.CHOICE,
          default="moving-average",
          choices=(Choice("moving-average", "Moving average", "Rata-rata bergerak",
                          ("Average", "Weighted average", "Rata-rata", "Moving-average")),
                   Choice("fifo", "FIFO", "FIFO (masuk pertama keluar pertama)",
                          ("First in first out", "MPKP", "Masuk pertama keluar pertama"))),
          aliases=("Stock valuation", "Penilaian persediaan"),
          help_en="How stock is valued: moving average cost, or FIFO (first in, first out).",
          help_id="Cara menilai persediaan: rata-rata bergerak, atau FIFO (masuk pertama "
                  "keluar pertama)."),
    Field("allow_negative_stock", "Allow negative stock", "Izinkan stok negatif", Kind.BOOLEAN,
          default=False, aliases=("Negative stock", "Stok negatif"),
          help_en="yes: taking out more than is on hand is a warning, not an error.",
          help_id="ya: mengeluarkan lebih dari stok yang ada menjadi peringatan, bukan galat."),
    Field("inventory_account", "Inventory account", "Akun persediaan", Kind.CODE,
          aliases=("Stock account", "Akun stok"),
          help_en="The ledger's asset account for stock on hand (for the stock journal).",
          help_id="Akun aset di buku besar untuk persediaan (untuk jurnal persediaan)."),
    Field("stock_expense_account", "Stock expense account", "Akun beban persediaan", Kind.CODE,
          aliases=("Supplies expense account", "Akun beban perlengkapan", "COGS account",
                   "Akun HPP"),
          help_en="The ledger's expense (or cost of goods) account charged when stock is taken.",
          help_id="Akun beban (atau HPP) di buku besar yang dibebani saat stok diambil."),
    Field("stock_adjustment_account", "Stock adjustment account", "Akun selisih persediaan",
          Kind.CODE, aliases=("Shrinkage account", "Akun susut persediaan"),
          help_en="The ledger's account for count differences (shrinkage and surplus).",
          help_id="Akun buku besar untuk selisih stok opname (susut dan lebih)."),
    Field("stock_receipts_account", "Stock receipts account", "Akun penerimaan persediaan",
          Kind.CODE, aliases=("Goods received account", "Akun barang diterima"),
          help_en="The account credited for receipts (e.g. goods received not invoiced); "
                  "blank: receipts are not posted, you post purchases yourself.",
          help_id="Akun yang dikredit saat barang diterima (mis. barang diterima belum "
                  "ditagih); kosong: penerimaan tidak diposting, pembelian Anda posting sendiri."),
    # -- personal data (UU 27/2022): specific data stays in its book unless enabled -----
    Field("store_specific_personal_data", "Store specific personal data",
          "Simpan data pribadi spesifik di store", Kind.BOOLEAN, default=False,
          excel_format="General",
          help_en="Yes: Sync also sends the columns holding specific personal data (health, "
                  "salaries, bank accounts; UU 27/2022 Ps. 4(2)) to the store. No (default): "
                  "they stay in this book.",
          help_id="Ya: Sync juga mengirim kolom berisi data pribadi spesifik (kesehatan, gaji, "
                  "rekening; UU 27/2022 Ps. 4(2)) ke store. Tidak (bawaan): tetap di buku "
                  "ini."),
    # -- sync (issue 7): where the company's central store is ---------------------------
    Field("store", "Store", "Store", Kind.TEXT, aliases=("Store URL", "Alamat store"),
          help_en="The company's central store for Sync: a file path, or "
                  "postgresql+psycopg://user@host/database; blank: a file beside the book.",
          help_id="Store pusat perusahaan untuk Sync: path berkas, atau "
                  "postgresql+psycopg://user@host/database; kosong: berkas di samping buku."),
)

#: Which book each setting belongs in; a setting not named here belongs in every book.
_BOOKS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("retained_earnings_account", "rounding_account", "unrealized_fx_account",
                     "pkp", "receivables_account", "payables_account", "sales_account",
                     "purchases_account", "write_off_account", "bank_fee_account", "fx_account",
                     "payment_tolerance", "umkm_final", "umkm_expense_account",
                     "umkm_payable_account", "umkm_threshold"), ("ledger",)),
    **dict.fromkeys(("payroll_pack", "klu", "payroll_pay_day", "salary_expense_account",
                     "bpjs_expense_account",
                     "salaries_payable_account", "pph21_payable_account", "bpjs_payable_account",
                     "payroll_other_payable_account", "store_specific_personal_data"),
                    ("payroll",)),
    **dict.fromkeys(("npwp", "nitku", "business_scale"), ("ledger", "payroll")),
    "wlkp_first_report": ("payroll",),
    **dict.fromkeys(("valuation_method", "allow_negative_stock", "inventory_account",
                     "stock_expense_account", "stock_adjustment_account",
                     "stock_receipts_account"), ("inventory",)),
}
SETTINGS = tuple(replace(f, books=_BOOKS.get(f.key, ())) for f in SETTINGS)


def for_book(kind: str | None) -> tuple[Field, ...]:
    """The settings a ``kind`` book shows (every setting when the kind is unknown)."""
    return tuple(f for f in SETTINGS if kind is None or not f.books or kind in f.books)


SCHEMA = SheetSchema(
    kind="settings",
    en="Settings",
    id="Pengaturan",
    fields=SETTINGS,
    aliases=("Setup", "Konfigurasi"),
    layout="settings",
    books=("ledger", "payroll", "inventory"),
    help_en="Company-wide settings, one per row: the setting's name, then its value.",
    help_id="Pengaturan perusahaan, satu per baris: nama pengaturan, lalu nilainya.",
)


def defaults() -> dict[str, object]:
    """Every setting's default value (None where there is none)."""
    return {f.key: f.default for f in SETTINGS}


def schema_for(kind: str) -> SheetSchema:
    """The Settings sheet as a new ``kind`` book shows it: only that book's settings."""
    return replace(SCHEMA, fields=for_book(kind))

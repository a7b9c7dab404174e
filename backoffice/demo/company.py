"""The demo company: PT Sinar Abadi Niaga, a small trading company in Bandung.

It buys office and household goods from suppliers in Jakarta and sells them to
shops and offices in West Java, on credit and for cash. Its books are kept in
rupiah; it is registered for VAT (PKP), so sales carry PPN at 12% on a DPP of
11/12 of the price (PMK 131/2024), which is 11% of the price.
"""

from __future__ import annotations

COMPANY = "PT Sinar Abadi Niaga"
#: The demo company's NPWP: made up, 16 digits as Coretax wants (the seller on its tax
#: invoices and the withholder on its slips).
COMPANY_NPWP = "0912345678421000"
FISCAL_YEAR = 2025

# (code, Indonesian name, English name, type, parent)
ACCOUNTS = (
    ("1", "Aset", "Assets", "asset", None),
    ("11", "Aset Lancar", "Current assets", "asset", "1"),
    ("1101", "Kas", "Cash on hand", "asset", "11"),
    ("1102", "Bank BCA", "Bank BCA", "asset", "11"),
    ("1103", "Bank Mandiri", "Bank Mandiri", "asset", "11"),
    ("1201", "Piutang Usaha", "Trade receivables", "asset", "11"),
    ("1301", "Persediaan Barang Dagang", "Merchandise inventory", "asset", "11"),
    ("1302", "Persediaan Perlengkapan Kantor", "Office supplies on hand", "asset", "11"),
    ("1401", "PPN Masukan", "Input VAT", "asset", "11"),
    ("1402", "Sewa Dibayar di Muka", "Prepaid rent", "asset", "11"),
    ("12", "Aset Tetap", "Fixed assets", "asset", "1"),
    ("1501", "Peralatan Kantor", "Office equipment", "asset", "12"),
    ("1502", "Kendaraan", "Vehicles", "asset", "12"),
    ("1509", "Akumulasi Penyusutan", "Accumulated depreciation", "asset", "12"),
    ("2", "Liabilitas", "Liabilities", "liability", None),
    ("2101", "Utang Usaha", "Trade payables", "liability", "2"),
    ("2102", "PPN Keluaran", "Output VAT", "liability", "2"),
    ("2103", "Utang PPh 21", "PPh 21 payable", "liability", "2"),
    ("2104", "Utang BPJS", "BPJS payable", "liability", "2"),
    ("2105", "Utang Gaji", "Salaries payable", "liability", "2"),
    ("2106", "Utang Potongan Gaji Lainnya", "Other payroll deductions payable", "liability", "2"),
    ("2201", "Utang Bank", "Bank loan", "liability", "2"),
    ("3", "Ekuitas", "Equity", "equity", None),
    ("3101", "Modal Disetor", "Paid-in capital", "equity", "3"),
    ("3201", "Laba Ditahan", "Retained earnings", "equity", "3"),
    ("4", "Pendapatan", "Income", "income", None),
    ("4101", "Penjualan", "Sales", "income", "4"),
    ("4102", "Retur dan Potongan Penjualan", "Sales returns and allowances", "income", "4"),
    ("4201", "Pendapatan Bunga Bank", "Bank interest income", "income", "4"),
    ("5", "Beban", "Expenses", "expense", None),
    ("5101", "Harga Pokok Penjualan", "Cost of goods sold", "expense", "5"),
    ("6101", "Beban Gaji", "Salaries", "expense", "5"),
    ("6102", "Beban BPJS Perusahaan", "Employer BPJS contributions", "expense", "5"),
    ("6103", "Beban Sewa", "Rent", "expense", "5"),
    ("6104", "Beban Listrik, Air dan Telepon", "Utilities", "expense", "5"),
    ("6105", "Beban Transportasi", "Transport", "expense", "5"),
    ("6106", "Beban Perlengkapan Kantor", "Office supplies", "expense", "5"),
    ("6107", "Beban Penyusutan", "Depreciation", "expense", "5"),
    ("6108", "Beban Administrasi Bank", "Bank charges", "expense", "5"),
    ("6109", "Beban Bunga Pinjaman", "Loan interest", "expense", "5"),
)

# Accounts' Cash flow column: cash and bank accounts, and the counter-accounts whose cash
# flows are not operating (the rest are operating by default; equity is financing).
CASH_FLOW = {"1101": "cash", "1102": "cash", "1103": "cash", "1501": "investing",
             "1502": "investing", "2201": "financing"}

CUSTOMERS = (
    "Toko Makmur Jaya", "CV Berkah Sentosa", "Toko Sumber Rejeki", "PT Cahaya Kantor",
    "Koperasi Karyawan Pindad", "Toko Bintang Terang", "CV Mitra Usaha", "Toko Sinar Harapan",
)
SUPPLIERS = ("PT Indo Stationery", "PT Mega Plastik", "CV Kertas Nusantara", "PT Rumah Tangga Prima")

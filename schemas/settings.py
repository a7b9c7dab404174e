"""``Settings`` / ``Pengaturan``: the book's company-wide settings, as name/value rows.

The sheet has two columns, *Setting* and *Value*; each row names one setting
(in English or Indonesian) and gives its value. Settings that are left out take
their defaults: base currency IDR, fiscal year from January, locale id-ID,
language Indonesian.
"""

from __future__ import annotations

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
          aliases=("Unrealized FX", "Unrealized exchange gain/loss", "Selisih kurs"),
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
)

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

"""``Opening YTD`` / ``Saldo awal``: year-to-date figures from before backoffice.

A company that starts mid-year enters, per employee and year, what was paid
and withheld before its first month in backoffice, so that the last period's
annual PPh 21 is still right.
"""

from __future__ import annotations

from backoffice.schema import Field, Kind, SheetSchema

_AMOUNT = "#,##0;[Red]-#,##0"

SCHEMA = SheetSchema(
    kind="opening_ytd",
    en="Opening YTD",
    id="Saldo awal",
    aliases=("Opening year to date", "Saldo awal tahun berjalan"),
    books=("payroll",),
    fields=(
        Field("employee", "Employee", "Karyawan", Kind.CODE, required=True, width=10,
              help_en="The employee's code from Employees.",
              help_id="Kode karyawan dari sheet Karyawan."),
        Field("year", "Year", "Tahun", Kind.INTEGER, required=True, width=8, excel_format="0",
              min_value=2000, max_value=2100,
              help_en="The tax year.", help_id="Tahun pajak."),
        Field("months", "Months", "Jumlah bulan", Kind.INTEGER, width=8, excel_format="0",
              min_value=0, max_value=12,
              help_en="Months worked in the year before the first month run here.",
              help_id="Bulan bekerja di tahun itu sebelum bulan pertama dihitung di sini."),
        Field("gross", "Gross", "Bruto", Kind.AMOUNT, width=14, excel_format=_AMOUNT,
              help_en="Taxable gross income of those months.",
              help_id="Penghasilan bruto bulan-bulan itu."),
        Field("pph21", "PPh 21 withheld", "PPh 21 dipotong", Kind.AMOUNT, width=14,
              excel_format=_AMOUNT,
              help_en="PPh 21 withheld in those months.", help_id="PPh 21 yang dipotong."),
        Field("contributions", "Deductible contributions", "Iuran pengurang", Kind.AMOUNT,
              width=14, excel_format=_AMOUNT,
              help_en="The employee's JHT, JP and pension contributions.",
              help_id="Iuran JHT, JP dan pensiun yang dibayar karyawan."),
        Field("zakat", "Zakat", "Zakat", Kind.AMOUNT, width=12, excel_format=_AMOUNT,
              help_en="Zakat paid through the employer.",
              help_id="Zakat yang dibayar melalui pemberi kerja."),
    ),
    help_en="Year-to-date figures from before the first month run in backoffice.",
    help_id="Angka tahun berjalan sebelum bulan pertama dihitung di backoffice.",
)

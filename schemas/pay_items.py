"""``Pay items`` / ``Komponen gaji``: one-off and explicit pay components of a month.

Bonus, THR and commissions go here, and so can every other component, so an
official worked example can be entered exactly as printed: salary, allowance,
overtime, employer-paid taxable premiums (JKK, JKM, health insurance), the
employee's pension/JHT/JP contribution, zakat paid through the employer. A THR
row without an amount is computed (Permenaker 6/2016).
"""

from __future__ import annotations

from backoffice.schema import Choice, Field, Kind, SheetSchema

ITEMS = (
    Choice("salary", "Salary", "Gaji", ("gaji pokok",)),
    Choice("allowance", "Allowance", "Tunjangan"),
    Choice("overtime", "Overtime", "Lembur"),
    Choice("bonus", "Bonus", "Bonus"),
    Choice("thr", "THR", "THR", ("tunjangan hari raya", "holiday allowance")),
    Choice("commission", "Commission", "Komisi"),
    Choice("benefit", "Taxable benefit in kind", "Natura kena pajak", ("natura",)),
    Choice("employer_premium", "Employer-paid taxable premium", "Premi dibayar pemberi kerja",
           ("premi", "jkk jkm")),
    Choice("employee_pension", "Employee pension / JHT / JP", "Iuran pensiun / JHT / JP pegawai",
           ("iuran pensiun",)),
    Choice("zakat", "Zakat via employer", "Zakat melalui pemberi kerja", ("zakat",)),
    Choice("deduction", "Other deduction", "Potongan lain", ("potongan",)),
)

SCHEMA = SheetSchema(
    kind="pay_items",
    en="Pay items",
    id="Komponen gaji",
    aliases=("Pay components", "Earnings and deductions", "Komponen"),
    books=("payroll",),
    fields=(
        Field("date", "Date", "Tanggal", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd",
              help_en="Any day of the month it is paid in.",
              help_id="Tanggal mana saja di bulan pembayarannya."),
        Field("employee", "Employee", "Karyawan", Kind.CODE, required=True, width=10,
              help_en="The employee's code from Employees.",
              help_id="Kode karyawan dari sheet Karyawan."),
        Field("item", "Item", "Komponen", Kind.CHOICE, required=True, width=24, choices=ITEMS,
              help_en="What it is: it decides whether it is taxed, paid or deducted.",
              help_id="Jenisnya: menentukan dipajaki, dibayar, atau dipotong."),
        Field("amount", "Amount", "Jumlah", Kind.AMOUNT, width=14,
              excel_format="#,##0;[Red]-#,##0",
              help_en="In the row's Currency (blank: rupiah); negative to correct a finalized "
                      "month; blank only for THR, which is then computed.",
              help_id="Dalam Mata Uang baris ini (kosong: rupiah); negatif untuk mengoreksi "
                      "bulan yang sudah final; kosong hanya untuk THR, yang lalu dihitung."),
        Field("currency", "Currency", "Mata Uang", Kind.CURRENCY, width=9,
              aliases=("Valuta",),
              help_en="Blank: rupiah. Another currency must be the employee's (Employees), and "
                      "is converted at the month's tax rate with the salary.",
              help_id="Kosong: rupiah. Mata uang lain harus mata uang karyawan (Karyawan), dan "
                      "dikonversi dengan kurs pajak bulan itu bersama gajinya."),
        Field("description", "Description", "Keterangan", Kind.TEXT, width=30,
              help_en="Shown on the payslip.", help_id="Tampil di slip gaji."),
    ),
    help_en="One-off and explicit pay components, one row per employee, month and item.",
    help_id="Komponen gaji tidak tetap dan eksplisit, satu baris per karyawan, bulan dan jenis.",
)

"""``Warning letters`` / ``Surat peringatan``: SP1, SP2 and SP3, with their validity.

A letter is in force from its date for the validity the law allows (six months,
PP 35/2021 Ps. 52(1)) unless the company's regulation sets another (the Rules
sheet's *Warning letter validity* or the letter's own *Valid until*).
"""

from __future__ import annotations

from backoffice.schema import Choice, Field, Kind, SheetSchema

LEVELS = (
    Choice("SP1", "SP1 (first warning)", "SP1 (peringatan pertama)", ("1", "first")),
    Choice("SP2", "SP2 (second warning)", "SP2 (peringatan kedua)", ("2", "second")),
    Choice("SP3", "SP3 (third and last warning)", "SP3 (peringatan ketiga/terakhir)",
           ("3", "third", "last")),
)

SCHEMA = SheetSchema(
    kind="warning_letters",
    en="Warning letters",
    id="Surat peringatan",
    aliases=("Warnings", "SP"),
    books=("payroll",),
    key="letter",
    fields=(
        Field("letter", "Letter", "No. surat", Kind.CODE, required=True, unique=True, width=12,
              aliases=("Letter number", "Nomor surat"),
              help_en="The letter's number.", help_id="Nomor surat."),
        Field("employee", "Employee", "Karyawan", Kind.CODE, required=True, width=10,
              help_en="The employee's code, as in Employees.",
              help_id="Kode karyawan, seperti di Karyawan.",
              personal="general"),
        Field("level", "Level", "Tingkat", Kind.CHOICE, required=True, width=24, choices=LEVELS,
              help_en="SP1, SP2 or SP3.", help_id="SP1, SP2 atau SP3."),
        Field("date", "Date", "Tanggal", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd",
              help_en="The day the letter is issued.", help_id="Tanggal surat diterbitkan."),
        Field("valid_until", "Valid until", "Berlaku s.d.", Kind.DATE, width=12,
              excel_format="yyyy-mm-dd",
              help_en="Blank: six months less a day from the date, or the company's Rules.",
              help_id="Kosong: enam bulan kurang sehari sejak tanggalnya, atau Aturan "
                      "perusahaan."),
        Field("reason", "Reason", "Alasan", Kind.TEXT, width=30,
              help_en="The violation.", help_id="Pelanggarannya.",
              personal="general"),
    ),
    help_en="Warning letters and the days they are in force.",
    help_id="Surat peringatan dan masa berlakunya.",
)

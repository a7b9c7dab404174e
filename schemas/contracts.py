"""``Contracts`` / ``Kontrak kerja``: each employee's employment contracts.

One row per contract term: a PKWT (fixed term, *perjanjian kerja waktu tertentu*)
with its end date, or a PKWTT (permanent). An extension of a PKWT is a new row
whose *Extends* names the contract it extends, so the term and its extensions
are measured together against the legal maximum (PP 35/2021 Ps. 8). A contract
ended early keeps its agreed end and gets the day it really ended in *Ended*.
"""

from __future__ import annotations

from backoffice.schema import Choice, Field, Kind, SheetSchema

TYPES = (
    Choice("pkwt", "PKWT (fixed term)", "PKWT (waktu tertentu)",
           ("fixed term", "fixed-term", "kontrak", "waktu tertentu")),
    Choice("pkwtt", "PKWTT (permanent)", "PKWTT (tetap)",
           ("permanent", "tetap", "waktu tidak tertentu")),
)

SCHEMA = SheetSchema(
    kind="contracts",
    en="Contracts",
    id="Kontrak kerja",
    aliases=("Employment contracts", "Kontrak", "Perjanjian kerja"),
    books=("payroll",),
    key="contract",
    fields=(
        Field("contract", "Contract", "No. kontrak", Kind.CODE, required=True, unique=True,
              width=12, aliases=("Contract number", "Nomor kontrak"),
              help_en="The contract's number; one row per contract or extension.",
              help_id="Nomor kontrak; satu baris per kontrak atau perpanjangan."),
        Field("employee", "Employee", "Karyawan", Kind.CODE, required=True, width=10,
              aliases=("Employee ID", "Kode karyawan"),
              help_en="The employee's code, as in Employees.",
              help_id="Kode karyawan, seperti di Karyawan.",
              personal="general"),
        Field("type", "Type", "Jenis", Kind.CHOICE, required=True, width=18, choices=TYPES,
              help_en="PKWT (fixed term) or PKWTT (permanent).",
              help_id="PKWT (waktu tertentu) atau PKWTT (tetap)."),
        Field("start", "Start", "Mulai", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd", aliases=("Start date", "Tanggal mulai"),
              help_en="The first day of the contract.",
              help_id="Hari pertama kontrak."),
        Field("end", "End", "Berakhir", Kind.DATE, width=12, excel_format="yyyy-mm-dd",
              aliases=("End date", "Tanggal berakhir"),
              help_en="The last day agreed (a PKWT must have one; blank for a PKWTT).",
              help_id="Hari terakhir yang disepakati (wajib untuk PKWT; kosong untuk PKWTT)."),
        Field("extends", "Extends", "Memperpanjang", Kind.CODE, width=12,
              aliases=("Extension of", "Perpanjangan dari"),
              help_en="For an extension: the number of the PKWT it extends.",
              help_id="Untuk perpanjangan: nomor PKWT yang diperpanjang."),
        Field("probation_end", "Probation until", "Masa percobaan s.d.", Kind.DATE, width=14,
              excel_format="yyyy-mm-dd", aliases=("Probation end", "Akhir masa percobaan"),
              help_en="The last day of probation: a PKWTT only, at most 3 months.",
              help_id="Hari terakhir masa percobaan: hanya PKWTT, paling lama 3 bulan."),
        Field("ended", "Ended", "Diakhiri", Kind.DATE, width=12, excel_format="yyyy-mm-dd",
              aliases=("Terminated", "Early end", "Berakhir lebih awal"),
              help_en="The day the contract really ended, when earlier than agreed.",
              help_id="Tanggal kontrak benar-benar berakhir, bila lebih awal dari kesepakatan."),
        Field("wage", "Monthly wage", "Upah sebulan", Kind.AMOUNT, nonnegative=True, width=14,
              excel_format="#,##0;[Red]-#,##0", aliases=("Wage", "Upah"),
              help_en="Basic wage plus fixed allowances for the uang kompensasi; blank: "
                      "from Employees.",
              help_id="Upah pokok ditambah tunjangan tetap untuk uang kompensasi; kosong: "
                      "dari Karyawan.",
              personal="specific"),
        Field("note", "Note", "Catatan", Kind.TEXT, width=24,
              help_en="Anything worth keeping with the contract.",
              help_id="Catatan tentang kontrak.",
              personal="general"),
    ),
    help_en="Employment contracts: PKWT and PKWTT, extensions, probation.",
    help_id="Kontrak kerja: PKWT dan PKWTT, perpanjangan, masa percobaan.",
)

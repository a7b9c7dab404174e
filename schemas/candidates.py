"""``Candidates`` / ``Kandidat``: people about to be hired, one row each.

``backoffice hire BOOK CANDIDATE`` turns a row into the new employee's Employees row and
first Contracts row without retyping. The row's *Employee* code is the link: it is the
code the Employees and Contracts rows get, and a candidate whose code is in Employees
has been hired.
"""

from __future__ import annotations

from backoffice.schemas.contracts import TYPES

from backoffice.schema import Field, Kind, SheetSchema

AMOUNT_FORMAT = "#,##0;[Red]-#,##0"

SCHEMA = SheetSchema(
    kind="candidates",
    en="Candidates",
    id="Kandidat",
    aliases=("Applicants", "Pelamar", "Calon karyawan"),
    books=("payroll",),
    key="candidate",
    fields=(
        Field("candidate", "Candidate", "Kandidat", Kind.CODE, required=True, unique=True,
              width=10, aliases=("Candidate ID", "Kode kandidat"),
              help_en="The candidate's code.", help_id="Kode kandidat."),
        Field("name", "Name", "Nama", Kind.TEXT, required=True, width=24,
              help_en="The candidate's name.", help_id="Nama kandidat.",
              personal="general"),
        Field("position", "Position", "Jabatan", Kind.TEXT, width=16,
              help_en="The job offered.", help_id="Jabatan yang ditawarkan."),
        Field("department", "Department", "Departemen", Kind.CODE, width=12,
              help_en="The department or cost center.", help_id="Departemen atau pusat biaya."),
        Field("start", "Start", "Mulai", Kind.DATE, width=12, excel_format="yyyy-mm-dd",
              help_en="The first day of work.", help_id="Hari pertama bekerja."),
        Field("type", "Contract", "Kontrak", Kind.CHOICE, width=18, choices=TYPES,
              help_en="PKWT (fixed term) or PKWTT (permanent).",
              help_id="PKWT (waktu tertentu) atau PKWTT (tetap)."),
        Field("end", "Contract end", "Kontrak berakhir", Kind.DATE, width=12,
              excel_format="yyyy-mm-dd",
              help_en="A PKWT's last day.", help_id="Hari terakhir PKWT."),
        Field("probation_end", "Probation until", "Masa percobaan s.d.", Kind.DATE, width=14,
              excel_format="yyyy-mm-dd",
              help_en="A PKWTT's last day of probation (at most 3 months).",
              help_id="Hari terakhir masa percobaan PKWTT (paling lama 3 bulan)."),
        Field("basic", "Basic salary", "Gaji pokok", Kind.AMOUNT, nonnegative=True, width=14,
              excel_format=AMOUNT_FORMAT,
              help_en="Monthly basic salary.", help_id="Gaji pokok bulanan.",
              personal="specific"),
        Field("fixed_allowances", "Fixed allowances", "Tunjangan tetap", Kind.AMOUNT,
              nonnegative=True, width=14, excel_format=AMOUNT_FORMAT,
              help_en="Monthly fixed allowances.", help_id="Tunjangan tetap bulanan.",
              personal="specific"),
        Field("ptkp", "PTKP status", "Status PTKP", Kind.CODE, width=10,
              help_en="TK/0 … TK/3 or K/0 … K/3.", help_id="TK/0 … TK/3 atau K/0 … K/3.",
              personal="general"),
        Field("employee", "Employee", "Karyawan", Kind.CODE, width=10,
              aliases=("Employee code", "Kode karyawan"),
              help_en="The employee code to give on hiring; the link to Employees after.",
              help_id="Kode karyawan yang diberikan saat direkrut; tautan ke Karyawan "
                      "sesudahnya."),
    ),
    help_en="Candidates; 'backoffice hire' makes one an employee.",
    help_id="Kandidat; 'backoffice hire' menjadikannya karyawan.",
)

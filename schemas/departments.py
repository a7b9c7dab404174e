"""``Departments`` / ``Departemen``: where each department's payroll cost is booked.

Optional. Without it every department's salaries go to the *Salary expense
account* and its BPJS to the *BPJS expense account* of Settings (one line per
department, the department in the description). A row here sends one
department to its own expense accounts, so the ledger's income statement shows
payroll cost by department without ever seeing a salary.
"""

from __future__ import annotations

from backoffice.schema import Field, Kind, SheetSchema

SCHEMA = SheetSchema(
    kind="departments",
    en="Departments",
    id="Departemen",
    aliases=("Cost centers", "Cost centres", "Pusat biaya"),
    books=("payroll",),
    key="department",
    fields=(
        Field("department", "Department", "Departemen", Kind.CODE, required=True, unique=True,
              width=12, aliases=("Cost center", "Bagian"),
              help_en="The department code as typed in Employees.",
              help_id="Kode departemen seperti di sheet Karyawan."),
        Field("salary_account", "Salary expense account", "Akun beban gaji", Kind.CODE,
              width=14,
              help_en="The ledger's expense account for this department's salaries; blank: "
                      "the one in Settings.",
              help_id="Akun beban gaji departemen ini di buku besar; kosong: yang di "
                      "Pengaturan."),
        Field("bpjs_account", "BPJS expense account", "Akun beban BPJS", Kind.CODE, width=14,
              help_en="The ledger's expense account for this department's employer BPJS; "
                      "blank: the one in Settings.",
              help_id="Akun beban BPJS perusahaan departemen ini; kosong: yang di Pengaturan."),
        Field("name", "Name", "Nama", Kind.TEXT, width=24,
              help_en="What the department is called.", help_id="Nama departemen."),
    ),
    help_en="Optional: each department's own expense accounts for the payroll journal.",
    help_id="Opsional: akun beban tersendiri per departemen untuk jurnal gaji.",
)

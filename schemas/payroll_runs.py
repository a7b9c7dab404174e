"""``_backoffice_payroll``: the finalized payroll months, stored and never recomputed.

``backoffice payroll BOOK --period 2026-03 --finalize`` stores each employee's
register row of the month here (a very hidden sheet written by backoffice
only). From then on every run reads the month from here instead of computing
it from today's Employees, Timesheet and Pay items; corrections go into a later
month.
"""

from __future__ import annotations

from backoffice.schema import Field, Kind, SheetSchema

RUNS_SHEET = "_backoffice_payroll"

SCHEMA = SheetSchema(
    kind="payroll_runs",
    en=RUNS_SHEET,
    id=RUNS_SHEET,
    books=(),
    fields=(
        Field("period", "Period", "Periode", Kind.CODE, required=True,
              help_en="The finalized month, YYYY-MM.", help_id="Bulan yang final, YYYY-MM."),
        Field("employee", "Employee", "Karyawan", Kind.CODE, required=True,
              help_en="The employee.", help_id="Karyawannya."),
        Field("data", "Data", "Data", Kind.TEXT, required=True,
              help_en="The register row, as JSON.", help_id="Baris register, sebagai JSON.",
              personal="specific"),
    ),
    help_en="Finalized payroll months; written by backoffice only.",
    help_id="Bulan penggajian yang sudah final; hanya ditulis oleh backoffice.",
)

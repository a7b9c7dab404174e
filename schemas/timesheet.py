"""``Timesheet`` / ``Lembur``: overtime hours per employee and day.

Each row is one day's overtime of one employee. The day type picks the PP
35/2021 multipliers (with the employee's 5- or 6-day week); hours beyond the
legal daily limit are a warning and are paid at the last multiplier.
"""

from __future__ import annotations

from backoffice.schema import Choice, Field, Kind, SheetSchema

DAY_TYPES = (
    Choice("workday", "Workday", "Hari kerja", ("working day", "biasa")),
    Choice("rest", "Rest day or public holiday", "Hari istirahat atau libur resmi",
           ("rest day", "holiday", "libur", "istirahat")),
    Choice("short_holiday", "Public holiday on the shortest workday",
           "Libur resmi di hari kerja terpendek", ("short holiday",)),
)

SCHEMA = SheetSchema(
    kind="timesheet",
    en="Timesheet",
    id="Lembur",
    aliases=("Overtime", "Timesheets", "Absensi"),
    books=("payroll",),
    fields=(
        Field("date", "Date", "Tanggal", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd",
              help_en="The day the overtime was worked.", help_id="Tanggal lembur."),
        Field("employee", "Employee", "Karyawan", Kind.CODE, required=True, width=10,
              help_en="The employee's code from Employees.",
              help_id="Kode karyawan dari sheet Karyawan."),
        Field("day_type", "Day type", "Jenis hari", Kind.CHOICE, required=True, width=22,
              choices=DAY_TYPES, default="workday",
              help_en="Workday, rest day/public holiday, or public holiday on the shortest "
                      "workday.",
              help_id="Hari kerja, hari istirahat/libur resmi, atau libur resmi di hari kerja "
                      "terpendek."),
        Field("hours", "Overtime hours", "Jam lembur", Kind.NUMBER, required=True, width=10,
              excel_format="0.0", aliases=("Hours", "Jam"),
              help_en="Overtime hours worked that day.", help_id="Jam lembur hari itu."),
        Field("note", "Note", "Catatan", Kind.TEXT, width=30,
              help_en="Optional remark.", help_id="Catatan (opsional)."),
    ),
    help_en="Overtime hours, one row per employee and day.",
    help_id="Jam lembur, satu baris per karyawan per hari.",
)

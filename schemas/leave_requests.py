"""``Leave`` / ``Cuti``: leave requests, one row per request.

The days a request takes are counted by Check: working days (Monday to Friday,
minus national holidays and joint leave days from :mod:`backoffice.holidays`) for
day-counted leave, calendar days for maternity and miscarriage leave. Annual leave
comes out of the year's balance, and so does every joint leave day (cuti bersama)
while the employee is entitled.
"""

from __future__ import annotations

from backoffice.schema import Choice, Field, Kind, SheetSchema

# Labels stay short: Excel's dropdown list holds at most 255 characters in all.
KINDS = (
    Choice("annual", "Annual", "Tahunan", ("annual leave", "cuti tahunan")),
    Choice("sick", "Sick", "Sakit", ("sick leave", "cuti sakit")),
    Choice("maternity", "Maternity", "Melahirkan", ("maternity leave", "cuti melahirkan")),
    Choice("maternity_extra", "Maternity, extended", "Melahirkan, tambahan",
           ("maternity extension",)),
    Choice("miscarriage", "Miscarriage", "Keguguran", ("cuti keguguran",)),
    Choice("paternity", "Husband's leave", "Cuti suami", ("paternity", "cuti ayah")),
    Choice("marriage", "Own marriage", "Menikah", ("pernikahan",)),
    Choice("child_event", "Child wed/circumcised/baptised", "Anak menikah/khitan/baptis",
           ("khitan", "baptis")),
    Choice("bereavement", "Close family death", "Keluarga inti meninggal", ("duka",)),
    Choice("household_bereavement", "Household member death", "Anggota serumah meninggal",
           ("duka serumah",)),
    Choice("unpaid", "Unpaid", "Di luar tanggungan", ("unpaid leave", "tanpa upah")),
)

SCHEMA = SheetSchema(
    kind="leave_requests",
    en="Leave",
    id="Cuti",
    aliases=("Leave requests", "Pengajuan cuti"),
    books=("payroll",),
    key="request",
    fields=(
        Field("request", "Request", "No. pengajuan", Kind.CODE, required=True, unique=True,
              width=12, aliases=("Request number", "Nomor pengajuan"),
              help_en="The request's number.", help_id="Nomor pengajuan."),
        Field("employee", "Employee", "Karyawan", Kind.CODE, required=True, width=10,
              help_en="The employee's code, as in Employees.",
              help_id="Kode karyawan, seperti di Karyawan.",
              personal="general"),
        Field("kind", "Kind", "Jenis cuti", Kind.CHOICE, required=True, width=26, choices=KINDS,
              help_en="Which leave: annual, sick, maternity, a family event, unpaid …",
              help_id="Jenis cuti: tahunan, sakit, melahirkan, acara keluarga, di luar "
                      "tanggungan …",
              personal="specific"),
        Field("start", "From", "Dari", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd",
              help_en="The first day of leave.", help_id="Hari pertama cuti."),
        Field("end", "To", "Sampai", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd",
              help_en="The last day of leave.", help_id="Hari terakhir cuti."),
        Field("note", "Note", "Catatan", Kind.TEXT, width=28,
              help_en="The reason or the approval.", help_id="Alasan atau persetujuan.",
              personal="specific"),
    ),
    help_en="Leave requests; balances are written by Run payroll.",
    help_id="Pengajuan cuti; saldo cuti ditulis oleh Jalankan penggajian.",
)

"""The *Severance* / *Pesangon* output sheet: one row per leaver of the months run.

Each row shows the working (service, the table's months, the reason's
multiplier and its article), the amounts, the final PPh 21 and the tax of any
later year, the net, the day the 1721-A1 slip is due, and whether the
reason's row was checked against a copy of the regulation's text.
"""

from __future__ import annotations

from collections.abc import Sequence

from backoffice.books.sheetxml import Column, OutputTable
from backoffice.payroll.severance import Severance

SEVERANCE_SHEET = {"en": "Severance", "id": "Pesangon"}

#: (English header, Indonesian header, kind, width)
_COLUMNS = (
    ("Employee", "Karyawan", "text", 10),
    ("Name", "Nama", "text", 22),
    ("Last day", "Hari terakhir", "date", 12),
    ("Article", "Pasal", "text", 12),
    ("Service (years)", "Masa kerja (tahun)", "number", 10),
    ("Service (months)", "Masa kerja (bulan)", "number", 10),
    ("Month's wage", "Upah sebulan", "amount", 14),
    ("Pesangon months", "Bulan pesangon", "number", 10),
    ("Pesangon multiplier", "Pengali pesangon", "number", 10),
    ("Pesangon", "Uang pesangon", "amount", 14),
    ("UPMK months", "Bulan UPMK", "number", 10),
    ("UPMK multiplier", "Pengali UPMK", "number", 10),
    ("UPMK", "UPMK", "amount", 14),
    ("Unused leave", "Sisa cuti", "amount", 14),
    ("Return home", "Ongkos pulang", "amount", 14),
    ("Other rights", "Hak lain", "amount", 14),
    ("Separation pay", "Uang pisah", "amount", 14),
    ("PKWT compensation", "Kompensasi PKWT", "amount", 14),
    ("Total", "Jumlah", "amount", 16),
    ("Final PPh 21", "PPh 21 final", "amount", 14),
    ("PPh 21, later years", "PPh 21 tahun berikutnya", "amount", 14),
    ("Net", "Diterima", "amount", 16),
    ("1721-A1 due", "Batas 1721-A1", "date", 12),
    ("Checked against the text", "Dicek ke teks aturan", "text", 12),
    ("Sources", "Sumber", "text", 60),
)

_VERIFIED = {"primary": ("yes", "ya"), "secondary": ("secondary only", "sumber sekunder"),
             "unverified": ("no", "tidak")}


def severance_table(results: Sequence[Severance], lang: str) -> OutputTable:
    """The output sheet of these severances, headers in ``lang``."""
    columns = [Column(id_ if lang == "id" else en, kind, width)
               for en, id_, kind, width in _COLUMNS]
    rows = []
    for s in results:
        final = sum(t.tax for t in s.tax if t.final)
        later = sum(t.tax for t in s.tax if not t.final)
        verified = _VERIFIED.get(s.verified, (s.verified, s.verified))[lang == "id"]
        rows.append((s.leaver.employee, s.leaver.name, s.leaver.last_day, s.article, s.years,
                     s.months, s.leaver.wage, s.pesangon_months, s.pesangon_multiplier,
                     s.pesangon, s.upmk_months, s.upmk_multiplier, s.upmk, s.leave_pay,
                     s.travel_home, s.other_rights, s.separation, s.pkwt, s.total, final,
                     later, s.net, s.slip_due, verified, "; ".join(s.sources)))
    return OutputTable(columns, rows, len(rows))

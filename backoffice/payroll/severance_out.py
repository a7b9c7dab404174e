"""The *Severance* / *Pesangon* output sheet: one row per leaver of the months run.

Each row shows the working (service, the table's months, the reason's
multiplier and its article), the amounts, the final PPh 21 and the tax of any
later year, the net, the day the 1721-A1 slip is due, and whether the
reason's row was checked against a copy of the regulation's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

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


STATEMENT_SHEET = {"en": "Termination statements", "id": "Surat keterangan PHK"}

_STATEMENT = {
    "en": {"title": "Termination statement", "employee": "Employee", "last_day": "Last day",
           "reason": "Reason", "service": "Service", "years": "{y} years {m} months",
           "wage": "Month's wage (basic + fixed allowances)", "pesangon": "Uang pesangon",
           "upmk": "Uang penghargaan masa kerja", "times": "{n} months x {k}",
           "leave": "Unused annual leave", "days": "{d} days",
           "home": "Cost of returning home", "other": "Other rights (company rules)",
           "separation": "Uang pisah", "pkwt": "PKWT compensation", "total": "Total",
           "final": "Final PPh 21 (PP 68/2009)", "later": "PPh 21 of a later year (Pasal 17)",
           "net": "Net received", "paid_later": "Of which paid on {day}",
           "slip": "1721-A1 slip due by", "basis": "Legal basis"},
    "id": {"title": "Surat keterangan pemutusan hubungan kerja", "employee": "Karyawan",
           "last_day": "Hari terakhir bekerja", "reason": "Alasan", "service": "Masa kerja",
           "years": "{y} tahun {m} bulan", "wage": "Upah sebulan (pokok + tunjangan tetap)",
           "pesangon": "Uang pesangon", "upmk": "Uang penghargaan masa kerja",
           "times": "{n} bulan x {k}", "leave": "Cuti tahunan yang belum diambil",
           "days": "{d} hari", "home": "Ongkos pulang", "other": "Hak lain (peraturan perusahaan)",
           "separation": "Uang pisah", "pkwt": "Kompensasi PKWT", "total": "Jumlah",
           "final": "PPh 21 final (PP 68/2009)", "later": "PPh 21 tahun berikutnya (Pasal 17)",
           "net": "Diterima bersih", "paid_later": "Di antaranya dibayar pada {day}",
           "slip": "Bukti potong 1721-A1 paling lambat", "basis": "Dasar hukum"},
}


def _number(value: Decimal, lang: str) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",") if lang == "id" else text


def statement_rows(results: Sequence[Severance], company: str, lang: str
                   ) -> list[tuple[object, object, object]]:
    """Termination statements as rows of (label, detail, amount): one block per leaver."""
    from backoffice.schemas.leavers import REASONS

    text = _STATEMENT[lang]
    labels = {c.value: (c.id if lang == "id" else c.en) for c in REASONS}
    rows: list[tuple[object, object, object]] = []
    for s in results:
        who = s.leaver
        rows += [(company, text["title"], None),
                 (text["employee"], f"{who.employee} — {who.name}".strip(" —"), None),
                 (text["last_day"], who.last_day.isoformat(), None),
                 (text["reason"], labels.get(who.reason, who.reason), None),
                 (text["service"], text["years"].format(y=s.years, m=s.months), None),
                 (text["wage"], None, Decimal(who.wage))]
        parts = [
            ("pesangon", text["times"].format(n=s.pesangon_months,
                                              k=_number(s.pesangon_multiplier, lang)), s.pesangon),
            ("upmk", text["times"].format(n=s.upmk_months, k=_number(s.upmk_multiplier, lang)),
             s.upmk),
            ("leave", text["days"].format(d=_number(who.leave_days, lang)), s.leave_pay),
            ("home", None, s.travel_home), ("other", None, s.other_rights),
            ("separation", None, s.separation), ("pkwt", None, s.pkwt)]
        rows += [(text[key], detail, Decimal(amount)) for key, detail, amount in parts if amount]
        rows.append((text["total"], None, Decimal(s.total)))
        final = sum(t.tax for t in s.tax if t.final)
        later = sum(t.tax for t in s.tax if not t.final)
        rows.append((text["final"], None, Decimal(-final)))
        if later:
            rows.append((text["later"], None, Decimal(-later)))
        rows.append((text["net"], None, Decimal(s.net)))
        for t in s.tax[1:]:
            rows.append((None, text["paid_later"].format(day=t.day.isoformat()),
                         Decimal(t.amount - t.tax)))
        rows.append((text["slip"], s.slip_due.isoformat(), None))
        rows.append((text["basis"], f"PP 35/2021 {s.article}; PP 68/2009", None))
        rows.append((None, None, None))
    return rows

"""``Filings`` / ``Pelaporan``: what the bookkeeper paid or filed, for the compliance calendar.

One row per obligation and period: the obligation's code (``pph21-pay``,
``ppn-return``, … as in ``backoffice/compliance/data/obligations.csv``), the
period (``YYYY-MM``; ``YYYY-Q1``/``YYYY-H1`` for the LKPM; ``YYYY`` for an annual
one), the day it was paid or filed and the NTPN or receipt number. The calendar then
shows each obligation as done, due or late (:mod:`backoffice.compliance.calendar`), and Check warns of what is
late or unpaid from the first period the sheet records on.
"""

from __future__ import annotations

from backoffice.schema import Field, Kind, SheetSchema

SCHEMA = SheetSchema(
    kind="filings",
    en="Filings",
    id="Pelaporan",
    aliases=("Payments and filings", "Setoran dan pelaporan"),
    books=(),  # added by the bookkeeper (or the demo), not part of a template yet
    fields=(
        Field("obligation", "Obligation", "Kewajiban", Kind.CODE, required=True, width=16,
              help_en="The obligation's code, e.g. pph21-pay, ppn-return, bpjs-tk.",
              help_id="Kode kewajiban, mis. pph21-pay, ppn-return, bpjs-tk."),
        Field("period", "Period", "Masa", Kind.CODE, required=True, width=10,
              help_en="The tax or contribution period: YYYY-MM; YYYY-Q1 to Q4 or YYYY-H1/H2 for "
                      "the LKPM; YYYY for an annual one (THR, WLKP, annual returns).",
              help_id="Masa pajak atau iuran: YYYY-MM; YYYY-Q1 s.d. Q4 atau YYYY-H1/H2 untuk "
                      "LKPM; YYYY untuk yang tahunan (THR, WLKP, SPT Tahunan)."),
        Field("date", "Date", "Tanggal", Kind.DATE, width=12, excel_format="yyyy-mm-dd",
              help_en="The day it was paid or filed.", help_id="Tanggal disetor atau dilaporkan."),
        Field("reference", "NTPN or receipt", "NTPN atau bukti", Kind.TEXT, width=22,
              aliases=("NTPN", "Receipt", "Bukti penerimaan"),
              help_en="The NTPN of the payment, or the filing's receipt number.",
              help_id="NTPN setoran, atau nomor bukti penerimaan elektronik pelaporan."),
        Field("amount", "Amount", "Jumlah", Kind.AMOUNT, width=16,
              excel_format="#,##0.00;[Red]-#,##0.00",
              help_en="What was paid.", help_id="Jumlah yang disetor."),
        Field("note", "Note", "Catatan", Kind.TEXT, width=30,
              help_en="Anything worth keeping: who filed it, a correction.",
              help_id="Hal yang perlu dicatat: siapa yang melapor, pembetulan."),
    ),
    help_en="What was paid or filed, and when: the compliance calendar's record.",
    help_id="Apa yang sudah disetor atau dilaporkan, dan kapan: catatan kalender kepatuhan.",
)

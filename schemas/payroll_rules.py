"""``Rules`` / ``Aturan``: the company's overrides of the payroll rule pack, by date.

The pack holds the law; this sheet holds what is the company's own: its JKK
risk class (or an exact JKK rate), the regional minimum wage that floors the
BPJS Kesehatan base, a wage cap the pack does not have yet. A row applies from
its *From* date until a later row for the same rule.
"""

from __future__ import annotations

from backoffice.schema import Choice, Field, Kind, SheetSchema

RULES = (
    Choice("jkk_class", "JKK risk class", "Kelas risiko JKK"),
    Choice("jkk_rate", "JKK rate", "Tarif JKK"),
    Choice("kes_floor", "Minimum wage (UMK/UMP)", "Upah minimum (UMK/UMP)", ("umk", "ump")),
    Choice("kes_cap", "BPJS Kesehatan wage cap", "Batas upah BPJS Kesehatan"),
    Choice("jp_cap", "JP wage cap", "Batas upah JP"),
    # the people's records (backoffice.hr.rules): the company's own leave and letter policy
    Choice("annual_leave_days", "Annual leave days", "Hari cuti tahunan"),
    Choice("leave_carry_over_days", "Leave carry-over days", "Hari cuti yang dapat dibawa"),
    Choice("leave_carry_over_months", "Leave carry-over expiry (months)",
           "Batas pemakaian cuti bawaan (bulan)"),
    Choice("warning_validity_months", "Warning letter validity (months)",
           "Masa berlaku surat peringatan (bulan)"),
    Choice("contract_reminder_days", "Contract reminder (days)", "Pengingat kontrak (hari)"),
)

SCHEMA = SheetSchema(
    kind="payroll_rules",
    en="Rules",
    id="Aturan",
    aliases=("Payroll rules", "Aturan gaji"),
    books=("payroll",),
    fields=(
        Field("from", "From", "Berlaku mulai", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd",
              help_en="The day the value applies from.", help_id="Tanggal nilai mulai berlaku."),
        Field("rule", "Rule", "Aturan", Kind.CHOICE, required=True, width=26, choices=RULES,
              help_en="Which rule the company sets.", help_id="Aturan yang ditetapkan perusahaan."),
        Field("value", "Value", "Nilai", Kind.NUMBER, required=True, width=14,
              excel_format="General",
              help_en="A class 1–5, a rate such as 0.0054, or an amount in rupiah.",
              help_id="Kelas 1–5, tarif seperti 0.0054, atau jumlah dalam rupiah."),
        Field("note", "Note", "Catatan", Kind.TEXT, width=30,
              help_en="Why (a letter, a decree).", help_id="Dasarnya (surat, keputusan)."),
    ),
    help_en="The company's own payroll rules (JKK class, minimum wage), each from a date.",
    help_id="Aturan gaji milik perusahaan (kelas JKK, upah minimum), masing-masing sejak tanggal.",
)

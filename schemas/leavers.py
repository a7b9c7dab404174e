"""``Leavers`` / ``Karyawan keluar``: who leaves, on which day, why, and what the company adds.

One row per leaver. The reason is one of PP 35/2021's (Pasal 41-57, and the
end of a fixed-term contract, Pasal 15-16); its multipliers of severance are
dated data in the payroll rule pack (``severance_reasons.csv``), each with its
article. The payroll run computes pesangon, UPMK, the compensation for unused
leave and the final PPh 21 on them (:mod:`backoffice.payroll.severance`).

Unused leave is typed here as days: the payroll book has no leave records yet.
"""

from __future__ import annotations

from backoffice.schema import Choice, Field, Kind, SheetSchema

AMOUNT_FORMAT = "#,##0;[Red]-#,##0"

#: The reasons of PP 35/2021, in the order of its articles (values as in severance_reasons.csv).
REASONS = (
    Choice("merger", "Merger or split (Ps. 41)", "Penggabungan/pemisahan (Ps. 41)"),
    Choice("takeover", "Takeover (Ps. 42(1))", "Pengambilalihan (Ps. 42(1))"),
    Choice("takeover_refused", "Takeover with new terms declined (Ps. 42(2))",
           "Pengambilalihan dengan syarat baru ditolak (Ps. 42(2))"),
    Choice("efficiency_losses", "Efficiency because of losses (Ps. 43(1))",
           "Efisiensi karena rugi (Ps. 43(1))"),
    Choice("efficiency", "Efficiency to prevent losses (Ps. 43(2))",
           "Efisiensi mencegah rugi (Ps. 43(2))", ("efisiensi",)),
    Choice("closure_losses", "Closure after losses (Ps. 44(1))",
           "Perusahaan tutup karena rugi (Ps. 44(1))"),
    Choice("closure", "Closure not caused by losses (Ps. 44(2))",
           "Perusahaan tutup bukan karena rugi (Ps. 44(2))"),
    Choice("force_majeure_closure", "Closure by force majeure (Ps. 45(1))",
           "Tutup karena keadaan memaksa (Ps. 45(1))"),
    Choice("force_majeure", "Force majeure without closure (Ps. 45(2))",
           "Keadaan memaksa tanpa tutup (Ps. 45(2))"),
    Choice("pkpu_losses", "Debt suspension (PKPU) from losses (Ps. 46(1))",
           "PKPU karena rugi (Ps. 46(1))"),
    Choice("pkpu", "Debt suspension (PKPU) not from losses (Ps. 46(2))",
           "PKPU bukan karena rugi (Ps. 46(2))"),
    Choice("bankruptcy", "Bankruptcy (Ps. 47)", "Pailit (Ps. 47)", ("pailit",)),
    Choice("employer_misconduct", "Worker's request over employer's misconduct (Ps. 48)",
           "Permohonan pekerja atas pelanggaran pengusaha (Ps. 48)"),
    Choice("misconduct_claim_rejected", "Worker's claim rejected (Ps. 49)",
           "Permohonan pekerja ditolak (Ps. 49)"),
    Choice("resignation", "Resignation (Ps. 50)", "Mengundurkan diri (Ps. 50)",
           ("resign", "mengundurkan diri")),
    Choice("absence", "Absent 5 days after two calls (Ps. 51)",
           "Mangkir 5 hari setelah dipanggil 2 kali (Ps. 51)", ("mangkir",)),
    Choice("violation_warned", "Violation after 3 warning letters (Ps. 52(1))",
           "Pelanggaran setelah SP 1-3 (Ps. 52(1))"),
    Choice("violation_urgent", "Urgent violation (Ps. 52(2))",
           "Pelanggaran bersifat mendesak (Ps. 52(2))"),
    Choice("detained_loss", "Detained 6 months with loss to the company (Ps. 54(1))",
           "Ditahan 6 bulan dan merugikan perusahaan (Ps. 54(1))"),
    Choice("detained", "Detained 6 months without loss (Ps. 54(2))",
           "Ditahan 6 bulan tanpa merugikan (Ps. 54(2))"),
    Choice("illness", "Long illness or disability over 12 months (Ps. 55)",
           "Sakit berkepanjangan/cacat > 12 bulan (Ps. 55)"),
    Choice("retirement", "Retirement (Ps. 56)", "Pensiun (Ps. 56)", ("pensiun",)),
    Choice("death", "Death (Ps. 57)", "Meninggal dunia (Ps. 57)", ("meninggal",)),
    Choice("contract_end", "End of a fixed-term contract (PKWT Ps. 15-16)",
           "Berakhirnya PKWT (Ps. 15-16)", ("pkwt",)),
)


def _amount(key: str, en: str, id_: str, help_en: str, help_id: str) -> Field:
    return Field(key, en, id_, Kind.AMOUNT, nonnegative=True, width=14,
                 excel_format=AMOUNT_FORMAT, help_en=help_en, help_id=help_id)


SCHEMA = SheetSchema(
    kind="leavers",
    en="Leavers",
    id="Karyawan keluar",
    # not "Severance" / "Pesangon": those are the names of the output sheet payroll writes
    aliases=("Terminations", "PHK"),
    books=("payroll",),
    fields=(
        Field("employee", "Employee", "Karyawan", Kind.CODE, required=True, unique=True,
              width=10, help_en="The employee's code from Employees.",
              help_id="Kode karyawan dari sheet Karyawan."),
        Field("last_day", "Last day", "Hari terakhir", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd",
              help_en="The last day worked; Employees' Left is the day after (or this day).",
              help_id="Hari terakhir bekerja; Tanggal keluar di Karyawan adalah hari "
                      "berikutnya (atau hari ini)."),
        Field("reason", "Reason", "Alasan", Kind.CHOICE, required=True, width=34,
              choices=REASONS,
              help_en="Why the employment ends, as in PP 35/2021; it sets the multipliers.",
              help_id="Alasan berakhirnya hubungan kerja menurut PP 35/2021; menentukan "
                      "pengalinya."),
        Field("leave_days", "Unused leave days", "Sisa cuti (hari)", Kind.NUMBER,
              min_value=0, width=10,
              help_en="Annual leave not taken and not forfeited (PP 35/2021 Pasal 40(4)a).",
              help_id="Cuti tahunan yang belum diambil dan belum gugur (PP 35/2021 Pasal "
                      "40(4)a)."),
        _amount("travel_home", "Cost of returning home", "Ongkos pulang",
                "The way home for the worker and family (Pasal 40(4)b), if due.",
                "Ongkos pulang pekerja dan keluarga (Pasal 40(4)b), bila berhak."),
        _amount("other_rights", "Other rights", "Hak lain",
                "What the work agreement or company rules add (Pasal 40(4)c).",
                "Yang ditambahkan perjanjian kerja atau peraturan perusahaan (Pasal 40(4)c)."),
        _amount("separation", "Separation pay (uang pisah)", "Uang pisah",
                "Set by the company's rules, for the reasons that give one.",
                "Diatur peraturan perusahaan, untuk alasan yang memberinya."),
        _amount("pesangon_paid", "Pesangon paid", "Pesangon dibayar",
                "Blank: the legal minimum. More is allowed, less is flagged.",
                "Kosong: minimum menurut aturan. Boleh lebih, kurang ditandai."),
        _amount("upmk_paid", "UPMK paid", "UPMK dibayar",
                "Blank: the legal minimum. More is allowed, less is flagged.",
                "Kosong: minimum menurut aturan. Boleh lebih, kurang ditandai."),
        _amount("paid_later", "Paid later", "Dibayar kemudian",
                "The part of the total paid on a later day (blank: all on the last day).",
                "Bagian yang dibayar di kemudian hari (kosong: semua di hari terakhir)."),
        Field("paid_later_on", "Paid later on", "Tanggal bayar kemudian", Kind.DATE, width=12,
              excel_format="yyyy-mm-dd",
              help_en="The day the later part is paid; within two calendar years it stays "
                      "final tax, later it is taxed at the Pasal 17 rates.",
              help_id="Tanggal bagian itu dibayar; dalam dua tahun kalender tetap pajak "
                      "final, sesudahnya dikenai tarif Pasal 17."),
        Field("note", "Note", "Catatan", Kind.TEXT, width=30,
              help_en="Shown on the severance sheet.", help_id="Tampil di sheet pesangon."),
    ),
    help_en="One row per employee who leaves: the last day, the reason and what the company "
            "adds. The payroll run computes the severance and its final PPh 21.",
    help_id="Satu baris per karyawan yang keluar: hari terakhir, alasan, dan tambahan dari "
            "perusahaan. Proses penggajian menghitung pesangon dan PPh 21 finalnya.",
)

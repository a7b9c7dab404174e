"""``Bank statement`` / ``Mutasi bank``: the banks' statement lines, one a row, per cash account.

``backoffice bank import`` appends a statement's lines (never one twice: a line's
identity is its account, date, amount, description and running balance, or its
place among identical lines of a day). ``backoffice bank reconcile`` writes its
proposal in *Match* (journal entries, ``JE-12`` or ``JE-12/2`` for an entry's
second line on the account, joined by ``+``) and *Rule*, with *Status* proposed;
the bookkeeper sets *Status* to confirmed or rejected, or types a *Match* by hand
(confirmed), and the next run keeps what she decided.

One sheet holds every cash account's lines, its *Account* column saying whose, rather
than a sheet per account: a bookkeeper filters one list, a new bank account needs no
new sheet, and Sync matches this one table's rows by their whole content (account
included), so the same bank line on two accounts stays two rows and a re-synced book
never sends a line twice. Import takes only an account marked Cash in Accounts, and
Check flags a line typed with any other account.
"""

from __future__ import annotations

from backoffice.schemas.journal import AMOUNT_FORMAT

from backoffice.schema import Choice, Field, Kind, SheetSchema

STATUSES = (
    Choice("proposed", "Proposed", "Usulan", ("Proposal",)),
    Choice("confirmed", "Confirmed", "Dikonfirmasi", ("OK", "Yes", "Ya", "Cocok")),
    Choice("rejected", "Rejected", "Ditolak", ("No", "Tidak")),
)


SCHEMA = SheetSchema(
    kind="bank_statement", en="Bank statement", id="Mutasi bank",
    aliases=("Bank statements", "Mutasi rekening", "Rekening koran"),
    fields=(
        Field("account", "Account", "Akun", Kind.CODE, required=True, width=10,
              help_en="The cash or bank account of the book the statement is for.",
              help_id="Akun kas atau bank di buku ini yang mutasinya ini."),
        Field("date", "Date", "Tanggal", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd",
              help_en="The bank's booking date.", help_id="Tanggal pembukuan bank."),
        Field("description", "Description", "Keterangan", Kind.TEXT, width=40,
              help_en="The bank's text.", help_id="Teks dari bank."),
        Field("reference", "Reference", "Referensi", Kind.TEXT, width=14,
              help_en="The bank's reference, when it gives one.",
              help_id="Referensi bank, bila ada."),
        Field("money_in", "Money in", "Uang masuk", Kind.AMOUNT, nonnegative=True, width=16,
              excel_format=AMOUNT_FORMAT, aliases=("Credit", "Kredit", "CR"),
              help_en="What came into the account.", help_id="Yang masuk ke rekening."),
        Field("money_out", "Money out", "Uang keluar", Kind.AMOUNT, nonnegative=True,
              width=16, excel_format=AMOUNT_FORMAT, aliases=("Debit", "Debet", "DB"),
              help_en="What left the account.", help_id="Yang keluar dari rekening."),
        Field("balance", "Balance", "Saldo", Kind.AMOUNT, width=18, excel_format=AMOUNT_FORMAT,
              help_en="The bank's running balance after the line.",
              help_id="Saldo berjalan bank setelah baris ini."),
        Field("currency", "Currency", "Mata Uang", Kind.CURRENCY, width=9,
              help_en="ISO 4217 code; blank means the base currency.",
              help_id="Kode ISO 4217; kosong berarti mata uang dasar."),
        Field("match", "Match", "Pasangan", Kind.TEXT, width=22,
              aliases=("Matched", "Dicocokkan"),
              help_en="The journal entries this line is, e.g. JE-12 or JE-12 + JE-14.",
              help_id="Bukti jurnal pasangan baris ini, mis. JE-12 atau JE-12 + JE-14."),
        Field("status", "Status", "Status", Kind.CHOICE, choices=STATUSES, width=13,
              help_en="Proposed by reconcile; set Confirmed or Rejected.",
              help_id="Diusulkan oleh rekonsiliasi; ubah ke Dikonfirmasi atau Ditolak."),
        Field("rule", "Rule", "Aturan", Kind.TEXT, width=28,
              help_en="The rule that proposed the match.",
              help_id="Aturan yang mengusulkan pasangannya."),
    ),
    help_en="Bank statement lines, imported with 'backoffice bank import'; one sheet for all "
            "cash accounts.",
    help_id="Baris mutasi bank, diimpor dengan 'backoffice bank import'; satu sheet untuk "
            "semua akun kas.",
    # not part of a new book (bank import adds it), but its lines and the bookkeeper's
    # confirmed matches travel through the store like any sheet
    syncable=True,
)

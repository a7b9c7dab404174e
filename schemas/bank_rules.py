"""``Bank rules`` / ``Aturan bank``: what the bank knows and the books do not, as rules.

A statement line left unmatched whose description contains *Contains* (any case)
is proposed as an entry against *Account* (bank charges, interest, the final tax
on interest, a transfer in not yet booked). The proposal is only a proposal:
once the bookkeeper confirms the line, ``backoffice bank reconcile`` posts it in
the generated block ``bank:YYYY-MM`` of the Journal. The first matching rule wins.
"""

from __future__ import annotations

from backoffice.schema import Field, Kind, SheetSchema

SCHEMA = SheetSchema(
    kind="bank_rules", en="Bank rules", id="Aturan bank",
    aliases=("Bank rule", "Aturan mutasi"),
    fields=(
        Field("contains", "Description contains", "Keterangan memuat", Kind.TEXT,
              required=True, width=24, aliases=("Contains", "Memuat"),
              help_en="Text in the bank's description, e.g. BIAYA ADM (any case).",
              help_id="Teks di keterangan bank, mis. BIAYA ADM (huruf besar/kecil sama)."),
        Field("account", "Account", "Akun", Kind.CODE, required=True, width=10,
              help_en="The account the entry posts against the bank, e.g. bank charges.",
              help_id="Akun lawan bank pada entrinya, mis. biaya bank."),
        Field("description", "Entry description", "Keterangan entri", Kind.TEXT, width=30,
              help_en="The journal line's text (blank: the bank's).",
              help_id="Keterangan baris jurnal (kosong: dari bank)."),
    ),
    help_en="Rules that turn bank lines the books lack into proposed entries.",
    help_id="Aturan yang mengubah mutasi bank yang belum ada di buku menjadi usulan entri.",
    syncable=True,
)

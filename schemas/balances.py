"""``Balances`` / ``Saldo``: balance assertions, checked against the journal.

Each row says what an account's balance is at the end of a date, e.g. the
closing balance on a bank statement. Check computes the balance from the
Journal (the account's own postings and its sub-accounts', in the row's
currency, debit positive) and reports a mismatch with the calculated and the
asserted balance and the difference, the way hledger does.
"""

from __future__ import annotations

from backoffice.schemas.journal import AMOUNT_FORMAT

from backoffice.schema import Field, Kind, SheetSchema

SCHEMA = SheetSchema(
    kind="balances",
    en="Balances",
    id="Saldo",
    aliases=("Balance assertions", "Saldo akun", "Asersi saldo"),
    books=("ledger",),
    fields=(
        Field("date", "Date", "Tanggal", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd", aliases=("As of", "Per tanggal"),
              help_en="The balance is the one at the end of this day.",
              help_id="Saldo pada akhir hari ini."),
        Field("account", "Account", "Akun", Kind.CODE, required=True, width=10,
              aliases=("Account code", "Kode akun"),
              help_en="The account; a parent account's balance includes its sub-accounts.",
              help_id="Akunnya; saldo akun induk termasuk sub-akunnya."),
        Field("currency", "Currency", "Mata Uang", Kind.CURRENCY, width=9,
              help_en="ISO 4217 code; blank means the base currency.",
              help_id="Kode ISO 4217; kosong berarti mata uang dasar."),
        Field("balance", "Balance", "Saldo", Kind.AMOUNT, required=True, width=18,
              excel_format=AMOUNT_FORMAT,
              help_en="The balance, debit positive: an asset in debit is positive, a liability "
                      "in credit negative.",
              help_id="Saldonya, debit positif: aset bersaldo debit positif, liabilitas "
                      "bersaldo kredit negatif."),
        Field("note", "Note", "Catatan", Kind.TEXT, width=30, aliases=("Source", "Sumber"),
              help_en="Where the figure comes from (a bank statement, a count).",
              help_id="Asal angkanya (rekening koran, hitungan fisik)."),
    ),
    help_en="Balance assertions: an account's balance at the end of a date, checked against "
            "the journal.",
    help_id="Asersi saldo: saldo akun pada akhir suatu tanggal, dicocokkan dengan jurnal.",
)

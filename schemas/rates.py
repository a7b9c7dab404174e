"""``Rates`` / ``Kurs``: exchange rates into the base currency, by date.

A row gives how many units of the base currency one unit of a currency was
worth from a date on (IDR per USD, say 15750). A journal line in another
currency is converted at its own *Rate* when the row has one, else at the latest
rate on or before its date (see :mod:`backoffice.ledger.base`). Check warns,
once per currency, about lines without any rate (base-currency statements leave
them out), refuses an entry whose converted lines do not balance beyond
rounding, and reminds to set a rounding account when rounding leaves a residue.
"""

from __future__ import annotations

from backoffice.schema import Field, Kind, SheetSchema

SCHEMA = SheetSchema(
    kind="rates",
    en="Rates",
    id="Kurs",
    aliases=("Exchange rates", "Kurs valuta", "Nilai tukar"),
    books=("ledger",),
    fields=(
        Field("date", "Date", "Tanggal", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd", aliases=("From", "Berlaku"),
              help_en="The rate applies from this day on.",
              help_id="Kurs berlaku mulai hari ini."),
        Field("currency", "Currency", "Mata Uang", Kind.CURRENCY, required=True, width=9,
              help_en="The foreign currency (ISO 4217 code).",
              help_id="Mata uang asing (kode ISO 4217)."),
        Field("rate", "Rate", "Kurs", Kind.NUMBER, required=True, width=14,
              excel_format="#,##0.0000",
              help_en="Base-currency units for one unit of the currency (IDR per USD).",
              help_id="Nilai dalam mata uang dasar untuk satu unit mata uang ini (IDR per USD)."),
    ),
    help_en="Exchange rates into the base currency; a journal row's own Rate wins.",
    help_id="Kurs ke mata uang dasar; Kurs pada baris jurnal lebih diutamakan.",
)

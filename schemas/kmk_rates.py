"""``Tax exchange rates`` / ``Kurs pajak``: the Minister of Finance's weekly rates (kurs KMK).

(Not "Tax rates": that name reads as tax percentages and is an alias of *Tax codes*.)

Tax law converts foreign-currency amounts with the rate the Minister of Finance
sets every week by decree (KMK *Nilai Kurs sebagai Dasar Pelunasan Bea Masuk,
PPN, PPnBM, Bea Keluar dan PPh*), not with the ledger's transaction rate:
income paid in a foreign currency for PPh 21 (PMK 168/2023 Ps. 5(4), Lampiran B
I.3) and the PPN base of a foreign-currency invoice (PP 44/2022 Ps. 21). One row
a currency and week: the days it is valid (a KMK week runs Wednesday to the next
Tuesday), the rupiah for one unit, and the decree's number. A day is converted
with the row whose week holds it; see :mod:`backoffice.kmk_rates`.
"""

from __future__ import annotations

from backoffice import kmk_rates
from backoffice.schema import Field, Kind, SheetSchema

SCHEMA = SheetSchema(
    kind="kmk_rates",
    en="Tax exchange rates",
    id="Kurs pajak",
    aliases=("KMK rates", "Kurs KMK", "Kurs Menteri Keuangan", "Kurs pajak KMK"),
    books=("payroll", "ledger"),
    fields=(
        Field("valid_from", "Valid from", "Berlaku mulai", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd", aliases=("From", "Mulai", "Tanggal berlaku"),
              help_en="The first day of the decree's week (a Wednesday).",
              help_id="Hari pertama minggu berlakunya keputusan (hari Rabu)."),
        Field("valid_to", "Valid to", "Berlaku sampai", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd", aliases=("To", "Sampai", "Sampai dengan"),
              help_en="The last day of the week (the next Tuesday).",
              help_id="Hari terakhir minggu itu (hari Selasa berikutnya)."),
        Field("currency", "Currency", "Mata Uang", Kind.CURRENCY, required=True, width=9,
              help_en="The foreign currency (ISO 4217 code).",
              help_id="Mata uang asing (kode ISO 4217)."),
        Field("rate", "Rate (IDR per unit)", "Kurs (Rp per unit)", Kind.NUMBER, required=True,
              width=16, excel_format="#,##0.00", aliases=("Rate", "Kurs", "Nilai"),
              help_en="Rupiah for ONE unit of the currency, as the decree states it (the "
                      "decree quotes JPY per 100 yen: divide by 100).",
              help_id="Rupiah untuk SATU unit mata uang, sesuai keputusan (keputusan menyebut "
                      "JPY per 100 yen: bagi 100)."),
        Field("kmk", "KMK number", "Nomor KMK", Kind.TEXT, width=22,
              aliases=("Decree", "KMK", "Keputusan"),
              help_en="The decree's number, e.g. 40/KM.10/2025, shown with the figures it "
                      "converts.",
              help_id="Nomor keputusan, mis. 40/KM.10/2025, ditampilkan bersama angka yang "
                      "dikonversinya."),
    ),
    help_en="The Minister of Finance's weekly tax rates (kurs pajak), for PPh 21 on pay in a "
            "foreign currency and the PPN base of a foreign-currency invoice.",
    help_id="Kurs pajak mingguan Menteri Keuangan, untuk PPh 21 atas gaji dalam valuta asing "
            "dan DPP PPN faktur dalam valuta asing.",
    rules=(kmk_rates.check_tax_rates,),
)

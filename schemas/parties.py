"""``Customers`` / ``Pelanggan`` and ``Suppliers`` / ``Pemasok``: who the company sells to
and buys from.

One party a row, keyed by its *Code*, which Invoices, Bills and Payments refer to.
*Terms (days)* give a document's due date when the document gives none (blank: due
on its date). NPWP is kept as text (16 digits since 2024; Excel would round a
number).

What Coretax's tax invoices and withholding slips need of a party: its NPWP, its
NITKU (22 digits: the NPWP and 6 digits of the place of business, blank: the head
office, NPWP + ``000000``), or, for a buyer without an NPWP, the identity document's
type and number (Coretax's ``BuyerDocument`` values: TIN, National ID, Passport,
Other ID). A customer that is a VAT collector (*pemungut PPN*) gets transaction
code 02 (government) or 03 (another designated collector) on its tax invoices.
"""

from __future__ import annotations

from backoffice.formula_text import machine_text_rule
from backoffice.schema import Choice, Field, Kind, SheetSchema

#: Identity documents, as Coretax's bulk templates spell them (BuyerDocument, REF-General).
ID_TYPES = (
    Choice("TIN", "TIN (NPWP)", "NPWP", ("NPWP", "Tax ID")),
    Choice("National ID", "National ID (NIK)", "NIK", ("NIK", "KTP", "National ID")),
    Choice("Passport", "Passport", "Paspor", ("Paspor",)),
    Choice("Other ID", "Other ID", "Dokumen lainnya", ("Other", "Lainnya", "Dokumen lain")),
)
#: Whether a customer is a VAT collector (PER-03/PJ/2022: codes 02 and 03).
COLLECTORS = (
    Choice("no", "No", "Bukan pemungut", ("Tidak", "Bukan", "None")),
    Choice("government", "Government treasurer", "Instansi pemerintah",
           ("Government", "Pemerintah", "Bendahara", "Bendahara pemerintah", "02")),
    Choice("other", "Other designated collector", "Pemungut PPN lainnya",
           ("Other", "Lainnya", "BUMN", "SOE", "03")),
)


#: The fields whose text the tax office's import files carry (e-Faktur's NAMA, NPWP and
#: ALAMAT_LENGKAP, e-Bupot's NAMA and NPWP_NIK, Coretax's Buyer* elements; the code stands
#: in for an unknown party's name): text a spreadsheet reads as a formula is refused there,
#: not neutralised (see backoffice.formula_text).
TAX_FILE_TEXT = ("code", "name", "npwp", "address", "email", "nitku", "id_number", "country")


def _fields(who_en: str, who_id: str) -> tuple[Field, ...]:
    return (
        Field("code", "Code", "Kode", Kind.CODE, required=True, unique=True, width=10,
              aliases=(f"{who_en} code", f"Kode {who_id.lower()}"),
              help_en=f"A short code for the {who_en.lower()}; documents refer to it.",
              help_id=f"Kode singkat {who_id.lower()}; dokumen merujuk ke kode ini."),
        Field("name", "Name", "Nama", Kind.TEXT, required=True, width=30,
              help_en="The legal name, as on tax invoices.",
              help_id="Nama resmi, seperti di faktur pajak."),
        Field("npwp", "NPWP", "NPWP", Kind.IDENTITY, width=20, aliases=("Tax ID", "NPWP/NIK"),
              help_en="Tax identification number (16 digits), typed as text.",
              help_id="Nomor pokok wajib pajak (16 digit), diketik sebagai teks."),
        Field("address", "Address", "Alamat", Kind.TEXT, width=36,
              help_en="The address for tax invoices and statements.",
              help_id="Alamat untuk faktur pajak dan laporan tagihan."),
        Field("terms", "Terms (days)", "Termin (hari)", Kind.INTEGER, min_value=0,
              max_value=3650, width=10, aliases=("Terms", "Termin", "Payment terms"),
              help_en="Days from a document's date to its due date (blank: due at once).",
              help_id="Jumlah hari dari tanggal dokumen sampai jatuh tempo (kosong: langsung)."),
        Field("email", "Email", "Email", Kind.TEXT, width=24, aliases=("E-mail", "Surel"),
              help_en="Where statements go.", help_id="Tujuan laporan tagihan."),
        Field("nitku", "NITKU", "NITKU", Kind.IDENTITY, width=24,
              aliases=("ID TKU", "IDTKU", "NITKU/ID TKU"),
              help_en="22 digits: the NPWP and the place of business (000000 is the head "
                      "office); blank: the head office's.",
              help_id="22 digit: NPWP dan tempat kegiatan usaha (000000 adalah kantor pusat); "
                      "kosong: milik kantor pusat."),
        Field("id_type", "ID type", "Jenis ID", Kind.CHOICE, choices=ID_TYPES, width=14,
              aliases=("Identity document", "Jenis identitas", "Jenis ID pembeli"),
              help_en="Without an NPWP: National ID (NIK), Passport or Other ID; blank: TIN "
                      "(the NPWP).",
              help_id="Tanpa NPWP: NIK, Paspor atau Dokumen lainnya; kosong: NPWP."),
        Field("id_number", "ID number", "Nomor ID", Kind.IDENTITY, width=20,
              aliases=("Identity number", "Nomor identitas", "Nomor dokumen"),
              help_en="The NIK, passport or other document's number, typed as text.",
              help_id="Nomor NIK, paspor atau dokumen lain, diketik sebagai teks."),
    )


_CUSTOMER_ONLY = (
    Field("country", "Country", "Negara", Kind.CODE, width=9,
          aliases=("Country code", "Kode negara", "Negara pembeli"),
          help_en="For a buyer with a passport: the country, 3 letters (ISO 3166, e.g. SGP); "
                  "blank: IDN.",
          help_id="Untuk pembeli berpaspor: negaranya, 3 huruf (ISO 3166, mis. SGP); "
                  "kosong: IDN."),
    Field("vat_collector", "VAT collector", "Pemungut PPN", Kind.CHOICE, choices=COLLECTORS,
          default="no", width=16, aliases=("Collector", "Pemungut"),
          help_en="A government treasurer or another designated VAT collector collects the "
                  "PPN itself: its tax invoices carry code 02 or 03.",
          help_id="Instansi pemerintah atau pemungut PPN lain memungut PPN sendiri: faktur "
                  "pajaknya berkode 02 atau 03."),
)

CUSTOMERS = SheetSchema(
    kind="customers", en="Customers", id="Pelanggan", aliases=("Customer list", "Debitur"),
    books=("ledger",), key="code", fields=_fields("Customer", "Pelanggan") + _CUSTOMER_ONLY,
    help_en="One customer a row; Invoices and Payments refer to its code.",
    help_id="Satu pelanggan per baris; Faktur dan Pembayaran merujuk ke kodenya.",
    rules=(machine_text_rule("customers", TAX_FILE_TEXT),),
)

SUPPLIERS = SheetSchema(
    kind="suppliers", en="Suppliers", id="Pemasok", aliases=("Vendors", "Supplier list", "Kreditur"),
    books=("ledger",), key="code", fields=_fields("Supplier", "Pemasok"),
    help_en="One supplier a row; Bills and Payments refer to its code.",
    help_id="Satu pemasok per baris; Tagihan dan Pembayaran merujuk ke kodenya.",
    rules=(machine_text_rule("suppliers", TAX_FILE_TEXT),),
)

SCHEMA = CUSTOMERS

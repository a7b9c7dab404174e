"""``Customers`` / ``Pelanggan`` and ``Suppliers`` / ``Pemasok``: who the company sells to
and buys from.

One party a row, keyed by its *Code*, which Invoices, Bills and Payments refer to.
*Terms (days)* give a document's due date when the document gives none (blank: due
on its date). NPWP is kept as text (16 digits since 2024; Excel would round a
number).
"""

from __future__ import annotations

from backoffice.formula_text import machine_text_rule
from backoffice.schema import Field, Kind, SheetSchema

#: The fields whose text the tax office's import files carry (e-Faktur's NAMA, NPWP and
#: ALAMAT_LENGKAP, e-Bupot's NAMA and NPWP_NIK; the code stands in for an unknown party's
#: name): text a spreadsheet reads as a formula is refused there, not neutralised.
TAX_FILE_TEXT = ("code", "name", "npwp", "address")


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
    )


CUSTOMERS = SheetSchema(
    kind="customers", en="Customers", id="Pelanggan", aliases=("Customer list", "Debitur"),
    books=("ledger",), key="code", fields=_fields("Customer", "Pelanggan"),
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

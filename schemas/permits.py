"""``Permits and contracts`` / ``Izin dan kontrak``: the company's own deadlines.

Each row is a document that runs out: the NIB and sector licences, a lease, an
insurance policy, a vehicle's tax, a supplier contract. The compliance calendar
lists it on the day it expires and reminds *Remind days* ahead (30 when blank);
a *Renewed* date marks it done (:mod:`backoffice.compliance.permits`).
"""

from __future__ import annotations

from backoffice.schema import Choice, Field, Kind, SheetSchema

KINDS = (
    Choice("licence", "Licence (NIB, sector permit)", "Izin (NIB, izin sektor)",
           ("Licence", "License", "Izin", "NIB", "Permit")),
    Choice("lease", "Lease", "Sewa", ("Rent", "Sewa gedung")),
    Choice("insurance", "Insurance", "Asuransi", ("Policy", "Polis")),
    Choice("vehicle", "Vehicle tax", "Pajak kendaraan", ("PKB", "STNK")),
    Choice("contract", "Contract", "Kontrak", ("Supplier contract", "Perjanjian")),
    Choice("other", "Other", "Lainnya"),
)

#: Days ahead the calendar reminds when the row does not say.
DEFAULT_REMIND_DAYS = 30

SCHEMA = SheetSchema(
    kind="permits",
    en="Permits and contracts",
    id="Izin dan kontrak",
    # not "Contracts" / "Kontrak": the people's employment contracts (issue 21) are called that
    aliases=("Permits", "Izin", "Permits and licences", "Izin usaha"),
    books=(),  # added by the office (or the demo), not part of a template yet
    fields=(
        Field("name", "Name", "Nama", Kind.TEXT, required=True, width=30,
              help_en="What it is: 'NIB', 'Office lease Jl. Sudirman', 'Car B 1234 CD'.",
              help_id="Apa itu: 'NIB', 'Sewa kantor Jl. Sudirman', 'Mobil B 1234 CD'."),
        Field("kind", "Kind", "Jenis", Kind.CHOICE, required=True, width=18, choices=KINDS,
              help_en="Licence, lease, insurance, vehicle tax, contract or other.",
              help_id="Izin, sewa, asuransi, pajak kendaraan, kontrak atau lainnya."),
        Field("number", "Number", "Nomor", Kind.TEXT, width=20,
              help_en="The document's number.", help_id="Nomor dokumennya."),
        Field("party", "Issued by or with", "Penerbit atau pihak", Kind.TEXT, width=24,
              help_en="The office that issued it, or the other party.",
              help_id="Instansi penerbit, atau pihak lawan."),
        Field("expires", "Expires", "Berakhir", Kind.DATE, required=True, width=12,
              excel_format="yyyy-mm-dd",
              help_en="The day it runs out (or must be renewed by).",
              help_id="Tanggal berakhir (atau batas perpanjangan)."),
        Field("remind_days", "Remind days", "Hari pengingat", Kind.INTEGER, width=10,
              min_value=0, max_value=3650,
              help_en="Days ahead to remind; blank: 30.",
              help_id="Berapa hari sebelumnya diingatkan; kosong: 30."),
        Field("renewed", "Renewed", "Diperpanjang", Kind.DATE, width=12,
              excel_format="yyyy-mm-dd",
              help_en="The day it was renewed (then the next term is a new row).",
              help_id="Tanggal diperpanjang (masa berikutnya menjadi baris baru)."),
        Field("location", "Where it is", "Lokasi", Kind.TEXT, width=30,
              help_en="A folder path, a link or a shelf.", help_id="Folder, tautan atau rak."),
    ),
    help_en="Licences, leases, insurance, vehicle tax and contracts, with the day each expires.",
    help_id="Izin, sewa, asuransi, pajak kendaraan dan kontrak, dengan tanggal berakhirnya.",
)

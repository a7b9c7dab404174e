"""The Coretax layouts stored in tests/data/coretax: what they are, and that they hold.

The files and their provenance are in tests/data/coretax/README.md; these tests keep
that note true (every sha256), re-derive DJP's XSDs from DJP's converters, prove the
schemas accept DJP's own samples (so a validation failure of ours is ours), and tie
the output tax invoice layout written here to DJP's Excel template column by column.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pytest
from backoffice.schemas.parties import ID_TYPES
from lxml import etree
from python_calamine import CalamineWorkbook

from backoffice.arap import coretax, trxcodes

DATA = Path(__file__).parent / "data" / "coretax"
XS = "{http://www.w3.org/2001/XMLSchema}"


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(DATA / name)))


def sample(archive: str, member: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(DATA / archive).read(member))


def test_every_stored_file_has_the_sha256_its_readme_gives():
    table = re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$",
                       (DATA / "README.md").read_text("utf-8"), re.MULTILINE)
    assert len(table) == 8
    for name, digest in table:
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest, name
    stored = {p.name for p in DATA.iterdir()} - {"README.md"}
    assert stored == {name for name, _digest in table}


@pytest.mark.parametrize(("converter", "xsd"), [("bppu-excel-to-xml-v3.xlsx", "bpu.xsd"),
                                                ("bpmp-excel-to-xml-v3.xlsx", "bpmp.xsd")])
def test_the_xsds_are_the_ones_embedded_in_djps_converters(converter, xsd):
    maps = zipfile.ZipFile(DATA / converter).read("xl/xmlMaps.xml").decode("utf-8")
    embedded = maps[maps.index("<xsd:schema"):maps.index("</xsd:schema>") + 13]
    assert (DATA / xsd).read_bytes().decode("utf-8") == embedded + "\n"


def test_djps_own_bppu_sample_is_valid_against_the_bppu_xsd():
    assert schema("bpu.xsd").validate(sample("bppu.zip", "bppu.xml"))


def test_djps_bpmp_sample_differs_from_its_xsd_only_in_the_etc_facility():
    """DJP's sample writes the facility ETC where its own XSD lists ECT; nothing else in it
    is out of the schema (so the schema is a fair judge of our file)."""
    bpmp = schema("bpmp.xsd")
    document = sample("bpmp.zip", "bpmp.xml")
    assert not bpmp.validate(document)
    assert {re.search(r"The value '([^']*)'", e.message)[1] for e in bpmp.error_log} == {"ETC"}
    fixed = etree.fromstring(etree.tostring(document).replace(b">ETC<", b">ECT<"))
    assert bpmp.validate(fixed)


def _template(sheet: str) -> list[list[object]]:
    workbook = CalamineWorkbook.from_path(str(DATA / "faktur-pk-template-v1.6.1-resaved.xlsx"))
    return workbook.get_sheet_by_name(sheet).to_python()


def _children(name: str) -> list[str]:
    """The element names of ``name``'s sequence in taxinvoice-structure.xsd, in order."""
    root = etree.parse(str(DATA / "taxinvoice-structure.xsd"))
    element = root.find(f".//{XS}element[@name='{name}']")
    return [e.get("name") for e in element.find(f"{XS}complexType/{XS}sequence")
            if e.tag == f"{XS}element"]


#: DJP's template columns (after Baris, the row link) and the XML element each becomes.
FAKTUR_COLUMNS = (
    ("Tanggal Faktur", "TaxInvoiceDate"), ("Jenis Faktur", "TaxInvoiceOpt"),
    ("Kode Transaksi", "TrxCode"), ("Keterangan Tambahan", "AddInfo"),
    ("Dokumen Pendukung", "CustomDoc"), ("Period Dok Pendukung", "CustomDocMonthYear"),
    ("Referensi", "RefDesc"), ("Cap Fasilitas", "FacilityStamp"),
    ("ID TKU Penjual", "SellerIDTKU"), ("NPWP/NIK Pembeli", "BuyerTin"),
    ("Jenis ID Pembeli", "BuyerDocument"), ("Negara Pembeli", "BuyerCountry"),
    ("Nomor Dokumen Pembeli", "BuyerDocumentNumber"), ("Nama Pembeli", "BuyerName"),
    ("Alamat Pembeli", "BuyerAdress"), ("Email Pembeli", "BuyerEmail"),
    ("ID TKU Pembeli", "BuyerIDTKU"))
DETAIL_COLUMNS = (
    ("Barang/Jasa", "Opt"), ("Kode Barang Jasa", "Code"), ("Nama Barang/Jasa", "Name"),
    ("Nama Satuan Ukur", "Unit"), ("Harga Satuan", "Price"), ("Jumlah Barang Jasa", "Qty"),
    ("Total Diskon", "TotalDiscount"), ("DPP", "TaxBase"), ("DPP Nilai Lain", "OtherTaxBase"),
    ("Tarif PPN", "VATRate"), ("PPN", "VAT"), ("Tarif PPnBM", "STLGRate"), ("PPnBM", "STLG"))


def test_the_tax_invoice_layout_follows_djps_template_column_by_column():
    faktur = _template("Faktur")
    assert faktur[0][0] == "NPWP Penjual"  # the seller's NPWP: the file's TIN
    assert [c for c in faktur[2] if c] == ["Baris", *(h for h, _e in FAKTUR_COLUMNS)]
    detail = _template("DetailFaktur")
    assert [c for c in detail[0] if c] == ["Baris", *(h for h, _e in DETAIL_COLUMNS)]
    tax_invoice = _children("TaxInvoice")
    assert tax_invoice == [e for _h, e in FAKTUR_COLUMNS] + ["ListOfGoodService"]
    assert _children("GoodService") == [e for _h, e in DETAIL_COLUMNS]
    assert _children("TaxInvoiceBulk") == ["TIN", "ListOfTaxInvoice"]


def _reference(title: str) -> list[str]:
    """The codes listed under ``title`` in the template's REF-General sheet."""
    codes, inside = [], False
    for row in _template("REF-General"):
        first = str(row[0]).strip() if row and row[0] is not None else ""
        if inside and first and (len(row) < 2 or row[1] in (None, "")):
            break  # the next list's title
        if inside and first:
            codes.append(first)
        inside = inside or first == title
    return codes


def test_the_code_lists_the_exports_use_are_djps():
    assert _reference("Kode Transaksi") == list(trxcodes.MEANINGS)
    assert _reference("Jenis ID Pembeli") == [c.value for c in ID_TYPES]
    assert _reference("Satuan Ukur") == list(coretax.UNITS)
    assert _reference("Barang/Jasa") == ["A", "B"]

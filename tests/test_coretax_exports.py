"""Coretax's XML files from the books, against DJP's layouts and figures worked by hand.

Books are made by ``backoffice new`` (tests/coretaxbook.py) and filled in like a user
would. Every file is validated: the PPh 23 and PPh 21 slips against the XSDs embedded
in DJP's converters, the output tax invoices against the layout of DJP's template
(tests/data/coretax/README.md says where each comes from).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from coretaxbook import fill, new_book, new_ledger, pkp_company, set_settings
from lxml import etree

from backoffice.cli import main

D = dt.date
DATA = Path(__file__).parent / "data" / "coretax"


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(DATA / name)))


def export(capsys, path: Path, name: str, *args: str) -> etree._Element:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    assert main(["report", str(path), name, *args]) == 0, capsys.readouterr().err
    return etree.fromstring(capsys.readouterr().out.encode("utf-8"))


def refused(capsys, path: Path, name: str, *args: str) -> str:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    assert main(["report", str(path), name, *args]) == 2
    return capsys.readouterr().err


def values(element: etree._Element) -> dict[str, str | None]:
    return {child.tag: child.text for child in element}


CUSTOMER = {"code": "C01", "name": "PT Pembeli Jaya", "npwp": "0123456789012345",
            "address": "Jl. Asia Afrika 8, Bandung"}


def sales_book(tmp_path: Path, customers: list[dict], invoices: list[dict],  # type: ignore[type-arg]
               lang: str = "en") -> Path:
    path = new_ledger(tmp_path, lang)
    pkp_company(path)
    fill(path, "customers", customers)
    fill(path, "invoices", invoices)
    return path


def line(number: str, day: dt.date, party: str | None, price: int, quantity: int = 1,
         tax: str = "PPN12", **more: object) -> dict[str, object]:
    return {"number": number, "date": day, "party": party, "description": "Kertas A4",
            "quantity": quantity, "unit_price": price, "tax_code": tax, "item_kind": "A",
            "unit": "UM.0018", **more}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_sale_of_ten_million_with_ppn12_is_one_tax_invoice_code_04(tmp_path, capsys, lang):
    """10 × Rp 1,000,000 with PPN12, to a buyer that is not a VAT collector.

    PMK 131/2024 art. 3: PPN = 12% × DPP nilai lain, DPP nilai lain = 11/12 × price.
        TaxBase       10 × 1,000,000          = 10,000,000
        OtherTaxBase  11/12 × 10,000,000      =  9,166,666.666… -> 9,166,666.67
                      (DJP template, Keterangan: at most 2 decimals, commercial rounding)
        VAT           12% × 9,166,666.67      =  1,100,000.0004 -> 1,100,000
        posted PPN    12% × 11/12 × 10,000,000 = 1,100,000 (the books, rounded down)
    Transaction code 04: DPP nilai lain (PER-1/PJ/2025).
    """
    path = sales_book(tmp_path, [CUSTOMER], [line("INV-1", D(2026, 3, 2), "C01", 1_000_000, 10)],
                      lang)
    root = export(capsys, path, "coretax-faktur-xml")
    assert schema("taxinvoice-structure.xsd").validate(root)
    assert root.findtext("TIN") == "0012345678901000"
    invoice = root.find("ListOfTaxInvoice/TaxInvoice")
    head = values(invoice)
    assert (head["TaxInvoiceDate"], head["TaxInvoiceOpt"], head["TrxCode"]) == \
        ("2026-03-02", "Normal", "04")
    assert (head["RefDesc"], head["SellerIDTKU"]) == ("INV-1", "0012345678901000000000")
    assert (head["BuyerTin"], head["BuyerDocument"], head["BuyerDocumentNumber"],
            head["BuyerIDTKU"], head["BuyerCountry"]) == \
        ("0123456789012345", "TIN", "-", "0123456789012345000000", "IDN")
    goods = values(invoice.find("ListOfGoodService/GoodService"))
    assert goods == {"Opt": "A", "Code": "000000", "Name": "Kertas A4", "Unit": "UM.0018",
                     "Price": "1000000", "Qty": "10", "TotalDiscount": "0",
                     "TaxBase": "10000000", "OtherTaxBase": "9166666.67", "VATRate": "12",
                     "VAT": "1100000", "STLGRate": "0", "STLG": "0"}


def test_the_file_is_the_same_bytes_every_time(tmp_path, capsys):
    path = sales_book(tmp_path, [CUSTOMER], [line("INV-1", D(2026, 3, 2), "C01", 1_000_000)])
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    for target in (first, second):
        assert main(["report", str(path), "coretax-faktur-xml", "--output", str(target)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"')


def test_vat_collectors_get_codes_02_and_03_on_the_same_11_12_base(tmp_path, capsys):
    """DJP's FAQ on PMK 131/2024 and PER-1/PJ/2025: deliveries to a government VAT collector
    keep code 02, to another collector 03, with DPP nilai lain still 11/12; luxury goods
    (PPN12LUX, PMK 131/2024 art. 2) are 01 at 12% of the full price.

        GOV-1   6,000,000 PPN12     DPP NL 5,500,000    VAT 660,000   code 02
        BUMN-1  6,000,000 PPN12     DPP NL 5,500,000    VAT 660,000   code 03
        LUX-1   2,000,000 PPN12LUX  DPP NL 2,000,000    VAT 240,000   code 01
        LUX-2   2,000,000 PPN12LUX  to the government                 code 02
    """
    customers = [CUSTOMER,
                 {**CUSTOMER, "code": "G01", "name": "Dinas Pendidikan",
                  "npwp": "0011223344556000", "vat_collector": "Government treasurer"},
                 {**CUSTOMER, "code": "B01", "name": "PT Persero", "npwp": "0099887766554000",
                  "vat_collector": "Other designated collector"}]
    path = sales_book(tmp_path, customers, [
        line("GOV-1", D(2026, 4, 1), "G01", 6_000_000),
        line("BUMN-1", D(2026, 4, 2), "B01", 6_000_000),
        line("LUX-1", D(2026, 4, 3), "C01", 2_000_000, tax="PPN12LUX"),
        line("LUX-2", D(2026, 4, 4), "G01", 2_000_000, tax="PPN12LUX")])
    root = export(capsys, path, "coretax-faktur-xml")
    assert schema("taxinvoice-structure.xsd").validate(root)
    found = {i.findtext("RefDesc"): (i.findtext("TrxCode"),
                                     i.findtext("ListOfGoodService/GoodService/OtherTaxBase"),
                                     i.findtext("ListOfGoodService/GoodService/VAT"))
             for i in root.iter("TaxInvoice")}
    assert found == {"GOV-1": ("02", "5500000", "660000"), "BUMN-1": ("03", "5500000", "660000"),
                     "LUX-1": ("01", "2000000", "240000"), "LUX-2": ("02", "2000000", "240000")}


def test_a_buyer_with_a_passport_is_named_by_it(tmp_path, capsys):
    """The template's Keterangan: a buyer that is not a TIN gets NPWP/NIK 0000000000000000,
    its document type and number, and ID TKU 000000."""
    tourist = {"code": "T01", "name": "John Smith", "address": "Orchard Road 1, Singapore",
               "id_type": "Passport", "id_number": "K1234567", "country": "SGP"}
    path = sales_book(tmp_path, [tourist], [line("INV-9", D(2026, 5, 5), "T01", 500_000)])
    head = values(export(capsys, path, "coretax-faktur-xml").find("ListOfTaxInvoice/TaxInvoice"))
    assert (head["BuyerTin"], head["BuyerDocument"], head["BuyerDocumentNumber"],
            head["BuyerCountry"], head["BuyerIDTKU"]) == \
        ("0000000000000000", "Passport", "K1234567", "SGP", "000000")


def test_line_vat_follows_the_template_and_stays_within_a_rupiah_of_the_books(tmp_path, capsys):
    """INV-001 of the golden tests: 10 × 1,000,000 + 1 × 2,345,678 with PPN12.

        line 1  TaxBase 10,000,000  OtherTaxBase 9,166,666.67   VAT 1,100,000.00
        line 2  TaxBase  2,345,678  OtherTaxBase 2,150,204.83   VAT   258,024.58
                (11/12 × 2,345,678 = 2,150,204.8333…; 12% × 2,150,204.83 = 258,024.5796)
        lines' VAT 1,358,024.58; posted 1,358,024 (12,345,678 × 11% rounded down): the
        difference 0.58 is under a rupiah, so the file is written.
    """
    path = sales_book(tmp_path, [CUSTOMER], [
        line("INV-001", D(2026, 3, 2), "C01", 1_000_000, 10),
        line("INV-001", None, None, 2_345_678, description="Tinta")])
    goods = export(capsys, path, "coretax-faktur-xml").findall(".//GoodService")
    assert [(g.findtext("TaxBase"), g.findtext("OtherTaxBase"), g.findtext("VAT"))
            for g in goods] == [("10000000", "9166666.67", "1100000"),
                                ("2345678", "2150204.83", "258024.58")]


def test_a_tax_invoice_that_cannot_be_written_is_refused_naming_the_cells(tmp_path, capsys):
    nobody = {"code": "C02", "name": "Toko Tanpa NPWP", "address": "Bandung"}
    path = sales_book(tmp_path, [CUSTOMER, nobody], [
        line("INV-1", D(2026, 3, 2), "C01", 1_000_000, unit=None),
        line("INV-2", D(2026, 3, 3), "C02", 1_000_000)])
    error = refused(capsys, path, "coretax-faktur-xml")
    assert "Invoices!" in error and "UM.0001-UM.0039" in error  # INV-1's Unit cell
    assert "C02 has no NPWP or identity document (INV-2)" in error
    assert main(["check", str(path), "--no-marks"]) == 0  # warnings only: the books post
    out = capsys.readouterr().out
    assert "C02 Toko Tanpa NPWP has no NPWP and no identity document, but is on INV-2" in out


def test_without_the_company_npwp_the_files_are_refused(tmp_path, capsys):
    path = sales_book(tmp_path, [CUSTOMER], [line("INV-1", D(2026, 3, 2), "C01", 1_000_000)])
    set_settings(path, {"npwp": None})
    for name in ("coretax-faktur-xml", "coretax-bupot-unifikasi-xml"):
        assert "Company NPWP is not a 16-digit NPWP (empty)" in refused(capsys, path, name)


def test_the_period_selects_the_invoices(tmp_path, capsys):
    path = sales_book(tmp_path, [CUSTOMER], [line("INV-3", D(2026, 3, 31), "C01", 100_000),
                                             line("INV-4", D(2026, 4, 1), "C01", 100_000)])
    root = export(capsys, path, "coretax-faktur-xml", "--period", "2026-04")
    assert [i.findtext("RefDesc") for i in root.iter("TaxInvoice")] == ["INV-4"]
    assert "Nothing to export" in refused(capsys, path, "coretax-faktur-xml", "--period",
                                          "2026-05")


# -- PPh 23 (e-Bupot Unifikasi) -------------------------------------------------------

SUPPLIERS = [{"code": "S01", "name": "PT Konsultan Prima", "npwp": "0111222233334444"},
             {"code": "S02", "name": "Budi Konsultan", "id_type": "National ID",
              "id_number": "3273012505800007"}]


def withholding_book(tmp_path: Path, lang: str = "en") -> Path:
    """BILL-1: consulting 5,000,000 + PPN, PPh 23 2% withheld on the bill = 100,000.
    BILL-2: 3,000,000 from an individual (NIK), PPh 23 withheld at payment = 60,000,
    so the slip's base is 60,000 / 2% = 3,000,000 (UU PPh art. 23(1)c; PMK 141/2015)."""
    path = new_ledger(tmp_path, lang)
    pkp_company(path)
    fill(path, "suppliers", SUPPLIERS)
    fill(path, "bills", [
        {"number": "BILL-1", "date": D(2026, 3, 12), "party": "S01", "description": "Audit",
         "quantity": 1, "unit_price": 5_000_000, "tax_code": "PPN12", "withholding": "PPH23",
         "tax_invoice": "04002600000012345"},
        {"number": "BILL-2", "date": D(2026, 3, 14), "party": "S02", "description": "Advice",
         "quantity": 1, "unit_price": 3_000_000}])
    fill(path, "payments", [
        {"number": "PAY-2", "date": D(2026, 3, 20), "type": "Paid", "party": "S02",
         "account": "1102", "amount": 2_940_000, "document": "BILL-2",
         "withheld": 60_000}])
    return path


@pytest.mark.parametrize("lang", ["en", "id"])
def test_pph23_slips_from_bills_and_payments_follow_djps_xsd(tmp_path, capsys, lang):
    root = export(capsys, withholding_book(tmp_path, lang), "coretax-bupot-unifikasi-xml")
    assert schema("bpu.xsd").validate(root), schema("bpu.xsd").error_log
    djp = etree.fromstring(zipfile.ZipFile(DATA / "bppu.zip").read("bppu.xml"))
    assert [c.tag for c in root.find("ListOfBpu/Bpu")] == \
        [c.tag for c in djp.find("ListOfBpu/Bpu")]
    slips = [values(b) for b in root.iter("Bpu")]
    assert [(s["CounterpartTin"], s["IDPlaceOfBusinessActivityOfIncomeRecipient"],
             s["TaxObjectCode"], s["TaxBase"], s["Rate"], s["Document"], s["DocumentNumber"],
             s["DocumentDate"], s["WithholdingDate"], s["TaxPeriodMonth"]) for s in slips] == [
        ("0111222233334444", "0111222233334444000000", "24-104-03", "5000000", "2",
         "TaxInvoice", "04002600000012345", "2026-03-12", "2026-03-12", "3"),
        ("3273012505800007", "3273012505800007000000", "24-104-03", "3000000", "2",
         "CommercialInvoice", "BILL-2", "2026-03-14", "2026-03-20", "3")]
    assert {(s["IDPlaceOfBusinessActivity"], s["TaxCertificate"], s["GovTreasurerOpt"])
            for s in slips} == {("0012345678901000000000", "N/A", "N/A")}
    assert root.find("ListOfBpu/Bpu/SP2DNumber").get(
        "{http://www.w3.org/2001/XMLSchema-instance}nil") == "true"


def test_a_withholding_credit_note_is_refused_for_the_slip_to_be_corrected(tmp_path, capsys):
    path = withholding_book(tmp_path)
    fill(path, "bills", [{"number": "BCN-1", "date": D(2026, 3, 25), "party": "S01",
                          "type": "Credit note", "applies_to": "BILL-1", "description": "Audit",
                          "quantity": 1, "unit_price": 1_000_000, "tax_code": "PPN12",
                          "withholding": "PPH23"}])
    assert "credit note BCN-1 reduces PPh 23 withheld" in \
        refused(capsys, path, "coretax-bupot-unifikasi-xml")


# -- PPh 21 monthly slips (BPMP) ------------------------------------------------------

def payroll_book(tmp_path: Path, employees: list[dict], lang: str = "en") -> Path:  # type: ignore[type-arg]
    path = new_book(tmp_path, "payroll", lang)
    set_settings(path, {"npwp": "0012345678901000"})
    fill(path, "employees", employees)
    return path


def employee(code: str, basic: int, **more: object) -> dict[str, object]:
    return {"employee": code, "name": f"Pegawai {code}", "from": D(2026, 1, 1), "ptkp": "TK/0",
            "basic": basic, "auto_bpjs": "no", "npwp": "3171011505900001",
            "position": "Staf keuangan", **more}


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_months_pph21_slips_follow_djps_xsd(tmp_path, capsys, lang):
    """March 2026, no BPJS computed, so the gross is the basic salary:

        E01 TK/0 (TER A) gross 10,000,000: 9,650,000 < 10,000,000 <= 10,050,000 -> 2%
        E02 K/2  (TER B) gross  7,000,000: 6,850,000 < 7,000,000 <= 7,300,000   -> 0.75%
            a foreign employee: CounterpartOpt Foreign, with the passport
    (PP 58/2023, Lampiran A and B.)"""
    path = payroll_book(tmp_path, [
        employee("E01", 10_000_000),
        employee("E02", 7_000_000, ptkp="K/2", npwp="3273062212790005",
                 citizenship="Foreign", passport="X1234567", position="Engineer")], lang)
    root = export(capsys, path, "coretax-bupot21-xml", "--period", "2026-03")
    assert schema("bpmp.xsd").validate(root), schema("bpmp.xsd").error_log
    djp = etree.fromstring(zipfile.ZipFile(DATA / "bpmp.zip").read("bpmp.xml"))
    assert [c.tag for c in root.find("ListOfMmPayroll/MmPayroll")] == \
        [c.tag for c in djp.find("ListOfMmPayroll/MmPayroll")]
    slips = [values(m) for m in root.iter("MmPayroll")]
    assert [(s["CounterpartOpt"], s["CounterpartPassport"], s["CounterpartTin"],
             s["StatusTaxExemption"], s["Gross"], s["Rate"], s["TaxObjectCode"],
             s["TaxCertificate"], s["WithholdingDate"]) for s in slips] == [
        ("Resident", None, "3171011505900001", "TK/0", "10000000", "2", "21-100-01", "N/A",
         "2026-03-31"),
        ("Foreign", "X1234567", "3273062212790005", "K/2", "7000000", "0.75", "21-100-01",
         "N/A", "2026-03-31")]


def test_december_is_an_annual_slip_and_is_not_offered(tmp_path, capsys):
    path = payroll_book(tmp_path, [employee("E01", 10_000_000)])
    error = refused(capsys, path, "coretax-bupot21-xml", "--period", "2026-12")
    assert "December and a leaver's last month are A1 slips" in error


def test_an_employee_without_position_or_nik_is_refused_by_cell(tmp_path, capsys):
    path = payroll_book(tmp_path, [employee("E01", 10_000_000, position=None, npwp="12345")])
    error = refused(capsys, path, "coretax-bupot21-xml", "--period", "2026-02")
    assert "E01 has no NIK or NPWP of 16 digits (12345)" in error
    assert "E01 has no position" in error
    assert "Employees!" in error


def test_the_pph21_file_is_one_month(tmp_path, capsys):
    path = payroll_book(tmp_path, [employee("E01", 10_000_000)])
    assert main(["report", str(path), "coretax-bupot21-xml"]) == 2
    assert "--period YYYY-MM" in capsys.readouterr().err


def test_xml_reports_refuse_another_format(tmp_path, capsys):
    path = sales_book(tmp_path, [CUSTOMER], [line("INV-1", D(2026, 3, 2), "C01", 1_000_000)])
    assert main(["report", str(path), "coretax-faktur-xml", "--format", "json"]) == 2
    assert main(["report", str(path), "tax-summary", "--format", "xml"]) == 2


def test_a_pph23_recipient_named_by_passport_is_refused(tmp_path, capsys):
    """A PPh 23 slip's income recipient is a resident, named by NPWP or NIK; a passport
    holder's slip is PPh 26 (BPNR), which backoffice does not write."""
    path = new_ledger(tmp_path)
    pkp_company(path)
    fill(path, "suppliers", [{"code": "S09", "name": "Mr Lee", "id_type": "Passport",
                              "id_number": "E7654321"}])
    fill(path, "bills", [{"number": "B9", "date": D(2026, 3, 2), "party": "S09",
                          "quantity": 1, "unit_price": 1_000_000, "withholding": "PPH23"}])
    assert "names S09 by NPWP or NIK (16 digits)" in \
        refused(capsys, path, "coretax-bupot-unifikasi-xml")

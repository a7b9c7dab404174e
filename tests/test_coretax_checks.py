"""Check warns at the cell when a party of a taxed document lacks what Coretax's files need.

A tax invoice names its buyer by NPWP (16 digits; PMK 112/2022) or by another identity
document, and a NITKU of 22 digits that starts with the NPWP (DJP's Faktur PK template,
Keterangan sheet); a withholding slip names the income recipient the same way. Parties
that appear in no taxed document need none of it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from coretaxbook import fill, new_ledger, pkp_company, set_settings

from backoffice.checking import check

D = dt.date


def book(tmp_path, customers, invoices, suppliers=(), bills=(), lang="en", pkp=True):  # type: ignore[no-untyped-def]
    path = new_ledger(tmp_path, lang)
    pkp_company(path)
    if not pkp:
        set_settings(path, {"pkp": "no"})
    fill(path, "customers", list(customers))
    fill(path, "suppliers", list(suppliers))
    fill(path, "invoices", list(invoices))
    fill(path, "bills", list(bills))
    return path


def sale(number: str, party: str, tax: str | None = "PPN12") -> dict[str, object]:
    return {"number": number, "date": D(2026, 3, 2), "party": party, "quantity": 1,
            "unit_price": 1_000_000, "tax_code": tax}


def warnings(path) -> list[tuple[str, str | None, str | None, str]]:  # type: ignore[no-untyped-def]
    return sorted((i.code, i.sheet, i.cell, i.severity) for i in check(str(path)).issues)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_buyer_of_a_taxed_invoice_without_any_identity_is_warned_at_its_npwp(tmp_path, lang):
    path = book(tmp_path, [{"code": "C01", "name": "Toko A"}, {"code": "C02", "name": "Toko B"}],
                [sale("INV-1", "C01"), sale("INV-2", "C02", tax=None)], lang=lang)
    customers = "Pelanggan" if lang == "id" else "Customers"
    # C02 bought without PPN: no tax invoice, nothing to warn about
    assert warnings(path) == [("arap-coretax-identity-missing", customers, "C2", "warning")]
    issue = check(str(path)).issues[0]
    message, _fix = issue.message(lang)
    assert "C01 Toko A" in message and "INV-1" in message


def test_an_npwp_or_nitku_that_is_not_one_is_warned(tmp_path):
    path = book(tmp_path, [
        {"code": "C01", "name": "Toko A", "npwp": "01234"},
        {"code": "C02", "name": "Toko B", "npwp": "0123456789012345",
         "nitku": "0999999999999999000001"},
        {"code": "C03", "name": "Cabang C", "npwp": "0123456789012346",
         "nitku": "0123456789012346000007"},  # a branch: right
        {"code": "C04", "name": "Ibu D", "id_type": "National ID"}],
        [sale("INV-1", "C01"), sale("INV-2", "C02"), sale("INV-3", "C03"), sale("INV-4", "C04")])
    assert warnings(path) == [
        ("arap-coretax-identity-missing", "Customers", "I5", "warning"),  # ID number, C04
        ("arap-coretax-nitku-invalid", "Customers", "G3", "warning"),
        ("arap-coretax-npwp-invalid", "Customers", "C2", "warning")]


def test_a_supplier_we_withhold_from_needs_an_identity(tmp_path):
    path = book(tmp_path, [], [], suppliers=[{"code": "S01", "name": "Pak Budi"},
                                             {"code": "S02", "name": "PT Tanpa Potong"}],
                bills=[{"number": "B1", "date": D(2026, 3, 4), "party": "S01", "quantity": 1,
                        "unit_price": 2_000_000, "withholding": "PPH23"},
                       {"number": "B2", "date": D(2026, 3, 4), "party": "S02", "quantity": 1,
                        "unit_price": 2_000_000, "tax_code": "PPN12"}])
    assert warnings(path) == [("arap-coretax-identity-missing", "Suppliers", "C2", "warning")]


def test_a_company_that_is_not_pkp_issues_no_tax_invoices(tmp_path):
    path = book(tmp_path, [{"code": "C01", "name": "Toko A"}], [sale("INV-1", "C01")],
                pkp=False)
    assert [w for w in warnings(path) if w[0].startswith("arap-coretax")] == []

"""Every tax export on every kind of book: it answers, or refuses with exit 2, never exit 4.

Issue 14, item 5: bupot-csv crashed (exit 4) on any book made by ``new ledger``,
because the tests only used books written by hand. Here each export runs on a new
English and Indonesian ledger (empty, and filled in as a PKP company), the demo
company's books, a book in a foreign currency and the wrong kind of book.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from coretaxbook import fill, new_book, new_ledger, pkp_company, set_settings

from backoffice.cli import main

D = dt.date
LEDGER_EXPORTS = ("tax-summary", "efaktur-csv", "bupot-csv", "coretax-faktur-xml",
                  "coretax-bupot-unifikasi-xml", "efaktur-input-reconciliation")
ALL = (*LEDGER_EXPORTS, "coretax-bupot21-xml")


def _download(folder: Path) -> Path:
    """A Coretax input-VAT download with one invoice none of these books has."""
    path = folder / "pajak-masukan.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["NPWP Penjual", "Nama Penjual", "Nomor Faktur Pajak",
                            "Tanggal Faktur Pajak", "Status Faktur", "DPP Nilai Lain/DPP", "PPN"])
    workbook.active.append(["0111222233334444", "PT Satu", "04002500000000001", "2025-03-05",
                            "APPROVED", 1_100_000, 132_000])
    workbook.save(path)
    return path


def _filled(folder: Path, lang: str, currency: str | None = None) -> Path:
    path = new_ledger(folder, lang, f"filled-{lang}-{currency or 'idr'}.xlsx")
    pkp_company(path)
    fill(path, "rates", [{"date": D(2025, 1, 1), "currency": "USD", "rate": 16_000}])
    fill(path, "customers", [{"code": "C01", "name": "PT Pembeli", "npwp": "0123456789012345",
                              "address": "Bandung"}])
    fill(path, "suppliers", [{"code": "S01", "name": "PT Konsultan",
                              "npwp": "0111222233334444"}])
    fill(path, "invoices", [{"number": "I1", "date": D(2025, 3, 2), "party": "C01",
                             "currency": currency, "quantity": 1, "unit_price": 1_000_000,
                             "tax_code": "PPN12", "item_kind": "A", "unit": "UM.0018"}])
    fill(path, "bills", [{"number": "B1", "date": D(2025, 3, 3), "party": "S01",
                          "currency": currency, "quantity": 1, "unit_price": 2_000_000,
                          "tax_code": "PPN12", "withholding": "PPH23"}])
    return path


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("matrix")
    assert main(["demo", str(folder / "demo")]) == 0
    payroll = new_book(folder, "payroll", "en")
    set_settings(payroll, {"npwp": "0012345678901000"})
    return {"new-en": new_ledger(folder, "en", "new-en.xlsx"),
            "new-id": new_ledger(folder, "id", "new-id.xlsx"),
            "filled-en": _filled(folder, "en"), "filled-id": _filled(folder, "id"),
            "foreign": _filled(folder, "en", "USD"),
            "demo": folder / "demo" / "ledger.xlsx", "demo-payroll": folder / "demo" /
            "payroll.xlsx", "payroll": payroll, "download": _download(folder)}


#: (book, export) -> exit code; 2 is a refusal that says what to do (asserted below).
EXPECTED = {
    **{(b, e): 0 for b in ("new-en", "new-id") for e in ("tax-summary", "efaktur-csv",
                                                         "bupot-csv",
                                                         "efaktur-input-reconciliation")},
    **{(b, e): 2 for b in ("new-en", "new-id") for e in ("coretax-faktur-xml",
                                                         "coretax-bupot-unifikasi-xml",
                                                         "coretax-bupot21-xml")},
    **{(b, e): 0 for b in ("filled-en", "filled-id") for e in LEDGER_EXPORTS},
    **{(b, "coretax-bupot21-xml"): 2 for b in ("filled-en", "filled-id", "foreign", "demo")},
    **{("foreign", e): 0 for e in ("tax-summary", "efaktur-csv", "bupot-csv",
                                   "efaktur-input-reconciliation")},
    ("foreign", "coretax-faktur-xml"): 2, ("foreign", "coretax-bupot-unifikasi-xml"): 2,
    **{("demo", e): 0 for e in ("tax-summary", "efaktur-csv", "bupot-csv",
                                "coretax-faktur-xml", "efaktur-input-reconciliation")},
    ("demo", "coretax-bupot-unifikasi-xml"): 2,  # the demo withholds no PPh 23
    ("demo-payroll", "coretax-bupot21-xml"): 0,
    # the wrong kind of book: every ledger report and file is refused on a payroll book,
    # saying what the book is and what the report needs (issue 17 item 2; before, the
    # tables came out empty)
    **{(b, e): 2 for b in ("payroll", "demo-payroll") for e in ("coretax-faktur-xml",
                                                                "coretax-bupot-unifikasi-xml",
                                                                "tax-summary", "efaktur-csv",
                                                                "bupot-csv",
                                                                "efaktur-input-reconciliation")},
    ("payroll", "coretax-bupot21-xml"): 2,  # no employee
}


@pytest.mark.parametrize(("book", "export"), sorted(EXPECTED))
def test_every_export_on_every_book(books, capsys, book, export):
    args = ["report", str(books[book]), export, "--period", "2025-03"]
    if export == "efaktur-input-reconciliation":
        args += ["--coretax", str(books["download"])]
    capsys.readouterr()
    code = main(args)
    err = capsys.readouterr().err
    assert code == EXPECTED[book, export], err
    assert "internal error" not in err and "galat internal" not in err
    if code == 2:  # a refusal says what is wrong and what to do, on one line
        assert err.strip() and len(err.strip().splitlines()) == 1


def test_a_foreign_invoice_without_its_kmk_rate_is_refused_naming_it(books, capsys):
    main(["report", str(books["foreign"]), "coretax-faktur-xml"])
    assert "I1 is in USD and Tax exchange rates has no USD rate for 2025-03-02" in \
        capsys.readouterr().err


def test_a_foreign_invoice_goes_into_the_file_in_rupiah_at_the_kmk_rate(tmp_path, capsys):
    """USD 1,200.00 of goods under PPN12 on 2 March 2025, in the week of a (test) KMK rate of
    Rp16.250,50 while the ledger's own rate is 16,000 (PP 44/2022 Ps. 21(1): the KMK rate).
    Worked by hand: DPP 1,200 × 16.250,50 = 19.500.600,00; DPP nilai lain 11/12 of it =
    17.875.550,00 (PMK 131/2024 art. 3); PPN 12% of that = 2.145.066,00."""
    from lxml import etree

    path = _filled(tmp_path, "en", "USD")
    fill(path, "rates", [{"date": D(2025, 3, 1), "currency": "USD", "rate": 16_000}])
    fill(path, "kmk_rates", [{"valid_from": D(2025, 2, 26), "valid_to": D(2025, 3, 4),
                              "currency": "USD", "rate": 16_250.5, "kmk": "T-1/KM.10/2025"}])
    book = openpyxl.load_workbook(path)
    sheet = book["Invoices"]
    header = [c.value for c in sheet[1]]
    sheet.cell(2, header.index("Unit price") + 1).value = 1200
    book.save(path)
    out = tmp_path / "faktur.xml"
    assert main(["report", str(path), "coretax-faktur-xml", "--period", "2025-03",
                 "--output", str(out)]) == 0, capsys.readouterr().err
    item = etree.parse(str(out)).find(".//GoodService")
    assert [Decimal(item.findtext(k)) for k in ("Price", "TaxBase", "OtherTaxBase", "VAT")] == \
        [Decimal("19500600.00"), Decimal("19500600.00"), Decimal("17875550.00"),
         Decimal("2145066.00")]

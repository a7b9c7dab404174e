"""Check on receivables and payables: each mistake is reported on its cell, in both languages."""

from __future__ import annotations

import datetime as dt

from arapbook import SETTINGS, arap_book

from backoffice.checking import check
from backoffice.ledger.posting import post

D = dt.date


def _issues(path):  # type: ignore[no-untyped-def]
    report = check(str(path))
    return {(i.code, i.sheet, i.cell) for i in report.issues}, report


def test_unknown_customer_tax_code_and_account_are_marked_on_their_cells(make_book):
    path = arap_book(make_book, invoices=[
        ["INV-1", D(2026, 3, 2), "C99", None, None, None, "Goods", 1, 100, "PPN99", "9999"],
        ["INV-2", D(2026, 3, 2), "C01", None, None, None, "Goods", 1, 100, "PPH23", None],
        ["INV-3", D(2024, 3, 2), "C01", None, None, None, "Goods", 1, 100, "PPN12", None],
    ])
    found, report = _issues(path)
    assert found == {("arap-party-unknown", "Invoices", "C2"),
                     ("arap-tax-code-unknown", "Invoices", "J2"),
                     ("account-unknown", "Invoices", "K2"),
                     ("arap-tax-code-unknown", "Invoices", "J3"),  # a withholding code as PPN
                     ("arap-tax-code-not-effective", "Invoices", "J4")}
    message = next(i for i in report.issues if i.cell == "J4").message("id")[0]
    assert message == "Kode pajak PPN12 tidak berlaku pada 2024-03-02 (berlaku 2025-01-01 – …)."
    assert post(str(path)).sheets == ()


def test_a_document_whose_lines_disagree_or_lack_a_header(make_book):
    path = arap_book(make_book, invoices=[
        ["INV-1", D(2026, 3, 2), "C01", None, None, None, "Goods", 1, 100, None, None],
        ["INV-1", D(2026, 3, 3), None, None, None, "USD", "More", 1, 100, None, None],
        ["INV-2", None, "C01", None, None, None, "Goods", 1, 100, None, None],
        ["CN-1", D(2026, 3, 4), "C02", "Credit note", "INV-1", None, "Back", 1, 50, None, None],
    ])
    found, report = _issues(path)
    assert found == {("arap-header-differs", "Invoices", "B3"),
                     ("arap-currency-differs", "Invoices", "F3"),
                     ("arap-header-missing", "Invoices", "B4"),
                     ("arap-applies-to-unknown", "Invoices", "E5")}
    differs = next(i for i in report.issues if i.code == "arap-header-differs")
    assert differs.message("en")[0] == ("Date of document INV-1 is '2026-03-03' here but "
                                        "'2026-03-02' on row 2.")


def test_allocations_to_unknown_or_other_partys_documents_and_over_allocation(make_book):
    path = arap_book(make_book, invoices=[
        ["INV-1", D(2026, 3, 2), "C01", None, None, None, "Goods", 1, 1000, None, None],
        ["INV-2", D(2026, 3, 2), "C02", None, None, None, "Goods", 1, 1000, None, None],
        ["INV-3", D(2026, 3, 2), "C01", None, None, None, "Goods", 1, 1000, None, None],
    ], payments=[
        # R-1 settles INV-1 (1,000 of the 1,500 asked) and leaves 500 as C01's credit.
        ["R-1", D(2026, 3, 9), "Received", "C01", "1102", 1500, None, None, "INV-9", 10, None,
         None],
        ["R-1", None, None, None, None, None, None, None, "INV-2", 10, None, None],
        ["R-1", None, None, None, None, None, None, None, "INV-1", 1500, None, None],
        ["R-2", D(2026, 3, 9), "Received", "C01", "1102", 300, None, None, None, None, None,
         None],  # 300 more credit: 800 in all
        ["R-3", D(2026, 3, 9), "Received", "C02", "1102", 10, None, None, "INV-2", 900, None,
         None],
        ["R-4", D(2026, 3, 10), "Credit applied", "C01", None, None, None, None, "INV-3", 900,
         None, None],
    ])
    found, report = _issues(path)
    assert found == {("arap-document-unknown", "Payments", "I2"),
                     ("arap-allocation-other-party", "Payments", "I3"),
                     ("arap-over-allocated", "Payments", "J4"),
                     ("arap-payment-short", "Payments", "F6"),
                     ("arap-credit-not-available", "Payments", "A7")}
    short = next(i for i in report.issues if i.code == "arap-payment-short")
    assert short.message("en")[0] == (
        "Payment R-3 allocates IDR 900,00 but brings IDR 10,00, IDR 890,00 short (more than "
        "the tolerance IDR 100,00).")


def test_missing_settings_and_numbers_used_twice(make_book):
    settings = [row for row in SETTINGS if row[0] not in ("Receivables account",
                                                          "Exchange gain/loss account")]
    path = arap_book(make_book, settings=settings, invoices=[
        ["OPEN", D(2026, 3, 2), "C01", None, None, None, "Goods", 1, 1000, None, None],
        ["INV-1", D(2026, 3, 2), "C01", None, None, None, "Goods", 1, 1000, None, None],
    ], bills=[["INV-1", D(2026, 3, 2), "S01", None, "Goods", 1, 1000, None, None, None]])
    found, report = _issues(path)
    assert found == {("arap-number-taken", "Invoices", "A2"),
                     ("arap-number-taken", "Bills", "A2"),
                     ("arap-setting-missing", "Settings", None)}
    missing = next(i for i in report.issues if i.code == "arap-setting-missing")
    assert missing.message("en")[0] == ("The setting Receivables account is needed for "
                                        "Invoices row 2.")


def test_a_dpp_factor_that_is_not_a_fraction_and_a_foreign_document_without_a_rate(make_book):
    path = make_book({
        "Settings": SETTINGS,
        "Accounts": [["Code", "Name", "Type"], ["1201", "AR", "asset"],
                     ["4101", "Sales", "income"], ["2102", "PPN", "liability"]],
        "Customers": [["Code", "Name"], ["C01", "A"]],
        "Tax codes": [["Code", "Kind", "Rate (%)", "DPP factor", "Sales account"],
                      ["PPN12", "PPN", 12, "11/12", "2102"], ["BAD", "PPN", 12, "12/11", "2102"]],
        "Invoices": [["Number", "Date", "Customer", "Currency", "Unit price", "Tax code"],
                     ["INV-1", D(2026, 3, 2), "C01", "EUR", 100, "PPN12"]]})
    found, _report = _issues(path)
    assert ("arap-dpp-factor-invalid", "Tax codes", "D3") in found
    assert ("arap-rate-missing", "Invoices", "B2") in found

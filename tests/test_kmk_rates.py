"""The Minister of Finance's weekly tax rates (kurs pajak, KMK) kept in the book.

The PPN of a foreign-currency invoice is converted into rupiah at the KMK rate
in force when its tax invoice is due (PP 44/2022 Ps. 21(1)), not at the
ledger's transaction rate. The rate and decree number below are test figures,
not a real week's decree.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from arapbook import arap_book

from backoffice.arap import reports
from backoffice.books import open_book
from backoffice.checking import check, check_and_read
from backoffice.kmk_rates import TaxRates
from backoffice.ledger.reports import Options

D = dt.date
KMK_HEADER = ["Valid from", "Valid to", "Currency", "Rate (IDR per unit)", "KMK number"]
WEEK = [D(2026, 3, 4), D(2026, 3, 10), "USD", 16250.5, "T-1/KM.10/2026 (test)"]
# To C01, a customer with an NPWP, so that the only question the book raises is the rate.
USD_INVOICE = ["INV-USD", D(2026, 3, 5), "C01", None, None, "USD", "Consulting", 1, 1200,
               "PPN12", None]


def _book(make_book, kmk_rows, invoices=(USD_INVOICE,)):  # type: ignore[no-untyped-def]
    path = arap_book(make_book, invoices=list(invoices))
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("Kurs pajak")
    for row in [KMK_HEADER, *kmk_rows]:
        sheet.append(row)
    book.save(path)
    return path


def _data(path):  # type: ignore[no-untyped-def]
    with open_book(str(path)) as book:
        report, read = check_and_read(book, "en")
    return report, read.data


def test_the_ppn_base_of_a_usd_invoice_uses_the_kmk_rate_of_its_date(make_book):
    """USD 1,200 of consulting with PPN12 (12% of a DPP of 11/12): DPP USD 1,100.00, PPN
    USD 132.00. At the KMK rate of the week of 5 March 2026 (16,250.50 in this test):
    DPP 1,100 x 16,250.50 = Rp 17,875,550.00 and PPN 132 x 16,250.50 = Rp 2,145,066.00;
    the ledger's transaction rate (Rates: 16,000) would have given 17,600,000 and
    2,112,000."""
    path = _book(make_book, [WEEK])
    report, data = _data(path)
    assert report.valid and not report.warnings, report.flatten("code", "cell")
    summary = reports.build("tax-summary", data, Options(), "en")
    march = summary.rows[0]
    assert (march[0], march[1], march[2]) == ("2026-03", Decimal("17875550.00"),
                                               Decimal("2145066.00"))


def test_a_usd_invoice_without_a_kmk_rate_is_a_warning_at_its_date(make_book):
    path = _book(make_book, [[D(2026, 3, 11), D(2026, 3, 17), "USD", 16300, "T-2 (test)"]])
    report = check(str(path))
    assert [(i.code, i.sheet, i.cell, i.value) for i in report.issues] == \
        [("tax-rate-missing", "Invoices", "B2", "INV-USD")]
    message, fix = report.issues[0].message("en")
    assert "has no USD rate for 2026-03-05" in message and "PP 44/2022" in fix
    assert "kurs pajak" in report.issues[0].message("id")[1]
    # Meanwhile the summary falls back to the ledger's rate, as before.
    summary = reports.build("tax-summary", _data(path)[1], Options(), "en")
    assert summary.rows[0][1:3] == (Decimal("17600000.00"), Decimal("2112000.00"))


def test_the_sheet_refuses_reversed_weeks_overlaps_and_rates_below_zero(make_book):
    path = _book(make_book, [
        WEEK,
        [D(2026, 3, 10), D(2026, 3, 16), "USD", 16300, None],      # overlaps the first week
        [D(2026, 3, 25), D(2026, 3, 18), "USD", 16300, None],      # ends before it starts
        [D(2026, 3, 4), D(2026, 3, 10), "SGD", 0, None],           # not above zero
    ], invoices=())
    report = check(str(path))
    assert sorted((i.code, i.cell) for i in report.issues) == [
        ("rate-not-positive", "D5"), ("tax-rate-overlap", "A3"),
        ("tax-rate-period-reversed", "B4")]


def test_a_day_takes_the_rate_of_the_week_that_holds_it(make_book):
    path = _book(make_book, [WEEK, [D(2026, 3, 11), D(2026, 3, 17), "USD", 16300, "T-2"]],
                 invoices=())
    rates = TaxRates.of_book(_data(path)[1])
    assert rates.on("USD", D(2026, 3, 3)) is None
    assert rates.on("USD", D(2026, 3, 10)).rate == Decimal("16250.5")
    assert (rates.on("USD", D(2026, 3, 11)).rate, rates.on("USD", D(2026, 3, 11)).kmk) == \
        (Decimal("16300"), "T-2")
    assert rates.on("SGD", D(2026, 3, 11)) is None

"""Golden scenarios: every journal line Post generates, against figures worked by hand.

Each test writes a real .xlsx ledger book (tests/arapbook.py: a PKP company, Rp100
tolerance, USD at 16,000 from March and 16,500 from April 2026), posts it, and
reads the Journal back.
"""

from __future__ import annotations

import datetime as dt

from arapbook import arap_book, journal_entries, lines

from backoffice.arap import reports
from backoffice.checking import check
from backoffice.ledger.posting import post
from backoffice.ledger.reports import Options

D = dt.date


def _post(path):  # type: ignore[no-untyped-def]
    result = post(str(path))
    assert result.report.errors == (), [i.message("en") for i in result.report.errors]
    return journal_entries(path)


def test_invoice_with_ppn_on_dpp_11_12(make_book):
    """INV-001: 10 × 1,000,000 + 1 × 2,345,678 with PPN12 (12% × DPP 11/12, rounded down to
    the rupiah, on the document's total).

        lines            12,345,678
        DPP 11/12        11,316,871.5 -> 11,316,872 (half up)
        PPN 12% × 11/12  12,345,678 × 0.11 = 1,358,024.58 -> 1,358,024 (down)
        total            13,703,702

        Dr 1201 receivables 13,703,702 / Cr 4101 sales 12,345,678 / Cr 2102 PPN 1,358,024
    """
    path = arap_book(make_book, invoices=[
        ["INV-001", D(2026, 3, 2), "C01", None, None, None, "Goods", 10, 1_000_000, "PPN12", None],
        ["INV-001", None, None, None, None, None, "Other goods", 1, 2_345_678, "PPN12", "4101"],
    ])
    entries = _post(path)
    assert entries["INV-001"] == lines(("1201", 13_703_702, None, None),
                                       ("4101", None, 12_345_678, None),
                                       ("2102", None, 1_358_024, None))
    outcome = _outcome(path)
    doc = outcome.documents[0]
    assert (doc.taxes["PPN12"].dpp, doc.taxes["PPN12"].tax) == (1_131_687_200, 135_802_400)
    assert doc.due(30) == D(2026, 4, 1)  # C01's 30 days
    assert check(str(path)).issues == ()


def test_credit_note_reverses_part_of_an_invoice_tax_included(make_book):
    """CN-001 returns one unit of INV-001 (1,000,000 + PPN 110,000):

        Dr 4101 1,000,000 / Dr 2102 110,000 / Cr 1201 1,110,000
        INV-001 open: 13,703,702 - 1,110,000 = 12,593,702
    """
    path = arap_book(make_book, invoices=[
        ["INV-001", D(2026, 3, 2), "C01", None, None, None, "Goods", 10, 1_000_000, "PPN12", None],
        ["INV-001", None, None, None, None, None, "Other goods", 1, 2_345_678, "PPN12", None],
        ["CN-001", D(2026, 3, 10), "C01", "Credit note", "INV-001", None, "Returned", 1,
         1_000_000, "PPN12", None],
    ])
    entries = _post(path)
    assert entries["CN-001"] == lines(("4101", 1_000_000, None, None),
                                      ("2102", 110_000, None, None),
                                      ("1201", None, 1_110_000, None))
    items = _outcome(path).items
    assert items["sales", "INV-001"].open == 1_259_370_200
    assert items["sales", "CN-001"].open == 0


def test_partial_payments_across_two_invoices_and_a_small_difference_written_off(make_book):
    """INV-001 13,703,702 and INV-002 5,000,000 (no tax), both C01.

        RCV-001 (03-20) 10,000,000: INV-001 7,000,000, INV-002 3,000,000
            Dr 1102 10,000,000 / Cr 1201 7,000,000 / Cr 1201 3,000,000
        RCV-002 (04-10) 7,703,650, allocations blank = all still open:
            INV-001 6,703,702 + INV-002 2,000,000 = 8,703,702 ... with a 1,000,000
            payment on 04-01 in between (RCV-003) leaving 7,703,702; received 7,703,650,
            52 short, within the Rp100 tolerance:
            Dr 1102 7,703,650 / Dr 7901 52 / Cr 1201 5,703,702 / Cr 1201 2,000,000
    """
    path = arap_book(make_book, invoices=[
        ["INV-001", D(2026, 3, 2), "C01", None, None, None, "Goods", 10, 1_000_000, "PPN12", None],
        ["INV-001", None, None, None, None, None, "Other goods", 1, 2_345_678, "PPN12", None],
        ["INV-002", D(2026, 3, 5), "C01", None, None, None, "Goods", 1, 5_000_000, None, None],
    ], payments=[
        ["RCV-001", D(2026, 3, 20), "Received", "C01", "1102", 10_000_000, None, None, "INV-001",
         7_000_000, None, None],
        ["RCV-001", None, None, None, None, None, None, None, "INV-002", 3_000_000, None, None],
        ["RCV-003", D(2026, 4, 1), "Received", "C01", "1102", 1_000_000, None, None, "INV-001",
         None, None, None],
        ["RCV-002", D(2026, 4, 10), "Received", "C01", "1102", 7_703_650, None, None, "INV-001",
         None, None, None],
        ["RCV-002", None, None, None, None, None, None, None, "INV-002", None, None, None],
    ])
    entries = _post(path)
    assert entries["RCV-001"] == lines(("1102", 10_000_000, None, None),
                                       ("1201", None, 7_000_000, None),
                                       ("1201", None, 3_000_000, None))
    assert entries["RCV-003"] == lines(("1102", 1_000_000, None, None),
                                       ("1201", None, 1_000_000, None))
    assert entries["RCV-002"] == lines(("1102", 7_703_650, None, None),
                                       ("7901", 52, None, None),
                                       ("1201", None, 5_703_702, None),
                                       ("1201", None, 2_000_000, None))
    outcome = _outcome(path)
    assert all(item.open == 0 for item in outcome.items.values())
    aging = reports.build("ar-aging", _data(path), Options(as_of=D(2026, 3, 31)), "en")
    # On 03-31: INV-001 6,703,702 (due 04-01: current), INV-002 2,000,000 (due 04-04).
    assert aging.rows[0][:4] == ("C01", "Toko Makmur", "IDR", _d("8703702"))


def test_pph23_short_receipt_is_prepaid_tax_not_an_open_balance(make_book):
    """INV-003: services 10,000,000 + PPN 1,100,000 = 11,100,000 to C02, who withholds PPh 23
    2% of the DPP (200,000, slip BP-77) and pays 10,900,000; the banks take 6,500, so
    10,893,500 arrives.

        Dr 1102 10,893,500 / Dr 6108 6,500 / Dr 1403 200,000 / Cr 1201 11,100,000
        INV-003 is fully settled; the tax summary shows 200,000 suffered in March.
    """
    path = arap_book(make_book, invoices=[
        ["INV-003", D(2026, 3, 6), "C02", None, None, None, "Consulting", 1, 10_000_000, "PPN12",
         None]], payments=[
        ["RCV-003", D(2026, 3, 25), "Received", "C02", "1102", 10_893_500, 6_500, None,
         "INV-003", None, 200_000, "BP-77"]])
    entries = _post(path)
    assert entries["INV-003"] == lines(("1201", 11_100_000, None, None),
                                       ("4101", None, 10_000_000, None),
                                       ("2102", None, 1_100_000, None))
    assert entries["RCV-003"] == lines(("1102", 10_893_500, None, None),
                                       ("6108", 6_500, None, None),
                                       ("1403", 200_000, None, None),
                                       ("1201", None, 11_100_000, None))
    assert _outcome(path).items["sales", "INV-003"].open == 0
    summary = reports.build("tax-summary", _data(path), Options(), "en")
    march = summary.rows[0]
    assert march[0] == "2026-03" and march[2] == _d("1100000") and march[6] == _d("200000")


def test_overpayment_becomes_credit_and_is_applied_later(make_book):
    """INV-004 3,000,000 to C03; C03 pays 5,000,000 (RCV-004): 2,000,000 over, above the
    tolerance, so it stays in receivables as C03's credit.

        RCV-004: Dr 1102 5,000,000 / Cr 1201 3,000,000 / Cr 1201 2,000,000
        INV-005 (04-02) 1,500,000; CRD-001 (04-05) applies the credit: no journal lines.
        On 04-30 C03 has 500,000 of credit left: its aging total is -500,000.
    """
    path = arap_book(make_book, invoices=[
        ["INV-004", D(2026, 3, 8), "C03", None, None, None, "Goods", 1, 3_000_000, None, None],
        ["INV-005", D(2026, 4, 2), "C03", None, None, None, "Goods", 1, 1_500_000, None, None],
    ], payments=[
        ["RCV-004", D(2026, 3, 28), "Received", "C03", "1102", 5_000_000, None, None, "INV-004",
         None, None, None],
        ["CRD-001", D(2026, 4, 5), "Credit applied", "C03", None, None, None, None, "INV-005",
         None, None, None],
    ])
    entries = _post(path)
    assert entries["RCV-004"] == lines(("1102", 5_000_000, None, None),
                                       ("1201", None, 3_000_000, None),
                                       ("1201", None, 2_000_000, None))
    assert "CRD-001" not in entries
    items = _outcome(path).items
    assert items["sales", "INV-005"].open == 0 and items["sales", "RCV-004"].open == -50_000_000
    aging = reports.build("ar-aging", _data(path), Options(as_of=D(2026, 4, 30)), "en")
    assert aging.rows[0][0] == "C03" and aging.rows[0][-1] == _d("-500000")


def test_foreign_invoice_settled_at_another_rate_realizes_an_exchange_gain(make_book):
    """INV-006: USD 1,000.00 to C04 on 03-15 (16,000: Rp16,000,000 in receivables); paid
    in full on 04-15 at 16,500 (Rp16,500,000).

        INV-006: Dr 1201 USD 1,000.00 / Cr 4101 USD 1,000.00
        RCV-005: Dr 1103 USD 1,000.00 / Cr 1201 USD 1,000.00 (both at 16,500)
                 Dr 1201 Rp500,000 / Cr 7101 Rp500,000 (gain: 16,500,000 - 16,000,000)
        Receivables in rupiah after: 16,000,000 - 16,500,000 + 500,000 = 0.
    """
    path = arap_book(make_book, invoices=[
        ["INV-006", D(2026, 3, 15), "C04", None, None, "USD", "Export goods", 1, 1000, "PPN0",
         None]], payments=[
        ["RCV-005", D(2026, 4, 15), "Received", "C04", "1103", 1000, None, "USD", "INV-006", None,
         None, None]])
    entries = _post(path)
    assert entries["INV-006"] == lines(("1201", "1000", None, "USD"),
                                       ("4101", None, "1000", "USD"))
    assert entries["RCV-005"] == lines(("1103", "1000", None, "USD"),
                                       ("1201", None, "1000", "USD"),
                                       ("1201", 500_000, None, None),
                                       ("7101", None, 500_000, None))
    balance_sheet = reports.build("ar-aging", _data(path), Options(as_of=D(2026, 4, 30)), "en")
    assert balance_sheet.rows == []


def test_bill_with_pph23_withheld_by_us_and_its_payment(make_book):
    """BILL-001: consulting 5,000,000 + PPN 550,000 from S01; we withhold PPh 23 2% of
    5,000,000 = 100,000 and owe S01 5,450,000.

        BILL-001: Dr 6101 5,000,000 / Dr 1401 550,000 / Cr 2101 5,450,000 / Cr 2105 100,000
        PAY-001:  Dr 2101 5,450,000 / Dr 6108 2,900 / Cr 1102 5,452,900
    """
    path = arap_book(make_book, bills=[
        ["BILL-001", D(2026, 3, 12), "S01", None, "Consulting", 1, 5_000_000, "PPN12", "PPH23",
         None]], payments=[
        ["PAY-001", D(2026, 3, 30), "Paid", "S01", "1102", 5_450_000, 2_900, None, "BILL-001",
         None, None, None]])
    entries = _post(path)
    assert entries["BILL-001"] == lines(("6101", 5_000_000, None, None),
                                        ("1401", 550_000, None, None),
                                        ("2101", None, 5_450_000, None),
                                        ("2105", None, 100_000, None))
    assert entries["PAY-001"] == lines(("2101", 5_450_000, None, None),
                                       ("6108", 2_900, None, None),
                                       ("1102", None, 5_452_900, None))
    # 24-104-03 is DJP's object code of consulting services (BPPU converter v.3, sheet REF);
    # the shipped PPH23 code used to say 24-104-14, which that list gives to aviation and
    # airport support services.
    bupot = reports.build("bupot-csv", _data(path), Options(), "en")
    assert bupot.rows == [(3, 2026, "0111222233334444", "PT Konsultan", "24-104-03", 5_000_000,
                           "2", 100_000, "BILL-001", "12/03/2026")]


def test_a_non_pkp_company_charges_no_ppn_and_its_input_ppn_is_cost(make_book):
    """Non-PKP: INV-007 1,000,000 with PPN12 charges nothing (a warning says so);
    BILL-002 2,000,000 + PPN 220,000: the 220,000 is part of the cost.

        INV-007:  Dr 1201 1,000,000 / Cr 4101 1,000,000
        BILL-002: Dr 6101 2,220,000 / Cr 2101 2,220,000
    """
    settings = [row for row in __import__("arapbook").SETTINGS if row[0] != "PKP (registered "
                "for VAT)"] + [["PKP (registered for VAT)", "no"]]
    path = arap_book(make_book, settings=settings, invoices=[
        ["INV-007", D(2026, 3, 3), "C01", None, None, None, "Goods", 1, 1_000_000, "PPN12", None]],
        bills=[["BILL-002", D(2026, 3, 4), "S01", None, "Supplies", 1, 2_000_000, "PPN12", None,
                None]])
    result = post(str(path))
    assert [i.code for i in result.report.issues] == ["arap-ppn-not-pkp"]
    entries = journal_entries(path)
    assert entries["INV-007"] == lines(("1201", 1_000_000, None, None),
                                       ("4101", None, 1_000_000, None))
    assert entries["BILL-002"] == lines(("6101", 2_220_000, None, None),
                                        ("2101", None, 2_220_000, None))


def _data(path):  # type: ignore[no-untyped-def]
    from backoffice.books import open_book
    from backoffice.checking import check_and_read

    with open_book(str(path)) as book:
        return check_and_read(book)[1].data


def _outcome(path):  # type: ignore[no-untyped-def]
    from backoffice.arap import engine

    return engine.run(_data(path))


def _d(text: str):  # type: ignore[no-untyped-def]
    from decimal import Decimal

    return Decimal(text)


def test_foreign_credit_note_applied_at_another_rate_realizes_the_difference(make_book):
    """INV-006 USD 1,000.00 on 03-15 (16,000: Rp16,000,000); CN-006 USD 200.00 on 04-02
    (16,500: Rp3,300,000) corrects it. The part of INV-006 it settles is worth
    200/1,000 × 16,000,000 = Rp3,200,000; the credit note took Rp3,300,000 off
    receivables, so Rp100,000 goes back to receivables, against exchange gain/loss:

        CN-006: Dr 4101 USD 200.00 / Cr 1201 USD 200.00
                Dr 1201 Rp100,000 / Cr 7101 Rp100,000
        INV-006 open: USD 800.00, worth Rp12,800,000 (16,000,000 - 3,200,000).
    """
    path = arap_book(make_book, invoices=[
        ["INV-006", D(2026, 3, 15), "C04", None, None, "USD", "Export goods", 1, 1000, None,
         None],
        ["CN-006", D(2026, 4, 2), "C04", "Credit note", "INV-006", "USD", "Allowance", 1, 200,
         None, None]])
    entries = _post(path)
    assert entries["CN-006"] == lines(("4101", "200", None, "USD"),
                                      ("1201", None, "200", "USD"),
                                      ("1201", 100_000, None, None),
                                      ("7101", None, 100_000, None))
    item = _outcome(path).items["sales", "INV-006"]
    assert (item.open, item.base_open) == (80_000, 1_280_000_000)

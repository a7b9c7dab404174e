"""Foreign currency is never read as rupiah (issue 14, item 4).

An amount typed with a currency mark is read only when the mark is the currency
of its row (the Journal's *Currency*, an employee's or a pay item's currency)
or, where a column has no currency of its own, the book's base currency. Any
other mark is an error at the cell and the amount is not read: ``USD 2000``
was read as Rp 2,000 and ``USD 2,000`` as Rp 2 before.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from conftest import ledger

from backoffice import money
from backoffice.checking import check
from backoffice.locales import LOCALES
from backoffice.payroll.book import write_payroll_book

ID = LOCALES["id-ID"]


@pytest.mark.parametrize(("text", "mark", "value"), [
    ("USD 2000", "USD", "2000"),
    ("USD 2,000", "USD", "2.000"),      # id-ID reads the comma as the decimal mark
    ("$1,200", "$", "1.200"),
    ("SGD 50", "SGD", "50"),
    ("US$ 5", "US$", "5"),
    ("€5", "€", "5"),
    ("2.000 USD", "USD", "2000"),
    ("Rp 5.000", "Rp", "5000"),
    ("Rp.5.000", "Rp.", "5000"),
    ("IDR 5000", "IDR", "5000"),
    ("-Rp 5.000", "Rp", "-5000"),
    ("(Rp 1.000)", "Rp", "-1000"),
    ("5000", None, "5000"),
])
def test_the_mark_is_returned_with_the_amount_never_dropped(text, mark, value):
    parsed = money.parse_amount_text(text, ID)
    assert (parsed.mark, parsed.value) == (mark, Decimal(value))


@pytest.mark.parametrize(("mark", "means"), [
    ("Rp", {"IDR"}), ("rp.", {"IDR"}), ("IDR", {"IDR"}), ("usd", {"USD"}), ("US$", {"USD"}),
    ("S$", {"SGD"}), ("€", {"EUR"}), ("¥", {"JPY", "CNY"}), ("juta", set()), ("XYZ", set()),
])
def test_what_a_mark_stands_for(mark, means):
    assert money.mark_means(mark) == means
    assert "USD" in money.mark_means("$") and "SGD" in money.mark_means("$")
    assert "IDR" not in money.mark_means("$")


def test_text_around_a_number_that_is_no_currency_is_no_amount():
    assert money.parse_amount_text("5 juta", ID).value is None
    assert money.parse_amount_text("XYZ 5", ID).value is None


def _payroll(tmp_path, basic):  # type: ignore[no-untyped-def]
    return write_payroll_book(str(tmp_path / "p.xlsx"), [{
        "employee": "E1", "name": "A", "from": dt.date(2025, 1, 1), "ptkp": "TK/0",
        "basic": basic, "auto_bpjs": False}])


@pytest.mark.parametrize(("typed", "found"), [
    ("USD 2000", "USD"), ("USD 2,000", "USD"), ("$1,200", "$ (AUD, BND, CAD, FJD, HKD, NZD, "
                                                           "SGD, TWD, USD)"),
    ("SGD 50", "SGD"), ("US$ 5", "USD"), ("€5", "EUR"),
])
def test_a_foreign_mark_in_a_rupiah_column_is_an_error_at_the_cell(tmp_path, typed, found):
    report = check(_payroll(tmp_path, typed))
    assert [(i.code, i.sheet, i.cell, i.value) for i in report.issues] == \
        [("amount-currency-mismatch", "Employees", "G2", typed)]
    assert dict(report.issues[0].params)["found"] == found
    message, fix = report.issues[0].message("en")
    assert f"is marked as {found}, but this amount is in IDR; it was not read" in message
    assert "bertanda" in report.issues[0].message("id")[0]
    assert not report.valid


@pytest.mark.parametrize(("typed", "minor"), [("Rp 5.000.000", 500000000),
                                               ("IDR 5000000", 500000000),
                                               ("5.000.000", 500000000)])
def test_rupiah_marks_in_a_rupiah_column_are_read(tmp_path, typed, minor):
    from backoffice.books import open_book
    from backoffice.checking import check_and_read

    with open_book(_payroll(tmp_path, typed)) as book:
        report, read = check_and_read(book, "en")
    assert report.valid, report.flatten("code", "cell")
    assert read.data.get("employees").frame["basic"].to_list() == [minor]


def test_a_journal_mark_must_be_the_rows_currency(make_book):
    """The Journal has a currency per row: USD 2,000.00 in a USD row is read, the same text
    in a rupiah row is refused, and so is Rp in a USD row."""
    rates = [["Date", "Currency", "Rate"], [dt.date(2025, 1, 1), "USD", 16000]]
    path = make_book({**ledger([
        [dt.date(2025, 1, 2), "JV-1", "1102", "USD in", "USD 2,000.00", None, "USD"],
        [dt.date(2025, 1, 2), "JV-1", "4101", "USD in", None, "$2,000.00", "USD"],
        [dt.date(2025, 1, 3), "JV-2", "1101", "IDR", "USD 2,000.00", None, None],
        [dt.date(2025, 1, 3), "JV-2", "4101", "IDR", None, "Rp 2.000,00", None],
        [dt.date(2025, 1, 4), "JV-3", "1102", "USD", "Rp 100", None, "USD"],
        [dt.date(2025, 1, 4), "JV-3", "4101", "USD", None, "100", "USD"],
    ]), "Rates": rates})
    report = check(str(path))
    mismatches = [(i.cell, i.value, dict(i.params)["currency"]) for i in report.issues
                  if i.code == "amount-currency-mismatch"]
    assert mismatches == [("E4", "USD 2,000.00", "IDR"), ("E6", "Rp 100", "USD")]


def test_a_number_column_refuses_a_foreign_mark(make_book):
    """A rate (IDR per USD) typed with a rupiah mark is read; with a dollar mark it is not."""
    rates = [["Date", "Currency", "Rate"], [dt.date(2025, 1, 1), "USD", "Rp 16.000"],
             [dt.date(2025, 2, 1), "USD", "$16000"]]
    report = check(str(make_book({**ledger([]), "Rates": rates})))
    assert [(i.code, i.cell) for i in report.issues] == [("amount-currency-mismatch", "C3")]

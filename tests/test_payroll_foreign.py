"""Pay in a foreign currency (issue 14, item 4): converted at the Minister of Finance's
weekly tax rate (kurs pajak, KMK) kept in the book, the register in rupiah with the
original amount and the rate shown.

PMK 168/2023 Ps. 5(4): income in a foreign currency is valued at the Minister of
Finance's rate in force when it is paid or owed. The official example is PMK
168/2023 Lampiran huruf B, Bagian Kedua, I.3 (Tuan F, PDF hlm. 44, as transcribed
in github.com/obikastanya/pph_payroll_with_knowledge_base@f04210b
dataset/07_kasus_uji_resmi/PMK168_B_I.3.json): a K/3 employee paid US$2,000 in
January 2024 at a KMK rate of Rp15,000 has a gross of Rp30,000,000, TER category C
11%, PPh 21 Rp3,300,000. Its rate is the example's, not a real week's decree.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from backoffice.checking import check
from backoffice.cli import main
from backoffice.payroll.book import write_payroll_book
from backoffice.payroll.outputs import payslip_rows
from backoffice.payroll.run import run_payroll

D = dt.date
EXAMPLE_WEEK = {"valid_from": D(2024, 1, 31), "valid_to": D(2024, 2, 6), "currency": "USD",
                "rate": 15000, "kmk": "PMK 168/2023 Lampiran B I.3 (example)"}


def _tuan_f(tmp_path, basic="US$ 2,000.00", rates=(EXAMPLE_WEEK,), **more):  # type: ignore[no-untyped-def]
    employee = {"employee": "F", "name": "Tuan F", "from": D(2024, 1, 1), "ptkp": "K/3",
                "basic": basic, "currency": "USD", "auto_bpjs": False}
    return write_payroll_book(str(tmp_path / "f.xlsx"), [employee], tax_rates=list(rates),
                              **more)


def test_pmk168_b_i_3_pay_in_usd_at_the_kmk_rate(tmp_path):
    path = _tuan_f(tmp_path)
    run = run_payroll(path, period="2024-01")
    assert run.report.valid and not run.report.warnings, run.report.flatten("code", "cell")
    got = run.results[0]
    assert (got.gross, got.ter_category, got.ter_rate, got.pph21) == \
        (30000000, "C", Decimal("0.11"), 3300000)
    assert (got.currency, got.pay_in_currency, got.tax_rate, got.tax_rate_kmk) == \
        ("USD", Decimal("2000.00"), Decimal("15000"), "PMK 168/2023 Lampiran B I.3 (example)")
    assert got.net_pay == 30000000 - 3300000  # the register is in rupiah
    slip = payslip_rows([got], "PT X", "en")
    assert (None, "Pay of 2,000.00 USD at the tax rate 15,000 (KMK PMK 168/2023 Lampiran B I.3 "
            "(example))", None) in slip


def test_the_register_shows_the_original_amount_and_the_rate(tmp_path, capsys):
    path = _tuan_f(tmp_path)
    assert main(["report", path, "payroll-register", "--period", "2024-01", "--format",
                 "json"]) == 0
    row = json.loads(capsys.readouterr().out)["rows"][0]
    assert (row["gross"], row["pph21"], row["currency"], row["pay_in_currency"],
            row["tax_rate"], row["tax_rate_kmk"]) == \
        ("30000000", "3300000", "USD", "2000.00", "15000", EXAMPLE_WEEK["kmk"])


def test_cents_of_a_foreign_salary_are_converted_then_rounded_down(tmp_path):
    """USD 2,000.50 at 15,000.25: 2,000.50 x 15,000.25 = 30,008,000.125, rounded down to the
    rupiah (the payroll's rounding policy): 30,008,000. Cents in USD are no error."""
    path = _tuan_f(tmp_path, basic=Decimal("2000.50"),
                   rates=[{**EXAMPLE_WEEK, "rate": Decimal("15000.25")}])
    assert check(path).valid
    assert run_payroll(path, period="2024-01").results[0].gross == 30008000


def test_the_pay_day_chooses_the_weeks_rate(tmp_path):
    """Paid on the 25th (Settings), January is converted at the week of 24-30 January."""
    week = {**EXAMPLE_WEEK, "valid_from": D(2024, 1, 24), "valid_to": D(2024, 1, 30),
            "rate": 15500}
    path = _tuan_f(tmp_path, rates=[week, EXAMPLE_WEEK], settings={"payroll_pay_day": 25})
    assert run_payroll(path, period="2024-01").results[0].gross == 2000 * 15500


def test_pay_items_in_the_employees_currency_and_in_rupiah(tmp_path):
    """A USD 500 bonus joins the salary at the month's rate; a rupiah meal allowance is
    rupiah. Gross 2,500 x 15,000 + 1,000,000 = 38,500,000; TER C 14% (35.4-38.9 M,
    PP 58/2023 Lampiran C) = 5,390,000."""
    path = _tuan_f(tmp_path, pay_items=[
        {"date": D(2024, 1, 20), "employee": "F", "item": "bonus", "amount": 500,
         "currency": "USD"},
        {"date": D(2024, 1, 20), "employee": "F", "item": "allowance", "amount": 1000000}])
    got = run_payroll(path, period="2024-01").results[0]
    assert (got.bonus, got.allowances, got.gross, got.pph21, got.pay_in_currency) == \
        (7500000, 1000000, 38500000, 5390000, Decimal("2500.00"))


def test_a_pay_item_in_a_third_currency_is_refused(tmp_path):
    path = _tuan_f(tmp_path, pay_items=[
        {"date": D(2024, 1, 20), "employee": "F", "item": "bonus", "amount": 500,
         "currency": "EUR"}])
    report = check(path)
    assert [(i.code, i.sheet, i.cell) for i in report.issues
            if i.code == "payroll-pay-item-currency"] == [("payroll-pay-item-currency",
                                                            "Pay items", "E2")]
    assert "paid in USD" in next(i for i in report.issues
                                 if i.code == "payroll-pay-item-currency").message("en")[0]


def test_a_missing_tax_rate_is_an_error_at_the_cell_and_refuses_the_run(tmp_path, capsys):
    path = _tuan_f(tmp_path, rates=[])
    report = check(path)
    assert [(i.code, i.cell, i.value) for i in report.issues] == \
        [("payroll-tax-rate-missing", "J2", "USD")]
    assert "2024-01-31" in report.issues[0].message("en")[0]
    assert not run_payroll(path, period="2024-01").results
    # Rates typed for January only: Check is clean, a run for February says what is missing.
    path = write_payroll_book(str(tmp_path / "g.xlsx"), [
        {"employee": "F", "from": D(2024, 1, 1), "ptkp": "K/3", "basic": 2000,
         "currency": "USD", "auto_bpjs": False}], tax_rates=[EXAMPLE_WEEK])
    assert check(path).valid
    assert main(["payroll", path, "--period", "2024-02"]) == 2
    err = capsys.readouterr().err
    assert "no USD rate for 2024-02-29, the pay day of 2024-02" in err


def test_a_finalized_foreign_month_reads_back_the_same(tmp_path):
    path = _tuan_f(tmp_path)
    draft = run_payroll(path, period="2024-01").results[0]
    run_payroll(path, period="2024-01", finalize=True)
    stored = run_payroll(path, period="2024-01").results[0]
    stored.status = "draft"
    assert stored == draft

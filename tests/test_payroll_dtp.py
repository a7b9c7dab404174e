"""PPh 21 borne by the government (DTP): eligibility by month and business classification,
and the last period that must not refund the DTP already paid (issue 14, item 3).

Every figure is typed from the official worked examples of PMK 10/2025, PMK
72/2025 and PMK 105/2025 (Lampiran huruf B), kept with their page in
``tests/data/dtp_examples.json``; each case is entered into a real payroll book
the way a clerk would (the contract pay in Employees, bonus and THR as Pay
items, the company's KLU in Settings) and run for the year.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from backoffice.checking import check
from backoffice.payroll.book import write_payroll_book
from backoffice.payroll.journal import journal_lines
from backoffice.payroll.outputs import payslip_rows
from backoffice.payroll.rules import PACKS_DIR, RulePack
from backoffice.payroll.run import run_payroll

DATA = json.loads((Path(__file__).parent / "data" / "dtp_examples.json").read_text("utf-8"))
CASES = {case["id"]: case for case in DATA["cases"]}
COMPUTED = [c for c in CASES if "months" in CASES[c]]


def _book(case: dict, path: Path) -> str:
    year = case["year"]
    joined = dt.date(year, case.get("joined_month", 1), 1)
    employees = [{"employee": "T", "name": case["id"], "from": dt.date(year, month, 1)
                  if month > 1 else joined, "joined": joined, "ptkp": case["ptkp"],
                  "basic": pay, "auto_bpjs": False, "dtp": True}
                 for month, pay in case["fixed_pay"]]
    items = [{"date": dt.date(year, month, 25), "employee": "T", "item": kind, "amount": amount}
             for kind in ("bonus", "thr") for month, amount in case.get(kind, [])]
    return write_payroll_book(str(path), employees, pay_items=items,
                              settings={"klu": case["klu"]})


@pytest.mark.parametrize("case_id", COMPUTED)
def test_official_dtp_example_month_by_month(case_id, tmp_path):
    case = CASES[case_id]
    path = _book(case, tmp_path / "dtp.xlsx")
    run = run_payroll(path, year=case["year"])
    assert run.report.valid and not run.report.warnings, run.report.flatten("code", "cell")
    got = {int(r.period[5:]): r for r in run.results}
    assert sorted(got) == [m[0] for m in case["months"]]
    for month, bruto, pph21, dtp_printed, after_dtp in case["months"]:
        r = got[month]
        assert (r.gross, r.net_pay) == (bruto, after_dtp), (case_id, month)
        if month < 12:
            assert (r.pph21, r.dtp) == (pph21, dtp_printed), (case_id, month)
    december, annual = got[12], case["annual"]
    if "annual_method_differs" in case:
        # PMK 10/2025 no. 3 caps biaya jabatan per month; backoffice follows PMK 168/2023 and
        # PMK 105/2025 no. 3 (the same case, hlm. 41-43): see that case's figures.
        same = CASES["PMK105-B-3"]["annual"]
        assert (december.biaya_jabatan, december.pkp, december.pph21_year) == \
            (same["biaya_jabatan"], same["pkp"], same["pph21_year"])
        assert december.pph21 == december.dtp == CASES["PMK105-B-3"]["months"][-1][2]
    else:
        assert (december.gross_year, december.biaya_jabatan, december.neto,
                december.ptkp_amount, december.pkp, december.pph21_year,
                december.withheld_before) == \
            (annual["bruto"], annual["biaya_jabatan"], annual["neto"], annual["ptkp"],
             annual["pkp"], annual["pph21_year"], annual["withheld_before"])
        assert december.pph21 == case["months"][-1][2]
    # What the employee gets back is what they bore, never the DTP already paid to them.
    assert december.refund == case.get("refund", 0)
    assert sum(r.pph21 for r in run.results) == december.pph21_year


def test_dtp_over_withholding_is_absorbed_by_the_dtp_given_pmk72_no7(tmp_path):
    """PMK 72/2025 no. 7 (hlm. 45-47): 80,000 over-withheld, 240,000 DTP paid in October and
    November: nothing is refunded and nothing set off. The December DTP of -80,000 is derived
    from that rule (the table prints '-'): the employer remits exactly what the employee bore
    (January-September 120,000 x 8 + 1,120,000 = 2,080,000)."""
    run = run_payroll(_book(CASES["PMK72-B-7"], tmp_path / "g.xlsx"), year=2025)
    december = run.results[-1]
    assert (december.pph21, december.dtp, december.pph21_payable) == (-80000, -80000, 0)
    assert sum(r.pph21_payable for r in run.results) == 120000 * 8 + 1120000
    assert sum(r.dtp for r in run.results) == 2240000 - 2080000


def test_dtp_refund_is_only_what_the_employee_bore_pmk72_no8(tmp_path):
    """PMK 72/2025 no. 8 (hlm. 47-49): 1,425,000 over-withheld less the 225,000 DTP paid in
    October and November = 1,200,000 refunded; the employer sets off those 1,200,000 in its
    PPh 21 payable (a debit in the payroll journal), and the payslip shows why."""
    run = run_payroll(_book(CASES["PMK72-B-8"], tmp_path / "h.xlsx"), year=2025)
    december = run.results[-1]
    assert (december.pph21, december.dtp, december.refund) == (-1425000, -225000, 1200000)
    assert december.net_pay == 9000000 + 1200000
    lines = journal_lines(run.results, "2025-12", {})
    pph = [line for line in lines if line.account == "2103"]
    assert [(line.debit, line.credit) for line in pph] == [(1200000, None)]
    slip = payslip_rows([december], "PT U", "en")
    assert (None, "PPh 21 over-withheld this year", 1425000) in slip
    assert (None, "of which borne by the government (DTP), already paid to you: not refunded",
            -225000) in slip
    assert ("NET PAY", None, 10200000) in slip
    slip_id = payslip_rows([december], "PT U", "id")
    assert (None, "Kelebihan potong PPh 21 tahun ini", 1425000) in slip_id


def test_all_dtp_year_over_withheld_refunds_nothing_pmk105_no3(tmp_path):
    """PMK 105/2025 no. 3 (hlm. 41-43): every month DTP; December over-withheld 287,500, all
    of it DTP: not refunded, nothing remitted, December's pay is the gross."""
    run = run_payroll(_book(CASES["PMK105-B-3"], tmp_path / "c.xlsx"), year=2026)
    december = run.results[-1]
    assert (december.refund, december.pph21_payable, december.net_pay) == (0, 0, 9000000)
    assert not [line for line in journal_lines(run.results, "2026-12", {})
                if line.account == "2103"]
    assert sum(r.dtp for r in run.results) == 1812500 == december.pph21_year


def test_pmk10_no4_the_contract_pay_of_january_decides_not_the_pay_received(tmp_path):
    """PMK 10/2025 no. 4 (hlm. 22): Tuan D's contract pays 11,000,000; a sanction cut January
    to March to 9,500,000. He is not eligible: Check says why and the run gives no DTP."""
    case = CASES["PMK10-B-4"]
    cut = case["contract_fixed_pay"] - case["paid"][0][1]
    path = write_payroll_book(
        str(tmp_path / "d.xlsx"),
        [{"employee": "D", "from": dt.date(2025, 1, 1), "ptkp": "TK/0", "auto_bpjs": False,
          "basic": case["contract_fixed_pay"], "dtp": True}],
        pay_items=[{"date": dt.date(2025, m, 25), "employee": "D", "item": "salary",
                    "amount": -cut, "description": "sanction"} for m in (1, 2, 3)],
        settings={"klu": case["klu"]})
    report = check(path)
    assert [(i.code, i.cell) for i in report.issues] == [("payroll-dtp-over-ceiling", "Q2")]
    assert "(11,000,000) is above the 10,000,000 ceiling" in report.issues[0].message("en")[0]
    results = run_payroll(path, year=2025).results
    assert [r.gross for r in results] == [p for _m, p in case["paid"]]
    assert sum(r.gross for r in results) == case["bruto_total"]
    assert not any(r.dtp for r in results)


def test_tourism_dtp_runs_october_to_december_2025_only(tmp_path):
    """PMK 72/2025 Ps. 4A: a hotel (KLU 55110) gets DTP for Masa October-December 2025, a
    garment maker (14111) for all of 2025; both in all of 2026 (PMK 105/2025)."""
    for klu, months_2025 in (("55110", [10, 11, 12]), ("14111", list(range(1, 13)))):
        path = write_payroll_book(
            str(tmp_path / f"{klu}.xlsx"),
            [{"employee": "E", "from": dt.date(2025, 1, 1), "ptkp": "TK/0", "basic": 8000000,
              "auto_bpjs": False, "dtp": True}], settings={"klu": klu})
        got = [int(r.period[5:]) for r in run_payroll(path, year=2025).results if r.dtp > 0]
        assert got == months_2025, klu
        assert all(r.dtp for r in run_payroll(path, year=2026).results[:11])


@pytest.mark.parametrize(("klu", "expected"), [
    ("62010", [("payroll-dtp-klu-not-eligible", "Q2", "62010")]),   # software: not listed
    (None, [("payroll-dtp-klu-not-eligible", "Q2", "—")]),
    ("55110", []), ("13111", []),
])
def test_check_warns_a_dtp_employee_whose_company_klu_is_not_eligible(tmp_path, klu, expected):
    path = write_payroll_book(
        str(tmp_path / "k.xlsx"),
        [{"employee": "E", "from": dt.date(2025, 1, 1), "ptkp": "TK/0", "basic": 8000000,
          "dtp": True}], settings={"klu": klu} if klu else None)
    report = check(path)
    got = [(i.code, i.cell, dict(i.params).get("klu")) for i in report.issues]
    assert got == expected
    assert report.valid
    if expected:
        assert "KLU" in report.issues[0].message("id")[0]
        assert not any(r.dtp for r in run_payroll(path, year=2025).results)


def test_the_dtp_listing_is_data_by_klu_and_months_each_row_citing_its_source():
    with (PACKS_DIR / "id" / "dtp.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_rule: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        start, until = (dt.date.fromisoformat(row[k]) for k in ("effective_from", "until"))
        assert start.day == 1 and until >= start and row["klu"].isdigit() and \
            len(row["klu"]) == 5
        assert row["max_regular_gross"] == "10000000"
        assert "Lampiran A hlm." in row["source"] and "PMK" in row["source"]
        key = (row["effective_from"], row["sector"])
        assert row["klu"] not in by_rule.get(key, set()), row
        by_rule.setdefault(key, set()).add(row["klu"])
    # PMK 72/2025 lists 77 tourism KLUs (DDTC, 2025-10-31); PMK 105/2025 adds 96129.
    assert {k: len(v) for k, v in by_rule.items()} == {
        ("2025-01-01", "labour-intensive"): 57, ("2025-10-01", "tourism"): 77,
        ("2026-01-01", "labour-intensive"): 57, ("2026-01-01", "tourism"): 78}
    pack = RulePack("id")
    assert pack.coverage_start == dt.date(2024, 1, 1)  # a listing narrows no coverage
    assert [r["klu"] for r in pack.listed("dtp", dt.date(2025, 9, 30))
            if r["klu"] == "55110"] == []
    assert [r["klu"] for r in pack.listed("dtp", dt.date(2025, 10, 1))
            if r["klu"] == "55110"] == ["55110"]
    assert pack.listed("dtp", dt.date(2027, 1, 1)) == ()

"""Every worked example of the Indonesian payroll reference, entered through a payroll book.

``tests/data/payroll_id_examples.json`` is a copy of the source-verified
reference (official PMK 168/2023 and PP 58/2023 examples, and derived cases).
Each case is typed into a real .xlsx payroll book written by our template
writer, run with the public ``run_payroll`` (one case through the CLI), and
compared to the rupiah, month by month.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from backoffice.cli import main
from backoffice.payroll.book import write_payroll_book
from backoffice.payroll.run import run_payroll

CASES = json.loads((Path(__file__).parent / "data" / "payroll_id_examples.json")
                   .read_text("utf-8"))
BY_ID = {case["id"]: case for case in CASES}

#: The reference's component names -> Pay items kinds.
ITEM = {"gaji": "salary", "gaji_pokok": "salary", "tunjangan": "allowance",
        "tunjangan_tetap": "allowance", "lembur": "overtime", "bonus": "bonus", "thr": "thr",
        "premi_jkk_jkm_pemberi_kerja": "employer_premium",
        "iuran_pensiun_pegawai": "employee_pension", "zakat_via_employer": "zakat"}


def _pph_cases() -> list[str]:
    return [c["id"] for c in CASES if "periods" in c["inputs"] and "ptkp_status" in c["inputs"]]


def _book_for(case: dict, path: Path) -> str:
    """The case typed into a book: explicit Pay items, or master data with automatic BPJS."""
    inputs = case["inputs"]
    year = inputs["tax_year"]
    start = inputs.get("employment", {}).get("start_month", inputs["periods"][0]["month"])
    first = dt.date(year, start, 1)
    employee = {"employee": "E1", "name": case["id"], "from": first, "joined": first,
                "ptkp": inputs["ptkp_status"], "department": "OPS"}
    items = []
    if "bpjs" in inputs:  # master data: BPJS computed from basic + fixed allowances
        income = inputs["periods"][0]["income"]
        employee.update(basic=income.get("gaji_pokok", 0),
                        fixed_allowances=income.get("tunjangan_tetap", 0), auto_bpjs=True)
    else:  # every component as printed, BPJS off
        employee["auto_bpjs"] = False
        for period in inputs["periods"]:
            day = dt.date(year, period["month"], 25)
            for key, amount in {**period["income"], **period["employee_deductions"]}.items():
                items.append({"date": day, "employee": "E1", "item": ITEM[key], "amount": amount})
    return write_payroll_book(str(path), [employee], pay_items=items)


@pytest.mark.parametrize("case_id", _pph_cases())
def test_worked_example_month_by_month(case_id, tmp_path):
    case = BY_ID[case_id]
    path = _book_for(case, tmp_path / "payroll.xlsx")
    year, periods = case["inputs"]["tax_year"], case["inputs"]["periods"]
    # A one-month case is that month alone (a year run would go on to December).
    run = run_payroll(path, period=f"{year}-{periods[0]['month']:02d}") if len(periods) == 1 \
        else run_payroll(path, year=year)
    assert run.report.valid, run.report.flatten("code", "cell")
    by_month = {int(r.period[5:]): r for r in run.results}
    assert sorted(by_month) == [p["month"] for p in case["inputs"]["periods"]]
    for expected in case["expected"]["per_period"]:
        got = by_month[expected["month"]]
        assert got.gross == expected["bruto"], (expected["month"], got)
        assert got.pph21 == expected["pph21"], (expected["month"], got)
        if "ter_rate" in expected:
            assert got.ter_category == expected["ter_category"]
            assert got.ter_rate == Decimal(str(expected["ter_rate"]))
        assert got.last_period == expected.get("is_last_period", False)
    annual = case["expected"].get("annual")
    if annual:
        december = by_month[12]
        assert december.gross_year == annual["bruto"]
        assert december.biaya_jabatan == annual["biaya_jabatan"]
        assert december.neto == annual["neto"]
        assert december.ptkp_amount == annual["ptkp"]
        assert december.pkp == annual["pkp"]
        assert december.pph21_year == annual["pph21_annual"]
        assert sum(r.pph21 for r in run.results) == annual["pph21_annual"]
    if "bpjs" in case["expected"]:
        got = run.results[0]
        for key, value in case["expected"]["bpjs"].items():
            attribute = {"jkk_employer": "jkk", "jkm_employer": "jkm"}.get(key, key)
            if hasattr(got, attribute):
                assert getattr(got, attribute) == value, key
    if "take_home_pay" in case["expected"]:
        assert run.results[0].net_pay == case["expected"]["take_home_pay"]


def test_jp_wage_cap_switches_in_march_2026(tmp_path):
    case = BY_ID["DERIVED-JP-cap-switch-2026"]
    employee = {"employee": "E1", "from": dt.date(2026, 1, 1), "ptkp": "TK/0",
                "basic": case["inputs"]["wage_base"]}
    path = write_payroll_book(str(tmp_path / "jp.xlsx"), [employee])
    for expected in case["expected"]["per_period"]:
        run = run_payroll(path, period=expected["month"])
        got = run.results[0]
        assert (got.jp_employer, got.jp_employee) == (expected["jp_employer"],
                                                      expected["jp_employee"])


def test_overtime_of_pp35_2021_from_the_timesheet(tmp_path):
    case = BY_ID["DERIVED-overtime-PP35-2021"]
    wage = case["inputs"]["monthly_wage_basic_plus_fixed"]
    day_types = {"workday": "workday", "rest_or_holiday": "rest",
                 "holiday_on_shortest_workday": "short_holiday"}
    employees, timesheet = [], []
    for n, scenario in enumerate(case["inputs"]["scenarios"], start=1):
        code = f"E{n}"
        employees.append({"employee": code, "name": scenario["name"], "from": dt.date(2025, 1, 1),
                          "ptkp": "TK/0", "basic": wage, "auto_bpjs": False,
                          "work_week": scenario.get("work_week", "5_day")[0]})
        timesheet.append({"date": dt.date(2025, 5, 10), "employee": code,
                          "day_type": day_types[scenario["day_type"]],
                          "hours": Decimal(scenario["hours"])})
    path = write_payroll_book(str(tmp_path / "ot.xlsx"), employees, timesheet=timesheet)
    run = run_payroll(path, period="2025-05")
    assert run.report.valid and not run.report.warnings
    got = {r.name: r.overtime for r in run.results}
    assert got == case["expected"]["results"]


def test_thr_prorated_below_twelve_months_when_left_blank(tmp_path):
    case = BY_ID["DERIVED-THR-prorata"]
    employee = {"employee": "E1", "from": dt.date(2024, 8, 20), "ptkp": "TK/0",
                "basic": case["inputs"]["monthly_wage_basic_plus_fixed"], "auto_bpjs": False}
    paid = dt.date(2025, 3, 20)  # 7 whole months after joining
    assert case["inputs"]["months_of_service"] == 7
    path = write_payroll_book(str(tmp_path / "thr.xlsx"), [employee],
                              pay_items=[{"date": paid, "employee": "E1", "item": "thr"}])
    run = run_payroll(path, period="2025-03")
    assert run.results[0].thr == case["expected"]["thr"]


def test_the_official_example_through_the_command_line(tmp_path, capsys):
    case = BY_ID["PMK168-B-I.1"]
    path = _book_for(case, tmp_path / "tuan-a.xlsx")
    assert main(["payroll", path, "--year", "2024"]) == 0
    assert "PPh 21 64,715,000" in capsys.readouterr().out
    assert main(["report", path, "payroll-register", "--period", "2024", "--format",
                 "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [int(r["pph21"]) for r in rows] == \
        [p["pph21"] for p in case["expected"]["per_period"]]
    assert main(["report", path, "payroll-register", "--period", "2024-07", "--format",
                 "csv"]) == 0
    csv_text = capsys.readouterr().out.splitlines()
    header = csv_text[0].split(",")
    july = dict(zip(header, csv_text[1].split(","), strict=True))
    assert (july["employee"], july["period"], july["gross"], july["ter_rate"], july["pph21"]) == \
        ("E1", "2024-07", "50080000", "0.18", "9014400")


def test_gross_up_reproduces_pmk168_tuan_g(tmp_path):
    """PMK 168/2023 Lampiran B I.4 (reference §1.1): net 51,827,997 -> gross 65,605,059."""
    employee = {"employee": "G", "from": dt.date(2024, 1, 1), "ptkp": "TK/0", "basic": 51827997,
                "auto_bpjs": False, "method": "gross-up"}
    path = write_payroll_book(str(tmp_path / "g.xlsx"), [employee])
    got = run_payroll(path, period="2024-03").results[0]
    assert (got.gross, got.ter_rate, got.pph21, got.tax_allowance, got.net_pay) == \
        (65605059, Decimal("0.21"), 13777062, 13777062, 51827997)


# Two more official examples of PMK 168/2023 Lampiran B (transcribed in the reference's
# source S2, dataset/07_kasus_uji_resmi), typed into books the way a clerk would.

def test_pmk168_b_i_2_2_1_leaver_refunded_in_the_last_month(tmp_path):
    """Tuan D (TK/0) stops working on 1 September 2024: August is the last period."""
    employee = {"employee": "D", "from": dt.date(2024, 1, 1), "ptkp": "TK/0",
                "basic": 17500000, "auto_bpjs": False, "left": dt.date(2024, 9, 1)}
    items = [{"date": dt.date(2024, m, 25), "employee": "D", "item": "employee_pension",
              "amount": 100000} for m in range(1, 9)]
    path = write_payroll_book(str(tmp_path / "d.xlsx"), [employee], pay_items=items)
    results = run_payroll(path, year=2024).results
    assert [r.pph21 for r in results] == [1400000] * 7 + [-3620000]
    august = results[-1]
    assert (august.period, august.biaya_jabatan, august.neto, august.pkp, august.pph21_year) == \
        ("2024-08", 4000000, 135200000, 81200000, 6180000)


def test_pmk168_b_i_2_1_2_part_year_resident_annualised_and_prorated(tmp_path):
    """Tuan C (TK/0), an expatriate resident and working from 1 September 2024."""
    employee = {"employee": "C", "from": dt.date(2024, 9, 1), "ptkp": "TK/0",
                "basic": 15500000, "auto_bpjs": False, "part_year": True}
    items = [{"date": dt.date(2024, m, 25), "employee": "C", "item": "zakat",
              "amount": 775000} for m in range(9, 13)]
    path = write_payroll_book(str(tmp_path / "c.xlsx"), [employee], pay_items=items)
    results = run_payroll(path, year=2024).results
    assert [r.pph21 for r in results] == [1085000] * 3 + [580000]
    december = results[-1]
    # neto 56,900,000 annualised x 12/4 = 170,700,000; PKP 116,700,000; 11,505,000 x 4/12
    assert (december.neto, december.pkp, december.pph21_year) == (56900000, 116700000, 3835000)


def test_pmk10_2025_b_1_dtp_every_month_and_in_december(tmp_path):
    """PMK 10/2025 Lampiran B no. 1, Tuan A (TK/0), 8,000,000 a month in 2025, eligible: PT Z
    prepares textile fibres (KLU 13111, PMK 10/2025 Lampiran A)."""
    employee = {"employee": "A", "from": dt.date(2025, 1, 1), "ptkp": "TK/0",
                "basic": 8000000, "auto_bpjs": False, "dtp": True}
    path = write_payroll_book(str(tmp_path / "a.xlsx"), [employee], settings={"klu": "13111"})
    results = run_payroll(path, year=2025).results
    assert [(r.pph21, r.dtp) for r in results] == [(120000, 120000)] * 11 + [(540000, 540000)]
    december = results[-1]
    assert (december.biaya_jabatan, december.neto, december.pkp, december.pph21_year) == \
        (4800000, 91200000, 37200000, 1860000)
    assert all(r.net_pay == 8000000 and r.pph21_payable == 0 for r in results)


def test_pmk168_b_i_5_fixed_tax_allowance_and_pension_not_deducted_monthly(tmp_path):
    """Tuan H (K/2), July 2024: salary 6,500,000, a tax allowance of 300,000 typed as an
    allowance, and a 100,000 pension contribution that does not reduce the TER base."""
    employee = {"employee": "H", "from": dt.date(2024, 1, 1), "ptkp": "K/2",
                "basic": 6500000, "auto_bpjs": False}
    items = [{"date": dt.date(2024, 7, 25), "employee": "H", "item": "allowance",
              "amount": 300000, "description": "Tunjangan pajak"},
             {"date": dt.date(2024, 7, 25), "employee": "H", "item": "employee_pension",
              "amount": 100000}]
    path = write_payroll_book(str(tmp_path / "h.xlsx"), [employee], pay_items=items)
    july = run_payroll(path, period="2024-07").results[-1]
    assert (july.gross, july.ter_category, july.ter_rate, july.pph21) == \
        (6800000, "B", Decimal("0.005"), 34000)

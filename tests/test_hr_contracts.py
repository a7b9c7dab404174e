"""Contracts: the five-year PKWT limit, probation, overlaps, missing contracts and the uang
kompensasi of PP 35/2021, worked by hand, on real workbooks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from backoffice.checking import check
from backoffice.hr import contracts, rules
from backoffice.payroll.book import write_payroll_book

D = dt.date
LAW = rules.law_on(D(2026, 1, 1))


def employee(code="E1", **fields):
    row = {"employee": code, "name": f"Name {code}", "from": D(2025, 1, 1), "ptkp": "TK/0",
           "basic": 8000000, "fixed_allowances": 2000000}
    row.update(fields)
    return row


JAN_2025 = D(2025, 1, 1)


def contract(code, emp="E1", kind="pkwt", start=JAN_2025, end=None, **fields):
    return {"contract": code, "employee": emp, "type": kind, "start": start, "end": end, **fields}


def flat(report):
    return report.flatten("code", "sheet", "cell", "value")


def test_compensation_for_6_12_and_18_months_of_pkwt_service():
    # PP 35/2021 Ps. 16(1): months/12 x one month's wage (basic + fixed = 10,000,000).
    wage = 10_000_000
    six = contracts.service_months(D(2025, 1, 1), D(2025, 6, 30))
    twelve = contracts.service_months(D(2025, 1, 1), D(2025, 12, 31))
    eighteen = contracts.service_months(D(2025, 1, 1), D(2026, 6, 30))
    assert (six, twelve, eighteen) == (6, 12, 18)
    assert contracts.compensation(wage, six, LAW) == Decimal(5_000_000)
    assert contracts.compensation(wage, twelve, LAW) == Decimal(10_000_000)
    assert contracts.compensation(wage, eighteen, LAW) == Decimal(15_000_000)
    # Under one month of service nothing is owed (Ps. 15(3)); 15 days of a 31-day month.
    assert contracts.service_months(D(2025, 1, 1), D(2025, 1, 15)) == Fraction(15, 31)
    assert contracts.compensation(wage, Fraction(15, 31), LAW) == 0
    # 3 months and 15 days of June's 30: 3.5 months -> 3.5/12 x 10,000,000 = 2,916,666.67.
    months = contracts.service_months(D(2025, 3, 1), D(2025, 6, 15))
    assert months == Fraction(7, 2)
    assert contracts.compensation(wage, months, LAW) == Decimal(2_916_667)


@given(st.integers(0, 3000), st.integers(1, 3000), st.integers(1_000_000, 50_000_000))
def test_compensation_grows_with_service(offset, extra, wage):
    start = D(2022, 1, 1)
    short = contracts.service_months(start, start + dt.timedelta(days=offset))
    long = contracts.service_months(start, start + dt.timedelta(days=offset + extra))
    assert long > short
    assert contracts.compensation(wage, long, LAW) >= contracts.compensation(wage, short, LAW)


def test_the_five_year_limit_counts_extensions(tmp_path):
    # C1 2021-2023 (3 years) extended by C2 through 2025-12-31: exactly 5 years, allowed.
    # E2's C4 extends C3 one day past the five years: refused at C4's End.
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee(), employee("E2")], contracts=[
        contract("C1", start=D(2021, 1, 1), end=D(2023, 12, 31)),
        contract("C2", start=D(2024, 1, 1), end=D(2025, 12, 31), extends="C1"),
        contract("C3", "E2", start=D(2021, 1, 1), end=D(2023, 12, 31)),
        contract("C4", "E2", start=D(2024, 1, 1), end=D(2026, 1, 1), extends="C3"),
    ])
    assert flat(check(path)) == [("hr-pkwt-over-limit", "Contracts", "E5", "C4")]
    message = check(path, lang="id").issues[0].message("id")[0]
    assert "2021-01-01 – 2026-01-01" in message and "60 bulan" in message


def test_probation_pkwt_end_overlap_extension_and_missing_contract(tmp_path):
    path = write_payroll_book(
        str(tmp_path / "b.xlsx"), [employee(), employee("E2"), employee("E3"), employee("E4"),
                                   employee("E5", left=D(2024, 12, 1), **{"from": D(2024, 1, 1)})],  # gone
        contracts=[
            contract("P1", probation_end=D(2025, 2, 28), end=D(2025, 12, 31)),   # PKWT probation
            contract("T1", "E2", "pkwtt", probation_end=D(2025, 4, 1)),           # 3 months + 1 day
            contract("T2", "E3", "pkwtt", probation_end=D(2025, 3, 31)),          # exactly 3 months
            contract("T3", "E3", "pkwt", start=D(2025, 6, 1), end=D(2025, 12, 31)),  # overlaps T2
            contract("X1", "E1", start=D(2026, 1, 1), end=D(2026, 6, 30), extends="T2"),
            contract("N1", "E1", start=D(2026, 7, 1)),                            # PKWT, no end
        ])
    issues = flat(check(path))
    assert ("hr-probation-on-pkwt", "Contracts", "G2", "P1") in issues
    assert ("hr-probation-too-long", "Contracts", "G3", "T1") in issues
    assert not any(v == "T2" for *_x, v in issues)
    assert ("hr-contract-overlap", "Contracts", "D5", "T3") in issues
    assert ("hr-extends-unknown", "Contracts", "F6", "X1") in issues  # T2 is E3's PKWTT
    assert ("hr-pkwt-no-end", "Contracts", "E7", "N1") in issues
    assert ("hr-contract-missing", "Employees", "A5", "E4") in issues
    assert len(issues) == 6
    too_long = next(i for i in check(path).issues if i.code == "hr-probation-too-long")
    assert "2025-03-31" in too_long.message("en")[1]


def test_compensation_due_in_a_month_uses_the_wage_in_force_and_skips_foreign_workers():
    frame = pl.DataFrame({
        "contract": ["A", "B", "C", "D"], "employee": ["E1", "E2", "E3", "E1"],
        "type": ["pkwt", "pkwt", "pkwt", "pkwt"],
        "start": [D(2025, 1, 1), D(2025, 7, 1), D(2025, 1, 1), D(2026, 7, 1)],
        "end": [D(2026, 6, 30), D(2027, 6, 30), D(2026, 6, 30), D(2027, 6, 30)],
        "ended": [None, D(2026, 6, 15), None, None], "_row": [2, 3, 4, 5]},
        schema_overrides={"ended": pl.Date})
    wages = pl.DataFrame({
        "employee": ["E1", "E1", "E2", "E3"],
        "from": [D(2025, 1, 1), D(2026, 1, 1), D(2025, 1, 1), D(2025, 1, 1)],
        "wage": [10_000_000, 12_000_000, 6_000_000, 20_000_000],
        "foreign": [False, False, False, True]})
    rows = contracts.prepared(frame)
    due = contracts.compensation_due(rows, wages, D(2026, 6, 1), D(2026, 6, 30), LAW)
    by = {c.contract: c for c in due}
    assert set(by) == {"A", "B"}  # C: a foreign worker (Ps. 15(5)); D ends later
    assert by["A"].wage == 12_000_000 and by["A"].months == 18
    assert by["A"].amount == Decimal(18_000_000)  # 18/12 x 12,000,000 before the extension
    # B ended early on 15 June 2026: 11 months and 15 days of June's 30 = 11.5 months.
    assert by["B"].months == Fraction(23, 2)
    assert by["B"].amount == Decimal(5_750_000)


def test_ending_between_lists_the_reminders_soonest_first():
    frame = pl.DataFrame({"contract": ["A", "B", "C"], "employee": ["E1", "E2", "E3"],
                          "type": ["pkwt", "pkwt", "pkwtt"],
                          "start": [D(2025, 1, 1)] * 3,
                          "end": [D(2026, 4, 10), D(2026, 3, 31), None], "_row": [2, 3, 4]},
                         schema_overrides={"end": pl.Date})
    rows = contracts.prepared(frame)
    soon = contracts.ending_between(rows, D(2026, 3, 31), D(2026, 4, 30))
    assert soon.get_column("contract").to_list() == ["B", "A"]

"""Leave and warning letters, worked by hand from UU 13/2003 (as amended by UU 6/2023),
UU 4/2024, PP 35/2021 and the 2026 joint decree; and what a payroll run writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from backoffice.checking import check
from backoffice.hr import leave, letters, payitems, rules
from backoffice.payroll.book import write_payroll_book
from backoffice.payroll.run import run_payroll

D = dt.date
JOINED = D(2025, 3, 2)
POLICY = rules.policy_on(D(2026, 12, 31))


def employee(code="E1", **fields):
    row = {"employee": code, "name": f"Name {code}", "from": D(2025, 1, 1), "joined": JOINED,
           "ptkp": "TK/0", "basic": 8000000, "fixed_allowances": 2000000}
    row.update(fields)
    return row


def request(code, kind, start, end, emp="E1"):
    return {"request": code, "employee": emp, "kind": kind, "start": start, "end": end}


def flat(report):
    return report.flatten("code", "sheet", "cell", "value")


def frames(reqs, joined=JOINED, last_day=None):
    frame = pl.DataFrame(reqs, schema={"request": pl.String, "employee": pl.String,
                                        "kind": pl.String, "start": pl.Date, "end": pl.Date})
    frame = frame.with_row_index("_row", offset=2).with_columns(pl.col("_row").cast(pl.Int64))
    spans = pl.DataFrame({"employee": ["E1"], "joined": [joined], "last_day": [last_day]},
                         schema={"employee": pl.String, "joined": pl.Date, "last_day": pl.Date})
    return leave.requests(frame), spans


def test_working_days_skip_weekends_holidays_and_joint_leave():
    reqs, _ = frames([request("L1", "annual", D(2026, 3, 16), D(2026, 3, 27)),
                      request("L2", "maternity", D(2026, 1, 1), D(2026, 3, 31))])
    # 16-27 March 2026: 10 weekdays less Nyepi (19th) and joint days 18, 20, 23, 24 = 5.
    # Maternity runs in calendar days: 31 + 28 + 31 = 90.
    assert reqs.get_column("days").to_list() == [5, 90]


def test_annual_leave_arises_at_twelve_months_and_joint_leave_is_charged(tmp_path):
    # Joined 2 March 2025: the right arises on 2 March 2026. A day on 27 Feb is too early;
    # from then on the 2026 joint leave days on or after 2 March are charged: 18, 20, 23,
    # 24 March, 15 and 28 May, 24 December = 7. Leave on 25-27 March takes 3 days.
    reqs, spans = frames([request("L1", "annual", D(2026, 2, 27), D(2026, 2, 27)),
                          request("L2", "annual", D(2026, 3, 25), D(2026, 3, 27))])
    table = leave.balances(reqs, spans, POLICY, range(2026, 2027))
    row = table.row(0, named=True)
    assert (row["entitled"], row["entitlement"], row["joint"], row["taken"]) == \
        (D(2026, 3, 2), 12, 7, 4)
    assert row["balance"] == 12 - 7 - 4
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee()], leave=[
        request("L1", "annual", D(2026, 2, 27), D(2026, 2, 27)),
        request("L2", "annual", D(2026, 3, 25), D(2026, 3, 27))])
    issues = flat(check(path))
    assert issues == [("hr-leave-not-yet-entitled", "Leave", "D2", "L1")]
    message = check(path).issues[0].message("id")[0]
    assert "2026-03-02" in message and "12 bulan" in message


def test_a_request_beyond_the_balance_counts_the_years_joint_days_first(tmp_path):
    # Entitled from 2 March 2026; the year's 7 joint days from then on are reserved, leaving
    # 5; 1-8 June is 5 working days (1 June is a holiday): fine. 9 June is one too many.
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee()], leave=[
        request("L1", "annual", D(2026, 6, 1), D(2026, 6, 8)),
        request("L2", "annual", D(2026, 6, 9), D(2026, 6, 9))])
    report = check(path)
    assert flat(report) == [("hr-leave-over-balance", "Leave", "E3", "L2")]
    assert "has 0 left for 2026" in report.issues[0].message("en")[0]


def test_company_policy_gives_more_days_and_carries_unused_days_over():
    reqs, spans = frames([request("L1", "annual", D(2026, 4, 6), D(2026, 4, 10)),
                          request("L2", "annual", D(2027, 4, 5), D(2027, 4, 6))])
    policy = rules.policy_on(D(2026, 12, 31), {
        "annual_leave_days": Decimal(15), "leave_carry_over_days": Decimal(5),
        "leave_carry_over_months": Decimal(3)})
    law_only = rules.policy_on(D(2026, 12, 31), {"annual_leave_days": Decimal(10)})
    assert law_only["annual_leave_days"] == 12  # the law is a minimum
    table = leave.balances(reqs, spans, policy, range(2026, 2028))
    y2026, y2027 = table.rows(named=True)
    # 2026: 15 - 7 joint - 5 taken = 3 left, all carried (cap 5) into 2027.
    assert (y2026["joint"], y2026["taken"], y2026["balance"]) == (7, 5, 3)
    # 2027 has no joint days in the data file; the carried 3 expire on 1 April unused.
    assert (y2027["carried"], y2027["lapsed"], y2027["taken"], y2027["balance"]) == (3, 3, 2, 13)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 330), st.integers(0, 9)), max_size=12))
def test_a_negative_balance_always_comes_with_a_problem(spans_of_days):
    reqs = [request(f"L{i}", "annual", D(2026, 3, 2) + dt.timedelta(start),
                    D(2026, 3, 2) + dt.timedelta(start + length))
            for i, (start, length) in enumerate(spans_of_days)]
    frame, spans = frames(reqs)
    table = leave.balances(frame, spans, POLICY, range(2026, 2028))
    flagged = leave.over_balance(frame, spans, table, POLICY)
    for year, balance in table.select("year", "balance").iter_rows():
        assert (balance < 0) == (flagged.filter(pl.col("year") == year).height > 0)


def test_family_leave_lengths_overlaps_and_leave_outside_employment(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee(left=D(2026, 9, 1))], leave=[
        request("M1", "marriage", D(2026, 4, 6), D(2026, 4, 9)),      # 4 days > 3
        request("P1", "paternity", D(2026, 4, 13), D(2026, 4, 17)),   # 5 days = 2 + 3: fine
        request("S1", "sick", D(2026, 4, 16), D(2026, 4, 20)),        # overlaps P1
        request("U1", "unpaid", D(2026, 8, 31), D(2026, 9, 2)),       # past 31 Aug
        request("X1", "maternity_extra", D(2026, 5, 1), D(2026, 8, 1)),  # 3 months + 1 day
    ])
    report = check(path)
    assert flat(report) == [
        ("hr-leave-over-length", "Leave", "E2", "M1"),
        ("hr-leave-overlap", "Leave", "D4", "S1"),
        ("hr-leave-outside-employment", "Leave", "D5", "U1"),
        ("hr-leave-over-length", "Leave", "E6", "X1")]
    assert "allows 3 months (UU 4/2024" in report.issues[3].message("en")[0]
    assert "paling lama 3 hari" in report.issues[0].message("id")[0]


def test_maternity_pay_split_and_unpaid_leave_as_proposed_pay_items():
    reqs, _ = frames([request("M1", "maternity", D(2026, 1, 1), D(2026, 3, 31)),
                      request("M2", "maternity_extra", D(2026, 4, 1), D(2026, 6, 30)),
                      request("U1", "unpaid", D(2026, 7, 6), D(2026, 7, 10))])
    wages = pl.DataFrame({"employee": ["E1"], "from": [D(2025, 1, 1)], "wage": [10_000_000],
                          "foreign": [False]})
    law = rules.law_on(D(2026, 1, 1))

    def month(m):
        return [(p.item, p.amount) for p in payitems.leave_items(reqs, wages, 2026, m, law)]

    # UU 4/2024 Ps. 5(2): months 1-4 full pay; months 5 and 6 (May, June) at 75%.
    assert month(3) == [] and month(4) == []
    assert month(5) == [("salary", Decimal(-2_500_000))]
    assert month(6) == [("salary", Decimal(-2_500_000))]
    # July 2026 has 23 working days; 5 unpaid: 10,000,000 x 5/23 = 2,173,913.04.
    assert month(7) == [("salary", Decimal(-2_173_913))]


def test_warning_letters_in_force_and_out_of_order(tmp_path):
    frame = pl.DataFrame({"letter": ["A", "B", "C", "D"], "employee": ["E1", "E1", "E1", "E2"],
                          "level": ["SP1", "SP2", "SP1", "SP2"],
                          "date": [D(2026, 1, 10), D(2026, 3, 1), D(2026, 4, 1), D(2026, 1, 5)],
                          "_row": [2, 3, 4, 5]})
    rows = letters.prepared(frame, 6)
    assert rows.get_column("until").to_list()[0] == D(2026, 7, 9)  # six months less a day
    on = letters.in_force(rows, D(2026, 7, 9))
    assert on.get_column("letter").to_list() == ["A", "C", "B"]
    assert letters.in_force(rows, D(2026, 7, 10)).get_column("letter").to_list() == ["C", "B"]
    wrong = letters.out_of_order(rows)
    # B (SP2 over a live SP1) is right; C (SP1 under a live SP2) is not: SP3 was next.
    assert wrong.select("letter", "expected").rows() == [("C", "SP3")]
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee()], letters=[
        {"letter": "A", "employee": "E1", "level": "SP2", "date": D(2026, 1, 10)},
        {"letter": "B", "employee": "E1", "level": "SP1", "date": D(2026, 2, 1)},
        {"letter": "C", "employee": "E1", "level": "SP1", "date": D(2026, 12, 1)}])
    assert flat(check(path)) == [("hr-warning-out-of-order", "Warning letters", "C3", "B")]


def test_a_payroll_run_writes_the_people_sheets(tmp_path):
    path = write_payroll_book(
        str(tmp_path / "b.xlsx"), [employee(), employee("E2")],
        contracts=[{"contract": "K1", "employee": "E1", "type": "pkwt", "start": D(2025, 1, 1),
                    "end": D(2026, 6, 30)},
                   {"contract": "K2", "employee": "E2", "type": "pkwt", "start": D(2025, 8, 1),
                    "end": D(2026, 7, 15)}],
        leave=[request("U1", "unpaid", D(2026, 6, 22), D(2026, 6, 26), "E2")],
        letters=[{"letter": "S1", "employee": "E2", "level": "SP1", "date": D(2026, 2, 1)}])
    run = run_payroll(path, period="2026-06")
    assert run.report.valid
    assert {"Contract reminders", "Leave balances", "Warnings in force",
            "Proposed pay items"} <= set(run.sheets)
    book = openpyxl.load_workbook(path)
    reminders = [r for r in book["Contract reminders"].iter_rows(min_row=2, values_only=True)]
    # K2 ends 15 July, 15 days after 30 June: 11 months and 15 of July's 31 days of
    # service, x 10,000,000 / 12 = 9,569,892.47.
    assert [(r[0], r[5], r[6]) for r in reminders] == [("K2", 15, 9569892)]
    proposed = [r for r in book["Proposed pay items"].iter_rows(min_row=2, values_only=True)]
    # K1: 18 months -> 15,000,000. U1: June 2026 has 22 weekdays less 1 June (Pancasila)
    # and 16 June (Islamic New Year) = 20 working days; 5 of 20 -> 2,500,000.
    assert [(r[1], r[2], r[3]) for r in proposed] == [("E1", "Bonus", 15000000),
                                                       ("E2", "Salary", -2500000)]
    letters_sheet = list(book["Warnings in force"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in letters_sheet] == ["S1"]
    balances = list(book["Leave balances"].iter_rows(min_row=2, values_only=True))
    # Both joined 2 March 2025: entitled from 2 March 2026, charged the 7 joint days after.
    assert [r[:4] + r[6:] for r in balances] == [
        ("E1", 2026, dt.datetime(2026, 3, 2), 12, 7, 0, 5),
        ("E2", 2026, dt.datetime(2026, 3, 2), 12, 7, 0, 5)]


def test_a_year_without_decreed_holidays_is_a_warning(tmp_path):
    path = write_payroll_book(str(tmp_path / "b.xlsx"), [employee()], leave=[
        request("S1", "sick", D(2026, 12, 30), D(2027, 1, 4))])
    report = check(path)
    assert flat(report) == [("hr-holidays-unknown", "Leave", "D2", "S1")]
    assert report.valid and "2027" in report.issues[0].message("en")[0]

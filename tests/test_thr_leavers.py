"""THR of an employee who leaves shortly before the holiday (Permenaker 6/2016 Pasal 7),
worked by hand on a real payroll book and against the 2026 SKB holiday decree
(Idul Fitri 1447 H: Saturday 21 March 2026, backoffice/data/holidays_id.csv).

Pasal 7 ayat (1): a PKWTT worker whose employment ends within 30 days before the
religious holiday is still owed THR; ayat (3): not a PKWT worker whose contract ends
before the holiday. *Left* on Employees is the first day no longer worked.
"""

from __future__ import annotations

import datetime as dt

from backoffice.compliance.run import month_calendar
from backoffice.compliance.thr import owed_after_leaving
from backoffice.payroll.book import write_payroll_book
from backoffice.payroll.run import run_payroll

D = dt.date
IDUL_FITRI_2026 = D(2026, 3, 21)


def _book(tmp_path):
    """Four Muslim employees, THR typed blank (computed by the payroll)."""
    staff = [
        # Ani: PKWTT, joined 10 June 2025, last day worked 4 March 2026 (17 days before)
        {"employee": "E1", "name": "Ani", "from": D(2025, 6, 10), "joined": D(2025, 6, 10),
         "left": D(2026, 3, 5), "religion": "islam", "basic": 6_000_000,
         "fixed_allowances": 1_500_000},
        # Budi: PKWT to 15 March 2026, before the holiday
        {"employee": "E2", "name": "Budi", "from": D(2025, 4, 1), "joined": D(2025, 4, 1),
         "left": D(2026, 3, 16), "religion": "islam", "basic": 5_000_000},
        # Citra: PKWTT, last day worked 14 February 2026 (35 days before)
        {"employee": "E3", "name": "Citra", "from": D(2024, 1, 1), "joined": D(2024, 1, 1),
         "left": D(2026, 2, 15), "religion": "islam", "basic": 6_000_000},
        # Dewi: PKWTT, last day worked 19 February 2026: exactly 30 days before
        {"employee": "E4", "name": "Dewi", "from": D(2025, 9, 1), "joined": D(2025, 9, 1),
         "left": D(2026, 2, 20), "religion": "islam", "basic": 4_800_000},
    ]
    for row in staff:
        row.update(ptkp="TK/0", department="OPS", auto_bpjs=False)
    contracts = [
        {"contract": "K-1", "employee": "E1", "type": "pkwtt", "start": D(2025, 6, 10)},
        {"contract": "K-2", "employee": "E2", "type": "pkwt", "start": D(2025, 4, 1),
         "end": D(2026, 3, 15)},
        {"contract": "K-3", "employee": "E3", "type": "pkwtt", "start": D(2024, 1, 1)},
        {"contract": "K-4", "employee": "E4", "type": "pkwtt", "start": D(2025, 9, 1)},
    ]
    items = [{"date": D(2026, 3, 13), "employee": "E1", "item": "thr"},  # H-8, after leaving
             {"date": D(2026, 3, 13), "employee": "E2", "item": "thr"},
             {"date": D(2026, 2, 13), "employee": "E3", "item": "thr"},
             {"date": D(2026, 2, 19), "employee": "E4", "item": "thr"}]
    return write_payroll_book(str(tmp_path / "thr.xlsx"), staff, pay_items=items,
                              contracts=contracts)


def test_thr_of_leavers_by_hand(tmp_path):
    """By hand (months of service = whole months to the last day worked, Pasal 3):

    * Ani (PKWTT) left 17 days before Idul Fitri: owed. 10 June 2025 to 4 March 2026 is
      8 whole months (4 March < the 10th), so 8/12 x (6,000,000 + 1,500,000) = 5,000,000.
      Counted to the pay day 13 March it would be 9 months (5,625,000): service ends with
      the employment.
    * Budi (PKWT) ends on 15 March, before the holiday: nothing (Pasal 7(3)); counted
      wrongly it would be 11/12 x 5,000,000 = 4,583,333.
    * Citra (PKWTT) left 35 days before: more than 30, nothing (else 6,000,000).
    * Dewi (PKWTT) last worked 19 February = 21 March - 30 days: owed. 1 September 2025
      to 19 February 2026 is 5 whole months: 5/12 x 4,800,000 = 2,000,000.
    """
    path = _book(tmp_path)
    march = {r.employee: r.thr for r in run_payroll(path, period="2026-03").results}
    february = {r.employee: r.thr for r in run_payroll(path, period="2026-02").results}
    assert march["E1"] == 5_000_000
    assert march["E2"] == 0
    assert february["E3"] == 0
    assert february["E4"] == 2_000_000


def test_the_calendar_covers_the_pkwtt_leaver_within_30_days(tmp_path):
    """The THR obligation of Idul Fitri 2026 covers Ani and Dewi (PKWTT, left 17 and 30
    days before), not Budi (PKWT ended before it) nor Citra (35 days before)."""
    path = _book(tmp_path)
    result = month_calendar([path], "2026-03", as_of=D(2026, 3, 31))
    [thr] = [e for e in result.entries if e.rule.code == "thr"]
    assert thr.covers == ("E1 Ani", "E4 Dewi")
    assert thr.amount == 7_000_000  # 5,000,000 + 2,000,000


def test_the_30_days_boundary():
    """Left = first day no longer worked; the last day worked counts."""
    last_30 = IDUL_FITRI_2026 - dt.timedelta(days=30)  # 19 February
    assert owed_after_leaving("pkwtt", last_30 + dt.timedelta(days=1), IDUL_FITRI_2026)
    assert not owed_after_leaving("pkwtt", last_30, IDUL_FITRI_2026)  # 31 days before
    assert not owed_after_leaving("pkwt", IDUL_FITRI_2026, IDUL_FITRI_2026)  # eve
    assert owed_after_leaving("pkwt", IDUL_FITRI_2026 + dt.timedelta(days=1),
                              IDUL_FITRI_2026)  # worked on the holiday


def test_a_leaver_needs_a_month_of_service_by_the_last_day_worked(tmp_path):
    """Eko (PKWTT) joined 20 February 2026 and left after 4 March (13 days before Idul
    Fitri): within the 30 days, but not a month of service by his last day (Pasal 2(1)):
    on no THR obligation, and his THR left blank is 0 (0 whole months)."""
    staff = [{"employee": "E5", "name": "Eko", "from": D(2026, 2, 20), "joined": D(2026, 2, 20),
              "left": D(2026, 3, 5), "religion": "islam", "basic": 6_000_000, "ptkp": "TK/0",
              "department": "OPS", "auto_bpjs": False}]
    path = write_payroll_book(str(tmp_path / "eko.xlsx"), staff, pay_items=[
        {"date": D(2026, 3, 4), "employee": "E5", "item": "thr"}])
    assert [r.thr for r in run_payroll(path, period="2026-03").results] == [0]
    result = month_calendar([path], "2026-03", as_of=D(2026, 3, 31))
    assert not [e for e in result.entries if e.rule.code == "thr"]


def test_who_leaves_months_after_the_holiday_is_owed_that_holidays_thr_in_full(tmp_path):
    """Fajar (PKWTT, since 2024) and Gita (PKWT to 31 December 2026) are paid THR on 13 March
    2026, eight days before Idul Fitri (21 March), and leave in the autumn. Both worked on the
    holiday, so Pasal 7 does not apply: each is owed a full month's wage (a year of service,
    Pasal 3(1)a): 6,000,000 and 5,000,000. (The holiday that decides is the one the THR is
    paid for, not the next one after the last day worked — taken so, Fajar's THR of March was
    dropped because he left 5 months before the Idul Fitri of 2027.)"""
    staff = [
        {"employee": "E6", "name": "Fajar", "from": D(2024, 1, 1), "joined": D(2024, 1, 1),
         "left": D(2026, 10, 1), "religion": "islam", "basic": 6_000_000},
        {"employee": "E7", "name": "Gita", "from": D(2024, 1, 1), "joined": D(2024, 1, 1),
         "left": D(2026, 9, 1), "religion": "islam", "basic": 5_000_000},
    ]
    for row in staff:
        row.update(ptkp="TK/0", department="OPS", auto_bpjs=False)
    contracts = [
        {"contract": "K-6", "employee": "E6", "type": "pkwtt", "start": D(2024, 1, 1)},
        {"contract": "K-7", "employee": "E7", "type": "pkwt", "start": D(2024, 1, 1),
         "end": D(2026, 12, 31)},
    ]
    items = [{"date": D(2026, 3, 13), "employee": e, "item": "thr"} for e in ("E6", "E7")]
    path = write_payroll_book(str(tmp_path / "autumn.xlsx"), staff, pay_items=items,
                              contracts=contracts)
    march = {r.employee: r.thr for r in run_payroll(path, period="2026-03").results}
    assert march == {"E6": 6_000_000, "E7": 5_000_000}
    result = month_calendar([path], "2026-03", as_of=D(2026, 3, 31))
    [thr] = [e for e in result.entries if e.rule.code == "thr"]
    assert thr.covers == ("E6 Fajar", "E7 Gita")
    from backoffice.checking import check

    assert not [i for i in check(path).issues if i.code == "payroll-thr-leaver-not-owed"]


def test_check_tells_the_clerk_why_a_leavers_blank_thr_is_0(tmp_path):
    """Budi's (PKWT ended 15 March) and Citra's (PKWTT, 35 days before) blank THR come out
    as 0: Check and the payroll run warn at their Pay items row, naming the rule, in the
    book's language; Ani and Dewi (owed) get no such warning."""
    from backoffice.checking import check

    path = _book(tmp_path)
    found = [i for i in check(path).issues if i.code == "payroll-thr-leaver-not-owed"]
    assert [(i.sheet, i.row, i.severity) for i in found] == [("Pay items", 3, "warning"),
                                                            ("Pay items", 4, "warning")]
    budi, citra = (i.message("en")[0] for i in found)
    assert "not owed THR: PKWT ended before Eid al-Fitr 1447 H 2026-03-21" in budi
    assert "Permenaker 6/2016 Pasal 7 ayat (3)" in budi and "E2" in budi
    assert "PKWTT ended more than 30 days before Eid al-Fitr 1447 H 2026-03-21" in citra
    assert "Permenaker 6/2016 Pasal 7 ayat (1)" in citra and "E3" in citra
    assert "tidak berhak THR: PKWT berakhir sebelum Hari Raya Idul Fitri 1447 H 2026-03-21" \
        in found[0].message("id")[0]
    run = run_payroll(path, period="2026-03")
    assert [i.row for i in run.report.issues if i.code == "payroll-thr-leaver-not-owed"] == [3, 4]

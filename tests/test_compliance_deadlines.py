"""Every deadline rule against its article, and the shift off days off worked by hand
(PMK 81/2024 Ps. 100) against the 2025 and 2026 holiday and cuti bersama decrees."""

from __future__ import annotations

import datetime as dt

import pytest

from backoffice import holidays
from backoffice.compliance.deadlines import working_due
from backoffice.compliance.rules import codes, load_rules, rule_for

D = dt.date


@pytest.mark.parametrize(("code", "period", "statutory", "source"), [
    # PMK 81/2024 Ps. 94(1): withheld PPh by the 15th of the next month, from January 2025 ...
    ("pph21-pay", "2025-07", D(2025, 8, 15), "PMK 81/2024 Ps. 94 ayat (1)"),
    ("pph23-pay", "2025-01", D(2025, 2, 15), "PMK 81/2024 Ps. 94 ayat (1)"),
    # ... before it, PMK 242/2014 Ps. 2: the 10th
    ("pph21-pay", "2024-12", D(2025, 1, 10), "PMK 242/PMK.03/2014 Ps. 2"),
    ("pph23-pay", "2024-11", D(2024, 12, 10), "PMK 242/PMK.03/2014 Ps. 2"),
    # UU KUP Ps. 3(3)a: SPT Masa PPh within 20 days after the period; PPN by the month's end
    ("pph21-return", "2026-01", D(2026, 2, 20), "UU KUP Ps. 3 ayat (3) huruf a; PMK 81/2024"),
    ("ppn-return", "2026-01", D(2026, 2, 28), "UU KUP Ps. 3 ayat (3) huruf a; PMK 81/2024"),
    ("ppn-pay", "2024-02", D(2024, 3, 31), "PMK 242/PMK.03/2014 Ps. 2"),
    # BPJS Kesehatan: by the 10th of the month itself (Perpres 82/2018 Ps. 39(1))
    ("bpjs-kes", "2025-05", D(2025, 5, 10), "Perpres 82/2018 Ps. 39 ayat (1)"),
    ("bpjs-tk", "2025-12", D(2026, 1, 15), "PP 44/2015; PP 45/2015; PP 46/2015"),
    # annual: the 1721-A1 within a month of the year's end, the corporate return within four
    ("a1-slips", "2025", D(2026, 1, 31), "PMK 168/2023 Ps. 22; PER-2/PJ/2024"),
    # ... and a leaver's within a month of the leaving month
    ("a1-leaver", "2025-09", D(2025, 10, 31), "PMK 168/2023 Ps. 22; PER-2/PJ/2024"),
    ("corporate-return", "2024", D(2025, 4, 30), "UU KUP Ps. 3 ayat (3) huruf c"),
    # THR a week before Idul Fitri (Permenaker 6/2016 Ps. 5(4)): 31 March 2025, 21 March 2026
    ("thr", "2025", D(2025, 3, 24), "Permenaker 6/2016 Ps. 5 ayat (4)"),
    ("thr", "2026", D(2026, 3, 14), "Permenaker 6/2016 Ps. 5 ayat (4)"),
])
def test_each_rule_gives_its_articles_deadline(code, period, statutory, source):
    rule = rule_for(code, period)
    assert rule is not None and rule.source == source
    assert rule.statutory_due(period) == statutory


def test_every_obligation_is_covered_in_2025_and_2026_and_cites_its_sources():
    for code in codes():
        yearly = rule_for(code, "2025-01").yearly
        for period in (["2025", "2026"] if yearly
                       else [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)]):
            assert rule_for(code, period) is not None, (code, period)
    for rule in load_rules():
        assert rule.source and rule.penalty_source and rule.penalty_en and rule.penalty_id
    # no two rows of one obligation cover the same day
    for code in codes():
        rows = sorted((r for r in load_rules() if r.code == code), key=lambda r: r.effective_from)
        for before, after in zip(rows, rows[1:], strict=False):
            assert before.effective_to is not None and before.effective_to < after.effective_from


@pytest.mark.parametrize(("day", "moved"), [
    (D(2025, 8, 15), D(2025, 8, 15)),   # a Friday: stays
    (D(2025, 6, 15), D(2025, 6, 16)),   # a Sunday: to Monday
    (D(2026, 8, 15), D(2026, 8, 18)),   # Saturday; Monday 17 August is Independence Day
    (D(2025, 5, 10), D(2025, 5, 14)),   # Saturday; Monday Waisak, Tuesday its cuti bersama
    (D(2025, 3, 31), D(2025, 4, 8)),    # Idul Fitri 31 Mar-1 Apr, cuti bersama 2-4 and 7 Apr
    (D(2026, 3, 20), D(2026, 3, 25)),   # cuti bersama, Idul Fitri 21-22, cuti bersama 23-24
    (D(2026, 1, 31), D(2026, 2, 2)),    # Saturday: to Monday
    (D(2025, 12, 25), D(2025, 12, 29)),  # Christmas, its cuti bersama on the 26th, a weekend
])
def test_a_deadline_on_a_day_off_moves_to_the_next_working_day(day, moved):
    assert working_due(day) == moved


def test_the_2025_and_2026_calendars_day_by_day():
    """Every day of both years: the deadline lands on a working day, on the day itself when it
    is one, and no working day is skipped on the way."""
    day = D(2025, 1, 1)
    shifted = 0
    while day.year < 2027:
        due = working_due(day)
        assert holidays.is_working_day(due) and due >= day
        assert all(not holidays.is_working_day(day + dt.timedelta(days=n))
                   for n in range((due - day).days))
        shifted += due != day
        day += dt.timedelta(days=1)
    # Both years start on a weekday and have 52 weeks and a day: 104 weekend days each. The
    # decrees' holidays and cuti bersama on weekdays: 23 in 2025 (27 days, 4 on weekends) and
    # 21 in 2026 (25 days, 4 on weekends). Exactly those days move, no other day does.
    assert shifted == 104 + 104 + 23 + 21

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
    ("thr", "2025", D(2025, 3, 24), "Permenaker 6/2016 Ps. 5 ayat (4); Ps. 1 angka 2"),
    ("thr", "2026", D(2026, 3, 14), "Permenaker 6/2016 Ps. 5 ayat (4); Ps. 1 angka 2"),
    # ... and before each other religion's holiday of the SKB decrees (Ps. 1 angka 2): Nyepi
    # 19 March 2026, Natal 25 December, Waisak 31 May, Imlek 17 February 2026
    ("thr-nyepi", "2026", D(2026, 3, 12), "Permenaker 6/2016 Ps. 5 ayat (4); Ps. 1 angka 2"),
    ("thr-natal", "2025", D(2025, 12, 18), "Permenaker 6/2016 Ps. 5 ayat (4); Ps. 1 angka 2"),
    ("thr-waisak", "2026", D(2026, 5, 24), "Permenaker 6/2016 Ps. 5 ayat (4); Ps. 1 angka 2"),
    ("thr-imlek", "2026", D(2026, 2, 10), "Permenaker 6/2016 Ps. 5 ayat (4); Ps. 1 angka 2"),
    # LKPM: medium and large businesses a quarter at a time, by the 10th of the next month
    # (Peraturan BKPM 5/2021 Ps. 32(4)b), the 15th from the reports due after 1 October 2025
    # (Peraturan BKPM 5/2025); small ones half-yearly
    ("lkpm", "2024-Q1", D(2024, 4, 10), "Peraturan BKPM 5/2021 Ps. 32 ayat (4) huruf b"),
    ("lkpm", "2025-Q2", D(2025, 7, 10), "Peraturan BKPM 5/2021 Ps. 32 ayat (4) huruf b"),
    ("lkpm", "2025-Q3", D(2025, 10, 15), "Peraturan BKPM 5/2025 Ps. 286 ayat (5) huruf a"),
    ("lkpm", "2026-Q4", D(2027, 1, 15), "Peraturan BKPM 5/2025 Ps. 286 ayat (5) huruf a"),
    ("lkpm-small", "2025-H1", D(2025, 7, 10), "Peraturan BKPM 5/2021 Ps. 32 ayat (4) huruf a"),
    ("lkpm-small", "2026-H2", D(2027, 1, 15), "Peraturan BKPM 5/2025 Ps. 285 ayat (3)"),
])
def test_each_rule_gives_its_articles_deadline(code, period, statutory, source):
    rule = rule_for(code, period)
    assert rule is not None and rule.source == source
    assert rule.statutory_due(period) == statutory


def test_the_wlkp_falls_on_the_first_reports_day_every_year():
    """UU 7/1981 Ps. 7(1) and its elucidation: yearly, counted from the first report."""
    rule = rule_for("wlkp", "2026")
    assert rule is not None and rule.source.startswith("UU 7/1981 Ps. 7 ayat (1)")
    assert rule.statutory_due("2026", D(2019, 8, 17)) == D(2026, 8, 17)
    assert rule.statutory_due("2025", D(2020, 2, 29)) == D(2025, 2, 28)
    assert rule.statutory_due("2026") is None  # no date in Settings: no deadline, no guess
    assert not rule.moves


def test_every_obligation_is_covered_in_2025_and_2026_and_cites_its_sources():
    for code in codes():
        rule = rule_for(code, "2025")
        periods = {"monthly": [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)],
                   "quarterly": [f"{y}-Q{q}" for y in (2025, 2026) for q in range(1, 5)],
                   "semiannual": [f"{y}-H{h}" for y in (2025, 2026) for h in (1, 2)]}.get(
                       rule.frequency, ["2025", "2026"])
        for period in periods:
            assert rule_for(code, period) is not None, (code, period)
    for rule in load_rules():
        assert rule.source and rule.penalty_source and rule.penalty_en and rule.penalty_id
        # how far the source was read, said honestly: a status and what was read
        assert rule.verified in ("primary", "secondary", "unverified") and rule.checked
        # only tax deadlines move off a day off (PMK 81/2024 Ps. 100)
        assert rule.moves == (rule.frequency not in ("religious", "anniversary", "quarterly",
                                                     "semiannual"))
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

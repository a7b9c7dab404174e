"""Holidays and joint leave from the SKB 3 Menteri, counted by hand."""

import datetime as dt

from backoffice import holidays as hol

D = dt.date


def test_2026_counts_match_the_decree():
    # SKB 1497/2025, 2/2025, 5/2025: 17 national holidays and 8 joint leave days.
    assert len(hol.holidays(2026, joint=False)) == 17
    assert len(hol.joint_leave(2026)) == 8
    assert len(hol.holidays(2026)) == 25
    assert hol.holidays(2026, lang="id")[D(2026, 3, 21)] == "Hari Raya Idul Fitri 1447 H"
    assert hol.holidays(2026)[D(2026, 12, 24)] == "Joint leave: Christmas"


def test_working_days_and_next_working_day():
    assert not hol.is_working_day(D(2026, 3, 20))  # Friday, joint leave
    assert not hol.is_working_day(D(2026, 3, 21))  # Saturday and Idul Fitri
    assert hol.is_working_day(D(2026, 3, 25))
    # Thu 19 Mar (Nyepi) -> Fri 20 joint -> weekend -> Mon 23, Tue 24 joint -> Wed 25.
    assert hol.next_working_day(D(2026, 3, 19)) == D(2026, 3, 25)
    assert hol.next_working_day(D(2026, 3, 25)) == D(2026, 3, 25)
    # March 2026 has 22 weekdays; off on weekdays: 18, 19, 20, 23, 24 -> 17 working days.
    assert hol.working_days(D(2026, 3, 1), D(2026, 3, 31)) == 17
    assert hol.working_days(D(2026, 3, 31), D(2026, 3, 1)) == 0
    # Brute force agrees over a whole year.
    days = [D(2025, 1, 1) + dt.timedelta(k) for k in range(365)]
    assert hol.working_days(days[0], days[-1]) == sum(map(hol.is_working_day, days))


def test_every_row_has_a_source_and_covers_known_years():
    assert {2024, 2025, 2026} <= hol.covered_years()
    for year in hol.covered_years():
        assert all(h.source.startswith("SKB") for h in hol.holiday_records(year))

"""Working-day arithmetic: known calendar cases and properties against a day-by-day count."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.workdays import add_working_days, is_working_day, working_days_between

D = datetime.date
days = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))
holiday_sets = st.frozensets(st.dates(min_value=D(2019, 12, 1), max_value=D(2031, 3, 1)), max_size=40)


def naive_between(start: datetime.date, end: datetime.date, holidays) -> int:
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += day.weekday() < 5 and day not in holidays
    return count


def test_known_weeks():
    friday, monday = D(2025, 3, 7), D(2025, 3, 10)
    assert working_days_between(friday, friday) == 0
    assert working_days_between(friday, monday) == 1
    assert working_days_between(friday, D(2025, 3, 8)) == 0  # Saturday
    assert working_days_between(D(2025, 3, 3), D(2025, 3, 17)) == 10
    assert working_days_between(monday, friday) == -1
    assert add_working_days(friday, 1) == monday
    assert add_working_days(D(2025, 3, 8), 1) == monday  # from a Saturday
    assert add_working_days(friday, 0) == friday


def test_holidays_are_skipped_and_weekend_holidays_not_counted_twice():
    # Nyepi 2025 fell on Saturday 29 March; Idul Fitri leave ran Monday 31 March – Monday 7 April.
    holidays = {D(2025, 3, 29), *(D(2025, 3, 31) + datetime.timedelta(days=i) for i in range(8))}
    thursday = D(2025, 3, 27)
    assert working_days_between(thursday, D(2025, 4, 8), holidays) == 2  # Friday 28 March and Tuesday 8 April
    assert add_working_days(thursday, 2, holidays) == D(2025, 4, 8)
    assert not is_working_day(D(2025, 4, 1), holidays)
    assert is_working_day(D(2025, 4, 8), holidays)


def test_negative_count_is_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2025, 1, 1), -1)


@given(days, days, holiday_sets)
def test_between_matches_a_day_by_day_count(start, end, holidays):
    expected = naive_between(start, end, holidays) if start <= end else -naive_between(end, start, holidays)
    assert working_days_between(start, end, holidays) == expected


@given(days, st.integers(min_value=0, max_value=400), holiday_sets)
def test_adding_then_counting_gives_back_n(start, n, holidays):
    result = add_working_days(start, n, holidays)
    assert working_days_between(start, result, holidays) == n
    if n:
        assert is_working_day(result, holidays)
        # It is the first such day: the day before is still one short.
        assert working_days_between(start, result - datetime.timedelta(days=1), holidays) == n - 1


@given(days, st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60), holiday_sets)
def test_adding_is_additive(start, a, b, holidays):
    assert add_working_days(add_working_days(start, a, holidays), b, holidays) == add_working_days(
        start, a + b, holidays
    )


@given(days, days, days, holiday_sets)
def test_counts_add_up_over_a_middle_day(a, b, c, holidays):
    assert working_days_between(a, b, holidays) + working_days_between(b, c, holidays) == working_days_between(
        a, c, holidays
    )

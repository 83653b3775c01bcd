"""Working-day arithmetic (hari kerja): Monday to Friday, less the office's holidays; pure, no database."""

from __future__ import annotations

import datetime
from collections.abc import Collection

ONE_DAY = datetime.timedelta(days=1)
WORKDAYS_PER_WEEK = 5


def is_working_day(day: datetime.date, holidays: Collection[datetime.date] = ()) -> bool:
    """Return whether ``day`` is a weekday that is not one of ``holidays``."""
    return day.weekday() < WORKDAYS_PER_WEEK and day not in holidays


def _weekdays_after(start: datetime.date, end: datetime.date) -> int:
    """Count Monday–Friday dates in (start, end], with ``start <= end``, in constant time."""
    span = (end - start).days
    weeks, rest = divmod(span, 7)
    count = weeks * WORKDAYS_PER_WEEK
    # The last ``rest`` days follow start + 7·weeks, whose weekday equals start's.
    first = start.weekday()
    count += sum(1 for offset in range(1, rest + 1) if (first + offset) % 7 < WORKDAYS_PER_WEEK)
    return count


def working_days_between(start: datetime.date, end: datetime.date, holidays: Collection[datetime.date] = ()) -> int:
    """Return the working days after ``start`` up to and including ``end``; negative when ``end`` is earlier.

    A disposition sent on Friday and looked at on Monday is 1 working day old; on the same day it is 0.
    Holidays falling on a weekend are not subtracted twice.
    """
    if end < start:
        return -working_days_between(end, start, holidays)
    off = sum(1 for day in set(holidays) if start < day <= end and day.weekday() < WORKDAYS_PER_WEEK)
    return _weekdays_after(start, end) - off


def add_working_days(start: datetime.date, n: int, holidays: Collection[datetime.date] = ()) -> datetime.date:
    """Return the ``n``-th working day after ``start`` (``start`` itself when n is 0).

    ``start`` need not be a working day: 1 working day after a Saturday is the Monday (or the next working day
    after it when Monday is a holiday).
    """
    if n < 0:
        raise ValueError("n must not be negative")
    holiday_set = set(holidays)
    # Jump whole weeks first, then walk; the walk also steps over the holidays met on the way.
    day = start + datetime.timedelta(weeks=max(n - 1, 0) // WORKDAYS_PER_WEEK)
    left = n - working_days_between(start, day, holiday_set)
    while left > 0:
        day += ONE_DAY
        if is_working_day(day, holiday_set):
            left -= 1
    return day

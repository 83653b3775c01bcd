"""The monitoring view's figures: open dispositions by unit and age, how long each unit took to complete them over a
period, and which undisposed letters were re-notified after ARCHIVE_IDLE_WORKING_DAYS working days.

Ages and durations are in working days (archive.workdays: weekends and the office's holidays left out). Every
figure is computed from rows the caller already passed through the access rule.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from archive.models import DispositionRecipient, Position, Reminder
from archive.selectors.dispositions import OpenDisposition, holiday_dates, idle_working_days, positions_below
from archive.selectors.organisation import user_positions
from archive.workdays import working_days_between


def age_buckets(idle_after: int | None = None) -> list[tuple[int, int | None, str]]:
    """(from, to exclusive or None, label) of the age columns: fresh, on the way, idle, long idle."""
    idle = idle_after if idle_after is not None else idle_working_days()
    return [
        (0, 2, "0–1"),
        (2, idle, f"2–{idle - 1}"),
        (idle, idle * 2, f"{idle}–{idle * 2 - 1}"),
        (idle * 2, None, f"≥{idle * 2}"),
    ]


@dataclass
class UnitRow:
    unit: str
    buckets: list[int]
    overdue: int = 0
    total: int = 0


def open_by_unit(items: Iterable[OpenDisposition], *, idle_after: int | None = None) -> list[UnitRow]:
    """Open dispositions counted per unit of the post they wait at and per age bucket; most overdue units first."""
    buckets = age_buckets(idle_after)
    rows: dict[str, UnitRow] = {}
    for item in items:
        unit = item.recipient.position.unit.name
        row = rows.setdefault(unit, UnitRow(unit, [0] * len(buckets)))
        for index, (low, high, _label) in enumerate(buckets):
            if item.age >= low and (high is None or item.age < high):
                row.buckets[index] += 1
        row.overdue += item.overdue
        row.total += 1
    return sorted(rows.values(), key=lambda row: (-row.overdue, -row.total, row.unit))


@dataclass
class UnitCompletion:
    unit: str
    durations: list[int] = field(default_factory=list)
    on_time: int = 0
    with_deadline: int = 0

    @property
    def count(self) -> int:
        return len(self.durations)

    @property
    def median(self) -> float:
        return statistics.median(self.durations) if self.durations else 0

    @property
    def mean(self) -> float:
        return round(statistics.fmean(self.durations), 1) if self.durations else 0

    @property
    def slowest(self) -> int:
        return max(self.durations) if self.durations else 0

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.on_time / self.with_deadline) if self.with_deadline else None


def completion_by_unit(
    *, recipients: QuerySet[DispositionRecipient], start: datetime.date, end: datetime.date
) -> list[UnitCompletion]:
    """Dispositions completed between ``start`` and ``end`` (inclusive), per unit: working days from sent to done."""
    done = (
        recipients.filter(status=DispositionRecipient.Status.DONE, closed_at__date__gte=start, closed_at__date__lte=end)
        .select_related("position__unit", "disposition")
        .order_by("pk")
    )
    holidays = holiday_dates()
    units: dict[str, UnitCompletion] = defaultdict(lambda: UnitCompletion(""))
    for recipient in done:
        name = recipient.position.unit.name
        row = units[name]
        row.unit = name
        sent = timezone.localdate(recipient.disposition.created_at)
        closed = timezone.localdate(recipient.closed_at)
        row.durations.append(max(working_days_between(sent, closed, holidays), 0))
        deadline = recipient.disposition.deadline
        if deadline is not None:
            row.with_deadline += 1
            row.on_time += closed <= deadline
    return sorted(units.values(), key=lambda row: (-row.median, row.unit))


def renotified_on(*, letter_ids: Iterable[int]) -> dict[int, datetime.date]:
    """The day each undisposed letter was re-notified to the head of office (the seeds' 4 working days)."""
    rows = Reminder.objects.filter(
        letter_id__in=list(letter_ids), reason=Reminder.Reason.UNDISPOSED, channel=Reminder.Channel.APP
    ).order_by("day")
    found: dict[int, datetime.date] = {}
    for letter_id, day in rows.values_list("letter_id", "day"):
        found.setdefault(letter_id, day)
    return found


def led_positions(*, user, day: datetime.date) -> list[Position]:
    """The posts below every post ``user`` leads today (Plt included): what a leader monitors."""
    found: dict[int, Position] = {}
    for hold in user_positions(user=user, day=day):
        for position in positions_below(position=hold.position):
            found.setdefault(position.pk, position)
    return list(found.values())

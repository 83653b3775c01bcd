"""Step durations: units, conversion to minutes and Indonesian wording (pure, no Django models)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MINUTE = "minute"
HOUR = "hour"
DAY = "day"
WEEK = "week"

UNIT_CHOICES = [
    (MINUTE, _("menit")),
    (HOUR, _("jam")),
    (DAY, _("hari kerja")),
    (WEEK, _("minggu")),
]


def working_day_minutes() -> int:
    return int(getattr(settings, "CMS_WORKING_DAY_MINUTES", 480))


def unit_minutes(unit: str) -> int:
    """Return how many minutes one unit stands for; days are working days (a setting)."""
    day = working_day_minutes()
    return {MINUTE: 1, HOUR: 60, DAY: day, WEEK: 5 * day}[unit]


def to_minutes(value: Decimal | float | int | None, unit: str) -> int:
    if value is None:
        return 0
    return int(round(Decimal(str(value)) * unit_minutes(unit)))


def format_minutes(total: int) -> str:
    """Word a number of minutes the way an SOP does: '1 hari kerja 2 jam 5 menit'."""
    if total <= 0:
        return "0 menit"
    day = working_day_minutes()
    days, rest = divmod(total, day)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} hari kerja")
    if hours:
        parts.append(f"{hours} jam")
    if minutes:
        parts.append(f"{minutes} menit")
    return " ".join(parts)


def format_value(value: Decimal | None, value_max: Decimal | None, unit: str) -> str:
    """Word one step's duration: '10 menit', '10–120 menit', '1,5 jam'."""
    if value is None:
        return ""
    label = dict(UNIT_CHOICES)[unit]

    def number(v: Decimal) -> str:
        text = format(v.normalize(), "f")
        return text.replace(".", ",")

    if value_max is not None and value_max != value:
        return f"{number(value)}–{number(value_max)} {label}"
    return f"{number(value)} {label}"

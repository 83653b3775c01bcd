"""Dates as official letters print them, always in Bahasa Indonesia whatever the reader's interface language."""

from __future__ import annotations

import datetime

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def long_date(day: datetime.date | None) -> str:
    """``7 Desember 2026``; empty for no date."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def day_and_date(day: datetime.date | None) -> str:
    """``Senin, 14 Desember 2026``."""
    return f"{DAYS[day.weekday()]}, {long_date(day)}" if day else ""


def long_datetime(moment: datetime.datetime | None) -> str:
    """``7 Desember 2026 15.04 WIB`` in the office's time zone (settings.TIME_ZONE)."""
    if moment is None:
        return ""
    from django.utils import timezone

    local = timezone.localtime(moment)
    zone = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}.get(str(local.tzinfo), "")
    return f"{long_date(local.date())} {local:%H.%M} {zone}".rstrip()


def parse_iso(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None

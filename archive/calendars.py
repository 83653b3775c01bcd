"""Invitation events as iCalendar (RFC 5545): one event for an .ics download, or a person's whole feed.

Times are written in the zone the letter gave (WIB, WITA, WIT), with its VTIMEZONE, so a phone in another zone
shows the right hour. An event keeps its UID when corrected and its SEQUENCE goes up, so calendars update it
rather than add a second one. For a restricted letter only what is needed to attend goes out (when and where);
its sender and subject stay in the application.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from archive.models import LetterEvent

PRODID = "-//Naskah//Undangan Surat Masuk//ID"


def _base_url() -> str:
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")


def calendar_ics(events: Iterable[LetterEvent], *, name: str) -> bytes:
    """Return a VCALENDAR holding ``events``."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        calendar.add_component(event_component(event))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_component(event: LetterEvent) -> Event:
    letter = event.letter
    component = Event()
    component.add("uid", f"{event.uid}@naskah")
    component.add("dtstamp", event.updated_at or timezone.now())
    component.add("sequence", event.sequence)
    component.add("summary", _summary(event))
    start, end = _span(event)
    component.add("dtstart", start)
    if end is not None:
        component.add("dtend", end)
    if event.place:
        component.add("location", event.place)
    component.add("description", _description(event))
    component.add("url", _base_url() + reverse("archive_dispositions:letter", args=[letter.pk]))
    component.add("status", "CONFIRMED")
    component.add("transp", "OPAQUE")
    return component


def _summary(event: LetterEvent) -> str:
    if event.letter.is_restricted:
        return _("Acara undangan (surat terbatas)")
    return event.agenda or event.letter.subject or _("Acara undangan")


def _description(event: LetterEvent) -> str:
    letter = event.letter
    lines = []
    if event.until_done:
        lines.append(_("Sampai selesai."))
    if not letter.is_restricted:
        lines.append(_("Surat %(number)s dari %(sender)s") % {"number": letter.number or "-", "sender": letter.sender})
        if letter.subject:
            lines.append(_("Perihal: %(subject)s") % {"subject": letter.subject})
    lines.append(_base_url() + reverse("archive_dispositions:letter", args=[letter.pk]))
    return "\n".join(lines)


def _span(event: LetterEvent):
    """(start, end): zoned date-times when the time is known, else whole days (the end day exclusive)."""
    if event.start_time is None:
        last = event.end_date or event.date
        return event.date, last + datetime.timedelta(days=1)
    zone = ZoneInfo(event.tz_name)
    start = datetime.datetime.combine(event.date, event.start_time, tzinfo=zone)
    if event.end_time is not None:
        return start, datetime.datetime.combine(event.end_date or event.date, event.end_time, tzinfo=zone)
    return start, None

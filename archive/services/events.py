"""Invitation events: read from the letter when it is captured, corrected by people, and calendar feed addresses.

Reading never overwrites an event a person has corrected (source ``edited``); a letter whose text holds no event
loses the event an earlier reading gave it, unless a person made it theirs.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.extraction.events import extract_event
from archive.models import CalendarFeed, IncomingLetter, LetterEvent
from archive.models.events import ZONES, new_feed_token

EDITABLE = ("date", "end_date", "start_time", "end_time", "until_done", "zone", "place", "agenda")


def letter_event_read(*, letter: IncomingLetter, text: str) -> LetterEvent | None:
    """Read the invitation's event from ``text`` onto ``letter`` (kept as it is when a person corrected it)."""
    current = LetterEvent.objects.filter(letter=letter).first()
    if current is not None and current.source == LetterEvent.Source.EDITED:
        return current
    found = extract_event(text, subject=letter.subject, letter_date=letter.letter_date)
    if found is None or found.date is None:
        if current is not None:
            current.delete()
        return None
    values = {
        "date": found.date,
        "end_date": found.end_date,
        "start_time": found.start_time,
        "end_time": found.end_time,
        "until_done": found.until_done,
        "zone": found.zone or "WIB",
        "place": found.place,
        "agenda": found.agenda,
        "confidence": found.confidence,
        "read_from": found.source,
        "source": LetterEvent.Source.READ,
    }
    event, _created = LetterEvent.objects.update_or_create(letter=letter, defaults=values)
    return event


def _check(values: dict) -> None:
    if not values.get("date"):
        raise ValidationError({"date": _("Isi tanggal acara.")})
    end_date = values.get("end_date")
    if end_date and end_date < values["date"]:
        raise ValidationError({"end_date": _("Tanggal akhir tidak boleh sebelum tanggal acara.")})
    start, end = values.get("start_time"), values.get("end_time")
    if start and end and end <= start and not end_date:
        raise ValidationError({"end_time": _("Pukul selesai harus sesudah pukul mulai.")})
    if values.get("zone") and values["zone"] not in ZONES:
        raise ValidationError({"zone": _("Zona waktu tidak dikenal.")})


@transaction.atomic
def letter_event_save(*, letter: IncomingLetter, user, **values) -> LetterEvent:
    """Save the event as a person corrected or entered it; calendars see a new version of the same event."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Fields that cannot be edited: {', '.join(sorted(unknown))}")
    _check(values)
    event = LetterEvent.objects.select_for_update().filter(letter=letter).first() or LetterEvent(letter=letter)
    for name, value in values.items():
        setattr(event, name, value if value is not None or name not in ("place", "agenda", "zone") else "")
    if event.until_done and event.end_time:
        event.until_done = False
    event.source, event.updated_by = LetterEvent.Source.EDITED, user
    event.sequence = (event.sequence or 0) + (1 if event.pk else 0)
    event.save()
    return event


def letter_event_delete(*, letter: IncomingLetter) -> None:
    """The letter holds no event after all (a person said so): remove it, and keep capture from reading it again."""
    LetterEvent.objects.filter(letter=letter).delete()


def calendar_feed_for(*, user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_reset(*, user) -> CalendarFeed:
    """Give the person a new secret address; the old one answers 404 from now on."""
    feed = calendar_feed_for(user=user)
    feed.token, feed.reset_at = new_feed_token(), timezone.now()
    feed.save(update_fields=["token", "reset_at"])
    return feed


def event_window(*, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The dates a calendar feed carries: a year back (for the record) and everything ahead."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=365), today + datetime.timedelta(days=3650)

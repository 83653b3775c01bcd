"""Which invitation events a person is to attend: their posts (held today, Plt included) received a disposition
of the letter with an attendance instruction ("Hadiri"), not cancelled; only letters the access rule lets them
open (archive.selectors.access)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from archive.models import DispositionRecipient, LetterEvent
from archive.selectors.access import letters_visible_to
from archive.selectors.organisation import user_positions


def attended_letter_ids(*, user, day: datetime.date | None = None) -> QuerySet:
    """Ids of the letters whose dispositions told a post ``user`` holds on ``day`` to attend."""
    day = day or timezone.localdate()
    held = [hold.position_id for hold in user_positions(user=user, day=day)]
    return (
        DispositionRecipient.objects.filter(position_id__in=held, disposition__instructions__attendance=True)
        .exclude(status=DispositionRecipient.Status.CANCELLED)
        .values("disposition__letter_id")
    )


def events_to_attend(*, user, day: datetime.date | None = None, since: datetime.date | None = None) -> QuerySet:
    """The events ``user`` is told to attend, oldest first (from ``since`` when given)."""
    if user is None or not user.is_active:
        return LetterEvent.objects.none()
    visible = letters_visible_to(user, day=day).values("pk")
    events = LetterEvent.objects.filter(letter_id__in=attended_letter_ids(user=user, day=day)).filter(
        letter_id__in=visible
    )
    if since is not None:
        events = events.filter(date__gte=since)
    return events.select_related("letter").order_by("date", "start_time", "pk")


def user_attends(*, user, event: LetterEvent, day: datetime.date | None = None) -> bool:
    return events_to_attend(user=user, day=day).filter(pk=event.pk).exists()

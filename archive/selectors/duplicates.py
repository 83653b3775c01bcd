"""Recognising the same letter registered twice: by its number and sender (compared on the keys of
archive.letter_keys, stored on the letter), or by the same file."""

from __future__ import annotations

from django.db.models import Q

from archive.letter_keys import number_key, sender_key
from archive.models import Capture, IncomingLetter


def registered_duplicate_of(letter: IncomingLetter) -> IncomingLetter | None:
    """The first registered letter that is the same as ``letter``: same number and sender, or the same file."""
    others = IncomingLetter.objects.filter(status=IncomingLetter.Status.REGISTERED).exclude(pk=letter.pk)
    same = Q(pk__in=[])
    keys_number, keys_sender = number_key(letter.number), sender_key(letter.sender)
    if keys_number and keys_sender:
        same |= Q(number_key=keys_number, sender_key=keys_sender)
    sha256 = Capture.objects.filter(letter=letter).exclude(sha256="").values_list("sha256", flat=True).first()
    if sha256:
        same |= Q(capture__sha256=sha256)
    return others.filter(same).select_related("register_entry", "capture").order_by("registered_at", "pk").first()

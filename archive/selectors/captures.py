"""Which captured files a user may see: the access rule of archive.selectors.access, carried to captures.

A capture with a letter follows its letter. A capture without one yet (still being read, failed or refused) is
restricted when the sifat read from it is terbatas, rahasia or sangat rahasia ("restricted by extraction"): only
the operator who uploaded it may see it then, since no one else is on its chain yet (or, when no one uploaded it
— the watched folder, ``ingest`` — the operators who register letters, as for its letter). Any other capture without a
letter is open to every archive reader, as a biasa letter is.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from archive.models import Capture
from archive.models.letters import RESTRICTED_LEVELS
from archive.selectors.access import REGISTER_LETTERS, can_open_letter, letters_visible_to, may_read_archive


def _read_restricted() -> QuerySet[Capture]:
    # A subquery rather than a negated JSON lookup: a missing key is NULL, and NOT (NULL IN ...) drops the row.
    return Capture.objects.filter(fields__sifat__value__in=RESTRICTED_LEVELS).values("pk")


def capture_is_restricted(capture: Capture) -> bool:
    """Return whether ``capture`` falls under the restricted rule (through its letter or what was read from it)."""
    if capture.letter_id is not None:
        return capture.letter.security in RESTRICTED_LEVELS
    sifat = (capture.fields or {}).get("sifat") or {}
    return str(sifat.get("value") or "").lower() in RESTRICTED_LEVELS


def captures_visible_to(user, queryset: QuerySet[Capture] | None = None) -> QuerySet[Capture]:
    """Filter ``queryset`` (all captures when None) down to the captures ``user`` may see."""
    queryset = Capture.objects.all() if queryset is None else queryset
    if not may_read_archive(user):
        return queryset.none()
    with_letter = Q(letter__in=letters_visible_to(user).values("pk"))
    handled_by = Q(created_by=user) | (Q(created_by__isnull=True) if user.has_perm(REGISTER_LETTERS) else Q(pk__in=[]))
    without_letter = Q(letter__isnull=True) & (~Q(pk__in=_read_restricted()) | handled_by)
    return queryset.filter(with_letter | without_letter)


def can_open_capture(user, capture: Capture) -> bool:
    """Return whether ``user`` may see ``capture``: its state, its review page and its files."""
    if not may_read_archive(user):
        return False
    if capture.letter_id is not None:
        return can_open_letter(user, capture.letter)
    if capture_is_restricted(capture):
        if capture.created_by_id is None:
            return user.has_perm(REGISTER_LETTERS)
        return capture.created_by_id == user.pk
    return True

"""Who may open which letter: the one rule every list, detail page, file, PDF, export, API and search applies.

A letter of security level biasa is open to everyone who may read the archive at all. A restricted letter
(terbatas, rahasia, sangat rahasia) is open only to the operator who uploaded or registered it and to the holders,
on the day asked, of the posts on its disposition chain: the leader it was put before, every post that disposed it
and every post it was disposed to (cancelled dispositions excluded). Superusers get no exception.

A restricted letter that arrived with no one's name on it (the watched folder, ``ingest`` without a user) and is
not registered yet would be open to no one; until it is registered it is open to the operators who register
letters, one of whom becomes its registering operator.

The same rule is given three ways so each caller can use the cheapest: a queryset filter (lists, exports), a
yes/no for one letter (detail pages, files), and principal tokens (the search index stores a letter's tokens and
matches them against the user's).
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from archive.models import (
    Disposition,
    DispositionRecipient,
    IncomingLetter,
    OutgoingLetter,
    ReviewStep,
)
from archive.models.letters import RESTRICTED_LEVELS
from archive.selectors.organisation import user_positions

READ_LETTERS = (
    "archive.view_incomingletter",
    "archive.change_incomingletter",
    "archive.add_capture",
    "archive.view_capture",
    "archive.view_disposition",
)
VIEW_ALL_OUTGOING = "archive.view_outgoingletter"

EVERYONE_ON_STAFF = "staff"
REGISTRARS = "registrar"  # operators who register letters: see unregistered restricted letters no one uploaded
REGISTER_LETTERS = "archive.change_incomingletter"


def may_read_archive(user) -> bool:
    """Return whether the user may read unrestricted letters at all (any archive reading permission)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return any(user.has_perm(permission) for permission in READ_LETTERS)


def held_position_ids(user, day: datetime.date | None = None) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    return {hold.position_id for hold in user_positions(user=user, day=day or timezone.localdate())}


def _chain_letter_ids(position_ids: set[int]):
    sent = Disposition.objects.filter(from_position_id__in=position_ids).values("letter_id")
    received = (
        DispositionRecipient.objects.filter(position_id__in=position_ids)
        .exclude(status=DispositionRecipient.Status.CANCELLED)
        .values("disposition__letter_id")
    )
    return sent, received


def _unattended() -> Q:
    """Letters not registered yet that no one uploaded (no capture, or a capture without an uploader)."""
    unregistered = Q(status=IncomingLetter.Status.NEEDS_REVIEW, registered_by__isnull=True)
    return unregistered & (Q(capture__isnull=True) | Q(capture__created_by__isnull=True))


def letters_visible_to(user, queryset: QuerySet[IncomingLetter] | None = None, *, day=None) -> QuerySet:
    """Filter ``queryset`` (all incoming letters when None) down to the letters ``user`` may open."""
    queryset = IncomingLetter.objects.all() if queryset is None else queryset
    if not may_read_archive(user):
        return queryset.none()
    position_ids = held_position_ids(user, day)
    allowed = ~Q(security__in=RESTRICTED_LEVELS) | Q(registered_by=user) | Q(capture__created_by=user)
    if user.has_perm(REGISTER_LETTERS):
        allowed |= _unattended()
    if position_ids:
        sent, received = _chain_letter_ids(position_ids)
        allowed |= Q(addressed_to_id__in=position_ids) | Q(pk__in=sent) | Q(pk__in=received)
    return queryset.filter(allowed)


def can_open_letter(user, letter: IncomingLetter, *, day=None) -> bool:
    """Return whether ``user`` may see ``letter`` (its fields, files, PDFs and dispositions)."""
    if not may_read_archive(user):
        return False
    if letter.security not in RESTRICTED_LEVELS:
        return True
    return letters_visible_to(user, IncomingLetter.objects.filter(pk=letter.pk), day=day).exists()


def user_principals(user, *, day=None) -> set[str]:
    """The tokens a search index matches against a record's tokens (see ``letter_principals``)."""
    if not may_read_archive(user):
        return set()
    tokens = {EVERYONE_ON_STAFF, f"user:{user.pk}"}
    if user.has_perm(REGISTER_LETTERS):
        tokens.add(REGISTRARS)
    tokens |= {f"position:{pk}" for pk in held_position_ids(user, day)}
    return tokens


def letter_principals(letter: IncomingLetter) -> set[str]:
    """Who may open ``letter``, as tokens: ``staff`` for an unrestricted one, else its operators and chain posts."""
    if letter.security not in RESTRICTED_LEVELS:
        return {EVERYONE_ON_STAFF}
    tokens: set[str] = set()
    if letter.registered_by_id:
        tokens.add(f"user:{letter.registered_by_id}")
    uploader = getattr(getattr(letter, "capture", None), "created_by_id", None) if letter.pk else None
    if uploader:
        tokens.add(f"user:{uploader}")
    elif letter.status == IncomingLetter.Status.NEEDS_REVIEW and not letter.registered_by_id:
        tokens.add(REGISTRARS)
    if letter.addressed_to_id:
        tokens.add(f"position:{letter.addressed_to_id}")
    if letter.pk:
        senders = Disposition.objects.filter(letter=letter).values_list("from_position_id", flat=True)
        recipients = (
            DispositionRecipient.objects.filter(disposition__letter=letter)
            .exclude(status=DispositionRecipient.Status.CANCELLED)
            .values_list("position_id", flat=True)
        )
        tokens |= {f"position:{pk}" for pk in [*senders, *recipients]}
    return tokens


def outgoing_visible_to(user, queryset: QuerySet[OutgoingLetter] | None = None, *, day=None) -> QuerySet:
    """Filter outgoing letters to those ``user`` may open.

    Everyone involved (the drafter, the posts that verify or sign it) sees a letter; those allowed to see every
    outgoing letter see the unrestricted ones besides.
    """
    queryset = OutgoingLetter.objects.all() if queryset is None else queryset
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    allowed = Q(drafter=user)
    position_ids = held_position_ids(user, day)
    if position_ids:
        allowed |= Q(pk__in=ReviewStep.objects.filter(position_id__in=position_ids).values("letter_id"))
    if user.has_perm(VIEW_ALL_OUTGOING):
        allowed |= ~Q(security__in=RESTRICTED_LEVELS)
    return queryset.filter(allowed)


def can_open_outgoing(user, letter: OutgoingLetter, *, day=None) -> bool:
    return outgoing_visible_to(user, OutgoingLetter.objects.filter(pk=letter.pk), day=day).exists()

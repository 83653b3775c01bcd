"""A person's notifications as they may see them now: every list and count passes the access rule.

A notification about a letter the person can no longer open (it was made rahasia, they left the post) is kept but
not shown, so its number and subject never appear to someone the access rule refuses.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from archive.models import Notification
from archive.selectors.access import letters_visible_to, outgoing_visible_to


def notifications_for(user, *, day=None) -> QuerySet[Notification]:
    """Return ``user``'s notifications, newest first, only those about letters they may open today."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    letters = letters_visible_to(user, day=day).values("pk")
    outgoing = outgoing_visible_to(user, day=day).values("pk")
    return (
        Notification.objects.filter(user=user)
        .filter(Q(letter__isnull=True) | Q(letter__in=letters))
        .filter(Q(outgoing__isnull=True) | Q(outgoing__in=outgoing))
        .order_by("-created_at", "-pk")
    )


def unread_notifications_count(user, *, day=None) -> int:
    return notifications_for(user, day=day).filter(read_at__isnull=True).count()

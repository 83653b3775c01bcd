"""Reads of dispositions: a user's inbox, the open ones with their age and flags, a letter's chain and roll-up."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.models import (
    Disposition,
    DispositionRecipient,
    FollowUpReport,
    Holiday,
    IncomingLetter,
    Position,
    Reminder,
)
from archive.models.dispositions import OPEN_STATUSES
from archive.models.letters import RESTRICTED_LEVELS
from archive.selectors.access import letters_visible_to
from archive.selectors.organisation import position_superiors, user_positions
from archive.workdays import working_days_between

Status = DispositionRecipient.Status
# Not yet acted on: what the idle check looks at.
UNACTED = (Status.SENT, Status.READ)
# Still owing a follow-up: what the deadline check looks at (a reported one waits for the official above).
OWING = (Status.SENT, Status.READ, Status.FORWARDED)
RECIPIENT_RELATED = (
    "position",
    "position__unit",
    "disposition__letter",
    "disposition__from_position",
    "disposition__from_user",
    "read_by",
)


def idle_working_days() -> int:
    """Return ARCHIVE_IDLE_WORKING_DAYS: working days without action after which a disposition is flagged."""
    return int(getattr(settings, "ARCHIVE_IDLE_WORKING_DAYS", 4))


def holiday_dates(*, start: datetime.date | None = None, end: datetime.date | None = None) -> frozenset:
    """Return the holiday dates, optionally only those in [start, end]."""
    holidays = Holiday.objects.all()
    if start:
        holidays = holidays.filter(date__gte=start)
    if end:
        holidays = holidays.filter(date__lte=end)
    return frozenset(holidays.values_list("date", flat=True))


def user_holds_position(*, user, position: Position, day: datetime.date) -> bool:
    """Return whether ``user`` holds ``position`` on ``day``, definitive or acting (Plt)."""
    return any(hold.position_id == position.pk for hold in user_positions(user=user, day=day))


def position_is_below(*, position: Position, superior: Position) -> bool:
    """Return whether ``superior`` is somewhere up ``position``'s chain of superior posts."""
    return any(node.pk == superior.pk for node in position_superiors(position=position))


def positions_below(*, position: Position) -> list[Position]:
    """Return every post under ``position`` at any depth, highest first (one query per level)."""
    found: list[Position] = []
    level = [position.pk]
    seen = {position.pk}
    while level:
        children = [child for child in Position.objects.filter(parent_id__in=level) if child.pk not in seen]
        seen.update(child.pk for child in children)
        found.extend(children)
        level = [child.pk for child in children]
    return sorted(found, key=lambda post: (post.rank, post.title))


def inbox_for_user(*, user, day: datetime.date, include_closed: bool = False) -> QuerySet[DispositionRecipient]:
    """Return the dispositions addressed to the posts ``user`` holds on ``day`` (Plt included), open first.

    A post's inbox belongs to the post: whoever holds it that day sees what was sent to it before, and an
    acting holder (Plt) sees the post's inbox for the period of the assignment. Cancelled ones are left out.
    No access filter is needed: a live disposition to a post the user holds on ``day`` puts them on the letter's
    chain, which is exactly who may open a restricted letter (archive.selectors.access).
    """
    position_ids = [hold.position_id for hold in user_positions(user=user, day=day)]
    recipients = DispositionRecipient.objects.filter(position_id__in=position_ids).exclude(status=Status.CANCELLED)
    if not include_closed:
        recipients = recipients.filter(status__in=OPEN_STATUSES)
    return recipients.select_related(*RECIPIENT_RELATED).order_by("-disposition__created_at", "pk")


@dataclass(frozen=True)
class OpenDisposition:
    """An open recipient row with its age in working days and what is wrong with it, if anything."""

    recipient: DispositionRecipient
    age: int
    overdue: bool
    idle: bool

    @property
    def flagged(self) -> bool:
        return self.overdue or self.idle

    @property
    def reason(self) -> str | None:
        """The reminder reason: overdue outranks idle."""
        if self.overdue:
            return Reminder.Reason.OVERDUE
        return Reminder.Reason.IDLE if self.idle else None


def assess(
    recipient: DispositionRecipient, *, today: datetime.date, holidays: Iterable[datetime.date], idle_after: int
) -> OpenDisposition:
    """Return the recipient's age (working days since it was sent) and its overdue and idle flags on ``today``."""
    sent_on = timezone.localdate(recipient.disposition.created_at)
    age = max(working_days_between(sent_on, today, holidays), 0)
    deadline = recipient.disposition.deadline
    overdue = recipient.status in OWING and deadline is not None and deadline < today
    idle = recipient.status in UNACTED and age >= idle_after
    return OpenDisposition(recipient=recipient, age=age, overdue=overdue, idle=idle)


def open_dispositions(
    *, today: datetime.date | None = None, recipients: QuerySet[DispositionRecipient] | None = None
) -> list[OpenDisposition]:
    """Return every open recipient row (or the open ones of ``recipients``) with its age and flags, oldest first."""
    today = today or timezone.localdate()
    rows = (recipients if recipients is not None else DispositionRecipient.objects.all()).filter(
        status__in=OPEN_STATUSES
    )
    rows = rows.select_related(*RECIPIENT_RELATED).order_by("disposition__created_at", "pk")
    holidays, idle_after = holiday_dates(), idle_working_days()
    return [assess(row, today=today, holidays=holidays, idle_after=idle_after) for row in rows]


# Letters received longer ago than this are left out of the undisposed list: old letters that were only filed
# (no disposition needed) would otherwise stay there for good.
UNDISPOSED_WINDOW_DAYS = 60


def letters_undisposed(
    *,
    today: datetime.date | None = None,
    letters: QuerySet[IncomingLetter] | None = None,
    window_days: int | None = UNDISPOSED_WINDOW_DAYS,
) -> list[tuple[IncomingLetter, int]]:
    """Return letters (of ``letters``, all when None) registered in the last ``window_days`` (any time when None)
    without a live disposition, with the working days since they were received, oldest first."""
    today = today or timezone.localdate()
    live = DispositionRecipient.objects.exclude(status=Status.CANCELLED).values("disposition__letter_id")
    letters = IncomingLetter.objects.all() if letters is None else letters
    letters = letters.filter(status=IncomingLetter.Status.REGISTERED).exclude(pk__in=live)
    if window_days is not None:
        since = today - datetime.timedelta(days=window_days)
        recent = Q(received_on__gte=since) | Q(received_on__isnull=True, registered_at__date__gte=since)
        letters = letters.filter(recent)
    holidays = holiday_dates()
    found = []
    for letter in letters.order_by("received_on", "pk"):
        received = letter.received_on or timezone.localdate(letter.registered_at or letter.created_at)
        found.append((letter, max(working_days_between(received, today, holidays), 0)))
    return found


class LetterDispositionStatus:
    """The roll-up of a letter's recipients: none live yet, some still open, or all done."""

    NONE = "belum"
    IN_PROGRESS = "proses"
    DONE = "selesai"
    LABELS = {NONE: _("belum didisposisi"), IN_PROGRESS: _("dalam proses"), DONE: _("selesai")}


def _roll_up(statuses: Iterable[str]) -> str:
    live = [status for status in statuses if status != Status.CANCELLED]
    if not live:
        return LetterDispositionStatus.NONE
    return LetterDispositionStatus.DONE if all(s == Status.DONE for s in live) else LetterDispositionStatus.IN_PROGRESS


def letter_disposition_status(*, letter: IncomingLetter) -> str:
    """Return the letter's roll-up (LetterDispositionStatus): done only when every live recipient is done."""
    statuses = DispositionRecipient.objects.filter(disposition__letter=letter).values_list("status", flat=True)
    return _roll_up(statuses)


def letters_disposition_status(*, letters: Iterable[IncomingLetter]) -> dict[int, str]:
    """Return the roll-up of many letters at once, by letter id (one query)."""
    ids = [letter.pk for letter in letters]
    by_letter: dict[int, list[str]] = defaultdict(list)
    rows = DispositionRecipient.objects.filter(disposition__letter_id__in=ids)
    for letter_id, status in rows.values_list("disposition__letter_id", "status"):
        by_letter[letter_id].append(status)
    return {pk: _roll_up(by_letter.get(pk, ())) for pk in ids}


@dataclass
class RecipientNode:
    recipient: DispositionRecipient
    reports: list[FollowUpReport] = field(default_factory=list)
    forwards: list[DispositionNode] = field(default_factory=list)


@dataclass
class DispositionNode:
    disposition: Disposition
    recipients: list[RecipientNode] = field(default_factory=list)
    depth: int = 0


def letter_chain(*, letter: IncomingLetter) -> list[DispositionNode]:
    """Return the letter's dispositions as a tree: top dispositions, their recipients, their forwards, and so on.

    Loaded in four queries whatever the depth, and assembled here.
    """
    dispositions = list(
        Disposition.objects.filter(letter=letter)
        .select_related("from_position", "from_user")
        .prefetch_related("instructions")
        .order_by("created_at", "pk")
    )
    reports = Prefetch(
        "reports", FollowUpReport.objects.select_related("author").prefetch_related("attachments").order_by("pk")
    )
    recipients = (
        DispositionRecipient.objects.filter(disposition__letter=letter)
        .select_related("position", "read_by", "closed_by")
        .prefetch_related(reports)
        .order_by("pk")
    )
    nodes = {disposition.pk: DispositionNode(disposition) for disposition in dispositions}
    recipient_nodes: dict[int, RecipientNode] = {}
    for recipient in recipients:
        node = RecipientNode(recipient, reports=list(recipient.reports.all()))
        recipient_nodes[recipient.pk] = node
        nodes[recipient.disposition_id].recipients.append(node)
    top: list[DispositionNode] = []
    for disposition in dispositions:
        node = nodes[disposition.pk]
        parent = recipient_nodes.get(disposition.parent_id) if disposition.parent_id else None
        (parent.forwards if parent else top).append(node)
    _set_depths(top, 0)
    return top


def _set_depths(nodes: list[DispositionNode], depth: int) -> None:
    for node in nodes:
        node.depth = depth
        for recipient in node.recipients:
            _set_depths(recipient.forwards, depth + 1)


def flatten_chain(nodes: list[DispositionNode]) -> list[DispositionNode]:
    """Return the tree's dispositions in reading order (each followed by its forwards), depth set on each."""
    flat: list[DispositionNode] = []
    for node in nodes:
        flat.append(node)
        for recipient in node.recipients:
            flat.extend(flatten_chain(recipient.forwards))
    return flat


def user_involved_in_letter(*, user, letter: IncomingLetter, day: datetime.date) -> bool:
    """Return whether a post ``user`` holds on ``day`` sent or received a disposition of ``letter``."""
    position_ids = [hold.position_id for hold in user_positions(user=user, day=day)]
    if not position_ids:
        return False
    sent = Disposition.objects.filter(letter=letter, from_position_id__in=position_ids)
    received = DispositionRecipient.objects.filter(disposition__letter=letter, position_id__in=position_ids)
    return sent.exists() or received.exclude(status=Status.CANCELLED).exists()


def reminders_for_user(*, user, day: datetime.date, days_back: int = 7) -> list[Reminder]:
    """Return the in-app reminders of the last ``days_back`` days for the user's posts, still relevant, newest first.

    A reminder about a recipient stops showing once that recipient is no longer open; one about a letter waiting
    for its first disposition stops once the letter has one. Reminders of letters the user may not open are left
    out.
    """
    position_ids = [hold.position_id for hold in user_positions(user=user, day=day)]
    since = day - datetime.timedelta(days=days_back)
    reminders = Reminder.objects.filter(
        channel=Reminder.Channel.APP, position_id__in=position_ids, day__gte=since, day__lte=day
    ).select_related("letter", "recipient__disposition__from_position", "position")
    # A reminder of an undisposed letter goes to every head: a restricted one only shows to a head who may open it.
    visible = letters_visible_to(user, day=day).values("pk")
    reminders = reminders.filter(~Q(letter__security__in=RESTRICTED_LEVELS) | Q(letter_id__in=visible))
    disposed = DispositionRecipient.objects.exclude(status=Status.CANCELLED).values("disposition__letter_id")
    reminders = reminders.filter(
        Q(recipient__status__in=OPEN_STATUSES) | Q(recipient__isnull=True) & ~Q(letter_id__in=disposed)
    )
    latest: dict[tuple, Reminder] = {}
    for reminder in reminders.order_by("-day", "-pk"):
        latest.setdefault((reminder.letter_id, reminder.recipient_id, reminder.reason), reminder)
    return list(latest.values())


def letters_awaiting_disposition(*, user, day: datetime.date) -> list[tuple[IncomingLetter, int]]:
    """Registered letters put before a post ``user`` holds on ``day`` that no one has disposed yet, with their age
    in working days: the leader's "to dispose" list (only letters the user may open)."""
    held = [hold.position_id for hold in user_positions(user=user, day=day)]
    if not held:
        return []
    mine = letters_visible_to(user, day=day).filter(addressed_to_id__in=held)
    return letters_undisposed(today=day, letters=mine, window_days=None)

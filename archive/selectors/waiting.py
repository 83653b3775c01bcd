"""What waits for a person today ("menunggu saya"): by the posts they hold today, acting (Plt) included.

Each section is one kind of work, with how many wait and the first few items, each item pointing at the page
where its action is done:
- letters put before them to dispose (a leader's "Disposisikan");
- dispositions to their posts that are overdue, due within ARCHIVE_DUE_SOON_WORKING_DAYS working days, or unread
  (each disposition counted once, in the first of these that fits);
- follow-up reports on dispositions their posts sent, waiting to be closed;
- drafts whose turn is at their post: to verify, to sign; and their own drafts that came back;
- captures waiting for a clerk's review (who may register letters);
- pages waiting for their moderation (catalogue moderators).
Every count and list passes the access rule (archive.selectors.access).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, F, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.models import Capture, DispositionRecipient, OutgoingLetter, ReviewStep
from archive.selectors.access import letters_visible_to, outgoing_visible_to
from archive.selectors.captures import captures_visible_to
from archive.selectors.dispositions import OWING, holiday_dates, letters_awaiting_disposition
from archive.selectors.organisation import user_positions
from archive.workdays import add_working_days

SHOWN = 8  # items listed per section; the count is of all of them
DISPOSE = "archive.add_disposition"
REGISTER = "archive.change_incomingletter"
Status = DispositionRecipient.Status


@dataclass(frozen=True)
class WaitingItem:
    title: str
    detail: str
    url: str
    note: str = ""
    flag: str = ""


@dataclass
class WaitingSection:
    key: str
    label: str
    action: str
    count: int = 0
    items: list[WaitingItem] = field(default_factory=list)


def due_soon_working_days() -> int:
    return int(getattr(settings, "ARCHIVE_DUE_SOON_WORKING_DAYS", 2))


def waiting_for(*, user, day: datetime.date | None = None) -> list[WaitingSection]:
    """Return the non-empty sections of what waits for ``user`` on ``day`` (today by default)."""
    day = day or timezone.localdate()
    if user is None or not user.is_authenticated:
        return []
    held = [hold.position_id for hold in user_positions(user=user, day=day)]
    sections = [
        _to_dispose(user, day),
        *_received(user, day, held),
        _reports(user, day, held),
        *_drafts(user, day, held),
        _captures(user),
        _moderation(user),
    ]
    return [section for section in sections if section is not None and section.count]


def waiting_counts(*, user, day: datetime.date | None = None) -> dict[str, int]:
    """Return how many wait in each section, by section key (absent when none)."""
    return {section.key: section.count for section in waiting_for(user=user, day=day)}


def _section(key: str, label, action, rows: list[WaitingItem], count: int | None = None) -> WaitingSection:
    return WaitingSection(key, str(label), str(action), len(rows) if count is None else count, rows[:SHOWN])


def _to_dispose(user, day: datetime.date) -> WaitingSection | None:
    if not user.has_perm(DISPOSE):
        return None
    rows = [
        WaitingItem(
            title=str(letter),
            detail=f"{letter.sender} — {letter.subject}"[:200],
            url=reverse("archive_dispositions:create", args=[letter.pk]),
            note=str(_("%(age)d hari kerja") % {"age": age}),
            flag="idle" if age >= int(getattr(settings, "ARCHIVE_IDLE_WORKING_DAYS", 4)) else "",
        )
        for letter, age in letters_awaiting_disposition(user=user, day=day)
    ]
    return _section("to_dispose", _("Surat untuk didisposisikan"), _("Disposisikan"), rows)


def _received(user, day: datetime.date, held: list[int]) -> list[WaitingSection]:
    """The open dispositions to the user's posts: overdue, due soon, unread (each once, in that order)."""
    if not held:
        return []
    rows = (
        DispositionRecipient.objects.filter(position_id__in=held, status__in=OWING)
        .filter(disposition__letter__in=letters_visible_to(user, day=day).values("pk"))
        .select_related("disposition__letter", "disposition__from_position", "position")
        .order_by("disposition__deadline", "disposition__created_at", "pk")
    )
    soon = add_working_days(day, due_soon_working_days(), holiday_dates(start=day))
    overdue, due_soon, unread = [], [], []
    for recipient in rows:
        deadline = recipient.disposition.deadline
        if deadline is not None and deadline < day:
            overdue.append(_disposition_item(recipient, flag="overdue"))
        elif deadline is not None and deadline <= soon:
            due_soon.append(_disposition_item(recipient, flag="due"))
        elif recipient.status == Status.SENT:
            unread.append(_disposition_item(recipient))
    return [
        _section("overdue", _("Disposisi lewat batas waktu"), _("Tindak lanjuti"), overdue),
        _section("due_soon", _("Disposisi hampir jatuh tempo"), _("Tindak lanjuti"), due_soon),
        _section("unread", _("Disposisi belum dibaca"), _("Baca"), unread),
    ]


def _disposition_item(recipient: DispositionRecipient, *, flag: str = "") -> WaitingItem:
    disposition = recipient.disposition
    letter = disposition.letter
    deadline = disposition.deadline
    note = str(_("batas %(date)s") % {"date": deadline.strftime("%d-%m-%Y")}) if deadline else ""
    return WaitingItem(
        title=str(letter),
        detail=f"{_('dari')} {disposition.from_position} — {letter.subject}"[:200],
        url=reverse("archive_dispositions:detail", args=[recipient.pk]),
        note=note,
        flag=flag,
    )


def _reports(user, day: datetime.date, held: list[int]) -> WaitingSection | None:
    if not held:
        return None
    rows = (
        DispositionRecipient.objects.filter(disposition__from_position_id__in=held, status=Status.REPORTED)
        .filter(disposition__letter__in=letters_visible_to(user, day=day).values("pk"))
        .select_related("disposition__letter", "position")
        .order_by("disposition__created_at", "pk")
    )
    items = [
        WaitingItem(
            title=str(recipient.disposition.letter),
            detail=f"{_('laporan dari')} {recipient.position} — {recipient.disposition.letter.subject}"[:200],
            url=reverse("archive_dispositions:detail", args=[recipient.pk]),
        )
        for recipient in rows[: SHOWN + 1]
    ]
    return _section("reports", _("Laporan tindak lanjut untuk ditutup"), _("Selesaikan"), items, rows.count())


def current_steps() -> QuerySet[ReviewStep]:
    """The step each letter under review waits on: pending, in the current round, with no pending step before."""
    earlier = ReviewStep.objects.filter(
        letter=OuterRef("letter"),
        round=OuterRef("round"),
        decision=ReviewStep.Decision.PENDING,
        order__lt=OuterRef("order"),
    )
    return ReviewStep.objects.filter(
        decision=ReviewStep.Decision.PENDING,
        letter__status=OutgoingLetter.Status.IN_REVIEW,
        round=F("letter__current_round"),
    ).exclude(Exists(earlier))


def _drafts(user, day: datetime.date, held: list[int]) -> list[WaitingSection]:
    visible = outgoing_visible_to(user, day=day).values("pk")
    steps = (
        current_steps()
        .filter(position_id__in=held, letter__in=visible)
        .exclude(letter__drafter=user)  # segregation of duties: never one's own draft
        .select_related("letter", "position")
        .order_by("letter__updated_at", "pk")
    )
    to_verify, to_sign = [], []
    for step in steps:
        item = WaitingItem(
            title=step.letter.subject[:120],
            detail=f"{step.position} — {step.letter.get_naskah_type_display()}",
            url=reverse("archive_outgoing:detail", args=[step.letter_id]),
        )
        (to_sign if step.role == ReviewStep.Role.SIGNER else to_verify).append(item)
    returned = OutgoingLetter.objects.filter(drafter=user, status=OutgoingLetter.Status.RETURNED, pk__in=visible)
    back = [
        WaitingItem(
            title=letter.subject[:120],
            detail=str(letter.get_naskah_type_display()),
            url=reverse("archive_outgoing:detail", args=[letter.pk]),
        )
        for letter in returned.order_by("updated_at", "pk")
    ]
    return [
        _section("to_sign", _("Konsep untuk ditandatangani"), _("Tanda tangani"), to_sign),
        _section("to_verify", _("Konsep untuk diverifikasi"), _("Periksa"), to_verify),
        _section("returned", _("Konsep Anda yang dikembalikan"), _("Perbaiki"), back),
    ]


def _captures(user) -> WaitingSection | None:
    if not user.has_perm(REGISTER):
        return None
    rows = captures_visible_to(user, Capture.objects.filter(status=Capture.Status.NEEDS_REVIEW)).order_by("created_at")
    items = [
        WaitingItem(
            title=capture.original_name,
            detail=capture.created_at.strftime("%d-%m-%Y %H:%M"),
            url=reverse("archive:review", args=[capture.pk]),
        )
        for capture in rows[:SHOWN]
    ]
    return _section("captures", _("Berkas surat untuk diperiksa"), _("Periksa"), items, rows.count())


def _moderation(user) -> WaitingSection | None:
    from wagtail.models import TaskState

    states = TaskState.objects.reviewable_by(user).filter(status=TaskState.STATUS_IN_PROGRESS)
    states = states.select_related("workflow_state", "revision").order_by("started_at")
    items = []
    for state in states[:SHOWN]:
        workflow_state = state.workflow_state
        title = str(getattr(state.revision, "object_str", "") or workflow_state.content_object)
        items.append(
            WaitingItem(
                title=title,
                detail=str(state.task),
                url=reverse("wagtailadmin_pages:edit", args=[workflow_state.object_id]),
            )
        )
    return _section("moderation", _("Halaman untuk dimoderasi"), _("Tinjau"), items, states.count())

"""Reminders of late dispositions: flag the overdue and idle ones, tell their holders in the app and by e-mail.

A recipient is reminded when its deadline has passed while it still owes a follow-up (overdue), or when it has
not been acted on (forwarded, reported, completed) after ARCHIVE_IDLE_WORKING_DAYS working days (idle). A
registered letter still without any disposition after as many working days reminds the head of the office, once
(the SOP: "apabila dalam 4 hari belum mendapatkan disposisi ... dinotifikasi ulang").

Every reminder is a ``Reminder`` row per channel and day: the in-app one is what the inbox shows, the e-mail one
records the addresses written to. A row already there for the day means that state was reminded today, so the
hourly run repeats nothing; the next working day the still-late dispositions are reminded again. Nothing is sent on
weekends and holidays.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from archive.models import DispositionRecipient, IncomingLetter, Position, Reminder
from archive.selectors.dispositions import (
    holiday_dates,
    idle_working_days,
    letters_undisposed,
    open_dispositions,
)
from archive.selectors.organisation import position_holders_on
from archive.workdays import is_working_day

logger = logging.getLogger(__name__)

SUBJECT_TEMPLATE = "archive/dispositions/email/reminder_subject.txt"
BODY_TEMPLATE = "archive/dispositions/email/reminder.txt"


@dataclass(frozen=True)
class RemindOutcome:
    """What one run did: how many states were late, how many were reminded now, how many e-mails went out."""

    flagged: int = 0
    reminded: int = 0
    emails: int = 0
    skipped: bool = False


@dataclass(frozen=True)
class Late:
    """One late state to remind a post about."""

    letter: IncomingLetter
    position: Position
    reason: str
    age: int
    recipient: DispositionRecipient | None = None


def dispositions_remind(*, today: datetime.date) -> RemindOutcome:
    """Remind the holders of every late disposition (and the head of the office of every undisposed letter)."""
    if not is_working_day(today, holiday_dates(start=today, end=today)):
        return RemindOutcome(skipped=True)
    late = _late_dispositions(today=today) + _undisposed_letters(today=today)
    reminded = emails = 0
    for item in late:
        sent = _remind(item=item, today=today)
        if sent is not None:
            reminded, emails = reminded + 1, emails + sent
    return RemindOutcome(flagged=len(late), reminded=reminded, emails=emails)


def _late_dispositions(*, today: datetime.date) -> list[Late]:
    return [
        Late(item.recipient.disposition.letter, item.recipient.position, item.reason, item.age, item.recipient)
        for item in open_dispositions(today=today)
        if item.flagged
    ]


def _undisposed_letters(*, today: datetime.date) -> list[Late]:
    """Letters still without disposition after the idle period, for each head of office not yet told about them.

    Told once ("dinotifikasi ulang"): unlike a late disposition, a letter that is only to be filed may never get
    one, and a daily reminder about it would be noise.
    """
    idle_after = idle_working_days()
    heads = list(Position.objects.filter(parent__isnull=True))
    told = set(
        Reminder.objects.filter(reason=Reminder.Reason.UNDISPOSED, channel=Reminder.Channel.APP).values_list(
            "letter_id", "position_id"
        )
    )
    return [
        Late(letter, head, Reminder.Reason.UNDISPOSED, age)
        for letter, age in letters_undisposed(today=today)
        if age >= idle_after
        for head in _told_of(letter, heads)
        if (letter.pk, head.pk) not in told
    ]


def _told_of(letter, heads: list[Position]) -> list[Position]:
    """Every head of office hears of an open letter; a restricted one (its number, sender and subject are in the
    reminder) only the leader it was put before, who may open it."""
    if not letter.is_restricted:
        return heads
    return [letter.addressed_to] if letter.addressed_to_id else []


def _remind(*, item: Late, today: datetime.date) -> int | None:
    """Record the in-app reminder and e-mail the post's holders; None when this state was reminded today.

    The e-mails go out inside the transaction that records them: if sending fails, nothing is recorded and the
    next run tries again.
    """
    holders = position_holders_on(position=item.position, day=today)
    key = {"letter": item.letter, "recipient": item.recipient, "position": item.position, "reason": item.reason}
    try:
        with transaction.atomic():
            names = ", ".join(holder.user.get_username() for holder in holders)
            _app, created = Reminder.objects.get_or_create(
                **key, channel=Reminder.Channel.APP, day=today, defaults={"sent_to": names}
            )
            if not created:
                return None
            addresses = _addresses(item.position, holders)
            if addresses:
                Reminder.objects.create(**key, channel=Reminder.Channel.EMAIL, day=today, sent_to=", ".join(addresses))
                _send(item=item, addresses=addresses)
            return len(addresses)
    except OSError:  # SMTP refused or unreachable (smtplib errors are OSErrors): try again next run
        logger.exception("Reminder e-mail not sent for %s (%s)", item.letter, item.position)
        return None


def _addresses(position: Position, holders) -> list[str]:
    """Each holder's own address; the post's shared address when no holder has one."""
    addresses = sorted({holder.user.email for holder in holders if holder.user.email})
    return addresses or ([position.email] if position.email else [])


def _send(*, item: Late, addresses: list[str]) -> None:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    if item.recipient is not None:
        url = base + reverse("archive_dispositions:detail", args=[item.recipient.pk])
    else:
        url = base + reverse("archive_dispositions:create", args=[item.letter.pk])
    context = {"item": item, "letter": item.letter, "recipient": item.recipient, "url": url}
    context["reason_label"] = Reminder.Reason(item.reason).label
    context["site_name"] = getattr(settings, "WAGTAIL_SITE_NAME", "Naskah")
    subject = " ".join(render_to_string(SUBJECT_TEMPLATE, context).split())
    body = render_to_string(BODY_TEMPLATE, context)
    messages = [EmailMessage(subject, body, None, [address]) for address in addresses]
    get_connection(fail_silently=False).send_messages(messages)

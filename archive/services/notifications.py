"""Notifications: tell the people concerned, in the app at once and by e-mail after the transaction commits.

The workflow services call one ``notify_*`` function per event, inside their own transaction:
- a disposition (or forward) reaches a post: its holders that day (Plt included) hear of it;
- a follow-up report comes back: the holders of the post that sent the disposition;
- a draft reaches a verifier's or the signer's turn: that post's holders (never the drafter: he may not decide);
- a draft is returned: its drafter.

The rows are written in the caller's transaction, so a rolled-back act notifies no one. E-mail never goes out
inside it: ``transaction.on_commit`` enqueues ``send_notification_emails_task``, which sends each e-mail with a
timeout (``notification_emails_send``). People who chose the daily digest get one e-mail a day instead
(``notification_digests_send``, run by the periodic runner); a kind someone turned off is never e-mailed to them.
A failed e-mail is kept as failed with its reason and tried again by the next periodic run.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from archive.models import (
    Disposition,
    DispositionRecipient,
    FollowUpReport,
    IncomingLetter,
    Notification,
    NotificationSettings,
    OutgoingLetter,
    Position,
    ReviewStep,
)
from archive.models.letters import RESTRICTED_LEVELS
from archive.selectors.organisation import position_holders_on

logger = logging.getLogger(__name__)
Kind = Notification.Kind
Email = Notification.Email

SUBJECT_TEMPLATE = "archive/notifications/email/subject.txt"
BODY_TEMPLATE = "archive/notifications/email/notification.txt"
DIGEST_TEMPLATE = "archive/notifications/email/digest.txt"


def email_timeout() -> int:
    """Seconds a mail server may take before the e-mail is given up (and tried again later)."""
    return int(getattr(settings, "NASKAH_EMAIL_TIMEOUT", 20))


def digest_hour() -> int:
    """The local hour from which the daily digest goes out."""
    return int(getattr(settings, "NASKAH_DIGEST_HOUR", 7))


# Writing notifications -------------------------------------------------------------------------------------------


def notify(
    *,
    users: Iterable,
    kind: str,
    title: str,
    url: str,
    about: str = "",
    letter: IncomingLetter | None = None,
    outgoing: OutgoingLetter | None = None,
    exclude=None,
) -> list[Notification]:
    """Write one notification per person (each once, ``exclude`` left out) and e-mail them after commit."""
    people = {user.pk: user for user in users if user is not None and user.is_active}
    if exclude is not None:
        people.pop(exclude.pk, None)
    restricted = bool(
        (letter is not None and letter.security in RESTRICTED_LEVELS)
        or (outgoing is not None and outgoing.security in RESTRICTED_LEVELS)
    )
    rows = Notification.objects.bulk_create(
        Notification(
            user=user,
            kind=kind,
            title=title[:300],
            about=about[:500],
            url=url,
            letter=letter,
            outgoing=outgoing,
            restricted=restricted,
        )
        for user in people.values()
    )
    ids = [row.pk for row in rows]
    if ids:
        transaction.on_commit(lambda: _enqueue_emails(ids))
    return rows


def _enqueue_emails(ids: list[int]) -> None:
    from archive.tasks import send_notification_emails_task

    send_notification_emails_task.enqueue(ids)


def _holders(position: Position, day: datetime.date | None = None) -> list:
    return [holder.user for holder in position_holders_on(position=position, day=day or timezone.localdate())]


def _letter_about(letter: IncomingLetter) -> str:
    return " — ".join(part for part in (letter.number, (letter.subject or "")[:200]) if part)


def _sender_label(disposition: Disposition) -> str:
    return f"{_('Plt.')} {disposition.from_position}" if disposition.from_acting else str(disposition.from_position)


def notify_disposition_sent(*, disposition: Disposition, recipients: Sequence[DispositionRecipient]) -> None:
    """Tell the holders of each post a disposition (or forward) was sent to."""
    letter = disposition.letter
    title = _("Disposisi baru dari %(sender)s") % {"sender": _sender_label(disposition)}
    for recipient in recipients:
        notify(
            users=_holders(recipient.position),
            kind=Kind.DISPOSITION,
            title=title,
            about=_letter_about(letter),
            url=reverse("archive_dispositions:detail", args=[recipient.pk]),
            letter=letter,
            exclude=disposition.from_user,
        )


def notify_report_received(*, report: FollowUpReport) -> None:
    """Tell the holders of the post that sent the disposition that its recipient reported back."""
    recipient = report.recipient
    disposition = recipient.disposition
    notify(
        users=_holders(disposition.from_position),
        kind=Kind.REPORT,
        title=_("Laporan tindak lanjut dari %(position)s") % {"position": recipient.position},
        about=_letter_about(disposition.letter),
        url=reverse("archive_dispositions:detail", args=[recipient.pk]),
        letter=disposition.letter,
        exclude=report.author,
    )


def notify_review_turn(*, letter: OutgoingLetter) -> None:
    """Tell the holders of the post whose turn it now is (verifier or signer) that the draft waits for them."""
    step = (
        letter.review_steps.filter(round=letter.current_round, decision=ReviewStep.Decision.PENDING)
        .select_related("position")
        .order_by("order")
        .first()
    )
    if step is None or letter.status != OutgoingLetter.Status.IN_REVIEW:
        return
    signer = step.role == ReviewStep.Role.SIGNER
    notify(
        users=_holders(step.position),
        kind=Kind.TO_SIGN if signer else Kind.TO_VERIFY,
        title=(_("Konsep menunggu tanda tangan Anda") if signer else _("Konsep menunggu verifikasi Anda"))
        + f" ({step.position})",
        about=(letter.subject or "")[:300],
        url=reverse("archive_outgoing:detail", args=[letter.pk]),
        outgoing=letter,
        exclude=letter.drafter,  # segregation of duties: the drafter never decides his own letter
    )


def notify_draft_returned(*, letter: OutgoingLetter, step: ReviewStep) -> None:
    """Tell the drafter that the draft came back, and from whom."""
    notify(
        users=[letter.drafter],
        kind=Kind.RETURNED,
        title=_("Konsep dikembalikan oleh %(position)s") % {"position": step.position},
        about=(letter.subject or "")[:300],
        url=reverse("archive_outgoing:detail", args=[letter.pk]),
        outgoing=letter,
        exclude=step.decided_by,
    )


# Reading and marking ---------------------------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification, user) -> Notification:
    if notification.user_id != user.pk:
        raise PermissionDenied(_("Pemberitahuan ini bukan untuk Anda."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def notification_settings_for(user) -> NotificationSettings:
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


def notification_settings_save(*, user, delivery: str, email_off: Sequence[str]) -> NotificationSettings:
    if delivery not in NotificationSettings.Delivery.values:
        raise ValueError(f"unknown delivery {delivery!r}")
    unknown = set(email_off) - set(Kind.values)
    if unknown:
        raise ValueError(f"unknown kinds {sorted(unknown)}")
    chosen, _created = NotificationSettings.objects.update_or_create(
        user=user, defaults={"delivery": delivery, "email_off": sorted(set(email_off))}
    )
    return chosen


# E-mail -----------------------------------------------------------------------------------------------------------


def _decide(notification: Notification, chosen: NotificationSettings) -> str | None:
    """What to do with a pending e-mail: None to send it now, else the status it gets instead."""
    if not chosen.wants_email(notification.kind) or not notification.user.email:
        return Email.SKIPPED
    if chosen.delivery == NotificationSettings.Delivery.DAILY:
        return Email.DIGEST
    return None


def notification_emails_send(*, ids: Sequence[int] | None = None) -> int:
    """Send the pending (or failed) e-mails of ``ids`` (all that wait when None); return how many went out.

    Runs outside any transaction: each row is marked after its own send, so a slow or dead mail server holds no
    database lock, and a failure leaves the row 'failed' with its reason for the next run.
    """
    rows = Notification.objects.filter(email_status__in=(Email.PENDING, Email.FAILED)).select_related("user")
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    sent = 0
    for notification in rows.order_by("pk"):
        decision = _decide(notification, notification_settings_for(notification.user))
        if decision is not None:
            Notification.objects.filter(pk=notification.pk).update(email_status=decision)
            continue
        subject, body = _render_one(notification)
        if _deliver([EmailMessage(subject, body, None, [notification.user.email])], what=f"#{notification.pk}"):
            _mark([notification.pk], Email.SENT)
            sent += 1
        else:
            _mark([notification.pk], Email.FAILED, error=_("server surel tidak menjawab atau menolak"))
    return sent


def _mark(ids: Sequence[int], status: str, *, error: str = "") -> None:
    values = {"email_status": status, "email_error": error[:500]}
    if status == Email.SENT:
        values["emailed_at"] = timezone.now()
    Notification.objects.filter(pk__in=list(ids)).update(**values)


def _deliver(messages: list[EmailMessage], *, what: str) -> bool:
    try:
        get_connection(fail_silently=False, timeout=email_timeout()).send_messages(messages)
    except OSError:  # refused, unreachable or timed out (smtplib and socket errors are OSErrors)
        logger.exception("Notification e-mail %s not sent", what)
        return False
    return True


def _context(notification: Notification) -> dict:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return {
        "notification": notification,
        "about": "" if notification.restricted else notification.about,
        "url": base + notification.url,
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", "Naskah"),
        "settings_url": base + reverse("archive_notifications:settings"),
    }


def _render_one(notification: Notification) -> tuple[str, str]:
    with override(settings.LANGUAGE_CODE):
        context = _context(notification)
        subject = " ".join(render_to_string(SUBJECT_TEMPLATE, context).split())
        return subject, render_to_string(BODY_TEMPLATE, context)


def notification_digests_send(*, now: datetime.datetime | None = None) -> int:
    """Send each digest person one e-mail of what waited for the digest, once a day from ``digest_hour``."""
    now = timezone.localtime(now or timezone.now())
    if now.hour < digest_hour():
        return 0
    today = now.date()
    due = NotificationSettings.objects.filter(delivery=NotificationSettings.Delivery.DAILY).filter(
        Q(last_digest_on__isnull=True) | Q(last_digest_on__lt=today)
    )
    sent = 0
    for chosen in due.select_related("user"):
        waiting = list(Notification.objects.filter(user=chosen.user, email_status=Email.DIGEST).order_by("created_at"))
        if waiting and chosen.user.email:
            if not _deliver([_digest_message(chosen.user, waiting, today)], what=f"digest {chosen.user.pk}"):
                continue  # kept waiting for the next run
            _mark([row.pk for row in waiting], Email.SENT)
            sent += 1
        NotificationSettings.objects.filter(pk=chosen.pk).update(last_digest_on=today)
    return sent


def _digest_message(user, rows: list[Notification], today: datetime.date) -> EmailMessage:
    with override(settings.LANGUAGE_CODE):
        items = [_context(row) for row in rows]
        context = {"items": items, "today": today, "site_name": getattr(settings, "WAGTAIL_SITE_NAME", "Naskah")}
        context["settings_url"] = items[0]["settings_url"] if items else ""
        body = render_to_string(DIGEST_TEMPLATE, context)
        subject = _("[%(site)s] Ringkasan harian: %(count)d pemberitahuan") % {
            "site": context["site_name"],
            "count": len(rows),
        }
    return EmailMessage(subject, body, None, [user.email])

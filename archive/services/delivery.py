"""Delivering signed outgoing letters.

- To a unit of this office (the letter's internal recipients, right after signing): the letter becomes an
  incoming letter in that unit's register (its own incoming register, else the office's), put before the unit's
  head for disposition, with the signed PDF as its document, its text for search and a link back to the outgoing
  record. No scan, no retyping: every field comes from the outgoing letter.
- By e-mail: one dispatch per address, queued in the caller's transaction and sent by the worker after commit,
  with the signed PDF attached and a timeout; a failure is recorded with its reason and retried with growing
  pauses (run_periodic runs ``outgoing_mail_retry``), then given up on and left for a person to retry. Nothing is
  lost: the dispatch row keeps every attempt's outcome.
- On paper (post or by hand): the dispatch is recorded when the letter leaves; its expedition receipt (buku
  ekspedisi) is printed for the receiver to sign, and the receipt is recorded when it comes back.
"""

from __future__ import annotations

import datetime
import io
import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from archive import random_codes, storage
from archive.models import (
    Capture,
    Dispatch,
    IncomingLetter,
    LetterSignature,
    OutgoingLetter,
    Position,
    Register,
    Unit,
)
from archive.models.organisation import SHARED_KINDS
from archive.services.numbering import register_default, register_entry_create
from archive.services.outgoing import outgoing_dispatch
from archive.services.signing import signed_pdf_bytes, verification_url

log = logging.getLogger(__name__)
State, Channel = Dispatch.State, Dispatch.Channel
RETRY_PAUSES = (60, 5 * 60, 15 * 60, 60 * 60, 3 * 60 * 60)  # seconds after the 1st, 2nd ... failure
MAX_ATTEMPTS = len(RETRY_PAUSES) + 1
STALE_QUEUE = datetime.timedelta(minutes=10)  # a queued e-mail the worker never took


def _signature(letter: OutgoingLetter) -> LetterSignature:
    signature = LetterSignature.objects.filter(letter=letter).first()
    if signature is None:
        raise ValidationError(_("Surat ini belum ditandatangani secara elektronik."))
    return signature


# Internal delivery ------------------------------------------------------------------------------------------------


def unit_head(unit: Unit) -> Position | None:
    """The post that leads ``unit``: its highest post that is not staff (a Kepala, Kabid, Kasi ...)."""
    return Position.objects.filter(unit=unit).exclude(kind__in=SHARED_KINDS).order_by("rank", "pk").first()


def incoming_register_for(unit: Unit) -> Register:
    own = Register.objects.filter(kind=Register.Kind.INCOMING, unit=unit).order_by("-is_default", "pk").first()
    return own or register_default(kind=Register.Kind.INCOMING)


def _sender(letter: OutgoingLetter) -> str:
    from archive.composing.context import letterhead_for

    letterhead = letterhead_for(letter.unit)
    office = letterhead.office_name if letterhead else ""
    if office and office.lower() not in letter.unit.name.lower():
        return f"{letter.unit.name}, {office}"[:400]
    return letter.unit.name[:400]


def _pdf_text_and_thumbnail(pdf: bytes) -> tuple[str, str, int]:
    """The signed PDF's text, a first-page thumbnail (stored, by content) and its page count."""
    from pdf2image import convert_from_bytes
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    thumbnail = ""
    try:
        image = convert_from_bytes(pdf, first_page=1, last_page=1, size=(300, None), timeout=60)[0]
        out = io.BytesIO()
        image.convert("RGB").save(out, format="PNG", optimize=True)
        thumbnail = storage.derived_save(data=out.getvalue(), suffix=".png")
    except Exception as error:  # noqa: BLE001 - pdftoppm fails in many ways; a letter without a thumbnail is fine
        log.warning("No thumbnail for a delivered letter: %s", error)
    return text, thumbnail, len(reader.pages)


def outgoing_deliver_internal(*, letter: OutgoingLetter, unit: Unit, user=None) -> Dispatch:
    """Put the signed letter in ``unit``'s register as an incoming letter before the unit's head (once)."""
    delivered = Dispatch.objects.filter(letter=letter, unit=unit, incoming_letter__isnull=False).first()
    if delivered is not None:
        return delivered
    signature = _signature(letter)
    head = unit_head(unit)
    if head is None:
        raise ValidationError(_("Unit %(unit)s belum memiliki jabatan pimpinan untuk menerima surat.") % {"unit": unit})
    pdf = signed_pdf_bytes(signature)
    text, thumbnail, pages = _pdf_text_and_thumbnail(pdf)  # outside the transaction: pdftoppm takes a moment
    return _register_copy(
        letter=letter, unit=unit, head=head, signature=signature, user=user, text=text, thumbnail=thumbnail, pages=pages
    )


@transaction.atomic
def _register_copy(*, letter, unit, head, signature, user, text, thumbnail, pages) -> Dispatch:
    letter = OutgoingLetter.objects.select_for_update().select_related("unit").get(pk=letter.pk)
    now = timezone.now()
    incoming = IncomingLetter.objects.create(
        status=IncomingLetter.Status.REGISTERED,
        number=letter.number,
        letter_date=letter.letter_date,
        received_on=timezone.localdate(),
        sender=_sender(letter),
        subject=letter.subject,
        urgency=letter.urgency,
        security=letter.security,
        attachments=letter.attachments,
        addressee=letter.addressees,
        classification=letter.classification,
        addressed_to=head,
        registered_at=now,
        source_outgoing=letter,
        tracking_code=random_codes.random_code(),
    )
    Capture.objects.create(
        status=Capture.Status.REGISTERED,
        source=Capture.Source.E_OFFICE,
        original=signature.signed_pdf.name,
        original_name=f"surat-{letter.number.replace('/', '-')}.pdf",
        sha256=signature.sha256,
        size=signature.size,
        mime_type="application/pdf",
        type_description=_("PDF surat keluar bertanda tangan elektronik"),
        page_count=pages,
        text=text,
        thumbnail=thumbnail,
        letter=incoming,
        context={"outgoing_id": letter.pk, "verification_code": signature.code},
        started_at=now,
        finished_at=now,
    )
    register_entry_create(letter=incoming, register=incoming_register_for(unit), user=None)
    return outgoing_dispatch(
        letter=letter,
        user=user,
        channel=Channel.E_OFFICE,
        date=timezone.localdate(),
        recipient=unit.name,
        state=State.DELIVERED,
        unit=unit,
        incoming_letter=incoming,
        sent_at=now,
    )


def outgoing_deliver_internal_all(*, letter: OutgoingLetter, user=None) -> list[str]:
    """Deliver to every internal recipient not served yet; return the problems (each unit on its own)."""
    problems = []
    for unit in letter.internal_recipients.all():
        try:
            outgoing_deliver_internal(letter=letter, unit=unit, user=user)
        except (ValidationError, DatabaseError, OSError) as error:
            reason = " ".join(getattr(error, "messages", [str(error)]))
            log.warning("Internal delivery of outgoing letter %s to %s failed: %s", letter.pk, unit, reason)
            problems.append(f"{unit.name}: {reason}")
    return problems


# E-mail -------------------------------------------------------------------------------------------------------------


def _addresses(text: str) -> list[str]:
    found = [part.strip() for part in text.replace(";", ",").replace("\n", ",").split(",") if part.strip()]
    for address in found:
        try:
            validate_email(address)
        except ValidationError as error:
            raise ValidationError(_("Alamat surel tidak sah: %(address)s") % {"address": address}) from error
    if not found:
        raise ValidationError(_("Isi sedikitnya satu alamat surel."))
    return list(dict.fromkeys(found))


@transaction.atomic
def outgoing_email_queue(*, letter: OutgoingLetter, user, addresses: str, note: str = "") -> list[Dispatch]:
    """Queue the signed letter for each address; the worker sends them once this transaction commits."""
    _signature(letter)
    from archive.tasks import send_dispatch_email_task

    dispatches = []
    for address in _addresses(addresses):
        dispatch = outgoing_dispatch(
            letter=letter,
            user=user,
            channel=Channel.EMAIL,
            date=timezone.localdate(),
            recipient=address,
            note=note,
            state=State.QUEUED,
        )
        transaction.on_commit(lambda pk=dispatch.pk: send_dispatch_email_task.enqueue(pk))
        dispatches.append(dispatch)
    return dispatches


def _message(dispatch: Dispatch, signature: LetterSignature) -> EmailMessage:
    letter = dispatch.letter
    restricted = letter.security != "biasa"
    with translation.override("id"):
        context = {
            "letter": letter,
            "restricted": restricted,
            "verification_url": verification_url(signature.code),
            "office": _sender(letter),
        }
        body = render_to_string("archive/delivery/email.txt", context)
        subject = " ".join(render_to_string("archive/delivery/email_subject.txt", context).split())
    message = EmailMessage(subject=subject, body=body, to=[dispatch.recipient])
    message.attach(f"surat-{letter.number.replace('/', '-')}.pdf", signed_pdf_bytes(signature), "application/pdf")
    return message


def dispatch_email_send(*, dispatch_id: int) -> Dispatch:
    """Send one queued (or failed) e-mail. No database lock is held while the mail server is talked to."""
    dispatch = Dispatch.objects.select_related("letter").get(pk=dispatch_id)
    if dispatch.channel != Channel.EMAIL or dispatch.state not in (State.QUEUED, State.FAILED):
        return dispatch
    try:
        message = _message(dispatch, _signature(dispatch.letter))
        timeout = int(getattr(settings, "EMAIL_TIMEOUT", None) or 30)
        message.connection = get_connection(fail_silently=False, timeout=timeout)
        message.send()
    except (OSError, smtplib.SMTPException, ValidationError) as error:
        return _failed(dispatch, error)
    Dispatch.objects.filter(pk=dispatch.pk).update(
        state=State.SENT, sent_at=timezone.now(), attempts=dispatch.attempts + 1, last_error="", next_attempt_at=None
    )
    _audit_state(dispatch, State.SENT)
    dispatch.refresh_from_db()
    return dispatch


def _failed(dispatch: Dispatch, error: Exception) -> Dispatch:
    attempts = dispatch.attempts + 1
    reason = f"{type(error).__name__}: {error}"[:1000]
    gave_up = attempts >= MAX_ATTEMPTS
    pause = None if gave_up else RETRY_PAUSES[attempts - 1]
    Dispatch.objects.filter(pk=dispatch.pk).update(
        state=State.GAVE_UP if gave_up else State.FAILED,
        attempts=attempts,
        last_error=reason,
        next_attempt_at=None if gave_up else timezone.now() + datetime.timedelta(seconds=pause),
    )
    _audit_state(dispatch, State.GAVE_UP if gave_up else State.FAILED, reason=reason)
    log.warning("E-mail of dispatch %s failed (attempt %s): %s", dispatch.pk, attempts, reason)
    dispatch.refresh_from_db()
    return dispatch


def _audit_state(dispatch: Dispatch, state: str, reason: str = "") -> None:
    """update() bypasses the audit signals: the state change is written to the log here."""
    from archive.audit import Action, record

    changes = {"state": [dispatch.state, state]}
    if reason:
        changes["last_error"] = ["", reason[:300]]
    record(Action.CHANGE, dispatch, changes=changes)


def dispatch_email_retry_due(*, now: datetime.datetime | None = None) -> int:
    """Send the failed e-mails whose pause is over and the queued ones the worker never took; return how many."""
    now = now or timezone.now()
    due = Q(state=State.FAILED, next_attempt_at__lte=now) | Q(state=State.QUEUED, recorded_at__lte=now - STALE_QUEUE)
    pks = list(Dispatch.objects.filter(due, channel=Channel.EMAIL).values_list("pk", flat=True))
    for pk in pks:
        dispatch_email_send(dispatch_id=pk)
    return len(pks)


@transaction.atomic
def dispatch_retry(*, dispatch: Dispatch, user) -> Dispatch:
    """A person retries an e-mail given up on (or failed): it is queued again with a fresh count."""
    from archive.tasks import send_dispatch_email_task

    dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    if dispatch.channel != Channel.EMAIL or dispatch.state not in (State.FAILED, State.GAVE_UP):
        raise ValidationError(_("Hanya surel yang gagal yang dapat dikirim ulang."))
    dispatch.state, dispatch.attempts, dispatch.next_attempt_at = State.QUEUED, 0, None
    dispatch.save(update_fields=["state", "attempts", "next_attempt_at"])
    transaction.on_commit(lambda: send_dispatch_email_task.enqueue(dispatch.pk))
    return dispatch


# Paper --------------------------------------------------------------------------------------------------------------


def outgoing_print_dispatch(
    *, letter: OutgoingLetter, user, channel: str, recipient: str, date: datetime.date, note: str = ""
) -> Dispatch:
    """Record a printed letter leaving by post or by hand; its expedition receipt is then printed."""
    if channel not in (Channel.POST, Channel.HAND):
        raise ValidationError(_("Pilih pos atau diantar langsung."))
    return outgoing_dispatch(
        letter=letter,
        user=user,
        channel=channel,
        date=date,
        recipient=recipient,
        note=note,
        state=State.SENT,
        sent_at=timezone.now(),
    )


@transaction.atomic
def dispatch_mark_received(*, dispatch: Dispatch, user, received_by: str, received_on: datetime.date) -> Dispatch:
    """The signed expedition receipt came back: who received the letter and when."""
    dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    if dispatch.channel not in (Channel.POST, Channel.HAND):
        raise ValidationError(_("Tanda terima ekspedisi hanya untuk surat yang dikirim lewat pos atau diantar."))
    if not received_by.strip():
        raise ValidationError(_("Isi nama penerima."))
    if received_on < dispatch.date:
        raise ValidationError(_("Tanggal terima tidak boleh sebelum tanggal kirim."))
    dispatch.received_by, dispatch.received_on, dispatch.state = received_by.strip(), received_on, State.DELIVERED
    dispatch.save(update_fields=["received_by", "received_on", "state"])
    return dispatch


def expedition_receipt_pdf(*, dispatches: list[Dispatch]) -> bytes:
    """The buku ekspedisi page for these dispatches: one row each for the receiver to sign."""
    from archive.composing.context import kop_of, letterhead_for
    from archive.composing.render import html_pdf

    first = dispatches[0].letter if dispatches else None
    with translation.override("id"):
        html = render_to_string(
            "archive/delivery/expedition.html",
            {
                "dispatches": dispatches,
                "kop": kop_of(letterhead_for(first.unit)) if first else None,
                "printed_at": timezone.localtime(),
            },
        )
    return html_pdf(html)

"""Outgoing letter services: create and revise a draft, submit it to verifiers and a signer, review, dispatch.

Rules (SRIKANDI's outgoing flow and the offices' SOPs for surat keluar):
- The drafter (konseptor) writes or uploads the draft and submits it with the verifiers (paraf chain, in order)
  and the signer; every submission opens a new round, and the steps of earlier rounds are kept as they were.
- Segregation of duties (archive.selectors.review_chain): the signer is a leader's post above the drafter (or the
  head of office), never one the drafter holds; no verifier is the drafter's own post; the drafter never decides
  a step of his own letter, even as Plt of its post. The addressee (tujuan) is required before submission.
- Only the post of the round's current step decides, through whoever holds it that day, definitive or acting
  (Plt). Returning needs a comment; it ends the round (the later steps are marked not reviewed) and hands the
  draft back to the drafter, who may revise and resubmit it.
- The signer's approval gives the final number (``outgoing_number_issue``: gap-free serial per unit, naskah
  type and year) in the same transaction, and the letter date; a failure gives the serial back.
- The outgoing register's entries (RegisterEntry) link incoming letters only, so the number and its date are
  kept on the letter itself.
- Dispatch (e-office, e-mail, post, by hand) is recorded for a numbered letter, as often as it is sent.
Rule violations raise ValidationError; acting for a post one does not hold raises PermissionDenied.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.audit import Action, record, record_bulk
from archive.composing.naskah_types import naskah_type as composing_type
from archive.composing.richtext import body_clean, body_text
from archive.models import ClassificationCode, Dispatch, IncomingLetter, OutgoingLetter, Position, ReviewStep, Unit
from archive.selectors.organisation import user_positions
from archive.selectors.review_chain import person_may_decide, signer_refusal, verifier_refusal
from archive.services.notifications import notify_draft_returned, notify_review_turn
from archive.services.numbering import outgoing_number_issue

Status = OutgoingLetter.Status
Decision = ReviewStep.Decision
EDITABLE = (Status.DRAFT, Status.RETURNED)
EDITABLE_FIELDS = {
    "subject",
    "body",
    "classification",
    "naskah_type",
    "urgency",
    "security",
    "addressees",
    "attachments",
    "carbon_copies",
    "details",
    "closes_dispositions",
}


def outgoing_create(
    *,
    unit: Unit,
    drafter,
    subject: str,
    classification: ClassificationCode,
    body: str = "",
    draft_file: UploadedFile | None = None,
    naskah_type: str = "surat",
    urgency: str = "biasa",
    security: str = "biasa",
    addressees: str = "",
    attachments: str = "",
    carbon_copies: str = "",
    details: dict | None = None,
    reply_to: IncomingLetter | None = None,
    closes_dispositions: bool = False,
) -> OutgoingLetter:
    """Save a new draft, written in ``body`` (and the parts of its naskah type) or uploaded as ``draft_file``."""
    body = body_clean(body)
    _check_content(subject=subject, body=body, has_file=bool(draft_file), naskah_type=naskah_type)
    letter = OutgoingLetter(
        unit=unit,
        drafter=drafter,
        subject=subject.strip(),
        body=body,
        classification=classification,
        naskah_type=naskah_type,
        urgency=urgency,
        security=security,
        addressees=addressees,
        attachments=attachments,
        carbon_copies=carbon_copies,
        details=details or {},
        reply_to=reply_to,
        closes_dispositions=closes_dispositions and reply_to is not None,
    )
    if draft_file:
        letter.draft_file.save(draft_file.name, draft_file, save=False)
    letter.full_clean()
    letter.save()
    return letter


def _check_content(*, subject: str, body: str, has_file: bool, naskah_type: str = "surat") -> None:
    if not subject.strip():
        raise ValidationError(_("Isi hal surat."))
    written = bool(body_text(body)) or "<table" in body or not composing_type(naskah_type).body_required
    if not written and not has_file:
        raise ValidationError(_("Tulis isi konsep atau unggah berkas konsep."))


@transaction.atomic
def outgoing_revise(
    *, letter: OutgoingLetter, user, draft_file: UploadedFile | None = None, **fields: object
) -> OutgoingLetter:
    """Change a draft or a returned letter: only its drafter, only before it is resubmitted."""
    letter = OutgoingLetter.objects.select_for_update().get(pk=letter.pk)
    _require_drafter(letter=letter, user=user)
    if letter.status not in EDITABLE:
        raise ValidationError(_("Hanya konsep atau surat yang dikembalikan yang dapat diubah."))
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Fields that cannot be revised: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(letter, name, value)
    letter.body = body_clean(letter.body)
    letter.closes_dispositions = letter.closes_dispositions and letter.reply_to_id is not None
    if draft_file:
        letter.draft_file.save(draft_file.name, draft_file, save=False)
    _check_content(
        subject=letter.subject, body=letter.body, has_file=bool(letter.draft_file), naskah_type=letter.naskah_type
    )
    letter.full_clean()
    letter.save()
    return letter


def _require_drafter(*, letter: OutgoingLetter, user) -> None:
    if letter.drafter_id != user.pk:
        raise PermissionDenied(_("Hanya konseptor surat ini yang dapat melakukannya."))


@transaction.atomic
def outgoing_submit(
    *,
    letter: OutgoingLetter,
    user,
    verifiers: Sequence[Position],
    signer: Position,
    day: datetime.date | None = None,
) -> OutgoingLetter:
    """Send a draft (or a revised returned letter) for review: a new round of verifier steps, then the signer."""
    day = day or timezone.localdate()
    letter = OutgoingLetter.objects.select_for_update().select_related("unit", "drafter").get(pk=letter.pk)
    _require_drafter(letter=letter, user=user)
    if letter.status not in EDITABLE:
        raise ValidationError(_("Surat ini sedang diperiksa atau sudah bernomor."))
    _check_chain(letter=letter, verifiers=list(verifiers), signer=signer, day=day)
    letter.current_round += 1
    steps = [
        ReviewStep(letter=letter, round=letter.current_round, order=index, position=position, role=role)
        for index, (position, role) in enumerate(
            [(position, ReviewStep.Role.VERIFIER) for position in verifiers] + [(signer, ReviewStep.Role.SIGNER)],
            start=1,
        )
    ]
    for step in ReviewStep.objects.bulk_create(steps):  # bulk_create sends no post_save: audited here
        changes = {"round": [None, step.round], "order": [None, step.order], "position_id": [None, step.position_id]}
        record(Action.CREATE, step, user=user, changes={**changes, "role": [None, step.role]})
    letter.status = Status.IN_REVIEW
    letter.save(update_fields=["current_round", "status", "updated_at"])
    notify_review_turn(letter=letter)
    return letter


def _check_chain(*, letter: OutgoingLetter, verifiers: list[Position], signer: Position, day: datetime.date) -> None:
    """Refuse a submission that breaks segregation of duties or lacks its addressee."""
    if not letter.addressees.strip():
        raise ValidationError(_("Isi tujuan surat (Yth.) sebelum mengirim untuk diperiksa."))
    chain = [*verifiers, signer]
    if len({position.pk for position in chain}) != len(chain):
        raise ValidationError(_("Satu jabatan tidak boleh disebut dua kali dalam urutan pemeriksaan."))
    refusal = signer_refusal(letter=letter, signer=signer, day=day) or verifier_refusal(
        letter=letter, verifiers=verifiers, day=day
    )
    if refusal:
        raise ValidationError(refusal)


def outgoing_current_step(*, letter: OutgoingLetter) -> ReviewStep | None:
    """Return the step waiting for a decision in the letter's current round (None when none waits)."""
    if letter.status != Status.IN_REVIEW:
        return None
    pending = letter.review_steps.filter(round=letter.current_round, decision=Decision.PENDING)
    return pending.select_related("position", "position__unit").order_by("order").first()


def outgoing_user_may_decide(*, letter: OutgoingLetter, user, day: datetime.date | None = None) -> bool:
    """Whether ``user`` holds (definitive or Plt) the post of the current step today."""
    step = outgoing_current_step(letter=letter)
    if step is None or not person_may_decide(letter=letter, user=user):
        return False
    held = {hold.position_id for hold in user_positions(user=user, day=day or timezone.localdate())}
    return step.position_id in held


@transaction.atomic
def outgoing_review(
    *, letter: OutgoingLetter, user, decision: str, comment: str = "", day: datetime.date | None = None
) -> ReviewStep:
    """Decide the current step: approve (the signer's approval numbers the letter) or return with a comment."""
    day = day or timezone.localdate()
    letter = OutgoingLetter.objects.select_for_update().select_related("unit", "classification").get(pk=letter.pk)
    step = outgoing_current_step(letter=letter)
    if step is None:
        raise ValidationError(_("Surat ini tidak sedang menunggu pemeriksaan."))
    if not person_may_decide(letter=letter, user=user):
        raise PermissionDenied(_("Konseptor tidak boleh memeriksa atau menandatangani suratnya sendiri."))
    if not outgoing_user_may_decide(letter=letter, user=user, day=day):
        raise PermissionDenied(_("Anda tidak memangku jabatan %(position)s hari ini.") % {"position": step.position})
    if decision not in (Decision.APPROVED, Decision.RETURNED):
        raise ValidationError(_("Keputusan tidak dikenal."))
    if decision == Decision.RETURNED and not comment.strip():
        raise ValidationError(_("Tulis catatan perbaikan bila surat dikembalikan."))
    step.decision, step.comment, step.decided_by, step.decided_at = decision, comment.strip(), user, timezone.now()
    step.save(update_fields=["decision", "comment", "decided_by", "decided_at"])
    if decision == Decision.RETURNED:
        _return(letter=letter)
        notify_draft_returned(letter=letter, step=step)
    elif step.role == ReviewStep.Role.SIGNER:
        _number(letter=letter, day=day)
    else:
        notify_review_turn(letter=letter)  # the next verifier, or the signer
    return step


def _return(*, letter: OutgoingLetter) -> None:
    """End the round: the steps after the returning one are not reviewed, and the draft goes back."""
    later = letter.review_steps.filter(round=letter.current_round, decision=Decision.PENDING)
    record_bulk(Action.CHANGE, list(later), changes={"decision": [Decision.PENDING, Decision.SKIPPED]})
    later.update(decision=Decision.SKIPPED)  # update() bypasses the audit signals: logged just above
    letter.status = Status.RETURNED
    letter.save(update_fields=["status", "updated_at"])


def _number(*, letter: OutgoingLetter, day: datetime.date) -> None:
    """Give the signed letter its final number and date, in the caller's transaction."""
    letter.number = outgoing_number_issue(
        code=letter.classification.code, unit=letter.unit, year=day.year, naskah_type=_type_scope(letter)
    )
    letter.number_issued_at = timezone.now()
    letter.letter_date = day
    letter.status = Status.APPROVED
    letter.save(update_fields=["number", "number_issued_at", "letter_date", "status", "updated_at"])


def _type_scope(letter: OutgoingLetter) -> str:
    """The naskah type counted apart, when the settings say the office counts per type (default: one count)."""
    return letter.naskah_type if getattr(settings, "ARCHIVE_OUTGOING_SERIAL_PER_TYPE", False) else ""


@transaction.atomic
def outgoing_dispatch(
    *,
    letter: OutgoingLetter,
    user,
    channel: str,
    date: datetime.date,
    recipient: str,
    note: str = "",
    **delivery: object,
) -> Dispatch:
    """Record that a numbered letter went out; the letter is then dispatched (it may go out again, elsewhere).

    ``delivery`` carries the fields archive.services.delivery fills (state, unit, incoming letter ...)."""
    letter = OutgoingLetter.objects.select_for_update().get(pk=letter.pk)
    if letter.status not in (Status.APPROVED, Status.DISPATCHED):
        raise ValidationError(_("Hanya surat yang sudah bernomor yang dapat dikirim."))
    if not recipient.strip():
        raise ValidationError(_("Isi penerima."))
    if letter.letter_date and date < letter.letter_date:
        raise ValidationError(_("Tanggal kirim tidak boleh sebelum tanggal surat."))
    dispatch = Dispatch(
        letter=letter, channel=channel, date=date, recipient=recipient.strip(), note=note, recorded_by=user, **delivery
    )
    dispatch.full_clean()
    dispatch.save()
    if letter.status != Status.DISPATCHED:
        letter.status = Status.DISPATCHED
        letter.save(update_fields=["status", "updated_at"])
    return dispatch

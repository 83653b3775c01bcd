"""Signing an outgoing letter electronically (TTE): the signer's pass phrase opens their key, the signer step is
approved (which numbers and dates the letter, by the outgoing rules), the letter is rendered with its number, date
and signature mark (QR code to the public verification page), signed in PAdES with pyHanko (and timestamped when
a TSA is configured), and stored with its hash as the letter's record, which nothing changes afterwards.

Order, and what a failure leaves:
1. Checks and the pass phrase, before anything changes: a wrong one is refused and audited (outside any
   transaction, so the refusal stays in the log even though nothing else happens).
2. The approval and number, in the outgoing service's own transaction.
3. Rendering and signing, outside any transaction (the TSA is called over the network).
4. Storing the signed PDF and its signature row, in one transaction.
If 3 or 4 fails the letter keeps its number and waits, unsigned, for the signer to try again (same number); the
failure and its reason are audited.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive import random_codes
from archive.audit import Action, record
from archive.composing.context import ElectronicMark, Signatory, letter_context, signatory_for
from archive.composing.naskah_types import naskah_type
from archive.composing.qr import qr_data_uri
from archive.composing.render import letter_pdf
from archive.composing.stamp import stamp_uploaded
from archive.composing.uploaded import pdf_problem
from archive.models import LetterSignature, OutgoingLetter, ReviewStep
from archive.selectors.organisation import user_positions
from archive.services.outgoing import outgoing_current_step, outgoing_review, outgoing_user_may_decide
from archive.signing.backends import signing_backend
from archive.signing.backends.base import Locked, NoCertificate, SigningSession
from archive.signing.keystore import KeystoreUnreadable, WrongPassphrase
from archive.signing.pdf import Placement, SigningFailed, TimestampAuthority

Status = OutgoingLetter.Status


class WrongPassphraseError(ValidationError):
    """The pass phrase typed does not open the signer's key."""


def verification_code() -> str:
    return random_codes.random_code()


def verification_url(code: str) -> str:
    base = getattr(settings, "NASKAH_PUBLIC_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return f"{base.rstrip('/')}/verifikasi/{code}"


def timestamp_authority() -> TimestampAuthority | None:
    url = getattr(settings, "ARCHIVE_TTE_TSA_URL", "")
    if not url:
        return None
    return TimestampAuthority(
        url=url,
        timeout=int(getattr(settings, "ARCHIVE_TTE_TSA_TIMEOUT", 10)),
        username=getattr(settings, "ARCHIVE_TTE_TSA_USERNAME", ""),
        password=getattr(settings, "ARCHIVE_TTE_TSA_PASSWORD", ""),
    )


def _signer_step(letter: OutgoingLetter) -> ReviewStep | None:
    return letter.review_steps.filter(round=letter.current_round, role=ReviewStep.Role.SIGNER).first()


def outgoing_may_sign(*, letter: OutgoingLetter, user, day: datetime.date | None = None) -> bool:
    """Whether ``user`` may sign now: they hold the post of the waiting signer step, or they approved the letter
    as its signer and its signature failed (a retry keeps the number)."""
    if hasattr(letter, "signature") and LetterSignature.objects.filter(letter=letter).exists():
        return False
    if letter.status == Status.IN_REVIEW:
        step = outgoing_current_step(letter=letter)
        return (
            step is not None
            and step.role == ReviewStep.Role.SIGNER
            and outgoing_user_may_decide(letter=letter, user=user, day=day)
        )
    if letter.status == Status.APPROVED:
        step = _signer_step(letter)
        return step is not None and step.decided_by_id == user.pk
    return False


def outgoing_sign(
    *, letter: OutgoingLetter, user, passphrase: str, day: datetime.date | None = None
) -> LetterSignature:
    """Sign ``letter`` as ``user`` with the pass phrase of their certificate; return the stored signature."""
    day = day or timezone.localdate()
    letter = OutgoingLetter.objects.select_related("unit", "classification", "reply_to").get(pk=letter.pk)
    if not outgoing_may_sign(letter=letter, user=user, day=day):
        raise PermissionDenied(_("Anda tidak dapat menandatangani surat ini sekarang."))
    draft = _uploaded_draft(letter)
    session = _open(letter=letter, user=user, passphrase=passphrase)
    if letter.status == Status.IN_REVIEW:
        outgoing_review(letter=letter, user=user, decision=ReviewStep.Decision.APPROVED, day=day)
        letter.refresh_from_db()
    code, signed_at = _unused_code(), timezone.now()
    signatory = _signatory(letter=letter, user=user, day=letter.letter_date or day)
    mark = ElectronicMark(
        code=code,
        url=verification_url(code),
        qr_uri=qr_data_uri(verification_url(code)),
        signed_at=signed_at,
        issuer=session.issuer_name,
    )
    try:
        signed, pages = _render_and_sign(letter=letter, session=session, signatory=signatory, mark=mark, draft=draft)
    except SigningFailed as error:
        record(
            Action.REFUSE,
            letter,
            user=user,
            object_repr=f"#{letter.pk}",
            changes={"why": "signing", "reason": str(error)[:300]},
        )
        raise ValidationError(
            _("Surat sudah bernomor %(number)s tetapi belum dapat ditandatangani: %(reason)s. Coba lagi.")
            % {"number": letter.number, "reason": error}
        ) from error
    signature = _store(
        letter=letter,
        user=user,
        session=session,
        pdf=signed,
        pages=pages,
        code=code,
        signed_at=signed_at,
        signatory=signatory,
    )
    _deliver_internally(letter=letter, user=user)
    return signature


def _deliver_internally(*, letter: OutgoingLetter, user) -> None:
    """The units of this office it is addressed to receive it now (each apart; a failure is logged and can be
    retried from the letter's page)."""
    from archive.services.delivery import outgoing_deliver_internal_all

    outgoing_deliver_internal_all(letter=letter, user=user)


def _uploaded_draft(letter: OutgoingLetter) -> bytes | None:
    if not letter.draft_file:
        return None
    with default_storage.open(letter.draft_file.name, "rb") as handle:
        data = handle.read()
    problem = pdf_problem(data)
    if problem:
        raise ValidationError(problem)
    return data


def _open(*, letter: OutgoingLetter, user, passphrase: str) -> SigningSession:
    """Open the signer's key; every refusal is written to the audit log."""
    backend = signing_backend()
    try:
        return backend.open(user=user, passphrase=passphrase)
    except NoCertificate as error:
        raise ValidationError(_("Anda belum memiliki sertifikat TTE yang aktif.")) from error
    except Locked as error:
        _refusal(letter, user, "locked")
        until = timezone.localtime(error.until)
        raise ValidationError(
            _("Terlalu banyak pass phrase salah. Coba lagi setelah pukul %(time)s.") % {"time": f"{until:%H.%M}"}
        ) from error
    except WrongPassphrase as error:
        _refusal(letter, user, "wrong passphrase")
        raise WrongPassphraseError(_("Pass phrase salah. Surat tidak ditandatangani.")) from error
    except KeystoreUnreadable as error:
        _refusal(letter, user, "keystore unreadable")
        raise ValidationError(_("Kunci sertifikat Anda tidak dapat dibuka di server ini; hubungi admin.")) from error


def _refusal(letter: OutgoingLetter, user, why: str) -> None:
    record(Action.REFUSE, letter, user=user, object_repr=f"#{letter.pk}", changes={"why": why})


def _unused_code() -> str:
    code = verification_code()
    while LetterSignature.objects.filter(code=code).exists():
        code = verification_code()
    return code


def _signatory(*, letter: OutgoingLetter, user, day: datetime.date) -> Signatory:
    step = _signer_step(letter)
    position = step.position if step else None
    holds = [hold for hold in user_positions(user=user, day=day) if position and hold.position_id == position.pk]
    acting = bool(holds) and all(hold.acting for hold in holds)
    return signatory_for(naskah=naskah_type(letter.naskah_type), position=position, user=user, acting=acting, day=day)


def _render_and_sign(
    *, letter, session: SigningSession, signatory: Signatory, mark: ElectronicMark, draft: bytes | None
) -> tuple[bytes, int]:
    context = letter_context(letter, signatory=signatory, mark=mark)
    rendered = stamp_uploaded(draft, context) if draft is not None else letter_pdf(context)
    placement = Placement(page=rendered.mark.page, box=rendered.mark.box) if rendered.mark else None
    signed = session.sign(
        rendered.pdf,
        placement=placement,
        name=signatory.name,
        reason=f"Penandatanganan naskah dinas nomor {letter.number}",
        location=context.place,
        tsa=timestamp_authority(),
    )
    return signed, rendered.page_count


def signed_pdf_path(sha256: str) -> str:
    """Signed letters are stored under their hash: a stored file is found by its content and never overwritten."""
    return f"archive/ditandatangani/{sha256[:2]}/{sha256}.pdf"


@transaction.atomic
def _store(
    *,
    letter: OutgoingLetter,
    user,
    session: SigningSession,
    pdf: bytes,
    pages: int,
    code: str,
    signed_at: datetime.datetime,
    signatory: Signatory,
) -> LetterSignature:
    OutgoingLetter.objects.select_for_update().filter(pk=letter.pk).values_list("pk", flat=True).get()
    if LetterSignature.objects.filter(letter=letter).exists():
        raise ValidationError(_("Surat ini sudah ditandatangani."))
    sha256 = hashlib.sha256(pdf).hexdigest()
    path = signed_pdf_path(sha256)
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(pdf))
    signature = LetterSignature.objects.create(
        letter=letter,
        code=code,
        certificate=session.certificate_record,
        signed_pdf=path,
        sha256=sha256,
        size=len(pdf),
        page_count=pages,
        signed_at=signed_at,
        timestamp_authority=getattr(settings, "ARCHIVE_TTE_TSA_URL", ""),
        signer=user,
        signer_name=signatory.name,
        signer_post=signatory.post,
        signer_rank=signatory.rank,
        signer_nip=signatory.nip,
        acting=signatory.acting,
        on_behalf=signatory.on_behalf,
    )
    record(
        Action.SIGN,
        letter,
        user=user,
        object_repr=f"#{letter.pk}" if letter.security != "biasa" else str(letter),
        changes={"code": code, "sha256": sha256},
    )
    if letter.reply_to_id and letter.closes_dispositions:
        _close_answered(letter=letter, user=user)
    return signature


def _close_answered(*, letter: OutgoingLetter, user) -> None:
    """The reply is signed: the open dispositions of the letter it answers are completed in the signer's name."""
    from archive.models import DispositionRecipient
    from archive.models.dispositions import OPEN_STATUSES
    from archive.services.dispositions import disposition_complete

    note = _("Dijawab dengan surat nomor %(number)s.") % {"number": letter.number}
    rows = DispositionRecipient.objects.filter(disposition__letter_id=letter.reply_to_id, status__in=OPEN_STATUSES)
    for row in rows.order_by("disposition__created_at", "pk"):
        row.refresh_from_db()
        if row.status in OPEN_STATUSES:
            disposition_complete(recipient=row, user=user, note=note, on_behalf=True)


def signed_pdf_bytes(signature: LetterSignature) -> bytes:
    with default_storage.open(signature.signed_pdf.name, "rb") as handle:
        return handle.read()

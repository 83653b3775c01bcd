"""Public verification of signed letters (the page the QR code opens): is the letter with this code valid, and
is a PDF someone hands in exactly the signed original?

What the page may say: the number, date, signer's name and post, the signing time and the verdict; the hal only
for letters that are not restricted; never the content.

Verdicts:
- valid: the signature is on record, its stored PDF still has the recorded hash, its certificate is not revoked;
- revoked: the signer's certificate was revoked (the letter can no longer be relied on);
- invalid: the stored PDF is missing or changed (it should never happen; it is reported, not hidden).
An uploaded PDF is the original only when its SHA-256 equals the recorded one; anything else (changed, signed
again, another letter) is not valid, and the signatures it carries are validated to say why.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from archive.models import LetterSignature, SigningCertificate
from archive.models.letters import RESTRICTED_LEVELS
from archive.signing.backends import signing_backend
from archive.signing.validation import NotAPdf, pdf_signatures

VALID, REVOKED, INVALID = "valid", "revoked", "invalid"


@dataclass(frozen=True)
class LetterVerification:
    code: str
    state: str
    reason: str
    number: str
    letter_date: datetime.date | None
    subject: str  # empty for a restricted letter
    restricted: bool
    signer_name: str
    signer_post: str
    signed_at: datetime.datetime
    issuer: str
    revoked_at: datetime.datetime | None = None


@dataclass(frozen=True)
class UploadVerdict:
    original: bool  # the very bytes that were signed
    valid: bool
    reasons: list[str] = field(default_factory=list)


def _state(signature: LetterSignature) -> tuple[str, str]:
    certificate = signature.certificate
    if certificate.status == SigningCertificate.Status.REVOKED:
        return REVOKED, _("Sertifikat penanda tangan telah dicabut.")
    name = signature.signed_pdf.name
    if not name or not default_storage.exists(name):
        return INVALID, _("Berkas asli surat tidak ditemukan di arsip.")
    with default_storage.open(name, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    if digest != signature.sha256:
        return INVALID, _("Berkas asli di arsip tidak sama dengan yang ditandatangani.")
    return VALID, _("Surat ini ditandatangani secara elektronik dan tercatat sebagai dokumen asli.")


def letter_verification(*, code: str) -> LetterVerification | None:
    """The public facts of the letter signed under ``code`` (None for an unknown code)."""
    signature = (
        LetterSignature.objects.select_related("letter", "certificate__authority")
        .filter(code=code.strip().upper())
        .first()
    )
    if signature is None:
        return None
    letter = signature.letter
    restricted = letter.security in RESTRICTED_LEVELS
    state, reason = _state(signature)
    post = f"{'Plt. ' if signature.acting else ''}{signature.signer_post}"
    if signature.on_behalf:
        post = f"a.n. {signature.on_behalf}, {post}"
    return LetterVerification(
        code=signature.code,
        state=state,
        reason=reason,
        number=letter.number,
        letter_date=letter.letter_date,
        subject="" if restricted else " ".join(letter.subject.split()),
        restricted=restricted,
        signer_name=signature.signer_name,
        signer_post=post,
        signed_at=signature.signed_at,
        issuer=signature.certificate.authority.name,
        revoked_at=signature.certificate.revoked_at if state == REVOKED else None,
    )


def upload_verdict(*, code: str, data: bytes) -> UploadVerdict:
    """Whether ``data`` is exactly the signed original of the letter under ``code``, and if not, why."""
    signature = LetterSignature.objects.select_related("certificate").filter(code=code.strip().upper()).first()
    if signature is None:
        return UploadVerdict(original=False, valid=False, reasons=[_("Kode verifikasi tidak dikenal.")])
    if hashlib.sha256(data).hexdigest() == signature.sha256:
        state, reason = _state(signature)
        return UploadVerdict(original=True, valid=state == VALID, reasons=[reason])
    return UploadVerdict(original=False, valid=False, reasons=_why_not(data, signature))


def _why_not(data: bytes, signature: LetterSignature) -> list[str]:
    reasons = [_("Berkas ini tidak sama persis dengan dokumen asli yang ditandatangani.")]
    try:
        checks = pdf_signatures(data, trust_roots_pem=signing_backend().trust_roots_pem())
    except NotAPdf:
        return [*reasons, _("Berkas ini bukan PDF yang dapat dibaca.")]
    if not checks:
        return [*reasons, _("Berkas ini tidak memuat tanda tangan elektronik.")]
    if any(not check.intact or not check.valid for check in checks):
        reasons.append(_("Isi berkas telah diubah setelah ditandatangani."))
    elif any(not check.whole_file for check in checks):
        reasons.append(_("Berkas telah diubah atau ditandatangani ulang setelah tanda tangan aslinya."))
    if any(not check.trusted for check in checks):
        reasons.append(_("Ada tanda tangan dengan sertifikat yang tidak diterbitkan oleh kantor ini."))
    if not any(check.fingerprint == signature.certificate.fingerprint for check in checks):
        reasons.append(_("Tanda tangannya bukan tanda tangan penanda tangan surat ini."))
    return reasons

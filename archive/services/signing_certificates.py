"""The office's certificate authority and its signers' certificates: create the authority, enrol a signer (an
administrator's act), activate (the signer chooses a pass phrase; the key is made and kept under it), rotate (a
new key and certificate under a new pass phrase, the old one replaced), revoke.

Rules:
- One live (pending or active) certificate per person; only the newest active authority issues.
- Enrolment is for people holding a post and is done by an administrator, so that a stolen session cannot give
  itself a new signing key; the signer alone chooses the pass phrase, which is never stored.
- Rotating needs the current pass phrase. A forgotten pass phrase is a revocation and a new enrolment.
- A replaced certificate's letters stay valid; a revoked certificate's letters are shown as revoked.
- The CA's pass phrase comes from ARCHIVE_TTE_CA_PASSPHRASE (or is typed at the command line).
Rule violations raise ValidationError.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.audit import Action, record
from archive.composing.context import employee_of
from archive.models import SigningAuthority, SigningCertificate
from archive.selectors.organisation import user_positions
from archive.signing import authority as ca
from archive.signing import keystore
from archive.signing.backends.office_ca import keystore_secret

Status = SigningCertificate.Status
MIN_PASSPHRASE = 10


def authority_create(*, name: str, organisation: str, passphrase: str, days: int = 3650) -> SigningAuthority:
    """Create the office's CA; from now on it issues new certificates (older ones stay trusted)."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError(_("Pass phrase CA sedikitnya %(n)s karakter.") % {"n": MIN_PASSPHRASE})
    issued = ca.authority_create(name=name, organisation=organisation, passphrase=passphrase, days=days)
    with transaction.atomic():
        SigningAuthority.objects.filter(is_active=True).update(is_active=False)
        return SigningAuthority.objects.create(
            name=name,
            certificate_pem=issued.certificate_pem,
            private_key_pem=issued.private_key_pem,
            fingerprint=issued.fingerprint,
            not_after=issued.not_after,
        )


def _issuing_authority() -> SigningAuthority:
    found = SigningAuthority.objects.filter(is_active=True).first()
    if found is None:
        raise ValidationError(_("Otoritas sertifikat kantor belum dibuat (manage.py tte_ca create)."))
    return found


def passphrase_validate(*, passphrase: str, user) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError(_("Pass phrase sedikitnya %(n)s karakter.") % {"n": MIN_PASSPHRASE})
    if passphrase.lower() in {user.get_username().lower(), (user.email or "").lower()}:
        raise ValidationError(_("Pass phrase tidak boleh sama dengan nama pengguna atau surel."))
    if user.check_password(passphrase):
        raise ValidationError(_("Pass phrase tidak boleh sama dengan kata sandi masuk."))


def certificate_enroll(*, user, by) -> SigningCertificate:
    """Let ``user`` (who holds a post) activate a certificate of the issuing authority."""
    if not user_positions(user=user, day=timezone.localdate()):
        raise ValidationError(_("Sertifikat TTE hanya untuk pemangku jabatan."))
    if SigningCertificate.objects.filter(user=user, status__in=[Status.PENDING, Status.ACTIVE]).exists():
        raise ValidationError(
            _("%(user)s sudah memiliki sertifikat yang aktif atau menunggu aktivasi.") % {"user": user}
        )
    return SigningCertificate.objects.create(user=user, authority=_issuing_authority(), enrolled_by=by)


def _ca_passphrase(ca_passphrase: str | None) -> str:
    value = ca_passphrase or getattr(settings, "ARCHIVE_TTE_CA_PASSPHRASE", "")
    if not value:
        raise ValidationError(_("Pass phrase otoritas sertifikat belum diatur di server (NASKAH_TTE_CA_PASSPHRASE)."))
    return value


def _issue(*, certificate: SigningCertificate, passphrase: str, ca_passphrase: str | None) -> None:
    """Make the key, have the authority certify it, and keep it under ``passphrase`` (fills ``certificate``)."""
    authority = certificate.authority
    try:
        authority_key = ca.authority_key(
            private_key_pem=authority.private_key_pem, passphrase=_ca_passphrase(ca_passphrase)
        )
    except ValueError as error:
        raise ValidationError(_("Pass phrase otoritas sertifikat salah.")) from error
    user = certificate.user
    name, _rank, nip = employee_of(user)
    held = user_positions(user=user, day=timezone.localdate())
    key = ca.signer_key_create()
    issued = ca.signer_certificate_issue(
        authority_pem=authority.certificate_pem,
        authority_key=authority_key,
        public_key=key.public_key(),
        common_name=name,
        title=held[0].position.signing_title if held else "",
        organisation=authority.name,
        email=user.email,
        serial_hint=nip,
        days=int(getattr(settings, "ARCHIVE_TTE_CERTIFICATE_DAYS", 730)),
    )
    authority_cert = ca.load_certificate(authority.certificate_pem)
    certificate.keystore = keystore.keystore_build(
        private_key=key,
        certificate=issued,
        chain=[authority_cert],
        passphrase=passphrase,
        secret=keystore_secret(),
        rounds=int(getattr(settings, "ARCHIVE_TTE_KDF_ROUNDS", keystore.DEFAULT_KDF_ROUNDS)),
    )
    certificate.certificate_pem = ca.certificate_pem(issued)
    certificate.serial = format(issued.serial_number, "x")
    certificate.fingerprint = ca.fingerprint_of(issued)
    certificate.subject = issued.subject.rfc4514_string()[:400]
    certificate.not_before, certificate.not_after = issued.not_valid_before_utc, issued.not_valid_after_utc
    certificate.status, certificate.activated_at = Status.ACTIVE, timezone.now()


@transaction.atomic
def certificate_activate(
    *, certificate: SigningCertificate, user, passphrase: str, ca_passphrase: str | None = None
) -> SigningCertificate:
    """The holder of a pending enrolment chooses a pass phrase: the key and certificate are made under it."""
    certificate = (
        SigningCertificate.objects.select_for_update().select_related("authority", "user").get(pk=certificate.pk)
    )
    if certificate.user_id != user.pk:
        raise ValidationError(_("Hanya pemilik sertifikat yang dapat mengaktifkannya."))
    if certificate.status != Status.PENDING:
        raise ValidationError(_("Sertifikat ini tidak menunggu aktivasi."))
    passphrase_validate(passphrase=passphrase, user=user)
    _issue(certificate=certificate, passphrase=passphrase, ca_passphrase=ca_passphrase)
    certificate.save()
    return certificate


def certificate_rotate(
    *, user, passphrase: str, new_passphrase: str, ca_passphrase: str | None = None
) -> SigningCertificate:
    """Replace the user's active certificate by a new key and certificate under ``new_passphrase``.

    The current pass phrase proves the signer holds the key; a wrong one is refused and audited (outside any
    transaction, so the refusal is kept)."""
    current = certificate_active_for(user=user)
    if current is None:
        raise ValidationError(_("Anda belum memiliki sertifikat TTE yang aktif."))
    try:
        keystore.keystore_open(sealed=current.keystore, passphrase=passphrase, secret=keystore_secret())
    except keystore.WrongPassphrase as error:
        _audit_refusal(current, user=user, why="rotate")
        raise ValidationError(_("Pass phrase saat ini salah.")) from error
    passphrase_validate(passphrase=new_passphrase, user=user)
    return _replace(current=current, user=user, new_passphrase=new_passphrase, ca_passphrase=ca_passphrase)


@transaction.atomic
def _replace(
    *, current: SigningCertificate, user, new_passphrase: str, ca_passphrase: str | None
) -> SigningCertificate:
    current = SigningCertificate.objects.select_for_update().get(pk=current.pk)
    if current.status != Status.ACTIVE:
        raise ValidationError(_("Sertifikat ini sudah diganti atau dicabut."))
    current.status, current.replaced_at, current.keystore = Status.REPLACED, timezone.now(), b""
    current.save(update_fields=["status", "replaced_at", "keystore"])
    fresh = SigningCertificate(user=user, authority=_issuing_authority(), enrolled_by=user)
    _issue(certificate=fresh, passphrase=new_passphrase, ca_passphrase=ca_passphrase)
    fresh.save()
    return fresh


def _audit_refusal(certificate: SigningCertificate, *, user, why: str) -> None:
    record(Action.REFUSE, certificate, user=user, object_repr=str(certificate), changes={"why": why})


@transaction.atomic
def certificate_revoke(*, certificate: SigningCertificate, by, reason: str) -> SigningCertificate:
    """Revoke: the key is destroyed, and the letters it signed are shown as revoked from now on."""
    certificate = SigningCertificate.objects.select_for_update().get(pk=certificate.pk)
    if not reason.strip():
        raise ValidationError(_("Tulis alasan pencabutan."))
    if certificate.status == Status.REVOKED:
        raise ValidationError(_("Sertifikat ini sudah dicabut."))
    certificate.status, certificate.keystore = Status.REVOKED, b""
    certificate.revoked_at, certificate.revoked_by, certificate.revoked_reason = timezone.now(), by, reason.strip()
    certificate.save(update_fields=["status", "keystore", "revoked_at", "revoked_by", "revoked_reason"])
    return certificate


def certificate_active_for(*, user) -> SigningCertificate | None:
    return SigningCertificate.objects.filter(user=user, status=Status.ACTIVE).select_related("authority").first()

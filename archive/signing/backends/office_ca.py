"""The office's own certificate authority as the signing backend: each signer's key in the database (a sealed
PKCS#12 under their pass phrase), wrong pass phrases counted and, past a limit, a pause before the next try."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from archive.models import SigningAuthority, SigningCertificate
from archive.signing import keystore
from archive.signing.backends.base import Locked, NoCertificate, SigningBackend, SigningSession
from archive.signing.keystore import OpenedKey, WrongPassphrase
from archive.signing.pdf import Placement, TimestampAuthority, pdf_sign

MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 15


def keystore_secret() -> str:
    return getattr(settings, "ARCHIVE_TTE_KEYSTORE_SECRET", "") or settings.SECRET_KEY


class OfficeCASession(SigningSession):
    def __init__(self, certificate: SigningCertificate, key: OpenedKey):
        self.certificate_record = certificate
        self.issuer_name = certificate.authority.name
        self._key = key

    def sign(
        self,
        pdf: bytes,
        *,
        placement: Placement | None,
        name: str,
        reason: str,
        location: str,
        tsa: TimestampAuthority | None,
    ) -> bytes:
        return pdf_sign(pdf, key=self._key, placement=placement, name=name, reason=reason, location=location, tsa=tsa)


class OfficeCABackend(SigningBackend):
    def _active(self, user) -> SigningCertificate:
        found = (
            SigningCertificate.objects.select_related("authority")
            .filter(user=user, status=SigningCertificate.Status.ACTIVE)
            .first()
        )
        if found is None or not found.keystore:
            raise NoCertificate
        if found.not_after and found.not_after <= timezone.now():
            raise NoCertificate
        return found

    def open(self, *, user, passphrase: str) -> SigningSession:
        certificate = self._active(user)
        now = timezone.now()
        if certificate.locked_until and certificate.locked_until > now:
            raise Locked(certificate.locked_until)
        try:
            key = keystore.keystore_open(sealed=certificate.keystore, passphrase=passphrase, secret=keystore_secret())
        except WrongPassphrase:
            _count_failure(certificate.pk, now)
            raise
        if certificate.failed_attempts:
            SigningCertificate.objects.filter(pk=certificate.pk).update(failed_attempts=0, locked_until=None)
        return OfficeCASession(certificate, key)

    def issuer_name(self, *, user) -> str:
        try:
            return self._active(user).authority.name
        except NoCertificate:
            return ""

    def trust_roots_pem(self) -> list[str]:
        return list(SigningAuthority.objects.values_list("certificate_pem", flat=True))


@transaction.atomic
def _count_failure(certificate_id: int, now: datetime.datetime) -> None:
    """One more wrong pass phrase; the limit locks signing with this certificate for a while."""
    row = SigningCertificate.objects.select_for_update().get(pk=certificate_id)
    row.failed_attempts += 1
    if row.failed_attempts >= MAX_FAILED_ATTEMPTS:
        row.failed_attempts, row.locked_until = 0, now + datetime.timedelta(minutes=LOCK_MINUTES)
    row.save(update_fields=["failed_attempts", "locked_until"])

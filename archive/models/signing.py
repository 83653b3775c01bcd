"""Electronic signatures (TTE): the office's certificate authority, each signer's certificate with its private key
kept encrypted under the signer's pass phrase, and the signature of each signed letter.

A signed letter's PDF and its signature row are never changed: the database refuses updates (and deletes on
PostgreSQL), as it does for the audit log. A corrected letter is a new letter with a new number.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignatureImmutable(Exception):
    """Raised on any attempt to change or delete a letter's signature."""


class SigningAuthority(models.Model):
    """The office's own CA (made by ``manage.py tte_ca create``); its key is encrypted under the CA pass phrase.

    Only the newest active authority issues certificates; every authority stays a trust root for the letters its
    certificates signed."""

    name = models.CharField(_("nama"), max_length=200)
    certificate_pem = models.TextField(_("sertifikat (PEM)"))
    private_key_pem = models.TextField(_("kunci privat terenkripsi (PEM)"))
    fingerprint = models.CharField(_("sidik jari SHA-256"), max_length=64, unique=True)
    not_after = models.DateTimeField(_("berlaku sampai"))
    is_active = models.BooleanField(_("menerbitkan sertifikat"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("otoritas sertifikat")
        verbose_name_plural = _("otoritas sertifikat")

    def __str__(self) -> str:
        return self.name


class SigningCertificate(models.Model):
    """A signer's certificate. ``keystore`` is a PKCS#12 archive encrypted under the signer's pass phrase and
    sealed with the server's key; it is emptied once the certificate is replaced or revoked."""

    class Status(models.TextChoices):
        PENDING = "pending", _("menunggu aktivasi")
        ACTIVE = "active", _("aktif")
        REPLACED = "replaced", _("diganti")
        REVOKED = "revoked", _("dicabut")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pemilik"), on_delete=models.PROTECT, related_name="tte_certificates"
    )
    authority = models.ForeignKey(
        SigningAuthority, verbose_name=_("diterbitkan oleh"), on_delete=models.PROTECT, related_name="certificates"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    serial = models.CharField(_("nomor seri"), max_length=64, blank=True, db_index=True)
    subject = models.CharField(_("subjek"), max_length=400, blank=True)
    certificate_pem = models.TextField(_("sertifikat (PEM)"), blank=True)
    fingerprint = models.CharField(_("sidik jari SHA-256"), max_length=64, blank=True, db_index=True)
    keystore = models.BinaryField(_("penyimpanan kunci"), blank=True, default=b"", editable=False)
    not_before = models.DateTimeField(_("berlaku sejak"), null=True, blank=True)
    not_after = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("didaftarkan pada"), auto_now_add=True)
    activated_at = models.DateTimeField(_("diaktifkan pada"), null=True, blank=True)
    replaced_at = models.DateTimeField(_("diganti pada"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_reason = models.CharField(_("alasan pencabutan"), max_length=300, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Wrong pass phrases in a row; past the limit signing waits until ``locked_until``.
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["pending", "active"]),
                name="one_live_tte_certificate_per_user",
            ),
            models.UniqueConstraint(
                fields=["authority", "serial"], condition=~models.Q(serial=""), name="unique_tte_serial_per_authority"
            ),
        ]
        verbose_name = _("sertifikat TTE")
        verbose_name_plural = _("sertifikat TTE")

    def __str__(self) -> str:
        return f"{self.subject or self.user} ({self.get_status_display()})"


class LetterSignature(models.Model):
    """The electronic signature of one outgoing letter: the signed PDF, its hash, the public verification code,
    and who signed as the block printed it (kept as it was, whatever later happens to the post or the name)."""

    letter = models.OneToOneField(
        "archive.OutgoingLetter", verbose_name=_("surat"), on_delete=models.PROTECT, related_name="signature"
    )
    code = models.CharField(_("kode verifikasi"), max_length=32, unique=True)
    certificate = models.ForeignKey(
        SigningCertificate, verbose_name=_("sertifikat"), on_delete=models.PROTECT, related_name="signatures"
    )
    signed_pdf = models.FileField(_("PDF bertanda tangan"), max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    page_count = models.PositiveSmallIntegerField(_("jumlah halaman"), default=1)
    signed_at = models.DateTimeField(_("ditandatangani pada"))
    timestamp_authority = models.CharField(_("otoritas cap waktu"), max_length=300, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("penanda tangan"), on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("nama penanda tangan"), max_length=200)
    signer_post = models.CharField(_("jabatan penanda tangan"), max_length=300)
    signer_rank = models.CharField(_("pangkat/golongan"), max_length=100, blank=True)
    signer_nip = models.CharField(_("NIP"), max_length=30, blank=True)
    acting = models.BooleanField(_("Plt"), default=False)
    on_behalf = models.CharField(_("atas nama"), max_length=300, blank=True)

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("tanda tangan elektronik")
        verbose_name_plural = _("tanda tangan elektronik")

    def __str__(self) -> str:
        return f"{self.letter} — {self.signer_name} ({self.code})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise SignatureImmutable("a letter's signature cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SignatureImmutable("a letter's signature cannot be deleted")

"""Notifications to a person (the bell) and how each person wants them by e-mail.

A ``Notification`` is one thing that happened that a person must act on or know: a disposition arrived at a post
they hold, a report came back on a disposition they sent, a draft waits for their verification or signature, a
draft of theirs was returned. It points at the letter it is about, so every list and count can pass it through the
access rule (archive.selectors.access) at the time it is shown, and at the admin page where the action is done.

E-mail is a second channel of the same row: sent by a task after the transaction that made the row commits
(``email_status`` says what became of it), or gathered into one daily digest for people who chose that.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One notice to one person, read or unread, with what became of its e-mail."""

    class Kind(models.TextChoices):
        DISPOSITION = "disposition", _("Disposisi baru")
        REPORT = "report", _("Laporan tindak lanjut diterima")
        TO_VERIFY = "to_verify", _("Konsep menunggu verifikasi")
        TO_SIGN = "to_sign", _("Konsep menunggu tanda tangan")
        RETURNED = "returned", _("Konsep dikembalikan")

    class Email(models.TextChoices):
        PENDING = "pending", _("menunggu dikirim")
        SENT = "sent", _("terkirim")
        DIGEST = "digest", _("menunggu ringkasan harian")
        SKIPPED = "skipped", _("tidak dikirim")
        FAILED = "failed", _("gagal dikirim")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    # "Disposisi baru dari Kepala Dinas": what happened, without anything of the letter itself.
    title = models.CharField(_("judul"), max_length=300)
    # The letter's number and subject: shown in the app after the access check, left out of e-mails of restricted
    # letters.
    about = models.CharField(_("tentang"), max_length=500, blank=True)
    url = models.CharField(_("alamat tindakan"), max_length=500)
    letter = models.ForeignKey(
        "archive.IncomingLetter", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    outgoing = models.ForeignKey(
        "archive.OutgoingLetter", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    restricted = models.BooleanField(_("terbatas"), default=False)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    email_status = models.CharField(
        _("surel"), max_length=10, choices=Email.choices, default=Email.PENDING, db_index=True
    )
    emailed_at = models.DateTimeField(_("surel dikirim pada"), null=True, blank=True)
    email_error = models.CharField(_("alasan surel gagal"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")

    def __str__(self) -> str:
        return f"{self.user}: {self.title}"


class NotificationSettings(models.Model):
    """A person's choices: which kinds also come by e-mail, and whether e-mails come at once or as a daily digest."""

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("segera, satu surel tiap pemberitahuan")
        DAILY = "daily", _("ringkasan harian, satu surel sehari")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    delivery = models.CharField(_("pengiriman surel"), max_length=10, choices=Delivery.choices, default="immediate")
    # Kinds the person turned off by e-mail (they still show under the bell).
    email_off = models.JSONField(_("jenis tanpa surel"), default=list, blank=True)
    last_digest_on = models.DateField(_("ringkasan terakhir"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengaturan pemberitahuan")
        verbose_name_plural = _("pengaturan pemberitahuan")

    def __str__(self) -> str:
        return str(self.user)

    def wants_email(self, kind: str) -> bool:
        return kind not in (self.email_off or [])

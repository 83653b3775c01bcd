"""IMAP accounts, their rules, and the messages already taken in (by Message-ID, so none is captured twice)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from mailintake import credentials


class MailAccount(ClusterableModel):
    """A mailbox the office's letters arrive in; checked every few minutes by the periodic runner."""

    class Security(models.TextChoices):
        SSL = "ssl", _("SSL/TLS")
        STARTTLS = "starttls", _("STARTTLS")
        NONE = "none", _("tanpa enkripsi")

    class After(models.TextChoices):
        FLAG = "flag", _("tandai (tetap di folder)")
        MOVE = "move", _("pindahkan ke folder lain")

    name = models.CharField(_("nama"), max_length=100)
    host = models.CharField(_("server IMAP"), max_length=255)
    port = models.PositiveIntegerField(_("port"), default=993)
    security = models.CharField(_("keamanan"), max_length=10, choices=Security.choices, default=Security.SSL)
    username = models.CharField(_("nama pengguna"), max_length=255)
    password_encrypted = models.TextField(editable=False, blank=True)
    folder = models.CharField(_("folder"), max_length=255, default="INBOX")
    after = models.CharField(_("setelah diambil"), max_length=10, choices=After.choices, default=After.FLAG)
    move_to = models.CharField(_("pindahkan ke folder"), max_length=255, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    last_checked_at = models.DateTimeField(_("terakhir diperiksa"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("terakhir berhasil"), null=True, blank=True)
    last_error = models.TextField(_("kesalahan terakhir"), blank=True)
    failures = models.PositiveIntegerField(_("gagal berturut-turut"), default=0)
    next_check_at = models.DateTimeField(_("pemeriksaan berikutnya"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("akun surel")
        verbose_name_plural = _("akun surel")

    def __str__(self) -> str:
        return self.name

    @property
    def password(self) -> str:
        return credentials.decrypt(self.password_encrypted)

    @password.setter
    def password(self, value: str) -> None:
        self.password_encrypted = credentials.encrypt(value)


class MailRule(models.Model):
    """Which messages to take and what of them. The first active rule that matches decides; an account without
    rules takes every message (its attachments, or the message itself when it has none)."""

    class Take(models.TextChoices):
        ATTACHMENTS = "attachments", _("lampiran saja")
        ATTACHMENTS_OR_BODY = "attachments_or_body", _("lampiran, atau isi surel bila tanpa lampiran")
        ATTACHMENTS_AND_BODY = "attachments_and_body", _("lampiran dan isi surel")

    account = ParentalKey(MailAccount, on_delete=models.CASCADE, related_name="rules")
    sort_order = models.IntegerField(null=True, blank=True, editable=False)
    sender_contains = models.CharField(_("pengirim memuat"), max_length=255, blank=True)
    subject_contains = models.CharField(_("perihal memuat"), max_length=255, blank=True)
    take = models.CharField(_("ambil"), max_length=30, choices=Take.choices, default=Take.ATTACHMENTS_OR_BODY)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("aturan surel")
        verbose_name_plural = _("aturan surel")

    def __str__(self) -> str:
        return f"{self.sender_contains or '*'} / {self.subject_contains or '*'}: {self.get_take_display()}"


class ProcessedMessage(models.Model):
    """A message taken in (or deliberately passed over by the rules): never captured again."""

    message_id = models.CharField(max_length=998, unique=True)
    account = models.ForeignKey(MailAccount, on_delete=models.SET_NULL, null=True, related_name="+")
    sender = models.CharField(_("pengirim"), max_length=500, blank=True)
    subject = models.CharField(_("perihal"), max_length=1000, blank=True)
    processed_at = models.DateTimeField(_("diambil"), auto_now_add=True)
    captures = models.ManyToManyField("archive.Capture", blank=True, related_name="+")
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["-processed_at"]
        verbose_name = _("surel yang diambil")
        verbose_name_plural = _("surel yang diambil")

    def __str__(self) -> str:
        return self.message_id

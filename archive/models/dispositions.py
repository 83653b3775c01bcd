"""Dispositions (disposisi) of incoming letters: the instruction list, the chain of dispositions and recipients,
follow-up reports with their files, holidays for working-day counts, and the log of reminders sent.

The chain is a tree of two kinds of rows. A ``Disposition`` is one act of one official (one entry of the lembar
disposisi: from whom, instructions, note, deadline, urgency) addressed to one or more posts; each addressed post
is a ``DispositionRecipient`` with its own inbox state. A forward (re-disposition downward) is a new
``Disposition`` whose ``parent`` is the recipient row it forwards, so every recipient knows its forwards and
the letter's whole chain is reachable from its top dispositions.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .letters import URGENCY_CHOICES


class Instruction(models.Model):
    """One entry of the instruction checklist ("Tindak lanjuti", "Untuk diketahui" …); editable per office."""

    name = models.CharField(_("instruksi"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=100)
    is_active = models.BooleanField(_("aktif"), default=True)
    # "Hadiri", "Wakili/hadiri": the recipient is to attend the invitation's event, which goes into their calendar.
    attendance = models.BooleanField(
        _("meminta kehadiran"),
        default=False,
        help_text=_("Acara undangan masuk ke kalender penerima disposisi dengan instruksi ini."),
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("instruksi disposisi")
        verbose_name_plural = _("instruksi disposisi")

    def __str__(self) -> str:
        return self.name


class Holiday(models.Model):
    """A public holiday or collective leave day (libur nasional, cuti bersama); not a working day."""

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("keterangan"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.name}"


class Disposition(models.Model):
    """One disposition act: an official (a post) sends a letter down to posts with instructions."""

    letter = models.ForeignKey(
        "archive.IncomingLetter", verbose_name=_("surat"), on_delete=models.PROTECT, related_name="dispositions"
    )
    # The recipient row this act forwards; empty for a disposition made directly on the letter.
    parent = models.ForeignKey(
        "archive.DispositionRecipient",
        verbose_name=_("meneruskan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwards",
    )
    from_position = models.ForeignKey(
        "archive.Position", verbose_name=_("dari jabatan"), on_delete=models.PROTECT, related_name="+"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Acting holders sign "Plt."; kept as it was at the time, since the holder's period may later be edited.
    from_acting = models.BooleanField(_("Plt"), default=False)
    created_at = models.DateTimeField(_("tanggal disposisi"), default=timezone.now, db_index=True)
    instructions = models.ManyToManyField(Instruction, verbose_name=_("instruksi"), blank=True, related_name="+")
    note = models.TextField(_("catatan"), blank=True)
    deadline = models.DateField(_("batas waktu"), null=True, blank=True)
    urgency = models.CharField(_("sifat (kecepatan)"), max_length=20, choices=URGENCY_CHOICES, default="biasa")

    class Meta:
        ordering = ["created_at", "pk"]
        permissions = [("monitor_disposition", _("Can monitor all dispositions"))]
        verbose_name = _("disposisi")
        verbose_name_plural = _("disposisi")

    def __str__(self) -> str:
        return f"{self.from_position} → {self.letter}"


class DispositionRecipient(models.Model):
    """One post a disposition is addressed to, with its own inbox state."""

    class Status(models.TextChoices):
        SENT = "sent", _("belum dibaca")
        READ = "read", _("dibaca")
        FORWARDED = "forwarded", _("diteruskan")
        REPORTED = "reported", _("dilaporkan")
        DONE = "done", _("selesai")
        CANCELLED = "cancelled", _("dibatalkan")

    disposition = models.ForeignKey(
        Disposition, verbose_name=_("disposisi"), on_delete=models.CASCADE, related_name="recipients"
    )
    position = models.ForeignKey(
        "archive.Position", verbose_name=_("kepada jabatan"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SENT, db_index=True)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The first forward, report or completion; what the idle check looks for.
    acted_at = models.DateTimeField(_("ditindaklanjuti pada"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["disposition__created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["disposition", "position"], name="one_recipient_row_per_position")
        ]
        verbose_name = _("penerima disposisi")
        verbose_name_plural = _("penerima disposisi")

    def __str__(self) -> str:
        return f"{self.disposition.from_position} → {self.position} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


OPEN_STATUSES = (
    DispositionRecipient.Status.SENT,
    DispositionRecipient.Status.READ,
    DispositionRecipient.Status.FORWARDED,
    DispositionRecipient.Status.REPORTED,
)


class FollowUpReport(models.Model):
    """A recipient's report back (laporan tindak lanjut) to the official above, with optional files."""

    recipient = models.ForeignKey(
        DispositionRecipient, verbose_name=_("penerima"), on_delete=models.CASCADE, related_name="reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pelapor"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("laporan"))
    created_at = models.DateTimeField(_("dilaporkan pada"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("laporan tindak lanjut")
        verbose_name_plural = _("laporan tindak lanjut")

    def __str__(self) -> str:
        return f"{self.recipient.position}: {self.note[:60]}"


def report_file_path(instance: ReportAttachment, filename: str) -> str:
    """Store under archive/disposisi/<year>/<random>.<ext>: the uploaded name is kept only for display."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    suffix = suffix if suffix[1:].isalnum() else ""
    return f"archive/disposisi/{timezone.localdate():%Y}/{uuid.uuid4().hex}{suffix}"


class ReportAttachment(models.Model):
    """A file attached to a follow-up report, served only through a permission check."""

    report = models.ForeignKey(
        FollowUpReport, verbose_name=_("laporan"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("berkas"), upload_to=report_file_path, max_length=300)
    name = models.CharField(_("nama berkas"), max_length=255)
    size = models.BigIntegerField(_("ukuran (bita)"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("lampiran laporan")
        verbose_name_plural = _("lampiran laporan")

    def __str__(self) -> str:
        return self.name


class Reminder(models.Model):
    """A reminder given about a late recipient (or a letter still waiting for its first disposition), per channel
    and day, so the periodic run never repeats one the same day."""

    class Reason(models.TextChoices):
        OVERDUE = "overdue", _("lewat batas waktu")
        IDLE = "idle", _("belum ditindaklanjuti")
        UNDISPOSED = "undisposed", _("belum didisposisi")

    class Channel(models.TextChoices):
        APP = "app", _("aplikasi")
        EMAIL = "email", _("surel")

    letter = models.ForeignKey(
        "archive.IncomingLetter", verbose_name=_("surat"), on_delete=models.CASCADE, related_name="+"
    )
    recipient = models.ForeignKey(
        DispositionRecipient,
        verbose_name=_("penerima"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    # The post reminded: the recipient's, or the head of office for a letter not yet disposed.
    position = models.ForeignKey(
        "archive.Position", verbose_name=_("jabatan"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("alasan"), max_length=20, choices=Reason.choices)
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    day = models.DateField(_("tanggal"))
    sent_at = models.DateTimeField(_("dikirim pada"), default=timezone.now)
    sent_to = models.TextField(_("dikirim kepada"), blank=True)

    class Meta:
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "reason", "channel", "day"],
                condition=Q(recipient__isnull=False),
                name="one_reminder_per_recipient_reason_channel_day",
            ),
            models.UniqueConstraint(
                fields=["letter", "position", "reason", "channel", "day"],
                condition=Q(recipient__isnull=True),
                name="one_reminder_per_letter_position_reason_channel_day",
            ),
        ]
        verbose_name = _("pengingat disposisi")
        verbose_name_plural = _("pengingat disposisi")

    def __str__(self) -> str:
        return f"{self.day} {self.get_reason_display()} ({self.get_channel_display()}): {self.position}"

"""Case files (berkas) with their retention dates, disposal proposals and the berita acara pemusnahan.

Why a deletion guard: the issue's rule is "nothing is ever deleted outside the disposal path". Case files and
letters refuse ``delete()`` unless the disposal service opened :func:`disposal_path`; the guard on letters is a
``pre_delete`` receiver so that queryset deletes and cascades are caught too.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.db import models
from django.db.models.signals import pre_delete
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .letters import IncomingLetter

_DISPOSAL_PATH: contextvars.ContextVar[bool] = contextvars.ContextVar("naskah_disposal_path", default=False)


class DeletionRefused(models.ProtectedError):
    """Raised when an archival record is deleted outside an executed disposal proposal."""

    def __init__(self, obj: object) -> None:
        super().__init__(
            f"{obj._meta.verbose_name} '{obj}' tidak boleh dihapus di luar pemusnahan yang disetujui "  # type: ignore[attr-defined]
            "(usul musnah → persetujuan → berita acara).",
            {obj},
        )


@contextlib.contextmanager
def disposal_path() -> Iterator[None]:
    """Allow deletions for the duration of a disposal execution; only the disposal service opens it."""
    token = _DISPOSAL_PATH.set(True)
    try:
        yield
    finally:
        _DISPOSAL_PATH.reset(token)


def in_disposal_path() -> bool:
    return _DISPOSAL_PATH.get()


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class CaseFile(models.Model):
    """A berkas: letters on one topic under one leaf code, whose retention runs from its closing or an event."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("aktif")
        CLOSED = "closed", _("ditutup")
        INACTIVE = "inactive", _("inaktif")
        DESTROYED = "destroyed", _("dimusnahkan")
        PERMANENT = "permanent", _("permanen")
        TRANSFERRED = "transferred", _("diserahkan")

    number = models.CharField(_("nomor berkas"), max_length=100, unique=True)
    unit = models.ForeignKey(
        "archive.Unit", verbose_name=_("unit pengolah"), on_delete=models.PROTECT, related_name="case_files"
    )
    classification = models.ForeignKey(
        "archive.ClassificationCode",
        verbose_name=_("kode klasifikasi"),
        on_delete=models.PROTECT,
        related_name="case_files",
    )
    topic = models.TextField(_("uraian informasi"))
    opened_on = models.DateField(_("tanggal dibuka"))
    closed_on = models.DateField(_("tanggal ditutup"), null=True, blank=True)
    retention_start = models.DateField(
        _("awal retensi"),
        null=True,
        blank=True,
        help_text=_("Tanggal penutupan berkas, atau tanggal peristiwa bila JRA menyebut peristiwa."),
    )
    active_until = models.DateField(_("aktif sampai"), null=True, blank=True, editable=False)
    inactive_until = models.DateField(_("inaktif sampai"), null=True, blank=True, editable=False)
    location = models.CharField(_("lokasi"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    legal_hold = models.BooleanField(_("ditahan (proses hukum)"), default=False)
    legal_hold_reason = models.TextField(_("alasan penahanan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("berkas")
        verbose_name_plural = _("berkas")

    def __str__(self) -> str:
        return f"{self.number} {self.topic[:60]}"

    def compute_retention(self) -> None:
        """Set active_until and inactive_until from retention_start and the code's JRA years."""
        code = self.classification
        if self.retention_start is None or code.retention_active_years is None:
            self.active_until = self.inactive_until = None
            return
        self.active_until = add_years(self.retention_start, code.retention_active_years)
        self.inactive_until = add_years(self.active_until, code.retention_inactive_years or 0)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not in_disposal_path():
            raise DeletionRefused(self)
        return super().delete(*args, **kwargs)


class CaseFileItem(models.Model):
    """One letter filed in a case file (a letter sits in at most one berkas)."""

    case_file = models.ForeignKey(CaseFile, on_delete=models.PROTECT, related_name="items")
    letter = models.OneToOneField(
        IncomingLetter, verbose_name=_("surat masuk"), on_delete=models.PROTECT, related_name="case_file_item"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["case_file", "letter__letter_date", "pk"]
        verbose_name = _("isi berkas")
        verbose_name_plural = _("isi berkas")

    def __str__(self) -> str:
        return f"{self.case_file.number}: {self.letter}"


class DisposalProposal(models.Model):
    """An usul musnah: due case files proposed for destruction, approved by the authority their retention needs."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("konsep")
        SUBMITTED = "submitted", _("diajukan")
        APPROVED = "approved", _("disetujui")
        REJECTED = "rejected", _("ditolak")
        EXECUTED = "executed", _("dilaksanakan")

    class Authority(models.TextChoices):
        KEPALA_DAERAH = "kepala_daerah", _("Kepala Daerah")
        KEPALA_ANRI = "kepala_anri", _("Kepala ANRI")

    number = models.CharField(_("nomor usul"), max_length=100, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    approval_authority = models.CharField(
        _("pejabat berwenang menyetujui"), max_length=20, choices=Authority.choices, blank=True
    )
    max_retention_years = models.PositiveSmallIntegerField(_("retensi terpanjang (tahun)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approver_position = models.CharField(_("jabatan penyetuju"), max_length=300, blank=True)
    approver_name = models.CharField(_("nama penyetuju"), max_length=300, blank=True)
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("usul musnah")
        verbose_name_plural = _("usul musnah")

    def __str__(self) -> str:
        return self.number


class DisposalProposalItem(models.Model):
    """One case file in a disposal proposal."""

    proposal = models.ForeignKey(DisposalProposal, on_delete=models.CASCADE, related_name="items")
    case_file = models.ForeignKey(CaseFile, on_delete=models.PROTECT, related_name="disposal_items")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "case_file"], name="unique_case_file_per_proposal")]
        verbose_name = _("berkas usul musnah")
        verbose_name_plural = _("berkas usul musnah")

    def __str__(self) -> str:
        return f"{self.proposal.number}: {self.case_file.number}"


def disposal_record_path(instance: DisposalRecord, filename: str) -> str:
    """Store under archive/disposal/<year>/<random>.pdf: named by an unguessable key, never by a row id."""
    return f"archive/disposal/{timezone.localdate():%Y}/{uuid.uuid4().hex}.pdf"


class DisposalRecord(models.Model):
    """The berita acara pemusnahan, kept for good with the list of what was destroyed."""

    proposal = models.OneToOneField(DisposalProposal, on_delete=models.PROTECT, related_name="record")
    executed_at = models.DateTimeField(_("dilaksanakan pada"))
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    witnesses = models.TextField(_("saksi"), blank=True)
    destroyed_list = models.JSONField(_("daftar arsip yang dimusnahkan"), default=list)
    pdf = models.FileField(_("berita acara (PDF)"), max_length=300, upload_to=disposal_record_path)

    class Meta:
        ordering = ["-executed_at"]
        verbose_name = _("berita acara pemusnahan")
        verbose_name_plural = _("berita acara pemusnahan")

    def __str__(self) -> str:
        return f"BA {self.proposal.number}"

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise DeletionRefused(self)


def refuse_deletion(sender: type, instance: models.Model, **kwargs: object) -> None:
    """Connector: a letter's or case file's row goes only inside the disposal path (queryset deletes too)."""
    if not in_disposal_path():
        raise DeletionRefused(instance)


pre_delete.connect(refuse_deletion, sender=IncomingLetter, dispatch_uid="naskah_refuse_letter_deletion")
pre_delete.connect(refuse_deletion, sender=CaseFile, dispatch_uid="naskah_refuse_case_file_deletion")

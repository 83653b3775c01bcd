"""SOP documents uploaded in the admin for import: the original kept, the task's progress and its report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SopImport(models.Model):
    """One uploaded document on its way to draft pages; the original stays so a failed import can be retried."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("menunggu giliran")
        READING = "reading", _("sedang dibaca")
        DONE = "done", _("selesai")
        NO_SOP = "no_sop", _("tidak berisi SOP")
        FAILED = "failed", _("gagal")

    FINISHED = (Status.DONE, Status.NO_SOP, Status.FAILED)

    file = models.FileField(_("berkas"), upload_to="sop-impor/%Y/%m/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    pages_done = models.PositiveIntegerField(_("halaman terbaca"), default=0)
    pages_total = models.PositiveIntegerField(_("jumlah halaman"), default=0)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    error = models.TextField(_("kesalahan"), blank=True)
    report = models.JSONField(_("laporan"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("impor SOP")
        verbose_name_plural = _("impor SOP")
        permissions = [("import_sop", _("Boleh mengimpor dokumen SOP"))]

    def __str__(self) -> str:
        return self.original_name

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        if not self.pages_total:
            return 0
        return min(99, round(100 * self.pages_done / self.pages_total))

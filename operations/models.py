"""What operations remember: each backup taken, the fixity pass in progress and the problems it found."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BackupRecord(models.Model):
    """One run of ``manage.py backup`` (or ``restore``), successful or not."""

    class Kind(models.TextChoices):
        BACKUP = "backup", _("cadangan")
        RESTORE = "restore", _("pemulihan")

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.BACKUP)
    started_at = models.DateTimeField(_("mulai"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    location = models.CharField(_("lokasi"), max_length=1000)
    database = models.CharField(_("basis data"), max_length=20)
    files = models.PositiveIntegerField(_("jumlah berkas"), default=0)
    size = models.BigIntegerField(_("ukuran (bita)"), default=0)
    ok = models.BooleanField(_("berhasil"), default=False)
    error = models.TextField(_("kesalahan"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("catatan cadangan")
        verbose_name_plural = _("catatan cadangan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M} {self.location}"


class FixityState(models.Model):
    """The fixity pass over the originals (one row): where the current pass is, and how the last full one ended."""

    cursor = models.BigIntegerField(default=0)  # the last capture id checked in the current pass
    pass_started_at = models.DateTimeField(null=True, blank=True)
    pass_checked = models.PositiveIntegerField(default=0)
    pass_problems = models.PositiveIntegerField(default=0)
    last_pass_started_at = models.DateTimeField(null=True, blank=True)
    last_pass_finished_at = models.DateTimeField(null=True, blank=True)
    last_pass_checked = models.PositiveIntegerField(default=0)
    last_pass_problems = models.PositiveIntegerField(default=0)
    last_slice_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("status fiksitas")

    def __str__(self) -> str:
        return f"fixity pass at capture {self.cursor}"


class FixityProblem(models.Model):
    """A stored original found missing or changed; closed when a later check finds it intact again."""

    class Kind(models.TextChoices):
        MISSING = "missing", _("hilang")
        CHANGED = "changed", _("berubah")

    capture_id = models.BigIntegerField(_("berkas masuk"), db_index=True)
    path = models.CharField(_("lokasi simpan"), max_length=300)
    kind = models.CharField(_("masalah"), max_length=10, choices=Kind.choices)
    expected_sha256 = models.CharField(_("SHA-256 seharusnya"), max_length=64)
    found_sha256 = models.CharField(_("SHA-256 ditemukan"), max_length=64, blank=True)
    detected_at = models.DateTimeField(_("ditemukan"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("terakhir diperiksa"), auto_now=True)
    resolved_at = models.DateTimeField(_("pulih"), null=True, blank=True)

    class Meta:
        ordering = ["-detected_at"]
        verbose_name = _("masalah fiksitas")
        verbose_name_plural = _("masalah fiksitas")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.path}"

"""Trained classification models: the text classifier learnt from letters clerks have confirmed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClassifierModel(models.Model):
    """One training run; the newest row is the model suggestions use (arrays and JSON, loaded without pickle)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    example_count = models.PositiveIntegerField(_("jumlah contoh"))
    code_count = models.PositiveIntegerField(_("jumlah kode"))
    data = models.BinaryField()

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"
        verbose_name = _("model klasifikasi")
        verbose_name_plural = _("model klasifikasi")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} ({self.example_count} surat)"

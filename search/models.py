"""The search layer's own table: the durable outbox of index updates (the index itself is Tantivy's, in the data
folder, or Elasticsearch's)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexUpdate(models.Model):
    """One pending change to the index, written in the same transaction as the record it concerns.

    A worker applies pending rows in order and deletes them once the engine has taken them; when the engine is
    down the row stays, its attempts counted and its next try pushed back, so no update is ever lost.
    """

    class Action(models.TextChoices):
        UPSERT = "upsert", _("perbarui")
        DELETE = "delete", _("hapus")

    kind = models.CharField(_("jenis"), max_length=40)
    object_id = models.CharField(_("id rekaman"), max_length=64)
    action = models.CharField(_("tindakan"), max_length=10, choices=Action.choices, default=Action.UPSERT)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    not_before = models.DateTimeField(_("coba lagi setelah"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["kind", "object_id"], name="search_outbox_key")]
        verbose_name = _("antrean indeks")
        verbose_name_plural = _("antrean indeks")

    def __str__(self) -> str:
        return f"{self.action} {self.kind}:{self.object_id}"

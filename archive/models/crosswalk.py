"""The crosswalk from legacy (78/2012) codes to current (83/2022) leaf codes with retention, reviewed by admins."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from .classification import CURRENT_SCHEME, LEGACY_SCHEME


class CrosswalkEntry(ClusterableModel):
    """How one legacy code maps to the current scheme: its target leaf codes (best first), or "by content"."""

    class Basis(models.TextChoices):
        PROPOSED = "proposed", _("usulan otomatis (belum diperiksa)")
        REVIEWED = "reviewed", _("diperiksa")
        BY_CONTENT = "by_content", _("menurut isi surat (tanpa padanan tetap)")

    legacy = models.OneToOneField(
        "archive.ClassificationCode",
        verbose_name=_("kode pola lama"),
        on_delete=models.CASCADE,
        related_name="crosswalk",
        limit_choices_to={"scheme": LEGACY_SCHEME},
    )
    basis = models.CharField(_("dasar"), max_length=20, choices=Basis.choices, default=Basis.PROPOSED)
    note = models.TextField(_("catatan"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("diperiksa pada"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["legacy__sort_key"]
        verbose_name = _("padanan kode")
        verbose_name_plural = _("padanan kode (78/2012 ke 83/2022)")

    def __str__(self) -> str:
        return f"{self.legacy.code} {self.legacy.title}"


class CrosswalkTarget(Orderable):
    """One current leaf code a legacy code maps to; ``sort_order`` 0 is the best."""

    entry = ParentalKey(CrosswalkEntry, on_delete=models.CASCADE, related_name="targets")
    current = models.ForeignKey(
        "archive.ClassificationCode",
        verbose_name=_("kode Permendagri 83/2022"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"scheme": CURRENT_SCHEME, "is_active": True, "final_disposition__gt": ""},
    )

    class Meta(Orderable.Meta):
        verbose_name = _("kode tujuan")
        verbose_name_plural = _("kode tujuan")
        constraints = [models.UniqueConstraint(fields=["entry", "current"], name="unique_crosswalk_target")]

    def __str__(self) -> str:
        return self.current.code

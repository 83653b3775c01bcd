"""The archival classification scheme (kode klasifikasi) with the retention schedule of each code."""

from django.db import models
from django.utils.translation import gettext_lazy as _

CURRENT_SCHEME = "permendagri_83_2022"
LEGACY_SCHEME = "legacy_78_2012"
SCHEME_CHOICES = [(CURRENT_SCHEME, _("Permendagri 83/2022")), (LEGACY_SCHEME, _("Pola lama (Permendagri 78/2012)"))]
DISPOSITION_CHOICES = [
    ("musnah", _("musnah")),
    ("permanen", _("permanen")),
    ("dinilai_kembali", _("dinilai kembali")),
]


class ClassificationCode(models.Model):
    """One code of one scheme; leaves carry the JRA retention (active, inactive years, final disposition)."""

    scheme = models.CharField(_("skema"), max_length=30, choices=SCHEME_CHOICES)
    code = models.CharField(_("kode"), max_length=40)
    title = models.TextField(_("judul"))
    parent = models.ForeignKey(
        "self", verbose_name=_("induk"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    level = models.PositiveSmallIntegerField(_("tingkat"))
    sort_key = models.CharField(max_length=120, db_index=True, editable=False)
    retention_active_years = models.PositiveSmallIntegerField(_("retensi aktif (tahun)"), null=True, blank=True)
    retention_inactive_years = models.PositiveSmallIntegerField(_("retensi inaktif (tahun)"), null=True, blank=True)
    final_disposition = models.CharField(_("keterangan akhir"), max_length=20, choices=DISPOSITION_CHOICES, blank=True)
    retention_active_trigger = models.CharField(_("awal retensi aktif"), max_length=300, blank=True)
    final_disposition_note = models.TextField(_("catatan keterangan akhir"), blank=True)
    uncertain = models.BooleanField(_("judul belum pasti"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["scheme", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="unique_code_per_scheme")]
        verbose_name = _("kode klasifikasi")
        verbose_name_plural = _("kode klasifikasi")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_leaf(self) -> bool:
        return self.final_disposition != ""

"""What the importer could not settle about a draft, kept with the page until an editor has seen to it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class ImportNote(Orderable):
    """One remark of the importer ('title read poorly by OCR'); the editor ticks it once checked."""

    text = models.TextField(_("catatan impor"))
    resolved = models.BooleanField(_("sudah diperiksa"), default=False)

    panels = [FieldPanel("text", read_only=True), FieldPanel("resolved")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("catatan impor")
        verbose_name_plural = _("catatan impor")

    def __str__(self) -> str:
        return self.text[:80]


class SopImportNote(ImportNote):
    page = ParentalKey("cms.SopPage", on_delete=models.CASCADE, related_name="import_notes")


class StandardImportNote(ImportNote):
    page = ParentalKey("cms.ServiceStandardPage", on_delete=models.CASCADE, related_name="import_notes")

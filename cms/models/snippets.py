"""Snippets shared by catalogue pages: the SOP categories (groups such as 'SOP Keuangan')."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class SopCategory(index.Indexed, models.Model):
    """A group of SOPs as the source documents name it ('SOP KEUANGAN', 'BIDANG CAPIL')."""

    name = models.CharField(_("nama"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=False)
    description = models.TextField(_("keterangan"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("kategori SOP")
        verbose_name_plural = _("kategori SOP")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200] or "kategori"
        super().save(*args, **kwargs)

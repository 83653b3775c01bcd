"""The public site's structure: home page, the catalogue index and one page per organisational unit."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms import selectors
from cms.models.mixins import CachedPageMixin


class HomePage(CachedPageMixin, Page):
    """The landing page: what the office offers and where to find a service."""

    intro = RichTextField(_("pengantar"), blank=True)
    office_name = models.CharField(_("nama instansi"), max_length=300, blank=True)
    office_address = models.TextField(_("alamat"), blank=True)
    office_contact = models.TextField(_("kontak pengaduan"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("office_name"),
        FieldPanel("office_address"),
        FieldPanel("office_contact"),
    ]
    subpage_types = ["cms.CatalogueIndexPage"]
    max_count = 1
    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("beranda")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = CatalogueIndexPage.objects.child_of(self).live().first()
        context["units"] = UnitPage.objects.live().descendant_of(self).order_by("title")
        context["latest"] = selectors.catalogue_entries(root=self, audience=selectors.PUBLIC)[:6]
        return context


class CatalogueIndexPage(CachedPageMixin, Page):
    """The catalogue: every published SOP and service standard, filterable by unit and category."""

    intro = RichTextField(_("pengantar"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.UnitPage"]
    template = "cms/catalogue_index_page.html"
    page_size = 30

    class Meta:
        verbose_name = _("katalog layanan")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        catalogue_filter = selectors.CatalogueFilter.from_query(request.GET)
        entries = selectors.catalogue_entries(root=self, catalogue_filter=catalogue_filter)
        internal = catalogue_filter.section == selectors.INTERNAL
        shown = [entry for entry in entries if entry.is_internal == internal]
        page = Paginator(shown, self.page_size).get_page(request.GET.get("halaman"))
        context.update(
            {
                "filter": catalogue_filter,
                "entries": page,
                "internal_count": sum(1 for entry in entries if entry.is_internal),
                "public_count": sum(1 for entry in entries if not entry.is_internal),
                "units": UnitPage.objects.child_of(self).live().order_by("title"),
                "categories": selectors.categories_in(root=self),
                "query_without_page": selectors.query_without(request.GET, "halaman"),
            }
        )
        return context


class UnitPage(CachedPageMixin, Page):
    """An organisational unit (an office or one of its bidang) that owns SOPs and service standards."""

    description = RichTextField(_("keterangan"), blank=True)
    address = models.TextField(_("alamat"), blank=True)
    contact = models.TextField(_("kontak"), blank=True)
    internal_sops_public = models.BooleanField(
        _("tampilkan prosedur internal untuk publik"),
        default=True,
        help_text=_(
            "Prosedur administrasi internal unit ini (cuti, gaji, SPJ ...) tampil di bagian tersendiri; "
            "tanpa centang, hanya pegawai yang masuk ke admin yang melihatnya."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        FieldPanel("address"),
        FieldPanel("contact"),
        FieldPanel("internal_sops_public"),
    ]
    parent_page_types = ["cms.CatalogueIndexPage"]
    subpage_types = ["cms.SopPage", "cms.ServiceStandardPage"]
    template = "cms/unit_page.html"

    class Meta:
        verbose_name = _("unit organisasi")
        verbose_name_plural = _("unit organisasi")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["groups"] = selectors.entries_by_category(root=self, audience=selectors.PUBLIC)
        context["internal_groups"] = selectors.entries_by_category(root=self, audience=selectors.INTERNAL)
        return context

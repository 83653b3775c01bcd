"""The service standard page (Standar Pelayanan, Permenpan RB 15/2014) and its links to SOPs."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import item_list_field
from cms.models.mixins import CachedPageMixin
from cms.panels import CompletenessPanel


class ServiceStandardPage(CachedPageMixin, Page):
    """What the public is promised for one service, and the SOPs that deliver it."""

    summary = models.TextField(_("ringkasan"), blank=True)
    category = models.ForeignKey(
        "cms.SopCategory",
        verbose_name=_("kategori"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_standards",
    )
    # Service delivery components.
    requirements = item_list_field(_("persyaratan"))
    no_requirements = models.BooleanField(
        _("tidak ada persyaratan khusus"),
        default=False,
        help_text=_(
            "Centang hanya bila layanan ini memang tanpa persyaratan; daftar kosong tampil 'belum dicantumkan'."
        ),
    )
    procedure = RichTextField(_("sistem, mekanisme dan prosedur"), blank=True)
    completion_time = models.CharField(_("jangka waktu penyelesaian"), max_length=200, blank=True)
    cost = models.CharField(_("biaya/tarif"), max_length=300, blank=True)
    is_free = models.BooleanField(_("gratis"), default=False)
    products = item_list_field(_("produk pelayanan"))
    complaint_channels = item_list_field(_("penanganan pengaduan, saran dan masukan"))
    # Manufacturing components.
    legal_basis = item_list_field(_("dasar hukum"))
    facilities = item_list_field(_("sarana, prasarana dan/atau fasilitas"))
    executor_competence = item_list_field(_("kompetensi pelaksana"))
    internal_supervision = models.TextField(_("pengawasan internal"), blank=True)
    executor_count = models.CharField(_("jumlah pelaksana"), max_length=200, blank=True)
    service_guarantee = models.TextField(_("jaminan pelayanan"), blank=True)
    security_guarantee = models.TextField(_("jaminan keamanan dan keselamatan"), blank=True)
    performance_evaluation = models.TextField(_("evaluasi kinerja pelaksana"), blank=True)

    # Provenance of imported standards; the key makes re-imports idempotent.
    source_document = models.CharField(_("dokumen sumber"), max_length=300, blank=True)
    import_key = models.CharField(_("kunci impor"), max_length=300, blank=True, db_index=True)
    import_unparsed = models.JSONField(_("belum terbaca saat impor"), default=list, blank=True)

    parent_page_types = ["cms.UnitPage"]
    subpage_types: list[str] = []
    template = "cms/service_standard_page.html"

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("requirements"),
        index.SearchField("procedure"),
        index.SearchField("products"),
        index.FilterField("category"),
        index.AutocompleteField("title"),
    ]

    delivery_panels = [
        CompletenessPanel(),
        FieldPanel("title"),
        FieldPanel("category"),
        FieldPanel("summary"),
        FieldPanel("requirements"),
        FieldPanel("no_requirements"),
        FieldPanel("procedure"),
        FieldRowPanel([FieldPanel("completion_time"), FieldPanel("cost"), FieldPanel("is_free")]),
        FieldPanel("products"),
        FieldPanel("complaint_channels"),
        InlinePanel("sop_links", label=_("SOP"), heading=_("SOP yang melaksanakan")),
    ]
    manufacturing_panels = [
        FieldPanel("legal_basis"),
        FieldPanel("facilities"),
        FieldPanel("executor_competence"),
        FieldPanel("internal_supervision"),
        FieldPanel("executor_count"),
        FieldPanel("service_guarantee"),
        FieldPanel("security_guarantee"),
        FieldPanel("performance_evaluation"),
        MultiFieldPanel(
            [FieldPanel("source_document", read_only=True), InlinePanel("import_notes", label=_("Catatan impor"))],
            heading=_("Sumber impor"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(delivery_panels, heading=_("Penyampaian layanan")),
            ObjectList(manufacturing_panels, heading=_("Pengelolaan")),
            ObjectList(Page.promote_panels, heading=_("Promosi")),
            ObjectList(Page.settings_panels, heading=_("Pengaturan")),
        ]
    )

    class Meta:
        verbose_name = _("standar pelayanan")
        verbose_name_plural = _("standar pelayanan")

    kind_label = _("Standar pelayanan")
    audience = "publik"  # a service standard is a promise to the public
    is_internal = False

    def live_sops(self):
        return [link.sop.specific for link in self.sop_links.select_related("sop") if link.sop and link.sop.live]

    @property
    def cost_display(self) -> str:
        return self.cost or ("Gratis" if self.is_free else "")


class ServiceStandardSop(Orderable):
    """A link from a service standard to one SOP that implements it."""

    page = ParentalKey(ServiceStandardPage, on_delete=models.CASCADE, related_name="sop_links")
    sop = models.ForeignKey(
        "cms.SopPage",
        verbose_name=_("SOP"),
        on_delete=models.CASCADE,
        related_name="service_standard_links",
    )

    panels = [FieldPanel("sop")]

    class Meta(Orderable.Meta):
        verbose_name = _("SOP pelaksana")
        verbose_name_plural = _("SOP pelaksana")

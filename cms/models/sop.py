"""The SOP page in the Permenpan RB 35/2012 'SOP AP' format: identity, actors, steps, total duration."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms import durations
from cms.blocks import item_list_field, items_of
from cms.forms import SopPageForm
from cms.models.mixins import CachedPageMixin
from cms.panels import CompletenessPanel

PUBLIC = "publik"
INTERNAL = "internal"
AUDIENCE_CHOICES = [
    (PUBLIC, _("layanan untuk masyarakat")),
    (INTERNAL, _("prosedur administrasi internal")),
]


class SopPage(CachedPageMixin, Page):
    """One Standar Operasional Prosedur, as published to the public and printed in the SOP AP layout."""

    # Identity (Bagian Identitas).
    sop_number = models.CharField(_("nomor SOP"), max_length=120, blank=True)
    date_made = models.DateField(_("tanggal pembuatan"), null=True, blank=True)
    date_revised = models.DateField(_("tanggal revisi"), null=True, blank=True)
    date_effective = models.DateField(_("tanggal efektif"), null=True, blank=True)
    approved_by_name = models.CharField(_("disahkan oleh: nama"), max_length=200, blank=True)
    approved_by_position = models.CharField(_("disahkan oleh: jabatan"), max_length=300, blank=True)
    approved_by_nip = models.CharField(_("disahkan oleh: NIP"), max_length=40, blank=True)
    established_by = models.CharField(
        _("ditetapkan dengan"),
        max_length=300,
        blank=True,
        help_text=_("Keputusan yang menetapkan SOP ini, mis. 'Keputusan Kepala Dinas Nomor 188.4/284/427.43/2018'."),
    )
    category = models.ForeignKey(
        "cms.SopCategory",
        verbose_name=_("kategori"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sops",
    )
    audience = models.CharField(
        _("untuk"),
        max_length=10,
        choices=AUDIENCE_CHOICES,
        default=PUBLIC,
        help_text=_(
            "Layanan untuk masyarakat tampil lebih dulu di katalog; prosedur internal (cuti, gaji, SPJ, kebersihan "
            "kantor) tampil di bagian tersendiri, atau tidak tampil bila unitnya memilih begitu."
        ),
    )
    summary = models.TextField(_("ringkasan"), blank=True, help_text=_("Satu atau dua kalimat untuk daftar."))
    description = RichTextField(_("penjelasan"), blank=True, help_text=_("Tujuan, ruang lingkup, definisi."))

    legal_basis = item_list_field(_("dasar hukum"))
    qualifications = item_list_field(_("kualifikasi pelaksana"))
    equipment = item_list_field(_("peralatan/perlengkapan"))
    warnings = item_list_field(_("peringatan"))
    records = item_list_field(_("pencatatan dan pendataan"))

    # What the public needs first (may also come from a linked service standard).
    requirements = item_list_field(_("persyaratan"))
    no_requirements = models.BooleanField(
        _("tidak ada persyaratan khusus"),
        default=False,
        help_text=_(
            "Centang hanya bila layanan ini memang tanpa persyaratan; daftar kosong tampil 'belum dicantumkan'."
        ),
    )
    completion_time = models.CharField(
        _("waktu penyelesaian (tertulis)"),
        max_length=120,
        blank=True,
        help_text=_("Seperti tertulis di dokumen, mis. '4 hari kerja'. Kosongkan untuk memakai jumlah langkah."),
    )
    cost = models.CharField(_("biaya/tarif"), max_length=300, blank=True)
    is_free = models.BooleanField(_("gratis"), default=False)
    products = item_list_field(_("produk layanan"))
    complaint_channels = item_list_field(_("penanganan pengaduan"))

    # Provenance of imported SOPs; the key makes re-imports idempotent.
    source_document = models.CharField(_("dokumen sumber"), max_length=300, blank=True)
    import_key = models.CharField(_("kunci impor"), max_length=300, blank=True, db_index=True)
    # The fields the importer could not fill; each leaves the completeness check once an editor fills it.
    import_unparsed = models.JSONField(_("belum terbaca saat impor"), default=list, blank=True)

    parent_page_types = ["cms.UnitPage"]
    subpage_types: list[str] = []
    template = "cms/sop_page.html"
    base_form_class = SopPageForm

    search_fields = Page.search_fields + [
        index.SearchField("sop_number", boost=3),
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("requirements"),
        index.SearchField("products"),
        index.FilterField("category"),
        index.RelatedFields("steps", [index.SearchField("activity"), index.SearchField("output")]),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.AutocompleteField("title"),
    ]

    identity_panels = [
        CompletenessPanel(),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("sop_number"), FieldPanel("category"), FieldPanel("audience")]),
        FieldRowPanel([FieldPanel("date_made"), FieldPanel("date_revised"), FieldPanel("date_effective")]),
        MultiFieldPanel(
            [FieldPanel("approved_by_name"), FieldPanel("approved_by_position"), FieldPanel("approved_by_nip")],
            heading=_("Disahkan oleh"),
        ),
        FieldPanel("established_by"),
        FieldPanel("summary"),
        FieldPanel("description"),
    ]
    service_panels = [
        FieldPanel("requirements"),
        FieldPanel("no_requirements"),
        FieldRowPanel([FieldPanel("completion_time"), FieldPanel("cost"), FieldPanel("is_free")]),
        FieldPanel("products"),
        FieldPanel("complaint_channels"),
    ]
    procedure_panels = [
        InlinePanel("actors", label=_("Pelaksana"), min_num=1, heading=_("Pelaksana (urut kolom)")),
        InlinePanel("steps", label=_("Langkah"), heading=_("Langkah kegiatan")),
    ]
    context_panels = [
        FieldPanel("legal_basis"),
        FieldPanel("qualifications"),
        InlinePanel("related_links", label=_("SOP terkait"), heading=_("Keterkaitan")),
        FieldPanel("equipment"),
        FieldPanel("warnings"),
        FieldPanel("records"),
        MultiFieldPanel(
            [FieldPanel("source_document", read_only=True), InlinePanel("import_notes", label=_("Catatan impor"))],
            heading=_("Sumber impor"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(identity_panels, heading=_("Identitas")),
            ObjectList(service_panels, heading=_("Layanan")),
            ObjectList(procedure_panels, heading=_("Prosedur")),
            ObjectList(context_panels, heading=_("Keterangan lain")),
            ObjectList(Page.promote_panels, heading=_("Promosi")),
            ObjectList(Page.settings_panels, heading=_("Pengaturan")),
        ]
    )

    class Meta:
        verbose_name = _("SOP")
        verbose_name_plural = _("SOP")

    kind_label = _("SOP")

    # Computed values used by the templates, the flowchart and the importer report.
    @cached_property
    def ordered_steps(self) -> list[SopStep]:
        return list(self.steps.all())

    @cached_property
    def ordered_actors(self) -> list[SopActor]:
        return list(self.actors.all())

    @property
    def total_minutes(self) -> int:
        return sum(step.minutes for step in self.ordered_steps)

    @property
    def total_max_minutes(self) -> int:
        return sum(step.max_minutes for step in self.ordered_steps)

    @property
    def total_duration_display(self) -> str:
        low, high = self.total_minutes, self.total_max_minutes
        if high > low:
            return f"{durations.format_minutes(low)} – {durations.format_minutes(high)}"
        return durations.format_minutes(low)

    @cached_property
    def service_standard(self):
        """Return the first live service standard that names this SOP, if any."""
        link = (
            self.service_standard_links.filter(page__live=True).select_related("page").order_by("page__title").first()
        )
        return link.page.specific if link else None

    @property
    def is_internal(self) -> bool:
        return self.audience == INTERNAL

    def serve(self, request, *args, **kwargs):
        from django.http import Http404

        from cms.visibility import is_public

        if not is_public(self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def states_no_requirements(self) -> bool:
        """Return whether an editor said the service needs nothing (not merely that the list is empty)."""
        if self.no_requirements:
            return True
        return bool(self.service_standard and self.service_standard.no_requirements)

    def public_requirements(self) -> list[str]:
        own = items_of(self.requirements)
        if own:
            return own
        return items_of(self.service_standard.requirements) if self.service_standard else []

    def public_cost(self) -> str:
        if self.cost or self.is_free:
            return self.cost or "Gratis"
        standard = self.service_standard
        if standard and (standard.cost or standard.is_free):
            return standard.cost or "Gratis"
        return ""

    def public_completion_time(self) -> str:
        if self.completion_time:
            return self.completion_time
        if self.total_minutes:
            return self.total_duration_display
        return self.service_standard.completion_time if self.service_standard else ""

    def clean(self):
        super().clean()
        if self.date_made and self.date_effective and self.date_effective < self.date_made:
            raise ValidationError({"date_effective": _("Tanggal efektif tidak boleh sebelum tanggal pembuatan.")})


class SopActor(Orderable):
    """One column of the flowchart: a position that carries out steps (pelaksana)."""

    page = ParentalKey(SopPage, on_delete=models.CASCADE, related_name="actors")
    name = models.CharField(_("nama jabatan/pelaksana"), max_length=200)

    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("pelaksana")
        verbose_name_plural = _("pelaksana")

    def __str__(self) -> str:
        return self.name


class SopStep(Orderable):
    """One row of the SOP AP table; a decision step names where a 'no' goes back to."""

    PROCESS = "process"
    DECISION = "decision"
    KIND_CHOICES = [(PROCESS, _("kegiatan")), (DECISION, _("keputusan"))]

    page = ParentalKey(SopPage, on_delete=models.CASCADE, related_name="steps")
    activity = models.TextField(_("kegiatan"))
    actor = models.CharField(_("pelaksana"), max_length=200, blank=True, help_text=_("Nama pelaksana di atas."))
    kind = models.CharField(_("jenis"), max_length=10, choices=KIND_CHOICES, default=PROCESS)
    requirements = models.TextField(_("kelengkapan/persyaratan"), blank=True)
    duration_value = models.DecimalField(_("waktu"), max_digits=8, decimal_places=2, null=True, blank=True)
    duration_max = models.DecimalField(_("waktu paling lama"), max_digits=8, decimal_places=2, null=True, blank=True)
    duration_unit = models.CharField(
        _("satuan waktu"), max_length=10, choices=durations.UNIT_CHOICES, default=durations.MINUTE
    )
    duration_text = models.CharField(
        _("waktu (tertulis)"),
        max_length=200,
        blank=True,
        help_text=_("Seperti tertulis di dokumen bila tidak berupa angka, mis. 'Pada hari dan jam kerja'."),
    )
    output = models.TextField(_("output"), blank=True)
    remarks = models.TextField(_("keterangan"), blank=True)
    no_goto_step = models.PositiveSmallIntegerField(
        _("jika tidak, kembali ke langkah"),
        null=True,
        blank=True,
        help_text=_("Untuk keputusan: nomor langkah tujuan bila tidak disetujui."),
    )

    panels = [
        FieldPanel("activity"),
        FieldRowPanel([FieldPanel("actor"), FieldPanel("kind"), FieldPanel("no_goto_step")]),
        FieldPanel("requirements"),
        FieldRowPanel([FieldPanel("duration_value"), FieldPanel("duration_max"), FieldPanel("duration_unit")]),
        FieldPanel("duration_text"),
        FieldPanel("output"),
        FieldPanel("remarks"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("langkah")
        verbose_name_plural = _("langkah")

    def __str__(self) -> str:
        return self.activity[:80]

    @property
    def minutes(self) -> int:
        return durations.to_minutes(self.duration_value, self.duration_unit)

    @property
    def max_minutes(self) -> int:
        value = self.duration_max if self.duration_max is not None else self.duration_value
        return durations.to_minutes(value, self.duration_unit)

    @property
    def duration_display(self) -> str:
        """Return the step's time in numbers, else as the document wrote it ('' when it states none)."""
        if self.duration_value is None:
            return self.duration_text
        return durations.format_value(self.duration_value, self.duration_max, self.duration_unit)

    @property
    def has_duration(self) -> bool:
        return self.duration_value is not None or bool(self.duration_text.strip())

    @property
    def is_decision(self) -> bool:
        return self.kind == self.DECISION

    def clean(self):
        super().clean()
        if self.kind == self.DECISION and not self.no_goto_step:
            raise ValidationError({"no_goto_step": _("Keputusan perlu langkah tujuan bila tidak disetujui.")})
        if (
            self.duration_max is not None
            and self.duration_value is not None
            and self.duration_max < self.duration_value
        ):
            raise ValidationError({"duration_max": _("Waktu paling lama lebih kecil dari waktu.")})


class SopRelatedLink(Orderable):
    """A related SOP (keterkaitan): a link to its page, or its name when it is not in the catalogue."""

    page = ParentalKey(SopPage, on_delete=models.CASCADE, related_name="related_links")
    related_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("halaman SOP"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("judul"), max_length=300, blank=True)

    panels = [FieldPanel("related_page"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("SOP terkait")
        verbose_name_plural = _("SOP terkait")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.title:
            return self.title
        return self.related_page.title if self.related_page else ""

    def clean(self):
        super().clean()
        if not self.related_page and not self.title:
            raise ValidationError(_("Pilih halaman SOP atau tulis judulnya."))

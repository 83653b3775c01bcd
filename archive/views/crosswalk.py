"""The admin screen where records admins review and correct the crosswalk from 78/2012 codes to 83/2022 leaves."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from archive.models import CrosswalkEntry
from archive.services.crosswalk import crosswalk_entry_mark_reviewed
from archive.views.codes import code_chooser_viewset


class ReviewOnlyPolicy(ModelPermissionPolicy):
    """Every legacy code has exactly one entry (loaded with the scheme): entries are edited, never added or deleted."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)


register_permission_policy(CrosswalkEntry, ReviewOnlyPolicy(CrosswalkEntry), exact_class=True)


class CrosswalkFilterSet(WagtailFilterSet):
    basis = django_filters.ChoiceFilter(label=_("Dasar"), choices=CrosswalkEntry.Basis.choices)

    class Meta:
        model = CrosswalkEntry
        fields = ["basis"]


class CrosswalkEditView(generic.EditView):
    def save_instance(self):
        entry = super().save_instance()
        crosswalk_entry_mark_reviewed(entry=entry, user=self.request.user)
        return entry


def _targets(entry: CrosswalkEntry) -> str:
    return ", ".join(f"{t.current.code} {t.current.title[:40]}" for t in entry.targets.all()) or "—"


class CrosswalkViewSet(ModelViewSet):
    model = CrosswalkEntry
    name = "archive_crosswalk"
    url_prefix = "padanan-kode"
    icon = "list-ul"
    menu_label = _("Padanan kode 78/2012 → 83/2022")
    add_to_settings_menu = True
    edit_view_class = CrosswalkEditView
    copy_view_enabled = False
    filterset_class = CrosswalkFilterSet
    search_fields = ["legacy__code", "legacy__title", "note"]
    search_backend_name = None
    list_per_page = 50
    panels = [
        FieldPanel("legacy", read_only=True),
        FieldPanel("basis"),
        FieldPanel("note"),
        InlinePanel(
            "targets",
            heading=_("Kode Permendagri 83/2022 (yang terbaik dahulu)"),
            panels=[FieldPanel("current", widget=code_chooser_viewset.widget_class)],
        ),
    ]

    @property
    def list_display(self):
        return [
            Column("legacy", label=_("Kode pola lama"), accessor=lambda e: f"{e.legacy.code} {e.legacy.title}"),
            Column("basis", label=_("Dasar"), accessor="get_basis_display"),
            Column("targets", label=_("Kode 83/2022"), accessor=_targets),
        ]

    def get_queryset(self, request):
        return CrosswalkEntry.objects.select_related("legacy").prefetch_related("targets__current")


crosswalk_viewset = CrosswalkViewSet()

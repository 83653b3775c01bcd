"""The audit log in the admin: a read-only, filtered list and one event's changes, for archive.view_auditevent.

There is nothing to add, change or delete here (nor in the Django admin, where the log is not registered): the
views answer GET only, and the log itself refuses every change.
"""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView

from archive.models import AuditEvent
from archive.views import access
from archive.views.pages import GuardedAdminPage

VIEW = "archive.view_auditevent"


def can_view(user) -> bool:  # noqa: ANN001
    return user.is_authenticated and user.has_perm(VIEW)


def object_type_choices() -> list[tuple[str, str]]:
    types = AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    return [(name, name) for name in types]


class AuditEventFilterSet(WagtailFilterSet):
    actor = django_filters.CharFilter(label=gettext_lazy("Pengguna"), lookup_expr="icontains")
    action = django_filters.ChoiceFilter(label=gettext_lazy("Tindakan"), choices=AuditEvent.Action.choices)
    object_type = django_filters.ChoiceFilter(label=gettext_lazy("Jenis rekaman"), choices=object_type_choices)
    letter_id = django_filters.NumberFilter(label=gettext_lazy("ID surat"))
    at = django_filters.DateFromToRangeFilter(label=gettext_lazy("Tanggal"), widget=DateRangePickerWidget)

    class Meta:
        model = AuditEvent
        fields = []


def _when(event: AuditEvent) -> str:
    return f"{timezone.localtime(event.at):%d-%m-%Y %H:%M:%S}"


def _detail_url(event: AuditEvent) -> str:
    return reverse("archive_audit:detail", args=[event.pk])


class AuditEventIndexView(access.PermissionRequiredMixin, IndexView):
    permission_test = staticmethod(can_view)
    model = AuditEvent
    any_permission_required = None  # PermissionRequiredMixin decides, with a 403
    page_title = gettext_lazy("Log audit")
    header_icon = "history"
    index_url_name = "archive_audit:index"
    index_results_url_name = "archive_audit:results"
    filterset_class = AuditEventFilterSet
    default_ordering = "-at"
    paginate_by = 50
    columns = [
        TitleColumn(
            "at",
            label=gettext_lazy("Waktu"),
            get_url=_detail_url,
            accessor=_when,
            sort_key="at",
        ),
        Column("actor", label=gettext_lazy("Pengguna"), accessor=lambda e: e.actor or "—", sort_key="actor"),
        Column("action", label=gettext_lazy("Tindakan"), accessor="get_action_display", sort_key="action"),
        Column("object_type", label=gettext_lazy("Jenis rekaman"), sort_key="object_type"),
        Column("object_repr", label=gettext_lazy("Rekaman")),
        Column("letter_id", label=gettext_lazy("ID surat"), accessor=lambda e: e.letter_id or "—"),
        Column("source", label=gettext_lazy("Sumber")),
    ]


class AuditEventDetailView(GuardedAdminPage):
    template_name = "archive/audit/detail.html"
    header_icon = "history"
    parent_crumb = ("archive_audit:index", gettext_lazy("Log audit"))

    def allowed(self) -> bool:
        return can_view(self.request.user)

    def get_page_title(self) -> str:
        return _("Catatan audit #%(pk)s") % {"pk": self.kwargs["pk"]}

    def get_context_data(self, **kwargs):  # noqa: ANN003
        context = super().get_context_data(**kwargs)
        event = get_object_or_404(AuditEvent, pk=self.kwargs["pk"])
        changes = event.changes if isinstance(event.changes, dict) else {}
        rows = [
            (name, *(pair if isinstance(pair, list) and len(pair) == 2 else ["", pair]))
            for name, pair in changes.items()
        ]
        context.update(event=event, changes=rows)
        return context

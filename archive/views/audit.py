"""The audit log in the admin: a read-only, filtered list and one event's changes, for archive.view_auditevent.

There is nothing to add, change or delete here (nor in the Django admin, where the log is not registered): the
views answer GET only, and the log itself refuses every change. The list opens with the result of the last
verification of the chain (``audit_verify``). An event's sealed values (restricted content) are shown only to a
reader who may open the record they belong to, under the access rule; everyone else sees the field names.
"""

from __future__ import annotations

import datetime

import django_filters
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView

from archive.audit_chain import decrypt_values
from archive.models import AuditCheck, AuditEvent, Capture, IncomingLetter, OutgoingLetter
from archive.selectors.access import can_open_letter, can_open_outgoing
from archive.selectors.captures import can_open_capture
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
    letter_id = django_filters.NumberFilter(
        label=gettext_lazy("ID surat"), min_value=1, max_value=2**63 - 1, decimal_places=0
    )
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
    template_name = "archive/audit/index.html"
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

    def get_context_data(self, **kwargs):  # noqa: ANN003
        context = super().get_context_data(**kwargs)
        last = AuditCheck.objects.order_by("-ran_at", "-pk").first()
        context["last_check"] = last
        context["stale"] = last is not None and last.ran_at < timezone.now() - STALE_AFTER
        return context


STALE_AFTER = datetime.timedelta(days=2)


def may_read_sealed(user, event: AuditEvent) -> bool:  # noqa: ANN001
    """Whether ``user`` may read the event's sealed values: they may open the record the values belong to."""
    kind, _sep, pk = event.sealed_for.partition(":")
    if not pk.isdigit():
        return False
    if kind == "letter":
        letter = IncomingLetter.objects.filter(pk=int(pk)).first()
        return letter is not None and can_open_letter(user, letter)
    if kind == "outgoing":
        outgoing = OutgoingLetter.objects.filter(pk=int(pk)).first()
        return outgoing is not None and can_open_outgoing(user, outgoing)
    if kind == "capture":
        capture = Capture.objects.select_related("letter").filter(pk=int(pk)).first()
        return capture is not None and can_open_capture(user, capture)
    return False


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
        changes = dict(event.changes) if isinstance(event.changes, dict) else {}
        sealed_shown = bool(event.sealed_values) and may_read_sealed(self.request.user, event)
        if sealed_shown:
            changes.update(decrypt_values(event.sealed_values) or {})
        rows = [
            (name, *(pair if isinstance(pair, list) and len(pair) == 2 else ["", pair]))
            for name, pair in changes.items()
        ]
        context.update(event=event, changes=rows, sealed=bool(event.sealed_values), sealed_shown=sealed_shown)
        return context


class AuditCheckPanel(Component):
    """The dashboard panel: the result of the last verification of the audit log."""

    name = "audit_check"
    order = 90
    template_name = "archive/audit/panel.html"

    def get_context_data(self, parent_context=None):  # noqa: ANN001
        last = AuditCheck.objects.order_by("-ran_at", "-pk").first()
        return {
            "check": last,
            "stale": last is not None and last.ran_at < timezone.now() - STALE_AFTER,
            "index_url": reverse("archive_audit:index"),
        }

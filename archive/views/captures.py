"""The queue of captured files (antrean berkas), the per-capture status endpoint and retry of a failure.

Each shows only the captures the user may see (archive.selectors.captures); any other answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import IndexView

from archive.models import Capture
from archive.pipeline import STEP_LABELS
from archive.selectors.captures import captures_visible_to
from archive.services.capture import capture_retry
from archive.views.access import PermissionRequiredMixin, can_retry, can_upload


def step_label(step: str) -> str:
    # STEP_LABELS is translated once at import; translate again so the reader's language wins.
    return _(STEP_LABELS[step]) if step in STEP_LABELS else step


def progress_label(capture: Capture) -> str:
    """Return 'halaman i dari n' for a capture being read: i is the page in hand (pages done + 1)."""
    done, total = capture.progress_done, capture.progress_total
    if not total:
        return ""
    page = min(done + 1, total) if capture.status == Capture.Status.PROCESSING else done
    return _("halaman %(page)s dari %(total)s") % {"page": page, "total": total}


def capture_state(capture: Capture) -> dict:
    """Return what the upload page and the queue show of one capture (the status endpoint's answer)."""
    return {
        "capture_id": capture.pk,
        "name": capture.original_name,
        "status": capture.status,
        "status_label": capture.get_status_display(),
        "step": capture.step,
        "step_label": step_label(capture.step) if capture.status == Capture.Status.PROCESSING else "",
        "progress_done": capture.progress_done,
        "progress_total": capture.progress_total,
        "progress_label": progress_label(capture),
        "finished": capture.is_finished,
        "error": capture.error,
        "can_retry": capture.can_retry,
        "status_url": reverse("archive:capture_status", args=[capture.pk]),
        "review_url": reverse("archive:review", args=[capture.pk]),
    }


class CaptureStatusView(PermissionRequiredMixin, View):
    """JSON state of one capture, polled by the upload page until the capture reaches a final state."""

    def get(self, request, pk: int):
        capture = get_object_or_404(captures_visible_to(request.user), pk=pk)  # 404 for one the user may not see
        return JsonResponse(capture_state(capture))  # the admin adds never_cache


class CaptureRetryView(PermissionRequiredMixin, View):
    """Queue a failed capture again (POST only) and go back to the queue."""

    permission_test = staticmethod(can_retry)
    http_method_names = ["post"]

    def post(self, request, pk: int):
        capture = get_object_or_404(captures_visible_to(request.user), pk=pk)
        try:
            capture_retry(capture=capture)
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("'%(name)s' diantrekan lagi.") % {"name": capture.original_name})
        return redirect(get_valid_next_url_from_request(request) or reverse("archive:captures"))


class CaptureStatusColumn(Column):
    """Status tag, the page in hand while processing, and a retry button on a failure."""

    cell_template_name = "archive/captures/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        show_retry = instance.can_retry and request is not None and can_retry(request.user)
        context.update(capture=instance, state=capture_state(instance), show_retry=show_retry)
        if show_retry:  # cell templates render without the request, so {% csrf_token %} would be empty
            context["csrf_token"] = get_token(request)
        return context


class CaptureIndexView(PermissionRequiredMixin, IndexView):
    """The queue: every captured file, newest first, filterable by status and source."""

    model = Capture
    any_permission_required = None  # PermissionRequiredMixin decides (clerks and confirmers both see it)
    page_title = gettext_lazy("Antrean berkas")
    header_icon = "tasks"
    index_url_name = "archive:captures"
    index_results_url_name = "archive:captures_results"
    add_url_name = "archive:upload"
    list_filter = ["status", "source"]
    search_fields = ["original_name"]
    default_ordering = "-created_at"
    paginate_by = 50
    template_name = "archive/index.html"
    columns = [
        TitleColumn(
            "original_name",
            label=gettext_lazy("Nama berkas"),
            get_url=lambda capture: reverse("archive:review", args=[capture.pk]),
            sort_key="original_name",
        ),
        Column("source", label=gettext_lazy("Sumber"), accessor="get_source_display"),
        CaptureStatusColumn("status", label=gettext_lazy("Status"), sort_key="status"),
        Column("page_count", label=gettext_lazy("Halaman"), accessor=lambda capture: capture.page_count or ""),
        DateColumn("created_at", label=gettext_lazy("Diunggah"), sort_key="created_at"),
        Column("error", label=gettext_lazy("Alasan gagal"), classname="archive-error-cell"),
    ]

    def get_base_queryset(self):
        # Restricted letters' captures are left out for everyone not allowed to open them (list, count, search).
        return captures_visible_to(self.request.user, super().get_base_queryset())

    @property
    def add_item_label(self):
        return _("Unggah surat")

    def get_add_url(self):
        return reverse(self.add_url_name) if can_upload(self.request.user) else None

"""Admin screens of filing and retention: the retention report and the berita acara download (read-only)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from archive.models import DisposalRecord
from archive.selectors.retention import retention_report

VIEW_PERMISSION = "archive.view_casefile"


def can_view(user) -> bool:  # noqa: ANN001
    return user.is_authenticated and user.has_perm(VIEW_PERMISSION)


class RetentionReportView(WagtailAdminTemplateMixin, TemplateView):
    """Files due for pemindahan and for final disposition, as of a date (today by default)."""

    template_name = "archive/filing/retention_report.html"
    page_title = gettext_lazy("Laporan retensi")

    def dispatch(self, request, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if not can_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):  # noqa: ANN003
        context = super().get_context_data(**kwargs)
        try:
            as_of = datetime.date.fromisoformat(self.request.GET.get("as_of", ""))
        except ValueError:
            as_of = timezone.localdate()
        report = retention_report(as_of=as_of)
        context.update(
            as_of=as_of,
            sections=[
                (gettext_lazy("Jatuh tempo pemindahan ke inaktif"), report.transfer),
                (gettext_lazy("Jatuh tempo musnah"), report.disposition["musnah"]),
                (gettext_lazy("Jatuh tempo permanen"), report.disposition["permanen"]),
                (gettext_lazy("Jatuh tempo dinilai kembali"), report.disposition["dinilai_kembali"]),
            ],
            records=DisposalRecord.objects.select_related("proposal")[:20],
        )
        return context


def record_pdf(request, pk: int):  # noqa: ANN001
    """Download a berita acara pemusnahan."""
    if not can_view(request.user):
        raise PermissionDenied
    record = get_object_or_404(DisposalRecord, pk=pk)
    if not record.pdf:
        raise Http404
    return FileResponse(
        record.pdf.open("rb"), as_attachment=True, filename=f"berita-acara-{record.proposal.number}.pdf"
    )

"""The 'Impor SOP' screen of the admin: upload documents, follow each import's progress, read its report."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.models import SopImport
from cms.services.import_jobs import ALLOWED_SUFFIXES, import_job_create, import_job_retry

FIELD = "berkas"
RECENT = 30


def may_import(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("cms.import_sop"))


def _forbidden(request):
    return TemplateResponse(
        request,
        "naskah/admin_forbidden.html",
        {"message": _("Anda tidak memiliki izin untuk tindakan ini.")},
        status=403,
    )


class ImportIndexView(WagtailAdminTemplateMixin, TemplateView):
    """Upload form and the recent imports, each with its progress and a link to its report."""

    template_name = "cms/admin/imports.html"
    page_title = gettext_lazy("Impor SOP")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not may_import(request.user):
            return _forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        jobs = list(SopImport.objects.select_related("uploaded_by")[:RECENT])
        context.update(
            field_name=FIELD,
            accept=",".join(ALLOWED_SUFFIXES),
            jobs=jobs,
            status_url=reverse("cms_imports:status"),
            running=[job.pk for job in jobs if not job.finished],
        )
        return context

    def post(self, request):
        uploads = request.FILES.getlist(FIELD)
        if not uploads:
            messages.error(request, _("Pilih satu atau beberapa berkas SOP untuk diimpor."))
            return redirect("cms_imports:index")
        for upload in uploads:
            if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
                messages.error(
                    request,
                    _("'%(name)s' tidak diimpor: yang dibaca hanya PDF, Word (.docx), teks dan gambar pindaian.")
                    % {"name": upload.name},
                )
                continue
            import_job_create(upload=upload, user=request.user)
            messages.success(
                request, _("'%(name)s' diterima dan sedang diantrekan untuk dibaca.") % {"name": upload.name}
            )
        return redirect("cms_imports:index")


def job_state(job: SopImport) -> dict:
    """Return what the screen shows of one import while it runs."""
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "percent": job.percent,
        "pages_done": job.pages_done,
        "pages_total": job.pages_total,
        "finished": job.finished,
        "drafts": len(job.report.get("sops", [])),
        "detail_url": reverse("cms_imports:detail", args=[job.pk]),
        "error": job.error,
    }


def import_status(request):
    """Answer the state of the imports named in ``?id=`` (the screen polls it while they run)."""
    if not may_import(request.user):
        return JsonResponse({"error": _("Anda tidak memiliki izin untuk tindakan ini.")}, status=403)
    ids = [int(value) for value in request.GET.getlist("id") if value.isdigit()][:50]
    return JsonResponse({"imports": [job_state(job) for job in SopImport.objects.filter(pk__in=ids)]})


class ImportDetailView(WagtailAdminTemplateMixin, TemplateView):
    """The report of one import: per SOP what was filled, what could not be parsed, warnings, the draft."""

    template_name = "cms/admin/import_detail.html"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not may_import(request.user):
            return _forbidden(request)
        self.job = get_object_or_404(SopImport, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Laporan impor: %(name)s") % {"name": self.job.original_name}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("cms_imports:index"), "label": _("Impor SOP")},
            {"url": "", "label": self.job.original_name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sops = []
        for item in self.job.report.get("sops", []):
            sops.append({**item, "edit_url": reverse("wagtailadmin_pages:edit", args=[item["page_id"]])})
        context.update(job=self.job, sops=sops, status_url=reverse("cms_imports:status"))
        return context


@require_POST
def import_retry(request, pk: int):
    if not may_import(request.user):
        return _forbidden(request)
    job = get_object_or_404(SopImport, pk=pk)
    if job.status != SopImport.Status.FAILED:
        messages.error(request, _("Hanya impor yang gagal yang dapat diulang."))
    else:
        import_job_retry(job=job)
        messages.success(request, _("'%(name)s' diantrekan untuk dibaca lagi.") % {"name": job.original_name})
    return redirect("cms_imports:detail", pk=job.pk)

"""Upload of letters in the admin: a drop zone that sends each file in its own request, after
wagtail/documents/views/multiple.py; the page then polls each capture's status.

POST with one file and ``X-Requested-With: XMLHttpRequest`` answers JSON for that file. A plain form post
(no JavaScript) may carry several files; it takes each in and goes to the queue with a message per file.

Memory and disk stay bounded: Django's handlers stream a file above FILE_UPLOAD_MAX_MEMORY_SIZE to a
temporary file, a size guard placed before them drops a file once it passes OCR_MAX_BYTES, and the
UploadedFile goes to capture_create as it is, never read whole here.

A file uploaded before answers as a duplicate with the existing capture's state, unless that capture is one the
user may not see (a restricted letter): then only "already uploaded" (409), with nothing of the record.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from archive.models import Capture
from archive.selectors.captures import can_open_capture
from archive.services.capture import IntakeOutcome, capture_create
from archive.views.access import PermissionRequiredMixin, can_upload, forbidden, wants_json
from archive.views.captures import capture_state
from ocr import conf as ocr_conf

FIELD = "file"


def max_upload_bytes() -> int:
    return int(ocr_conf.get("OCR_MAX_BYTES"))


class SizeGuardUploadHandler(FileUploadHandler):
    """Drop a file as soon as it passes the size limit: the rest of it is read and thrown away, not stored.

    The names of dropped files are kept on ``request.oversize_uploads`` for the view to answer.
    """

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        request.oversize_uploads = []

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.oversize_uploads.append(self.file_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


class UploadView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_test = staticmethod(can_upload)
    template_name = "archive/upload.html"
    page_title = gettext_lazy("Unggah surat")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            field_name=FIELD,
            max_bytes=max_upload_bytes(),
            queue_url=reverse("archive:captures"),
            messages_json=_script_text(),
        )
        return context

    def post(self, request):
        files = request.FILES.getlist(FIELD)
        oversize = getattr(request, "oversize_uploads", [])
        too_large = _("Berkas terlalu besar: batasnya %(max)s MB.") % {"max": max_upload_bytes() // 2**20}
        if wants_json(request):
            if oversize:
                return self._refuse(too_large, 413, status=Capture.Status.REFUSED)
            if len(files) != 1:
                message = _("Kirim satu berkas per permintaan.") if files else _("Tidak ada berkas yang dikirim.")
                return self._refuse(message, 400)
            outcome = self._take_in(files[0])
            if outcome.duplicate and not can_open_capture(request.user, outcome.capture):
                return self._refuse(_("Berkas ini sudah pernah diunggah."), 409)
            return JsonResponse(_answer(outcome))
        if not files and not oversize:
            return self._refuse(_("Tidak ada berkas yang dikirim."), 400)
        for name in oversize:
            messages.error(request, _("'%(name)s' ditolak: %(reason)s") % {"name": name, "reason": too_large})
        for upload in files:
            _report(request, self._take_in(upload), upload.name)
        return redirect("archive:captures")

    def _take_in(self, upload) -> IntakeOutcome:
        return capture_create(content=upload, name=upload.name, source=Capture.Source.UPLOAD, user=self.request.user)

    def _refuse(self, message: str, http_status: int, status: str = ""):
        if wants_json(self.request):
            label = Capture.Status(status).label if status else ""
            answer = {"error": message, "status": status, "status_label": label, "finished": True}
            return JsonResponse(answer, status=http_status)
        messages.error(self.request, message)
        return redirect("archive:upload")


def _script_text() -> dict[str, str]:
    """Return the sentences upload.js shows, translated here (the script has no catalogue)."""
    return {
        "waiting": _("menunggu giliran"),
        "uploading": _("mengunggah %(percent)s%%"),
        "uploaded": _("terunggah; menunggu jawaban server"),
        "upload_failed": _("gagal mengunggah"),
        "network": _("Sambungan terputus; silakan unggah lagi."),
        "too_large": _("Berkas terlalu besar: batasnya %(max)s MB."),
        "refused": str(Capture.Status.REFUSED.label),
        "duplicate": _("sudah pernah diunggah"),
        "open_existing": _("Buka catatan yang sudah ada"),
        "review": _("Periksa surat"),
        "details": _("Lihat rincian"),
        "status_unavailable": _("Status tidak dapat dimuat; lihat antrean berkas."),
    }


_upload_view = csrf_protect(UploadView.as_view())


@csrf_exempt
def upload(request, *args, **kwargs):
    """Check permission, put the size guard in front of the upload handlers, then check CSRF.

    The CSRF check reads request.POST, which parses the body: the guard must be in place before it.
    """
    if not can_upload(request.user):
        return forbidden(request)
    if request.method == "POST":
        request.upload_handlers.insert(0, SizeGuardUploadHandler(request, max_upload_bytes()))
    return _upload_view(request, *args, **kwargs)


def _answer(outcome: IntakeOutcome) -> dict:
    return {**capture_state(outcome.capture), "duplicate": outcome.duplicate}


def _report(request, outcome: IntakeOutcome, name: str) -> None:
    # The name the user sent, not the stored one: a duplicate's record may belong to a letter they cannot open.
    capture = outcome.capture
    values = {"name": name, "reason": capture.error}
    if outcome.duplicate:
        messages.warning(request, _("'%(name)s' sudah pernah diunggah.") % values)
    elif capture.status == Capture.Status.REFUSED:
        messages.error(request, _("'%(name)s' ditolak: %(reason)s") % values)
    else:
        messages.success(request, _("'%(name)s' diterima dan diantrekan.") % values)

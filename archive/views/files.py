"""The files of a capture (original, searchable PDF, thumbnail), served through a permission check.

Never a media URL: the originals are records, readable only by people allowed to see captures, and a capture
under the access rule (its letter restricted) answers 404 to everyone else; each file served of a restricted
letter is written to the audit log as a download. The content
type comes from what the pipeline read in the content, not from the uploaded name; only PDFs and images are
shown inline, anything else is a download, and a sandbox policy keeps a hostile file from running scripts
(archive.serving, which also lets a front web server send the bytes).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404

from archive.audit import Action
from archive.models import Capture
from archive.selectors.captures import captures_visible_to
from archive.serving import stored_file_response
from archive.views.access import can_view, forbidden, log_capture_access


def _original(capture: Capture) -> tuple[str, str, str]:
    return capture.original.name, capture.mime_type or "application/octet-stream", capture.original_name


def _searchable_pdf(capture: Capture) -> tuple[str, str, str]:
    stem = PurePosixPath(capture.original_name).stem or "surat"
    return capture.searchable_pdf.name, "application/pdf", f"{stem}-dapat-dicari.pdf"


def _thumbnail(capture: Capture) -> tuple[str, str, str]:
    stem = PurePosixPath(capture.original_name).stem or "surat"
    return capture.thumbnail.name, "image/png", f"{stem}-halaman-1.png"


KINDS = {"asli": _original, "pdf": _searchable_pdf, "gambar": _thumbnail}


def capture_file(request, pk: int, kind: str):
    if not can_view(request.user):
        return forbidden(request)
    if kind not in KINDS:
        raise Http404
    capture = get_object_or_404(captures_visible_to(request.user, Capture.objects.select_related("letter")), pk=pk)
    name, content_type, filename = KINDS[kind](capture)
    if not name or not default_storage.exists(name):
        raise Http404
    log_capture_access(request, capture, action=Action.DOWNLOAD, what=kind)
    return stored_file_response(
        name=name, content_type=content_type, filename=filename, inline="download" not in request.GET
    )

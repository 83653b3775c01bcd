"""The letter's scan as pages to read on a phone: one page image at a time, behind the access rule.

Page images are made on first view from the original (a PDF page drawn, an image frame scaled) and kept in the
storage under the original's SHA-256 and the page number, so every later view is a file read. A capture the user
may not see answers 404, as its other files do; each page shown of a restricted letter is written to the audit log.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from archive import storage
from archive.audit import Action
from archive.models import Capture, IncomingLetter
from archive.selectors.captures import captures_visible_to
from archive.serving import stored_file_response
from archive.views.access import can_view, forbidden, log_capture_access
from ocr.errors import OcrError
from ocr.preview import page_jpeg

WIDTH = 1400


def page_path(capture: Capture, number: int) -> str:
    return f"archive/pages/{capture.sha256[:2]}/{capture.sha256}-p{number}-w{WIDTH}.jpg"


def page_urls(user, letter: IncomingLetter | None) -> list[str]:
    """The URLs of the letter's page images, for a user who may see its capture (empty otherwise)."""
    capture = getattr(letter, "capture", None) if letter is not None else None
    if capture is None or not can_view(user) or not capture.original:
        return []
    if not captures_visible_to(user, Capture.objects.filter(pk=capture.pk)).exists():
        return []
    count = capture.page_count or 1
    return [reverse("archive_daily:scan_page", args=[capture.pk, number]) for number in range(1, count + 1)]


def scan_page(request, pk: int, number: int):
    if not can_view(request.user):
        return forbidden(request)
    capture = get_object_or_404(captures_visible_to(request.user, Capture.objects.select_related("letter")), pk=pk)
    if number < 1 or (capture.page_count and number > capture.page_count):
        raise Http404
    path = page_path(capture, number)
    if not default_storage.exists(path):
        try:
            data = page_jpeg(storage.original_read(capture.original.name), number, width=WIDTH)
        except OcrError as error:
            raise Http404(str(error)) from error
        if not default_storage.exists(path):
            default_storage.save(path, ContentFile(data))
    log_capture_access(request, capture, action=Action.VIEW, what=f"halaman {number}")
    return stored_file_response(name=path, content_type="image/jpeg", filename=f"halaman-{number}.jpg", inline=True)

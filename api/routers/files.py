"""Serving a stored file to an API caller: the same headers as the screens, and the audit of restricted reads."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/tiff", "image/gif", "image/webp"}


def stored_file(name: str, *, content_type: str, filename: str) -> FileResponse:
    """Answer with the stored file ``name`` (404 when it is not there); never rendered as a page."""
    if not name or not default_storage.exists(name):
        raise Http404
    inline = content_type in INLINE_TYPES
    response = FileResponse(
        default_storage.open(name, "rb"), content_type=content_type, as_attachment=not inline, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response

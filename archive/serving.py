"""Sending a stored file to a user who passed the access check, by Django or by the front web server.

No stored file of the archive has a public address: ``/media/`` serves nothing of it (naskah.urls), and every
original, searchable PDF, thumbnail, report attachment, outgoing draft and berita acara leaves through a view
that checks access, then calls ``stored_file_response``.

``NASKAH_SENDFILE`` lets the front web server send the bytes once the view has said yes:
- ``""`` (default): Django streams the file from the storage (local disk or S3).
- ``"x-accel-redirect"`` (nginx): the answer carries ``X-Accel-Redirect: <NASKAH_SENDFILE_PREFIX><name>``; nginx
  serves that ``internal`` location from the media folder.
- ``"x-sendfile"`` (Apache mod_xsendfile, lighttpd): the answer carries the file's absolute path on disk.
Both need files on a local disk; with S3 storage Django streams them.
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/tiff", "image/gif", "image/webp"}
SANDBOX = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


def sendfile_mode() -> str:
    mode = str(getattr(settings, "NASKAH_SENDFILE", "") or "").lower()
    if mode and not isinstance(default_storage, FileSystemStorage):
        return ""  # the front server cannot read an object store: Django streams
    return mode


def stored_file_response(
    *, name: str, content_type: str, filename: str, inline: bool = False, cache: str = "private, max-age=3600"
) -> HttpResponse:
    """Answer with the stored file ``name`` (404 when it is missing) as ``filename``.

    Only PDFs and images are ever shown inline; anything else is a download, and a sandbox policy keeps a hostile
    file from running scripts (PDFs excepted: Chromium will not render a PDF in a sandboxed document).
    """
    if not name or not default_storage.exists(name):
        raise Http404
    inline = inline and content_type in INLINE_TYPES
    mode = sendfile_mode()
    if mode == "x-accel-redirect":
        response = HttpResponse(content_type=content_type)
        prefix = str(getattr(settings, "NASKAH_SENDFILE_PREFIX", "/protected-media/"))
        response["X-Accel-Redirect"] = quote(f"{prefix.rstrip('/')}/{name}")
    elif mode == "x-sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = default_storage.path(name)
    else:
        response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    if content_type != "application/pdf":
        response["Content-Security-Policy"] = SANDBOX
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache
    return response

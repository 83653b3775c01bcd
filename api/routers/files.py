"""Serving a stored file to an API caller: the same answer as the screens (archive.serving), never cached."""

from django.http import HttpResponse

from archive.serving import stored_file_response

_BINARY = {"schema": {"type": "string", "format": "binary"}}
# How a stored file answers in the schema: a searchable PDF, a page image, or the original as it was uploaded
# (a scan, a photo, a Word file: any type).
FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "The file",
            "content": {"application/pdf": _BINARY, "image/*": _BINARY, "*/*": _BINARY},
        }
    }
}


def stored_file(name: str, *, content_type: str, filename: str) -> HttpResponse:
    """Answer with the stored file ``name`` (404 when it is not there); PDFs and images inline, never a page."""
    return stored_file_response(
        name=name, content_type=content_type, filename=filename, inline=True, cache="private, no-store"
    )

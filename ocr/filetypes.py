"""Judge a file's type from its content with libmagic; the name is only reported, never trusted."""

from __future__ import annotations

import mimetypes
from pathlib import PurePath

import magic

from ocr.errors import RefusedFile
from ocr.types import FileType

ACCEPTED: dict[str, str] = {
    "application/pdf": "pdf",
    "image/tiff": "tiff",
    "image/png": "png",
    "image/jpeg": "jpeg",
    "image/webp": "webp",  # phone galleries and web copies
    "image/heic": "heic",  # iPhone photos
    "image/heif": "heic",
}
_SNIFF_BYTES = 64 * 1024


def detect(data: bytes) -> FileType:
    """Return the accepted type of ``data`` or raise :class:`RefusedFile` naming what was found."""
    if not data:
        raise RefusedFile("Berkas kosong (0 bita).")
    head = data[:_SNIFF_BYTES]
    mime = magic.from_buffer(head, mime=True)
    description = magic.from_buffer(head)
    kind = ACCEPTED.get(mime)
    if kind is None:
        raise RefusedFile(f"Jenis berkas tidak diterima: {description} ({mime})")
    return FileType(mime_type=mime, description=description, kind=kind)  # type: ignore[arg-type]


def name_mismatch(name: str | None, filetype: FileType) -> str | None:
    """Return a note when the name's extension suggests another type than the content, else None."""
    if not name:
        return None
    guessed, _ = mimetypes.guess_type(PurePath(name).name)
    if guessed is None or guessed == filetype.mime_type:
        return None
    return (
        f"Nama berkas menunjukkan {guessed}, tetapi isinya {filetype.description} "
        f"({filetype.mime_type}); isi berkas yang dipakai."
    )

"""Where originals and derived files live: content-addressed originals, one folder of derivatives per capture."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage

CHUNK = 1024 * 1024


def sha256_of(chunks: Iterator[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def original_path(sha256: str) -> str:
    """Return the storage path of an original: its hash, so the same bytes are stored once."""
    return f"archive/originals/{sha256[:2]}/{sha256}"


def original_save(*, content: File, sha256: str) -> str:
    """Store the original unchanged unless the same bytes are already there; return its storage name."""
    path = original_path(sha256)
    if default_storage.exists(path):
        return path
    content.seek(0)
    return default_storage.save(path, content)


def original_read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def derived_save(*, capture_id: int, filename: str, data: bytes) -> str:
    """Store a file derived from a capture (searchable PDF, thumbnail), replacing an older one."""
    path = f"archive/derived/{capture_id}/{filename}"
    if default_storage.exists(path):
        default_storage.delete(path)
    return default_storage.save(path, ContentFile(data))

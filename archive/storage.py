"""Where originals and derived files live: both named by the SHA-256 of their content, never by a row id."""

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


def derived_path(*, data: bytes, suffix: str) -> str:
    """Name a derived file by its content: two databases sharing one storage never overwrite each other's files."""
    digest = hashlib.sha256(data).hexdigest()
    return f"archive/derived/{digest[:2]}/{digest}{suffix}"


def derived_save(*, data: bytes, suffix: str) -> str:
    """Store a file derived from a capture (searchable PDF ``.pdf``, thumbnail ``.png``); the same bytes once."""
    path = derived_path(data=data, suffix=suffix)
    if default_storage.exists(path):
        return path
    return default_storage.save(path, ContentFile(data))

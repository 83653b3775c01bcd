"""The stored files: every file in the default storage (local folder or S3 bucket), walked and hashed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import BinaryIO

from django.core.files.storage import default_storage

CHUNK = 1024 * 1024


def stored_names(top: str = "") -> Iterator[str]:
    """Every file name in the default storage, folders walked depth first, in a stable order."""
    folders, files = default_storage.listdir(top)
    for name in sorted(files):
        yield f"{top}/{name}" if top else name
    for folder in sorted(folders):
        yield from stored_names(f"{top}/{folder}" if top else folder)


def sha256_of_stored(name: str) -> str:
    with default_storage.open(name, "rb") as handle:
        return sha256_of_stream(handle)


def sha256_of_stream(handle: BinaryIO) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


class HashingReader:
    """A file object that hashes what is read through it (to hash a file while it is written into an archive)."""

    def __init__(self, handle: BinaryIO):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data

    def hexdigest(self) -> str:
        return self.digest.hexdigest()

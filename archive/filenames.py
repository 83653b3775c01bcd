"""Display names of uploaded files: kept for people to read, never used to build a storage path."""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

MAX_LENGTH = 200


def safe_display_name(name: str | None) -> str:
    """Return the last path component without control characters, shortened but keeping the extension.

    '../../etc/passwd' -> 'passwd'; 'C:\\\\scan\\\\surat.pdf' -> 'surat.pdf'; non-ASCII letters are kept.
    """
    raw = (name or "").replace("\x00", "")
    base = PureWindowsPath(PurePosixPath(raw).name).name
    cleaned = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if not cleaned:
        return "tanpa-nama"
    if len(cleaned) <= MAX_LENGTH:
        return cleaned
    stem, dot, ext = cleaned.rpartition(".")
    if dot and 0 < len(ext) <= 10:
        return f"{stem[: MAX_LENGTH - len(ext) - 2]}….{ext}"
    return cleaned[: MAX_LENGTH - 1] + "…"

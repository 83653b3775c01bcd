"""The manifest of a backup archive: what it holds, from which version, and the SHA-256 of every member."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

FORMAT = "naskah-backup"
VERSION = 1
MANIFEST_NAME = "manifest.json"
FILES_PREFIX = "files/"


@dataclass
class FileEntry:
    path: str  # the name in the file storage
    sha256: str
    size: int


@dataclass
class Manifest:
    created_at: str
    naskah_version: str
    database_engine: str  # "sqlite" or "postgresql"
    database_member: str
    database_sha256: str = ""
    migrations: dict[str, list[str]] = field(default_factory=dict)
    files: list[FileEntry] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    format: str = FORMAT
    version: int = VERSION

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        raw = json.loads(data)
        if raw.get("format") != FORMAT:
            raise ValueError("not a Naskah backup (manifest format is missing)")
        if int(raw.get("version", 0)) > VERSION:
            raise ValueError(f"backup format version {raw['version']} is newer than this Naskah reads ({VERSION})")
        raw["files"] = [FileEntry(**entry) for entry in raw.get("files", [])]
        known = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in raw.items() if key in known})

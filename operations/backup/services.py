"""Take a backup of the whole instance and restore one into a fresh instance.

backup_create: 1. snapshot the database; 2. add every stored file, hashing it as it is written; 3. write the
manifest last; 4. put the archive in its place (local folder or S3) whole. A file written after the snapshot may be
in the archive too; none the snapshot names is left out (originals are never deleted).

backup_restore: 1. read the manifest and check every member against its SHA-256 before touching anything; 2. refuse
a database that already holds data unless forced; 3. restore the database, then the files; 4. migrate (the archive
may come from an older version) and rebuild the search index; 5. verify every restored file against the manifest.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import io
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from operations.backup import database, files, locations
from operations.backup.manifest import FILES_PREFIX, MANIFEST_NAME, FileEntry, Manifest
from operations.models import BackupRecord

Progress = Callable[[str], None]


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why."""


@dataclass
class RestoreReport:
    location: str
    files: int = 0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _quiet(message: str) -> None:
    pass


def record_counts() -> dict[str, int]:
    from archive.models import Capture, CaseFile, IncomingLetter, OutgoingLetter

    return {
        "incoming_letters": IncomingLetter.objects.count(),
        "captures": Capture.objects.count(),
        "outgoing_letters": OutgoingLetter.objects.count(),
        "case_files": CaseFile.objects.count(),
    }


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name").order_by("app", "name"):
        applied.setdefault(app, []).append(name)
    return applied


def _naskah_version() -> str:
    try:
        return importlib.metadata.version("naskah")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def backup_create(*, destination: str, progress: Progress = _quiet) -> BackupRecord:
    """Write one archive of the database and every stored file to ``destination``; return its record."""
    now = timezone.now()
    name = f"naskah-backup-{now:%Y%m%dT%H%M%SZ}{locations.ARCHIVE_SUFFIX}"
    record = BackupRecord.objects.create(location=locations.target_for(destination, name), database="")
    try:
        with tempfile.TemporaryDirectory(prefix="naskah-backup-") as work:
            local = Path(work) / name
            manifest = _write_archive(local, Path(work), now, progress)
            record.location = locations.store(local, record.location)
            record.size = local.stat().st_size
        record.database, record.files, record.ok = manifest.database_engine, len(manifest.files), True
    except Exception as error:
        record.error = f"{type(error).__name__}: {error}"
        raise BackupError(record.error) from error
    finally:
        record.finished_at = timezone.now()
        record.save()
    return record


def _write_archive(local: Path, work: Path, now: datetime.datetime, progress: Progress) -> Manifest:
    snapshot = work / "database"
    progress("database")
    engine = database.dump(snapshot)
    manifest = Manifest(
        created_at=now.isoformat(),
        naskah_version=_naskah_version(),
        database_engine=engine,
        database_member=database.MEMBERS[engine],
        migrations=_applied_migrations(),
        counts=record_counts(),
    )
    with tarfile.open(local, "w") as archive:
        with snapshot.open("rb") as handle:
            reader = files.HashingReader(handle)
            archive.addfile(_member(manifest.database_member, snapshot.stat().st_size), reader)
            manifest.database_sha256 = reader.hexdigest()
        for name in files.stored_names():
            progress(name)
            manifest.files.append(_add_stored(archive, name))
        data = manifest.to_json()
        archive.addfile(_member(MANIFEST_NAME, len(data)), io.BytesIO(data))
    return manifest


def _member(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o600
    return info


def _add_stored(archive: tarfile.TarFile, name: str) -> FileEntry:
    size = default_storage.size(name)
    with default_storage.open(name, "rb") as handle:
        reader = files.HashingReader(handle)
        archive.addfile(_member(FILES_PREFIX + name, size), reader)
    return FileEntry(path=name, sha256=reader.hexdigest(), size=size)


# Restore ----------------------------------------------------------------------------------------------------------


def backup_restore(*, source: str, force: bool = False, progress: Progress = _quiet) -> RestoreReport:
    """Rebuild this instance from the archive at ``source``; the report lists any file that did not verify."""
    with tempfile.TemporaryDirectory(prefix="naskah-restore-") as work:
        local = locations.fetch(source, Path(work))
        with tarfile.open(local, "r") as archive:
            manifest = read_manifest(archive)
            progress("checking the archive")
            damaged = check_archive(archive, manifest)
            if damaged:
                raise BackupError("the archive is damaged: " + "; ".join(damaged[:10]))
            if not force and not database.is_empty():
                raise BackupError("this instance already holds data; restore into an empty one or use --force")
            progress("database")
            snapshot = Path(work) / "database"
            _extract(archive, manifest.database_member, snapshot)
            database.restore(snapshot, manifest.database_engine)
            report = RestoreReport(location=source)
            for entry in manifest.files:
                progress(entry.path)
                _restore_file(archive, entry)
                report.files, report.bytes = report.files + 1, report.bytes + entry.size
    call_command("migrate", interactive=False, verbosity=0)
    progress("search index")
    call_command("search_reindex", verbosity=0)
    report.problems = verify_files(manifest)
    report.counts = record_counts()
    BackupRecord.objects.create(
        kind=BackupRecord.Kind.RESTORE,
        location=source,
        database=manifest.database_engine,
        files=report.files,
        size=report.bytes,
        ok=report.ok,
        error="; ".join(report.problems)[:4000],
        finished_at=timezone.now(),
    )
    return report


def read_manifest(archive: tarfile.TarFile) -> Manifest:
    try:
        handle = archive.extractfile(MANIFEST_NAME)
    except KeyError:
        raise BackupError("not a Naskah backup: it has no manifest.json") from None
    try:
        return Manifest.from_json(handle.read())
    except ValueError as error:
        raise BackupError(str(error)) from None


def check_archive(archive: tarfile.TarFile, manifest: Manifest) -> list[str]:
    """Every member the manifest lists, read back and hashed: what is missing or different."""
    expected = {manifest.database_member: manifest.database_sha256}
    expected.update({FILES_PREFIX + entry.path: entry.sha256 for entry in manifest.files})
    problems = []
    for name, sha256 in expected.items():
        try:
            handle = archive.extractfile(name)
        except KeyError:
            handle = None
        if handle is None:
            problems.append(f"{name}: missing")
        elif files.sha256_of_stream(handle) != sha256:
            problems.append(f"{name}: SHA-256 differs")
    return problems


def _extract(archive: tarfile.TarFile, member: str, target: Path) -> None:
    with archive.extractfile(member) as handle, target.open("wb") as out:
        while chunk := handle.read(files.CHUNK):
            out.write(chunk)


def _restore_file(archive: tarfile.TarFile, entry: FileEntry) -> None:
    if default_storage.exists(entry.path):
        if files.sha256_of_stored(entry.path) == entry.sha256:
            return
        default_storage.delete(entry.path)
    with archive.extractfile(FILES_PREFIX + entry.path) as handle:
        saved = default_storage.save(entry.path, File(handle, name=entry.path))
    if saved != entry.path:
        raise BackupError(f"the storage saved {entry.path} as {saved}")


def verify_files(manifest: Manifest) -> list[str]:
    """Each file of the manifest as it is now in the storage: what is missing or changed."""
    problems = []
    for entry in manifest.files:
        if not default_storage.exists(entry.path):
            problems.append(f"{entry.path}: missing after restore")
        elif files.sha256_of_stored(entry.path) != entry.sha256:
            problems.append(f"{entry.path}: SHA-256 differs after restore")
    return problems

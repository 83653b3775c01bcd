"""Ingest files from disk (the command line and the watched folder) through the same intake as uploads."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.utils import timezone

from archive.models import Capture
from archive.services.capture import IntakeOutcome, capture_create


def files_under(paths: list[Path]) -> Iterator[Path]:
    """Yield every regular file named or found (recursively) under the given paths, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.is_symlink())
        elif path.is_file():
            yield path


def ingest_path(*, path: Path, source: str = Capture.Source.INGEST, user=None) -> IntakeOutcome:
    with path.open("rb") as handle:
        return capture_create(content=File(handle, name=path.name), name=path.name, source=source, user=user)


@dataclass(frozen=True)
class WatchReport:
    taken: int
    failed: int


def watch_folder_consume(*, folder: Path) -> WatchReport:
    """Take in every file dropped in the folder and move it aside into 'diproses/' or 'gagal/' with a timestamp.

    A file is moved only after its intake committed, so a crash mid-way leaves it in place to be taken again.
    """
    taken = failed = 0
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        try:
            outcome = ingest_path(path=path, source=Capture.Source.WATCH)
        except OSError:
            failed += 1
            _move(path, folder / "gagal")
            continue
        refused = outcome.capture.status == Capture.Status.REFUSED
        _move(path, folder / ("gagal" if refused else "diproses"))
        taken += 1
    return WatchReport(taken=taken, failed=failed)


def _move(path: Path, target_dir: Path) -> None:
    target_dir.mkdir(exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    shutil.move(str(path), str(target_dir / f"{stamp}-{path.name}"))

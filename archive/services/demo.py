"""Demo letters: the scans of the development corpus taken in as a clerk would upload them."""

from __future__ import annotations

from pathlib import Path

from archive.models import Capture
from archive.services.ingest import files_under, ingest_path


def demo_letters_load(*, letters_dir: Path, user=None) -> int:
    """Queue every sample scan for the worker; the same file twice is recognised, so this runs safely again."""
    taken = 0
    for path in files_under([letters_dir]):
        outcome = ingest_path(path=path, source=Capture.Source.INGEST, user=user)
        taken += not outcome.duplicate
    return taken

"""The folder of uploads in progress: files Django streams a large upload to (FILE_UPLOAD_TEMP_DIR, under the data
folder) and the sweep that removes what a killed upload left there.

Django removes an upload's temporary file itself when the request ends, even when the client goes away in the
middle of the body. Only a web worker killed while it receives a file (SIGKILL, the OOM killer, gunicorn's timeout)
leaves its file behind; ``upload_temp_sweep`` (run by ``manage.py run_periodic``) removes files that nobody has
written to for an hour. An upload still arriving writes to its file all the time, so it is never swept.
"""

from __future__ import annotations

import datetime
import logging
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def upload_temp_dir() -> Path | None:
    folder = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    return Path(folder) if folder else None


def upload_temp_dir_ensure() -> None:
    """Make the folder (Django does not; an upload to a missing folder fails)."""
    folder = upload_temp_dir()
    if folder is not None:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)


def upload_temp_sweep(*, older_than: datetime.timedelta, now: float | None = None) -> list[Path]:
    """Remove the files in the upload folder last written more than ``older_than`` ago; return those removed."""
    folder = upload_temp_dir()
    if folder is None or not folder.is_dir():
        return []
    limit = (time.time() if now is None else now) - older_than.total_seconds()
    removed = []
    for path in folder.iterdir():
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime < limit:
                path.unlink()
                removed.append(path)
        except FileNotFoundError:  # finished (and removed by Django) meanwhile
            continue
    if removed:
        logger.warning("Removed %s temporary file(s) of uploads that were cut off", len(removed))
    return removed

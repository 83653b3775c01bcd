"""Archive settings with defaults, read through Django settings with an ARCHIVE_ prefix."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Folder the worker watches for scans dropped by a scanner or a shared drive ("" = no watching).
    "ARCHIVE_WATCH_DIR": "",
    # A capture 'processing' with no progress (no step or page done) for this many seconds is taken as hung and
    # marked failed, even if its worker still beats.
    "ARCHIVE_STALE_SECONDS": 30 * 60,
    # The lease of the worker processing a capture (archive.capture_lease): its heartbeat renews it every third of
    # this many seconds; a capture whose lease ran out (its worker died) is taken up again by another worker.
    "ARCHIVE_CAPTURE_LEASE_SECONDS": 30,
    # How often each database task worker (manage.py db_worker) looks for captures of dead workers; it also looks
    # when it starts.
    "ARCHIVE_RECOVERY_SECONDS": 10,
    # A capture whose worker died this many times (a file that kills its worker) is failed instead of queued again.
    "ARCHIVE_MAX_ATTEMPTS": 3,
    # Retrain the classifier after this many newly confirmed letters.
    "ARCHIVE_RETRAIN_EVERY": 5,
    # The tenant's switch date from the old decimal scheme to Permendagri 83/2022 (ISO date, "" = unknown).
    "ARCHIVE_SCHEME_CUTOVER": "2023-01-01",
}


def get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])

"""Archive settings with defaults, read through Django settings with an ARCHIVE_ prefix."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Folder the worker watches for scans dropped by a scanner or a shared drive ("" = no watching).
    "ARCHIVE_WATCH_DIR": "",
    # A capture still 'processing' after this many seconds is taken as crashed and marked failed.
    "ARCHIVE_STALE_SECONDS": 30 * 60,
    # A capture 'processing' with no progress for this many seconds may be claimed again by a redelivered job (its
    # worker was killed: an RQ worker's job comes back on the queue, see operations.workers).
    "ARCHIVE_CLAIM_LEASE_SECONDS": 60,
    # Retrain the classifier after this many newly confirmed letters.
    "ARCHIVE_RETRAIN_EVERY": 5,
    # The tenant's switch date from the old decimal scheme to Permendagri 83/2022 (ISO date, "" = unknown).
    "ARCHIVE_SCHEME_CUTOVER": "2023-01-01",
}


def get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])

"""One outbox applier at a time, without holding a database transaction while the engine is written to.

Two appliers reading the same record a moment apart could write the older reading last, so only one may apply at
a time. The lock belongs to the process (its database session, or an open file), not to a transaction, and the
operating system or the database server frees it when the process dies:

- PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``), released when the batch ends or when the
  connection closes;
- SQLite (one machine): ``flock`` on a file beside the database; an in-memory database lives in one process, where
  a lock of the process is enough;
- other databases: no lock (none is supported).
"""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ADVISORY_LOCK_KEY = 0x6E61736B61680001  # "naskah" + 1: the outbox applier
_in_process = threading.Lock()


@contextmanager
def applier_lock() -> Iterator[bool]:
    """Yield True holding the applier's lock, or False at once when another applier holds it."""
    if connection.vendor == "postgresql":
        with _advisory_lock() as held:
            yield held
    elif connection.vendor == "sqlite":
        with _sqlite_lock() as held:
            yield held
    else:
        yield True


@contextmanager
def _advisory_lock() -> Iterator[bool]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
        held = bool(cursor.fetchone()[0])
    try:
        yield held
    finally:
        if held and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])


@contextmanager
def _sqlite_lock() -> Iterator[bool]:
    if connection.is_in_memory_db():
        held = _in_process.acquire(blocking=False)
        try:
            yield held
        finally:
            if held:
                _in_process.release()
        return
    path = Path(f"{connection.settings_dict['NAME']}.search-apply.lock")
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

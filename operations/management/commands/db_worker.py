"""django-tasks' database worker, which also takes up the captures of workers that died.

A task whose worker was killed stays RUNNING in django-tasks' table for good (the database backend has no
heartbeat and never runs it again), so recovery does not rely on it: the capture pipeline holds a lease with a
heartbeat on its capture (archive.capture_lease), and this worker, when it starts and every
ARCHIVE_RECOVERY_SECONDS, queues again the captures whose lease ran out. Any number of workers may do so at once:
each capture is moved back to the queue by one conditional UPDATE, with its task, in one transaction.

This command replaces django-tasks' own ``db_worker`` (the operations app comes first in INSTALLED_APPS); its
options are the same.
"""

from __future__ import annotations

import logging
import threading

from django.db import connections
from django_tasks_db.management.commands import db_worker

from archive import conf
from archive.capture_lease import captures_requeue_abandoned

logger = logging.getLogger(__name__)


class CaptureRecovery:
    """The recovery pass at once, then every ARCHIVE_RECOVERY_SECONDS, from a daemon thread (it ends with the
    worker)."""

    def __init__(self) -> None:
        self._thread = threading.Thread(target=self._run, name="capture-recovery", daemon=True)
        self._stop = threading.Event()

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        interval = float(conf.get("ARCHIVE_RECOVERY_SECONDS"))
        while True:
            try:
                captures_requeue_abandoned()
            except Exception:  # noqa: BLE001 - a busy or unreachable database: the next pass tries again
                logger.warning("The recovery pass for captures of dead workers failed", exc_info=True)
            finally:
                connections.close_all()  # this thread's connections only
            if self._stop.wait(interval):
                return


class Command(db_worker.Command):
    help = db_worker.Command.help + "; captures of dead workers are queued again"

    def handle(self, *args, **options) -> None:
        if not options.get("batch"):
            CaptureRecovery().start()
        super().handle(*args, **options)

"""The lease a worker holds on the capture it processes, kept alive by a heartbeat, so a dead worker's capture is
taken up again within a minute.

A worker claims a capture with one conditional UPDATE (queued, or processing under a lease that ran out), writing
its own token and a short deadline (ARCHIVE_CAPTURE_LEASE_SECONDS). While the pipeline runs, a background thread
pushes the deadline on every third of the lease; a single OCR page may take longer than the lease, so the beat
cannot wait for the pipeline's own steps. When the worker is killed the beats stop and the lease runs out; a task
worker's recovery pass (``captures_requeue_abandoned``, run by ``manage.py db_worker`` at its start and every
ARCHIVE_RECOVERY_SECONDS) puts such captures back on the queue, and with RQ the job comes back by itself.

Every write of a result first renews the lease under the same condition (``lease_hold``, inside the writing
transaction), so a worker that lost its lease (it hung past the deadline and another took the capture) writes
nothing more: the capture is done once.

Heartbeats, claims and requeues are bookkeeping written with update(): not audited, like the page counter.
"""

from __future__ import annotations

import datetime
import logging
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from archive import conf
from archive.models import Capture

logger = logging.getLogger(__name__)


class LeaseLost(Exception):
    """Another worker holds the capture now (this worker's lease ran out); this worker must write nothing more."""


class WorkerDied(Exception):
    """Recorded on the database queue's row of a run whose worker died (the queue itself never notices)."""


def lease_length() -> datetime.timedelta:
    return datetime.timedelta(seconds=float(conf.get("ARCHIVE_CAPTURE_LEASE_SECONDS")))


def new_owner() -> str:
    """A token naming one run of the pipeline (not the worker: a worker's next run must not inherit a lease)."""
    return secrets.token_hex(16)


def abandoned(moment: datetime.datetime) -> Q:
    """Captures left processing by a worker that stopped beating (or by a worker of before the leases)."""
    expired = Q(lease_until__lt=moment)
    unleased = Q(lease_until__isnull=True, updated_at__lt=moment - lease_length())
    return Q(status=Capture.Status.PROCESSING) & (expired | unleased)


def lease_claim(capture_id: int, owner: str) -> bool:
    """Take a queued capture, or one whose worker's lease ran out; one worker wins, the others get False."""
    now = timezone.now()
    claimable = Q(status=Capture.Status.QUEUED) | abandoned(now)
    return bool(
        Capture.objects.filter(claimable, pk=capture_id).update(
            status=Capture.Status.PROCESSING,
            attempts=F("attempts") + 1,
            started_at=now,
            finished_at=None,
            updated_at=now,
            lease_owner=owner,
            lease_until=now + lease_length(),
        )
    )


def lease_renew(capture_id: int, owner: str) -> bool:
    """Push the deadline of a lease this owner still holds; False when it holds it no longer."""
    held = Capture.objects.filter(pk=capture_id, lease_owner=owner, status=Capture.Status.PROCESSING)
    return bool(held.update(lease_until=timezone.now() + lease_length()))


def lease_hold(capture_id: int, owner: str) -> None:
    """Renew the lease inside the caller's transaction before it writes a result; LeaseLost when it is gone.

    The conditional UPDATE locks the row (PostgreSQL) or the database (SQLite) until the caller commits, so no
    other worker can claim the capture between this check and the caller's writes.
    """
    if not lease_renew(capture_id, owner):
        raise LeaseLost(f"capture {capture_id}: the lease was taken over")


class Lease:
    """A run's lease on its capture, renewed from a thread of its own until stopped (``lost`` is set when it was
    taken over): ``check`` before each step, ``hold`` in every transaction that writes a result."""

    def __init__(self, capture_id: int, owner: str) -> None:
        self.capture_id, self.owner = capture_id, owner
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"capture-{capture_id}-lease", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def check(self) -> None:
        if self.lost.is_set():
            raise LeaseLost(f"capture {self.capture_id}: the lease was taken over")

    def hold(self) -> None:
        lease_hold(self.capture_id, self.owner)

    def _run(self) -> None:
        interval = lease_length().total_seconds() / 3
        try:
            while not self._stop.wait(interval):
                try:
                    if not lease_renew(self.capture_id, self.owner):
                        self.lost.set()
                        return
                except Exception:  # noqa: BLE001 - a busy or lost database: the next beat tries again
                    logger.warning("Capture %s: the lease could not be renewed", self.capture_id, exc_info=True)
                finally:
                    connection.close()  # this thread's own connection; a new one for the next beat
        finally:
            connections.close_all()


@contextmanager
def heartbeat(capture_id: int, owner: str) -> Iterator[Lease]:
    """Keep the lease alive while the body runs.

    Inside a transaction the claim is not visible to other connections (a task run at once in a test, or by a
    caller holding a transaction), so no thread could renew it and none is started: nobody else can see the
    capture processing either.
    """
    beat = Lease(capture_id, owner)
    if connection.in_atomic_block:
        yield beat
        return
    beat.start()
    try:
        yield beat
    finally:
        beat.stop()


def lease_release_fields() -> dict:
    return {"lease_owner": "", "lease_until": None}


def captures_requeue_abandoned() -> tuple[int, int]:
    """Put captures whose worker died back on the queue; fail those that died ARCHIVE_MAX_ATTEMPTS times.

    Each capture is moved and its task enqueued in one transaction (the database task backend writes the task row
    in it), so a recovery pass that is itself killed leaves the capture either abandoned or queued with its task;
    the queue's row of the dead run is marked failed. Returns (requeued, failed).
    """
    from archive.audit import Action, record_bulk
    from archive.tasks import process_capture_task

    requeued = failed = 0
    most = int(conf.get("ARCHIVE_MAX_ATTEMPTS"))
    for capture_id in Capture.objects.filter(abandoned(timezone.now())).values_list("pk", flat=True):
        with transaction.atomic():
            still = Capture.objects.filter(abandoned(timezone.now()), pk=capture_id)
            if still.filter(attempts__gte=most).exists():
                record_bulk(
                    Action.CHANGE, list(still), changes={"status": [Capture.Status.PROCESSING, Capture.Status.FAILED]}
                )
                failed += still.update(
                    status=Capture.Status.FAILED,
                    error=_("Pemrosesan terhenti %(count)s kali (pekerja mati); silakan coba lagi.") % {"count": most},
                    finished_at=timezone.now(),
                    **lease_release_fields(),
                )
                _dead_runs_close(capture_id)
                continue
            moved = still.update(
                status=Capture.Status.QUEUED, step="", progress_done=0, progress_total=0, **lease_release_fields()
            )
            if moved:
                _dead_runs_close(capture_id)
                process_capture_task.enqueue(capture_id)
                requeued += 1
    if requeued or failed:
        logger.warning("Captures of dead workers: %s queued again, %s failed", requeued, failed)
    return requeued, failed


def _dead_runs_close(capture_id: int) -> None:
    """Mark the database queue's rows of the capture's dead runs failed: django-tasks leaves a killed worker's row
    RUNNING for good, and the status page would count it as running."""
    from django_tasks_db.models import DBTaskResult

    running = DBTaskResult.objects.running().filter(task_path="archive.tasks.process_capture_task")
    for result in running:
        if result.args_kwargs.get("args") == [capture_id]:
            result.set_failed(WorkerDied(f"the worker running capture {capture_id} died; the capture was queued again"))

"""The lease a worker holds on its capture: one claimant wins, a heartbeat keeps the lease, a run that lost its lease
writes nothing more, and a capture whose lease ran out goes back on the queue with its task (or fails after
ARCHIVE_MAX_ATTEMPTS deaths).

The killed-worker story with real processes is tests/workers/test_db_worker_recovery.py.
"""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from archive.capture_lease import LeaseLost, captures_requeue_abandoned, heartbeat, lease_claim, lease_hold
from archive.models import AuditEvent, Capture
from archive.services.capture import capture_create, captures_fail_stale
from archive.tasks import process_capture_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued():
    return capture_create(content=b"%PDF-1.4 lease", name="sewa.pdf").capture


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def expire(capture: Capture) -> None:
    Capture.objects.filter(pk=capture.pk).update(lease_until=timezone.now() - datetime.timedelta(seconds=1))


def test_one_claimant_wins_and_a_live_lease_is_not_taken(queued):
    assert lease_claim(queued.pk, "pekerja-a")
    assert not lease_claim(queued.pk, "pekerja-b")
    queued.refresh_from_db()
    assert queued.status == Capture.Status.PROCESSING and queued.lease_owner == "pekerja-a"
    assert queued.attempts == 1 and queued.lease_until > timezone.now()


def test_a_lease_that_ran_out_is_claimed_by_another_and_the_first_may_write_no_more(queued):
    assert lease_claim(queued.pk, "pekerja-a")
    expire(queued)
    assert lease_claim(queued.pk, "pekerja-b")
    with pytest.raises(LeaseLost):
        lease_hold(queued.pk, "pekerja-a")
    lease_hold(queued.pk, "pekerja-b")
    queued.refresh_from_db()
    assert queued.lease_owner == "pekerja-b" and queued.attempts == 2


def test_a_capture_claimed_before_the_leases_is_taken_once_it_made_no_progress(queued):
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    Capture.objects.filter(pk=queued.pk).update(status=Capture.Status.PROCESSING, lease_until=None, updated_at=long_ago)
    assert lease_claim(queued.pk, "pekerja-b")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_heartbeat_keeps_the_lease_past_its_length_and_notices_a_takeover(settings):
    settings.ARCHIVE_CAPTURE_LEASE_SECONDS = 1.5
    capture = Capture.objects.create(original_name="detak.pdf", sha256="0" * 64, size=1)  # committed, no task run
    assert lease_claim(capture.pk, "pekerja-a")
    with heartbeat(capture.pk, "pekerja-a") as lease:
        time.sleep(3.5)  # more than twice the lease: only the beats keep it
        assert not lease_claim(capture.pk, "pekerja-b")
        capture.refresh_from_db()
        assert capture.lease_owner == "pekerja-a" and capture.lease_until > timezone.now()
        lease.check()
        # The lease is taken over (as after a pause longer than the lease): the next beat notices it.
        Capture.objects.filter(pk=capture.pk).update(lease_owner="pekerja-b")
        time.sleep(1.5)
        with pytest.raises(LeaseLost):
            lease.check()
        with pytest.raises(LeaseLost):
            lease.hold()


def test_no_heartbeat_thread_inside_a_transaction(queued):
    # The claim is not visible outside the transaction; a thread of its own could not renew it.
    assert lease_claim(queued.pk, "pekerja-a")
    with heartbeat(queued.pk, "pekerja-a") as lease:
        assert not lease._thread.is_alive()
        lease.hold()


def test_an_abandoned_capture_is_queued_again_with_its_task(queued, database_tasks):
    dead_run = DBTaskResult.objects.get(pk=process_capture_task.enqueue(queued.pk).id)
    dead_run.claim("pekerja-mati")  # the queue's row of the run whose worker dies: RUNNING for good
    other = DBTaskResult.objects.get(pk=process_capture_task.enqueue(queued.pk + 1).id)
    other.claim("pekerja-lain")
    assert lease_claim(queued.pk, "pekerja-mati")
    Capture.objects.filter(pk=queued.pk).update(step="ocr", progress_done=2, progress_total=6)
    assert captures_requeue_abandoned() == (0, 0)  # the lease still runs
    expire(queued)
    before = list(DBTaskResult.objects.values_list("pk", flat=True))
    assert captures_requeue_abandoned() == (1, 0)
    queued.refresh_from_db()
    assert queued.status == Capture.Status.QUEUED and queued.lease_owner == "" and queued.lease_until is None
    assert (queued.step, queued.progress_done, queued.progress_total) == ("", 0, 0)
    [task] = DBTaskResult.objects.exclude(pk__in=before)
    assert task.task_path == "archive.tasks.process_capture_task" and task.args_kwargs["args"] == [queued.pk]
    assert task.status == "READY"
    dead_run.refresh_from_db()
    assert dead_run.status == "FAILED" and dead_run.exception_class_path.endswith("WorkerDied")
    other.refresh_from_db()
    assert other.status == "RUNNING"  # another capture's run is not touched
    assert captures_requeue_abandoned() == (0, 0)  # queued once, however many workers look


def test_a_capture_whose_worker_died_too_often_fails_with_its_reason(queued, database_tasks, settings):
    settings.ARCHIVE_MAX_ATTEMPTS = 2
    for owner in ("pertama", "kedua"):
        assert lease_claim(queued.pk, owner)
        expire(queued)
    assert captures_requeue_abandoned() == (0, 1)
    queued.refresh_from_db()
    assert queued.status == Capture.Status.FAILED and "2 kali" in queued.error and queued.can_retry
    assert queued.lease_owner == "" and queued.lease_until is None
    assert AuditEvent.objects.filter(object_id=str(queued.pk), changes__has_key="status").exists()


def test_a_hung_capture_failed_as_stale_drops_its_lease(queued):
    assert lease_claim(queued.pk, "pekerja-macet")
    long_ago = timezone.now() - datetime.timedelta(days=1)
    Capture.objects.filter(pk=queued.pk).update(updated_at=long_ago)
    assert captures_fail_stale() == 1
    with pytest.raises(LeaseLost):
        lease_hold(queued.pk, "pekerja-macet")

"""RQ workers that recover: a job whose worker was killed mid-way goes back on the queue and another worker runs it.

RQ already keeps each running job in a "started" registry with a deadline that the worker's heartbeat pushes back;
a worker's periodic maintenance moves jobs whose deadline passed (their worker died) back to the queue when they
have retries left. Out of the box the deadline is a minute past the last heartbeat and maintenance runs every
ten minutes; these classes make both short (NASKAH_WORKER_HEARTBEAT_SECONDS, NASKAH_WORKER_MAINTENANCE_SECONDS) and
give every job retries (NASKAH_TASK_RETRIES), so a killed worker's job is taken up within about a minute.
Tasks must be safe to run again: the capture pipeline claims its capture (archive.pipeline) so it is never
processed twice at once, and redoes a half-done capture from its original.
"""

from __future__ import annotations

from django.conf import settings
from django_rq.queues import DjangoRQ
from rq import Retry, Worker


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


class RetryingQueue(DjangoRQ):
    """Every job may be run again (after its worker died, or after an error) NASKAH_TASK_RETRIES times."""

    def create_job(self, *args, retry: Retry | None = None, **kwargs):
        retry = retry or Retry(max=_setting("NASKAH_TASK_RETRIES", 3))  # no interval: back on the queue at once
        return super().create_job(*args, retry=retry, **kwargs)


class RecoveringWorker(Worker):
    """A worker that beats often and looks for abandoned jobs often."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("job_monitoring_interval", _setting("NASKAH_WORKER_HEARTBEAT_SECONDS", 10))
        kwargs.setdefault("maintenance_interval", _setting("NASKAH_WORKER_MAINTENANCE_SECONDS", 30))
        super().__init__(*args, **kwargs)

    def get_heartbeat_ttl(self, job, working_time: float = 0.0) -> int:
        """Deadline of a running job: the next heartbeat plus a grace of one interval (RQ allows 60 s)."""
        interval = self.job_monitoring_interval
        if job.timeout and job.timeout > 0:
            interval = int(min(job.timeout - working_time, interval))
        return max(interval, 1) + self.job_monitoring_interval

"""The background task that drains the search outbox, and the one call that schedules it after a commit."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task


@task()
def apply_index_updates() -> dict:
    """Apply the due outbox rows (see ``search.worker``); returns the report as a dict."""
    from search.worker import apply_pending

    return apply_pending().as_dict()


def _enqueue_task() -> None:
    apply_index_updates.enqueue()


def apply_soon(using: str | None = None) -> None:
    """Enqueue the drain task once the current transaction commits (once per transaction, however many records
    it changed). Outside a transaction it is enqueued at once. If enqueuing fails the rows simply wait for the
    periodic ``search_apply``."""
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(entry[1] is _enqueue_task for entry in connection.run_on_commit):
        return
    transaction.on_commit(_enqueue_task, using=using, robust=True)

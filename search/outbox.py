"""Enqueue index updates in the caller's transaction (the durable outbox); applying them is in ``worker``."""

from __future__ import annotations

from collections.abc import Iterable

from search.models import IndexUpdate


def enqueue(kind: str, ids: Iterable, *, action: str = IndexUpdate.Action.UPSERT) -> int:
    """Record that the documents ``kind``/``ids`` must be re-read (upsert) or removed (delete) from the index.

    Call it inside the transaction that changes the records: if that rolls back, so does the update.
    """
    rows = [IndexUpdate(kind=kind, object_id=str(pk), action=action) for pk in ids if pk is not None]
    if rows:
        IndexUpdate.objects.bulk_create(rows)
    return len(rows)

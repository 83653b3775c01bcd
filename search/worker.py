"""Applying the outbox: pending index updates are re-read from their sources and written to the engine.

``apply_pending`` takes the due rows (``not_before`` passed) oldest first, collapses repeats of a key, re-reads
each key's document from its source (a record that is gone or no longer searchable is deleted from the index) and
writes the result to the engine. Only then are the rows it took deleted, by id: a row written meanwhile for the
same record stays and is applied on the next run, so a change is never skipped.

When the engine is unreachable or raises, the rows stay: their attempts are counted, the error kept and their next
try pushed back (5 s, 10 s, 20 s ... at most 5 minutes). Nothing is ever dropped.

No engine call is made inside a database transaction (a slow or hanging engine must never hold database locks):
the due rows are read, the documents read and written to the engine with the database in autocommit, and only the
outcome (applied rows deleted by id, failed rows postponed) is written, in one short transaction.

Two workers at once: one applies, the other returns at once (``busy``). The applier's lock belongs to its process
(search.applier_lock: a session advisory lock on PostgreSQL, a file lock on SQLite), not to a transaction, and is
freed when the process dies. One applier at a time matters: two workers reading the same record a moment apart
could otherwise write the older reading last. Rows are only ever inserted by others (search.outbox), so the rows
the applier read are exactly the ones it deletes; one written meanwhile has a new id and waits for the next run.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from search import registry
from search.applier_lock import applier_lock
from search.models import IndexUpdate
from search.signals import index_updated

BACKOFF_BASE = datetime.timedelta(seconds=5)
BACKOFF_CAP = datetime.timedelta(minutes=5)
MAX_ERROR_LENGTH = 2000


class EngineUnavailable(Exception):
    """The engine does not answer its ping."""


@dataclass
class ApplyReport:
    rows: int = 0  # outbox rows applied and deleted
    indexed: int = 0  # documents written
    deleted: int = 0  # documents removed (records gone or no longer searchable)
    failed: int = 0  # rows kept for a later try
    error: str = ""
    busy: bool = False  # another worker was applying; nothing done

    def add(self, other: ApplyReport) -> None:
        self.rows += other.rows
        self.indexed += other.indexed
        self.deleted += other.deleted
        self.failed += other.failed
        self.error = other.error or self.error
        self.busy = self.busy or other.busy

    def as_dict(self) -> dict:
        return asdict(self)


def backoff(attempts: int) -> datetime.timedelta:
    """How long a row waits after its ``attempts``-th failed try."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def apply_pending(
    engine=None,
    batch: int = 500,
    *,
    max_batches: int | None = None,
    now: Callable[[], datetime.datetime] = timezone.now,
) -> ApplyReport:
    """Apply due outbox rows, a batch at a time, until none is due, a batch fails or ``max_batches`` ran."""
    if engine is None:
        from search.engines import get_engine

        engine = get_engine()
    report = ApplyReport()
    done = 0
    while max_batches is None or done < max_batches:
        step = _apply_batch(engine, batch, now())
        report.add(step)
        done += 1
        if step.busy or step.failed or step.rows < batch:
            break
    return report


def _due_rows(moment: datetime.datetime, batch: int) -> list[IndexUpdate]:
    return list(IndexUpdate.objects.filter(not_before__lte=moment).order_by("pk")[:batch])


def _group(rows: list[IndexUpdate]) -> dict[str, list[str]]:
    """kind -> ids, each key once, in the order first asked."""
    grouped: dict[str, dict[str, None]] = {}
    for row in rows:
        grouped.setdefault(row.kind, {}).setdefault(row.object_id, None)
    return {kind: list(ids) for kind, ids in grouped.items()}


def _write(engine, kind: str, ids: list[str]) -> tuple[int, int]:
    """Re-read ``ids`` of ``kind`` from its source and write them; those not yielded are deleted."""
    try:
        source = registry.source(kind)
    except KeyError:
        raise LookupError(f"no search source is registered for kind {kind!r}") from None
    documents = list(source.documents(ids))
    found = {document.id for document in documents}
    missing = [pk for pk in ids if pk not in found]
    indexed = engine.index(documents) if documents else 0
    if missing:
        engine.delete(kind, missing)
    return indexed, len(missing)


def _write_guarded(engine, kind: str, ids: list[str]) -> tuple[int, int, str]:
    """``_write``, and the error's text, if any."""
    try:
        indexed, deleted = _write(engine, kind, ids)
    except Exception as error:  # noqa: BLE001 - whatever the engine or source raised, the rows wait
        return 0, 0, _describe(error)
    return indexed, deleted, ""


def _write_isolating(engine, kind: str, ids: list[str]) -> tuple[int, int, dict[str, str]]:
    """Write a kind's ids; when the batch fails and the engine still answers, write them one by one, so that one
    document the engine or its source refuses waits alone and the others are applied. Returns the ids that failed,
    each with its reason."""
    indexed, deleted, error = _write_guarded(engine, kind, ids)
    if not error:
        return indexed, deleted, {}
    if len(ids) == 1 or not _answers(engine):
        return 0, 0, dict.fromkeys(ids, error)
    failures: dict[str, str] = {}
    for pk in ids:
        one_indexed, one_deleted, one_error = _write_guarded(engine, kind, [pk])
        indexed, deleted = indexed + one_indexed, deleted + one_deleted
        if one_error:
            failures[pk] = one_error
    return indexed, deleted, failures


def _answers(engine) -> bool:
    try:
        return bool(engine.ping())
    except Exception:  # noqa: BLE001 - a failing ping is an unreachable engine
        return False


def _describe(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}".strip()
    return text[:MAX_ERROR_LENGTH]


def _postpone(rows: list[IndexUpdate], error: str, moment: datetime.datetime) -> None:
    for row in rows:
        row.attempts += 1
        row.last_error = error
        row.not_before = moment + backoff(row.attempts)
    IndexUpdate.objects.bulk_update(rows, ["attempts", "last_error", "not_before"])


def _apply_batch(engine, batch: int, moment: datetime.datetime) -> ApplyReport:
    report = ApplyReport()
    with applier_lock() as held:
        if not held:
            report.busy = True
            return report
        rows = _due_rows(moment, batch)
        if not rows:
            return report
        try:
            reachable = engine.ping()
        except Exception as error:  # noqa: BLE001 - a failing ping is an unreachable engine
            reachable, reason = False, _describe(error)
        else:
            reason = f"EngineUnavailable: {getattr(engine, 'name', 'engine')} does not answer"
        if not reachable:
            with transaction.atomic():
                _postpone(rows, reason, moment)
            report.failed, report.error = len(rows), reason
            return report
        outcome = _write_rows(engine, rows, report)
        _finish(outcome, moment, report)
    return report


@dataclass
class _Outcome:
    applied: list[int]  # ids of the rows whose documents were written
    failed: dict[str, list[IndexUpdate]]  # reason -> the rows that wait
    kinds: set[str]  # kinds with a document written


def _write_rows(engine, rows: list[IndexUpdate], report: ApplyReport) -> _Outcome:
    """Write the rows' documents to the engine, a kind at a time, outside any transaction."""
    by_kind: dict[str, list[IndexUpdate]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    outcome = _Outcome(applied=[], failed={}, kinds=set())
    for kind, ids in _group(rows).items():
        indexed, deleted, failures = _write_isolating(engine, kind, ids)
        report.indexed += indexed
        report.deleted += deleted
        for row in by_kind[kind]:
            if row.object_id in failures:
                outcome.failed.setdefault(failures[row.object_id], []).append(row)
            else:
                outcome.applied.append(row.pk)
                outcome.kinds.add(kind)
    return outcome


def _finish(outcome: _Outcome, moment: datetime.datetime, report: ApplyReport) -> None:
    """Record the outcome in one short transaction: failed rows postponed, applied rows deleted by id."""
    with transaction.atomic():
        for reason, waiting in outcome.failed.items():
            _postpone(waiting, reason, moment)
            report.failed += len(waiting)
            report.error = reason
        if outcome.applied:
            IndexUpdate.objects.filter(pk__in=outcome.applied).delete()
            report.rows = len(outcome.applied)
            kinds = frozenset(outcome.kinds)
            transaction.on_commit(lambda: index_updated.send(sender=apply_pending, kinds=kinds))


def backlog() -> dict:
    """What waits in the outbox: rows, those due now, the oldest row's age, rows that failed and their errors."""
    rows = IndexUpdate.objects.all()
    moment = timezone.now()
    oldest = rows.order_by("created_at").values_list("created_at", flat=True).first()
    failing = rows.filter(attempts__gt=0)
    errors = list(failing.order_by("-pk").values("kind", "object_id", "attempts", "last_error", "not_before")[:10])
    return {
        "rows": rows.count(),
        "due": rows.filter(not_before__lte=moment).count(),
        "oldest_age_seconds": round((moment - oldest).total_seconds(), 1) if oldest else None,
        "failing": failing.count(),
        "errors": errors,
    }

"""What the system status page shows: versions, database, search engine and its outbox, workers and queues,
captures that failed, the last backup, the last fixity pass, disk space. Every part is read on its own, so one
part that fails (a search engine down, Redis unreachable) shows its error instead of hiding the page."""

from __future__ import annotations

import importlib.metadata
import platform
import shutil
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from archive.models import Capture
from operations.fixity import fixity_state
from operations.models import BackupRecord, FixityProblem


def _safe(read: Callable[[], dict]) -> dict:
    try:
        return read()
    except Exception as error:  # noqa: BLE001 - a status page reports what fails
        return {"error": f"{type(error).__name__}: {error}"}


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "—"


def versions() -> dict:
    names = ("naskah", "Django", "wagtail", "django-ninja", "django-tasks", "rq")
    return {"python": platform.python_version(), **{name: _version(name) for name in names}}


def database() -> dict:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version(), pg_database_size(current_database())")
            version, size = cursor.fetchone()
        else:
            cursor.execute("SELECT sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
            name = Path(str(connection.settings_dict["NAME"]))
            size = name.stat().st_size if name.is_file() else None
    return {"engine": connection.vendor, "version": version.split(" on ")[0], "size": size}


def search() -> dict:
    from search.management.commands.search_status import status

    return status()


def tasks() -> dict:
    """Queue lengths and workers: RQ's when REDIS_URL is set, else the database queue's."""
    if getattr(settings, "RQ_QUEUES", None):
        return _rq_tasks()
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.values_list("status", flat=True)
    counts = {state: rows.filter(status=state).count() for state in ("READY", "RUNNING", "FAILED")}
    return {
        "backend": "database",
        "queues": {"default": counts["READY"]},
        "running": counts["RUNNING"],
        "failed": counts["FAILED"],
        "workers": None,
    }


def _rq_tasks() -> dict:
    import django_rq
    from rq import Worker
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    queues, running, failed = {}, 0, 0
    for name in settings.RQ_QUEUES:
        queue = django_rq.get_queue(name)
        queues[name] = queue.count
        running += StartedJobRegistry(queue=queue).count
        failed += FailedJobRegistry(queue=queue).count
    workers = Worker.all(connection=django_rq.get_connection(next(iter(settings.RQ_QUEUES))))
    return {
        "backend": "rq",
        "queues": queues,
        "running": running,
        "failed": failed,
        "workers": [{"name": w.name, "state": w.get_state(), "queues": w.queue_names()} for w in workers],
    }


def captures() -> dict:
    failed = Capture.objects.filter(status__in=[Capture.Status.FAILED, Capture.Status.REFUSED])
    return {
        "failed": failed.filter(status=Capture.Status.FAILED).count(),
        "refused": failed.filter(status=Capture.Status.REFUSED).count(),
        "waiting": Capture.objects.filter(status__in=[Capture.Status.QUEUED, Capture.Status.PROCESSING]).count(),
    }


def backups() -> dict:
    last = BackupRecord.objects.filter(kind=BackupRecord.Kind.BACKUP).first()
    last_ok = BackupRecord.objects.filter(kind=BackupRecord.Kind.BACKUP, ok=True).first()
    return {
        "last": last,
        "last_ok": last_ok,
        "age_days": (timezone.now() - last_ok.finished_at).days if last_ok else None,
    }


def fixity() -> dict:
    state = fixity_state()
    return {"state": state, "open_problems": list(FixityProblem.objects.filter(resolved_at__isnull=True)[:100])}


def disk() -> dict:
    places = {"data": Path(settings.DATA_DIR), "media": Path(settings.MEDIA_ROOT)}
    found = {}
    for name, path in places.items():
        probe = path if path.exists() else path.parent
        usage = shutil.disk_usage(probe)
        found[name] = {
            "path": str(path),
            "total": usage.total,
            "free": usage.free,
            "free_percent": round(usage.free * 100 / usage.total, 1),
        }
    return found


def system_status() -> dict:
    parts = {
        "versions": versions,
        "database": database,
        "search": search,
        "tasks": tasks,
        "captures": captures,
        "backups": backups,
        "fixity": fixity,
        "disk": disk,
    }
    return {name: _safe(read) for name, read in parts.items()}

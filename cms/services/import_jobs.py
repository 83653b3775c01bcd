"""SOP documents uploaded in the admin: keep the original, queue its import, run it with progress, retry.

The import runs as a django-tasks task (the database backend by default, RQ when configured), so the
editor's upload returns at once and the page shows the task's progress; the command stays for bulk work.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.importers import DocumentReadError
from cms.models import SopImport
from cms.services.site import site_ensure_catalogue
from cms.services.sop_import import DocumentImport, ImportOutcome, sop_import_file

logger = logging.getLogger(__name__)
ALLOWED_SUFFIXES = (".pdf", ".docx", ".txt", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


def import_job_create(*, upload, user) -> SopImport:
    """Store one uploaded document and queue its import (after the transaction commits)."""
    from cms.tasks import import_sop_task

    job = SopImport(original_name=Path(upload.name).name[:255], uploaded_by=user)
    job.file.save(job.original_name, upload, save=False)
    job.save()
    transaction.on_commit(lambda: import_sop_task.enqueue(job.pk))
    return job


def import_job_retry(*, job: SopImport) -> SopImport:
    """Queue a finished (failed) import again; the original file is read anew."""
    from cms.tasks import import_sop_task

    SopImport.objects.filter(pk=job.pk).update(status=SopImport.Status.QUEUED, error="", pages_done=0, pages_total=0)
    transaction.on_commit(lambda: import_sop_task.enqueue(job.pk))
    job.refresh_from_db()
    return job


def import_job_run(*, job_id: int) -> SopImport:
    """Read the job's document into drafts, recording progress page by page and the report at the end."""
    job = SopImport.objects.get(pk=job_id)
    SopImport.objects.filter(pk=job.pk).update(status=SopImport.Status.READING, attempts=job.attempts + 1)

    def progress(done: int, total: int) -> None:
        SopImport.objects.filter(pk=job.pk).update(pages_done=done, pages_total=total)

    try:
        with _local_copy(job) as path:
            result = sop_import_file(
                path=path, catalogue=site_ensure_catalogue(), progress=progress, source_name=job.original_name
            )
    except DocumentReadError as error:
        return _finish(job, SopImport.Status.FAILED, error=str(error))
    except Exception as error:  # noqa: BLE001 - the job records any failure and can be retried
        logger.exception("Importing %s failed", job.original_name)
        return _finish(job, SopImport.Status.FAILED, error=f"{type(error).__name__}: {error}")
    status = SopImport.Status.DONE if result.outcomes else SopImport.Status.NO_SOP
    return _finish(job, status, report=report_of(result))


def _finish(job: SopImport, status: str, *, error: str = "", report: dict | None = None) -> SopImport:
    SopImport.objects.filter(pk=job.pk).update(
        status=status, error=error, report=report or {}, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


class _local_copy:
    """Give the stored original as a local file (storages such as S3 have no path), removed afterwards."""

    def __init__(self, job: SopImport):
        self.job = job
        self.folder: str | None = None

    def __enter__(self) -> Path:
        try:
            return Path(self.job.file.path)
        except NotImplementedError:
            self.folder = tempfile.mkdtemp(prefix="naskah-sop-")
            target = Path(self.folder) / Path(self.job.original_name).name
            with self.job.file.open("rb") as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy)
            return target

    def __exit__(self, *exc) -> None:
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)


def report_of(result: DocumentImport) -> dict:
    """Return the per-SOP report kept with the job (JSON)."""
    return {
        "sops": [_outcome_report(outcome) for outcome in result.outcomes],
        "reason": result.no_sop_reason,
        "notes": list(result.notes),
    }


def _outcome_report(outcome: ImportOutcome) -> dict:
    from cms.completeness import FIELD_LABELS

    labels = {**FIELD_LABELS, **_REPORT_LABELS}
    return {
        "page_id": outcome.page_id,
        "title": outcome.title,
        "status": outcome.status,
        "actors": outcome.actors,
        "steps": outcome.steps,
        "steps_without_actor": outcome.steps_without_actor,
        "filled": [str(labels.get(name, name)) for name in outcome.filled if name != "title"],
        "unparsed": [str(labels.get(name, name)) for name in outcome.unparsed],
        "notes": list(outcome.notes),
    }


# Names the report shows that the completeness check does not list.
_REPORT_LABELS = {
    "step_actors": _("Pelaksana sebagian langkah"),
    "step_durations": _("Waktu sebagian langkah"),
    "step_outputs": _("Output sebagian langkah"),
    "category": _("Kategori"),
    "date_made": _("Tanggal pembuatan"),
    "date_revised": _("Tanggal revisi"),
    "date_effective": _("Tanggal efektif"),
    "approved_by_name": _("Disahkan oleh (nama)"),
    "approved_by_position": _("Disahkan oleh (jabatan)"),
    "approved_by_nip": _("NIP pengesah"),
    "description": _("Uraian"),
}

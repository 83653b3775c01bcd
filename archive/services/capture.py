"""Intake of files: keep the original, recognise duplicates and refused types, queue the processing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive import conf, storage
from archive.capture_lease import lease_release_fields
from archive.filenames import safe_display_name
from archive.models import Capture
from ocr import conf as ocr_conf
from ocr import filetypes
from ocr.errors import RefusedFile


@dataclass(frozen=True)
class IntakeOutcome:
    """What happened to one file: the capture that holds it, and whether it was already known."""

    capture: Capture
    duplicate: bool = False


def capture_create(
    *, content: File | bytes, name: str, source: str = Capture.Source.UPLOAD, user=None, context: dict | None = None
) -> IntakeOutcome:
    """Take in one file. The same bytes twice give the existing capture back (a failed one is retried).

    A file over the size limit is refused at the door and not kept; any other file is stored unchanged
    before anything else happens to it, so a refusal or a crash later never loses it.
    """
    content = ContentFile(content) if isinstance(content, bytes) else content
    display_name = safe_display_name(name)
    max_bytes = int(ocr_conf.get("OCR_MAX_BYTES"))
    if content.size > max_bytes:
        return IntakeOutcome(_refuse_oversize(content.size, max_bytes, display_name, source, user, context or {}))
    sha256, size = storage.sha256_of(content.chunks())
    existing = Capture.objects.filter(sha256=sha256).order_by("created_at").first()
    if existing is not None:
        if existing.can_retry:
            capture_retry(capture=existing)
        return IntakeOutcome(existing, duplicate=True)
    with transaction.atomic():
        capture = Capture(
            original_name=display_name, sha256=sha256, size=size, source=source, created_by=user, context=context or {}
        )
        capture.original.name = storage.original_save(content=content, sha256=sha256)
        content.seek(0)
        _judge_type(capture, content.read(64 * 1024))
        capture.save()
        if capture.status == Capture.Status.QUEUED:
            _enqueue_processing(capture)
    return IntakeOutcome(capture)


def _judge_type(capture: Capture, head: bytes) -> None:
    """Record the type read from the content; refuse what the pipeline does not take."""
    try:
        filetype = filetypes.detect(head)
    except RefusedFile as error:
        capture.status, capture.step, capture.error = Capture.Status.REFUSED, "type", str(error)
        capture.finished_at = timezone.now()
        return
    capture.mime_type, capture.type_description = filetype.mime_type, filetype.description


def _refuse_oversize(size: int, max_bytes: int, name: str, source: str, user, context: dict) -> Capture:
    reason = _("Berkas terlalu besar: %(size)s bita, batas %(max)s bita.") % {"size": size, "max": max_bytes}
    return Capture.objects.create(
        original_name=name,
        sha256="",
        size=size,
        source=source,
        created_by=user,
        context=context,
        status=Capture.Status.REFUSED,
        step="size",
        error=reason,
        finished_at=timezone.now(),
    )


def _enqueue_processing(capture: Capture) -> None:
    from archive.tasks import process_capture_task

    capture_id = capture.pk
    transaction.on_commit(lambda: process_capture_task.enqueue(capture_id))


def capture_retry(*, capture: Capture) -> Capture:
    """Queue a failed capture again; its original was kept, so the pipeline starts from the beginning."""
    if not capture.can_retry:
        raise ValueError(_("Hanya berkas yang gagal yang dapat dicoba lagi."))
    capture.status, capture.step, capture.error = Capture.Status.QUEUED, "", ""
    capture.progress_done = capture.progress_total = 0
    capture.save(update_fields=["status", "step", "error", "progress_done", "progress_total", "updated_at"])
    _enqueue_processing(capture)
    return capture


def captures_fail_stale() -> int:
    """Mark captures that made no progress for ARCHIVE_STALE_SECONDS as failed, so they can be retried.

    A dead worker's capture is queued again long before (archive.capture_lease); this catches a worker that still
    beats but hangs, and captures no worker took up again. The lease is dropped, so a hung worker that wakes up
    writes nothing more.
    """
    from archive.audit import Action, record_bulk

    limit = timezone.now() - datetime.timedelta(seconds=int(conf.get("ARCHIVE_STALE_SECONDS")))
    stale = Capture.objects.filter(status=Capture.Status.PROCESSING, updated_at__lt=limit)
    record_bulk(Action.CHANGE, list(stale), changes={"status": [Capture.Status.PROCESSING, Capture.Status.FAILED]})
    return stale.update(
        status=Capture.Status.FAILED,
        error=_("Pemrosesan terhenti (pekerja mati atau terlalu lama); silakan coba lagi."),
        finished_at=timezone.now(),
        **lease_release_fields(),
    )

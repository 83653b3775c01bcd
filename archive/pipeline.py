"""The capture pipeline, readable top to bottom: from a stored original to a letter waiting for review.

1. claim the queued capture (only one worker processes it);
2. read the text: the PDF text layer, or OCR of the page images, page by page with progress;
3. make the derived files: a searchable PDF and a first-page thumbnail;
4. read the letter's fields (number, date, sender, subject, sifat, lampiran, addressee) with confidences;
5. suggest the top three classification codes, each with its reasons;
6. draft the incoming letter with those values, for the clerk to confirm;
7. read the invitation's event (day, date, time, place, agenda) when the letter is one.

Each step records itself on the capture. A refusal or a failure records its step and reason and keeps
the original, so a retry runs the whole pipeline again from the original.
"""

from __future__ import annotations

import datetime
import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive import capture_lease, conf, storage
from archive.capture_lease import Lease
from archive.classification.scheme import load_scheme
from archive.classification.suggest import suggest_codes
from archive.extraction import extract_fields
from archive.extraction.types import ExtractedField, LetterFields
from archive.models import Capture
from archive.selectors.classification import crosswalk_current
from archive.services.classifier import classifier_current
from archive.services.events import letter_event_read
from archive.services.letters import letter_draft_from_capture
from ocr import derivatives
from ocr.errors import OcrError, RefusedFile
from ocr.extract import extract_document
from ocr.types import ExtractedDocument

logger = logging.getLogger(__name__)
T = TypeVar("T")

STEP_LABELS = {
    "read_original": gettext_lazy("membaca berkas asli"),
    "ocr": gettext_lazy("membaca teks"),
    "derivatives": gettext_lazy("membuat PDF dapat dicari dan gambar kecil"),
    "fields": gettext_lazy("membaca isian surat"),
    "classification": gettext_lazy("menyarankan kode klasifikasi"),
    "letter": gettext_lazy("menyiapkan surat"),
    "event": gettext_lazy("membaca acara undangan"),
}


def process_capture(capture_id: int) -> Capture:
    """Run every step on a queued capture and return it in its final state."""
    owner = capture_lease.new_owner()
    capture = _claim(capture_id, owner)
    if capture is None:
        return Capture.objects.get(pk=capture_id)
    try:
        with capture_lease.heartbeat(capture_id, owner) as lease:
            return _run(capture, lease)
    except capture_lease.LeaseLost:
        logger.warning("Capture %s was taken over by another worker; this run stops without writing", capture_id)
        return Capture.objects.get(pk=capture_id)


def _run(capture: Capture, lease: Lease) -> Capture:
    try:
        with tempfile.TemporaryDirectory(prefix="naskah-capture-") as work:
            original = _step(capture, lease, "read_original", lambda: _local_copy(capture, Path(work)))
            document = _step(
                capture, lease, "ocr", lambda: _read_text(capture, lease, original, Path(work) / "halaman")
            )
            _step(capture, lease, "derivatives", lambda: _make_derivatives(capture, lease, original, document))
        fields = _step(capture, lease, "fields", lambda: _read_fields(capture, lease, document))
        _step(capture, lease, "classification", lambda: _suggest_codes(capture, lease, document, fields))
        _step(capture, lease, "letter", lambda: _draft_letter(capture, lease))
        _step(capture, lease, "event", lambda: _read_event(capture, lease, document))
    except capture_lease.LeaseLost:
        raise
    except RefusedFile as error:
        return _finish(capture, lease, Capture.Status.REFUSED, str(error))
    except OcrError as error:  # a plain-words reason written for the clerk
        return _finish(capture, lease, Capture.Status.FAILED, f"{STEP_LABELS.get(capture.step, capture.step)}: {error}")
    except Exception as error:  # noqa: BLE001 - any failure is recorded with its step; the original stays
        logger.exception("Capture %s failed at %s", capture.pk, capture.step)
        reason = _("%(step)s: kesalahan tak terduga (%(kind)s); rinciannya ada di log server.") % {
            "step": STEP_LABELS.get(capture.step, capture.step),
            "kind": error.__class__.__name__,
        }
        return _finish(capture, lease, Capture.Status.FAILED, reason)
    return _finish(capture, lease, Capture.Status.NEEDS_REVIEW)


def _claim(capture_id: int, owner: str) -> Capture | None:
    """Move a queued capture to processing under this run's lease; None when another worker has it or it is not
    queued.

    A capture whose worker was killed is claimed again once its lease ran out (archive.capture_lease): a database
    worker's recovery pass queues it again, an RQ job comes back on the queue by itself and waits out the rest of
    the lease here first.
    """
    for _attempt in range(2):
        if capture_lease.lease_claim(capture_id, owner):
            return Capture.objects.get(pk=capture_id)
        held = Capture.objects.filter(pk=capture_id, status=Capture.Status.PROCESSING).values_list(
            "lease_until", flat=True
        )
        if not held:
            return None
        until = held[0] or timezone.now() + capture_lease.lease_length()
        time.sleep(max((until - timezone.now()).total_seconds(), 0) + 1)
    return None


def _step(capture: Capture, lease: Lease, name: str, work: Callable[[], T]) -> T:
    lease.check()
    capture.step = name
    _save(capture, lease, ["step"])
    return work()


def _save(capture: Capture, lease: Lease, fields: list[str]) -> None:
    """Save the named fields (never the lease's, which the heartbeat moves) while the lease is held."""
    with transaction.atomic():
        lease.hold()
        capture.save(update_fields=[*fields, "updated_at"])


RESULT_FIELDS = ["status", "error", "finished_at"]


def _finish(capture: Capture, lease: Lease, status: str, error: str = "") -> Capture:
    capture.status, capture.error, capture.finished_at = status, error[:4000], timezone.now()
    capture.lease_owner, capture.lease_until = "", None
    _save(capture, lease, [*RESULT_FIELDS, "lease_owner", "lease_until"])
    return capture


def _local_copy(capture: Capture, work: Path) -> Path:
    """Write the stored original once into the work folder: OCR workers and the PDF writer read this path."""
    path = work / "asli"
    path.write_bytes(storage.original_read(capture.original.name))
    return path


def _read_text(capture: Capture, lease: Lease, original: Path, pages: Path) -> ExtractedDocument:
    def progress(done: int, total: int) -> None:  # progress bookkeeping, not audited (see archive.capture_lease)
        lease.check()
        Capture.objects.filter(pk=capture.pk, lease_owner=lease.owner).update(
            progress_done=done, progress_total=total, updated_at=timezone.now()
        )

    document = extract_document(original, progress=progress, workdir=pages)
    confidences = [page.confidence for page in document.pages if page.method == "ocr" and page.confidence is not None]
    capture.mime_type, capture.type_description = document.mime_type, document.description
    capture.page_count, capture.text = document.page_count, document.text
    capture.pages = [_page_summary(page) for page in document.pages]
    capture.mean_confidence = sum(confidences) / len(confidences) if confidences else None
    capture.progress_done = capture.progress_total = document.page_count
    capture.notes = list(document.notes)
    text_fields = ["mime_type", "type_description", "page_count", "text", "pages", "mean_confidence"]
    _save(capture, lease, [*text_fields, "progress_done", "progress_total", "notes"])
    return document


def _page_summary(page) -> dict:
    return {
        "number": page.number,
        "method": page.method,
        "confidence": page.confidence,
        "rotation": page.rotation,
        "blank": page.blank,
        "chars": len(page.text),
        "text": page.text,
        "note": page.note,
    }


def _make_derivatives(capture: Capture, lease: Lease, original: Path, document: ExtractedDocument) -> None:
    """Write the searchable PDF from the page images OCR read (no page is rendered again) and the thumbnail."""
    if document.used_ocr:
        pdf = derivatives.searchable_pdf(original, document)
        capture.searchable_pdf.name = storage.derived_save(data=pdf, suffix=".pdf")
    elif document.mime_type == "application/pdf":
        capture.searchable_pdf.name = capture.original.name  # born digital: the original is searchable
    thumb = derivatives.thumbnail(original)
    capture.thumbnail.name = storage.derived_save(data=thumb, suffix=".png")
    _save(capture, lease, ["searchable_pdf", "thumbnail"])


def _read_fields(capture: Capture, lease: Lease, document: ExtractedDocument) -> LetterFields:
    fields = extract_fields(document.text, ocr_confidence=capture.mean_confidence)
    names = ("number", "date", "sender", "subject", "sifat", "lampiran", "addressee")
    capture.fields = {name: _field_json(getattr(fields, name)) for name in names}
    _save(capture, lease, ["fields"])
    return fields


def _field_json(found: ExtractedField | None) -> dict | None:
    if found is None:
        return None
    value = found.value.isoformat() if isinstance(found.value, datetime.date) else found.value
    return {
        "value": value,
        "confidence": round(found.confidence, 3),
        "source": found.source,
        "notes": list(found.notes),
    }


def _suggest_codes(capture: Capture, lease: Lease, document: ExtractedDocument, fields: LetterFields) -> None:
    cutover = conf.get("ARCHIVE_SCHEME_CUTOVER")
    suggestions = suggest_codes(
        text=document.text,
        fields=fields,
        scheme=load_scheme(),
        model=classifier_current(),
        k=3,
        cutover=datetime.date.fromisoformat(cutover) if cutover else None,
        crosswalk=crosswalk_current(),
    )
    capture.suggestions = [
        {
            "code": s.code,
            "title": s.title,
            "score": s.score,
            "reasons": list(s.reasons),
            "scheme": s.scheme,
            "number_code": s.number_code,
        }
        for s in suggestions
    ]
    _save(capture, lease, ["suggestions"])


def _draft_letter(capture: Capture, lease: Lease) -> None:
    with transaction.atomic():
        lease.hold()  # taken first: no other worker drafts a second letter for this capture meanwhile
        capture.letter = letter_draft_from_capture(capture=capture)
        capture.save(update_fields=["letter", "updated_at"])


def _read_event(capture: Capture, lease: Lease, document: ExtractedDocument) -> None:
    with transaction.atomic():
        lease.hold()
        letter_event_read(letter=capture.letter, text=document.text)

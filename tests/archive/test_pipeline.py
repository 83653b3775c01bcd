"""Tests of the capture pipeline from intake to a letter awaiting review, on real corpus letters."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from archive.models import Capture, ClassificationCode, IncomingLetter
from archive.services.capture import capture_retry

pytestmark = pytest.mark.django_db


def test_scanned_letter_becomes_a_letter_awaiting_review(ingest, corpus_dir, truth):
    outcome = ingest((corpus_dir / "letters/contoh_5912.jpg").read_bytes(), "contoh_5912.jpg")
    capture = outcome.capture
    expected = truth["contoh_5912.jpg"]
    assert capture.status == Capture.Status.NEEDS_REVIEW, capture.error
    assert capture.mime_type == "image/jpeg" and capture.page_count == 1
    assert capture.pages[0]["method"] == "ocr" and capture.mean_confidence > 50
    assert capture.progress_done == capture.progress_total == 1
    assert capture.fields["number"]["value"] == expected["letter_number"]
    assert capture.fields["number"]["confidence"] > 0.5
    # Suggestions are 83/2022 leaf codes with a retention (the number's old code 005 Undangan has no counterpart).
    top = ClassificationCode.objects.get(scheme=capture.suggestions[0]["scheme"], code=capture.suggestions[0]["code"])
    assert top.scheme == "permendagri_83_2022" and top.final_disposition
    assert capture.suggestions[0]["reasons"]
    assert len(capture.suggestions) == 3
    letter = capture.letter
    assert letter.status == IncomingLetter.Status.NEEDS_REVIEW
    assert letter.number == expected["letter_number"]
    assert letter.letter_date.isoformat() == expected["letter_date"]
    assert letter.classification == top  # the draft letter carries the best suggestion
    assert default_storage.exists(capture.searchable_pdf.name)
    assert default_storage.open(capture.searchable_pdf.name).read(5) == b"%PDF-"
    thumb = Image.open(default_storage.open(capture.thumbnail.name))
    assert thumb.format == "PNG" and thumb.width == 300


def test_born_digital_pdf_uses_its_text_layer_and_is_its_own_searchable_pdf(ingest, corpus_dir, truth):
    capture = ingest((corpus_dir / "letters/contoh_5933.pdf").read_bytes(), "contoh_5933.pdf").capture
    assert capture.status == Capture.Status.NEEDS_REVIEW, capture.error
    assert [page["method"] for page in capture.pages] == ["text_layer"]
    assert capture.searchable_pdf.name == capture.original.name
    assert capture.letter.subject.lower().startswith(truth["contoh_5933.pdf"]["subject"].lower()[:20])


def test_the_original_is_stored_unchanged_under_its_hash(ingest, corpus_dir):
    data = (corpus_dir / "letters/contoh_5040.png").read_bytes()
    capture = ingest(data, "contoh_5040.png").capture
    assert default_storage.open(capture.original.name).read() == data
    assert capture.sha256 in capture.original.name and capture.size == len(data)


def test_the_same_file_twice_is_a_duplicate_not_stored_again(ingest, corpus_dir):
    data = (corpus_dir / "letters/contoh_5040.png").read_bytes()
    first = ingest(data, "surat.png")
    second = ingest(data, "surat (1).png")
    assert second.duplicate and second.capture.pk == first.capture.pk
    assert Capture.objects.count() == 1 and IncomingLetter.objects.count() == 1


def test_a_refused_type_is_kept_with_its_reason(ingest):
    capture = ingest(b"<!DOCTYPE html><html><body>bukan surat</body></html>", "surat.pdf").capture
    assert capture.status == Capture.Status.REFUSED
    assert "HTML" in capture.error and "text/html" in capture.error
    assert default_storage.exists(capture.original.name)
    assert capture.letter is None


def test_a_corrupt_file_fails_with_its_step_and_can_be_retried(ingest, django_capture_on_commit_callbacks):
    broken = _png_bytes()[:200]  # the header is a PNG, the rest is missing
    capture = ingest(broken, "rusak.png").capture
    assert capture.status == Capture.Status.FAILED
    assert capture.step == "ocr" and capture.error
    assert capture.attempts == 1
    with django_capture_on_commit_callbacks(execute=True):
        capture_retry(capture=capture)
    capture.refresh_from_db()
    assert capture.status == Capture.Status.FAILED and capture.attempts == 2
    assert default_storage.open(capture.original.name).read() == broken


def test_oversized_files_are_refused_at_the_door(ingest, settings):
    settings.OCR_MAX_BYTES = 1000
    capture = ingest(b"%PDF-1.4" + b"0" * 2000, "besar.pdf").capture
    assert capture.status == Capture.Status.REFUSED and "terlalu besar" in capture.error
    assert not capture.original


def test_path_traversing_names_never_reach_the_storage_path(ingest, corpus_dir):
    data = (corpus_dir / "letters/contoh_5040.png").read_bytes()
    capture = ingest(data, "../../../etc/passwd\x00.png").capture
    assert capture.original_name == "passwd.png"
    assert capture.original.name.startswith("archive/originals/")


def _png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(buffer, "PNG")
    return buffer.getvalue()

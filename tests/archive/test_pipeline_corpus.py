"""The whole capture pipeline on every letter of the dev corpus, compared with its truth."""

from __future__ import annotations

import pytest

from archive.extraction import extract_fields
from archive.extraction.evaluation import evaluate_fields, field_shares
from archive.models import Capture
from ocr.metrics import cer

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_every_corpus_letter_is_read_and_classified(ingest, corpus_dir, truth):
    results, top1, top3 = [], 0, 0
    for name, record in sorted(truth.items()):
        capture = ingest((corpus_dir / "letters" / name).read_bytes(), name).capture
        assert capture.status == Capture.Status.NEEDS_REVIEW, (name, capture.error)
        assert capture.page_count == record["pages"], name
        assert cer(capture.text, record["full_text"]) < 0.06, name
        assert capture.letter.number == record["letter_number"], name
        assert capture.letter.letter_date.isoformat() == record["letter_date"], name
        codes = [s["code"] for s in capture.suggestions]
        top1 += codes[0] == record["classification_code"]
        top3 += record["classification_code"] in codes
        results.append(evaluate_fields(extract_fields(capture.text), record))
    shares = field_shares(results)
    print(f"fields exactly right: {shares}; top-1 {top1}/12, top-3 {top3}/12")
    assert shares["all"] >= 0.9
    assert top1 == 12 and top3 == 12

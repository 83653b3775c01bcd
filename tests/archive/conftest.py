"""Fixtures of the archive tests: the letter corpus and a capture runner with tasks executed at commit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    from django.conf import settings

    path = Path(settings.SHARED_DIR) / "corpus" / "dev"
    if not path.is_dir():
        pytest.fail(f"The letter corpus is missing: {path}")
    return path


@pytest.fixture(scope="session")
def truth(corpus_dir) -> dict[str, dict]:
    lines = (corpus_dir / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["file"]: record for record in map(json.loads, lines)}


@pytest.fixture
def ingest(django_capture_on_commit_callbacks):
    """Take in a file as the upload would and run its processing (the immediate task backend) at commit."""
    from archive.services.capture import capture_create

    def run(content: bytes, name: str, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            outcome = capture_create(content=content, name=name, **kwargs)
        outcome.capture.refresh_from_db()
        return outcome

    return run

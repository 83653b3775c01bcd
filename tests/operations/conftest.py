"""Fixtures of the operations tests: an archive with a few captured originals, registered letters and an index."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories.archive import IncomingLetterFactory, UserFactory

LETTERS = ["contoh_5234.tif", "contoh_7134.tiff"]
ROOT = Path(__file__).resolve().parents[2]


QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def populate() -> dict:
    """Two captured originals with their registered letters and a third capture still queued; the index applied.

    Run it with QUEUE_ONLY tasks: the captures are queued, not read (no OCR in these tests)."""
    from archive.models import Capture
    from archive.services.capture import capture_create
    from archive.services.letters import letter_confirm
    from search.worker import apply_pending

    clerk = UserFactory(username="pencatat", is_superuser=True, email="admin@dinas.example.test")
    corpus = Path(settings.SHARED_DIR) / "corpus" / "dev" / "letters"
    captures = []
    for index, name in enumerate(LETTERS):
        capture = capture_create(content=(corpus / name).read_bytes(), name=name, user=clerk).capture
        letter = IncomingLetterFactory(number=f"00{index}/PEMULIHAN/2025", subject=f"Undangan rapat pemulihan {index}")
        capture.letter, capture.status = letter, Capture.Status.NEEDS_REVIEW
        capture.save()
        letter_confirm(letter=letter, user=clerk)
        captures.append(capture)
    captures.append(capture_create(content=b"%PDF-1.4 antre", name="antre.pdf", user=clerk).capture)
    apply_pending()
    return {"clerk": clerk, "captures": captures}


def manage(env_overrides: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run manage.py in a separate process: another instance, with its own data folder and database."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "NASKAH_", "DATABASE_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "naskah.settings.base", "DJANGO_SECRET_KEY": "restore-test", **env_overrides})
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    if check and result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def archive_world(db, settings):
    settings.TASKS = QUEUE_ONLY
    return populate()

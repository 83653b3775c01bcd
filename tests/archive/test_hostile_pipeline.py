"""Hostile files through the whole capture path: each refused or failed with its reason, none stopping the rest."""

from __future__ import annotations

import json
import shutil
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from archive.models import Capture
from ocr.errors import ExtractionFailed, RefusedFile
from tests.ocr.test_hostile_files import CASES

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
EXPECTED_STATUS = {RefusedFile: "refused", ExtractionFailed: "failed", None: "needs_review"}


def test_a_batch_of_hostile_files_is_handled_one_by_one(tmp_path, corpus_dir):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    names = {}
    for index, case in enumerate(CASES):
        folder = inbox / f"{index:02d}"  # one folder per case: the hostile names stay inside it
        folder.mkdir()
        safe = case.name.replace("/", "_").replace("..", "_")
        (folder / safe).write_bytes(case.content())
        names[str(folder / safe)] = case
    shutil.copy(corpus_dir / "letters/contoh_5933.pdf", inbox / "zz-good.pdf")

    out = StringIO()
    call_command("ingest", str(inbox), "--wait", "--json", stdout=out)
    records = {r["path"]: r for r in map(json.loads, out.getvalue().splitlines())}

    assert records[str(inbox / "zz-good.pdf")]["status"] == "needs_review"
    duplicates = 0
    for path, case in names.items():
        record = records[path]
        if record["status"] == "duplicate":  # the same PNG bytes under several hostile names
            duplicates += 1
            continue
        assert record["status"] == EXPECTED_STATUS[case.outcome], (case.id, record)
        if case.outcome is not None:
            assert record["error"], case.id
            assert any(word.lower() in record["error"].lower() for word in case.expect), (case.id, record["error"])
    assert duplicates == 3  # png named .pdf, then over-long, non-ASCII and path-traversing names
    for capture in Capture.objects.exclude(original=""):
        assert default_storage.exists(capture.original.name), capture.original_name

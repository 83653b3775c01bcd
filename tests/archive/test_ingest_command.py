"""Tests of `manage.py ingest` and the watched folder: every file reported, none stopping the others."""

from __future__ import annotations

import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Capture

pytestmark = pytest.mark.django_db

KEYS = {
    "file", "path", "capture_id", "letter_id", "status", "state", "sha256", "mime_type", "pages",
    "fields", "suggestions", "text_length", "error",
}  # fmt: skip


def _ingest(*args) -> list[dict]:
    out = StringIO()
    call_command("ingest", *map(str, args), "--json", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_ingest_wait_reports_each_file_as_json(tmp_path, corpus_dir, truth):
    folder = tmp_path / "scan" / "hari-ini"
    folder.mkdir(parents=True)
    shutil.copy(corpus_dir / "letters/contoh_5933.pdf", folder)
    shutil.copy(corpus_dir / "letters/contoh_7068.png", folder / "surat.pdf")  # a name that lies
    (folder / "catatan.html").write_text("<html><body>bukan surat</body></html>")
    (folder / "kosong.pdf").write_bytes(b"")
    records = {r["file"]: r for r in _ingest(tmp_path / "scan", "--wait", "--text")}
    assert set(records) == {"contoh_5933.pdf", "surat.pdf", "catatan.html", "kosong.pdf"}
    for record in records.values():
        assert KEYS <= set(record)
    born = records["contoh_5933.pdf"]
    assert born["status"] == "needs_review" and born["letter_id"]
    assert born["fields"]["number"]["value"] == truth["contoh_5933.pdf"]["letter_number"]
    assert 0 < born["fields"]["number"]["confidence"] <= 1
    assert len(born["suggestions"]) == 3 and born["suggestions"][0]["reasons"]
    assert born["text_length"] == len(born["text"]) > 200
    assert born["mime_type"] == "application/pdf" and born["pages"] == 1 and len(born["sha256"]) == 64
    assert records["surat.pdf"]["mime_type"] == "image/png" and records["surat.pdf"]["status"] == "needs_review"
    assert records["catatan.html"]["status"] == "refused" and "text/html" in records["catatan.html"]["error"]
    assert records["kosong.pdf"]["status"] == "refused" and "kosong" in records["kosong.pdf"]["error"].lower()


def test_ingest_twice_reports_the_duplicate(tmp_path, corpus_dir):
    source = corpus_dir / "letters/contoh_5933.pdf"
    first = _ingest(source, "--wait")[0]
    second = _ingest(source, "--wait")[0]
    assert second["status"] == "duplicate" and second["letter_id"] == first["letter_id"]
    assert Capture.objects.count() == 1


def test_ingest_without_wait_queues_for_the_worker(tmp_path, corpus_dir, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    record = _ingest(corpus_dir / "letters/contoh_5933.pdf")[0]
    assert record["status"] == "queued" and record["letter_id"] is None


def test_watched_folder_moves_handled_files_aside(tmp_path, corpus_dir, django_capture_on_commit_callbacks):
    shutil.copy(corpus_dir / "letters/contoh_5933.pdf", tmp_path)
    (tmp_path / "zip.pdf").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("archive_watch", "--folder", str(tmp_path), stdout=StringIO())
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == []
    assert [p.name.split("-", 2)[-1] for p in (tmp_path / "diproses").iterdir()] == ["contoh_5933.pdf"]
    assert [p.name.split("-", 2)[-1] for p in (tmp_path / "gagal").iterdir()] == ["zip.pdf"]
    statuses = dict(Capture.objects.values_list("original_name", "status"))
    assert statuses == {"contoh_5933.pdf": "needs_review", "zip.pdf": "refused"}

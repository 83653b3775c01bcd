"""Register letters from files and folders: `manage.py ingest PATH... [--wait] [--json] [--text]`."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive.models import Capture
from archive.pipeline import process_capture
from archive.services.ingest import files_under, ingest_path


class Command(BaseCommand):
    help = (
        "Take in letter scans (PDF, TIFF, PNG, JPEG, WebP, HEIC) from files and folders (recursively). Without "
        "--wait the "
        "files are queued for the worker; with --wait each is processed here and its final state reported."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--wait", action="store_true", help="Process each file now and report the result.")
        parser.add_argument("--json", action="store_true", help="One JSON object per line and file.")
        parser.add_argument("--text", action="store_true", help="Include the extracted text.")

    def handle(self, *args, paths: list[Path], wait: bool, json: bool, text: bool, **options):
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise CommandError(f"Not found: {', '.join(missing)}")
        for path in files_under(paths):
            record = self._one(path, wait=wait)
            self._print(record, as_json=json, with_text=text)

    def _one(self, path: Path, *, wait: bool) -> dict:
        try:
            with transaction.atomic():
                outcome = ingest_path(path=path)
            capture = outcome.capture
            if wait and capture.status == Capture.Status.QUEUED:
                capture = process_capture(capture.pk)
            capture.refresh_from_db()
        except OSError as error:
            return {"file": path.name, "path": str(path), "status": "error", "error": str(error)}
        return _record(path, capture, duplicate=outcome.duplicate)

    def _print(self, record: dict, *, as_json: bool, with_text: bool) -> None:
        text = record.pop("text", "")
        if as_json:
            if with_text:
                record["text"] = text
            self.stdout.write(json.dumps(record, ensure_ascii=False, default=str))
            return
        line = f"{record['file']}: {record['status']}"
        if record.get("letter_id"):
            line += f" (surat #{record['letter_id']})"
        if record.get("error"):
            line += f" - {record['error']}"
        self.stdout.write(line)
        if with_text and text:
            self.stdout.write(text)


def _record(path: Path, capture: Capture, *, duplicate: bool) -> dict:
    return {
        "file": path.name,
        "path": str(path),
        "capture_id": capture.pk,
        "letter_id": capture.letter_id,
        "status": "duplicate" if duplicate else capture.status,
        "state": capture.status,
        "sha256": capture.sha256,
        "mime_type": capture.mime_type,
        "pages": capture.page_count,
        "fields": {
            name: {"value": found["value"], "confidence": found["confidence"]}
            for name, found in capture.fields.items()
            if found
        },
        "suggestions": [
            {"code": s["code"], "title": s["title"], "score": s["score"], "reasons": s["reasons"]}
            for s in capture.suggestions
        ],
        "text_length": len(capture.text),
        "text": capture.text,
        "error": capture.error or None,
    }

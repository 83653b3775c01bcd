"""Backup then restore into an empty instance gives the same letters, files (hashes) and search results.

The backup is taken here, from the test database (SQLite, or PostgreSQL when DATABASE_URL says so: this test runs on
each); the restore runs in another process, as ``manage.py restore`` would on a new machine, into an empty data
folder (SQLite) or an empty database of its own (PostgreSQL), which then answers the same questions.
"""

from __future__ import annotations

import io
import json
import tarfile

import pytest
from django.core.management import call_command
from django.db import connection

from archive.models import Capture, IncomingLetter
from operations.backup.manifest import MANIFEST_NAME
from operations.models import BackupRecord
from tests.operations.conftest import QUEUE_ONLY, manage, populate

QUESTION = "undangan rapat pemulihan"
FACTS = f"""
import io, json
from django.core.management import call_command
from archive.models import Capture, IncomingLetter
from operations.backup.files import sha256_of_stored
letters = sorted([x.number, x.subject, x.register_entry.agenda_number] for x in IncomingLetter.objects.all())
files = {{c.original.name: sha256_of_stored(c.original.name) for c in Capture.objects.exclude(original="")}}
out = io.StringIO()
call_command("search", "{QUESTION}", "--json", "--user", "pencatat", stdout=out)
print(json.dumps({{"letters": letters, "files": files, "search": out.getvalue()}}))
"""


def facts_here() -> dict:
    from operations.backup.files import sha256_of_stored

    letters = sorted([x.number, x.subject, x.register_entry.agenda_number] for x in IncomingLetter.objects.all())
    files = {c.original.name: sha256_of_stored(c.original.name) for c in Capture.objects.exclude(original="")}
    return json.loads(json.dumps({"letters": letters, "files": files}))


def search_lines(output: str) -> list[dict]:
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    for line in lines:
        line.pop("score", None)
    return lines


def search_here(user: str) -> list[dict]:
    out = io.StringIO()
    call_command("search", QUESTION, "--json", "--user", user, stdout=out)
    return search_lines(out.getvalue())


@pytest.fixture
def empty_instance(tmp_path):
    """Settings of an empty instance on the same engine as the tests: a new data folder, and on PostgreSQL a new
    database of its own."""
    env = {"NASKAH_DATA_DIR": str(tmp_path / "restored"), "NASKAH_MEDIA_ROOT": str(tmp_path / "restored" / "media")}
    if connection.vendor != "postgresql":
        yield env
        return
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    server = connection.settings_dict
    env["DATABASE_URL"] = f"postgres://{server['USER']}@{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}/{name}"
    yield env
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_into_an_empty_instance_gives_the_same_archive(tmp_path, empty_instance, settings):
    settings.TASKS = QUEUE_ONLY
    # A media folder of its own: the backup takes every stored file, and other tests in this process leave theirs.
    settings.MEDIA_ROOT = tmp_path / "media"
    populate()
    before, found_before = facts_here(), search_here("pencatat")
    assert len(before["files"]) == 3 and len([hit for hit in found_before if "kind" in hit]) == 2

    out = io.StringIO()
    call_command("backup", str(tmp_path / "cadangan"), stdout=out)
    [archive_path] = (tmp_path / "cadangan").glob("naskah-backup-*.tar")
    record = BackupRecord.objects.get()
    assert record.ok and record.files == 3 and record.database == connection.vendor
    with tarfile.open(archive_path) as archive:
        manifest = json.loads(archive.extractfile(MANIFEST_NAME).read())
    assert {entry["path"]: entry["sha256"] for entry in manifest["files"]} == before["files"]
    assert manifest["counts"]["incoming_letters"] == 2 and manifest["version"] == 1

    restored = manage(empty_instance, "restore", str(archive_path))
    assert "Every file verified against the manifest." in restored.stdout, restored.stdout + restored.stderr
    after = json.loads(manage(empty_instance, "shell", "-c", FACTS).stdout.strip().splitlines()[-1])
    assert search_lines(after.pop("search")) == found_before
    assert after == before

    # Restoring again over data is refused unless forced; a damaged archive is refused before anything changes.
    again = manage(empty_instance, "restore", str(archive_path), check=False)
    assert again.returncode != 0 and "already holds data" in again.stderr
    damaged = tmp_path / "rusak.tar"
    with tarfile.open(archive_path) as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("files/") and member.name.endswith(before_name(before)):
                data = b"X" + data[1:]
            target.addfile(member, io.BytesIO(data))
    refused = manage(empty_instance, "restore", str(damaged), "--force", check=False)
    assert refused.returncode != 0 and "damaged" in refused.stderr and "SHA-256 differs" in refused.stderr


def before_name(facts: dict) -> str:
    return sorted(facts["files"])[0]

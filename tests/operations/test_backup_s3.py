"""Backup and restore with S3 storage: the stored files in one bucket, the archive written to another, restored into
an instance whose files live in a third. The S3 server is moto's, started here as a real server on a loopback port
(the same HTTP API as AWS S3 or MinIO); nothing is mocked inside this process. Marked slow: it runs once in CI."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
from django.core.management import call_command

from operations.models import BackupRecord
from tests.operations.conftest import QUEUE_ONLY, manage, populate
from tests.operations.test_backup_restore import FACTS, facts_here

pytestmark = pytest.mark.slow
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "naskah",
    "AWS_SECRET_ACCESS_KEY": "naskah-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3_server(monkeypatch):
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("NASKAH_S3_ENDPOINT_URL", endpoint)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    for bucket in ("naskah-media", "naskah-media-restored", "naskah-backups"):
        client.create_bucket(Bucket=bucket)
    yield endpoint, client
    server.terminate()
    server.wait(timeout=10)


def s3_storage(bucket: str, endpoint: str) -> dict:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": bucket, "endpoint_url": endpoint, "default_acl": None, "file_overwrite": False},
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_to_s3_and_restore_into_an_instance_on_s3(s3_server, settings, tmp_path):
    endpoint, client = s3_server
    settings.TASKS = QUEUE_ONLY
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage("naskah-media", endpoint)}
    populate()
    before = facts_here()
    stored = {item["Key"] for item in client.list_objects_v2(Bucket="naskah-media")["Contents"]}
    assert set(before["files"]) <= stored  # the originals really are in the bucket

    call_command("backup", "s3://naskah-backups/malam/", stdout=io.StringIO())
    record = BackupRecord.objects.get()
    assert record.ok and record.location.startswith("s3://naskah-backups/malam/naskah-backup-")
    [archive] = client.list_objects_v2(Bucket="naskah-backups")["Contents"]

    instance = {
        "NASKAH_DATA_DIR": str(tmp_path / "pulih"),
        "NASKAH_S3_BUCKET": "naskah-media-restored",
        "NASKAH_S3_ENDPOINT_URL": endpoint,
        **CREDENTIALS,
    }
    restored = manage(instance, "restore", f"s3://naskah-backups/{archive['Key']}")
    assert "Every file verified against the manifest." in restored.stdout, restored.stdout + restored.stderr
    after = json.loads(manage(instance, "shell", "-c", FACTS).stdout.strip().splitlines()[-1])
    after.pop("search")
    assert after == before
    restored_keys = {item["Key"] for item in client.list_objects_v2(Bucket="naskah-media-restored")["Contents"]}
    assert set(before["files"]) <= restored_keys

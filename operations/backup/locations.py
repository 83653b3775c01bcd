"""Where archives live: a local folder (or file path), or ``s3://bucket/prefix`` in an S3-compatible store.

S3 is reached with the AWS_* credentials and NASKAH_BACKUP_S3_ENDPOINT_URL (else NASKAH_S3_ENDPOINT_URL), so a
MinIO or Ceph server works as well as AWS.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

ARCHIVE_SUFFIX = ".tar"


def is_s3(location: str) -> bool:
    return location.startswith("s3://")


def _s3_client():
    import boto3

    endpoint = os.environ.get("NASKAH_BACKUP_S3_ENDPOINT_URL") or os.environ.get("NASKAH_S3_ENDPOINT_URL") or None
    return boto3.client("s3", endpoint_url=endpoint, region_name=os.environ.get("NASKAH_S3_REGION") or None)


def _bucket_key(location: str) -> tuple[str, str]:
    parsed = urlparse(location)
    return parsed.netloc, parsed.path.lstrip("/")


def target_for(destination: str, archive_name: str) -> str:
    """The archive's full location under ``destination`` (a folder or prefix), or ``destination`` itself when it
    already names a .tar file."""
    if destination.endswith(ARCHIVE_SUFFIX):
        return destination
    return destination.rstrip("/") + "/" + archive_name


def store(local: Path, target: str) -> str:
    """Put the finished archive at ``target``; return where it is. Local targets appear whole (renamed last)."""
    if is_s3(target):
        bucket, key = _bucket_key(target)
        _s3_client().upload_file(str(local), bucket, key)
        return target
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    shutil.copyfile(local, partial)
    os.replace(partial, path)
    return str(path)


def fetch(source: str, work_dir: Path) -> Path:
    """A local path to read the archive ``source`` from (downloaded into ``work_dir`` from S3)."""
    if not is_s3(source):
        path = Path(source)
        if not path.is_file():
            raise FileNotFoundError(f"no backup archive at {source}")
        return path
    bucket, key = _bucket_key(source)
    local = work_dir / Path(key).name
    _s3_client().download_file(bucket, key, str(local))
    return local

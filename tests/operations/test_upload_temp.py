"""A cut-off upload leaves no temporary file behind.

Against a real gunicorn serving the admin's upload, a large file (above FILE_UPLOAD_MAX_MEMORY_SIZE, so Django
streams it to FILE_UPLOAD_TEMP_DIR) is sent over a raw socket and cut off half-way:

- the client goes away: Django removes the temporary file itself when the request ends;
- the web worker is killed (SIGKILL) while it receives the file: the file stays, and ``upload_temp_sweep`` removes
  it once it is older than NASKAH_UPLOAD_TEMP_MAX_AGE, not before.

The server runs on the test database: a copy of it on SQLite, the test database itself on PostgreSQL.
"""

from __future__ import annotations

import datetime
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from operations.backup import database
from operations.upload_temp import upload_temp_dir_ensure, upload_temp_sweep
from tests.factories.users import make_user
from tests.waiting import wait_for

ROOT = Path(__file__).resolve().parents[2]
BOUNDARY = "naskah-batas-uji"
FILE_BYTES = 8 * 2**20  # above Django's 2.5 MB in memory, below OCR_MAX_BYTES
CSRF = "a" * 32


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(condition, timeout: float, what) -> object:
    return wait_for(condition, timeout, what, interval=0.1)


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if path.is_file())


class Server:
    """gunicorn with one sync worker, in a session of its own, on the test database."""

    def __init__(self, tmp_path: Path, uploads: Path) -> None:
        self.port = _free_port()
        settings_dir, data = tmp_path / "settings", tmp_path / "data"
        settings_dir.mkdir()
        data.mkdir()
        (settings_dir / "server_settings.py").write_text(
            f"from naskah.settings.base import *  # noqa\nFILE_UPLOAD_TEMP_DIR = {str(uploads)!r}\n"
        )
        dropped = ("DJANGO_", "NASKAH_", "DATABASE_", "REDIS_URL", "ELASTICSEARCH_URL")
        self.env = {key: value for key, value in os.environ.items() if not key.startswith(dropped)}
        self.env.update(
            DJANGO_SETTINGS_MODULE="server_settings",
            PYTHONPATH=f"{settings_dir}{os.pathsep}{ROOT}",
            DJANGO_SECRET_KEY=settings.SECRET_KEY,  # the test's sessions are signed with it
            NASKAH_DATA_DIR=str(data),
            NASKAH_SHARED_DIR=str(settings.SHARED_DIR),
        )
        if connection.vendor == "sqlite":
            database.dump(data / "naskah.sqlite3")
        else:
            db = connection.settings_dict
            self.env["DATABASE_URL"] = (
                f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
                f"/{db['NAME']}"
            )
        self.log = (tmp_path / "web.log").open("wb")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "naskah.wsgi:application"]
            + ["--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--timeout", "300", "--no-control-socket"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait(self._answers, 60, "gunicorn to answer")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self.log.close()

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout


def _start_upload(port: int, session: str) -> socket.socket:
    """Send the request's head and half of an 8 MB file; return the open socket."""
    head = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="file"; filename="besar.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    request = (
        f"POST {reverse('archive:upload')} HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\n"
        f"Cookie: {settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={CSRF}\r\n"
        f"X-CSRFToken: {CSRF}\r\n"
        "X-Requested-With: XMLHttpRequest\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {len(head) + FILE_BYTES + len(tail)}\r\n\r\n"
    ).encode()
    client = socket.create_connection(("127.0.0.1", port), timeout=30)
    client.sendall(request + head + b"%PDF-1.4\n" + bytes(FILE_BYTES // 2))
    return client


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_cut_off_upload_leaves_no_temporary_file(django_user_model, tmp_path):
    uploads = tmp_path / "uploads"
    browser = Client()
    browser.force_login(make_user(django_user_model, "petugas", "add_capture"))
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value
    server = Server(tmp_path, uploads)
    try:
        _wait(uploads.is_dir, 60, "the server to make its upload folder as it starts")
        # The client goes away half-way: the worker's request ends and Django removes its file.
        client = _start_upload(server.port, session)
        [streamed] = _wait(lambda: _files(uploads), 30, "the upload to stream to a temporary file")
        assert streamed.name.endswith(".upload.pdf")
        client.close()
        _wait(lambda: not _files(uploads), 30, "Django to remove the cut-off upload's file")

        # The worker is killed half-way: its file stays until the sweep finds it old enough.
        client = _start_upload(server.port, session)
        _wait(lambda: [f for f in _files(uploads) if f.stat().st_size > 2**20], 30, "the second upload to stream")
        server.kill()
        client.close()
        log = (tmp_path / "web.log").read_text(errors="replace")
        assert "Forbidden" not in log and "Session data corrupted" not in log, log  # the upload view took the file
        [left] = _files(uploads)
        assert "0 temporary upload" in server.manage("upload_temp_sweep")  # written to a moment ago: kept
        assert left.exists()
        two_hours_ago = time.time() - 2 * 3600
        os.utime(left, (two_hours_ago, two_hours_ago))
        assert "1 temporary upload" in server.manage("upload_temp_sweep")
        assert not _files(uploads)
    finally:
        server.kill()


def test_the_sweep_keeps_young_files_and_removes_old_ones(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    now = time.time()
    ages = {"baru.upload.pdf": 60, "setengah-jam.upload.pdf": 1800, "kemarin.upload.pdf": 86400}
    for name, age in ages.items():
        (tmp_path / name).write_bytes(b"sebagian")
        os.utime(tmp_path / name, (now - age, now - age))
    (tmp_path / "folder-lama").mkdir()  # not a file of an upload: left alone
    os.utime(tmp_path / "folder-lama", (now - 86400, now - 86400))
    removed = upload_temp_sweep(older_than=datetime.timedelta(hours=1), now=now)
    assert [path.name for path in removed] == ["kemarin.upload.pdf"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "baru.upload.pdf",
        "folder-lama",
        "setengah-jam.upload.pdf",
    ]


def test_the_folder_is_made_private_and_swept_periodically(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "data" / "uploads-tmp")
    upload_temp_dir_ensure()
    assert (tmp_path / "data" / "uploads-tmp").stat().st_mode & 0o777 == 0o700
    assert ("upload_temp_sweep", 600) in settings.NASKAH_PERIODIC_COMMANDS

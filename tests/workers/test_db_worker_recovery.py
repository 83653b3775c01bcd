"""Workers on the database queue: a real ``manage.py db_worker`` process is killed (SIGKILL) while it OCRs a real
six-page scan; its OCR children (the page workers and their tesseract) die with it; a worker started afterwards
takes the capture up again within a minute (the lease ran out, archive.capture_lease) and finishes it, once: all
pages, one letter.

The processes share the test database: a SQLite copy of it, or on PostgreSQL the test database itself (the test
commits, and its rows are flushed after it). Marked slow.
"""

from __future__ import annotations

import datetime
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from operations.backup import database
from tests.waiting import wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ROOT = Path(__file__).resolve().parents[2]
SCAN = "surat_28.pdf"  # six scanned pages, no text layer
LEASE_SECONDS = 10
CAPTURE_TASKS = "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE '%capture%'"
SETTINGS = f"""
from naskah.settings.base import *  # noqa
ARCHIVE_CAPTURE_LEASE_SECONDS = {LEASE_SECONDS}
ARCHIVE_RECOVERY_SECONDS = 2
"""


def _env(data: Path, settings_dir: Path) -> dict:
    dropped = ("DJANGO_", "NASKAH_", "DATABASE_", "REDIS_URL", "ELASTICSEARCH_URL")
    env = {key: value for key, value in os.environ.items() if not key.startswith(dropped)}
    env.update(
        DJANGO_SETTINGS_MODULE="worker_settings",
        PYTHONPATH=f"{settings_dir}{os.pathsep}{ROOT}",
        DJANGO_SECRET_KEY="workers-test",
        NASKAH_DATA_DIR=str(data),
        NASKAH_SHARED_DIR=str(settings.SHARED_DIR),
    )
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            f"/{db['NAME']}"
        )
    else:
        database.dump(data / "naskah.sqlite3")  # the migrated test database, for the worker processes
    return env


def _query(data: Path, sql: str) -> list[tuple]:
    """Rows as the workers wrote them: from the SQLite copy, or from the shared PostgreSQL test database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return [tuple(row) for row in cursor.fetchall()]
    with sqlite3.connect(data / "naskah.sqlite3", timeout=20) as read:
        return read.execute(sql).fetchall()


def _capture(data: Path) -> dict:
    columns = ("id", "status", "attempts", "step", "progress_done", "progress_total", "started_at", "page_count")
    rows = _query(data, f"SELECT {', '.join(columns)} FROM archive_capture")  # noqa: S608 - fixed column names
    assert len(rows) == 1, rows
    capture = dict(zip(columns, rows[0], strict=True))
    if isinstance(capture["started_at"], str):  # SQLite: UTC, without its zone
        capture["started_at"] = datetime.datetime.fromisoformat(capture["started_at"]).replace(tzinfo=datetime.UTC)
    return capture


def _wait(condition, timeout: float, what) -> object:
    return wait_for(condition, timeout, what, interval=0.2)


def _processes() -> dict[int, tuple[str, int, str]]:
    """pid -> (command name, session id, state) of every process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            name = stat[stat.index("(") + 1 : stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2 :].split()
            found[int(entry.name)] = (name, int(fields[3]), fields[0])  # state, ppid, pgrp, session
    return found


def _alive_in_session(session: int) -> dict[int, str]:
    """Processes of the worker's session still running (a zombie runs nothing; it waits for a parent to reap it)."""
    return {pid: name for pid, (name, sid, state) in _processes().items() if sid == session and state != "Z"}


def _details(session: int) -> list[str]:
    found = []
    for pid in _alive_in_session(session):
        try:
            found.append(f"{pid} {Path(f'/proc/{pid}/cmdline').read_bytes().replace(bytes(1), b' ')[:200]!r}")
        except OSError:
            pass
    return found


def _worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.5", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its session holds it and everything it starts
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
    for pid in _alive_in_session(process.pid):
        os.kill(pid, signal.SIGKILL)


def test_a_worker_killed_mid_ocr_and_a_new_worker_finish_the_capture_once(tmp_path):
    data, settings_dir = tmp_path / "data", tmp_path / "settings"
    data.mkdir()
    settings_dir.mkdir()
    (settings_dir / "worker_settings.py").write_text(SETTINGS)
    env = _env(data, settings_dir)
    first = _worker(env, tmp_path / "worker-1.log")
    second = None
    try:
        scan = Path(settings.SHARED_DIR) / "corpus" / "real" / "letters" / SCAN
        ingest = subprocess.run(
            [sys.executable, "manage.py", "ingest", str(scan)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert ingest.returncode == 0, ingest.stdout + ingest.stderr

        # Mid-OCR: some pages read, not all, and a tesseract of the worker's running.
        def mid_ocr():
            capture = _capture(data)
            reading = capture["step"] == "ocr" and 1 <= capture["progress_done"] < capture["progress_total"] - 1
            return reading and "tesseract" in _alive_in_session(first.pid).values()

        _wait(mid_ocr, 400, "the first worker to be in the middle of the OCR")
        children = _alive_in_session(first.pid)
        assert len(children) > 2, children  # the worker, its page workers, their tesseract
        os.kill(first.pid, signal.SIGKILL)  # the worker alone, as the OOM killer would
        killed_at = datetime.datetime.now(datetime.UTC)
        first.wait(timeout=30)
        # Its OCR children end with it: none is left running.
        _wait(lambda: not _alive_in_session(first.pid), 15, lambda: f"the OCR children to end: {_details(first.pid)}")
        left = _capture(data)
        assert left["status"] == "processing" and left["attempts"] == 1 and left["progress_done"] < 6
        # django-tasks' own row of the killed run stays RUNNING (until the recovery marks it): recovery cannot rely
        # on the queue noticing.
        assert _query(data, CAPTURE_TASKS) == [("RUNNING",)]

        second = _worker(env, tmp_path / "worker-2.log")
        started = datetime.datetime.now(datetime.UTC)
        _wait(lambda: _capture(data)["attempts"] == 2, 90, "the new worker to take the capture up again")
        picked_up = _capture(data)["started_at"]
        assert picked_up - started < datetime.timedelta(seconds=60)  # within a minute of the worker starting
        assert picked_up - killed_at < datetime.timedelta(seconds=60)
        done = {"needs_review", "failed", "refused"}
        _wait(lambda: _capture(data)["status"] in done, 600, "the capture to finish")

        final = _capture(data)
        log = (tmp_path / "worker-2.log").read_text(errors="replace")
        assert final["status"] == "needs_review", (final, log)
        assert final["attempts"] == 2 and final["page_count"] == 6 and final["progress_done"] == 6
        [(pages, letter_id, lease_owner)] = _query(data, "SELECT pages, letter_id, lease_owner FROM archive_capture")
        pages = json.loads(pages) if isinstance(pages, str) else pages
        assert [page["number"] for page in pages] == [1, 2, 3, 4, 5, 6]
        assert letter_id is not None and lease_owner == ""
        assert _query(data, "SELECT COUNT(*) FROM archive_incomingletter") == [(1,)]  # one letter, made once
        # django-tasks' rows: the dead run's, marked failed by the recovery, and the one that finished (marked a
        # moment after the capture).
        expected = [("FAILED",), ("SUCCESSFUL",)]
        _wait(lambda: sorted(_query(data, CAPTURE_TASKS)) == expected, 30, lambda: _query(data, CAPTURE_TASKS))
    finally:
        _stop(first)
        if second is not None:
            _stop(second)

"""Workers on Redis: two real RQ worker processes take the capture jobs of a few corpus letters ingested through the
queue; one is killed (SIGKILL, with its work horse) in the middle of a capture, and that capture is finished by the
other worker, with nothing lost and nothing done twice.

Runs when Redis is reachable (NASKAH_TEST_REDIS_URL, default redis://127.0.0.1:6379/5; .ci/run starts it), on a
SQLite copy of the test database shared by the processes. Marked slow: it runs once in CI.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from operations.backup import database
from tests.waiting import wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
REDIS_URL = os.environ.get("NASKAH_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
ROOT = Path(__file__).resolve().parents[2]
LETTERS = ["contoh_5040.png", "contoh_7068.png", "contoh_5912.jpg"]
SETTINGS = """
from naskah.settings.base import *  # noqa
ARCHIVE_CAPTURE_LEASE_SECONDS = 5
"""


def _redis():
    from redis import Redis

    client = Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except Exception as error:  # noqa: BLE001
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")
    return client


def _env(data: Path, settings_dir: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "NASKAH_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="worker_settings",
        PYTHONPATH=f"{settings_dir}{os.pathsep}{ROOT}",
        DJANGO_SECRET_KEY="workers-test",
        NASKAH_DATA_DIR=str(data),
        REDIS_URL=REDIS_URL,
        NASKAH_WORKER_HEARTBEAT_SECONDS="3",
        NASKAH_WORKER_MAINTENANCE_SECONDS="5",
    )
    return env


def _captures(db: Path) -> dict[int, tuple[str, int]]:
    with sqlite3.connect(db, timeout=20) as read:
        return {
            pk: (status, attempts)
            for pk, status, attempts in read.execute("SELECT id, status, attempts FROM archive_capture")
        }


def _wait(condition, timeout: float, what) -> object:
    return wait_for(condition, timeout, what, interval=0.5)


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (RQ's work horse runs in a session of its own, so a process group is not enough)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, level = [], [pid]
    while level:
        level = [child for parent in level for child in children.get(parent, [])]
        found += level
    return found


def _kill_worker(process: subprocess.Popen) -> None:
    """SIGKILL a worker, its work horse and whatever the horse started, as a crash or the OOM killer would."""
    for pid in [process.pid, *_descendants(process.pid)]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _worker(name: str, env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "rqworker", "default", "--name", name, "--worker-ttl", "20"],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def test_a_killed_workers_capture_is_finished_by_the_other_worker(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the worker processes share a SQLite copy of the test database (run on the SQLite pass)")
    redis = _redis()
    redis.flushdb()
    data, settings_dir = tmp_path / "data", tmp_path / "settings"
    data.mkdir()
    settings_dir.mkdir()
    (settings_dir / "worker_settings.py").write_text(SETTINGS)
    db = data / "naskah.sqlite3"
    database.dump(db)  # the migrated test database, for the worker processes
    env = _env(data, settings_dir)
    logs = {name: tmp_path / f"worker-{name}.log" for name in ("a", "b")}
    workers = {}
    try:
        corpus = Path(settings.SHARED_DIR) / "corpus" / "dev" / "letters"
        ingest = subprocess.run(
            [sys.executable, "manage.py", "ingest", *[str(corpus / n) for n in LETTERS]],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert ingest.returncode == 0, ingest.stdout + ingest.stderr
        assert len(_captures(db)) == 3
        # The workers start once every job waits: one started during the ingest could finish its first capture
        # (a one-page letter takes seconds) before it is seen processing.
        workers.update({name: _worker(name, env, logs[name]) for name in ("a", "b")})

        # Worker a takes a capture; once that capture is being read, a is killed with its work horse.
        def taken_by_a():
            found = re.findall(r"process_capture_task\((\d+)\)", logs["a"].read_text(errors="replace"))
            return int(found[0]) if found else None

        victim = _wait(taken_by_a, 240, "worker a to take a job")
        _wait(lambda: _captures(db)[victim][0] == "processing", 120, "worker a to start the capture")
        time.sleep(1)
        _kill_worker(workers["a"])
        workers["a"].wait(timeout=30)
        assert _captures(db)[victim][0] == "processing"  # killed mid-job

        # Worker b finishes its own jobs, finds the abandoned one and runs it from the original.
        done = {"needs_review", "failed", "refused"}
        _wait(lambda: all(status in done for status, _ in _captures(db).values()), 420, "every capture to finish")
        final = _captures(db)
        assert {status for status, _ in final.values()} == {"needs_review"}, final
        assert final[victim][1] == 2 and all(attempts == 1 for pk, (_, attempts) in final.items() if pk != victim)
        assert f"process_capture_task({victim})" in logs["b"].read_text(errors="replace")
        with sqlite3.connect(db, timeout=20) as read:
            letters = read.execute("SELECT COUNT(*) FROM archive_incomingletter").fetchone()[0]
            linked = read.execute("SELECT COUNT(DISTINCT letter_id) FROM archive_capture").fetchone()[0]
        assert letters == linked == 3  # one draft letter per capture: none lost, none made twice
        from rq import Queue
        from rq.registry import FailedJobRegistry, StartedJobRegistry

        queue = Queue("default", connection=redis)
        waiting = [job.func_name for job in queue.jobs]  # index updates may still wait; no capture job may
        assert "archive.tasks.process_capture_task" not in waiting, waiting
        assert FailedJobRegistry(queue=queue).count == 0
        running = [queue.fetch_job(job_id) for job_id in StartedJobRegistry(queue=queue).get_job_ids()]
        assert not [job for job in running if job and job.func_name == "archive.tasks.process_capture_task"]
    finally:
        for process in workers.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        redis.flushdb()

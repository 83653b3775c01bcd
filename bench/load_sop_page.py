"""Load benchmark: a warm SOP page against a trivial Django view, both served by gunicorn in this run.

Prints requests/s and p95 latency for each and the ratio of their throughputs. The target is an SOP
page at no less than half the trivial view's throughput. Usage:

    .venv/bin/python bench/load_sop_page.py [--seconds 10] [--clients 8] [--workers 2]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def _env(data_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="naskah.settings.production",
        DJANGO_SECRET_KEY="bench-secret",
        NASKAH_DATA_DIR=data_dir,
        NASKAH_SECURE_COOKIES="false",
        NASKAH_LOG_LEVEL="WARNING",
    )
    env.pop("DATABASE_URL", None)
    return env


def _prepare(env: dict[str, str]) -> str:
    """Migrate a fresh database, load the demo catalogue, and return the path of the longest SOP."""
    subprocess.run([PYTHON, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [PYTHON, "manage.py", "load_demo", "--no-letters"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    script = (
        "from cms.models import SopPage;"
        "from django.db.models import Count;"
        "p=SopPage.objects.live().annotate(n=Count('steps')).order_by('-n').first();"
        "print(p.url_path, p.n, p.actors.count())"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    url_path, steps, actors = out[-3], out[-2], out[-1]
    path = "/" + "/".join(url_path.strip("/").split("/")[1:]) + "/"
    print(f"SOP page under test: {path} ({steps} steps, {actors} actors)")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            _get(port, "/ping")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def _client(port: int, path: str, seconds: float, queue, headers) -> None:
    latencies, errors = [], 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.perf_counter()
        status = _get(port, path, headers)
        latencies.append(time.perf_counter() - start)
        errors += status != 200
    queue.put((latencies, errors))


def _measure(port: int, path: str, seconds: float, clients: int, headers: dict[str, str] | None = None) -> dict:
    queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=_client, args=(port, path, seconds, queue, headers)) for _ in range(clients)
    ]
    started = time.monotonic()
    for proc in procs:
        proc.start()
    results = [queue.get() for _ in procs]
    for proc in procs:
        proc.join()
    elapsed = time.monotonic() - started
    latencies = sorted(lat for lats, _ in results for lat in lats)
    errors = sum(err for _, err in results)
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="naskah-bench-") as data_dir:
        env = _env(data_dir)
        sop_path = _prepare(env)
        port = _free_port()
        server = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "naskah.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            _wait_ready(port)
            for _ in range(args.workers * 4):  # warm every worker's imports and the page cache
                assert _get(port, sop_path) == 200, "SOP page did not answer 200"
            trivial = _measure(port, "/ping", args.seconds, args.clients)
            sop = _measure(port, sop_path, args.seconds, args.clients)
            # A session cookie takes the request past the public page cache: the full render, for reference.
            rendered = _measure(port, sop_path, args.seconds, args.clients, {"Cookie": "sessionid=bench"})
        finally:
            server.terminate()
            server.wait(timeout=10)

    print(f"gunicorn workers={args.workers} clients={args.clients} seconds={args.seconds}")
    for name, figures in (
        ("trivial view /ping", trivial),
        ("warm SOP page", sop),
        ("SOP page uncached", rendered),
    ):
        print(
            f"{name:20s} {figures['rps']:8.1f} req/s  p50 {figures['p50_ms']:6.2f} ms  "
            f"p95 {figures['p95_ms']:6.2f} ms  ({figures['requests']} requests, {figures['errors']} errors)"
        )
    ratio = sop["rps"] / trivial["rps"]
    print(f"throughput ratio SOP/trivial: {ratio:.2f} (target >= 0.50: {'met' if ratio >= 0.5 else 'NOT met'})")
    print(f"uncached render ratio (information only): {rendered['rps'] / trivial['rps']:.2f}")
    return 0 if ratio >= 0.5 and not (sop["errors"] or trivial["errors"]) else 1


if __name__ == "__main__":
    sys.exit(main())

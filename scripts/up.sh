#!/usr/bin/env bash
# Set everything up on a fresh Debian machine, load the demo content and serve Naskah with its worker
# on http://127.0.0.1:8000 (Ctrl-C stops all of it). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
source scripts/serve_env.sh
PY=.venv/bin/python
mkdir -p var
$PY manage.py compilemessages -v 0 --ignore '.venv/*' >/dev/null 2>&1 || true
$PY manage.py migrate --noinput -v 0
$PY manage.py collectstatic --noinput -v 0
NASKAH_LOG_LEVEL=WARNING $PY manage.py load_demo

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
# One task worker per core: each letter's pages are OCR'd in parallel, and so are letters. No auto-reloader:
# a reloading worker runs in a child process that a stop would leave behind.
for _ in $(seq "${TASK_WORKERS:-$(nproc)}"); do
  $PY manage.py db_worker --queue-name default --no-reload >>var/worker.log 2>&1 & pids+=($!)
done
$PY manage.py run_periodic >var/periodic.log 2>&1 & pids+=($!)
PORT="${NASKAH_PORT:-8000}"
echo "Naskah runs on http://127.0.0.1:$PORT (admin: http://127.0.0.1:$PORT/admin/, see README for demo users)"
.venv/bin/gunicorn naskah.wsgi:application --bind "127.0.0.1:$PORT" --workers "${WEB_WORKERS:-3}" \
  --access-logfile var/access.log --error-logfile var/web.log

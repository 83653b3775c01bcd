#!/usr/bin/env bash
# Run the whole test suite (and the static checks) on SQLite, or on PostgreSQL when DATABASE_URL is set.
# Tests run in parallel, one process per core (NASKAH_TEST_WORKERS=0 runs them in this process). Not by file
# (--dist loadfile): that breaks pytest-django's order, transactional tests last, and their flushes then empty the
# migrations' data (groups, codes, the page tree) under the tests that follow;
# arguments go to pytest, e.g. `bash scripts/test.sh tests/archive -x` or `-m "not slow and not browser"`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export DJANGO_SETTINGS_MODULE=naskah.settings.test
.venv/bin/ruff check --quiet .
.venv/bin/lint-imports --no-cache >/dev/null || .venv/bin/lint-imports --no-cache
env -u DATABASE_URL .venv/bin/python manage.py makemigrations --check --dry-run -v 0 || { echo "Model changes without a migration"; exit 1; }
.venv/bin/python manage.py compilemessages -v 0 --ignore '.venv/*' >/dev/null
exec .venv/bin/pytest -q -n "${NASKAH_TEST_WORKERS:-auto}" "$@"

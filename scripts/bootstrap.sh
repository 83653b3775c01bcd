#!/usr/bin/env bash
# Install what Naskah needs on a fresh Debian machine: system packages and the Python virtualenv.
# Idempotent and quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  python3 python3-venv python3-dev gcc
  tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng tesseract-ocr-osd
  poppler-utils libnss3-tools libmagic1 qpdf gettext
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2
  chromium
  dovecot-imapd
)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.naskah-requirements
wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "Installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v -i warning || true
  .venv/bin/python -m pip install -q -e ".[test]" 2>&1 | grep -v -i warning || true
  .venv/bin/python -c "import wagtail, django_tasks_db, weasyprint, pytesseract, playwright" 
  echo "$wanted" > "$stamp"
fi

"""What scripts/up.sh serves: the production settings, DEBUG off, a secret key generated once into var/, the
HTTPS settings when served over HTTPS, and `manage.py check --deploy` clean; development settings only on request."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import path

ROOT = Path(__file__).resolve().parents[2]
# Prints the settings that matter, then runs the deployment checks (an exception if any issue, even an INFO).
PROBE = """
from django.conf import settings as s
from django.core.management import call_command
print(s.SETTINGS_MODULE, s.DEBUG, s.SECRET_KEY, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,
      getattr(s, "SECURE_SSL_REDIRECT", False), s.SECURE_HSTS_SECONDS > 0, bool(s.SECURE_PROXY_SSL_HEADER))
call_command("check", deploy=True, fail_level="INFO")
print("CHECK-CLEAN")
"""


def serve_env() -> dict[str, str]:
    """The environment up.sh serves with, read by sourcing the file up.sh sources, from a clean environment."""
    up = (ROOT / "scripts/up.sh").read_text()
    assert "source scripts/serve_env.sh" in up
    assert "manage.py db_worker" in up and "--no-reload" in up  # a stop stops the workers
    assert "gunicorn naskah.wsgi:application" in up
    out = subprocess.run(
        ["bash", "-c", "source scripts/serve_env.sh && env -0"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(item.split("=", 1) for item in out.split("\0") if "=" in item)


def run(args: list[str], env: dict[str, str], data_dir: Path) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "NASKAH_"))}
    clean.pop("DATABASE_URL", None)
    clean.update(env, NASKAH_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=300)


def probe(env: dict[str, str], data_dir: Path) -> tuple[list[str], str]:
    out = run(["manage.py", "shell", "--no-imports", "-c", PROBE], env, data_dir)
    lines = out.stdout.splitlines()
    return (lines[0].split() if lines else []), out.stdout + out.stderr


def test_up_sh_serves_the_production_settings_with_debug_off_and_a_clean_deploy_check(tmp_path):
    env = serve_env()
    assert env["DJANGO_SETTINGS_MODULE"] == "naskah.settings.production"
    values, output = probe({"DJANGO_SETTINGS_MODULE": env["DJANGO_SETTINGS_MODULE"]}, tmp_path)
    module, debug, key, session_secure, csrf_secure, redirect, hsts, proxy = values
    assert (module, debug) == ("naskah.settings.production", "False")
    assert "CHECK-CLEAN" in output, output  # plain HTTP on a loopback address: nothing to warn about
    assert (session_secure, csrf_secure, redirect, hsts) == ("False", "False", "False", "False")
    key_file = tmp_path / "keys" / "secret_key"
    assert key_file.read_text().strip() == key and len(key) >= 50 and "insecure" not in key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # manage.py's own default is production too; the key is generated once and kept; DEBUG cannot be turned on.
    again, _output = probe({"DJANGO_DEBUG": "1"}, tmp_path)
    assert again[:3] == [module, "False", key]


def test_over_https_cookies_are_secure_with_hsts_and_a_redirect_and_the_check_is_clean(tmp_path):
    values, output = probe({"NASKAH_HTTPS": "1"}, tmp_path)
    assert values[3:] == ["True", "True", "True", "True", "True"]
    assert "CHECK-CLEAN" in output, output


def test_development_settings_only_when_asked_for(tmp_path):
    values, _output = probe({"DJANGO_SETTINGS_MODULE": "naskah.settings.dev"}, tmp_path)
    assert values[:2] == ["naskah.settings.dev", "True"]


def test_plain_http_on_a_public_host_name_is_warned(tmp_path):
    _values, output = probe({"DJANGO_ALLOWED_HOSTS": "arsip.dinas.example.go.id"}, tmp_path)
    assert "naskah.W001" in output and "CHECK-CLEAN" not in output


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_errors_show_the_friendly_pages_not_the_debug_pages():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert b"Terjadi kesalahan" in response.content and b"Traceback" not in response.content


@pytest.mark.django_db
def test_an_unknown_address_shows_the_friendly_404(client, site_tree):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()

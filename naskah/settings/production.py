"""Production settings: what ``scripts/up.sh``, ``manage.py`` and the WSGI entry point use unless told otherwise.

- DEBUG is off whatever the environment says: errors show the friendly 404/500 pages, never Django's debug pages.
- The secret key comes from ``DJANGO_SECRET_KEY``, or is generated once into ``var/keys/secret_key`` (mode 0600).
- Served over HTTPS (``NASKAH_HTTPS=1``, usually behind a TLS-terminating proxy that sets X-Forwarded-Proto):
  secure session and CSRF cookies, a redirect from HTTP, HSTS. Served over plain HTTP (the default, fit for a
  loopback address such as up.sh's 127.0.0.1:8000) those would lock everybody out, so the checks that ask for
  them are silenced; ``naskah.checks`` warns instead when such a site answers to any other host name.
"""

import os

from .base import *  # noqa: F403
from .base import NASKAH_KEYS_DIR, env_bool
from .keys import secret_from_env_or_file

DEBUG = False
SECRET_KEY = secret_from_env_or_file(env="DJANGO_SECRET_KEY", path=NASKAH_KEYS_DIR / "secret_key")

HTTPS = env_bool("NASKAH_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview marks its own views same-origin
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("NASKAH_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("NASKAH_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("NASKAH_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("NASKAH_HSTS_PRELOAD", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container health check asks over plain HTTP
    if env_bool("NASKAH_BEHIND_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
else:
    SILENCED_SYSTEM_CHECKS = [
        "security.W004",  # HSTS
        "security.W008",  # SSL redirect
        "security.W012",  # secure session cookie
        "security.W016",  # secure CSRF cookie
    ]

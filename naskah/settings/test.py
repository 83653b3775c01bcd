"""Test settings: fast hashing, tasks run immediately, media in a temporary folder."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="naskah-test-media-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="naskah-test-static-"))
FILE_UPLOAD_TEMP_DIR = tempfile.mkdtemp(prefix="naskah-test-uploads-")
# Each test gets its own index folder under this one (tests/conftest.py), so neither tests nor parallel runs share an
# index; in memory (tmpfs) where there is one, as the commits' fsync calls cost nothing there.
_SHM = Path("/dev/shm")  # noqa: S108 - a folder of our own is made inside it by mkdtemp
SEARCH_INDEX_DIR = Path(tempfile.mkdtemp(prefix="naskah-test-search-", dir=_SHM if _SHM.is_dir() else None))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if not os.environ.get("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LANGUAGE_CODE = "id"
NASKAH_AUDIT_KEY = "naskah-test-audit-key"
NASKAH_AUDIT_ANCHOR = Path(tempfile.mkdtemp(prefix="naskah-test-audit-")) / "audit-anchor.json"
# Electronic signatures: a CA pass phrase for the tests' authority, and cheap key derivation (the production
# default is 210,000 PBKDF2 rounds; the tests make many certificates).
ARCHIVE_TTE_CA_PASSPHRASE = "ca-uji-rahasia-sekali"  # noqa: S105 (a test value)
ARCHIVE_TTE_KDF_ROUNDS = 2_000
NASKAH_PUBLIC_URL = "http://naskah.test"

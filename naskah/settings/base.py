"""Settings shared by every environment, read from environment variables with embedded defaults.

Embedded default: SQLite, files on local disk, search in the database, tasks in the database.
Scale-out, same code: DATABASE_URL (PostgreSQL), ELASTICSEARCH_URL, REDIS_URL (workers on Redis),
NASKAH_S3_BUCKET (+ AWS_* variables) for object storage.
"""

import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
# The shared folder beside the repository (seeds, domain data, letter corpus).
SHARED_DIR = Path(os.environ.get("NASKAH_SHARED_DIR", BASE_DIR.parent / "shared"))
DATA_DIR = Path(os.environ.get("NASKAH_DATA_DIR", BASE_DIR / "var"))
# Secrets generated on first use (secret key in production, the audit log's signing key): mode 0600 files here.
NASKAH_KEYS_DIR = Path(os.environ.get("NASKAH_KEYS_DIR", DATA_DIR / "keys"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "naskah-insecure-development-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000")

INSTALLED_APPS = [
    "naskah",
    "cms",
    "archive",
    "ocr",
    "search",
    "api",
    "operations",
    "mailintake",
    "ninja",
    "wagtail.api.v3",  # only for its admin screens of personal API tokens (Settings > API tokens)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "cms.page_cache.PublicPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "archive.audit.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "naskah.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.catalogue",
            ],
        },
    },
]

WSGI_APPLICATION = "naskah.wsgi.application"

# Database: SQLite by default, DATABASE_URL switches (postgres://user@host:5432/name).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'naskah.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Internationalisation: Bahasa Indonesia by default, English available.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Login throttling (archive/login_throttle.py): failures allowed before an account is locked, and for how long.
WAGTAILADMIN_USER_LOGIN_FORM = "archive.login_throttle.ThrottledLoginForm"
LOGIN_FAILURES_ALLOWED = int(os.environ.get("NASKAH_LOGIN_FAILURES_ALLOWED", "5"))
LOGIN_LOCK_SECONDS = int(os.environ.get("NASKAH_LOGIN_LOCK_SECONDS", "900"))

# Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("NASKAH_MEDIA_ROOT", DATA_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if os.environ.get("NASKAH_S3_BUCKET"):
    # S3-compatible object storage (MinIO, Ceph, AWS). Credentials come from AWS_* variables.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["NASKAH_S3_BUCKET"],
            "endpoint_url": os.environ.get("NASKAH_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("NASKAH_S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Uploads above FILE_UPLOAD_MAX_MEMORY_SIZE stream to a file in this folder (made at start); files a killed web
# worker left there are removed after NASKAH_UPLOAD_TEMP_MAX_AGE seconds by upload_temp_sweep (operations.upload_temp).
FILE_UPLOAD_TEMP_DIR = os.environ.get("NASKAH_UPLOAD_TEMP_DIR", str(DATA_DIR / "uploads-tmp"))
NASKAH_UPLOAD_TEMP_MAX_AGE = int(os.environ.get("NASKAH_UPLOAD_TEMP_MAX_AGE", "3600"))

# Background tasks (the tasks API Wagtail uses): a durable database queue by default,
# Redis-backed workers when REDIS_URL is set.
if os.environ.get("REDIS_URL"):
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_rq.RQBackend",
            "QUEUES": ["default"],
        }
    }
    RQ_QUEUES = {"default": {"URL": os.environ["REDIS_URL"], "DEFAULT_TIMEOUT": 900}}
    # A killed worker's job goes back on the queue and another worker takes it (operations.workers).
    # Workers must run django-tasks' job class (it calls the Task); without it every job fails "not callable".
    RQ = {
        "JOB_CLASS": "django_tasks_rq.backend.Job",
        "QUEUE_CLASS": "operations.workers.RetryingQueue",
        "WORKER_CLASS": "operations.workers.RecoveringWorker",
    }
    NASKAH_TASK_RETRIES = int(os.environ.get("NASKAH_TASK_RETRIES", "3"))
    NASKAH_WORKER_HEARTBEAT_SECONDS = int(os.environ.get("NASKAH_WORKER_HEARTBEAT_SECONDS", "10"))
    NASKAH_WORKER_MAINTENANCE_SECONDS = int(os.environ.get("NASKAH_WORKER_MAINTENANCE_SECONDS", "30"))
    INSTALLED_APPS.append("django_rq")
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Cache: files on local disk by default (shared by the web workers and the task worker, so a publish in
# one process invalidates cached pages in all of them), Redis when REDIS_URL is set.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Wagtail.
WAGTAIL_SITE_NAME = os.environ.get("NASKAH_SITE_NAME", "Naskah")
WAGTAILADMIN_BASE_URL = os.environ.get("NASKAH_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]

# Search engine: the embedded Tantivy index in SEARCH_INDEX_DIR; ELASTICSEARCH_URL switches to Elasticsearch.
SEARCH_INDEX_DIR = Path(os.environ.get("NASKAH_SEARCH_INDEX_DIR", DATA_DIR / "search"))
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")

# E-mail: printed to the console unless an SMTP host is configured.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "naskah@localhost")
# Seconds a mail server may take before a notification e-mail is given up (and retried by the periodic run).
NASKAH_EMAIL_TIMEOUT = int(os.environ.get("NASKAH_EMAIL_TIMEOUT", "20"))
# Local hour from which the daily notification digests go out.
NASKAH_DIGEST_HOUR = int(os.environ.get("NASKAH_DIGEST_HOUR", "7"))

# Naskah: REST API (/api/v1/). Requests each personal token may make (per second, minute, hour or day: "120/m"),
# and each address may make to the public catalogue without a token.
API_TOKEN_RATE = os.environ.get("NASKAH_API_TOKEN_RATE", "120/m")
API_ANONYMOUS_RATE = os.environ.get("NASKAH_API_ANONYMOUS_RATE", "300/m")

# Naskah: SOP catalogue.
# Seconds a rendered public page stays cached; any publish or unpublish invalidates all of them at once.
CMS_PAGE_CACHE_SECONDS = int(os.environ.get("NASKAH_PAGE_CACHE_SECONDS", "600"))
# Length of one working day, used to add up step durations given in days ("1 hari").
CMS_WORKING_DAY_MINUTES = int(os.environ.get("NASKAH_WORKING_DAY_MINUTES", str(8 * 60)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("NASKAH_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Every task start and finish is logged at INFO; keep command output readable.
        "django_tasks": {"level": "WARNING"},
        # WeasyPrint logs each rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Commands the periodic runner (manage.py run_periodic) repeats: (command, seconds).
NASKAH_PERIODIC_COMMANDS = [("publish_scheduled", 60), ("archive_watch", 15)]
NASKAH_PERIODIC_COMMANDS.append(("dispositions_remind", 3600))  # overdue and idle dispositions
NASKAH_PERIODIC_COMMANDS.append(("notifications_send", 300))  # failed notification e-mails again, daily digests
NASKAH_PERIODIC_COMMANDS.append(("outgoing_mail_retry", 60))  # e-mails of signed letters that failed
NASKAH_PERIODIC_COMMANDS.append(("search_apply", 5))  # search index updates left waiting (engine was down)
NASKAH_PERIODIC_COMMANDS.append(("fixity_check", 300))  # a slice of the originals' SHA-256 re-checked
NASKAH_PERIODIC_COMMANDS.append(("mail_fetch", 180))  # letters arrived in the IMAP accounts
NASKAH_PERIODIC_COMMANDS.append(("upload_temp_sweep", 600))  # temporary files of uploads cut off by a killed worker

# Naskah: operations. Fixity checks this many originals (or bytes, whichever first) every run of fixity_check.
FIXITY_SLICE_FILES = int(os.environ.get("NASKAH_FIXITY_SLICE_FILES", "500"))
FIXITY_SLICE_BYTES = int(os.environ.get("NASKAH_FIXITY_SLICE_BYTES", str(2 * 1024**3)))
NASKAH_PERIODIC_COMMANDS.append(("audit_seal", 60))  # audit rows whose post-commit sealing did not run
NASKAH_PERIODIC_COMMANDS.append(("audit_verify", 24 * 3600))  # the daily verification admins see

# Naskah: audit log. The signing key (NASKAH_AUDIT_KEY, else generated into NASKAH_KEYS_DIR/audit_key) must not
# live on the database server; the anchor file keeps the chain's head outside the database.
NASKAH_AUDIT_ANCHOR = Path(os.environ.get("NASKAH_AUDIT_ANCHOR", DATA_DIR / "audit-anchor.json"))

# Naskah: electronic letters. The address printed in QR codes and on receipts (the public site).
NASKAH_PUBLIC_URL = os.environ.get("NASKAH_PUBLIC_URL", WAGTAILADMIN_BASE_URL)
# Electronic signatures (TTE): who holds the keys, the office CA's pass phrase (needed to issue certificates),
# the secret sealing the signers' keystores (default SECRET_KEY), a timestamp authority (RFC 3161) if any, and
# whether a signer must sign electronically (False: a signer may still approve for a wet signature).
ARCHIVE_TTE_BACKEND = os.environ.get("NASKAH_TTE_BACKEND", "archive.signing.backends.office_ca.OfficeCABackend")
ARCHIVE_TTE_CA_PASSPHRASE = os.environ.get("NASKAH_TTE_CA_PASSPHRASE", "")
ARCHIVE_TTE_KEYSTORE_SECRET = os.environ.get("NASKAH_TTE_KEYSTORE_SECRET", "")
ARCHIVE_TTE_TSA_URL = os.environ.get("NASKAH_TTE_TSA_URL", "")
ARCHIVE_TTE_TSA_USERNAME = os.environ.get("NASKAH_TTE_TSA_USERNAME", "")
ARCHIVE_TTE_TSA_PASSWORD = os.environ.get("NASKAH_TTE_TSA_PASSWORD", "")
ARCHIVE_TTE_REQUIRED = env_bool("NASKAH_TTE_REQUIRED", False)
ARCHIVE_LETTER_PAPER = os.environ.get("NASKAH_LETTER_PAPER", "A4")

# Naskah: archive. Folder a scanner or shared drive drops letters into; the worker takes them in.
ARCHIVE_WATCH_DIR = os.environ.get("NASKAH_WATCH_DIR", str(DATA_DIR / "masuk"))

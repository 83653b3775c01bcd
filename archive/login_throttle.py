"""Login throttling: an account is locked for a while after repeated failed log-ins, and every failure and lock
is audited.

Failures are counted per user name (folded) in the cache, so a guesser who changes address is still stopped;
``LOGIN_FAILURES_ALLOWED`` failures within ``LOGIN_LOCK_SECONDS`` lock the name for that time. A successful
log-in clears the count. While locked, even the right password is refused, with a message that says so. A shared
cache (Redis, or the file cache) makes the lock hold across processes.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms.auth import LoginForm

from archive.audit import Action, record


def _limits() -> tuple[int, int]:
    return (getattr(settings, "LOGIN_FAILURES_ALLOWED", 5), getattr(settings, "LOGIN_LOCK_SECONDS", 15 * 60))


def _key(username: str) -> str:
    return f"naskah:login-failures:{username.strip().casefold()}"


def failures(username: str) -> int:
    return int(cache.get(_key(username)) or 0)


def is_locked(username: str) -> bool:
    return failures(username) >= _limits()[0]


def record_failure(username: str) -> int:
    """Count one failed log-in of ``username`` (the window restarts with each failure) and audit it."""
    allowed, seconds = _limits()
    count = failures(username) + 1
    cache.set(_key(username), count, timeout=seconds)
    locked = count >= allowed
    record(
        Action.REFUSE,
        object_type="login",
        object_id=username[:64],
        object_repr=(_("Masuk gagal; akun dikunci sementara") if locked else _("Masuk gagal"))[:300],
        changes={"failures": count, "locked": locked},
    )
    return count


def clear(username: str) -> None:
    cache.delete(_key(username))


def _on_failure(sender, credentials, request=None, **kwargs) -> None:  # noqa: ANN001, ANN003
    username = str(credentials.get("username", "") or "")
    if username:
        record_failure(username)


def _on_login(sender, request, user, **kwargs) -> None:  # noqa: ANN001, ANN003
    clear(user.get_username())


def connect() -> None:
    user_login_failed.connect(_on_failure, dispatch_uid="naskah-login-throttle-failure")
    user_logged_in.connect(_on_login, dispatch_uid="naskah-login-throttle-success")


class ThrottledLoginForm(LoginForm):
    """Wagtail's login form, refusing a locked account before its password is tried."""

    def clean(self):  # noqa: ANN201
        username = self.cleaned_data.get("username") or ""
        if username and is_locked(username):
            minutes = max(1, _limits()[1] // 60)
            raise ValidationError(
                _(
                    "Terlalu banyak percobaan masuk yang gagal. Akun ini dikunci sementara; "
                    "coba lagi dalam %(minutes)d menit."
                )
                % {"minutes": minutes},
                code="locked",
            )
        return super().clean()

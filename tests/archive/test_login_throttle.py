"""Login throttling: repeated failed log-ins lock the account for a while (even the right password is refused,
with a message), every failure is audited, and a successful log-in clears the count."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, override_settings

from archive.models import AuditEvent

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def log_in(client: Client, username: str, password: str):  # noqa: ANN201
    return client.post(LOGIN, {"username": username, "password": password})


@override_settings(LOGIN_FAILURES_ALLOWED=3, LOGIN_LOCK_SECONDS=600)
def test_repeated_failures_lock_the_account_and_are_audited():
    get_user_model().objects.create_superuser("pejabat", password="sandi-benar")
    client = Client()
    for _ in range(3):
        assert log_in(client, "pejabat", "tebakan").status_code == 200
    locked = log_in(client, "Pejabat", "sandi-benar")  # the right password, another case: still locked
    assert locked.status_code == 200 and "_auth_user_id" not in client.session
    assert "dikunci sementara" in locked.content.decode()
    refusals = AuditEvent.objects.filter(action=AuditEvent.Action.REFUSE, object_type="login")
    assert refusals.count() == 3
    assert refusals.order_by("pk").last().changes == {"failures": 3, "locked": True}
    cache.clear()  # the lock's time is over
    assert log_in(client, "pejabat", "sandi-benar").status_code == 302


@override_settings(LOGIN_FAILURES_ALLOWED=3)
def test_a_successful_log_in_clears_the_count():
    get_user_model().objects.create_superuser("kasi", password="sandi-benar")
    for _ in range(2):
        log_in(Client(), "kasi", "salah")
    assert log_in(Client(), "kasi", "sandi-benar").status_code == 302
    for _ in range(2):
        log_in(Client(), "kasi", "salah")
    assert log_in(Client(), "kasi", "sandi-benar").status_code == 302

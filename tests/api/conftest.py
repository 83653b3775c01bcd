"""Fixtures of the API tests: a client that calls the API with a user's personal token."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import APIToken


class TokenClient:
    """Calls /api/v1/ as ``user`` with a personal token (or anonymously when user is None)."""

    def __init__(self, user=None):
        self.client = Client()
        self.headers = {}
        if user is not None:
            _token, key = APIToken.create_token(user=user, name="tests")
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    def _url(self, path: str) -> str:
        return path if path.startswith("/") else f"/api/v1/{path}"

    def get(self, path: str, data=None):
        return self.client.get(self._url(path), data, **self.headers)

    def post(self, path: str, data=None, *, json: bool = True):
        if json:
            return self.client.post(self._url(path), data or {}, content_type="application/json", **self.headers)
        return self.client.post(self._url(path), data or {}, **self.headers)


@pytest.fixture
def api_as():
    return TokenClient


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counts live in the cache, keyed by token id; ids repeat from one test to the next."""
    from django.core.cache import cache

    cache.clear()

"""Rate limits: each token its own budget (API_TOKEN_RATE, e.g. "120/m"), anonymous callers of the public
catalogue by address (API_ANONYMOUS_RATE).

Counted in the shared cache (files on disk, or Redis with REDIS_URL), so every web worker sees the same counts.
An exceeded limit answers 429 with Retry-After.
"""

from __future__ import annotations

from django.conf import settings
from ninja.throttling import AnonRateThrottle, SimpleRateThrottle
from wagtail.models import APIToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def __init__(self) -> None:
        super().__init__(rate=getattr(settings, "API_TOKEN_RATE", "120/m"))

    def allow_request(self, request) -> bool:
        self.num_requests, self.duration = self.parse_rate(getattr(settings, "API_TOKEN_RATE", self.rate))
        return super().allow_request(request)

    def get_cache_key(self, request) -> str | None:
        token = getattr(request, "auth", None)
        if not isinstance(token, APIToken):
            return None  # the browser session: the admin's own limits apply
        return f"naskah_api_throttle_token_{token.pk}"


class PublicRateThrottle(AnonRateThrottle):
    def __init__(self) -> None:
        super().__init__(rate=getattr(settings, "API_ANONYMOUS_RATE", "300/m"))

    def allow_request(self, request) -> bool:
        self.num_requests, self.duration = self.parse_rate(getattr(settings, "API_ANONYMOUS_RATE", self.rate))
        return super().allow_request(request)

"""A small fixed-window rate limit for the public pages (tracking and verification), kept in the cache.

It counts requests per client address and scope; behind a reverse proxy REMOTE_ADDR must be the client's (the
proxy sets it, e.g. nginx's real_ip module). A shared cache (Redis, or the file cache every process reads) makes
the limit hold across processes; the local-memory cache counts per process only.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(request, *, scope: str, limit: int, window: int) -> bool:
    """Count this request; False once ``limit`` requests of ``scope`` came from the client within the window."""
    key = f"naskah:rate:{scope}:{client_address(request)}:{int(time.time() // window)}"
    if cache.add(key, 1, timeout=window + 1):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        return True
    return count <= limit


def count(request, *, scope: str, window: int) -> int:
    """How many requests of ``scope`` the client made in the current window (without counting this one)."""
    return int(cache.get(f"naskah:rate:{scope}:{client_address(request)}:{int(time.time() // window)}") or 0)

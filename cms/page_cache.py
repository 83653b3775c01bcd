"""Full-page cache of the public catalogue for anonymous visitors, invalidated by any publish.

Public pages are read far more than they change and must stay fast on a cheap phone over a slow link,
so a rendered page is kept in the cache keyed by host, path, query and language. Instead of deleting
entries one by one, every key carries a generation number that a publish, unpublish, move or delete
bumps (see cms.signal_handlers), so stale pages simply stop being found. Only responses that a page or
view marked as cacheable are stored, and never for a visitor with a session (editors see the userbar).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

GENERATION_KEY = "cms:page-cache:generation"
SKIPPED_PREFIXES = ("/admin", "/django-admin", "/static", "/media", "/documents", "/i18n")


def mark_cacheable(response: HttpResponse) -> HttpResponse:
    response.naskah_cacheable = True
    return response


def bump_generation() -> None:
    """Invalidate every cached page at once."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, None)
        generation = cache.get(GENERATION_KEY, 1)
    return int(generation)


def _key(request: HttpRequest) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}|{getattr(request, 'LANGUAGE_CODE', '')}"
    return f"cms:page:{_generation()}:{hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()}"


def _eligible(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(SKIPPED_PREFIXES)
    )


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of cacheable public pages from the cache; store them after rendering."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if self._storable(response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            response["Cache-Control"] = "public, max-age=60"
            # The language lives in a cookie: a browser or proxy must not show a page kept in one language
            # after the visitor switched to the other (this cache's own key carries the language).
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
            cache.set(key, response, settings.CMS_PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def _storable(response: HttpResponse) -> bool:
        # Only visitors without a session are served from this cache, so a login never sees a stored page.
        return getattr(response, "naskah_cacheable", False) and response.status_code == 200 and not response.cookies

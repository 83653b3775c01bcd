"""Operational views that belong to no domain app."""

import mimetypes
import posixpath

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme

from archive.serving import stored_file_response

PUBLIC_IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"}


def healthz(request: HttpRequest) -> JsonResponse:
    """Return 200 when the database answers; used by docker-compose health checks and the benchmark."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def choose_language(request: HttpRequest, code: str) -> HttpResponseRedirect:
    """Remember the visitor's language in a cookie and go back; a GET link keeps public pages cacheable.

    Django's own set_language needs a POST with a CSRF token, which would put a cookie on every page.
    """
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def ping(request: HttpRequest) -> HttpResponse:
    """Return a constant answer: the trivial view the load benchmark compares the SOP page with."""
    return HttpResponse(b"pong", content_type="text/plain")


def public_image(request: HttpRequest, path: str) -> HttpResponse:
    """Serve a Wagtail image rendition (the catalogue's pictures are public); nothing outside ``images/``."""
    name = posixpath.normpath(path)
    content_type = mimetypes.guess_type(name)[0] or ""
    if name != path or not name.startswith("images/") or content_type not in PUBLIC_IMAGE_TYPES:
        raise Http404
    filename = posixpath.basename(name)
    return stored_file_response(
        name=name, content_type=content_type, filename=filename, inline=True, cache="public, max-age=86400"
    )


def not_found(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Answer 404 at once (no slash-appending redirect first): the addresses that must never serve anything."""
    raise Http404

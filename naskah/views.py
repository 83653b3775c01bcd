"""Operational views that belong to no domain app."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme


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

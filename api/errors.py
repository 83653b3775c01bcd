"""Every error as JSON: ``{"detail": "<a clear message>", "code": "<kind>"}`` (with ``errors`` for bad input)."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)


def _answer(api: NinjaAPI, request, status: int, code: str, detail: str, **extra):
    return api.create_response(request, {"detail": detail, "code": code, **extra}, status=status)


def install(api: NinjaAPI) -> None:
    """Register the handlers of every exception an endpoint may raise on ``api``."""

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return _answer(api, request, 404, "not_found", _("Tidak ditemukan."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return _answer(api, request, 403, "forbidden", str(exc) or _("Anda tidak memiliki izin untuk tindakan ini."))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        message = _("Perlu masuk: kirim 'Authorization: Bearer <token>' (token dibuat di admin, menu Token API).")
        return _answer(api, request, 401, "unauthenticated", message)

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return _answer(api, request, 429, "rate_limited", _("Terlalu banyak permintaan; coba lagi sebentar lagi."))

    @api.exception_handler(DjangoValidationError)
    def invalid(request, exc):
        messages = list(exc.messages)
        return _answer(api, request, 422, "invalid", " ".join(messages), errors=messages)

    @api.exception_handler(NinjaValidationError)
    def malformed(request, exc):
        errors = [_describe(error) for error in exc.errors]
        return _answer(api, request, 422, "invalid", "; ".join(errors) or _("Masukan tidak sah."), errors=errors)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return _answer(api, request, exc.status_code, "error", str(exc))

    @api.exception_handler(Exception)
    def server_error(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        return _answer(api, request, 500, "server_error", _("Kesalahan server; rinciannya ada di log server."))


def _describe(error: dict) -> str:
    location = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "form"))
    message = error.get("msg", "")
    return f"{location}: {message}" if location else message


def unknown_url(request, *args, **kwargs) -> JsonResponse:
    """Answer any URL under /api/ that names no endpoint (or an id of the wrong shape) with JSON, not a page."""
    return JsonResponse({"detail": _("Tidak ditemukan."), "code": "not_found"}, status=404)

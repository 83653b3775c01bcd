"""Who may do what on the clerk's screens: one place, so views, menu items and templates agree.

Groups come later; until then the model permissions decide, and superusers pass every check.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

UPLOAD = "archive.add_capture"
CONFIRM = "archive.change_incomingletter"
VIEW_ANY = (
    UPLOAD,
    "archive.change_capture",
    "archive.view_capture",
    CONFIRM,
    "archive.view_incomingletter",
)


def can_upload(user) -> bool:
    return user.has_perm(UPLOAD)


def can_retry(user) -> bool:
    return user.has_perm(UPLOAD) or user.has_perm("archive.change_capture")


def can_confirm(user) -> bool:
    return user.has_perm(CONFIRM)


def can_view(user) -> bool:
    """Return whether the user may see captures, their files and the incoming letters."""
    return any(user.has_perm(permission) for permission in VIEW_ANY)


def wants_json(request) -> bool:
    return request.headers.get("x-requested-with") == "XMLHttpRequest" or "json" in request.headers.get("accept", "")


def forbidden(request) -> TemplateResponse | JsonResponse:
    """Answer 403: JSON to scripts, a page in the admin's furniture to people.

    Wagtail's own views redirect to the dashboard with a message instead; a plain 403 keeps scripts and
    people told the same thing.
    """
    message = _("Anda tidak memiliki izin untuk tindakan ini.")
    if wants_json(request):
        return JsonResponse({"error": message}, status=403)
    return TemplateResponse(request, "archive/forbidden.html", {"message": message}, status=403)


class PermissionRequiredMixin:
    """Refuse the request with 403 unless ``permission_test(user)`` passes (for GET and for POST)."""

    permission_test = staticmethod(can_view)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_test(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

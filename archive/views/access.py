"""Who may do what on the clerk's screens: one place, so views, menu items and templates agree.

Two kinds of refusal, answered two ways on every screen (pages, JSON endpoints, files, PDFs):

- The screen: a user without the permission a screen needs is answered **403** (``forbidden``), checked before
  any record is looked up, so the answer says nothing about which records exist. Model permissions decide
  (superusers pass these checks).
- The letter: a letter the user may not open under the access rule (archive.selectors.access: a terbatas,
  rahasia or sangat rahasia letter is only for its operators and the posts on its chain; superusers get no
  exception) is answered **404**, exactly as a letter that does not exist, so ids cannot be probed. The same
  holds for what hangs off the letter: its capture, files, dispositions, reports and their attachments, its
  lembar disposisi; outgoing letters follow ``outgoing_visible_to`` the same way. Lists, exports and counts
  leave such letters out.

Every view or download of a restricted letter that is allowed is written to the audit log (``log_letter_access``),
and so is every showing of its subject in a list (``log_letters_listed``).
"""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from archive.audit import Action, record, record_letter_access, record_letters_shown
from archive.models import Capture, IncomingLetter, OutgoingLetter
from archive.models.letters import RESTRICTED_LEVELS
from archive.selectors.access import can_open_letter, can_open_outgoing
from archive.selectors.captures import can_open_capture, capture_is_restricted

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
    return TemplateResponse(request, "naskah/admin_forbidden.html", {"message": message}, status=403)


class PermissionRequiredMixin:
    """Refuse the request with 403 unless ``permission_test(user)`` passes (for GET and for POST)."""

    permission_test = staticmethod(can_view)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_test(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)


def require_letter(user, letter: IncomingLetter) -> None:
    """Answer 404 for a letter ``user`` may not open (see the module docstring)."""
    if not can_open_letter(user, letter):
        raise Http404


def require_capture(user, capture: Capture) -> None:
    """Answer 404 for a capture ``user`` may not see (its letter's rule, or its uploader's while it has none)."""
    if not can_open_capture(user, capture):
        raise Http404


def require_outgoing(user, letter: OutgoingLetter) -> None:
    """Answer 404 for an outgoing letter ``user`` may not open."""
    if not can_open_outgoing(user, letter):
        raise Http404


def log_letter_access(request, letter: IncomingLetter, *, action: str = Action.VIEW, what: str = "") -> None:
    """Write a view or download of ``letter`` to the audit log when it is restricted."""
    record_letter_access(letter, action=action, user=request.user, what=what)


def log_letters_listed(request, letters, *, what: str) -> None:
    """Log a view of every restricted letter a list shows with its subject (the page shown, not the whole list)."""
    unique = {letter.pk: letter for letter in letters if letter is not None}
    record_letters_shown(unique.values(), user=request.user, what=what)


def log_outgoing_listed(request, letters, *, what: str) -> None:
    """Log a view of every restricted outgoing letter a list shows with its subject."""
    for letter in {letter.pk: letter for letter in letters}.values():
        log_outgoing_access(request, letter, what=what)


def log_capture_access(request, capture: Capture, *, action: str = Action.VIEW, what: str = "") -> None:
    """Log a view or download of a capture: as its letter's when it has one, as the capture's while it has none."""
    if capture.letter_id is not None:
        log_letter_access(request, capture.letter, action=action, what=what)
    elif capture_is_restricted(capture):
        record(action, capture, user=request.user, object_repr=f"#{capture.pk}", changes={"what": what})


def log_outgoing_access(request, letter: OutgoingLetter, *, action: str = Action.VIEW, what: str = "") -> None:
    """Log a view or download of a restricted outgoing letter (its number and subject stay out of the log)."""
    if letter.security in RESTRICTED_LEVELS:
        record(action, letter, user=request.user, object_repr=f"#{letter.pk}", changes={"what": what} if what else None)

"""Who is calling: a personal token (``Authorization: Bearer wagtail_…``) or, from the browser, the admin session.

Tokens are Wagtail's own (wagtail.models.APIToken: created and revoked by their owner in the admin, Settings >
API tokens; only an HMAC-SHA-256 digest is stored) and resolved by Wagtail's BearerTokenAuth, which makes
``request.user`` the token's user. Every permission and access check downstream is then the one the screens
apply to that user. Session calls keep Django's CSRF protection.
"""

from __future__ import annotations

from ninja.security import SessionAuth
from wagtail.api.v3.auth import BearerTokenAuth


class BrowserSessionAuth(SessionAuth):
    """The signed-in admin session (for the interactive docs and the admin's own scripts)."""

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


token_auth = BearerTokenAuth()
session_auth = BrowserSessionAuth()

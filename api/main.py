"""The API object: version 1 under /api/v1/, its authentication, limits, errors and routers."""

from __future__ import annotations

import functools

from ninja import NinjaAPI

from api import errors
from api.auth import session_auth, token_auth
from api.routers import captures, casefiles, catalogue, dispositions, letters, outgoing, search
from api.throttling import PublicRateThrottle, TokenRateThrottle
from archive.audit import acting_as

DESCRIPTION = """
Naskah's REST API. Authenticate with a personal token (created and revoked in the admin, menu *Token API*):
`Authorization: Bearer nsk_...`; from a signed-in browser the admin session works too. Every endpoint applies
the same access rule as the screens: a restricted letter the caller may not open answers 404, and lists and
counts never include it. Errors are JSON: `{"detail": "...", "code": "..."}`. Lists are paged with `page` and
`per_page`. Each token has its own rate limit (429 with Retry-After when exceeded).
"""


def attributed(view):
    """Write every audit event of the call in the name of the token's (or session's) user."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with acting_as(
            user=request.user, source=request.META.get("REMOTE_ADDR", ""), path=request.get_full_path()[:500]
        ):
            return view(request, *args, **kwargs)

    return wrapper


ERROR_SCHEMA = {
    "type": "object",
    "title": "Error",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in words."},
        "code": {"type": "string", "description": "not_found, forbidden, unauthenticated, invalid, ..."},
        "errors": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["detail", "code"],
}
ERRORS = {
    "400": "The request could not be read.",
    "401": "No valid token (nor a signed-in session).",
    "403": "The caller's role may not use this operation.",
    "404": "No such record, or one the caller may not open.",
    "409": "The record is not in a state that allows this.",
    "422": "Invalid input; 'errors' lists each problem.",
    "429": "Rate limit exceeded; see Retry-After.",
    "503": "The search engine is unavailable.",
}
PUBLIC_ERRORS = ("400", "404", "422", "429")


class NaskahAPI(NinjaAPI):
    """NinjaAPI whose schema documents the JSON errors every operation may answer with."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for operations in schema["paths"].values():
            for operation in operations.values():
                public = "security" not in operation
                for status, description in ERRORS.items():
                    if public and status not in PUBLIC_ERRORS:
                        continue
                    operation["responses"].setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                        },
                    )
        return schema


def build_api() -> NinjaAPI:
    api = NaskahAPI(
        title="Naskah API",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api-v1",
        auth=[token_auth, session_auth],
        throttle=[TokenRateThrottle(), PublicRateThrottle()],
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    errors.install(api)
    api.add_decorator(attributed)
    api.add_router("/captures", captures.router)
    api.add_router("/letters", letters.router)
    api.add_router("/dispositions", dispositions.router)
    api.add_router("/outgoing", outgoing.router)
    api.add_router("/casefiles", casefiles.router)
    api.add_router("/search", search.router)
    api.add_router("/catalogue", catalogue.router)
    return api


api_v1 = build_api()

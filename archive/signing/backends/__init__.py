"""Who holds the signers' keys, chosen by ``ARCHIVE_TTE_BACKEND`` (see base.SigningBackend)."""

from __future__ import annotations

from django.utils.module_loading import import_string

from archive.signing.backends.base import SigningBackend

DEFAULT = "archive.signing.backends.office_ca.OfficeCABackend"


def signing_backend() -> SigningBackend:
    from django.conf import settings

    return import_string(getattr(settings, "ARCHIVE_TTE_BACKEND", DEFAULT))()

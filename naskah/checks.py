"""Deployment checks of the project (``manage.py check --deploy``) beyond Django's own."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]", "testserver"}


@register(Tags.security, deploy=True)
def plain_http_only_on_loopback(app_configs, **kwargs):  # noqa: ANN001, ANN003, ANN201
    """Served over plain HTTP, the site must answer on loopback names only: passwords would cross the network."""
    if settings.DEBUG or getattr(settings, "HTTPS", True):
        return []
    exposed = [host for host in settings.ALLOWED_HOSTS if host not in LOOPBACK]
    if not exposed:
        return []
    return [
        Warning(
            f"The site is served over plain HTTP but answers to {', '.join(exposed)}.",
            hint="Put a TLS-terminating web server in front and set NASKAH_HTTPS=1 (see README, 'Serving it').",
            id="naskah.W001",
        )
    ]

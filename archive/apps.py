"""App configuration for the records archive."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Arsip")

    def ready(self) -> None:
        from archive import login_throttle, search_hooks, search_outgoing, search_source
        from archive.audit import connect_change_tracking

        connect_change_tracking()
        login_throttle.connect()
        search_source.register()
        search_hooks.connect_index_updates()
        search_outgoing.register()

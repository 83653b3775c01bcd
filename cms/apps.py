"""App configuration for the SOP catalogue."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Katalog SOP")

    def ready(self) -> None:
        from cms import search_source
        from cms.signal_handlers import register_signal_handlers

        register_signal_handlers()
        search_source.register()

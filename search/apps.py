"""App configuration for the search layer."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "naskah_search"
    verbose_name = _("Pencarian")

"""App configuration of operations (backup, restore, fixity, system status)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operasional")
    default_auto_field = "django.db.models.BigAutoField"

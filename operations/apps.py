"""App configuration of operations (backup, restore, fixity, system status)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operasional")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Make the folder large uploads are streamed to (see operations.upload_temp)."""
        from operations.upload_temp import upload_temp_dir_ensure

        upload_temp_dir_ensure()

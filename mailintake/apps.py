"""App configuration of letters by e-mail."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailIntakeConfig(AppConfig):
    name = "mailintake"
    verbose_name = _("Surat lewat surel")
    default_auto_field = "django.db.models.BigAutoField"

"""The project package as an app, so it can carry project-wide management commands and deployment checks."""

from django.apps import AppConfig


class NaskahConfig(AppConfig):
    name = "naskah"
    verbose_name = "Naskah"

    def ready(self) -> None:
        from naskah import checks  # noqa: F401 - registers the deployment checks

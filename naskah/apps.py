"""The project package as an app, so it can carry project-wide management commands."""

from django.apps import AppConfig


class NaskahConfig(AppConfig):
    name = "naskah"
    verbose_name = "Naskah"

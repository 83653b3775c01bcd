"""App configuration for OCR (no models; registers the system checks for its binaries)."""

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class OcrConfig(AppConfig):
    name = "ocr"
    verbose_name = _("OCR")

    def ready(self) -> None:
        """Register the binary and language-data checks; the programs OCR starts end with their parent."""
        from ocr import children
        from ocr.checks import check_poppler, check_tesseract

        children.install()

        checks.register(check_tesseract, checks.Tags.compatibility)
        checks.register(check_poppler, checks.Tags.compatibility)

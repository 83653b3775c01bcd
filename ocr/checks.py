"""System checks: the tesseract and pdftoppm binaries and the ind/eng language data are installed."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from typing import Any

import pytesseract
from django.core.checks import CheckMessage, Error, Warning

from ocr import conf

HINT_TESSERACT = "Install the Debian packages tesseract-ocr and tesseract-ocr-ind (tesseract-ocr brings eng)."
HINT_POPPLER = "Install the Debian package poppler-utils (it provides pdftoppm and pdfinfo)."
HINT_OSD = "Install the Debian package tesseract-ocr-osd (upside-down pages are then not turned)."


def check_tesseract(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """Report an error when tesseract is missing or lacks the languages in OCR_LANGUAGES."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return [Error("The tesseract binary was not found.", hint=HINT_TESSERACT, id="ocr.E001")]
    try:
        installed = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractError, OSError, RuntimeError) as exc:
        return [Error(f"tesseract could not list its languages: {exc}", hint=HINT_TESSERACT, id="ocr.E002")]
    wanted = {"ind", "eng", *str(conf.get("OCR_LANGUAGES")).split("+")}
    missing = sorted(wanted - installed)
    messages: list[CheckMessage] = []
    if missing:
        packages = ", ".join(f"tesseract-ocr-{lang}" for lang in missing)
        messages.append(
            Error(
                f"Tesseract language data missing: {', '.join(missing)}.",
                hint=f"Install the Debian packages tesseract-ocr and {packages}.",
                id="ocr.E003",
            )
        )
    if "osd" not in installed:
        messages.append(Warning("Tesseract orientation data (osd) is missing.", hint=HINT_OSD, id="ocr.W001"))
    return messages


def check_poppler(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """Report an error when pdftoppm (used to rasterise scanned PDF pages) is missing."""
    if shutil.which("pdftoppm") is None:
        return [Error("The pdftoppm binary was not found.", hint=HINT_POPPLER, id="ocr.E004")]
    return []

"""OCR settings: ``OCR_*`` names read from django.conf.settings when configured, else these defaults."""

from __future__ import annotations

import os
from typing import Any

DEFAULTS: dict[str, Any] = {
    "OCR_LANGUAGES": "ind+eng",
    "OCR_MAX_BYTES": 50 * 1024 * 1024,
    "OCR_MAX_PAGES": 300,
    "OCR_MAX_PIXELS": 60_000_000,
    "OCR_DPI": 300,
    "OCR_WORKERS": None,  # None: one per core
    "OCR_ENGINE": "ocr.engines.tesseract.TesseractEngine",
    "OCR_MIN_TEXT_LAYER_CHARS": 20,
    "OCR_DROP_COLOUR": True,  # fade coloured stamps and signatures before OCR (see images.to_gray)
    "OCR_DESKEW_MIN_ANGLE": 2.0,  # degrees; resample the page for OCR only from this skew on
    "OCR_AUTOCONTRAST": False,
    "OCR_THRESHOLD": False,
    "OCR_THUMBNAIL_WIDTH": 300,
}


def get(name: str) -> Any:
    """Return setting ``name`` (with its ``OCR_`` prefix) from Django if configured, else the default."""
    if name not in DEFAULTS:
        raise KeyError(f"Unknown OCR setting: {name}")
    try:
        from django.conf import settings

        if settings.configured:
            return getattr(settings, name, DEFAULTS[name])
    except ImportError:  # pragma: no cover - Django is a dependency, but the leaf does not need it
        pass
    return DEFAULTS[name]


def workers() -> int:
    """Return how many processes may OCR the pages of one document (at least one)."""
    configured = get("OCR_WORKERS")
    if configured:
        return max(1, int(configured))
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)

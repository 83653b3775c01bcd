"""Exceptions raised by the ocr package; callers catch :class:`OcrError`."""

from __future__ import annotations


class OcrError(Exception):
    """Base class: the file could not be turned into text. ``str(exc)`` is a plain-words reason."""


class RefusedFile(OcrError):
    """The file was refused before extraction: wrong type, empty, encrypted or over a limit."""


class ExtractionFailed(OcrError):
    """The file was accepted but could not be read: corrupt, truncated, or the engine failed."""

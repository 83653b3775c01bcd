"""The contract every OCR engine fulfils: one prepared page image in, text and confidence out."""

from __future__ import annotations

from abc import ABC, abstractmethod

from PIL import Image

from ocr.types import RecognisedPage


class OcrEngine(ABC):
    """Recognise the text of one upright page image.

    Rules: ``recognise`` MUST NOT write anywhere but private temporary files; it MUST keep the printed
    line breaks ("\\n" between lines, a blank line between blocks); it MUST raise
    :class:`ocr.errors.ExtractionFailed` when the engine fails, never return partial garbage silently;
    ``confidence`` is the mean word confidence 0-100, or ``None`` when the engine has none.
    """

    name: str = "base"

    @abstractmethod
    def recognise(self, image: Image.Image, languages: str) -> RecognisedPage:
        """Return the text of ``image`` read in ``languages`` (Tesseract style, e.g. "ind+eng")."""

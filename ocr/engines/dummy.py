"""A fast engine for tests of callers that need pages but not real recognition (never in production)."""

from __future__ import annotations

from PIL import Image

from ocr.engines.base import OcrEngine
from ocr.types import RecognisedPage


class DummyEngine(OcrEngine):
    """Return a fixed line naming the image size, with full confidence."""

    name = "dummy"

    def recognise(self, image: Image.Image, languages: str) -> RecognisedPage:
        """Return "dummy text WxH" for ``image``."""
        width, height = image.size
        return RecognisedPage(text=f"dummy text {width}x{height}", confidence=100.0)

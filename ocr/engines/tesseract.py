"""Tesseract through pytesseract: ``image_to_data`` gives both the words' confidence and the line layout."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytesseract
from PIL import Image

from ocr.engines.base import OcrEngine
from ocr.errors import ExtractionFailed
from ocr.layout import reading_order
from ocr.types import RecognisedPage, Word

# --psm 3 (fully automatic page segmentation, no OSD): a letter has a letterhead, a date on the right,
# a two-column address block and a signature block; psm 3 finds these blocks and reads each in order.
# psm 4 (one column) and psm 6 (one uniform block) merge the side-by-side blocks line by line.
# Orientation is corrected before the engine runs, so psm 1 (with OSD) is not needed.
DEFAULT_CONFIG = "--oem 1 --psm 3"
_TIMEOUT_SECONDS = 300


class TesseractEngine(OcrEngine):
    """Recognise with the tesseract binary (LSTM engine)."""

    name = "tesseract"

    def __init__(self, config: str = DEFAULT_CONFIG) -> None:
        self.config = config

    def recognise(self, image: Image.Image, languages: str) -> RecognisedPage:
        """Return the page's text with lines and blocks kept, and the mean confidence of its words."""
        dpi = image.info.get("dpi")
        config = f"{self.config} --dpi {round(float(dpi[0]))}" if dpi else self.config
        # Pages are read in parallel (one process per core): Tesseract's own OpenMP threads would only compete
        # with the other pages and spin, costing two to three times the CPU for the same text.
        os.environ["OMP_THREAD_LIMIT"] = "1"
        try:
            with tempfile.TemporaryDirectory(prefix="naskah-tess-") as folder:
                data = pytesseract.image_to_data(
                    _uncompressed(image, Path(folder)),
                    lang=languages,
                    config=config,
                    output_type=pytesseract.Output.DICT,
                    timeout=_TIMEOUT_SECONDS,
                )
        except (pytesseract.TesseractError, RuntimeError, OSError) as exc:
            raise ExtractionFailed(f"Tesseract gagal membaca halaman: {exc}") from exc
        return RecognisedPage(text=reading_order(data), confidence=mean_confidence(data), words=words_of(data))


def _uncompressed(image: Image.Image, folder: Path) -> str:
    """Write the page for Tesseract as PGM/PPM (pytesseract would write PNG: compressing a page costs ~0.2 CPU s)."""
    if image.mode not in ("L", "RGB"):
        image = image.convert("L" if image.mode in ("1", "I", "I;16", "F") else "RGB")
    path = folder / ("page.pgm" if image.mode == "L" else "page.ppm")
    image.save(path, format="PPM")
    return str(path)


def words_of(data: dict[str, list]) -> tuple[Word, ...]:
    """Return the recognised words with their boxes (Tesseract's word level, empty boxes left out)."""
    keys = ("level", "text", "conf", "left", "top", "width", "height")
    rows = zip(*(data[key] for key in keys), strict=True)
    return tuple(
        Word(text=text.strip(), left=int(left), top=int(top), width=int(width), height=int(height))
        for level, text, conf, left, top, width, height in rows
        if int(level) == 5 and (text or "").strip() and float(conf) >= 0 and int(width) > 0 and int(height) > 0
    )


def mean_confidence(data: dict[str, list]) -> float | None:
    """Return the mean confidence of recognised words, or ``None`` when no word was found."""
    scores = [
        float(conf)
        for conf, word in zip(data["conf"], data["text"], strict=False)
        if (word or "").strip() and float(conf) >= 0
    ]
    return round(sum(scores) / len(scores), 2) if scores else None

"""Recognise the words of a page image with Tesseract (the ``ocr`` app's settings), boxes and confidence kept.

Table pages are read with their ruling lines painted out: Tesseract then sees each cell's text as its
own block instead of joining neighbouring cells across a line.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
from PIL import Image

from cms.importers.pages import Word

_cache_dir: Path | None = None
_TIMEOUT_SECONDS = 300


class OcrFailed(Exception):
    """Tesseract could not read the image."""


def enable_cache(folder: Path) -> None:
    """Keep each image's words in ``folder`` (benchmark runs during development; never in the app)."""
    global _cache_dir
    folder.mkdir(parents=True, exist_ok=True)
    _cache_dir = folder


def recognise_words(gray: np.ndarray, *, dpi: int, block: bool = False) -> list[Word]:
    """Return the words Tesseract reads on the grey image, in its pixels, each with its confidence.

    ``block`` reads the image as one block of text (a table cell) instead of segmenting a page.
    """
    key = None
    if _cache_dir is not None:
        digest = hashlib.sha256(gray.tobytes() + f"{gray.shape}{block}".encode()).hexdigest()[:32]
        key = _cache_dir / f"{digest}.json"
        if key.exists():
            return [Word(*item) for item in json.loads(key.read_text())]
    words = _recognise(gray, dpi=dpi, block=block)
    if key is not None:
        key.write_text(json.dumps([[w.text, w.x0, w.y0, w.x1, w.y1, w.conf] for w in words]))
    return words


def _recognise(gray: np.ndarray, *, dpi: int, block: bool) -> list[Word]:
    import pytesseract

    from ocr import conf

    config = f"--oem 1 --psm {6 if block else 3} --dpi {dpi}"
    try:
        data = pytesseract.image_to_data(
            Image.fromarray(gray),
            lang=conf.get("OCR_LANGUAGES"),
            config=config,
            output_type=pytesseract.Output.DICT,
            timeout=_TIMEOUT_SECONDS,
        )
    except (pytesseract.TesseractError, RuntimeError, OSError) as exc:
        raise OcrFailed(f"Tesseract gagal membaca halaman: {exc}") from exc
    words = []
    for index, text in enumerate(data["text"]):
        text = (text or "").strip()
        if int(data["level"][index]) != 5 or not text or float(data["conf"][index]) < 0:
            continue
        left, top = int(data["left"][index]), int(data["top"][index])
        words.append(
            Word(
                text=text,
                x0=left,
                y0=top,
                x1=left + int(data["width"][index]),
                y1=top + int(data["height"][index]),
                conf=float(data["conf"][index]),
            )
        )
    return words

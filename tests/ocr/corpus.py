"""Helpers shared by the corpus test and bench/ocr_cer.py: truth loading and the plain-Tesseract baseline."""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ocr import conf, filetypes, images, pdf
from ocr.metrics import cer


@dataclass(frozen=True)
class Letter:
    """One line of truth.jsonl with the path of its file."""

    path: Path
    truth: dict

    @property
    def name(self) -> str:
        return self.path.name


def load_letters(corpus_dir: Path) -> list[Letter]:
    """Return every letter listed in ``truth.jsonl`` of ``corpus_dir``."""
    lines = (corpus_dir / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    return [Letter(path=corpus_dir / "letters" / r["file"], truth=r) for r in records]


def page_images(path: Path) -> list[Image.Image]:
    """Return the page images exactly as the pipeline gets them before preparation."""
    data = path.read_bytes()
    kind = filetypes.detect(data).kind
    max_pixels = conf.get("OCR_MAX_PIXELS")
    if kind == "pdf":
        count = pdf.inspect(data, max_pages=conf.get("OCR_MAX_PAGES")).page_count
        return [pdf.rasterise(data, n, dpi=conf.get("OCR_DPI")) for n in range(1, count + 1)]
    count = images.frame_count(data, max_pixels=max_pixels)
    return [images.load_frame(data, i, max_pixels=max_pixels) for i in range(count)]


def plain_tesseract(image: Image.Image, *, dpi: int, languages: str = "ind+eng") -> str:
    """Return the output of ``tesseract <image> - -l ind+eng`` on a lossless copy of ``image``."""
    with tempfile.TemporaryDirectory(prefix="naskah-plain-") as tmp:
        target = Path(tmp) / "page.png"
        image.save(target, dpi=(dpi, dpi))
        result = subprocess.run(
            ["tesseract", str(target), "-", "-l", languages],
            capture_output=True,
            check=True,
            text=True,
            timeout=300,
        )
    return result.stdout.strip()


def image_dpi(image: Image.Image, default: int) -> int:
    """Return the image's resolution from its metadata, else ``default``."""
    dpi = image.info.get("dpi")
    return round(float(dpi[0])) if dpi and float(dpi[0]) > 1 else default


def plain_pages(path: Path) -> list[str]:
    """Return plain Tesseract's text for each page of ``path``, rasterised the way the pipeline does."""
    default = conf.get("OCR_DPI")
    return [plain_tesseract(img, dpi=image_dpi(img, default)) for img in page_images(path)]


def letter_cer(pages: list[str], truth: dict) -> float:
    """Return the CER of a whole letter (pages joined by form feeds, as in ``full_text``)."""
    return cer("\f".join(pages), truth["full_text"])

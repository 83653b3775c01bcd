"""One page through OCR, as a worker process runs it: load, find the sheet, upright, clean, recognise.

A worker gets a path and a page number (never the file's bytes), renders or decodes that page once, and leaves
the upright colour page beside the text (``PageText.image_path``) so that the searchable PDF reuses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from ocr import geometry, images, pdf
from ocr.engines import get_engine
from ocr.errors import ExtractionFailed, OcrError
from ocr.types import PageText, RecognisedPage, Word

if TYPE_CHECKING:
    from ocr.extract import Options

_PAGE_JPEG_QUALITY = 80
# Upright pages read at 80-95; upside-down or sideways ones read below 50 (the dev corpus).
MISORIENTED_CONFIDENCE = 65.0
LAYER_AGREEMENT = 0.5  # share of the page's read words a scan's text layer must hold to be trusted


@dataclass(frozen=True, slots=True)
class PageJob:
    """One page that needs OCR: the file's path, the page, how to render it, and where to leave its image.

    ``layer`` is the page's existing text layer when it has one over a scanned image: it is kept only when it
    agrees with what the page shows.
    """

    path: str
    kind: str
    number: int
    dpi: int = 0
    out_dir: str = ""
    layer: str = ""


def ocr_page(job: PageJob, options: Options) -> PageText:
    """Load one page, find and flatten the sheet, make it upright and clean, and recognise its text."""
    try:
        image = images.flatten(load_page(job, options))
        sheet = geometry.find_sheet(image) if job.kind != "pdf" else None
        if sheet is not None:
            image = geometry.flatten_sheet(image, sheet)
        dpi = job.dpi or geometry.effective_dpi(image, images.resolution(image, default=0))
        enlarged, ocr_dpi = geometry.enlarge_for_ocr(image, dpi, max_pixels=options.max_pixels)
        page = images.prepare(enlarged, dpi=ocr_dpi, steps=options.steps, rotation=0)
        if page.blank:
            kept = _keep_image(job, image, page) if job.out_dir else ""
            return PageText(job.number, "", None, "ocr", blank=True, image_path=kept, image_dpi=dpi)
        recognised = get_engine(options.engine).recognise(page.image, options.languages)
        if _looks_misoriented(recognised):
            page, recognised = _reorient(enlarged, page, recognised, dpi=ocr_dpi, options=options)
    except OcrError:
        raise
    except (MemoryError, OSError, ValueError) as exc:
        raise ExtractionFailed(f"Halaman {job.number} gagal diproses: {exc}") from exc
    scale = image.width / enlarged.width
    words = tuple(_scaled(w, scale) for w in recognised.words)
    image_path = _keep_image(job, image, page) if job.out_dir else ""
    result = _page_text(job, recognised, page, words, image_path, dpi)
    if sheet is not None:
        result = replace(result, note="lembar kertas ditemukan pada foto dan diluruskan")
    return _prefer_agreeing_layer(job, result)


def _page_text(
    job: PageJob, recognised: RecognisedPage, page: images.PreparedPage, words: tuple[Word, ...], path: str, dpi: int
) -> PageText:
    blank = not has_words(recognised.text)
    return PageText(
        number=job.number,
        text="" if blank else recognised.text,
        confidence=recognised.confidence,
        method="ocr",
        rotation=page.rotation,
        skew=page.skew,
        blank=blank,
        words=() if blank else words,
        image_path=path,
        image_dpi=dpi,
    )


def _scaled(word: Word, scale: float) -> Word:
    """Return a word's box in the pixels of the page image kept for the PDF (OCR may have read it enlarged)."""
    if abs(scale - 1.0) < 1e-6:
        return word
    box = (round(value * scale) for value in (word.left, word.top, word.width, word.height))
    return Word(word.text, *box)


def _keep_image(job: PageJob, image: Image.Image, page: images.PreparedPage) -> str:
    """Save the upright colour page (as OCR saw it, at its own resolution) for the searchable PDF; return its path."""
    upright = images.rotate(image, page.rotation)
    if page.deskewed:
        upright = images.deskew(upright, page.skew)
    path = Path(job.out_dir) / f"halaman-{job.number:04d}.jpg"
    upright.convert("RGB" if upright.mode not in ("L", "RGB") else upright.mode).save(
        path, format="JPEG", quality=_PAGE_JPEG_QUALITY
    )
    return str(path)


def _prefer_agreeing_layer(job: PageJob, page: PageText) -> PageText:
    """Keep a scan's own text layer when it says what the page shows; else the OCR, with the reason noted."""
    if not job.layer:
        return page
    if words_agree(job.layer, page.text) >= LAYER_AGREEMENT:
        return replace(page, text=job.layer, method="text_layer", confidence=None, note="")
    return replace(page, note="lapisan teks PDF tidak sesuai dengan gambar halaman; teks dibaca ulang dengan OCR")


_WORD = re.compile(r"[^\W\d_]{4,}")


def words_agree(layer: str, seen: str) -> float:
    """Return the share of the words OCR read on the page (4+ letters) that the text layer holds too."""
    read = {w.casefold() for w in _WORD.findall(seen)}
    if not read:
        return 1.0
    held = {w.casefold() for w in _WORD.findall(layer)}
    return len(read & held) / len(read)


def _looks_misoriented(recognised: RecognisedPage) -> bool:
    """Return whether the first reading is poor enough to ask OSD about the page's orientation.

    OSD costs about a second a page; asking only when the upright reading fails keeps the pipeline's
    throughput close to plain Tesseract's while still turning upside-down and sideways scans.
    """
    return recognised.confidence is None or recognised.confidence < MISORIENTED_CONFIDENCE


def _reorient(
    image: Image.Image, page: images.PreparedPage, recognised: RecognisedPage, *, dpi: int, options: Options
) -> tuple[images.PreparedPage, RecognisedPage]:
    """Turn the page as OSD says and read it again; keep the first reading when OSD sees it upright."""
    rotation = images.detect_orientation(page.image, dpi=dpi)
    if rotation == 0:
        return page, recognised
    turned = images.prepare(image, dpi=dpi, steps=options.steps, rotation=rotation)
    return turned, get_engine(options.engine).recognise(turned.image, options.languages)


def has_words(text: str) -> bool:
    """Return whether OCR found at least one word of three letters or digits (else: specks, a blank page)."""
    return any(sum(ch.isalnum() for ch in token) >= 3 for token in text.split())


def load_page(job: PageJob, options: Options) -> Image.Image:
    """Return the page's image: rendered from the PDF, or the image file's frame."""
    if job.kind == "pdf":
        return pdf.rasterise_path(job.path, job.number, dpi=job.dpi)
    return images.load_frame(Path(job.path).read_bytes(), job.number - 1, max_pixels=options.max_pixels)

"""Read a PDF's pages as positioned words and ruled tables: the text layer where it is good, OCR elsewhere.

A page is OCR'd when it has no text layer, when its text layer reads poorly (few real words: a broken
font map or a machine OCR layer under a scan), or when it is a scan carrying an OCR layer that our own
reading beats. Direction-control characters some exporters wrap around every word are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from cms.importers import grid as grids
from cms.importers.ocr_words import recognise_words
from cms.importers.pages import OCR, TEXT_LAYER, PageLayout, Word
from cms.importers.text_quality import has_invisible, letter_count, strip_invisible, word_share

TEXT_DPI = 150  # text-layer pages are rendered only to find their ruling lines and symbols
OCR_DPI = 300
MIN_LETTERS = 20
POOR_SHARE = 0.6  # below this share of real words a text layer is re-read with OCR
SCAN_IMAGE_SHARE = 0.5  # an image covering this much of the page makes it a scan
FLOWCHART_MIN_COLUMNS = 5  # a table this wide may be a flowchart: keep the page image for its symbols

Progress = Callable[[int, int], None]


class PdfReadError(Exception):
    """The PDF could not be opened or a page could not be rendered."""


def read_pdf_pages(path: Path, *, progress: Progress | None = None) -> list[PageLayout]:
    """Return every page of the PDF at ``path`` as a PageLayout; ``progress(done, total)`` after each page."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    pages: list[PageLayout] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            total = len(pdf.pages)
            for number, page in enumerate(pdf.pages, 1):
                pages.append(read_page(path, page, number))
                if progress is not None:
                    progress(number, total)
    except (PdfminerException, PDFSyntaxError, ValueError, KeyError) as exc:
        raise PdfReadError(f"PDF rusak ({exc})") from exc
    return pages


def read_page(path: Path, page, number: int) -> PageLayout:
    """Return one page: text-layer words when usable, else OCR words; tables from the rendered image."""
    layer_text = page.extract_text() or ""
    notes = (
        ["Lapisan teks berisi karakter kendali arah yang tak terlihat; dibuang."] if has_invisible(layer_text) else []
    )
    layer_words = _layer_words(page, TEXT_DPI)
    text = " ".join(w.text for w in layer_words)
    scanned = _scan_share(page) >= SCAN_IMAGE_SHARE
    if letter_count(text) >= MIN_LETTERS and not scanned and word_share(text) >= POOR_SHARE:
        return _text_layer_page(path, number, layer_words, notes)
    ocr_page = _ocr_page(path, number)
    if letter_count(text) < MIN_LETTERS:
        return ocr_page
    ocr_text = " ".join(w.text for w in ocr_page.words)
    if word_share(ocr_text) > word_share(text) + 0.02 or word_share(text) < POOR_SHARE:
        ocr_page.notes.append(f"Lapisan teks halaman {number} kurang baik; halaman dibaca ulang dengan OCR.")
        return ocr_page
    return _text_layer_page(path, number, layer_words, notes)


def _layer_words(page, dpi: int) -> list[Word]:
    scale = dpi / 72
    left, top = page.bbox[0], page.bbox[1]
    words = []
    for item in page.extract_words(keep_blank_chars=False, use_text_flow=False):
        text = strip_invisible(item["text"]).strip()
        if text:
            words.append(
                Word(
                    text=text,
                    x0=(item["x0"] - left) * scale,
                    y0=(item["top"] - top) * scale,
                    x1=(item["x1"] - left) * scale,
                    y1=(item["bottom"] - top) * scale,
                )
            )
    return words


def _scan_share(page) -> float:
    """Return the largest share of the page one embedded image covers."""
    area = float(page.width * page.height) or 1.0
    shares = [abs((image["x1"] - image["x0"]) * (image["bottom"] - image["top"])) / area for image in page.images]
    return max(shares, default=0.0)


def render_gray(path: Path, number: int, dpi: int, *, drop_colour: bool) -> np.ndarray:
    """Return page ``number`` rendered at ``dpi`` as a grey image (coloured stamps faded when asked)."""
    from ocr.errors import OcrError
    from ocr.images import to_gray
    from ocr.pdf import rasterise

    try:
        image = rasterise(path.read_bytes(), number, dpi=dpi)
    except OcrError as exc:
        raise PdfReadError(str(exc)) from exc
    return np.asarray(to_gray(image, drop_colour=drop_colour))


def _text_layer_page(path: Path, number: int, words: list[Word], notes: list[str]) -> PageLayout:
    gray = render_gray(path, number, TEXT_DPI, drop_colour=False)
    found = grids.find_grids(gray, TEXT_DPI)
    height, width = gray.shape
    keep = any(len(g.xs) - 1 >= FLOWCHART_MIN_COLUMNS for g in found)
    return PageLayout(
        number=number,
        dpi=TEXT_DPI,
        width=width,
        height=height,
        words=words,
        grids=found,
        source=TEXT_LAYER,
        image=gray if keep else None,
        notes=notes,
    )


def _ocr_page(path: Path, number: int) -> PageLayout:
    gray = render_gray(path, number, OCR_DPI, drop_colour=True)
    return ocr_layout(gray, number=number, dpi=OCR_DPI)


def ocr_layout(gray: np.ndarray, *, number: int, dpi: int) -> PageLayout:
    """Return the layout of a scanned page image: straightened, tables found, words read without the rules."""
    gray = grids.straighten(gray, grids.skew_angle(gray, dpi))
    found = grids.find_grids(gray, dpi)
    clean = gray.copy()
    for grid in found:
        clean[grids.dilate(grid.line_mask, dpi) > 0] = 255
    words = recognise_words(clean, dpi=dpi)
    height, width = gray.shape
    keep = any(len(g.xs) - 1 >= FLOWCHART_MIN_COLUMNS for g in found)
    return PageLayout(
        number=number,
        dpi=dpi,
        width=width,
        height=height,
        words=words,
        grids=found,
        source=OCR,
        image=gray if keep else None,
    )

"""PDF reading: open safely, refuse encrypted files, take each page's text layer or rasterise the page."""

from __future__ import annotations

import io
import logging
import math
import re
from dataclasses import dataclass

import pdfplumber
from pdf2image import convert_from_bytes, convert_from_path
from pdf2image.exceptions import PDFPageCountError, PDFSyntaxError
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError

from ocr.errors import ExtractionFailed, RefusedFile
from ocr.geometry import MAX_SIDE
from ocr.layout import Row, Word, arrange

logger = logging.getLogger(__name__)

_EOF_WINDOW = 1024  # the end-of-file marker must be this close to the end (padding aside)
_RASTER_TIMEOUT_SECONDS = 180


@dataclass(frozen=True, slots=True)
class PdfInfo:
    """What was learnt from opening a PDF: its page count and each page's size in points."""

    page_count: int
    page_sizes: tuple[tuple[float, float], ...]


def inspect(data: bytes, *, max_pages: int) -> PdfInfo:
    """Open the PDF, refuse encryption and too many pages, and fail clearly on corruption."""
    if b"%%EOF" not in data.rstrip(b"\x00\t\n\r\x0c ")[-_EOF_WINDOW:]:
        raise ExtractionFailed("PDF tidak lengkap (terpotong): penanda akhir %%EOF tidak ditemukan.")
    reader = _open_reader(data)
    try:
        page_count = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ExtractionFailed(f"PDF rusak: daftar halaman tidak dapat dibaca ({exc}).") from exc
    if page_count == 0:
        raise RefusedFile("PDF tidak berisi halaman.")
    if page_count > max_pages:
        raise RefusedFile(f"PDF terlalu banyak halaman: {page_count} (batas {max_pages}).")
    try:
        sizes = tuple((float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ExtractionFailed(f"PDF rusak: ukuran halaman tidak dapat dibaca ({exc}).") from exc
    return PdfInfo(page_count=page_count, page_sizes=sizes)


def _open_reader(data: bytes) -> PdfReader:
    """Return a pypdf reader, decrypted with the empty password if possible, else refuse."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except PdfReadError as exc:
        raise ExtractionFailed(f"PDF rusak dan tidak dapat dibuka ({exc}).") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on hostile input
        raise ExtractionFailed(f"PDF rusak dan tidak dapat dibuka ({type(exc).__name__}: {exc}).") from exc
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except (FileNotDecryptedError, NotImplementedError, PdfReadError):
            opened = 0
        if not opened:
            raise RefusedFile("PDF dilindungi kata sandi; buka kuncinya dulu lalu unggah ulang.")
    return reader


def text_layers(data: bytes) -> list[str]:
    """Return each page's text layer (possibly empty), keeping the printed lines."""
    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            return [_page_text(page) for page in pdf.pages]
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on hostile input
        logger.warning("No text layer could be read: %s", exc)
        return []


def _page_text(page: pdfplumber.page.Page) -> str:
    """Return one page's text layer in reading order, with the same layout rules as OCR output.

    Word boxes are scaled to 300 dpi pixels and arranged by :func:`ocr.layout.arrange`, so a classic
    letter's address block beside the "Nomor" block is read column by column, as on paper.
    """
    scale = 300 / 72
    page = _visible_only(page)
    words = page.extract_words(x_tolerance=1.5, y_tolerance=3, keep_blank_chars=False)
    rows = [
        Row([Word(w["text"], *(round(float(w[k]) * scale) for k in ("x0", "top", "x1", "bottom")))])
        for w in words
        if w.get("upright", True)
    ]
    return arrange(rows)


def _visible_only(page: pdfplumber.page.Page) -> pdfplumber.page.Page:
    """Return the page without the characters nobody sees: white text on the white paper.

    Word exports keep text the author whitened out (a draft's serial number blanked for the final one, a template's
    sample values); the page shows a gap there, so the text layer must not say more than the page. White text over a
    filled shape or an image (a coloured banner of a letterhead) is seen and stays.
    """
    grounds = [
        (float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"]))
        for r in page.rects
        if r.get("fill") and not _is_white(r.get("non_stroking_color"))
    ]
    grounds += [(float(i["x0"]), float(i["top"]), float(i["x1"]), float(i["bottom"])) for i in page.images]

    def seen(obj: dict) -> bool:
        if obj.get("object_type") != "char" or not _is_white(obj.get("non_stroking_color")):
            return True
        x, y = (float(obj["x0"]) + float(obj["x1"])) / 2, (float(obj["top"]) + float(obj["bottom"])) / 2
        return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in grounds)

    return page.filter(seen)


def _is_white(colour: object) -> bool:
    """Return whether a PDF fill colour (grey, RGB or CMYK components in 0..1) is white or nearly."""
    if isinstance(colour, int | float):
        colour = (colour,)
    if not isinstance(colour, tuple | list) or not colour or not all(isinstance(c, int | float) for c in colour):
        return False
    if len(colour) == 4:  # CMYK: white is no ink at all
        return max(colour) <= 0.03
    return len(colour) in (1, 3) and min(colour) >= 0.97


def usable(text: str, *, min_chars: int) -> bool:
    """Return whether a text layer has enough visible characters to be trusted over OCR."""
    visible = sum(1 for ch in text if ch.isalnum())
    return visible >= min_chars


def raster_dpi(size_points: tuple[float, float], *, dpi: int, max_pixels: int) -> int:
    """Return ``dpi`` lowered, if needed, so that the rasterised page stays under ``max_pixels`` and its longest
    side within :data:`~ocr.geometry.MAX_SIDE`."""
    width_in, height_in = (max(dim, 1.0) / 72.0 for dim in size_points)
    fitting = math.floor(math.sqrt(max_pixels / (width_in * height_in)))
    fitting_side = math.floor(MAX_SIDE / max(width_in, height_in))
    return max(1, min(dpi, fitting, fitting_side))


def rasterise(data: bytes, number: int, *, dpi: int) -> Image.Image:
    """Render page ``number`` (1-based) alone with pdftoppm, so memory stays bounded by one page."""
    try:
        images = convert_from_bytes(data, dpi=dpi, first_page=number, last_page=number, timeout=_RASTER_TIMEOUT_SECONDS)
    except (PDFPageCountError, PDFSyntaxError) as exc:
        raise ExtractionFailed(f"Halaman {number} PDF tidak dapat digambar: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - subprocess and timeout failures
        raise ExtractionFailed(f"Halaman {number} PDF tidak dapat digambar ({type(exc).__name__}).") from exc
    if not images:
        raise ExtractionFailed(f"Halaman {number} PDF tidak menghasilkan gambar.")
    return images[0]


def rasterise_path(path: str, number: int, *, dpi: int) -> Image.Image:
    """Render page ``number`` (1-based) of the PDF at ``path`` alone (a worker gets the path, not the bytes)."""
    try:
        images = convert_from_path(path, dpi=dpi, first_page=number, last_page=number, timeout=_RASTER_TIMEOUT_SECONDS)
    except (PDFPageCountError, PDFSyntaxError) as exc:
        raise ExtractionFailed(f"Halaman {number} PDF tidak dapat digambar: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - subprocess and timeout failures
        raise ExtractionFailed(f"Halaman {number} PDF tidak dapat digambar ({type(exc).__name__}).") from exc
    if not images:
        raise ExtractionFailed(f"Halaman {number} PDF tidak menghasilkan gambar.")
    return images[0]


def image_cover(data: bytes) -> list[float]:
    """Return, per page, the share of the page that its images cover (about 1.0 for a scanned page)."""
    try:
        with pdfplumber.open(io.BytesIO(data), password="") as document:
            return [_cover(page) for page in document.pages]
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on hostile input
        logger.warning("Page images could not be measured: %s", exc)
        return []


def _cover(page: pdfplumber.page.Page) -> float:
    area = float(page.width * page.height) or 1.0
    covered = sum(max(0.0, float(i["x1"] - i["x0"])) * max(0.0, float(i["bottom"] - i["top"])) for i in page.images)
    return min(1.0, covered / area)


_PLAUSIBLE = re.compile(r"^(?:[A-Za-z][a-z]{1,19}|[A-Z]{2,20})[.,:;)]?$")
_VOWEL = re.compile(r"[aeiouAEIOU]")


def plausible_share(text: str) -> float:
    """Return the share of a text layer's letter tokens that look like words (a vowel, one case pattern).

    A good layer of an Indonesian or English letter scores above 0.8; a poor OCR layer ("l'cmerinlah Kab,
    upalcn", "tnr-,w") or a layer from a broken font encoding scores low.
    """
    tokens = [t for t in text.split() if any(c.isalpha() for c in t)]
    if not tokens:
        return 0.0
    good = sum(1 for t in tokens if _PLAUSIBLE.match(t) and _VOWEL.search(t))
    return good / len(tokens)

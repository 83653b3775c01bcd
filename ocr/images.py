"""Page images: load frames safely, find orientation and skew, clean up, and spot blank pages."""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytesseract
from PIL import Image, ImageOps, UnidentifiedImageError

from ocr.errors import ExtractionFailed, RefusedFile

logger = logging.getLogger(__name__)


@contextmanager
def pixel_guard(max_pixels: int) -> Iterator[None]:
    """Set Pillow's decompression-bomb limit to ``max_pixels`` and turn its warning/error into a refusal."""
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise RefusedFile(f"Gambar terlalu besar: {exc}") from exc
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def _check_pixels(image: Image.Image, max_pixels: int) -> None:
    """Refuse a frame whose declared size exceeds ``max_pixels`` (before decoding it)."""
    width, height = image.size
    if width * height > max_pixels:
        raise RefusedFile(
            f"Gambar terlalu besar: {width} x {height} piksel (batas {max_pixels:,} piksel per halaman)."
        )


def frame_count(data: bytes, *, max_pixels: int) -> int:
    """Return how many frames (pages) the image holds, checking the first frame's size."""
    with pixel_guard(max_pixels), _open(data) as image:
        _check_pixels(image, max_pixels)
        return int(getattr(image, "n_frames", 1))


def load_frame(data: bytes, index: int, *, max_pixels: int) -> Image.Image:
    """Decode frame ``index`` (0-based), apply EXIF orientation and return a detached copy."""
    with pixel_guard(max_pixels), _open(data) as image:
        try:
            image.seek(index)
            _check_pixels(image, max_pixels)
            image.load()
            frame = ImageOps.exif_transpose(image.copy())
        except RefusedFile:
            raise
        except (OSError, EOFError, ValueError, SyntaxError) as exc:
            raise ExtractionFailed(f"Gambar rusak atau terpotong (halaman {index + 1}): {exc}") from exc
    return frame


def _open(data: bytes) -> Image.Image:
    """Open ``data`` lazily with Pillow, mapping unreadable input to :class:`ExtractionFailed`."""
    try:
        return Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ExtractionFailed(f"Gambar rusak dan tidak dapat dibuka: {exc}") from exc


def to_gray(image: Image.Image) -> Image.Image:
    """Return an 8-bit grayscale copy (bilevel and palette images included)."""
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image)
    return image.convert("L")


def detect_orientation(gray: Image.Image, *, min_confidence: float = 2.0) -> int:
    """Return the clockwise rotation (0/90/180/270) that makes text upright, 0 when OSD cannot tell."""
    try:
        osd = pytesseract.image_to_osd(gray, output_type=pytesseract.Output.DICT, config="--psm 0")
    except pytesseract.TesseractError as exc:
        logger.info("Orientation not detected (%s); assuming upright.", exc)
        return 0
    if float(osd.get("orientation_conf", 0.0)) < min_confidence:
        return 0
    return int(osd.get("rotate", 0)) % 360


def rotate(image: Image.Image, degrees_clockwise: int) -> Image.Image:
    """Return ``image`` turned clockwise by a multiple of 90 degrees."""
    if degrees_clockwise % 360 == 0:
        return image
    return image.rotate(-degrees_clockwise, expand=True)


def ink_fraction(gray: Image.Image) -> float:
    """Return the share of clearly dark pixels on a reduced copy (used to tell blank pages)."""
    small = gray.copy()
    small.thumbnail((600, 600))
    pixels = np.asarray(small, dtype=np.float32)
    background = float(np.percentile(pixels, 90))
    return float(np.mean(pixels < background - 80))


def prepare(image: Image.Image, *, blank_threshold: float = 0.002) -> tuple[Image.Image, int, bool]:
    """Return the grayscale upright page, the rotation applied, and whether the page is blank."""
    gray = to_gray(image)
    if ink_fraction(gray) < blank_threshold:
        return gray, 0, True
    rotation = detect_orientation(gray)
    return rotate(gray, rotation), rotation, False

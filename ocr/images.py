"""Page images: load frames safely, find orientation and skew, clean up, and spot blank pages."""

from __future__ import annotations

import functools
import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pytesseract
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from ocr.colour import to_gray_keeping_print
from ocr.errors import ExtractionFailed, RefusedFile
from ocr.geometry import MAX_SIDE

logger = logging.getLogger(__name__)


@contextmanager
def pixel_guard(max_pixels: int) -> Iterator[None]:
    """Make Pillow strict while a page is decoded, and turn its bomb warning/error into a refusal.

    The decompression-bomb limit becomes ``max_pixels``; truncated files must fail (WeasyPrint, which
    the project imports elsewhere, sets ``ImageFile.LOAD_TRUNCATED_IMAGES = True`` for the process).
    Both globals are restored afterwards.
    """
    previous = Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES
    Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = max_pixels, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise RefusedFile(
            f"Gambar terlalu besar (batas {max_pixels:,} piksel per halaman; bom dekompresi?): {exc}"
        ) from exc
    finally:
        Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _check_pixels(image: Image.Image, max_pixels: int) -> None:
    """Refuse a frame whose declared size exceeds ``max_pixels`` or whose side is too long to read (before decoding)."""
    width, height = image.size
    if width * height > max_pixels:
        raise RefusedFile(f"Gambar terlalu besar: {width} x {height} piksel (batas {max_pixels:,} piksel per halaman).")
    if max(width, height) > MAX_SIDE:
        raise RefusedFile(
            f"Gambar terlalu panjang: {width} x {height} piksel; sisi terpanjang yang dapat dibaca "
            f"{MAX_SIDE:,} piksel. Pindai atau potong per halaman surat lalu unggah lagi."
        )


def frame_count(data: bytes, *, max_pixels: int) -> int:
    """Return how many frames (pages) the image holds, checking the first frame's size."""
    with pixel_guard(max_pixels), _open(data) as image:
        _check_pixels(image, max_pixels)
        try:
            return int(getattr(image, "n_frames", 1))
        except (OSError, EOFError, ValueError, SyntaxError) as exc:
            raise ExtractionFailed(f"Gambar rusak: jumlah halaman tidak dapat dibaca ({exc}).") from exc


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
    if "dpi" in image.info:
        frame.info["dpi"] = image.info["dpi"]
    return frame


@functools.cache
def _register_heif() -> None:
    """Teach Pillow to open HEIC/HEIF photos (pillow-heif; loaded once, only when needed)."""
    import pillow_heif

    pillow_heif.register_heif_opener()


def _open(data: bytes) -> Image.Image:
    """Open ``data`` lazily with Pillow, mapping unreadable input to :class:`ExtractionFailed`."""
    _register_heif()
    try:
        return Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ExtractionFailed(f"Gambar rusak dan tidak dapat dibuka: {exc}") from exc


def resolution(image: Image.Image, *, default: int) -> int:
    """Return the image's horizontal resolution from its metadata, else ``default``."""
    dpi = image.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    return value if 50 <= value <= 1200 else default


def flatten(image: Image.Image) -> Image.Image:
    """Return the image without transparency (on white) in mode 1, L or RGB."""
    if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    if image.mode in ("1", "L", "RGB"):
        return image
    if image.mode.startswith("I") or image.mode == "F":  # 16/32-bit grey: scale, do not clip, to 8 bits
        pixels = np.asarray(image, dtype=np.float64)
        scale = 257.0 if pixels.max() > 255 else 1.0
        return Image.fromarray(np.clip(pixels / scale, 0, 255).astype(np.uint8), mode="L")
    return image.convert("RGB")


def to_gray(image: Image.Image, *, drop_colour: bool = False) -> Image.Image:
    """Return an 8-bit grayscale copy; with ``drop_colour``, stamps and signatures in colour are faded.

    Coloured print (a green letterhead, blue body text) is kept: see :mod:`ocr.colour`.
    """
    image = flatten(image)
    if not drop_colour or image.mode != "RGB":
        return image.convert("L")
    gray, _ = to_gray_keeping_print(image)
    return gray


def detect_orientation(gray: Image.Image, *, dpi: int = 300, min_confidence: float = 2.0) -> int:
    """Return the clockwise rotation (0/90/180/270) that makes text upright, 0 when OSD cannot tell."""
    try:
        osd = pytesseract.image_to_osd(
            gray, output_type=pytesseract.Output.DICT, config=f"--psm 0 --dpi {dpi}", timeout=120
        )
    except (pytesseract.TesseractError, RuntimeError) as exc:
        # "Too few characters to determine orientation" on sparse pages: keep the page as it is.
        logger.info("Orientation not detected (%s); assuming upright.", str(exc).strip()[:200])
        return 0
    if float(osd.get("orientation_conf", 0.0)) < min_confidence:
        return 0
    return int(osd.get("rotate", 0)) % 360


def rotate(image: Image.Image, degrees_clockwise: int) -> Image.Image:
    """Return ``image`` turned clockwise by a multiple of 90 degrees."""
    if degrees_clockwise % 360 == 0:
        return image
    return image.rotate(-degrees_clockwise, expand=True)


def estimate_skew(gray: Image.Image, *, max_angle: float = 15.0) -> float:
    """Return the text lines' angle in degrees (counter-clockwise positive) by projection profiles.

    The dark pixels of a reduced copy are sheared for each candidate angle and summed per row; the angle
    whose row profile is sharpest (largest sum of squared differences) aligns the lines with the rows.
    A coarse search in half degrees is refined in steps of 0.05 degrees.
    """
    small = gray.convert("L")
    small.thumbnail((1000, 1000))
    pixels = np.asarray(small, dtype=np.float32)
    background = float(np.percentile(pixels, 90))
    ys, xs = np.nonzero(pixels < background - 80)
    if len(xs) < 200:
        return 0.0
    xs = xs - small.width / 2.0
    coarse = _sharpest(ys, xs, np.arange(-max_angle, max_angle + 0.25, 0.5))
    fine = _sharpest(ys, xs, np.arange(coarse - 0.5, coarse + 0.525, 0.05))
    return round(-fine, 2) + 0.0


def _sharpest(ys: np.ndarray, xs: np.ndarray, angles: np.ndarray) -> float:
    """Return the angle among ``angles`` whose sheared row profile has the most contrast."""
    best_angle, best_score = 0.0, -1.0
    for angle in angles:
        rows = np.round(ys - xs * np.tan(np.radians(angle))).astype(np.int64)
        profile = np.bincount(rows - rows.min()).astype(np.float64)
        score = float(np.sum(np.diff(profile) ** 2))
        if score > best_score:
            best_angle, best_score = float(angle), score
    return best_angle


def deskew(image: Image.Image, angle: float) -> Image.Image:
    """Return ``image`` rotated by ``-angle`` degrees (undoing a skew), the new corners filled white."""
    if abs(angle) < 0.01:
        return image
    if image.mode == "1":
        image = image.convert("L")
    fill: int | tuple[int, ...] = 255 if image.mode == "L" else (255,) * len(image.getbands())
    return image.rotate(-angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=fill)


def is_blank(gray: Image.Image) -> bool:
    """Return whether a page has no line of print (a blank back page with specks, holes or show-through).

    On a copy about 600 pixels wide, margins cut, a pixel is ink when clearly darker than the paper;
    a row counts as print when at least 4 % of it is ink. Fewer than three such rows: blank.
    """
    small = gray.convert("L")
    small.thumbnail((600, 600))
    pixels = np.asarray(small, dtype=np.int16)
    h, w = pixels.shape
    pixels = pixels[h * 3 // 100 : h - h * 3 // 100, w * 3 // 100 : w - w * 3 // 100]
    if pixels.size == 0:
        return True
    paper = float(np.percentile(pixels, 90))
    ink_per_row = np.sum(pixels < paper - 80, axis=1)
    return int(np.sum(ink_per_row >= 0.04 * pixels.shape[1])) < 3


@dataclass(frozen=True, slots=True)
class Steps:
    """Which preparation steps to run (from the OCR_* settings)."""

    drop_colour: bool = True
    deskew_min_angle: float = 2.0  # degrees; Tesseract copes with smaller skew better than a resampled page
    autocontrast: bool = False
    threshold: bool = False


@dataclass(frozen=True, slots=True)
class PreparedPage:
    """A page ready for the engine: grayscale and upright, with its measured skew (ccw degrees)."""

    image: Image.Image
    rotation: int
    skew: float
    blank: bool
    deskewed: bool = False


def prepare(image: Image.Image, *, dpi: int, steps: Steps, rotation: int | None = None) -> PreparedPage:
    """Return the page in grayscale, turned upright (OSD, unless ``rotation`` is given), cleaned, or flagged blank.

    The skew is always measured (the searchable PDF straightens the scan with it); the OCR image is only
    resampled when the skew reaches ``steps.deskew_min_angle``: on the dev corpus (skews up to 1.6
    degrees) deskewing first made the CER worse (0.018 against 0.015), Tesseract levels lines itself.
    """
    gray = to_gray(image, drop_colour=steps.drop_colour)
    if is_blank(gray):
        return PreparedPage(image=gray, rotation=0, skew=0.0, blank=True)
    if rotation is None:
        rotation = detect_orientation(gray, dpi=dpi)
    gray = rotate(gray, rotation)
    skew = estimate_skew(gray)
    deskewed = abs(skew) >= steps.deskew_min_angle
    if deskewed:
        gray = deskew(gray, skew)
    if steps.autocontrast:
        gray = ImageOps.autocontrast(gray, cutoff=1)
    if steps.threshold:
        gray = otsu(gray)
    gray.info["dpi"] = (dpi, dpi)
    return PreparedPage(image=gray, rotation=rotation, skew=skew, blank=False, deskewed=deskewed)


def otsu(gray: Image.Image) -> Image.Image:
    """Return a black-and-white copy thresholded at Otsu's level (kept as mode L)."""
    histogram = np.bincount(np.asarray(gray).ravel(), minlength=256).astype(np.float64)
    total = histogram.sum()
    levels = np.arange(256)
    weight = np.cumsum(histogram)
    mean = np.cumsum(histogram * levels)
    between = (mean[-1] * weight / total - mean) ** 2 / np.maximum(weight * (total - weight), 1)
    level = int(np.argmax(between))
    return gray.point(lambda v: 255 if v > level else 0)

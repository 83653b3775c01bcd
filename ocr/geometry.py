"""Page geometry of photos (OpenCV): find the sheet on a desk, flatten its perspective, and bring low-resolution
images up to a size Tesseract reads well.

A phone photo shows the letter at an angle with a desk, a folder or a hand around it; a CamScanner page or a
flatbed scan is already the sheet alone. The sheet is the largest bright four-cornered region that leaves a
clearly darker border; when none is found the image is taken as the page itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

#: The longest side Tesseract (Leptonica) reads; a page longer than this is no scanned letter page.
MAX_SIDE = 32767

_WORK_SIDE = 900  # the sheet is looked for on a copy this many pixels on its longer side
_MIN_SHEET = 0.25  # the sheet covers at least this share of the photo...
_MAX_SHEET = 0.93  # ... and at most this (else the photo is already cropped to the sheet)
_MIN_CONTRAST = 25  # the sheet is at least this much brighter (0..255) than what lies around it
A4_WIDTH_INCHES = 8.27
TARGET_DPI = 250
MIN_DPI = 150  # below this (a web copy, a WhatsApp photo) the page is enlarged to TARGET_DPI
MAX_SCALE = 4.0


@dataclass(frozen=True, slots=True)
class Sheet:
    """The sheet's corners in the photo's pixels (top-left, top-right, bottom-right, bottom-left)."""

    corners: np.ndarray

    @property
    def size(self) -> tuple[int, int]:
        """Return the flattened sheet's width and height: the longer of each pair of opposite sides."""
        tl, tr, br, bl = self.corners
        width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
        height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
        return round(width), round(height)


def find_sheet(image: Image.Image) -> Sheet | None:
    """Return the sheet of paper in a photo, or ``None`` when the image is the page itself (or no sheet is clear)."""
    gray = np.asarray(image.convert("L"))
    scale = _WORK_SIDE / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    scale = min(scale, 1.0)
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # Close the sheet over its own print so that the text does not cut it into pieces.
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, kernel)
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    share = cv2.contourArea(contour) / (small.shape[0] * small.shape[1])
    if not _MIN_SHEET <= share <= _MAX_SHEET:
        return None
    corners = _four_corners(contour)
    if corners is None or not _stands_out(blurred, corners):
        return None
    return Sheet(corners=corners / scale)


def _four_corners(contour: np.ndarray) -> np.ndarray | None:
    """Return the contour simplified to four convex corners in order, or ``None`` when it is not a quadrilateral."""
    perimeter = cv2.arcLength(contour, True)
    for tolerance in (0.02, 0.03, 0.04, 0.05):
        approx = cv2.approxPolyDP(contour, tolerance * perimeter, True)
        if len(approx) == 4 and cv2.isContourConvex(approx):
            return _order(approx.reshape(4, 2).astype(np.float32))
    hull = cv2.convexHull(contour)
    rect = cv2.minAreaRect(hull)
    if cv2.contourArea(hull) / max(rect[1][0] * rect[1][1], 1.0) < 0.9:
        return None
    return _order(cv2.boxPoints(rect).astype(np.float32))


def _order(points: np.ndarray) -> np.ndarray:
    """Return four points as top-left, top-right, bottom-right, bottom-left."""
    total = points.sum(axis=1)
    diff = np.diff(points, axis=1).ravel()
    return np.array(
        [points[np.argmin(total)], points[np.argmin(diff)], points[np.argmax(total)], points[np.argmax(diff)]],
        dtype=np.float32,
    )


def _stands_out(gray: np.ndarray, corners: np.ndarray) -> bool:
    """Return whether the region inside the corners is clearly brighter than the region around it."""
    inside = np.zeros(gray.shape, dtype=np.uint8)
    cv2.fillConvexPoly(inside, corners.astype(np.int32), 1)
    outside = inside == 0
    if outside.sum() < 0.03 * gray.size:
        return False
    return float(np.median(gray[inside == 1])) - float(np.median(gray[outside])) >= _MIN_CONTRAST


def flatten_sheet(image: Image.Image, sheet: Sheet) -> Image.Image:
    """Return the sheet cut out of the photo and seen from straight above."""
    width, height = sheet.size
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(sheet.corners.astype(np.float32), target)
    pixels = np.asarray(image.convert("RGB") if image.mode not in ("L", "RGB") else image)
    warped = cv2.warpPerspective(
        pixels, matrix, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    return Image.fromarray(warped, mode=image.mode if image.mode in ("L", "RGB") else "RGB")


def effective_dpi(image: Image.Image, declared: int | None) -> int:
    """Return the resolution of a page image: the declared one when plausible, else from an A4 page's width.

    Photos and web copies often declare 72 or 96 dpi whatever their size; a sheet's width in pixels says more.
    """
    from_width = round(min(image.size) / A4_WIDTH_INCHES)
    if declared and declared >= MIN_DPI:
        return declared
    return max(from_width, declared or 0)


def enlarge_for_ocr(image: Image.Image, dpi: int, *, max_pixels: int) -> tuple[Image.Image, int]:
    """Return the page enlarged to about :data:`TARGET_DPI` when it is below :data:`MIN_DPI`, and its new dpi.

    Tesseract reads glyphs of 20 to 30 pixels best; a 640-pixel-wide web copy gives it 8. Bicubic enlargement
    (at most four times, within ``max_pixels``) does not add detail but lets its binarisation keep the strokes.
    """
    if dpi >= MIN_DPI:
        return image, dpi
    scale = min(TARGET_DPI / max(dpi, 1), MAX_SCALE)
    width, height = image.size
    scale = min(scale, (max_pixels / max(width * height, 1)) ** 0.5, MAX_SIDE / max(width, height, 1))
    if scale <= 1.05:
        return image, dpi
    size = (round(width * scale), round(height * scale))
    return image.resize(size, Image.Resampling.BICUBIC), round(dpi * scale)

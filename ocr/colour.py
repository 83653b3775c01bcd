"""Coloured ink on a page: keep coloured print (letterheads, e-mail lines, blue body text), fade stamps and signatures.

Letters are printed in black, but many letterheads are green or blue and some bodies are typed in blue; stamps and
signatures are blue, violet or red ink laid over the black print of the signature block. Fading every coloured
pixel (as a plain colour drop-out does) erases the coloured print with the stamps. Here each piece of coloured ink
(a connected component) is judged by its shape: a stamp's ring, a signature's stroke or a logo is large for a
glyph and thin for its box; coloured print is glyphs of text size. Only the marks, and the coloured specks inside a
mark's box (a stamp's lettering), are faded; coloured print is kept, as dark as its darkest channel.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageFilter

_CHROMA_NOISE = 20  # chroma below this is scanner noise on black or grey, not coloured ink
_CHROMA_GAIN = 8
_INK_CHROMA = 45  # a pixel of coloured ink: max - min of R, G, B (averaged over 3 x 3) above this
# A line of print is 1 to 2 % of the page's height tall; a word of coloured print may be wide (its letters touch
# on a low-resolution scan) but never tall. A stamp is 8 to 15 %, a signature 4 to 8 %.
_MARK_HEIGHT = 0.045  # a component taller than this share of the page's height is no line of print...
_MARK_FILL = 0.3  # ... when it fills less than this share of its box (rings, strokes)
_BLOB_HEIGHT = 0.09  # anything coloured this tall is a mark (a logo, a solid stamp)


@dataclass(frozen=True, slots=True)
class InkReport:
    """What was found: coloured ink in pixels, the part faded as marks, and the marks' boxes (x, y, w, h)."""

    coloured: int
    faded: int
    marks: tuple[tuple[int, int, int, int], ...]


def chroma_of(rgb: np.ndarray) -> np.ndarray:
    """Return each pixel's chroma (max - min of its channels), averaged over 3 x 3 pixels against JPEG noise."""
    return _blurred_chroma(_spread(rgb)[0]).astype(np.int16)


def _spread(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (max - min, min) of the channels of an RGB page, in 8 bits (one pass of OpenCV per channel pair)."""
    red, green, blue = cv2.split(np.ascontiguousarray(rgb, dtype=np.uint8))
    darkest = cv2.min(cv2.min(red, green), blue)
    return cv2.subtract(cv2.max(cv2.max(red, green), blue), darkest), darkest


def _blurred_chroma(spread: np.ndarray) -> np.ndarray:
    """Return the chroma averaged over 3 x 3 pixels (Pillow's box blur, as the thresholds were tuned with)."""
    return np.asarray(Image.fromarray(spread, mode="L").filter(ImageFilter.BoxBlur(1)))


def mark_mask(chroma: np.ndarray) -> tuple[np.ndarray, tuple[tuple[int, int, int, int], ...]]:
    """Return the mask of coloured marks (stamps, signatures, logos) and their boxes; coloured print stays out."""
    ink = (chroma > _INK_CHROMA).astype(np.uint8)
    mask = np.zeros(ink.shape, dtype=bool)
    if not ink.any():
        return mask, ()
    page_height = ink.shape[0]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    x, y, w, h, area = (stats[1:, i].astype(np.int64) for i in range(5))
    tall = h / page_height
    marked = (tall >= _BLOB_HEIGHT) | ((tall >= _MARK_HEIGHT) & (area / (w * h) < _MARK_FILL))
    boxes = [
        (int(a), int(b), int(c), int(d)) for a, b, c, d in zip(x[marked], y[marked], w[marked], h[marked], strict=True)
    ]
    if not boxes:
        return mask, ()
    cx, cy = x + w / 2, y + h / 2
    is_mark = np.zeros(count, dtype=bool)
    for bx, by, bw, bh in boxes:  # a component whose centre lies inside a mark's box is part of the mark
        is_mark[1:] |= (bx <= cx) & (cx <= bx + bw) & (by <= cy) & (cy <= by + bh)
    mask = is_mark[labels]
    # The faint halo around each stroke belongs to the mark too.
    mask = cv2.dilate(mask.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    return mask, tuple(boxes)


def to_gray_keeping_print(image: Image.Image) -> tuple[Image.Image, InkReport]:
    """Return an 8-bit grey page with coloured marks faded and coloured print kept dark (see the module docstring)."""
    if not _has_colour(image):  # most pages are black print on white: nothing to weigh
        return image.convert("L"), InkReport(coloured=0, faded=0, marks=())
    # 8-bit OpenCV arithmetic throughout (saturating, as the clip to 0..255 was): a page is ~9 million pixels, and
    # numpy reductions over 16-bit copies of it cost more CPU than Tesseract's reading of the page.
    spread, darkest = _spread(np.asarray(image.convert("RGB")))
    chroma = _blurred_chroma(spread)
    gray = np.asarray(image.convert("L"))
    coloured = chroma > _INK_CHROMA
    marks, boxes = mark_mask(chroma)
    out = np.where(coloured & ~marks, cv2.min(gray, darkest), gray)
    if boxes:
        lift = cv2.multiply(cv2.subtract(chroma, _CHROMA_NOISE), _CHROMA_GAIN)
        out = np.where(marks, cv2.add(out, lift), out)
    report = InkReport(
        coloured=int(np.count_nonzero(coloured)), faded=int(np.count_nonzero(marks & coloured)), marks=boxes
    )
    return Image.fromarray(np.ascontiguousarray(out, dtype=np.uint8), mode="L"), report


def _has_colour(image: Image.Image) -> bool:
    """Return whether a reduced copy of the page shows any coloured ink at all (a cheap first look)."""
    small = image.convert("RGB")
    small.thumbnail((600, 600))
    pixels = np.asarray(small, dtype=np.int16)
    return bool(((pixels.max(axis=2) - pixels.min(axis=2)) > _INK_CHROMA - 15).any())  # thin strokes fade when reduced

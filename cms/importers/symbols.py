"""Find the flowchart symbols drawn in the lane cells of an SOP AP table (OpenCV contours).

The ruling lines are painted out first; what is left is text, arrows and symbols. A symbol is a closed
outline whose inside is larger than any letter's (rectangle, diamond, capsule, connector), or a solid
block of ink as large (some offices fill their process boxes black). Arrows are open strokes and
leave no such inside. A symbol is read by the shape of its inside: a rectangle fills its bounding box,
a capsule almost, a diamond half.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from cms.importers.grid import dilate, ink_mask

PROCESS = "process"
DECISION = "decision"
TERMINATOR = "terminator"
CONNECTOR = "connector"

MIN_INSIDE_INCH = 0.1  # an inside narrower or lower than this is a letter's hole
CONNECTOR_INCH = 0.4  # off-page connectors are small and about as wide as high


@dataclass(frozen=True)
class Symbol:
    """A flow symbol: its kind, its box in page pixels and whether a line leaves it downwards."""

    kind: str
    box: tuple[int, int, int, int]
    exits_down: bool = False
    enters_from_above: bool = False

    @property
    def cx(self) -> float:
        return (self.box[0] + self.box[2]) / 2

    @property
    def cy(self) -> float:
        return (self.box[1] + self.box[3]) / 2


def find_symbols(
    gray: np.ndarray, line_mask: np.ndarray, region: tuple[int, int, int, int], columns: list[int], dpi: int
) -> list[Symbol]:
    """Return the symbols inside ``region`` (page pixels) whose inside does not cross a column line."""
    x0, y0, x1, y1 = region
    with_rules = ink_mask(gray[y0:y1, x0:x1], dpi)
    ink = with_rules.copy()
    ink[dilate(line_mask[y0:y1, x0:x1], dpi) > 0] = 0
    size = max(3, int(dpi * 0.012) | 1)
    ink = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((size, size), np.uint8))
    # A symbol whose edge lies on a ruling line loses that edge with the line; read it with the line kept,
    # as long as its inside stays clear of the column lines (else it is a cell, or an arrow's corner of one).
    inner = [x - x0 for x in columns if x0 <= x <= x1]
    clear = max(4, int(dpi * 0.04))
    kept = [
        found
        for found in _outlined(with_rules, dpi)
        if all(x <= found[1][0] - clear or x >= found[1][2] + clear for x in inner)
    ]
    found = _outlined(ink, dpi) + _solid(ink, dpi) + kept
    symbols = []
    for kind, (bx0, by0, bx1, by1) in found:
        box = (bx0 + x0, by0 + y0, bx1 + x0, by1 + y0)
        if _crosses_column(box, columns):
            continue
        symbols.append(
            Symbol(
                kind=kind,
                box=box,
                exits_down=_stroke_beside(ink, (bx0, by0, bx1, by1), dpi, below=True),
                enters_from_above=_stroke_beside(ink, (bx0, by0, bx1, by1), dpi, below=False),
            )
        )
    return _without_nested(symbols)


def _outlined(ink: np.ndarray, dpi: int) -> list[tuple[str, tuple[int, int, int, int]]]:
    """Return the insides of closed outlines big enough to be symbols, with their kind."""
    contours, hierarchy = cv2.findContours(ink, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    minimum = dpi * MIN_INSIDE_INCH
    found = []
    for index, contour in enumerate(contours):
        if hierarchy[0][index][3] < 0:  # an outer contour; insides are the holes
            continue
        x, y, w, h = cv2.boundingRect(contour)
        if w < minimum * 1.5 or h < minimum:
            continue
        found.append((_kind(contour, w, h, dpi), (x, y, x + w, y + h)))
    return found


def _solid(ink: np.ndarray, dpi: int) -> list[tuple[str, tuple[int, int, int, int]]]:
    """Return blocks of solid ink as large as a symbol (filled process boxes)."""
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    minimum = dpi * MIN_INSIDE_INCH * 1.5
    found = []
    for label in range(1, count):
        x, y, w, h, area = stats[label]
        if w >= minimum and h >= minimum and area >= 0.8 * w * h:
            found.append((PROCESS, (int(x), int(y), int(x + w), int(y + h))))
    return found


def _kind(contour: np.ndarray, width: int, height: int, dpi: int) -> str:
    fill = cv2.contourArea(contour) / float(width * height)
    corners = len(cv2.approxPolyDP(contour, 0.02 * cv2.arcLength(contour, True), True))
    if fill < 0.7:
        return DECISION
    if max(width, height) < dpi * CONNECTOR_INCH and 0.6 < width / height < 1.6:
        return CONNECTOR
    if corners <= 5 and fill > 0.9:
        return PROCESS
    return TERMINATOR


def _crosses_column(box: tuple[int, int, int, int], columns: list[int]) -> bool:
    """Return whether a column line runs through the middle of ``box`` (a loop of arrows, not a symbol)."""
    x0, _, x1, _ = box
    margin = (x1 - x0) * 0.15
    return any(x0 + margin < x < x1 - margin for x in columns)


def _stroke_beside(ink: np.ndarray, box: tuple[int, int, int, int], dpi: int, *, below: bool) -> bool:
    """Return whether a line leaves the symbol's outline downwards (or arrives from above)."""
    x0, y0, x1, y1 = box
    outline = max(2, int(dpi * 0.02))
    reach = max(4, int(dpi * 0.08))
    if below:
        strip = ink[y1 + outline : y1 + outline + reach, x0 : x1 + 1]
    else:
        strip = ink[max(0, y0 - outline - reach) : max(0, y0 - outline), x0 : x1 + 1]
    if strip.size == 0 or strip.shape[0] < reach // 2:
        return False
    columns = (strip > 0).mean(axis=0)
    return bool(columns.max(initial=0) >= 0.8)


def _without_nested(symbols: list[Symbol]) -> list[Symbol]:
    """Drop symbols inside another one (the 'A' of a connector, a solid block inside an outline)."""
    kept = []
    for symbol in symbols:
        x0, y0, x1, y1 = symbol.box
        inside = any(
            other is not symbol
            and other.box[0] <= x0
            and other.box[1] <= y0
            and x1 <= other.box[2]
            and y1 <= other.box[3]
            and (other.box[2] - other.box[0]) * (other.box[3] - other.box[1]) > (x1 - x0) * (y1 - y0)
            for other in symbols
        )
        if not inside:
            kept.append(symbol)
    return kept

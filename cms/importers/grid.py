"""Find the ruled tables on a page image with OpenCV: line segments, the grid they form, merged cells.

A table is the set of ruling lines that touch each other. A ruling line is told apart from the arrows
and symbol edges of a flowchart drawn inside the table by its ends: it runs from one ruling line to
another (or spans most of the table), while an arrow starts and stops at a symbol. Cells are the slots
between neighbouring column and row lines, joined where the line between them is missing (merged
header cells, a row whose text runs across columns).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

MIN_LINE_INCH = 0.3  # shorter strokes are letters, arrowheads and symbol edges
SNAP_INCH = 0.05  # how far a line's end may stop short of (or run past) the line it meets
STRONG_SHARE = 0.6  # a line covering this share of the table's width/height is a ruling line for sure


@dataclass(frozen=True)
class Segment:
    """A straight stroke: horizontal (``pos`` is its y, ``a``..``b`` along x) or vertical (``pos`` is x)."""

    pos: int
    a: int
    b: int
    thickness: int

    @property
    def length(self) -> int:
        return self.b - self.a


@dataclass(frozen=True)
class Cell:
    """One cell of a table: its box in page pixels and the grid rows/columns it spans (end exclusive)."""

    row: int
    col: int
    row_end: int
    col_end: int
    box: tuple[int, int, int, int]


@dataclass
class Grid:
    """A table found on a page: the x of its column lines, the y of its row lines, and its cells."""

    xs: list[int]
    ys: list[int]
    cells: list[Cell]
    line_mask: np.ndarray = field(repr=False)

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def cell_at(self, row: int, col: int) -> Cell | None:
        for cell in self.cells:
            if cell.row <= row < cell.row_end and cell.col <= col < cell.col_end:
                return cell
        return None


def ink_mask(gray: np.ndarray, dpi: int) -> np.ndarray:
    """Return the dark strokes of a grayscale page as 255 on 0 (adaptive, so grey scan backgrounds drop out)."""
    block = max(15, int(dpi / 6) | 1)
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15)


def line_masks(ink: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (horizontal, vertical) masks of the strokes at least MIN_LINE_INCH long; small gaps bridged."""
    length = max(12, int(dpi * MIN_LINE_INCH))
    gap = max(3, int(dpi * 0.02))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    return horizontal, vertical


def skew_angle(gray: np.ndarray, dpi: int) -> float:
    """Return the page's skew in degrees (positive: lines fall to the right) from its long horizontal strokes."""
    ink = ink_mask(gray, dpi)
    length = max(12, int(dpi * 0.6))
    opened = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
    angles, weights = [], []
    for label in range(1, count):
        x, y, w, h, _area = stats[label]
        if w < dpi * 1.5 or h > dpi * 0.3:
            continue
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == label)
        if len(xs) < 10:
            continue
        slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
        angles.append(float(np.degrees(np.arctan(slope))))
        weights.append(w)
    if not angles:
        return 0.0
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights, dtype=float)[order])
    median = int(np.searchsorted(cumulative, cumulative[-1] / 2))
    return float(np.asarray(angles)[order][median])


def straighten(gray: np.ndarray, angle: float) -> np.ndarray:
    """Return the page rotated by ``angle`` degrees about its centre (white fills the corners)."""
    if abs(angle) < 0.05:
        return gray
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def segments(mask: np.ndarray, *, horizontal: bool) -> list[Segment]:
    """Return the strokes of a line mask, pieces on one line with small gaps joined."""
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    found = []
    for label in range(1, count):
        x, y, w, h, _area = stats[label]
        if horizontal:
            found.append(Segment(pos=int(y + h // 2), a=int(x), b=int(x + w), thickness=int(h)))
        else:
            found.append(Segment(pos=int(x + w // 2), a=int(y), b=int(y + h), thickness=int(w)))
    return found


def find_grids(gray: np.ndarray, dpi: int) -> list[Grid]:
    """Return every ruled table on the page, top to bottom."""
    ink = ink_mask(gray, dpi)
    h_mask, v_mask = line_masks(ink, dpi)
    h_segments = segments(h_mask, horizontal=True)
    v_segments = segments(v_mask, horizontal=False)
    snap = max(4, int(dpi * SNAP_INCH))
    grids = []
    for h_group, v_group in _clusters(h_segments, v_segments, snap):
        grid = _grid(h_group, v_group, snap, gray.shape, dpi)
        if grid is not None:
            grids.append(grid)
    return sorted(grids, key=lambda grid: grid.ys[0])


def _touches(h: Segment, v: Segment, snap: int) -> bool:
    return h.a - snap <= v.pos <= h.b + snap and v.a - snap <= h.pos <= v.b + snap


def _clusters(hs: list[Segment], vs: list[Segment], snap: int) -> list[tuple[list[Segment], list[Segment]]]:
    """Group the strokes that meet into tables (union-find over horizontal-vertical crossings)."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _touches(h, v, snap):
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return [group for group in groups.values() if len(group[0]) >= 2 and len(group[1]) >= 2]


def _positions(items: list[Segment], snap: int) -> list[list[Segment]]:
    """Group strokes lying on the same line (positions within ``snap``)."""
    lines: list[list[Segment]] = []
    for item in sorted(items, key=lambda s: s.pos):
        if lines and item.pos - lines[-1][-1].pos <= snap:
            lines[-1].append(item)
        else:
            lines.append([item])
    return lines


def _coverage(line: list[Segment], low: int, high: int) -> float:
    """Return the share of ``low..high`` that the strokes of one line cover."""
    if high <= low:
        return 0.0
    spans = sorted((max(low, s.a), min(high, s.b)) for s in line if s.b > low and s.a < high)
    covered, end = 0, low
    for a, b in spans:
        a = max(a, end)
        if b > a:
            covered += b - a
            end = b
    return covered / (high - low)


def _position(line: list[Segment]) -> int:
    return int(round(sum(s.pos * s.length for s in line) / max(1, sum(s.length for s in line))))


def _ruling(hs: list[Segment], vs: list[Segment], snap: int) -> tuple[list[list[Segment]], list[list[Segment]]]:
    """Return the ruling lines among the strokes: the long ones, then those that run from line to line."""
    left, right = min(s.a for s in hs), max(s.b for s in hs)
    top, bottom = min(s.a for s in vs), max(s.b for s in vs)
    h_lines = _positions(hs, snap)
    v_lines = _positions(vs, snap)
    rows = [line for line in h_lines if _coverage(line, left, right) >= STRONG_SHARE]
    cols = [line for line in v_lines if _coverage(line, top, bottom) >= STRONG_SHARE]
    for _ in range(4):
        xs = [_position(line) for line in cols]
        ys = [_position(line) for line in rows]
        new_rows = [line for line in h_lines if line in rows or _runs_between(line, xs, snap)]
        new_cols = [line for line in v_lines if line in cols or _runs_between(line, ys, snap)]
        if len(new_rows) == len(rows) and len(new_cols) == len(cols):
            break
        rows, cols = new_rows, new_cols
    return rows, cols


def _runs_between(line: list[Segment], stops: list[int], snap: int) -> bool:
    """Return whether some stroke of ``line`` starts and ends on ruling lines (two different ones)."""
    for stroke in line:
        start = [p for p in stops if abs(p - stroke.a) <= snap]
        end = [p for p in stops if abs(p - stroke.b) <= snap]
        if start and end and min(end) - max(start) > snap:
            return True
    return False


def _grid(hs: list[Segment], vs: list[Segment], snap: int, shape: tuple[int, int], dpi: int) -> Grid | None:
    rows, cols = _ruling(hs, vs, snap)
    if len(rows) < 2 or len(cols) < 2:
        return None
    ys = [_position(line) for line in rows]
    xs = [_position(line) for line in cols]
    if xs[-1] - xs[0] < dpi or ys[-1] - ys[0] < dpi * 0.3:
        return None
    mask = np.zeros(shape, dtype=np.uint8)
    for line in rows:
        for s in line:
            cv2.line(mask, (s.a, s.pos), (s.b, s.pos), 255, max(1, s.thickness))
    for line in cols:
        for s in line:
            cv2.line(mask, (s.pos, s.a), (s.pos, s.b), 255, max(1, s.thickness))
    cells = _cells(rows, cols, xs, ys)
    return Grid(xs=xs, ys=ys, cells=cells, line_mask=mask)


def _cells(rows: list[list[Segment]], cols: list[list[Segment]], xs: list[int], ys: list[int]) -> list[Cell]:
    """Join the grid slots that no ruling line separates, and return the merged cells in reading order."""
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(n_rows) for c in range(n_cols)}

    def find(slot: tuple[int, int]) -> tuple[int, int]:
        while parent[slot] != slot:
            parent[slot] = parent[parent[slot]]
            slot = parent[slot]
        return slot

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and _coverage(cols[c + 1], ys[r], ys[r + 1]) < 0.5:
                parent[find((r, c + 1))] = find((r, c))
            if r + 1 < n_rows and _coverage(rows[r + 1], xs[c], xs[c + 1]) < 0.5:
                parent[find((r + 1, c))] = find((r, c))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for slot in parent:
        groups.setdefault(find(slot), []).append(slot)
    cells = []
    for slots in groups.values():
        r0, r1 = min(r for r, _ in slots), max(r for r, _ in slots) + 1
        c0, c1 = min(c for _, c in slots), max(c for _, c in slots) + 1
        cells.append(Cell(row=r0, col=c0, row_end=r1, col_end=c1, box=(xs[c0], ys[r0], xs[c1], ys[r1])))
    return sorted(cells, key=lambda cell: (cell.row, cell.col))


def dilate(mask: np.ndarray, dpi: int) -> np.ndarray:
    """Return ``mask`` grown by about 0.01 inch each way (to paint ruling lines out completely)."""
    size = max(3, int(dpi * 0.02) | 1)
    return cv2.dilate(mask, np.ones((size, size), np.uint8))


def binarize_cells(gray: np.ndarray, grid: Grid, dpi: int) -> None:
    """Turn every cell of ``grid`` to black text on white, in place, each cell with its own threshold.

    Header cells are often shaded, and a scanner turns the shade into a darker patch behind the words;
    one threshold for the page keeps the patch and loses the words. The darkest ink of a cell is its
    text, its median is its background: the threshold sits a third of the way up from the text.
    """
    inset = max(2, int(dpi * 0.012))
    for cell in grid.cells:
        x0, y0, x1, y1 = cell.box
        crop = gray[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
        if crop.size:
            crop[:] = _text_on_white(crop)


def _text_on_white(crop: np.ndarray, share: float = 0.35) -> np.ndarray:
    dark, background = np.percentile(crop, [0.5, 50])
    if background - dark < 60:
        return np.full_like(crop, 255)
    threshold = dark + share * (background - dark)
    return np.where(crop < threshold, 0, 255).astype(np.uint8)


def binarize_box(
    gray: np.ndarray, box: tuple[int, int, int, int], dpi: int, *, share: float = 0.35
) -> tuple[np.ndarray, int, int] | None:
    """Return the inside of ``box`` as black text on white with a white margin, and where the result's
    origin lies on the page; None when the box holds no ink."""
    inset = max(3, int(dpi * 0.02))
    x0, y0, x1, y1 = box
    crop = gray[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
    if crop.size == 0:
        return None
    clean = _text_on_white(crop.copy(), share)
    if clean.min() == 255:
        return None
    margin = int(dpi * 0.05)
    image = cv2.copyMakeBorder(clean, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=255)
    return image, x0 + inset - margin, y0 + inset - margin

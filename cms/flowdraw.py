"""Flowchart drawing primitives: text metrics and wrapping, symbols, orthogonal connectors, SVG pieces."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

INK = {"flow": "#2b3440", "yes": "#1b6b3a", "no": "#a4262c"}

# Advance widths of DejaVu Sans and DejaVu Sans Bold for ASCII 32..126, in hundredths of an em
# (read from the fonts with fontTools). Other characters count as _OTHER_WIDTH. Browsers without
# DejaVu fall back to narrower sans fonts, so wrapping by these widths errs on the safe side.
_WIDTHS = (
    "32 40 46 84 64 95 78 27 39 39 50 84 32 36 32 34 64 64 64 64 64 64 64 64 64 64 34 34 84 84 84 53 100 68 69 "
    "70 77 63 58 77 75 29 29 66 56 86 75 79 60 79 69 63 61 73 68 99 69 61 69 39 34 39 84 50 50 61 63 55 63 62 "
    "35 63 63 28 28 58 28 97 63 61 63 63 41 52 39 63 59 82 59 59 52 64 34 64 84"
)
_BOLD_WIDTHS = (
    "35 46 52 84 70 100 87 31 46 46 52 84 38 42 38 37 70 70 70 70 70 70 70 70 70 70 40 40 84 84 84 58 100 77 "
    "76 73 83 68 68 82 84 37 37 77 64 100 84 85 73 85 77 72 68 81 77 110 77 72 73 46 37 46 84 50 50 67 72 59 "
    "72 68 44 72 71 34 34 67 34 104 71 69 72 72 49 60 48 71 65 92 65 65 58 71 37 71 84"
)
_TABLES = {False: tuple(map(int, _WIDTHS.split())), True: tuple(map(int, _BOLD_WIDTHS.split()))}
_OTHER_WIDTH = 70
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Shape:
    kind: str  # "terminator", "process" or "decision"
    cx: float
    cy: float
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.cy - self.h / 2

    @property
    def bottom(self) -> float:
        return self.cy + self.h / 2

    def side_point(self, side: str, y: float | None = None) -> tuple[float, float]:
        """Return the point on the left or right outline at height y (the vertex for a diamond)."""
        y = self.cy if y is None else y
        half = self.w / 2
        if self.kind == "decision":
            half *= 1 - abs(y - self.cy) / (self.h / 2)
        return (self.cx + half if side == "right" else self.cx - half, y)


@dataclass(frozen=True)
class Edge:
    kind: str  # "flow", "yes" (decision approved) or "no" (back to an earlier step)
    points: tuple[tuple[float, float], ...]
    source: int
    target: int
    label: str = ""
    label_at: tuple[float, float, str] = (0.0, 0.0, "start")


@dataclass(frozen=True)
class NoRoute:
    """Where a decision's 'Tidak' arrow runs: out of which vertex, along which lane side, on which track."""

    source: int
    target: int
    exit_side: str
    lane: int
    side: str
    track: int
    entry: int = 0


# Text measuring and wrapping.


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    table = _TABLES[bold]
    units = sum(table[ord(c) - 32] if 32 <= ord(c) < 127 else _OTHER_WIDTH for c in text)
    return units * size / 100


def wrap(text: str, width: float, size: float, *, bold: bool = False, max_lines: int = 0) -> list[str]:
    """Break text into lines no wider than width; with max_lines, end the last kept line with '…'."""
    lines: list[str] = []
    for paragraph in text.splitlines():
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold=bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = word
            while text_width(line, size, bold=bold) > width and len(line) > 1:
                cut = _fit(line, width, size, bold)
                lines.append(line[:cut])
                line = line[cut:]
        if line:
            lines.append(line)
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", size, bold=bold) > width:
            last = last[:-1]
        lines[-1] = last.rstrip(" ,.;:") + "…"
    return lines


def _fit(word: str, width: float, size: float, bold: bool) -> int:
    cut = 1
    while cut < len(word) and text_width(word[: cut + 1], size, bold=bold) <= width:
        cut += 1
    return cut


# Routing: orthogonal connectors between symbols.


def route_edges(
    order: Sequence[int],
    shapes: dict[int, Shape],
    routes: Sequence[NoRoute],
    *,
    track_x: dict[tuple[int, str, int], float],
) -> list[Edge]:
    """Connect start → steps → end (the 'Ya' branch for decisions) and each decision's 'Tidak' track.

    order lists the symbols top to bottom; shapes holds 0 for the start terminator, 1..n for the steps
    and -1 for the end terminator.
    """
    by_source = {r.source: r for r in routes}
    edges = []
    for a, b in zip(order, order[1:], strict=False):
        route = by_source.get(a)
        kind = "yes" if route else "flow"
        avoid = route.exit_side if route else ""
        points = _connect(shapes[a], shapes[b], avoid)
        label, at = (_("Ya"), _label_at(points)) if route else ("", (0.0, 0.0, "start"))
        edges.append(Edge(kind, points, a, b, label, at))
    for r in routes:
        source, target = shapes[r.source], shapes[r.target]
        start = source.side_point(r.exit_side)
        x = track_x[(r.lane, r.side, r.track)]
        sharing = sum(1 for other in routes if (other.target, other.side) == (r.target, r.side))
        y = target.top + target.h / 2 * (r.entry + 1) / (sharing + 1)
        end = target.side_point(r.side, y)
        points = (start, (x, start[1]), (x, y), end)
        edges.append(Edge("no", points, r.source, r.target, _("Tidak"), _label_at(points)))
    return edges


def _connect(a: Shape, b: Shape, avoid: str) -> tuple[tuple[float, float], ...]:
    if abs(a.cx - b.cx) < 0.5:
        return ((a.cx, a.bottom), (b.cx, b.top))
    side = "right" if b.cx > a.cx else "left"
    if side != avoid:
        x, y = a.side_point(side)
        return ((x, y), (b.cx, y), (b.cx, b.top))
    y = a.bottom + min(14.0, (b.top - a.bottom) / 2)
    return ((a.cx, a.bottom), (a.cx, y), (b.cx, y), (b.cx, b.top))


def _label_at(points: Sequence[tuple[float, float]]) -> tuple[float, float, str]:
    (x0, y0), (x1, _y1) = points[0], points[1]
    if abs(x0 - x1) < 0.5:
        return (x0 + 4, y0 + 13, "start")
    if x1 > x0:
        return (x0 + 4, y0 - 4, "start")
    return (x0 - 4, y0 - 4, "end")


def track_positions(
    routes: Sequence[NoRoute], lefts: Sequence[float], widths: Sequence[float], inset: float, gap: float
) -> dict[tuple[int, str, int], float]:
    """Return the x of every (lane, side, track) a 'Tidak' arrow runs along, counted in from the lane edge."""
    positions = {}
    for r in routes:
        offset = inset + gap * r.track
        left = lefts[r.lane]
        positions[(r.lane, r.side, r.track)] = left + widths[r.lane] - offset if r.side == "right" else left + offset
    return positions


# SVG pieces shared by the screen and the print drawings.


def esc(text: str) -> str:
    """Escape text for XML content or a double-quoted attribute, dropping characters XML forbids."""
    text = _XML_ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def fmt(value: float) -> str:
    """Format a coordinate with at most one decimal, so the same input gives the same SVG."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def marker_defs(prefix: str, size: float = 8) -> str:
    """Return one arrowhead marker per arrow kind (marker fills do not follow the line colour)."""
    markers = "".join(
        f'<marker id="{prefix}-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="{fmt(size)}" '
        f'markerHeight="{fmt(size)}" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{ink}"/></marker>'
        for kind, ink in INK.items()
    )
    return f"<defs>{markers}</defs>"


def edge_svg(edge: Edge, prefix: str, width: float = 1.6) -> str:
    d = " ".join(f"{'M' if i == 0 else 'L'}{fmt(x)},{fmt(y)}" for i, (x, y) in enumerate(edge.points))
    return (
        f'<path class="flow-arrow flow-arrow--{edge.kind}" data-from="{edge.source}" data-to="{edge.target}" '
        f'd="{d}" fill="none" stroke="{INK[edge.kind]}" stroke-width="{fmt(width)}" '
        f'marker-end="url(#{prefix}-{edge.kind})"/>'
    )


def label_svg(edge: Edge, size: float) -> str:
    """Draw an arrow's label on a white patch, so a line passing under it does not hide it."""
    x, y, anchor = edge.label_at
    w = text_width(edge.label, size, bold=True) + 4
    left = x - 2 if anchor == "start" else x - w + 2
    return (
        f'<g class="flow-label flow-label--{edge.kind}"><rect x="{fmt(left)}" y="{fmt(y - size)}" '
        f'width="{fmt(w)}" height="{fmt(size + 3)}" fill="#ffffff" fill-opacity="0.9"/>'
        f'<text x="{fmt(x)}" y="{fmt(y)}" text-anchor="{anchor}" font-size="{fmt(size)}" font-weight="bold" '
        f'fill="{INK[edge.kind]}">{esc(edge.label)}</text></g>'
    )


def shape_svg(shape: Shape, *, fill: str = "#ffffff", stroke: str = "#1d2733", width: float = 1.5) -> str:
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="{fmt(width)}"'
    x, y, w, h = fmt(shape.cx - shape.w / 2), fmt(shape.top), fmt(shape.w), fmt(shape.h)
    if shape.kind == "decision":
        cx, cy, hw, hh = shape.cx, shape.cy, shape.w / 2, shape.h / 2
        pts = f"{fmt(cx)},{fmt(cy - hh)} {fmt(cx + hw)},{fmt(cy)} {fmt(cx)},{fmt(cy + hh)} {fmt(cx - hw)},{fmt(cy)}"
        return f'<polygon class="flow-symbol flow-symbol--decision" points="{pts}" {paint}/>'
    radius = fmt(shape.h / 2) if shape.kind == "terminator" else "3"
    return (
        f'<rect class="flow-symbol flow-symbol--{shape.kind}" x="{x}" y="{y}" width="{w}" height="{h}" '
        f'rx="{radius}" {paint}/>'
    )


def text_lines_svg(lines: Iterable[str], x: float, first_y: float, line_h: float) -> str:
    return "".join(
        f'<tspan x="{fmt(x)}" y="{fmt(first_y + i * line_h)}">{esc(line)}</tspan>' for i, line in enumerate(lines)
    )

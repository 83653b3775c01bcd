"""The printable SOP AP layout: the flowchart table, the HTML context and the cached PDF from WeasyPrint."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cms.blocks import items_of
from cms.flowchart import Flow, FlowStep, flow_from_page, lane_index, lane_names, no_actor, plan_no_routes
from cms.flowdraw import (
    Edge,
    Shape,
    edge_svg,
    esc,
    fmt,
    label_svg,
    marker_defs,
    route_edges,
    shape_svg,
    track_positions,
    wrap,
)

if TYPE_CHECKING:
    from cms.models import SopPage

PRINT_TEMPLATE = "cms/sop_print.html"
PRINT_CSS = "cms/print.css"
LAYOUT_VERSION = 1  # bump when the printed layout changes, so cached PDFs are made again

TABLE_W = 1040  # px at 96 dpi: A4 landscape (297 mm) less 2 × 10 mm margins, with a little room
FIXED_W = {"number": 30, "activity": 220, "requirements": 120, "duration": 66, "output": 120, "remarks": 90}
MIN_LANE_W = 56
FONT, LINE, PAD_X, PAD_Y = 11, 14, 4, 3  # must match the table cells in static/cms/print.css
TERM_W, TERM_H, PROC_H, DEC_H, SYMBOL_W = 54, 18, 26, 34, 62
TRACK_INSET, TRACK_GAP = 5, 5


@dataclass(frozen=True)
class Columns:
    number: float
    activity: float
    lane: float
    lanes: int
    requirements: float
    duration: float
    output: float
    remarks: float

    @property
    def lanes_w(self) -> float:
        return self.lane * self.lanes


@dataclass(frozen=True)
class Row:
    step: FlowStep
    height: float
    strip: str  # the SVG of this row's Pelaksana cells


@dataclass(frozen=True)
class FlowTable:
    columns: Columns
    lanes: list[str]
    unassigned: bool
    rows: list[Row]

    @property
    def width(self) -> float:
        c = self.columns
        return round(c.number + c.activity + c.lanes_w + c.requirements + c.duration + c.output + c.remarks, 1)

    @property
    def total_span(self) -> int:
        """Columns the 'Jumlah waktu' label spans: No, Kegiatan, the lanes and Kelengkapan."""
        return 3 + self.columns.lanes


def columns_for(lane_count: int) -> Columns:
    """Share the table width: fixed text columns, the rest to the lanes; many lanes narrow the text columns."""
    fixed = sum(FIXED_W.values())
    lane = (TABLE_W - fixed) / lane_count
    scale = 1.0
    if lane < MIN_LANE_W:
        lane = MIN_LANE_W
        scale = (TABLE_W - MIN_LANE_W * lane_count) / fixed
    widths = {name: round(w * scale, 1) for name, w in FIXED_W.items()}
    return Columns(lane=round(lane, 1), lanes=lane_count, **widths)


def text_height(text: str, width: float) -> float:
    """Height of a table cell holding text wrapped to its width (with the cell padding)."""
    lines = len(wrap(text, width - 2 * PAD_X - 2, FONT)) if text.strip() else 0
    return max(lines, 1) * LINE + 2 * PAD_Y + 2


def _row_heights(flow: Flow, cols: Columns) -> list[float]:
    heights = []
    last = len(flow.steps)
    for step in flow.steps:
        cells = [
            (step.activity, cols.activity),
            (step.requirements, cols.requirements),
            (step.duration, cols.duration),
            (step.output, cols.output),
            (step.remarks, cols.remarks),
        ]
        text = max(text_height(t, w) for t, w in cells)
        symbol = (DEC_H if step.is_decision else PROC_H) + 20
        symbol += (TERM_H + 14) * ((step.number == 1) + (step.number == last))
        heights.append(max(text, symbol))
    return heights


def flow_table(flow: Flow, *, ident: str = "sop-print") -> FlowTable:
    """Lay out the SOP AP flowchart table: columns, row heights and each row's slice of the drawing.

    The table stays an HTML table, so WeasyPrint breaks it between rows and repeats its header on every
    page. Its Pelaksana cells are, row by row, windows onto one drawing: each row's SVG has that row's
    slice of a single coordinate system as its viewBox. Row heights come from the row's wrapped text
    (DejaVu Sans metrics), so a connector crossing a row boundary continues exactly in the next row,
    also across a page break.
    """
    names, lanes = lane_names(flow), lane_index(flow)
    cols = columns_for(len(names))
    heights = _row_heights(flow, cols)
    tops = [sum(heights[:i]) for i in range(len(heights))]
    routes = plan_no_routes(flow, lanes)
    tracks = max((r.track for r in routes), default=0) + 1
    room = TRACK_INSET + TRACK_GAP * (tracks - 1) + 6
    width = max(24.0, min(SYMBOL_W, cols.lane - 2 * room))
    lefts = [cols.lane * i for i in range(len(names))]
    center = [left + cols.lane / 2 for left in lefts]
    shapes = _shapes(flow, lanes, center, tops, heights, width)
    track_x = track_positions(routes, lefts, [cols.lane] * len(names), TRACK_INSET, TRACK_GAP)
    edges = route_edges([0, *(s.number for s in flow.steps), -1], shapes, routes, track_x=track_x)
    rows = [
        Row(step, heights[i], _strip(f"{ident}-{step.number}", cols, tops[i], heights[i], shapes, edges))
        for i, step in enumerate(flow.steps)
    ]
    unassigned = names[-1] == no_actor() and any(not s.actor.strip() for s in flow.steps)
    return FlowTable(cols, names, unassigned, rows)


def _shapes(
    flow: Flow, lanes: list[int], center: list[float], tops: list[float], heights: list[float], width: float
) -> dict[int, Shape]:
    """Place each step's symbol in its row and lane, the start above the first and the end below the last."""
    last = len(flow.steps)
    shapes: dict[int, Shape] = {}
    for i, step in enumerate(flow.steps):
        top, bottom = tops[i] + (TERM_H + 14) * (step.number == 1), tops[i] + heights[i]
        bottom -= (TERM_H + 14) * (step.number == last)
        kind, h = ("decision", DEC_H) if step.is_decision else ("process", PROC_H)
        shapes[step.number] = Shape(kind, center[lanes[i]], (top + bottom) / 2, width, h)
    term_w = min(TERM_W, width + 8)
    shapes[0] = Shape("terminator", center[lanes[0]], tops[0] + 6 + TERM_H / 2, term_w, TERM_H)
    end_y = tops[-1] + heights[-1] - 6 - TERM_H / 2
    shapes[-1] = Shape("terminator", center[lanes[-1]], end_y, term_w, TERM_H)
    return shapes


def _strip(ident: str, cols: Columns, top: float, height: float, shapes: dict[int, Shape], edges: list[Edge]) -> str:
    """Return one row's window onto the drawing: lane separators, the arrows through it and its symbols."""
    bottom = top + height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sop-print__strip" width="{fmt(cols.lanes_w)}" '
        f'height="{fmt(height)}" viewBox="0 {fmt(top)} {fmt(cols.lanes_w)} {fmt(height)}" aria-hidden="true" '
        f'font-family="DejaVu Sans" font-size="8">',
        marker_defs(ident, size=6),
    ]
    for i in range(1, cols.lanes):
        x = fmt(cols.lane * i)
        parts.append(f'<line x1="{x}" y1="{fmt(top)}" x2="{x}" y2="{fmt(bottom)}" stroke="#000" stroke-width="0.75"/>')
    passing = [e for e in edges if _overlaps(e, top, bottom)]
    parts += [edge_svg(e, ident, width=1) for e in passing]
    for key, shape in sorted(shapes.items()):
        if shape.top < bottom and shape.bottom > top:
            parts.append(shape_svg(shape, width=1))
            if shape.kind == "terminator":
                label = _("Mulai") if key == 0 else _("Selesai")
                parts.append(
                    f'<text x="{fmt(shape.cx)}" y="{fmt(shape.cy + 3)}" text-anchor="middle" '
                    f'font-weight="bold">{esc(label)}</text>'
                )
    parts += [label_svg(e, 8) for e in passing if e.label and top <= e.label_at[1] <= bottom]
    parts.append("</svg>")
    return "".join(parts)


def _overlaps(edge: Edge, top: float, bottom: float) -> bool:
    ys = [y for _x, y in edge.points]
    return min(ys) < bottom and max(ys) > top


# The page around the table.


def print_context(page: SopPage) -> dict:
    parent = page.get_parent()
    site = page.get_site()
    root = site.root_page.specific if site else None
    flow = flow_from_page(page)
    return {
        "page": page,
        "unit_name": parent.title if parent else "",
        "office_name": getattr(root, "office_name", "") or "",
        "flow": flow,
        "table": flow_table(flow) if flow.steps else None,
        "context_blocks": _context_blocks(page),
        "print_css": _print_css(),
    }


def _context_blocks(page: SopPage) -> list[tuple[tuple[str, list[str]], tuple[str, list[str]]]]:
    related = [link.label for link in page.related_links.all() if link.label]
    return [
        ((_("Dasar Hukum"), items_of(page.legal_basis)), (_("Kualifikasi Pelaksana"), items_of(page.qualifications))),
        ((_("Keterkaitan"), related), (_("Peralatan/Perlengkapan"), items_of(page.equipment))),
        ((_("Peringatan"), items_of(page.warnings)), (_("Pencatatan dan Pendataan"), items_of(page.records))),
    ]


@lru_cache(maxsize=1)
def _print_css() -> str:
    """Return the print stylesheet's text, inlined so WeasyPrint never fetches anything over the network."""
    path = finders.find(PRINT_CSS)
    return Path(path).read_text(encoding="utf-8") if path else ""


def render_sop_pdf(page: SopPage) -> bytes:
    """Make the PDF with WeasyPrint; every URL fetch is refused (the page needs none)."""
    from weasyprint import HTML

    html = render_to_string(PRINT_TEMPLATE, {**print_context(page), "for_pdf": True})
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_refuse_fetch).write_pdf()


def _refuse_fetch(url: str, *args: object, **kwargs: object) -> None:
    raise ValueError(f"The SOP print fetches no resources: {url}")


def pdf_cache_key(page: SopPage) -> str:
    """Key the cached PDF by the page, its revisions, its unit and the language; old keys simply expire."""
    parent = page.get_parent()
    parts = [page.pk, page.latest_revision_id, page.live_revision_id, parent.pk, parent.latest_revision_id]
    return f"cms:sop-pdf:v{LAYOUT_VERSION}:{get_language()}:" + ":".join(str(p) for p in parts)


def sop_pdf(page: SopPage) -> bytes:
    """Return the PDF from the cache, or render and cache it (WeasyPrint takes a second or more)."""
    key = pdf_cache_key(page)
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_sop_pdf(page)
        cache.set(key, pdf, getattr(settings, "CMS_PDF_CACHE_SECONDS", 7 * 24 * 3600))
    return pdf


def pdf_filename(page: SopPage) -> str:
    stem = slugify(page.sop_number or "")[:40] or "sop"
    return f"{stem}-{slugify(page.title)[:80] or page.pk}.pdf"

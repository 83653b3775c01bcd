"""SOP steps to a swimlane flowchart in SVG: pure layout and drawing; only flow_from_page reads a page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from cms.flowdraw import (
    Edge,
    NoRoute,
    Shape,
    edge_svg,
    esc,
    fmt,
    label_svg,
    marker_defs,
    route_edges,
    shape_svg,
    text_lines_svg,
    text_width,
    track_positions,
    wrap,
)

if TYPE_CHECKING:
    from cms.models import SopPage


def no_actor() -> str:
    """The lane of steps whose actor the document does not name, in the reader's language."""
    return _("(pelaksana belum dicantumkan)")


@dataclass(frozen=True)
class FlowStep:
    number: int
    activity: str
    actor: str = ""
    is_decision: bool = False
    no_goto_step: int | None = None
    duration: str = ""
    output: str = ""
    requirements: str = ""
    remarks: str = ""


@dataclass(frozen=True)
class Flow:
    title: str
    actors: tuple[str, ...] = ()
    steps: tuple[FlowStep, ...] = ()


# Flow from a page, and the facts every drawing needs.


def flow_from_page(page: SopPage) -> Flow:
    """Build the flow from an SopPage's ordered actors and steps (the only place that reads the page)."""
    steps = tuple(
        FlowStep(
            number=number,
            activity=step.activity.strip(),
            actor=step.actor.strip(),
            is_decision=step.is_decision,
            no_goto_step=step.no_goto_step,
            duration=step.duration_display,
            output=step.output.strip(),
            requirements=step.requirements.strip(),
            remarks=step.remarks.strip(),
        )
        for number, step in enumerate(page.ordered_steps, start=1)
    )
    return Flow(title=page.title, actors=tuple(a.name.strip() for a in page.ordered_actors), steps=steps)


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def lane_names(flow: Flow) -> list[str]:
    """Return the lanes: declared actors in order, then actors only steps name, then no_actor() if needed."""
    names: list[str] = []
    for name in [*flow.actors, *(s.actor for s in flow.steps)]:
        if name.strip() and _key(name) not in {_key(n) for n in names}:
            names.append(" ".join(name.split()))
    if any(not s.actor.strip() for s in flow.steps):
        names.append(no_actor())
    return names


def lane_index(flow: Flow) -> list[int]:
    """Return each step's lane number."""
    names = lane_names(flow)
    keys = [_key(n) for n in names]
    return [keys.index(_key(s.actor)) if s.actor.strip() else len(names) - 1 for s in flow.steps]


def no_target(flow: Flow, step: FlowStep) -> int | None:
    """Return the step a decision's 'no' leads to, or None when it names no other existing step."""
    target = step.no_goto_step
    if step.is_decision and target and 1 <= target <= len(flow.steps) and target != step.number:
        return target
    return None


def plan_no_routes(flow: Flow, lanes: Sequence[int]) -> list[NoRoute]:
    """Give each 'Tidak' arrow a track beside its target's lane, so it runs past the symbols, not through.

    The longest arrows take the outer tracks and enter their target highest, so nested arrows do not cross.
    """
    pairs = [(step.number, no_target(flow, step)) for step in flow.steps]
    pairs = sorted(((s, t) for s, t in pairs if t), key=lambda p: (-abs(p[0] - p[1]), p[0]))
    tracks: Counter[tuple[int, str]] = Counter()
    entries: Counter[tuple[int, str]] = Counter()
    routes = []
    for source, target in pairs:
        source_lane, target_lane = lanes[source - 1], lanes[target - 1]
        exit_side = "left" if target_lane < source_lane else "right"
        side = "right" if target_lane <= source_lane else "left"
        track, entry = tracks[(target_lane, side)], entries[(target, side)]
        routes.append(NoRoute(source, target, exit_side, target_lane, side, track, entry))
        tracks[(target_lane, side)] += 1
        entries[(target, side)] += 1
    return sorted(routes, key=lambda r: r.source)


def text_alternative(flow: Flow) -> list[str]:
    """Describe every step in words: '2. Kasubag: Memeriksa (10 menit) → Ya: langkah 3; Tidak: ...'."""
    names = lane_names(flow)
    lines = []
    for step, lane in zip(flow.steps, lane_index(flow), strict=True):
        line = f"{step.number}. {names[lane]}: {' '.join(step.activity.split())}"
        if step.duration:
            line += f" ({step.duration})"
        target = no_target(flow, step)
        if target:
            last = step.number == len(flow.steps)
            yes = _("selesai") if last else _("langkah %(n)s") % {"n": step.number + 1}
            back = _("kembali ke langkah %(n)s") if target < step.number else _("lanjut ke langkah %(n)s")
            line += f" → {_('Ya')}: {yes}; {_('Tidak')}: {back % {'n': target}}"
        lines.append(line)
    return lines


def steps_id(ident: str) -> str:
    """Return the id of the element holding the text alternative (the ordered list of steps)."""
    return f"{ident}-steps"


# The swimlane drawing for screens.

FONT, LINE, SMALL, HEADER_FONT, HEADER_LINE = 14, 18, 12, 13, 16
PAD, BOX_W, DIAMOND_W, TERM_W, TERM_H, ROW_GAP = 12, 150, 184, 110, 36, 44
TRACK_INSET, TRACK_GAP, CLEARANCE = 8, 8, 12
LANE_FILLS = ("#f3f6fa", "#ffffff")


@dataclass(frozen=True)
class _Swimlane:
    width: float
    height: float
    lefts: tuple[float, ...]
    widths: tuple[float, ...]
    header_h: float
    names: tuple[str, ...]
    unassigned: bool
    shapes: dict[int, Shape]
    texts: dict[int, tuple[str, ...]]
    edges: tuple[Edge, ...]


def _symbol(step: FlowStep) -> tuple[tuple[str, ...], float, float]:
    """Return a step's wrapped label, symbol width and height on screen."""
    if step.is_decision:
        lines = wrap(step.activity, DIAMOND_W * 0.55, 13, max_lines=3)
        body = len(lines) * 16 + (15 if step.duration else 0)
        return tuple(lines), DIAMOND_W, max(96.0, round(body / 0.45))
    lines = wrap(step.activity, BOX_W - 20, FONT, max_lines=4)
    body = len(lines) * LINE + (16 if step.duration else 0)
    return tuple(lines), BOX_W, max(52.0, body + 20)


def _lane_rooms(lane_count: int, routes: Sequence[NoRoute], lanes: Sequence[int]) -> list[tuple[float, float]]:
    """Return the room left and right of each lane's symbols: wider where 'Tidak' tracks run, and wide enough
    beside a decision for its 'Tidak' label, so the label is never cut by the lane or the drawing's edge."""
    tracks = Counter((r.lane, r.side) for r in routes)
    label = text_width(_("Tidak"), SMALL, bold=True) + 12
    exits = {(lanes[r.source - 1], r.exit_side) for r in routes}

    def room(lane: int, side: str) -> float:
        count = tracks[(lane, side)]
        needed = CLEARANCE + (TRACK_INSET + TRACK_GAP * (count - 1) if count else 0)
        return (
            max(needed, label + (TRACK_INSET + TRACK_GAP * count if count else 0)) if (lane, side) in exits else needed
        )

    return [(room(i, "left"), room(i, "right")) for i in range(lane_count)]


def _swimlane(flow: Flow) -> _Swimlane:
    names, lanes = lane_names(flow), lane_index(flow)
    routes = plan_no_routes(flow, lanes)
    rooms = _lane_rooms(len(names), routes, lanes)
    widths = [left + DIAMOND_W + right for left, right in rooms]
    lefts = [PAD + sum(widths[:i]) for i in range(len(names))]
    center = [x + room[0] + DIAMOND_W / 2 for x, room in zip(lefts, rooms, strict=True)]
    wrapped = [wrap(n, w - 16, HEADER_FONT, bold=True, max_lines=3) for n, w in zip(names, widths, strict=True)]
    header_h = max(len(lines) for lines in wrapped) * HEADER_LINE + 16
    top = PAD + header_h + 18
    shapes = {0: Shape("terminator", center[lanes[0]], top + TERM_H / 2, TERM_W, TERM_H)}
    top += TERM_H + ROW_GAP
    texts = {}
    for step, lane in zip(flow.steps, lanes, strict=True):
        texts[step.number], w, h = _symbol(step)
        shapes[step.number] = Shape("decision" if step.is_decision else "process", center[lane], top + h / 2, w, h)
        top += h + ROW_GAP
    shapes[-1] = Shape("terminator", center[lanes[-1]], top + TERM_H / 2, TERM_W, TERM_H)
    track_x = track_positions(routes, lefts, widths, TRACK_INSET, TRACK_GAP)
    edges = tuple(route_edges([0, *(s.number for s in flow.steps), -1], shapes, routes, track_x=track_x))
    unassigned = names[-1] == no_actor() and any(not s.actor.strip() for s in flow.steps)
    return _Swimlane(2 * PAD + sum(widths), top + TERM_H + 2 * PAD, tuple(lefts), tuple(widths), header_h,
                     tuple(names), unassigned, shapes, texts, edges)  # fmt: skip


def render_swimlane_svg(flow: Flow, *, ident: str = "sop-flowchart") -> str:
    """Draw the flow as one SVG: a lane per actor, a row per step, terminators, arrows across lanes."""
    if not flow.steps:
        return ""
    lay = _swimlane(flow)
    parts = [_svg_open(flow, lay, ident), marker_defs(f"{ident}-arrow"), *_lanes_svg(lay)]
    parts += [edge_svg(edge, f"{ident}-arrow") for edge in lay.edges]
    parts.append(_terminator_svg(lay.shapes[0], _("Mulai"), "start"))
    parts += [_step_svg(step, lay) for step in flow.steps]
    parts.append(_terminator_svg(lay.shapes[-1], _("Selesai"), "end"))
    parts += [label_svg(edge, SMALL) for edge in lay.edges if edge.label]
    return "\n".join([*parts, "</svg>"])


def _svg_open(flow: Flow, lay: _Swimlane, ident: str) -> str:
    decisions = sum(1 for s in flow.steps if s.is_decision)
    desc = _(
        "Diagram alir %(steps)s langkah dengan %(lanes)s pelaksana (%(names)s) dan %(decisions)s keputusan. "
        "Uraian setiap langkah ada pada daftar langkah di bawah diagram."
    ) % {"steps": len(flow.steps), "lanes": len(lay.names), "names": "; ".join(lay.names), "decisions": decisions}
    title = _("Diagram alir: %(title)s") % {"title": flow.title}
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sop-flowchart__svg" role="img" '
        f'viewBox="0 0 {fmt(lay.width)} {fmt(lay.height)}" width="100%" '
        f'style="display:block;min-width:{fmt(lay.width * 0.8)}px;max-width:{fmt(lay.width * 1.25)}px;height:auto" '
        f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc {steps_id(ident)}" '
        f'font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="{FONT}" fill="#1d2733">\n'
        f'<title id="{ident}-title">{esc(title)}</title>\n<desc id="{ident}-desc">{esc(desc)}</desc>'
    )


def _lanes_svg(lay: _Swimlane) -> Iterable[str]:
    body_top = PAD + lay.header_h
    for i, name in enumerate(lay.names):
        x, w = fmt(lay.lefts[i]), fmt(lay.widths[i])
        odd = lay.unassigned and i == len(lay.names) - 1
        extra = ' stroke-dasharray="6 4"' if odd else ""
        italic = ' font-style="italic"' if odd else ""
        body_fill, head_fill = ("#fff4d6", "#f6e3b0") if odd else (LANE_FILLS[i % 2], "#dbe4ee")
        lines = wrap(name, lay.widths[i] - 16, HEADER_FONT, bold=True, max_lines=3)
        tspans = text_lines_svg(lines, lay.lefts[i] + lay.widths[i] / 2, PAD + 8 + HEADER_FONT, HEADER_LINE)
        yield (
            f'<g class="flow-lane{" flow-lane--unassigned" if odd else ""}" data-lane="{i}" data-actor="{esc(name)}">'
            f'<rect x="{x}" y="{fmt(body_top)}" width="{w}" height="{fmt(lay.height - PAD - body_top)}" '
            f'fill="{body_fill}" stroke="#8795a5"{extra}/>'
            f'<rect x="{x}" y="{PAD}" width="{w}" height="{fmt(lay.header_h)}" fill="{head_fill}" '
            f'stroke="#8795a5"{extra}/><text class="flow-lane__name" font-size="{HEADER_FONT}" font-weight="bold" '
            f'text-anchor="middle"{italic}>{tspans}</text></g>'
        )


def _terminator_svg(shape: Shape, label: str, role: str) -> str:
    return (
        f'<g class="flow-terminator flow-terminator--{role}">{shape_svg(shape, fill="#e2f0e6")}'
        f'<text x="{fmt(shape.cx)}" y="{fmt(shape.cy + 5)}" text-anchor="middle" font-weight="bold">'
        f"{esc(label)}</text></g>"
    )


def _step_svg(step: FlowStep, lay: _Swimlane) -> str:
    shape, lines = lay.shapes[step.number], lay.texts[step.number]
    size, line_h = (13, 16) if step.is_decision else (FONT, LINE)
    first = shape.cy - (len(lines) * line_h + (16 if step.duration else 0)) / 2 + size - 2
    duration = ""
    if step.duration:
        duration = (
            f'<text class="flow-step__duration" x="{fmt(shape.cx)}" y="{fmt(first + len(lines) * line_h)}" '
            f'text-anchor="middle" font-size="{SMALL}" fill="#4a5563">{esc(step.duration)}</text>'
        )
    if step.is_decision:
        bx, by = shape.cx - 30, shape.top + 8  # beside the top vertex, clear of the text
    else:
        bx, by = shape.cx - shape.w / 2, shape.top
    kind = "decision" if step.is_decision else "process"
    return (
        f'<g class="flow-step flow-step--{kind}" data-step="{step.number}">'
        f"<title>{step.number}. {esc(' '.join(step.activity.split()))}</title>{shape_svg(shape)}"
        f'<text font-size="{size}" text-anchor="middle">{text_lines_svg(lines, shape.cx, first, line_h)}</text>'
        f'{duration}<circle cx="{fmt(bx)}" cy="{fmt(by)}" r="11" fill="#1f3a5f"/>'
        f'<text class="flow-step__number" x="{fmt(bx)}" y="{fmt(by + 4)}" text-anchor="middle" '
        f'font-size="{SMALL}" font-weight="bold" fill="#ffffff">{step.number}</text></g>'
    )

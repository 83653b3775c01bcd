"""Read the steps of an SOP AP flowchart table from its pages: rows, lanes, symbols and Mutu Baku cells.

One flowchart may be drawn over several pages, and some offices print the Mutu Baku columns on pages of
their own (a spreadsheet split for printing): the rows of those pages are matched to the steps in order.
A row that a page break cut in two (no number, its activity going on in lower case) joins the step
before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from cms.importers.actors import match_actor, sentence_subject
from cms.importers.flow_header import (
    ACTIVITY,
    DURATION,
    NUMBER,
    OUTPUT,
    REMARKS,
    REQUIREMENTS,
    Columns,
    columns_of,
    inherit,
)
from cms.importers.grid import Grid
from cms.importers.pages import PageLayout, one_line
from cms.importers.step_time import step_duration
from cms.importers.symbols import CONNECTOR, DECISION, Symbol, find_symbols
from cms.importers.types import DECISION as DECISION_STEP
from cms.importers.types import PROCESS, ParsedStep


@dataclass
class FlowRow:
    """One body row of a flowchart table part."""

    number: str = ""
    activity: str = ""
    lane_symbols: dict[int, list[Symbol]] = field(default_factory=dict)  # lane position -> symbols
    lane_words: str = ""
    requirements: str = ""
    duration: str = ""
    output: str = ""
    remarks: str = ""
    duration_unit: str = ""


@dataclass
class FlowPart:
    """One flowchart table on one page, with its columns and rows."""

    page: int
    columns: Columns
    rows: list[FlowRow]
    lane_names: list[str]
    top: float = 0.0


def flow_parts(pages: list[PageLayout]) -> list[tuple[PageLayout, Grid, FlowPart]]:
    """Return every flowchart table part of the pages, in order; continuation tables take the columns before."""
    parts: list[tuple[PageLayout, Grid, FlowPart]] = []
    previous: Columns | None = None
    for page in pages:
        for grid in page.grids:
            columns = columns_of(page, grid)
            if previous is not None:
                # A table drawn with the same columns as the one before goes on with it: its own heading,
                # if any, repeats the first one (and OCR may read the repeat worse).
                columns = inherit(previous, page, grid) or columns
            if columns is None:
                continue
            part = FlowPart(
                page=page.number,
                columns=columns,
                rows=_rows(page, grid, columns),
                lane_names=[columns.lane_names.get(col, "") for col in columns.lanes],
                top=grid.ys[0],
            )
            parts.append((page, grid, part))
            previous = columns
    return parts


def _cell(page: PageLayout, grid: Grid, row: int, col: int | None) -> str:
    if col is None:
        return ""
    cell = grid.cell_at(row, col)
    if cell is None or cell.row != row or cell.col != col:
        return ""
    return page.cell_text(cell, reread=True)


def _rows(page: PageLayout, grid: Grid, columns: Columns) -> list[FlowRow]:
    symbols = _symbols(page, grid, columns)
    rows = []
    for row in range(columns.body_row, len(grid.ys) - 1):
        lanes = columns.lanes
        found = FlowRow(
            number=one_line(_cell(page, grid, row, columns.first(NUMBER))),
            activity=_cell(page, grid, row, columns.first(ACTIVITY)),
            requirements=_cell(page, grid, row, columns.first(REQUIREMENTS)),
            duration=one_line(_cell(page, grid, row, columns.first(DURATION))),
            output=_cell(page, grid, row, columns.first(OUTPUT)),
            remarks=_cell(page, grid, row, columns.first(REMARKS)),
            duration_unit=columns.duration_unit,
        )
        top, bottom = grid.ys[row], grid.ys[row + 1]
        for position, col in enumerate(lanes):
            left, right = grid.xs[col], grid.xs[col + 1]
            inside = [s for s in symbols if left <= s.cx < right and top <= s.cy < bottom]
            if inside:
                found.lane_symbols[position] = inside
        if lanes:
            box = (grid.xs[lanes[0]], top, grid.xs[lanes[-1] + 1], bottom)
            found.lane_words = one_line(page.text_in(box))
        if any((found.activity, found.requirements, found.duration, found.output, found.lane_symbols)):
            rows.append(found)
    return rows


def _symbols(page: PageLayout, grid: Grid, columns: Columns) -> list[Symbol]:
    lanes = columns.lanes
    if page.image is None or not lanes:
        return []
    top = grid.ys[columns.body_row]
    region = (grid.xs[lanes[0]], top, grid.xs[lanes[-1] + 1], grid.ys[-1])
    return find_symbols(page.image, grid.line_mask, region, grid.xs, page.dpi)


@dataclass
class FlowChart:
    """The steps read from all parts of one flowchart, and its lanes."""

    actors: list[str]
    steps: list[ParsedStep]
    notes: list[str]
    first_page: int
    top: float


def read_flowchart(parts: list[FlowPart]) -> FlowChart | None:
    """Return the flowchart told by consecutive table parts (lanes parts, then any Mutu Baku-only parts)."""
    lane_parts = [p for p in parts if p.columns.has_lanes_part]
    if not lane_parts:
        return None
    actors = _actor_names(lane_parts[0])
    rows = _joined_rows(lane_parts)
    mutu_rows = [row for part in parts if not part.columns.has_lanes_part for row in part.rows]
    notes: list[str] = []
    if mutu_rows:
        _attach_mutu(rows, mutu_rows, notes)
    steps, missing = _steps(rows, actors)
    if missing:
        notes.append(f"{missing} langkah tanpa simbol di kolom pelaksana mana pun: pelaksananya perlu diisi.")
    return FlowChart(actors=actors, steps=steps, notes=notes, first_page=lane_parts[0].page, top=lane_parts[0].top)


def _actor_names(part: FlowPart) -> list[str]:
    names = []
    for index, name in enumerate(part.lane_names):
        clean = re.sub(r"\s+", " ", re.sub(r"[|\[\]{}_]", " ", name)).strip(" .:-")
        names.append(clean or f"Pelaksana {index + 1}")
    return names


def _joined_rows(parts: list[FlowPart]) -> list[FlowRow]:
    """Return the rows of all parts, a row cut by a page break joined to the one before it."""
    rows: list[FlowRow] = []
    for part in parts:
        numbered = any(re.match(r"^\d", row.number) for row in part.rows)
        for index, row in enumerate(part.rows):
            cut = (
                index == 0
                and rows
                and part.columns.labelled is False
                and numbered
                and not row.number
                and (not row.activity or row.activity[:1].islower())
            )
            if cut:
                _join(rows[-1], row)
            else:
                rows.append(row)
    return rows


def _join(row: FlowRow, rest: FlowRow) -> None:
    for name in ("activity", "requirements", "output", "remarks"):
        joined = "\n".join(text for text in (getattr(row, name), getattr(rest, name)) if text)
        setattr(row, name, joined)
    row.duration = row.duration or rest.duration
    for lane, symbols in rest.lane_symbols.items():
        row.lane_symbols.setdefault(lane, []).extend(symbols)


def _attach_mutu(rows: list[FlowRow], mutu_rows: list[FlowRow], notes: list[str]) -> None:
    """Give the lanes rows the Mutu Baku cells printed on separate pages, row by row."""
    if len(mutu_rows) != len(rows):
        notes.append(
            f"Kolom Mutu Baku dicetak terpisah dengan {len(mutu_rows)} baris untuk {len(rows)} langkah: "
            "periksa kelengkapan, waktu dan output setiap langkah."
        )
    for row, mutu in zip(rows, mutu_rows, strict=False):
        for name in ("requirements", "duration", "output", "remarks", "duration_unit"):
            if not getattr(row, name):
                setattr(row, name, getattr(mutu, name))


def _steps(rows: list[FlowRow], actors: list[str]) -> tuple[list[ParsedStep], int]:
    steps: list[ParsedStep] = []
    missing = 0
    for row in rows:
        if not row.activity.strip() and not row.lane_symbols:
            continue
        previous = steps[-1].actor if steps else None
        actor, symbol = _actor(row, actors, previous)
        if actor is None:
            missing += 1
        duration = step_duration(row.duration, unit_hint=row.duration_unit)
        decision = symbol is not None and symbol.kind == DECISION and bool(steps)
        steps.append(
            ParsedStep(
                activity=one_line(row.activity),
                actor=actor,
                kind=DECISION_STEP if decision else PROCESS,
                requirements=_items(row.requirements),
                duration_value=duration.value if duration else None,
                duration_max=duration.maximum if duration else None,
                duration_unit=duration.unit if duration else "minute",
                duration_text=row.duration,
                output=one_line(row.output),
                remarks=one_line(row.remarks),
                no_goto_step=len(steps) if decision else None,
            )
        )
    return steps, missing


def _actor(row: FlowRow, actors: list[str], previous: str | None) -> tuple[str | None, Symbol | None]:
    """Return the lane that does the step and its symbol.

    With symbols in several lanes (an arrow passing work to another lane, a joint step), the doer is
    the lane the sentence opens with; else not a lane the sentence names as the other party ('kepada
    SKPD', 'bersama dengan Widyaiswara'); else the lane whose symbol the flow leaves downwards; else
    one that did not do the step before.
    """
    marked = {lane: s for lane, s in row.lane_symbols.items() if lane < len(actors)}
    shapes = {lane: [s for s in symbols if s.kind != CONNECTOR] for lane, symbols in marked.items()}
    shapes = {lane: symbols for lane, symbols in shapes.items() if symbols} or marked
    if not shapes:
        subject = sentence_subject(row.activity)
        return (match_actor(subject, actors) if subject else None), None
    lanes = sorted(shapes)
    subject = sentence_subject(row.activity)
    named = match_actor(subject, [actors[lane] for lane in lanes]) if subject and len(lanes) > 1 else None
    if named:
        lanes = [actors.index(named)]
    others = [lane for lane in lanes if not named_as_other_party(row.activity, actors[lane])]
    lanes = others or lanes
    leaving = [lane for lane in lanes if any(s.exits_down for s in shapes[lane])]
    if len(lanes) > 1 and len(leaving) == 1:
        lanes = leaving
    if len(lanes) > 1:
        lanes = [lane for lane in lanes if actors[lane] != previous] or lanes
    return actors[lanes[0]], shapes[lanes[0]][0]


_OTHER_PARTY = {"dengan", "kepada", "ke", "dari", "untuk", "oleh", "bagi", "pada"}


def named_as_other_party(activity: str, lane: str) -> bool:
    """Return whether ``activity`` names ``lane`` after 'kepada', 'dengan', 'dari' ... (not as its doer)."""
    words = re.findall(r"[a-z0-9]+", activity.lower())
    key = [w for w in re.findall(r"[a-z0-9]+", lane.lower()) if len(w) > 2][:2]
    if not key:
        return False
    for index in range(1, len(words)):
        window = words[index : index + len(key)]
        similar = all(SequenceMatcher(None, a, b).ratio() >= 0.8 for a, b in zip(window, key, strict=False))
        if len(window) == len(key) and similar and words[index - 1] in _OTHER_PARTY:
            return True
    return False


def _items(text: str) -> str:
    """Return a cell's list items one per line ('- Formulir - Daftar ...' -> two lines)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    items: list[str] = []
    for line in lines:
        if re.match(r"^([-•*]|\d{1,2}[.)])\s*", line) or not items:
            items.append(re.sub(r"^([-•*]|\d{1,2}[.)])\s*", "", line))
        else:
            items[-1] += " " + line
    return "\n".join(item for item in items if item)

"""Recognise the heading of an SOP AP flowchart table: which column is the number, the activity, each lane
(pelaksana) and each Mutu Baku column (kelengkapan, waktu, output), and where the step rows start."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from cms.importers.grid import Grid
from cms.importers.pages import PageLayout, one_line

NUMBER, ACTIVITY, LANE, REQUIREMENTS, DURATION, OUTPUT, REMARKS = (
    "number", "activity", "lane", "requirements", "duration", "output", "remarks",
)  # fmt: skip
LANE_GROUP, MUTU_GROUP = "lane_group", "mutu_group"
MUTU_ROLES = (REQUIREMENTS, DURATION, OUTPUT)
# Heading words as printed on SOP AP tables (Permenpan RB 35/2012 and the local variants met in practice).
LABELS: dict[str, tuple[str, ...]] = {
    NUMBER: ("no", "nomor", "no urut"),
    ACTIVITY: ("kegiatan", "uraian kegiatan", "aktivitas", "uraian prosedur", "prosedur", "uraian", "langkah kegiatan"),
    LANE_GROUP: ("pelaksana", "pelaksanaan", "pelaku"),
    MUTU_GROUP: ("mutu baku", "pendukung", "baku mutu"),
    REQUIREMENTS: ("kelengkapan", "persyaratan kelengkapan", "persyaratan", "syarat kelengkapan", "input"),
    DURATION: ("waktu", "waktu menit", "waktu jam", "waktu hari", "lama waktu", "durasi"),
    OUTPUT: ("output", "hasil", "keluaran", "output hasil"),
    REMARKS: ("keterangan", "ket"),
}
_UNIT_IN_HEADING = re.compile(r"\((menit|jam|hari)\)", re.IGNORECASE)


@dataclass
class Columns:
    """The role of each grid column of a flowchart table, its lanes' names, and where the steps start."""

    roles: dict[int, str]
    lane_names: dict[int, str]
    body_row: int
    duration_unit: str = ""
    labelled: bool = True
    xs: list[int] = field(default_factory=list)

    def first(self, role: str) -> int | None:
        return next((col for col, value in sorted(self.roles.items()) if value == role), None)

    @property
    def lanes(self) -> list[int]:
        return [col for col, value in sorted(self.roles.items()) if value == LANE]

    @property
    def has_lanes_part(self) -> bool:
        return self.first(ACTIVITY) is not None and bool(self.lanes)

    @property
    def has_mutu_part(self) -> bool:
        return sum(1 for role in MUTU_ROLES if self.first(role) is not None) >= 2


def _letters(text: str) -> str:
    return " ".join(word for word in re.sub(r"[^a-z]+", " ", text.lower()).split() if len(word) > 1 or word == "n")


def label_of(text: str) -> str | None:
    """Return the heading role a cell's text names (OCR slips tolerated), or None."""
    words = _letters(text)
    if not words or len(words) > 30:
        return None
    best, score = None, 0.0
    for role, phrases in LABELS.items():
        for phrase in phrases:
            ratio = SequenceMatcher(None, words, phrase).ratio()
            if ratio > score:
                best, score = role, ratio
    threshold = 0.8 if len(words.split()) <= 3 else 0.75
    return best if score >= threshold else None


def _is_numbers(text: str) -> bool:
    return bool(re.fullmatch(r"[\d\s.|()]+", text)) and any(ch.isdigit() for ch in text)


def header_rows(page: PageLayout, grid: Grid) -> int:
    """Return how many rows at the top of ``grid`` are heading rows (labels or column numbers)."""
    n_rows = len(grid.ys) - 1
    row = 0
    while row < n_rows:
        cells = [cell for cell in grid.cells if cell.row == row]
        texts = [one_line(page.cell_text(cell, reread=True)) for cell in cells]
        filled = [text for text in texts if text]
        labelled = any(label_of(text) for text in filled)
        numbers = len(filled) >= 3 and sum(_is_numbers(text) for text in filled) >= 0.8 * len(filled)
        # Heading cells that start above and run through this row ('No', 'Kegiatan' over two rows).
        spanned = row > 0 and any(c.row < row < c.row_end and c.row < row for c in grid.cells if c.col <= 1)
        if not (labelled or numbers or spanned):
            break
        row += 1
    return row


def columns_of(page: PageLayout, grid: Grid) -> Columns | None:
    """Return the columns of a flowchart table (a lanes part, a Mutu Baku part or both), or None."""
    body = header_rows(page, grid)
    if body == 0 or body >= len(grid.ys) - 1:
        return None
    n_cols = len(grid.xs) - 1
    roles: dict[int, str] = {}
    names: dict[int, str] = {}
    in_lane_group: set[int] = set()
    unit = ""
    for col in range(n_cols):
        stack = sorted(
            (c for c in grid.cells if c.row < body and c.col <= col < c.col_end), key=lambda c: c.row, reverse=True
        )
        texts = [(cell, one_line(page.cell_text(cell, reread=True))) for cell in stack]
        texts = [(cell, text) for cell, text in texts if text and not _is_numbers(text)]
        for _cell, text in texts:
            role = label_of(text)
            if role == LANE_GROUP:
                in_lane_group.add(col)
            if role == DURATION and _UNIT_IN_HEADING.search(text):
                unit = _UNIT_IN_HEADING.search(text).group(1).lower()
        lowest = texts[0] if texts else None
        role = label_of(lowest[1]) if lowest else None
        if role in (LANE_GROUP, MUTU_GROUP):
            role = None
        if role is not None and not (role == NUMBER and roles and NUMBER in roles.values()):
            roles[col] = role
        elif col in in_lane_group or lowest is not None and lowest[0].col_end - lowest[0].col == 1:
            roles[col] = LANE
            names[col] = lowest[1] if lowest and label_of(lowest[1]) is None else ""
        elif lowest is None and col in in_lane_group:
            roles[col] = LANE
    _lanes_between(roles, names, n_cols)
    columns = Columns(roles=roles, lane_names=names, body_row=body, duration_unit=unit, xs=list(grid.xs))
    if not (columns.has_lanes_part or columns.has_mutu_part):
        return None
    return columns


def _lanes_between(roles: dict[int, str], names: dict[int, str], n_cols: int) -> None:
    """Make every unlabelled column between the activity and the first Mutu Baku column a lane."""
    activity = next((c for c, r in roles.items() if r == ACTIVITY), None)
    mutu = [c for c, r in roles.items() if r in MUTU_ROLES + (REMARKS,)]
    if activity is None:
        for col, role in list(roles.items()):
            if role == LANE:
                del roles[col]
                names.pop(col, None)
        return
    end = min(mutu) if mutu else n_cols
    for col in range(n_cols):
        if activity < col < end and roles.get(col) in (None, LANE):
            roles[col] = LANE
            names.setdefault(col, "")
        elif roles.get(col) == LANE and not activity < col < end:
            del roles[col]
            names.pop(col, None)


def inherit(previous: Columns, page: PageLayout, grid: Grid) -> Columns | None:
    """Return ``previous``'s columns for a continuation table drawn with the same columns, else None."""
    if len(grid.xs) != len(previous.xs):
        return None
    width = max(1, previous.xs[-1] - previous.xs[0])
    here = [(x - grid.xs[0]) / max(1, grid.xs[-1] - grid.xs[0]) for x in grid.xs]
    there = [(x - previous.xs[0]) / width for x in previous.xs]
    if max(abs(a - b) for a, b in zip(here, there, strict=True)) > 0.03:
        return None
    return Columns(
        roles=dict(previous.roles),
        lane_names=dict(previous.lane_names),
        body_row=header_rows(page, grid),
        duration_unit=previous.duration_unit,
        labelled=False,
        xs=list(grid.xs),
    )

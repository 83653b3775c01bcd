"""The identity part of an SOP AP (Bagian Identitas): numbered fields and listed sections, from table cells
or from 'Label : value' lines, OCR slips in the labels tolerated."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher

from cms.importers.fields import signature
from cms.importers.grid import Cell, Grid
from cms.importers.pages import PageLayout, one_line
from cms.importers.text import format_nip, parse_date

# One-line fields: 'Nomor SOP', 'Tanggal Pembuatan', ... (the value follows, or stands in the next cell).
VALUE_LABELS: dict[str, tuple[str, ...]] = {
    "number": ("nomor sop", "no sop", "nomor dokumen", "nomor ikmt"),
    "date_made": ("tanggal pembuatan", "tgl pembuatan", "tanggal dibuat"),
    "date_revised": ("tanggal revisi", "tgl revisi"),
    "date_effective": ("tanggal efektif", "tgl efektif", "tanggal pengesahan", "tanggal terbit", "tanggal berlaku"),
    "approved_by": ("disahkan oleh", "ditetapkan oleh"),
    "title": ("nama sop", "judul sop", "nama ikmt"),
}
# Sections listing items: the heading, then its items below it (or after it in the same cell).
SECTION_LABELS: dict[str, tuple[str, ...]] = {
    "legal_basis": ("dasar hukum",),
    "qualifications": ("kualifikasi pelaksana", "kualitas pelaksana"),
    "related": ("keterkaitan", "keterikatan"),
    "equipment": ("peralatan perlengkapan", "peralatan", "perlengkapan"),
    "warnings": ("peringatan",),
    "records": ("pencatatan dan pendataan", "pencatatan dan pedataan", "penotaan dan pendataan", "pencatatan"),
}
_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[.)]|[a-z]\s*[.)]|[-•*●▪])\s*")
_EMPTY_VALUE = re.compile(r"^[\s\-–—=:;.|]*$")


@dataclass
class Identity:
    """What an identity sheet states; ``seen`` names the sections present even when they are empty."""

    values: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)

    @property
    def found(self) -> bool:
        return bool(self.values or self.seen)

    def date(self, name: str) -> date | None:
        return parse_date(self.values.get(name, ""))

    def approver(self) -> tuple[str, str, str]:
        """Return (name, position, NIP) of 'Disahkan oleh'."""
        text = self.values.get("approved_by", "")
        if not text:
            return "", "", ""
        lines = [line for line in text.splitlines() if line.strip()]
        name, position, nip = signature(lines)
        if not nip:
            found = re.search(r"\b(\d[\d ]{16,22}\d)\b", text)
            nip = format_nip(found.group(1)) if found else ""
        if not position and lines:
            position = one_line(lines[0]).rstrip(" ,")
        return name, position, nip


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z]+", " ", text.lower()).split())


def match_label(text: str, labels: dict[str, tuple[str, ...]]) -> tuple[str, str] | None:
    """Return (field, rest of the text) when ``text`` opens with one of ``labels`` (OCR slips tolerated)."""
    line = one_line(text)
    tokens = line.split(" ")
    best: tuple[float, str, int] | None = None
    for name, phrases in labels.items():
        for phrase in phrases:
            size = len(phrase.split(" "))
            for extra in (0, 1):
                head = _words(" ".join(tokens[: size + extra]))
                ratio = SequenceMatcher(None, head, phrase).ratio()
                if ratio >= 0.8 and (best is None or ratio > best[0]):
                    best = (ratio, name, size + extra)
    if best is None:
        return None
    _, name, size = best
    rest = " ".join(tokens[size:])
    return name, re.sub(r"^[\s:;|.>=_'\"“”-]+", "", rest).strip()


def read_identity(pages: list[PageLayout]) -> Identity:
    """Return the identity fields found on ``pages`` (tables first, then loose 'Label : value' lines)."""
    identity = Identity()
    for page in pages:
        for grid in page.grids:
            _from_grid(page, grid, identity)
        _from_lines([one_line(line) for line in _loose_lines(page)], identity)
    return identity


def _loose_lines(page: PageLayout) -> list[str]:
    from cms.importers.pages import lines_text

    return lines_text(page.words_outside_grids()).splitlines()


def _from_grid(page: PageLayout, grid: Grid, identity: Identity) -> None:
    for cell in grid.cells:
        text = page.cell_text(cell, reread=True)
        if not text.strip():
            continue
        value = match_label(text.splitlines()[0], VALUE_LABELS)
        if value:
            name, rest = value
            rest = "\n".join([rest] + text.splitlines()[1:]).strip()
            if _EMPTY_VALUE.match(rest):
                rest = _right_of(page, grid, cell)
            if name not in identity.values and not _EMPTY_VALUE.match(rest):
                identity.values[name] = rest
            continue
        section = match_label(text.splitlines()[0], SECTION_LABELS)
        if section and len(one_line(text.splitlines()[0])) < 60:
            name, rest = section
            identity.seen.add(name)
            below = "\n".join([rest] + text.splitlines()[1:]).strip()
            if _EMPTY_VALUE.match(below):
                below = _below(page, grid, cell)
            items = split_items(below)
            if items and name not in identity.lists:
                identity.lists[name] = items


def _right_of(page: PageLayout, grid: Grid, cell: Cell) -> str:
    """Return the value right of a label cell, past an empty or ':' cell between them (a colon column)."""
    neighbour = grid.cell_at(cell.row, cell.col_end)
    for _ in range(3):
        if neighbour is None:
            return ""
        text = page.cell_text(neighbour, reread=True).strip()
        if not _EMPTY_VALUE.match(text):
            return "" if match_label(text.splitlines()[0], VALUE_LABELS) else text
        neighbour = grid.cell_at(neighbour.row, neighbour.col_end)
    return ""


def _below(page: PageLayout, grid: Grid, cell: Cell) -> str:
    neighbour = grid.cell_at(cell.row_end, cell.col)
    if neighbour is None or neighbour.col != cell.col:
        return ""
    text = page.cell_text(neighbour, reread=True)
    first = text.splitlines()[0] if text.strip() else ""
    if match_label(first, SECTION_LABELS) or match_label(first, VALUE_LABELS):
        return ""
    return text


def _from_lines(lines: list[str], identity: Identity) -> None:
    for line in lines:
        if ":" not in line:
            continue
        value = match_label(line, VALUE_LABELS)
        if value and value[1] and value[0] not in identity.values and not _EMPTY_VALUE.match(value[1]):
            identity.values[value[0]] = value[1]


def split_items(text: str) -> list[str]:
    """Return the list items of a cell: numbered or bulleted lines, continuation lines joined."""
    items: list[str] = []
    for raw in text.splitlines():
        line = one_line(raw)
        if not line:
            continue
        if _ITEM.match(line) or not items:
            item = _ITEM.sub("", line).strip(" ;")
            if item:
                items.append(item)
        else:
            items[-1] = f"{items[-1]} {line}".strip(" ;")
    return [item for item in items if re.search(r"[A-Za-z]{2}", item)]

"""Split a document that holds many SOPs into one section per SOP, with the group heading in force."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from cms.importers.text import collapse, is_mostly_upper, smart_title

KNOWN_GROUPS = (
    "KEUANGAN",
    "UMUM DAN KEPEGAWAIAN",
    "PERENCANAAN",
    "BIDANG PEMANFAATAN DATA DAN INOVASI PELAYANAN",
    "BIDANG CAPIL",
    "BIDANG PIAK",
    "BIDANG DAFDUK",
)
_TITLE = re.compile(
    r"^(prosedur\b|sop\s+\S|mekanisme\b|standar[dt]?\s+operasional|standard operating|instruksi kerja)",
    re.IGNORECASE,
)
TABLE_HEADING = re.compile(
    r"(mutu\s+baku|^\s*pelaksana\s*$|^\s*(no\.?|uraian)\s+(keg|prosedur|pekerjaan)|kelengkapan\s+waktu|"
    r"^\s*uraian prosedur\s*$)",
    re.IGNORECASE,
)
_BLOCK_GAP = 3  # blank lines that mark a page break in OCR'd text
_TITLE_WINDOW = 8


@dataclass
class Section:
    """One SOP's lines: its title, the group heading in force and the body (all its pages)."""

    title: str
    group: str | None
    lines: list[str] = field(default_factory=list)


@dataclass
class Split:
    """The preamble lines and the SOP sections of a document."""

    preamble: list[str]
    sections: list[Section]


def blocks(lines: list[str]) -> list[list[str]]:
    """Return the text's pages: runs of lines separated by three or more blank lines."""
    result: list[list[str]] = [[]]
    blank = 0
    for line in lines:
        if not line.strip():
            blank += 1
            result[-1].append(line)
            continue
        if blank >= _BLOCK_GAP and any(text.strip() for text in result[-1]):
            result.append([])
        blank = 0
        result[-1].append(line)
    return [block for block in result if any(line.strip() for line in block)]


def split_document(lines: list[str]) -> Split:
    """Return the preamble and one section per SOP title found at the top of a page.

    The scanned SOP book (seed 004) starts every SOP on a new page: a title line ('Prosedur ...',
    'SOP ...', 'MEKANISME ...', 'STANDART OPERASIONAL PROSEDURE ( SOP ) ...') and then the table
    heading. A page with only 'SOP' and a group name ('SOP / KEUANGAN') opens a group. Pages without
    a title continue the SOP before them. Everything before the first group or SOP is the preamble
    (the enacting decree), which is not an SOP.
    """
    preamble: list[str] = []
    sections: list[Section] = []
    group: str | None = None
    for block in blocks(lines):
        heading = group_heading(block)
        if heading:
            group = heading
            continue
        found = page_title(block, group)
        if found:
            title, body = found
            sections.append(Section(title=title, group=group, lines=body))
        elif sections:
            sections[-1].lines.extend(block)
        else:
            preamble.extend(block)
    return Split(preamble=preamble, sections=sections)


def group_heading(block: list[str]) -> str | None:
    """Return the group a page opens ('SOP / UMUM DAN / KEPEGAWAIAN' -> 'SOP Umum dan Kepegawaian')."""
    texts = [collapse(line) for line in block if line.strip()]
    if not texts or texts[0].upper() != "SOP" or not 2 <= len(texts) <= 4:
        return None
    name = " ".join(texts[1:])
    if re.search(r"\d", name) or len(name.split()) > 8 or not is_mostly_upper(name):
        return None
    return "SOP " + smart_title(canonical_group(name))


def canonical_group(name: str) -> str:
    """Return the known group an OCR'd name stands for ('PEMANFATAN' -> 'PEMANFAATAN'), else the name."""
    name = collapse(name).upper()
    best = max(KNOWN_GROUPS, key=lambda known: SequenceMatcher(None, known, name).ratio())
    return best if SequenceMatcher(None, best, name).ratio() >= 0.85 else name


def page_title(block: list[str], group: str | None) -> tuple[str, list[str]] | None:
    """Return (title, body) when a page opens an SOP: a title line among its first lines, then the table."""
    indexed = [(i, collapse(line)) for i, line in enumerate(block) if line.strip()]
    heading_at = next((n for n, (_, text) in enumerate(indexed[:_TITLE_WINDOW]) if TABLE_HEADING.search(text)), None)
    if heading_at is None:
        return None
    candidates = [n for n, (_, text) in enumerate(indexed[: min(3, heading_at)]) if _TITLE.match(text)]
    candidates = [n for n in candidates if not _names_group(indexed[n][1], group)]
    if not candidates:
        return None
    first = candidates[0]
    parts = [indexed[first][1]]
    for _, text in indexed[first + 1 : heading_at]:
        if not (is_mostly_upper(parts[0]) and is_mostly_upper(text)) or _TITLE.match(text):
            break
        parts.append(text)
    last = indexed[first + len(parts) - 1][0]
    return clean_title(" ".join(parts)), block[last + 1 :]


def _names_group(text: str, group: str | None) -> bool:
    """Return whether a line is the group's own name ('Prosedur Bidang Pemanfaatan ...'), not an SOP."""
    if not group:
        return False
    name = re.sub(r"^(prosedur|sop)\s+", "", text, flags=re.IGNORECASE).upper()
    wanted = re.sub(r"^SOP\s+", "", group).upper()
    return SequenceMatcher(None, name, wanted).ratio() >= 0.85


def clean_title(text: str) -> str:
    """Return a page title: 'STANDART OPERASIONAL PROSEDURE ( SOP ) X' -> 'SOP X', capitals tamed."""
    text = collapse(text)
    text = re.sub(r"^standar[dt]?\s+operasional\s+prosedure?\s*\(\s*sop\s*\)\s*", "SOP ", text, flags=re.I)
    return smart_title(text)

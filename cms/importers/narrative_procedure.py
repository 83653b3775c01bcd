"""A procedure told in numbered sentences under a 'Prosedur' heading (health-facility SOPs, SOP narratives).

'5. Prosedur' opens it and the next numbered heading ('6. Diagram Alir', '7. Unit Terkait') closes it.
Lettered groups ('A. Yang dilakukan pasien:') are kept as the prefix of their steps; lettered or bulleted
sub-items stay inside the step they belong to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cms.importers.blocks import Block
from cms.importers.types import ParsedStep

_START = re.compile(
    r"^\s*(?:\d{1,2}\s*[.)]|[A-H]\s*[.)])?\s*(prosedur|langkah[- ]langkah|uraian prosedur)\b\s*:?\s*(?P<rest>.*)$", re.I
)
_HEADING = re.compile(
    r"^\s*\d{1,2}\s*[.)]\s*(pengertian|tujuan|kebijakan|referensi|diagram alir|unit terkait|dokumen terkait|"
    r"dasar hukum|penanggung jawab|waktu|fasilitas|rekaman|catatan)\b",
    re.IGNORECASE,
)
_GROUP = re.compile(r"^\s*(?P<letter>[A-H])\s*[.)]\s+(?P<name>.+?):?\s*$")
_STEP = re.compile(r"^\s*(?P<n>\d{1,2})\s*[.)]\s*(?P<text>\S.*)$")
_SUB = re.compile(r"^\s*(?:[a-h]\s*[.)]|[-•*●▪○])\s*(?P<text>\S.*)$")


@dataclass
class Procedure:
    steps: list[ParsedStep] = field(default_factory=list)


def read_procedure(blocks: list[Block]) -> Procedure | None:
    """Return the numbered steps under a 'Prosedur' heading, or None when there is none (or fewer than 2)."""
    lines = _lines(blocks)
    start = next((i for i, line in enumerate(lines) if _START.match(line)), None)
    if start is None:
        return None
    texts: list[str] = []
    rest = _START.match(lines[start]).group("rest")
    body = ([rest] if rest else []) + lines[start + 1 :]
    nested = False  # inside a step's lettered sub-list, numbers count its sub-steps
    for line in body:
        if _HEADING.match(line):
            break
        if _GROUP.match(line) and not _SUB.match(line):
            nested = False
        elif _STEP.match(line) and not nested:
            texts.append(_STEP.match(line).group("text"))
        elif (_SUB.match(line) or _STEP.match(line)) and texts:
            nested = nested or bool(_SUB.match(line))
            texts[-1] += "\n" + (_SUB.match(line) or _STEP.match(line)).group("text")
        elif texts and line[:1].islower():
            texts[-1] += " " + line
    if len(texts) < 2:
        return None
    return Procedure(steps=[ParsedStep(activity=text.strip()) for text in texts])


def _lines(blocks: list[Block]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if block.is_row:
            for cell in block.cells:
                lines += [line.strip() for line in cell.text.splitlines() if line.strip()]
        elif block.text.strip():
            lines.append(block.text.strip())
    return [re.sub(r"\s+", " ", line) for line in lines]

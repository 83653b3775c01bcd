"""The narrative layout (seed 003): numbered chapters, lettered procedures A/B/C told as numbered sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cms.importers.actors import sentence_subject
from cms.importers.assemble import Draft, build_sop
from cms.importers.fields import FieldBag, labelled_value, signature
from cms.importers.text import collapse, smart_title, strip_item_marker
from cms.importers.types import DocumentContext, ParsedSop, ParsedStep

_CHAPTER = re.compile(r"^\s*\d{1,2}\.?\s+(?P<name>[A-Z][A-Z ]{3,})\s*$")
_PROCEDURE = re.compile(r"^\s*(?P<letter>[A-H])\.\s+(?P<name>\S.*)$")
_STEP = re.compile(r"^\s*(?P<number>\d{1,2})\.\s+(?P<text>\S.*)$")
_SUB_ITEM = re.compile(r"^\s*-?\s*(?P<letter>[a-h])\.\s+(?P<text>\S.*)$")
_END = re.compile(r"^selesai\.?$", re.IGNORECASE)
_SOP_HEADING = re.compile(r"STANDARD? OPERATING PROCEDURE\s*\(SOP\)\s*(?P<name>.+)$", re.IGNORECASE)
_DESCRIBED = ("TUJUAN", "RUANG LINGKUP", "DEFINISI", "PENGGUNA")


@dataclass
class Procedure:
    """One lettered procedure: its name and its numbered sentences (sub-items joined to their step)."""

    name: str
    sentences: list[str] = field(default_factory=list)


def is_narrative(lines: list[str]) -> bool:
    """Return whether the text tells its procedure as lettered blocks of numbered sentences."""
    chapters = [line for line in lines if _CHAPTER.match(line)]
    return any("PROSEDUR" in line for line in chapters) and sum(bool(_STEP.match(line)) for line in lines) >= 3


def parse_narrative(lines: list[str], context: DocumentContext) -> list[ParsedSop]:
    """Return one SOP per lettered procedure (or one for the whole procedure when it has no letters).

    Each lettered procedure is an independent flow with its own start and 'Selesai', so it gets its own
    page; the chapters around them (Tujuan, Ruang Lingkup, Definisi, Pengguna, NB) are shared by all.
    """
    chapters = _chapters(lines)
    base = _base_title(lines)
    procedures = _procedures(chapters.get("PROSEDUR", []))
    description = _description(chapters)
    warnings = _warnings(chapters.get("PROSEDUR", []))
    bag = _identity(lines)
    sops = []
    for procedure in procedures:
        title = f"{base}: {procedure.name}" if procedure.name and len(procedures) > 1 else base
        draft = Draft(title=title, layout="narrative", bag=_copy(bag), description=description)
        draft.bag.lists["warnings"] = list(warnings)
        draft.steps = [_step(sentence) for sentence in procedure.sentences]
        sops.append(build_sop(draft, context))
    return sops


def _chapters(lines: list[str]) -> dict[str, list[str]]:
    chapters: dict[str, list[str]] = {}
    current = None
    for line in lines:
        match = _CHAPTER.match(line)
        if match:
            current = collapse(match.group("name"))
            chapters.setdefault(current, [])
        elif current:
            chapters[current].append(line)
    return chapters


def _base_title(lines: list[str]) -> str:
    """Return the SOP's name without 'STANDARD OPERATING PROCEDURE (SOP)' and the office after it."""
    for line in lines:
        match = _SOP_HEADING.search(collapse(line))
        if match:
            name = re.split(r"\s+DINAS\s+", match.group("name"), maxsplit=1)[0]
            return smart_title(name)
    return "SOP"


def _procedures(lines: list[str]) -> list[Procedure]:
    procedures: list[Procedure] = []
    for line in lines:
        text = collapse(line)
        if re.match(r"^NB\.?$", text):
            break
        procedure = _PROCEDURE.match(text)
        if procedure:
            procedures.append(Procedure(name=procedure.group("name")))
            continue
        if not procedures:
            procedures.append(Procedure(name=""))
        step, sub_item = _STEP.match(text), _SUB_ITEM.match(text)
        if step and not _END.match(step.group("text")):
            procedures[-1].sentences.append(step.group("text"))
        elif sub_item and procedures[-1].sentences:
            procedures[-1].sentences[-1] += f"\n{sub_item.group('letter')}. {sub_item.group('text')}"
    return [procedure for procedure in procedures if procedure.sentences]


def _step(sentence: str) -> ParsedStep:
    return ParsedStep(activity=sentence, actor=sentence_subject(sentence))


def _description(chapters: dict[str, list[str]]) -> str:
    """Return Tujuan, Ruang Lingkup, Definisi and Pengguna as plain paragraphs and '- ' items."""
    parts: list[str] = []
    for name in _DESCRIBED:
        lines = [collapse(line) for line in chapters.get(name, []) if line.strip()]
        if lines:
            items = [f"- {strip_item_marker(line)}" if re.match(r"^-?\s*\d+\)", line) else line for line in lines]
            parts.append("\n".join([smart_title(name)] + items))
    return "\n\n".join(parts)


def _warnings(lines: list[str]) -> list[str]:
    """Return the 'NB.' paragraph that closes the procedure chapter."""
    texts = [collapse(line) for line in lines]
    if not any(re.match(r"^NB\.?$", text) for text in texts):
        return []
    start = next(i for i, text in enumerate(texts) if re.match(r"^NB\.?$", text)) + 1
    note = next((text for text in texts[start:] if text), "")
    return [note.replace("*", "")] if note else []


def _identity(lines: list[str]) -> FieldBag:
    bag = FieldBag()
    for line in lines:
        cells = [collapse(cell) for cell in line.split("\t")]
        if len(cells) >= 2 and re.match(r"^(No\.|Tgl\.)", cells[-1]):
            label, _, value = cells[-1].partition(" ")
            labelled_value(f"{label} {value.split(' ')[0]}", " ".join(value.split(" ")[1:]), bag)
    name, position, nip = signature(lines)
    bag.values.update(approved_by_name=name, approved_by_position=position, approved_by_nip=nip)
    return bag


def _copy(bag: FieldBag) -> FieldBag:
    return FieldBag(lists={k: list(v) for k, v in bag.lists.items()}, values=dict(bag.values), seen=set(bag.seen))

"""The OCR'd SOP AP table of a scanned SOP book (seed 004): heading, actor columns and step rows."""

from __future__ import annotations

import re

from cms.importers.actors import QUALIFIERS, heading_actors, match_actor, sentence_subject
from cms.importers.assemble import Draft, build_sop
from cms.importers.decree import is_listed
from cms.importers.duration_text import find_durations
from cms.importers.scanned_rows import Row, activity_start, split_rows
from cms.importers.splitter import TABLE_HEADING, Section
from cms.importers.text import collapse
from cms.importers.types import DocumentContext, ParsedSop, ParsedStep

_MAIN = re.compile(r"\b(waktu|wakt|output)\b", re.IGNORECASE)
_COLUMN_NUMBERS = re.compile(r"^[\s\d|q]+$")
_HEADING_WORDS = {
    "kelengkapan", "keterangan", "eterangan", "ket", "daftar", "gaji", "evapor", "u", "kegiatan", "uraian",
    "prosedur", "persyaratan", "pelaksana", "mutu", "baku", "aktivitas", "no", "ekretaris",
}  # fmt: skip
_FLOW_WORDS = re.compile(r"^\(?\s*(mulai|selesai)\s*\)?[«»]?$", re.IGNORECASE)
_SHORT_WORDS = {"di", "ke", "ya", "yg", "dg", "kk", "sk", "wa", "pn", "rt", "rw", "tu", "el", "a.", "b.", "c."}
_NOTE = "Teks tabel dari OCR tanpa posisi kolom: periksa kegiatan, kelengkapan dan output setiap langkah."


def parse_scanned(section: Section, context: DocumentContext) -> ParsedSop:
    """Return the SOP of one section of a scanned SOP book.

    OCR kept the words of each printed line but not the columns, so a line mixes the activity, the
    inputs (Kelengkapan), the time and the output. The time splits a line: before it stand activity and
    inputs, after it the output. Flow symbols read as stray letters ('A v', '_H_', 'Y') and dotted leaders
    end the activity. The step actors were marks in actor columns whose positions OCR lost, so a step's
    actor comes only from its own sentence ('Pemohon melengkapi ...'); the rest stay empty and reported.
    """
    lines = [line for line in section.lines if line.strip()]
    heading, main, body = split_heading(lines)
    draft = Draft(title=section.title, group=section.group, layout="scanned")
    draft.actors = heading_actors(heading, main) if main is not None else []
    rows, _mode = split_rows(clean_body(body))
    draft.steps = [row_step(row, draft.actors) for row in rows]
    draft.steps = [step for step in draft.steps if step.activity or step.duration_value]
    draft.notes.append(_NOTE)
    if context.listed_titles and not is_listed(section.title, context.listed_titles):
        draft.notes.append("Judul tidak ada di daftar SOP pada diktum KEDUA keputusan.")
    return build_sop(draft, context)


def split_heading(lines: list[str]) -> tuple[list[str], int | None, list[str]]:
    """Return (heading lines, index of the line naming Waktu/Output in them, body lines)."""
    start = next((i for i, line in enumerate(lines[:10]) if TABLE_HEADING.search(line)), None)
    if start is None:
        return [], None, lines
    main = next((i for i in range(start, min(start + 14, len(lines))) if _MAIN.search(lines[i])), None)
    if main is None:
        return lines[start : start + 1], None, lines[start + 1 :]
    end = main + 1
    while end < len(lines) and end <= main + 3 and _heading_only(lines[end]):
        end += 1
    return lines[start:end], main - start, lines[end:]


def _heading_only(line: str) -> bool:
    """Return whether a line holds only heading words (actor qualifiers, column numbers)."""
    if _COLUMN_NUMBERS.match(line):
        return True
    words = [word.lower().strip(".,:;|[]()&") for word in collapse(line).split(" ")]
    known = {part for qualifier in QUALIFIERS for part in qualifier.split(" ")} | _HEADING_WORDS
    return all(not word or word in known or not word.isalpha() for word in words)


def clean_body(lines: list[str]) -> list[str]:
    """Drop headings repeated on continuation pages, column numbers and START/END words."""
    kept: list[str] = []
    skipping = False
    for line in lines:
        text = collapse(line)
        if TABLE_HEADING.search(text) or (_MAIN.search(text) and re.search("kelengkapan", text, re.I)):
            skipping = True
            continue
        if _COLUMN_NUMBERS.match(text) or _FLOW_WORDS.match(text) or (skipping and _heading_only(text)):
            continue
        skipping = False
        kept.append(line)
    return kept


_EDGES = "[]|_{}<>«»“”'\""


def is_junk(word: str) -> bool:
    """Return whether an OCR token is a flow symbol or noise rather than a word ('A4', '_H_', 'v', '..')."""
    core = word.strip(_EDGES)
    if len(core) >= 3 and re.fullmatch(r"[A-Za-z][A-Za-z0-9/().,:;%-]*", core):
        return bool(_FLOW_WORDS.match(core))
    if not re.search(r"[A-Za-z0-9]", core) or re.search(r"[_\\|<>«»“”\[\]{}]|[^\x00-\x7f]", core):
        return True
    return len(core) <= 2 and core.lower() not in _SHORT_WORDS and not core.isdigit()


def left_cell(text: str) -> str:
    """Return the words of a line before the first flow symbol, bullet or dotted leader."""
    words: list[str] = []
    for word in collapse(text).split(" "):
        bullet = word.startswith("-")
        if words and (is_junk(word) or bullet or word in {".", ".."}):
            break
        if not words and (bullet or is_junk(word) or word == "."):
            if bullet:
                return ""
            continue
        words.append(word.strip(_EDGES))
    return " ".join(words).strip(" ,")


def _continues(cell: str) -> bool:
    """Return whether a cell can be part of an activity: a verb, or words going on in lower case."""
    return bool(cell) and (cell[:1].islower() or bool(activity_start(cell)))


def row_step(row: Row, actors: list[str]) -> ParsedStep:
    """Return the step of one row: activity words, inputs and output around its time."""
    lines = [_without_number(line) if i == row.anchor else line for i, line in enumerate(row.lines)]
    timed = _timed_line(row, lines)
    activity = collapse(" ".join(_activity_parts(lines, row.anchor, timed)))
    requirements, output, duration = "", "", None
    if timed is not None:
        match = find_durations(lines[timed])[0]
        before, duration = lines[timed][: match.start], match.duration
        head = left_cell(before)
        taken = head if (timed == row.anchor or _continues(head)) and before.startswith(head) else ""
        requirements = _tidy(before[len(taken) :]) or _bullets(lines[:timed])
        output = _tidy(lines[timed][match.end :]) or (
            _tidy(lines[timed + 1]) if not head and timed + 1 < len(lines) else ""
        )
    subject = sentence_subject(activity)
    return ParsedStep(
        activity=activity,
        actor=match_actor(subject, actors) if subject else None,
        requirements=requirements,
        duration_value=duration.value if duration else None,
        duration_max=duration.maximum if duration else None,
        duration_unit=duration.unit if duration else "minute",
        output=output,
    )


def _without_number(line: str) -> str:
    return re.sub(r"^\s*(\d{1,2}|[SsgIl])\s*[.,)]?\s*[|\[(]?\s*", "", line)


def _activity_parts(lines: list[str], anchor: int, timed: int | None) -> list[str]:
    """Return the activity words of each line: the anchor line's, and those of lines that go on with it.

    Below a time that stands alone (one cell per line) the lines are the output, not the activity.
    """
    alone = timed is not None and not left_cell(lines[timed][: find_durations(lines[timed])[0].start])
    parts: list[str] = []
    for index, line in enumerate(lines):
        if alone and index >= timed:
            break
        text = line[: find_durations(line)[0].start] if index == timed else line
        cell = left_cell(text)
        if index == anchor or _continues(cell):
            parts.append(cell)
    return parts


def _bullets(lines: list[str]) -> str:
    """Return the '- item' lines (one cell per line layout) as the step's inputs."""
    items = [_tidy(line.lstrip(" -")) for line in lines if line.strip().startswith("-")]
    return "\n".join(item for item in items if item)


def _timed_line(row: Row, lines: list[str]) -> int | None:
    """Return the index of the row's line with a time, the one nearest its anchor."""
    timed = [index for index, line in enumerate(lines) if find_durations(line)]
    return min(timed, key=lambda index: abs(index - row.anchor)) if timed else None


def _tidy(text: str) -> str:
    words = [
        word.strip(_EDGES) for word in collapse(text).split(" ") if not is_junk(word) and word not in {".", "..", "-"}
    ]
    return " ".join(words).strip(" ,.|[")

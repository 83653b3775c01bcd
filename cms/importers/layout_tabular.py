"""The tab-separated SOP AP table (seeds 000-002, Word tables, PDF tables): one row per step, one column per actor."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from cms.importers.actors import match_actor, mentioned_actor, sentence_subject
from cms.importers.assemble import Draft, build_sop
from cms.importers.duration_text import find_durations
from cms.importers.fields import (
    FieldBag,
    collect_grid,
    collect_sections,
    heading_of,
    labelled_value,
    service_values,
    signature,
    written_total,
)
from cms.importers.text import collapse, drop_repeated_lines, split_inline_items
from cms.importers.types import DocumentContext, Duration, ParsedSop, ParsedStep

_STEP_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*(?=\S|$)")
_HEADER_WORD = re.compile(r"\b(waktu|output|kelengkapan|persyaratan|mutu baku|aktivitas|kegiatan)\b", re.I)


@dataclass(frozen=True)
class Table:
    """A steps table: heading rows, step rows (lists of cells) and the line range it covers."""

    header: list[list[str]]
    rows: list[list[str]]
    total_row: list[str] | None
    start: int
    end: int


@dataclass(frozen=True)
class Columns:
    """Where each Mutu Baku column sits in the step rows."""

    activity: int
    actors: range
    requirements: int | None
    duration: int


def _cells(line: str) -> list[str]:
    return [collapse(cell) for cell in line.split("\t")]


def _is_step_row(cells: list[str]) -> bool:
    if len(cells) < 4 or all(re.fullmatch(r"\d*", cell) for cell in cells):
        return False
    first = cells[0]
    if re.fullmatch(r"\d{1,2}", first) and len(cells[1]) > 3:
        return True
    return bool(_STEP_NUMBER.match(first) and re.search(r"[A-Za-z]{3}", first))


def find_table(lines: list[str]) -> Table | None:
    """Return the first steps table in ``lines``: tab rows that start with a step number."""
    start = next((i for i, line in enumerate(lines) if "\t" in line and _is_step_row(_cells(line))), None)
    if start is None:
        return None
    header: list[list[str]] = []
    cursor = start - 1
    while cursor >= 0 and "\t" in lines[cursor] and len(header) < 3:
        cells = _cells(lines[cursor])
        if not all(re.fullmatch(r"\d*", cell) for cell in cells):
            header.insert(0, cells)
        cursor -= 1
    rows, total, end = [], None, start
    for end in range(start, len(lines)):
        cells = _cells(lines[end])
        if "\t" not in lines[end]:
            break
        if _is_step_row(cells):
            rows.append(cells)
        elif cells[0].lower().startswith("total"):
            total = cells
    return Table(header=header, rows=rows, total_row=total, start=cursor + 1, end=end)


def columns_of(table: Table) -> Columns:
    """Locate activity, actor, requirement and duration columns from the rows (headings drift in OCR)."""
    activity = 1 if all(re.fullmatch(r"\d{1,2}", row[0]) for row in table.rows) else 0
    counts: Counter[int] = Counter()
    for row in table.rows:
        for index, cell in enumerate(row):
            if index > activity and find_durations(cell):
                counts[index] += 1
                break
    duration = counts.most_common(1)[0][0] if counts else len(table.rows[0]) - 1
    requirements = duration - 1 if duration - 1 > activity else None
    actor_end = requirements if requirements is not None else duration
    return Columns(
        activity=activity, actors=range(activity + 1, actor_end), requirements=requirements, duration=duration
    )


def table_actors(table: Table, columns: Columns) -> list[str]:
    """Return the actor names of the actor columns, from the heading row that names most of them."""
    best: list[str] = []
    for row in table.header:
        names = [row[i] if i < len(row) else "" for i in columns.actors]
        names = [name for name in names if name and not _HEADER_WORD.search(name)]
        if len(names) > len(best):
            best = names
    return best


def table_steps(table: Table, columns: Columns, actors: list[str], narrative: list[str]) -> list[ParsedStep]:
    """Return one step per row: activity, marked actor, requirements, duration, output and remarks."""
    steps: list[ParsedStep] = []
    parallel = narrative if len(narrative) == len(table.rows) else []
    for index, row in enumerate(table.rows):
        row = row + [""] * (columns.duration + 3 - len(row))
        activity = _STEP_NUMBER.sub("", row[columns.activity]) if columns.activity == 0 else row[columns.activity]
        previous = steps[-1].actor if steps else None
        actor = _row_actor(row, columns, actors, activity, previous)
        if actor is None and parallel:
            actor = _narrative_actor(parallel[index], actors)
        steps.append(_step(row, columns, activity, actor))
    return steps


def _step(row: list[str], columns: Columns, activity: str, actor: str | None) -> ParsedStep:
    durations = find_durations(row[columns.duration])
    duration: Duration | None = durations[0].duration if durations else None
    after = [cell for cell in row[columns.duration + 1 :] if cell]
    requirements = row[columns.requirements] if columns.requirements is not None else ""
    return ParsedStep(
        activity=activity,
        actor=actor,
        requirements="\n".join(split_inline_items(requirements)),
        duration_value=duration.value if duration else None,
        duration_max=duration.maximum if duration else None,
        duration_unit=duration.unit if duration else "minute",
        output=after[0] if after else "",
        remarks=" ".join(after[1:]),
    )


def _row_actor(row: list[str], columns: Columns, actors: list[str], activity: str, previous: str | None) -> str | None:
    """Return the actor whose column holds the row's flow symbol; with several, the sentence's subject
    or else the leftmost one that did not do the previous step (the others are arrows passing by)."""
    marked = [actors[i] for i, col in enumerate(columns.actors) if i < len(actors) and row[col]]
    if len(marked) <= 1:
        return marked[0] if marked else None
    subject = sentence_subject(activity)
    named = match_actor(subject, marked) if subject else None
    if named:
        return named
    return next((actor for actor in marked if actor != previous), marked[0])


def _narrative_actor(sentence: str, actors: list[str]) -> str | None:
    mention = mentioned_actor(sentence)
    if mention is None:
        return None
    return match_actor(mention, actors) or mention


_TABLE_MARK = "\u2063table\u2063"
_NOISE = re.compile(r"^(FILE TOOLS VIEW|Page \d+$|<?https?://|Jl\.\s)", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(?P<text>\S.*)$")


def parse_tabular(
    lines: list[str], context: DocumentContext, *, title: str = "", group: str | None = None
) -> list[ParsedSop]:
    """Return the one SOP of a document (or book section) whose steps table has tab-separated cells."""
    lines = [line for line in drop_repeated_lines(lines, min_count=2) if not _NOISE.match(line.strip())]
    table = find_table(lines)
    outside = lines if table is None else lines[: table.start] + [_TABLE_MARK] + lines[table.end :]
    bag = FieldBag()
    collect_grid(outside, bag)
    _labelled_rows(outside, bag)
    collect_sections([line for line in outside if "\t" not in line], bag, stop=re.compile(_TABLE_MARK))
    bag.lists.pop("procedure", None)
    service_values(bag)
    _signer(lines, bag)
    draft = Draft(title=title or _title(lines, bag), group=group, layout="tabular", bag=bag)
    if table is not None and table.rows:
        narrative = _narrative(lines[table.end :])
        columns = columns_of(table)
        draft.actors = table_actors(table, columns)
        draft.steps = table_steps(table, columns, draft.actors, narrative)
        draft.description = "\n".join(f"{n}. {text}" for n, text in enumerate(narrative, 1))
        draft.notes += _gaps(table)
        if table.total_row:
            written_total(" ".join(table.total_row), bag)
    return [build_sop(draft, context)]


def _labelled_rows(lines: list[str], bag: FieldBag) -> None:
    for line in lines:
        cells = _cells(line)
        if "\t" in line:
            label_at = 1 if not cells[0] and len(cells) > 2 else 0
            labelled_value(cells[label_at], cells[label_at + 1] if len(cells) > label_at + 1 else "", bag)
        elif re.match(r"^\s*(NOMOR|TANGGAL)\s*:", line):
            label, _, value = line.partition(":")
            labelled_value(label, value, bag)


def _signer(lines: list[str], bag: FieldBag) -> None:
    name, position, nip = signature(lines)
    for key, value in (("approved_by_name", name), ("approved_by_position", position), ("approved_by_nip", nip)):
        if value:
            bag.values.setdefault(key, value)


def _title(lines: list[str], bag: FieldBag) -> str:
    """Return the labelled title, or the first line that is neither a heading nor letterhead."""
    if bag.values.get("title"):
        return str(bag.values["title"])
    for line in lines:
        text = collapse(line)
        if (
            len(text) > 8
            and "\t" not in line
            and not heading_of(text)
            and not re.match(r"^(pemerintah|dinas|kabupaten|kota|no\.|nomor|lampiran|tanggal)\b", text, re.I)
        ):
            return text
    return "SOP tanpa judul"


def _narrative(lines: list[str]) -> list[str]:
    """Return the numbered sentences right after the table (the procedure told in words)."""
    items: list[str] = []
    for line in lines:
        if heading_of(line):
            break
        match = _NUMBERED.match(line)
        if match and "\t" not in line:
            items.append(collapse(match.group("text")))
    return items


def _gaps(table: Table) -> list[str]:
    """Note step numbers the table skips (rows the scan or OCR lost)."""
    numbers = []
    for row in table.rows:
        match = _STEP_NUMBER.match(row[0])
        if match:
            numbers.append(int(match.group(1)))
    missing = [n for n in range(1, max(numbers, default=0) + 1) if n not in numbers]
    if not missing:
        return []
    return [f"Nomor langkah {', '.join(map(str, missing))} tidak ada di tabel (baris hilang saat dipindai?)."]

"""Turn what a layout recognised into a ParsedSop, naming every demanded field it could not fill."""

from __future__ import annotations

from dataclasses import dataclass, field

from cms.durations import format_minutes, to_minutes
from cms.importers.decisions import mark_decisions
from cms.importers.fields import FieldBag
from cms.importers.types import DocumentContext, ParsedSop, ParsedStep

LIST_FIELDS = (
    "legal_basis", "qualifications", "related", "equipment", "warnings", "records", "requirements",
    "products", "complaint_channels",
)  # fmt: skip
# Fields the issue asks the importer to fill; an empty one is always reported.
DEMANDED_LISTS = ("legal_basis", "requirements", "products", "complaint_channels")


@dataclass
class Draft:
    """A layout's findings for one SOP before they are frozen into a ParsedSop."""

    title: str
    layout: str
    group: str | None = None
    bag: FieldBag = field(default_factory=FieldBag)
    actors: list[str] = field(default_factory=list)
    steps: list[ParsedStep] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    description: str = ""


def build_sop(draft: Draft, context: DocumentContext) -> ParsedSop:
    """Return the ParsedSop of ``draft``; the document's context fills what the SOP itself does not say."""
    actors = _actors(draft)
    steps = mark_decisions(draft.steps, tuple(actors))
    values = draft.bag.values
    lists = {name: tuple(draft.bag.lists.get(name, ())) for name in LIST_FIELDS}
    if not lists["legal_basis"] and context.legal_basis:
        lists["legal_basis"] = context.legal_basis
    sop = ParsedSop(
        title=draft.title,
        group=draft.group,
        office=context.office,
        # A book's enacting decree is not each SOP's own number: keep it as what established the SOP.
        number=str(values.get("number") or ""),
        established_by=context.decree,
        date_made=values.get("date_made"),
        date_revised=values.get("date_revised"),
        date_effective=values.get("date_effective") or context.date_effective,
        approved_by_name=str(values.get("approved_by_name") or context.approved_by_name),
        approved_by_position=str(values.get("approved_by_position") or context.approved_by_position),
        approved_by_nip=str(values.get("approved_by_nip") or context.approved_by_nip),
        completion_time=str(values.get("completion_time", "")),
        cost=str(values.get("cost", "")),
        is_free=bool(values.get("is_free", False)),
        description=draft.description,
        actors=tuple(actors),
        steps=tuple(steps),
        layout=draft.layout,
        **lists,
    )
    return _with_report(sop, draft)


def _actors(draft: Draft) -> list[str]:
    """Return the actor columns without repeats, followed by step actors no column names."""
    actors: list[str] = []
    for name in draft.actors + [step.actor for step in draft.steps if step.actor]:
        if name and name not in actors:
            actors.append(name)
    return actors


def _with_report(sop: ParsedSop, draft: Draft) -> ParsedSop:
    from dataclasses import replace

    return replace(sop, unparsed=tuple(unparsed_fields(sop, draft.bag.seen)), notes=tuple(_notes(sop, draft)))


def unparsed_fields(sop: ParsedSop, seen: set[str]) -> list[str]:
    """Return the names of demanded fields left empty, and of sections present but unreadable."""
    missing: list[str] = []
    if not sop.number:
        missing.append("sop_number")
    missing += [name for name in DEMANDED_LISTS if not getattr(sop, name)]
    missing += [name for name in LIST_FIELDS if name in seen and name not in DEMANDED_LISTS and not getattr(sop, name)]
    if not sop.actors:
        missing.append("actors")
    if not sop.steps:
        missing.append("steps")
    checks = (("step_actors", "actor"), ("step_durations", "duration_value"), ("step_outputs", "output"))
    missing += [name for name, attr in checks if sop.steps and any(not getattr(s, attr) for s in sop.steps)]
    if not sop.completion_time and not any(step.duration_value for step in sop.steps):
        missing.append("completion_time")
    if not sop.cost and not sop.is_free:
        missing.append("cost")
    return missing


def steps_minutes(steps: tuple[ParsedStep, ...] | list[ParsedStep]) -> int:
    """Return the steps' total in minutes (days are working days), as SopPage.total_minutes counts it."""
    return sum(to_minutes(step.duration_value, step.duration_unit) for step in steps)


def _notes(sop: ParsedSop, draft: Draft) -> list[str]:
    notes = list(draft.notes)
    written = draft.bag.values.get("written_total_minutes")
    total = steps_minutes(sop.steps)
    if isinstance(written, int) and written != total:
        notes.append(
            f"Total tertulis {format_minutes(written)}, jumlah waktu langkah {format_minutes(total)}: "
            "periksa langkah dan waktunya."
        )
    return notes

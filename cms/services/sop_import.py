"""Import SOP documents as draft SOP pages under the unit of the office that wrote them."""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from cms.importers import ParsedSop, parse_file
from cms.importers.audience import guess_audience
from cms.importers.types import SERVICE_STANDARD
from cms.models import (
    CatalogueIndexPage,
    ServiceStandardPage,
    SopActor,
    SopCategory,
    SopImportNote,
    SopPage,
    SopRelatedLink,
    SopStep,
    UnitPage,
)
from cms.services.standard_import import fill_standard

CREATED, EXISTS, UPDATED = "created", "exists", "updated"
UNKNOWN_UNIT = "Unit belum ditentukan"
_KEY_LENGTH = 300


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one SOP of a document, for the command's report."""

    source_file: str
    status: str
    page_id: int
    title: str
    group: str | None
    number: str
    actors: int
    steps: int
    total_minutes: int
    filled: tuple[str, ...]
    unparsed: tuple[str, ...]
    notes: tuple[str, ...] = ()
    steps_without_actor: int = 0

    def as_json(self) -> dict:
        """Return the JSON-lines record: exactly the keys the command documents."""
        return {
            "source_file": self.source_file,
            "page_id": self.page_id,
            "title": self.title,
            "group": self.group,
            "number": self.number,
            "actors": self.actors,
            "steps": self.steps,
            "total_minutes": self.total_minutes,
            "unparsed": list(self.unparsed),
            "status": self.status,
        }


@dataclass(frozen=True)
class DocumentImport:
    """What importing one file gave: an outcome per SOP, or the reason it holds none, and the file's notes."""

    source_file: str
    outcomes: tuple[ImportOutcome, ...]
    no_sop_reason: str = ""
    notes: tuple[str, ...] = ()


def sop_import_file(
    *, path: Path | str, catalogue: CatalogueIndexPage, progress=None, source_name: str = ""
) -> DocumentImport:
    """Read one document and create (or find) a draft page for every SOP and service standard in it.

    Nothing is ever published. Each draft gets a stable ``import_key`` (file name, group, normalised
    title, occurrence), so a re-run finds the page it made instead of adding a duplicate. One
    transaction per document: it imports completely or not at all. A document holding no SOP makes no
    draft and says why. Raises ``cms.importers.DocumentReadError`` when the file cannot be read;
    nothing is written then. ``progress(done, total)`` follows the pages read (the slow part).
    """
    path = Path(path)
    name = source_name or path.name
    document = parse_file(path, progress=progress)  # reading and OCR happen outside the transaction
    if not document.sops:
        return DocumentImport(source_file=name, outcomes=(), no_sop_reason=document.no_sop_reason, notes=document.notes)
    seen: Counter[tuple[str | None, str]] = Counter()
    outcomes: list[ImportOutcome] = []
    with transaction.atomic():
        unit = unit_find_or_create(catalogue=catalogue, name=document.context.office or UNKNOWN_UNIT)
        for sop in document.sops:
            occurrence = seen[(sop.group, slugify(sop.title))]
            seen[(sop.group, slugify(sop.title))] += 1
            key = import_key(file_name=name, sop=sop, occurrence=occurrence)
            one = standard_import_one if sop.kind == SERVICE_STANDARD else sop_import_one
            outcomes.append(one(sop=sop, unit=unit, key=key, source_file=name))
    return DocumentImport(source_file=name, outcomes=tuple(outcomes), notes=document.notes)


def import_key(*, file_name: str, sop: ParsedSop, occurrence: int) -> str:
    """Return the key that finds this SOP's page again on a re-run (stable across runs and folders)."""
    key = f"{file_name}|{slugify(sop.group or '')}|{slugify(sop.title)}|{occurrence}"
    if len(key) <= _KEY_LENGTH:
        return key
    digest = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:12]
    return f"{key[: _KEY_LENGTH - 13]}~{digest}"


def unit_find_or_create(*, catalogue: CatalogueIndexPage, name: str) -> UnitPage:
    """Return the catalogue's unit with this name, creating it as an unpublished draft when missing."""
    unit = UnitPage.objects.child_of(catalogue).filter(title__iexact=name).first()
    if unit is not None:
        return unit
    unit = UnitPage(title=name[:255], live=False)
    catalogue.add_child(instance=unit)
    unit.save_revision()
    return unit


def sop_import_one(*, sop: ParsedSop, unit: UnitPage, key: str, source_file: str) -> ImportOutcome:
    """Create the draft page of one parsed SOP, or find (and maybe update) the one made before.

    A page found again is updated only while it was never published and no person saved a revision
    of it (the importer's revisions have no user); otherwise it is left alone and reported "exists",
    as it is when the document gives nothing new.
    """
    existing = SopPage.objects.filter(import_key=key).first()
    if existing is None:
        page = SopPage(live=False, import_key=key, source_document=source_file[:300])
        fill_page(page, sop)
        unit.add_child(instance=page)
        page.save_revision()
        return _outcome(page, sop, source_file, CREATED)
    latest = existing.get_latest_revision_as_object()
    if not _untouched_draft(existing):
        return _outcome(latest, sop, source_file, EXISTS)
    before = page_snapshot(latest)
    fill_page(latest, sop)
    if page_snapshot(latest) == before:
        return _outcome(latest, sop, source_file, EXISTS)
    latest.save()
    latest.save_revision()
    return _outcome(latest, sop, source_file, UPDATED)


def standard_import_one(*, sop: ParsedSop, unit: UnitPage, key: str, source_file: str) -> ImportOutcome:
    """Create the draft service-standard page of one parsed standard, or find the one made before."""
    existing = ServiceStandardPage.objects.filter(import_key=key).first()
    if existing is not None:
        return _outcome(existing.get_latest_revision_as_object(), sop, source_file, EXISTS)
    page = ServiceStandardPage(live=False, import_key=key, source_document=source_file[:300])
    fill_standard(page, sop)
    unit.add_child(instance=page)
    page.save_revision()
    return _outcome(page, sop, source_file, CREATED)


def _untouched_draft(page: SopPage) -> bool:
    """Return whether only the importer ever wrote this page: never published, no revision by a person."""
    return not page.live and page.first_published_at is None and not page.revisions.exclude(user=None).exists()


def fill_page(page: SopPage, sop: ParsedSop) -> None:
    """Copy every recognised value of ``sop`` onto ``page`` (children replaced, nothing saved)."""
    page.title = sop.title[:255]
    page.draft_title = page.title
    page.sop_number = sop.number[:120]
    page.established_by = sop.established_by[:300]
    page.category = SopCategory.objects.get_or_create(name=sop.group[:200])[0] if sop.group else None
    page.date_made, page.date_revised, page.date_effective = sop.date_made, sop.date_revised, sop.date_effective
    page.approved_by_name = sop.approved_by_name[:200]
    page.approved_by_position = sop.approved_by_position[:300]
    page.approved_by_nip = sop.approved_by_nip[:40]
    page.description = text_to_html(sop.description)
    for name in ("legal_basis", "qualifications", "equipment", "warnings", "records", "requirements"):
        setattr(page, name, [("item", item) for item in getattr(sop, name)])
    page.products = [("item", item) for item in sop.products]
    page.complaint_channels = [("item", item) for item in sop.complaint_channels]
    page.completion_time = sop.completion_time[:120]
    page.cost, page.is_free = sop.cost[:300], sop.is_free
    # Orderable rows made in code get no sort_order from a form: number them, or their order is the database's.
    page.actors = [SopActor(name=name[:200], sort_order=index) for index, name in enumerate(sop.actors)]
    page.steps = [_step(step, index) for index, step in enumerate(sop.steps)]
    page.related_links = [_related(title, page, index) for index, title in enumerate(sop.related)]
    page.audience = guess_audience(title=sop.title, actors=sop.actors, group=sop.group)
    page.import_unparsed = list(sop.unparsed)
    page.import_notes = [SopImportNote(text=note, sort_order=index) for index, note in enumerate(sop.notes)]


def _step(step, index: int) -> SopStep:
    return SopStep(
        sort_order=index,
        activity=step.activity,
        actor=(step.actor or "")[:200],
        kind=step.kind,
        requirements=step.requirements,
        duration_value=step.duration_value,
        duration_max=step.duration_max,
        duration_unit=step.duration_unit,
        duration_text=step.duration_text[:200],
        output=step.output,
        remarks=step.remarks,
        no_goto_step=step.no_goto_step,
    )


def _related(title: str, page: SopPage, index: int) -> SopRelatedLink:
    """Link a related SOP by its page when one has that title, else keep its name."""
    match = SopPage.objects.filter(title__iexact=title).exclude(pk=page.pk).order_by("pk").first()
    return SopRelatedLink(related_page=match, title=title[:300], sort_order=index)


def text_to_html(text: str) -> str:
    """Return plain paragraphs as rich text: '- ' lines become a list, 'N. ' lines a numbered list."""
    blocks: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            blocks.append("<ul>" + "".join(f"<li>{html.escape(line[2:])}</li>" for line in lines) + "</ul>")
        elif all(re.match(r"^\d+\.\s", line) for line in lines):
            items = (re.sub(r"^\d+\.\s+", "", line) for line in lines)
            blocks.append("<ol>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ol>")
        else:
            blocks.append("<p>" + "<br/>".join(html.escape(line) for line in lines) + "</p>")
    return "".join(blocks)


def page_snapshot(page: SopPage) -> tuple:
    """Return the imported content of a page, to tell whether a re-import would change anything."""
    lists = tuple(
        tuple(str(child.value) for child in getattr(page, name))
        for name in ("legal_basis", "qualifications", "equipment", "warnings", "records", "requirements")
        + ("products", "complaint_channels")
    )
    steps = tuple(
        (s.activity, s.actor, s.kind, s.requirements, _number(s.duration_value), _number(s.duration_max),
         s.duration_unit, s.duration_text, s.output, s.remarks, s.no_goto_step)
        for s in page.steps.all()
    )  # fmt: skip
    identity = (
        page.title, page.sop_number, page.category_id, page.date_made, page.date_revised, page.date_effective,
        page.approved_by_name, page.approved_by_position, page.approved_by_nip, page.description,
        page.completion_time, page.cost, page.is_free, page.audience,
    )  # fmt: skip
    actors = tuple(actor.name for actor in page.actors.all())
    related = tuple(link.title for link in page.related_links.all())
    return identity, lists, steps, actors, related


def _number(value) -> str | None:
    return None if value is None else format(value.normalize(), "f")


FILLABLE = (
    "sop_number", "category", "date_made", "date_revised", "date_effective", "approved_by_name",
    "approved_by_position", "approved_by_nip", "description", "legal_basis", "qualifications", "related",
    "equipment", "warnings", "records", "requirements", "completion_time", "cost", "products",
    "complaint_channels", "actors", "steps",
)  # fmt: skip


def filled_fields(sop: ParsedSop) -> tuple[str, ...]:
    """Return the names of the fields the import gave a value (title always)."""
    values = {"sop_number": sop.number, "category": sop.group, "cost": sop.cost or sop.is_free}
    return ("title",) + tuple(name for name in FILLABLE if values.get(name, getattr(sop, name, None)))


def _outcome(page, sop: ParsedSop, source_file: str, status: str) -> ImportOutcome:
    is_sop = isinstance(page, SopPage)
    return ImportOutcome(
        source_file=source_file,
        status=status,
        page_id=page.pk,
        title=page.title,
        group=page.category.name if page.category_id else None,
        number=page.sop_number if is_sop else "",
        actors=len(page.actors.all()) if is_sop else 0,
        steps=len(page.steps.all()) if is_sop else len(sop.procedure),
        total_minutes=page.total_minutes if is_sop else 0,
        filled=filled_fields(sop),
        unparsed=sop.unparsed,
        notes=sop.notes,
        steps_without_actor=sum(not step.actor.strip() for step in page.steps.all()) if is_sop else 0,
    )

"""Turn a laid-out document (PDF pages or a Word file's blocks) into its SOPs and service standards.

Order of reading, top to bottom:
1. SOP AP: identity sheets and flowchart tables, grouped page by page (a new identity sheet after a
   flowchart opens the next SOP);
2. service standards: NO | KOMPONEN | URAIAN tables;
3. a procedure told in numbered sentences under a 'Prosedur' heading;
4. nothing: no draft, and the reason (a decree whose SOPs stand in an appendix this file lacks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cms.importers.assemble import Draft, build_sop
from cms.importers.blocks import Block, page_blocks, plain_text
from cms.importers.decisions import mark_decisions
from cms.importers.fields import FieldBag
from cms.importers.flow_table import FlowPart, flow_parts, read_flowchart
from cms.importers.identity_sheet import Identity, read_identity
from cms.importers.narrative_procedure import read_procedure
from cms.importers.pages import PageLayout
from cms.importers.service_standard import StandardDraft, items_of, procedure_steps, read_standards
from cms.importers.splitter import clean_title
from cms.importers.text import smart_title
from cms.importers.text_quality import is_ocr_noise, word_share
from cms.importers.titles import document_title, heading_above, is_letterhead, office_of
from cms.importers.types import SERVICE_STANDARD, DocumentContext, ParsedDocument, ParsedSop, ParsedStep

_FREE = re.compile(
    r"\b(gratis|tidak\s+dipungut\s+biaya|tidak\s+ada\s+biaya|tanpa\s+(dikenakan\s+)?biaya|rp\.?\s*0\b)", re.I
)
_DECREE = re.compile(r"\b(keputusan|peraturan|memutuskan|menetapkan)\b", re.IGNORECASE)
_APPENDIX = re.compile(r"\blampiran\b", re.IGNORECASE)
_SOP_WORDS = re.compile(r"standar\s+operasional\s+prosedur|\bsop\b|standar\s+pelayanan|maklumat\s+pelayanan", re.I)


@dataclass
class SopUnit:
    """The pages of one SOP AP: its identity sheet and its flowchart parts."""

    identity_pages: list[PageLayout] = field(default_factory=list)
    parts: list[tuple[PageLayout, FlowPart]] = field(default_factory=list)


def parse_layout(pages: list[PageLayout], blocks: list[Block] | None = None) -> ParsedDocument:
    """Return the SOPs and service standards of a laid-out document (``blocks`` default to the pages')."""
    blocks = blocks if blocks is not None else page_blocks(pages)
    office = office_of(blocks)
    context = DocumentContext(office=office)
    notes = tuple(note for page in pages for note in page.notes)
    sops = [_sop_ap(unit, context, blocks) for unit in sop_units(pages)]
    sops = [sop for sop in sops if sop is not None]
    if not sops:
        sops = [
            _service_standard(draft, context) for draft in read_standards(blocks, document_title=document_title(blocks))
        ]
    if not sops:
        procedure = read_procedure(blocks)
        if procedure is not None:
            sops = [_narrative(procedure, blocks, context)]
    if not sops:
        return ParsedDocument(sops=(), context=context, layout="none", notes=notes, no_sop_reason=no_sop_reason(blocks))
    layout = sops[0].layout
    return ParsedDocument(sops=tuple(sops), context=context, layout=layout, notes=_unique(notes))


def _unique(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def sop_units(pages: list[PageLayout]) -> list[SopUnit]:
    """Group pages into SOP AP units: identity sheet pages, then the flowchart parts that follow."""
    parts_by_page: dict[int, list[tuple[PageLayout, FlowPart]]] = {}
    for page, _grid, part in flow_parts(pages):
        parts_by_page.setdefault(page.number, []).append((page, part))
    units: list[SopUnit] = []
    for page in pages:
        parts = parts_by_page.get(page.number, [])
        identity = read_identity([page])
        if identity.found and ("title" in identity.values or "number" in identity.values):
            if not units or units[-1].parts:
                units.append(SopUnit())
            units[-1].identity_pages.append(page)
        elif identity.found and units and not units[-1].parts and units[-1].identity_pages:
            units[-1].identity_pages.append(page)  # the identity sheet runs on over the next page
        if parts:
            if not units or _new_flowchart(units[-1], parts[0][1]):
                units.append(SopUnit())
            units[-1].parts.extend(parts)
    return [unit for unit in units if unit.parts]


def _new_flowchart(unit: SopUnit, part: FlowPart) -> bool:
    """Return whether a labelled lanes table starts another flowchart (its lanes differ from the unit's)."""
    if not unit.parts or not part.columns.labelled or not part.columns.has_lanes_part:
        return False
    first = next((p for _, p in unit.parts if p.columns.has_lanes_part), None)
    if first is None:
        return False
    return len(first.lane_names) != len(part.lane_names)


def _sop_ap(unit: SopUnit, context: DocumentContext, blocks: list[Block]) -> ParsedSop | None:
    chart = read_flowchart([part for _, part in unit.parts])
    if chart is None:
        return None
    identity = read_identity(unit.identity_pages)
    first_page = unit.parts[0][0]
    title, title_note = _sop_title(identity, first_page, chart.top, unit)
    bag = _bag(identity)
    draft = Draft(title=title, layout="sop_ap", bag=bag)
    draft.actors = chart.actors
    draft.steps = mark_decisions(chart.steps, tuple(chart.actors))
    draft.notes += chart.notes + ([title_note] if title_note else [])
    return build_sop(draft, context)


def _sop_title(identity: Identity, page: PageLayout, top: float, unit: SopUnit) -> tuple[str, str]:
    """Return the SOP's own name: 'Nama SOP', else the heading above its flowchart or identity sheet."""
    candidates = []
    if identity.values.get("title"):
        candidates.append(identity.values["title"])
    candidates.append(heading_above(page, top))
    for identity_page in unit.identity_pages:
        candidates.append(heading_above(identity_page, min((g.ys[0] for g in identity_page.grids), default=0)))
    candidates = [clean_title(c) for c in candidates if c and not is_letterhead(c)]
    if not candidates:
        return "SOP tanpa judul", "Judul SOP tidak ditemukan di dokumen: isi judulnya."
    best = max(candidates, key=lambda c: (word_share(c) >= 0.75, word_share(c), -candidates.index(c)))
    note = "" if word_share(best) >= 0.75 else "Judul terbaca kurang jelas (hasil OCR): periksa ejaannya."
    return best, note


def _bag(identity: Identity) -> FieldBag:
    bag = FieldBag()
    bag.seen |= identity.seen
    for name, items in identity.lists.items():
        bag.lists[name] = list(items)
    if identity.values.get("number"):
        bag.values["number"] = re.sub(r"\s*/\s*", "/", identity.values["number"].splitlines()[0]).strip()
    for name in ("date_made", "date_revised", "date_effective"):
        parsed = identity.date(name)
        if parsed:
            bag.values[name] = parsed
    name, position, nip = identity.approver()
    for key, value in (("approved_by_name", name), ("approved_by_position", position), ("approved_by_nip", nip)):
        if value and not is_ocr_noise(value):
            bag.values[key] = value
    return bag


def _service_standard(draft: StandardDraft, context: DocumentContext) -> ParsedSop:
    parts = draft.components
    bag = FieldBag()
    for name in ("requirements", "products", "complaint_channels", "legal_basis"):
        if parts.get(name):
            bag.lists[name] = items_of(parts[name])
    cost = re.sub(r"\s+", " ", parts.get("cost", "")).strip()
    if cost:
        bag.values["cost"] = cost
        bag.values["is_free"] = bool(_FREE.search(cost))
    if parts.get("completion_time"):
        bag.values["completion_time"] = re.sub(r"\s+", " ", parts["completion_time"]).strip()
    steps = [ParsedStep(activity=step) for step in procedure_steps(parts.get("procedure", ""))]
    title = draft.title or "Standar pelayanan tanpa judul"
    sop = build_sop(Draft(title=title, layout="service_standard", bag=bag, steps=steps), context)
    from dataclasses import replace

    return replace(
        sop,
        kind=SERVICE_STANDARD,
        completion_time=str(bag.values.get("completion_time", "")),
        procedure=tuple(step.activity for step in steps),
        facilities=tuple(items_of(parts.get("facilities", ""))),
        executor_competence=tuple(items_of(parts.get("executor_competence", ""))),
        internal_supervision=parts.get("internal_supervision", "").strip(),
        executor_count=re.sub(r"\s+", " ", parts.get("executor_count", "")).strip(),
        service_guarantee=parts.get("service_guarantee", "").strip(),
        security_guarantee=parts.get("security_guarantee", "").strip(),
        performance_evaluation=parts.get("performance_evaluation", "").strip(),
        unparsed=tuple(
            name
            for name in sop.unparsed
            if name not in {"actors", "step_actors", "step_durations", "step_outputs", "sop_number"}
        ),
    )


def _narrative(procedure, blocks: list[Block], context: DocumentContext) -> ParsedSop:
    title = document_title(blocks) or "SOP tanpa judul"
    draft = Draft(title=smart_title(title), layout="narrative", steps=procedure.steps)
    draft.notes.append("Prosedur ditulis sebagai kalimat bernomor, tanpa tabel pelaksana: isi pelaksana tiap langkah.")
    return build_sop(draft, context)


def no_sop_reason(blocks: list[Block]) -> str:
    """Explain why a document gives no draft."""
    text = plain_text(blocks)
    if not text.strip():
        return "Tidak ada teks yang terbaca di dokumen ini (halaman kosong atau gambar yang tidak terbaca)."
    decree = len(_DECREE.findall(text)) >= 2
    if decree and _APPENDIX.search(text) and _SOP_WORDS.search(text):
        return (
            "Dokumen ini keputusan yang menetapkan SOP atau standar pelayanan dalam lampirannya, "
            "tetapi lampiran itu tidak ada di berkas ini: unggah berkas lampirannya."
        )
    if decree:
        return "Dokumen ini keputusan atau peraturan tanpa tabel SOP, standar pelayanan, atau prosedur bernomor."
    return "Tidak ditemukan tabel SOP AP, standar pelayanan, atau prosedur bernomor di dokumen ini."

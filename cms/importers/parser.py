"""Recognise the layout of an SOP document's text and parse it into one ParsedSop per SOP."""

from __future__ import annotations

from cms.importers.assemble import Draft, build_sop
from cms.importers.decree import decree_context, is_listed
from cms.importers.fields import find_office
from cms.importers.layout_narrative import is_narrative, parse_narrative
from cms.importers.layout_scanned import parse_scanned
from cms.importers.layout_tabular import find_table, parse_tabular
from cms.importers.splitter import Section, split_document
from cms.importers.text import clean_lines, collapse
from cms.importers.types import DocumentContext, ParsedDocument, ParsedSop


def parse_document(text: str) -> ParsedDocument:
    """Return every SOP found in ``text`` (the output of a reader), in document order.

    Layouts are tried in this order: a book of many SOPs (a title on top of each page, seed 004), a
    tab-separated steps table (seeds 000-002, Word and PDF tables), a narrative procedure (seed 003),
    a single scanned SOP, and last nothing recognised: one SOP named after the first line, every
    field reported as unparsed.
    """
    lines = clean_lines(text)
    split = split_document(lines)
    if len(split.sections) >= 2:
        context = decree_context(split.preamble)
        sops = tuple(_parse_section(section, context) for section in split.sections)
        return ParsedDocument(sops=sops, context=context, layout="book", notes=tuple(_unlisted(sops, context)))
    context = DocumentContext(office=find_office(lines))
    if find_table(lines) is not None:
        return ParsedDocument(sops=tuple(parse_tabular(lines, context)), context=context, layout="tabular")
    if is_narrative(lines):
        return ParsedDocument(sops=tuple(parse_narrative(lines, context)), context=context, layout="narrative")
    if split.sections:
        return ParsedDocument(sops=(parse_scanned(split.sections[0], context),), context=context, layout="scanned")
    return ParsedDocument(sops=(_unrecognised(lines, context),), context=context, layout="unknown")


def _parse_section(section: Section, context: DocumentContext) -> ParsedSop:
    if find_table(section.lines) is not None:
        return parse_tabular(section.lines, context, title=section.title, group=section.group)[0]
    return parse_scanned(section, context)


def _unrecognised(lines: list[str], context: DocumentContext) -> ParsedSop:
    title = next((collapse(line) for line in lines if len(collapse(line)) > 3), "SOP tanpa judul")
    draft = Draft(title=title[:250], layout="unknown")
    draft.notes.append("Tata letak dokumen tidak dikenali: tidak ada tabel langkah atau prosedur bernomor.")
    return build_sop(draft, context)


def _unlisted(sops: tuple[ParsedSop, ...], context: DocumentContext) -> list[str]:
    """Name the decree's listed titles that no page of the book carries."""
    found = tuple(sop.title for sop in sops)
    missing = [title for title in context.listed_titles if not is_listed(title, found)]
    return [f"Tercantum di keputusan tetapi tidak ditemukan: {title}" for title in missing]

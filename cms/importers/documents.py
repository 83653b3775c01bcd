"""Read one SOP document file into its drafts: the entry point of the importer.

Text files go to the text parser (the seeds); PDF and Word files are read with their layout (positioned
words, ruled tables, flowchart symbols) first, and fall back to the text parser only when that
recognises a layout of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cms.importers.blocks import plain_text
from cms.importers.docx_blocks import DocxReadError, read_docx_blocks
from cms.importers.ocr_words import OcrFailed
from cms.importers.parser import parse_document
from cms.importers.pdf_pages import PdfReadError, read_pdf_pages
from cms.importers.readers import DocumentReadError, detect_kind, read_text
from cms.importers.structured import parse_layout
from cms.importers.types import ParsedDocument

Progress = Callable[[int, int], None]


def parse_file(path: str | Path, *, progress: Progress | None = None, keep_text: dict | None = None) -> ParsedDocument:
    """Return the SOPs and service standards in the file at ``path``.

    ``progress(done, total)`` is called per page read; ``keep_text`` (a dict) receives the document's
    plain text under its path. Raises DocumentReadError (with the reason in words) when the file cannot
    be read at all.
    """
    path = Path(path)
    if not path.is_file():
        raise DocumentReadError(f"{path}: berkas tidak ditemukan")
    kind = detect_kind(path)
    if kind == "text":
        text = read_text(path)
        if keep_text is not None:
            keep_text[path] = text
        return parse_document(text)
    try:
        if kind == "docx":
            blocks = read_docx_blocks(path)
            document = parse_layout([], blocks)
        else:
            pages = read_pdf_pages(path, progress=progress)
            blocks = None
            document = parse_layout(pages)
            from cms.importers.blocks import page_blocks

            blocks = page_blocks(pages)
    except (PdfReadError, DocxReadError, OcrFailed) as exc:
        raise DocumentReadError(f"{path.name}: {exc}") from exc
    text = plain_text(blocks)
    if keep_text is not None:
        keep_text[path] = text
    if document.sops:
        return document
    fallback = parse_document(text)
    if fallback.layout != "unknown" and any(sop.steps for sop in fallback.sops):
        return fallback
    return document

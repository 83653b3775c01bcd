"""Read an SOP document into text: plain text, Word .docx or PDF, the type judged from the content."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import magic

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_MIN_TEXT_LAYER_CHARS = 20
_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")


class DocumentReadError(Exception):
    """The file could not be turned into text; ``str(exc)`` says why in plain words."""


class UnsupportedDocument(DocumentReadError):
    """The file's content is not a type the importer reads (text, PDF or Word .docx)."""


@dataclass(frozen=True)
class SourceText:
    """The text of one document, what it was read as, and which PDF pages needed OCR."""

    path: Path
    kind: str
    text: str
    ocr_pages: tuple[int, ...] = ()


def collect_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Return the files named, folders replaced by the (non-hidden) files inside them, sorted, each once."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def detect_kind(path: Path) -> str:
    """Return 'text', 'docx' or 'pdf' from the file's content, or raise UnsupportedDocument naming it."""
    try:
        mime = magic.from_file(str(path), mime=True)
        description = magic.from_file(str(path))
    except (OSError, magic.MagicException) as exc:
        raise DocumentReadError(f"{path.name}: berkas tidak dapat dibaca ({exc})") from exc
    if mime == "application/pdf":
        return "pdf"
    if mime == DOCX or (mime in {"application/zip", "application/octet-stream"} and _is_docx(path)):
        return "docx"
    if mime.startswith("text/") and mime != "text/rtf":
        return "text"
    if mime == "application/x-empty" or path.stat().st_size == 0:
        raise UnsupportedDocument(f"{path.name}: berkas kosong")
    raise UnsupportedDocument(
        f"{path.name}: jenis berkas tidak didukung: {description} ({mime}); yang dibaca: teks, PDF, Word .docx"
    )


def _is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def read_document(path: str | Path) -> SourceText:
    """Return the text of the document at ``path``; raise DocumentReadError when it cannot be read.

    The type comes from the content (libmagic), never from the name. Word and PDF tables become
    tab-separated rows so that one parser reads every format; scanned PDF pages go through OCR
    (``ocr.extract``, imported only when a page needs it).
    """
    path = Path(path)
    if not path.is_file():
        raise DocumentReadError(f"{path}: berkas tidak ditemukan")
    kind = detect_kind(path)
    if kind == "text":
        return SourceText(path=path, kind=kind, text=read_text(path))
    if kind == "docx":
        return SourceText(path=path, kind=kind, text=read_docx(path))
    text, ocr_pages = read_pdf(path)
    return SourceText(path=path, kind=kind, text=text, ocr_pages=ocr_pages)


def read_text(path: Path) -> str:
    """Return a text file's content, trying UTF-8 first and then the usual Windows encoding."""
    data = path.read_bytes()
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentReadError(f"{path.name}: teks dengan pengkodean yang tidak dikenal")  # pragma: no cover


def read_docx(path: Path) -> str:
    """Return paragraphs and tables in document order; a table row is one line of tab-separated cells."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types for broken files
        raise DocumentReadError(f"{path.name}: dokumen Word rusak ({exc})") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += _table_lines(block)
            lines.append("")
        else:
            lines.append(block.text)
            if 'w:br w:type="page"' in block._p.xml or "<w:lastRenderedPageBreak" in block._p.xml:
                lines.append("\f")
    return "\n".join(lines)


def _table_lines(table) -> list[str]:
    """Return one tab-separated line per row; a merged cell's text appears once, in its first column."""
    lines: list[str] = []
    previous: list = []
    for row in table.rows:
        cells = list(row.cells)
        texts = []
        for column, cell in enumerate(cells):
            repeated = (column and cell._tc is cells[column - 1]._tc) or (
                column < len(previous) and cell._tc is previous[column]._tc
            )
            texts.append("" if repeated else re.sub(r"\s*\n\s*", " ", cell.text).strip())
        lines.append("\t".join(texts))
        previous = cells
    return lines


def read_pdf(path: Path) -> tuple[str, tuple[int, ...]]:
    """Return the PDF's pages joined by form feeds, OCR'ing the pages without a usable text layer."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = [_page_text(page) for page in pdf.pages]
    except (PdfminerException, PDFSyntaxError, ValueError, KeyError) as exc:
        raise DocumentReadError(f"{path.name}: PDF rusak ({exc})") from exc
    scanned = tuple(n for n, text in enumerate(pages, 1) if sum(ch.isalnum() for ch in text) < _MIN_TEXT_LAYER_CHARS)
    if scanned:
        recognised = _ocr_pages(path)
        pages = [recognised.get(n, text) if n in scanned else text for n, text in enumerate(pages, 1)]
    return "\f".join(pages), scanned


def _page_text(page) -> str:
    """Return a page's text top to bottom, each table as tab-separated rows in its place."""
    tables = sorted(page.find_tables(), key=lambda table: table.bbox[1])
    parts: list[str] = []
    top = 0.0
    for table in tables:
        x0, table_top, x1, bottom = table.bbox
        if table_top > top:
            parts.append(page.crop((0, top, page.width, table_top)).extract_text() or "")
        rows = table.extract() or []
        parts.append("\n".join("\t".join(re.sub(r"\s+", " ", cell or "").strip() for cell in row) for row in rows))
        top = bottom
    if top < page.height:
        parts.append(page.crop((0, top, page.width, page.height)).extract_text() or "")
    return "\n".join(part for part in parts if part)


def _ocr_pages(path: Path) -> dict[int, str]:
    """Return the OCR'd text of every page by number (the OCR module reads text layers itself)."""
    from ocr.errors import OcrError
    from ocr.extract import extract_document

    try:
        document = extract_document(path)
    except OcrError as exc:
        raise DocumentReadError(f"{path.name}: OCR gagal: {exc}") from exc
    return {page.number: page.text for page in document.pages}

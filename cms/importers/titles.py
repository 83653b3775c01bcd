"""Find a document's own name and office, never taking the letterhead, a stamp word or a page heading."""

from __future__ import annotations

import re

from cms.importers.blocks import Block
from cms.importers.pages import PageLayout, text_lines
from cms.importers.text import office_title

_LETTERHEAD = re.compile(
    r"^(pemerintah|kementerian|kementrian|badan|dinas|pusat|provinsi|kabupaten|kota|sekretariat|biro|"
    r"direktorat|republik|inspektorat|kecamatan|kelurahan|desa|jalan|jl\.?|telepon|telp|laman|website|"
    r"pos-?el|e-?mail|faks|kotak pos|lampiran|nomor|tanggal|tentang|keputusan|salinan|asli|standar|"
    r"page|halaman|dokumen ini|kepala|ditetapkan|diagram alir|[a-h]\.\s+diagram)\b",
    re.IGNORECASE,
)
_STAMPS = {"salinan", "asli", "standar", "sop", "draft", "konsep", "rahasia", "arsip"}
_TITLE_START = re.compile(
    r"^(?:standar\s+operasional\s+prosedur(?:\s*\(\s*sop\s*\))?|sop|standar\s+pelayanan|prosedur)\b\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_OFFICE = re.compile(
    r"^(dinas|badan|pusat|biro|kantor|sekretariat|inspektorat|kecamatan|kelurahan|rsud|rumah sakit|puskesmas|"
    r"klinik|sd negeri|smp negeri|sma negeri|sekolah|direktorat|balai|bagian|bidang|sub bidang)\b",
    re.IGNORECASE,
)


def is_letterhead(text: str) -> bool:
    """Return whether a line is letterhead, an address, a stamp word or a heading that names no SOP."""
    line = " ".join(text.split())
    if line.lower().strip(" .:") in _STAMPS:
        return True
    if _TITLE_START.match(line):
        rest = _TITLE_START.match(line).group("rest").strip(" :-")
        return len(rest) < 4 or bool(_OFFICE.match(rest))
    return bool(_LETTERHEAD.match(line))


def heading_above(page: PageLayout, top: float) -> str:
    """Return the title line(s) printed just above a table (within an inch), '' when none names an SOP."""
    words = [w for w in page.words_outside_grids() if top - page.dpi * 1.2 < w.cy < top]
    lines = [" ".join(w.text for w in line) for line in text_lines(words)]
    lines = [line for line in lines if re.search(r"[A-Za-z]{3}", line)]
    for index, line in enumerate(lines):
        if _TITLE_START.match(line) and not is_letterhead(line):
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if following.isupper() and not is_letterhead(following) and len(following) < 60:
                return f"{line} {following}"
            return line
    return ""


def document_title(blocks: list[Block]) -> str:
    """Return the first heading naming the document's subject: 'STANDAR PELAYANAN X', 'SOP X', else the
    first upper-case line that is not letterhead."""
    loose = [block.text for block in blocks[:80] if not block.is_row and block.text.strip()]
    for index, line in enumerate(loose):
        if _TITLE_START.match(line) and not is_letterhead(line):
            following = loose[index + 1] if index + 1 < len(loose) else ""
            if following.isupper() and not is_letterhead(following) and len(following) < 60:
                return f"{line} {following}"
            return line
    for block in blocks[:40]:
        for text in [block.text] if not block.is_row else [_cell_heading(cell.text) for cell in block.cells]:
            if text.isupper() and len(text) > 12 and not is_letterhead(text) and not _OFFICE.match(text):
                return text
    return ""


def _cell_heading(text: str) -> str:
    """Return a cell's upper-case heading, its wrapped lines joined ('PENDAFTARAN PASIEN RAWAT' / 'JALAN')."""
    taken: list[str] = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if not line.isupper() or ":" in line or len(" ".join(taken)) > 100 or (taken and _new_heading(line)):
            break
        taken.append(line)
    return " ".join(taken)


def _new_heading(line: str) -> bool:
    """Return whether a line under a heading starts another one (a single wrapped word never does: 'JALAN')."""
    return is_letterhead(line) and (len(line.split()) > 1 or line.lower().strip(" .:") in _STAMPS)


def office_of(blocks: list[Block]) -> str:
    """Return the issuing office as its letterhead names it (the most specific unit line of the first page)."""
    first_page = blocks[0].page if blocks else 0
    lines: list[str] = []
    for block in blocks[:60]:
        if block.page != first_page:
            break
        if block.is_row:
            for cell in block.cells:
                lines += cell.text.splitlines()
        else:
            lines.append(block.text)
    found = [" ".join(line.split()) for line in lines if _OFFICE.match(line.strip()) and line.isupper()]
    found = [line for line in found if 8 <= len(line) <= 120 and not re.search(r"\d{3}", line)]
    return office_title(found[0]) if found else ""

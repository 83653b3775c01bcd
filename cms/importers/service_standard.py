"""Service standards (Standar Pelayanan, Permenpan RB 15/2014): the NO | KOMPONEN | URAIAN tables.

A document may hold many standards (a school decree with fourteen, a ministry decree with six). A new
standard starts at a title row ('2. Surat Keterangan Pindah Sekolah') or when a service-delivery
component comes back (a second 'Persyaratan'); its management part (Dasar Hukum ... Evaluasi) may follow
on a later page. A row without number and label goes on with the component above it (a page break).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from cms.importers.blocks import Block, cell_lines
from cms.importers.pages import one_line
from cms.importers.text import smart_title

COMPONENTS: dict[str, tuple[str, ...]] = {
    "requirements": ("persyaratan", "persyaratan pelayanan", "persyaratan layanan"),
    "procedure": (
        "sistem mekanisme dan prosedur", "sistem mekanisme prosedur", "prosedur", "mekanisme dan prosedur",
        "sistem mekanisme dan prosedur pelayanan", "alur pelayanan",
    ),
    "completion_time": (
        "jangka waktu penyelesaian", "jangka waktu pelayanan", "waktu penyelesaian", "jangka waktu",
        "waktu pelayanan",
    ),
    "cost": ("biaya tarif", "biaya", "tarif", "biaya tarif pelayanan"),
    "products": ("produk pelayanan", "produk layanan", "produk"),
    "complaint_channels": (
        "penanganan pengaduan saran dan masukan", "pengaduan", "penanganan pengaduan",
        "penanganan pengaduan saran dan masukan apresiasi",
    ),
    "legal_basis": ("dasar hukum",),
    "facilities": (
        "sarana prasarana dan atau fasilitas", "sarana dan prasarana dan atau fasilitas", "sarana prasarana",
    ),
    "executor_competence": ("kompetensi pelaksana",),
    "internal_supervision": ("pengawasan internal",),
    "executor_count": ("jumlah pelaksana",),
    "service_guarantee": ("jaminan pelayanan",),
    "security_guarantee": ("jaminan keamanan dan keselamatan pelayanan", "jaminan keamanan dan keselamatan"),
    "performance_evaluation": ("evaluasi kinerja pelaksana", "evaluasi kinerja"),
}  # fmt: skip
DELIVERY = ("requirements", "procedure", "completion_time", "cost", "products", "complaint_channels")
_TABLE_HEADING = re.compile(r"^\s*no\.?\s+komponen\s+uraian\s*$", re.IGNORECASE)
_SECTION = re.compile(r"^\s*(penyampaian|pengelolaan)\s+(pelayanan|layanan)\b", re.IGNORECASE)
_TITLE_HEADING = re.compile(r"^\s*standar\s+pelayanan\b\s*(?P<rest>.*)$", re.IGNORECASE)
_NUMBERED_TITLE = re.compile(r"^\s*(?:[IVX]+|\d{1,2}|[A-Z])\s*[.)]\s*(?P<name>\S.{2,150})$")
_ITEM = re.compile(r"^\s*(?P<marker>\d{1,2}\s*[.)]|[a-z]\s*[.)]|[-•*●▪]|\(\d{1,2}\)|\([a-z]\))\s*(?P<text>.*)$")
_STEPS_START = re.compile(r"^\s*(keterangan|uraian|penjelasan|prosedur)\s*:?\s*$", re.IGNORECASE)
_STEPS_END = re.compile(r"^\s*(catatan|nb)\s*:?", re.IGNORECASE)


@dataclass
class StandardDraft:
    """One service standard's components as printed (texts, lines kept), and its title if found."""

    title: str = ""
    components: dict[str, str] = field(default_factory=dict)
    page: int = 0
    last: str = ""
    start: int = 0


def component_of(label: str) -> str | None:
    """Return the component a KOMPONEN cell names, OCR slips and wording variants tolerated."""
    words = " ".join(re.sub(r"[^a-z]+", " ", label.lower()).split())
    if not words or len(words) > 70:
        return None
    best, score = None, 0.0
    for name, phrases in COMPONENTS.items():
        for phrase in phrases:
            ratio = SequenceMatcher(None, words, phrase).ratio()
            if ratio > score:
                best, score = name, ratio
    return best if score >= 0.8 else None


def read_standards(blocks: list[Block], *, document_title: str = "") -> list[StandardDraft]:
    """Return the service standards told by the component rows of ``blocks``, in order.

    A standard is named by the closest title before its first row (a title row of its table, or a
    title-like line just above the table), else by a 'STANDAR PELAYANAN ...' heading, else by the
    document's title.
    """
    standards: list[StandardDraft] = []
    heading = ""
    titled: tuple[int, str] | None = None  # (block index, title) of the latest title-like line or row
    for index, block in enumerate(blocks):
        if not block.is_row:
            heading = _heading_title(blocks, index) or heading
            if is_title_line(block.text):
                titled = (index, smart_title(_strip_marker(block.text)))
            continue
        text = block.row_text()
        if _TABLE_HEADING.match(text) or _SECTION.match(text):
            continue
        label, value = _label_value(block)
        if block.spans_table:
            label, value = _leading_component(block.cells[0].text if len(block.cells) == 1 else text)
            if not label:
                name = _row_title(text)
                if name:
                    titled = (index, name)
                continue
        component = component_of(label) if label else None
        current = standards[-1] if standards else None
        if component is None:
            if current is not None and current.last and value and not label:
                current.components[current.last] += "\n" + value
            continue
        fresh = titled is not None and (current is None or titled[0] > current.start)
        if current is None or fresh or (component in DELIVERY and component in current.components):
            near = titled[1] if titled is not None and index - titled[0] <= 4 else ""
            current = StandardDraft(title=near or heading or document_title, page=block.page, start=index)
            standards.append(current)
        current.components[component] = value
        current.last = component
    return [standard for standard in standards if _enough(standard)]


_SMALL = {"dan", "di", "ke", "dari", "yang", "untuk", "pada", "atau", "dengan", "secara", "bagi", "non"}


def is_title_line(text: str) -> bool:
    """Return whether a loose line looks like a title: short, capitalised words, not letterhead."""
    from cms.importers.titles import is_letterhead

    line = _strip_marker(text)
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z/-]*", line) if w.lower() not in _SMALL]
    if not 2 <= len(words) <= 16 or len(line) > 130 or line.endswith((".", ",", ";", ":")):
        return False
    if is_letterhead(line) or component_of(line):
        return False
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _strip_marker(text: str) -> str:
    return re.sub(r"^\s*(?:[-•*●▪]|\d{1,2}\s*[.)]|[a-z]\s*[.)])\s*", "", text).strip()


def _enough(standard: StandardDraft) -> bool:
    """Return whether a draft has the components that make it a service standard (not a stray row)."""
    return sum(1 for name in DELIVERY if name in standard.components) >= 2


def _label_value(block: Block) -> tuple[str, str]:
    """Return (KOMPONEN, URAIAN) of a row: the first cell with letters before the last cell."""
    cells = [cell for cell in block.cells if cell.text.strip()]
    if not cells:
        return "", ""
    texts = [cell.text for cell in cells]
    if len(texts) == 1:
        return "", texts[0]
    if re.fullmatch(r"\s*\d{1,2}\s*[.)]?\s*", texts[0]):
        texts = texts[1:]
    if len(texts) == 1:
        return "", texts[0]
    label = re.sub(r"^\s*\d{1,2}\s*[.)]?\s*", "", one_line(texts[0]))
    return label, "\n".join(texts[1:])


def _leading_component(text: str) -> tuple[str, str]:
    """Split a row whose column lines are missing ('1 Persyaratan Terdaftar sebagai ...') into
    (component label, value); ('', '') when it does not open with a component."""
    line = re.sub(r"^\s*\d{1,2}\s*[.)]?\s+", "", " ".join(text.split()))
    if line == " ".join(text.split()):
        return "", ""
    words = line.split(" ")
    for size in range(min(8, len(words)), 0, -1):
        head = " ".join(words[:size])
        if component_of(head):
            rest = text.split(words[size - 1], 1)[1] if size < len(words) else ""
            return head, rest.strip()
    return "", ""


def _row_title(text: str) -> str:
    """Return the name in a title row ('1. Sistem Penerimaan Siswa Baru'), or ''."""
    numbered = _NUMBERED_TITLE.match(text)
    name = numbered.group("name") if numbered else text
    if component_of(name) or len(name) > 160 or not re.search(r"[A-Za-z]{3}", name):
        return ""
    titled = _TITLE_HEADING.match(name)
    return smart_title(one_line(titled.group("rest") if titled and titled.group("rest") else name))


def _heading_title(blocks: list[Block], index: int) -> str:
    """Return the name a 'STANDAR PELAYANAN ...' heading line gives (continued on the next line if cut)."""
    match = _TITLE_HEADING.match(blocks[index].text)
    if not match or not is_title_line(blocks[index].text):
        return ""
    rest = match.group("rest").strip()
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if following is not None and not following.is_row and following.text.isupper() and is_title_line(following.text):
        rest = f"{rest} {following.text}".strip()
    from cms.importers.titles import is_letterhead

    title = f"Standar Pelayanan {rest}".strip()
    return smart_title(title) if rest and not is_letterhead(title) else ""


def items_of(text: str) -> list[str]:
    """Return the list items of a cell: numbered or bulleted lines; a line without a marker goes on the item
    before it; sub-items (a., b.) stay inside the numbered item they belong to."""
    items: list[str] = []
    numbered = any(re.match(r"^\s*\d{1,2}\s*[.)]", line) for line in text.splitlines())
    for line in cell_lines(text):
        match = _ITEM.match(line)
        sub = match and re.match(r"^[a-z]\s*[.)]$|^\([a-z]\)$", match.group("marker").replace(" ", ""))
        if match and not (numbered and sub and items):
            items.append(match.group("text").strip(" ;"))
        elif items:
            items[-1] = f"{items[-1]}\n{line}" if sub else f"{items[-1]} {line}"
        else:
            items.append(line.strip(" ;"))
    return [item.strip() for item in items if re.search(r"[A-Za-z]{2}", item)]


def procedure_steps(text: str) -> list[str]:
    """Return the steps of a 'Sistem, mekanisme dan prosedur' cell.

    When the cell explains a drawn diagram under 'Keterangan:', the steps are those items (a 'Catatan:'
    list after them is not a step); otherwise the numbered (or bulleted) items. Words left from the
    diagram's boxes, before the first item, are not steps.
    """
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if _STEPS_START.match(line)), None)
    if start is not None:
        end = next((i for i in range(start + 1, len(lines)) if _STEPS_END.match(lines[i])), len(lines))
        lines = lines[start + 1 : end]
    else:
        end = next((i for i, line in enumerate(lines) if _STEPS_END.match(line)), len(lines))
        lines = lines[:end]
    first = next((i for i, line in enumerate(lines) if _ITEM.match(line)), None)
    if first is None:
        return []
    return items_of("\n".join(lines[first:]))

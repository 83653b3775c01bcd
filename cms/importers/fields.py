"""Identity and service fields that SOP documents label in words: 'Dasar Hukum', 'Tgl Revisi', 'Biaya / Tarif'."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from cms.durations import to_minutes
from cms.importers.duration_text import find_durations
from cms.importers.text import collapse, format_nip, office_title, parse_date, strip_item_marker

# Section headings on a line of their own, by the ParsedSop field they fill.
HEADINGS: dict[str, tuple[str, ...]] = {
    "legal_basis": ("dasar hukum",),
    "qualifications": ("kualifikasi pelaksana",),
    "related": ("keterkaitan",),
    "equipment": ("peralatan/perlengkapan", "peralatan / perlengkapan", "peralatan/alat/bahan", "peralatan"),
    "warnings": ("peringatan",),
    "records": ("pencatatan dan pendataan",),
    "requirements": ("persyaratan", "persyaratan pelayanan"),
    "procedure": ("sistem, mekanisme dan prosedur", "sistem mekanisme dan prosedur"),
    "completion_time": ("waktu penyelesaian", "jangka waktu penyelesaian", "jangka waktu pelayanan"),
    "cost": ("biaya / tarif", "biaya/tarif", "biaya"),
    "products": ("produk pelayanan", "produk layanan"),
    "complaint_channels": ("pengaduan layanan", "penanganan pengaduan", "penanganan pengaduan, saran dan masukan"),
}
# The Permenpan 35/2012 identity grid: two columns, three rows, always in this order.
IDENTITY_GRID = (("legal_basis", "qualifications"), ("related", "equipment"), ("warnings", "records"))
_FREE = re.compile(r"\b(gratis|tidak dipungut biaya|tidak ada biaya|tanpa biaya|rp\.?\s*0\b)", re.IGNORECASE)
_RANK = re.compile(r"\b(pembina|penata|pengatur|juru)\b.*$", re.IGNORECASE)
_NIP = re.compile(r"\bNIP\b\.?\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)


@dataclass
class FieldBag:
    """Fields found so far, and the headings seen (an empty section under a seen heading is 'unparsed')."""

    lists: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)


def heading_of(line: str) -> str | None:
    """Return the field a heading line opens, or None when the line is not a heading."""
    text = collapse(line).lower().rstrip(" :")
    for name, labels in HEADINGS.items():
        if text in labels:
            return name
    return None


def collect_sections(lines: list[str], bag: FieldBag, *, stop: re.Pattern[str] | None = None) -> None:
    """Fill ``bag`` from single-column sections: a heading line, then its items until the next heading."""
    current: str | None = None
    for line in lines:
        if stop is not None and stop.search(line):
            current = None
            continue
        name = heading_of(line)
        if name:
            current = name
            bag.seen.add(name)
            continue
        if current and line.strip():
            item = strip_item_marker(line)
            if re.search(r"[A-Za-z0-9]{2,}", item):
                bag.lists.setdefault(current, []).append(item)


def collect_grid(lines: list[str], bag: FieldBag) -> None:
    """Fill ``bag`` from the two-column identity grid that starts with a 'Dasar Hukum' row (tab-separated)."""
    row = -1
    for line in lines:
        cells = [collapse(cell) for cell in line.split("\t")]
        if row < 0:
            if len(cells) >= 2 and heading_of(cells[0]) == "legal_basis":
                row = 0
                bag.seen.update(IDENTITY_GRID[0])
            continue
        if not line.strip():
            break
        if _is_grid_heading(cells) and row + 1 < len(IDENTITY_GRID):
            row += 1
            bag.seen.update(IDENTITY_GRID[row])
            continue
        for column, cell in enumerate(cells[:2]):
            item = strip_item_marker(cell)
            if item:
                bag.lists.setdefault(IDENTITY_GRID[row][column], []).append(item)


def _is_grid_heading(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell]
    return (
        len(filled) == 2
        and all(len(cell.split()) <= 5 and not re.match(r"^[\d\-•]", cell) for cell in filled)
        and not any(find_durations(cell) for cell in filled)
    )


def labelled_value(label: str, value: str, bag: FieldBag) -> None:
    """Record an identity row ('Tgl Revisi' / '4 Januari 2017', 'Nomor IKMT' / 'IKMT-SD-01-03')."""
    label = collapse(label).lower().rstrip(" :")
    value = collapse(value)
    if not label:
        return
    if re.match(r"^(nomor|no\.?)\b", label) and "surat keluar" not in label:
        bag.seen.add("number")
        if re.search(r"\d", value) and len(value) <= 60:
            bag.values.setdefault("number", value)
    elif re.match(r"^(tanggal|tgl\.?)\s", label):
        _date_value(label, value, bag)
    elif re.match(r"^(disahkan|dibuat|ditetapkan) oleh", label) and value:
        bag.values.setdefault("approved_by_position", value)
    elif re.match(r"^(nama|judul) (ikmt|sop)", label) and value:
        bag.values.setdefault("title", value)


def _date_value(label: str, value: str, bag: FieldBag) -> None:
    word = label.split()[1] if len(label.split()) > 1 else ""
    name = None
    if word.startswith(("pemb", "perb", "buat")):
        name = "date_made"
    elif word.startswith("rev"):
        name = "date_revised"
    elif word.startswith(("efek", "penges", "berlaku")):
        name = "date_effective"
    if name:
        bag.seen.add(name)
        parsed: date | None = parse_date(value)
        if parsed:
            bag.values.setdefault(name, parsed)


def service_values(bag: FieldBag) -> None:
    """Turn the raw cost and completion-time sections into the page's values."""
    cost_lines = bag.lists.pop("cost", [])
    if cost_lines:
        bag.values["cost"] = cost_lines[0]
        bag.values["is_free"] = any(_FREE.search(line) for line in cost_lines)
    time_lines = bag.lists.pop("completion_time", [])
    written = next((line for line in time_lines if _only_duration(line)), "")
    if written:
        written_total(written, bag)


def written_total(text: str, bag: FieldBag) -> None:
    """Keep a total the document writes ('4 Hari kerja', 'Total 54 menit') as the completion time."""
    matches = find_durations(text)
    if not matches or "completion_time" in bag.values:
        return
    duration = matches[0].duration
    bag.values["completion_time"] = collapse(text[matches[0].start : matches[0].end])
    bag.values["written_total_minutes"] = to_minutes(duration.value, duration.unit)


def _only_duration(line: str) -> bool:
    matches = find_durations(line)
    return len(matches) == 1 and not collapse(line[: matches[0].start]) and len(line) - matches[0].end < 3


def signature(lines: list[str]) -> tuple[str, str, str]:
    """Return (name, position, NIP) from the signature block that ends with a 'NIP' line."""
    index = next((i for i in range(len(lines) - 1, -1, -1) if _NIP.search(lines[i])), None)
    if index is None:
        return "", "", ""
    before, rest = _NIP.split(lines[index], maxsplit=1)[0], _NIP.search(lines[index]).group("rest")
    nip_parts = [rest]
    name, cursor = collapse(_RANK.sub("", before)), index - 1
    while not name and cursor >= max(0, index - 8):
        text = collapse(lines[cursor])
        if re.fullmatch(r"[\d .]+", text):
            nip_parts.append(text)
        elif text and not _RANK.match(text) and text not in {"/"}:
            name = collapse(_RANK.sub("", text))
        cursor -= 1
    position = _position(lines, cursor)
    nip = format_nip(" ".join(nip_parts)) if re.search(r"\d{4}", " ".join(nip_parts)) else ""
    return name.strip(" ,"), position, nip


def _position(lines: list[str], cursor: int) -> str:
    """Return the signer's position: the lines from 'Kepala ...' down to the name."""
    parts: list[str] = []
    for offset in range(cursor, max(-1, cursor - 6), -1):
        text = collapse(lines[offset])
        if not text:
            continue
        parts.insert(0, text)
        if re.match(r"^kepala\b", text, re.IGNORECASE):
            return collapse(" ".join(parts)).rstrip(" ,")
    return ""


_OFFICE_PATTERNS = (
    re.compile(r"Pemerintah\s+(?:Kab\.?|Kabupaten)\s*(?P<place>[A-Za-z]+)\s*/\s*(?P<office>Dinas .+)$", re.I),
    re.compile(r"PEMERINTAH\s+(?:KABUPATEN|KAB\.)\s+(?P<place>[A-Z ]+?)\s+(?P<office>DINAS [A-Z ,]+?)(?:\s+Jl\.|\s*$)"),
)
_DINAS_LINE = re.compile(r"^(?:KEPALA\s+)?(?P<office>DINAS [A-Z ,]+?)\s*$")
_PLACE_LINE = re.compile(r"^(?:KABUPATEN|KAB\.)\s+(?P<place>[A-Z][A-Z ]+?)\s*$")


def find_office(lines: list[str]) -> str:
    """Return the office the document belongs to ('Dinas X Kabupaten Y'), the most often named one."""
    found: list[str] = []
    texts = [collapse(line) for line in lines]
    for index, text in enumerate(texts):
        for pattern in _OFFICE_PATTERNS:
            match = pattern.search(text)
            if match:
                found.append(f"{match.group('office')} Kabupaten {match.group('place')}")
                break
        else:
            office = _DINAS_LINE.match(text)
            following = next((t for t in texts[index + 1 : index + 4] if t), "")
            place = _PLACE_LINE.match(following)
            if office and place:
                found.append(f"{office.group('office')} Kabupaten {place.group('place')}")
    if not found:
        return ""
    best = max(found, key=lambda name: (found.count(name), -found.index(name)))
    return office_title(best)

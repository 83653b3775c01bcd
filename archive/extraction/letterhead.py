"""The letterhead (kop surat): the issuing agency named from its "PEMERINTAH ..." and unit lines."""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

from archive.extraction.text import collapse, has_words, strip_noise, suspicion, title_case
from archive.extraction.types import ExtractedField

_GOVERNMENT = re.compile(r"^PEMERINTAH\s+(?P<region>(?:KABUPATEN|KOTA|PROVINSI)\s+.+?|DAERAH\s+.+?)\s*$", re.I)
_ADDRESS = re.compile(
    r"^(?:Jalan|Jln?\.?|Alamat|Telepon|Telp\.?|Tlp\.?|Faks|Fax|E-?mail|Surel|Laman|Website|Kode\s*Pos|Http|www)\b",
    re.I,
)
_REGION_IN_UNIT = re.compile(r"\b(?:KABUPATEN|KOTA|PROVINSI)\b", re.I)


_STOP = re.compile(r"^(?:KEPUTUSAN|PERATURAN|SURAT\s|NOMOR|TENTANG|NOTA\s+DINAS|BERITA\s+ACARA|UNDANGAN)\b", re.I)
# Words that open a level of an issuing body's hierarchy in a letterhead ("DINAS ...", "KECAMATAN ...").
_LEVEL = re.compile(
    r"^(?:DINAS|BADAN|SEKRETARIAT|KECAMATAN|KELURAHAN|DESA|KEPALA\s+DESA|FAKULTAS|UNIVERSITAS|POLITEKNIK|INSTITUT|"
    r"SEKOLAH|AKADEMI|DEWAN|RUMAH\s+SAKIT|KANTOR|DIREKTORAT|KEMENTERIAN|PENGADILAN|MAHKAMAH|BIRO|INSPEKTORAT|"
    r"SATUAN|UPT|UPTD|PUSKESMAS|SD|SMP|SMA|SMK|MADRASAH|TIM\s+PENGGERAK|YAYASAN|LEMBAGA|BAGIAN|BIDANG|"
    r"SEKRETARIS|CAMAT|BUPATI|WALI\s*KOTA|GUBERNUR|KOMISI|PANITIA|PERUSAHAAN\s+DAERAH|PROGRAM\s+STUDI)\b",
    re.I,
)
_SUB_UNIT = re.compile(r"^(?:FAKULTAS|PROGRAM\s+STUDI|JURUSAN|LEMBAGA|PUSAT)\b", re.I)
_SPACED = re.compile(r"(?:\b\w\b ){3,}\b\w\b")


def letterhead_lines(lines: list[str]) -> list[str]:
    """Return the lines of the letterhead: from the top to the first date, label, title or address gap.

    Specks and emblem noise above it are skipped; one blank line inside it is allowed when an upper-case name
    line follows ("PEMERINTAH KABUPATEN X / KECAMATAN Y / (blank) / KEPALA DESA Z").
    """
    head: list[str] = []
    cleaned = [_unspace(strip_noise(raw)) for raw in lines]
    for index, line in enumerate(cleaned):
        if not has_words(line) or (not head and _is_noise(line)):
            following = next((f for f in cleaned[index + 1 : index + 2] if has_words(f)), "")
            if head and _GOVERNMENT.match(following) and not any(_GOVERNMENT.match(h) or _LEVEL.match(h) for h in head):
                head = []  # a receipt stamp or a scribble above the letterhead ("TUNJUNGTIRTO", then "PEMERINTAH ...")
                continue
            if head and not (_is_name_line(following) and _LEVEL.match(following)):
                break
            continue
        if ":" in line or re.search(r",\s*\d{1,2}\s+\w+\s+\d{4}", line) or _STOP.match(line):
            break
        head.append(line)
        if len(head) >= 9:
            break
    return head


def _unspace(line: str) -> str:
    """Return a letter-spaced heading ("B A D A N") with its letters joined.

    When most of the line is spaced out and the text layer lost some word gaps ("B ADAN K E P E G A W A I A N
    D A E RA H"), the letters are joined and cut again into known words ("BADAN KEPEGAWAIAN DAERAH").
    """
    tokens = line.split()
    singles = sum(len(t) == 1 and t.isalpha() for t in tokens)
    if singles >= 4 and singles >= 0.5 * len(tokens):
        words = _known_words("".join(tokens).upper())
        if words:
            return " ".join(words)
    return _SPACED.sub(lambda m: m.group().replace(" ", ""), line)


def _known_words(letters: str) -> list[str] | None:
    """Return ``letters`` cut into the fewest words of the vocabulary (letterhead and code-title words), or None."""
    vocabulary = _vocabulary()
    best: list[list[str] | None] = [[]] + [None] * len(letters)
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - 20), end):
            before, word = best[start], letters[start:end]
            if before is not None and word in vocabulary and (best[end] is None or len(before) + 1 < len(best[end])):
                best[end] = [*before, word]
    return best[-1]


@functools.cache
def _vocabulary() -> frozenset[str]:
    """Return the upper-case words of letterheads: the classification titles' words and the names of levels."""
    path = Path(__file__).resolve().parents[1] / "data" / "kode_klasifikasi.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        titles = " ".join(row["title"] for row in csv.DictReader(handle))
    extra = "PEMERINTAH PROVINSI KABUPATEN KOTA KECAMATAN KELURAHAN DESA REPUBLIK INDONESIA SEKRETARIAT DPRD"
    return frozenset(w for w in re.findall(r"[A-Z]{2,}", f"{titles} {extra}".upper()))


def _is_noise(line: str) -> bool:
    """Return whether a top line is emblem or speck noise rather than a name ("oe", "a ~ Wy")."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) < 4 or sum(c.isupper() for c in letters) / len(letters) < 0.5 and len(line.split()) <= 2


def _is_name_line(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) >= 0.8


def find_sender(lines: list[str]) -> ExtractedField[str] | None:
    """Return the issuing body named by the letterhead, in title case: its lowest unit, placed in its region.

    "PEMERINTAH KABUPATEN TEMANGGUNG / DINAS SOSIAL" gives "Dinas Sosial Kabupaten Temanggung"; a hierarchy
    ("MAHKAMAH AGUNG / ... / PENGADILAN AGAMA X") gives its lowest unit, a faculty keeps its university; a
    company's or a foundation's lines without levels are joined as they are.
    """
    head = letterhead_lines(lines)
    if not head:
        return None
    government = next((i for i, line in enumerate(head) if _GOVERNMENT.match(line)), None)
    region = title_case(_GOVERNMENT.match(head[government])["region"]) if government is not None else ""  # type: ignore[index]
    region = re.sub(r"^Daerah\s+", "", region)
    unit = _unit_lines(head[government + 1 :] if government is not None else head)
    if not unit:
        if government is None:
            return None
        value = f"Pemerintah {region}"
        return ExtractedField(value, _confidence(0.6, value), head[government])
    levels = _levels(unit)
    if len(levels) >= 2 or (levels and (government is not None or not _LEVEL.match(unit[0]))):
        name = title_case(levels[-1])
        if _SUB_UNIT.match(levels[-1]) and len(levels) >= 2:
            name = f"{name} {title_case(levels[-2])}"
        value = name if _REGION_IN_UNIT.search(name) or not region else f"{name} {region}"
        base = 0.85 if government is not None else 0.7
    else:
        value, base = title_case(" ".join(unit)), 0.55
    source = " / ".join(([head[government]] if government is not None else []) + unit)
    return ExtractedField(collapse(value), _confidence(base, value), source)


def _levels(unit: list[str]) -> list[str]:
    """Return the unit lines grouped by level: a line opening a level starts one, other lines continue it."""
    levels: list[str] = []
    for line in unit:
        if _LEVEL.match(line):
            levels.append(re.sub(r"^KEPALA\s+(?=DESA\b)", "", line, flags=re.I))
        elif levels:
            levels[-1] = f"{levels[-1]} {line}"
    return levels


def _unit_lines(lines: list[str]) -> list[str]:
    """Return the leading upper-case name lines, stopping at the address, telephone or web lines."""
    unit: list[str] = []
    for line in lines:
        letters = [c for c in line if c.isalpha()]
        if _ADDRESS.match(line) or sum(c.isdigit() for c in line) >= 3 or not letters:
            break
        if sum(c.isupper() for c in letters) / len(letters) < 0.8:
            break
        unit.append(line)
    return unit


def _confidence(base: float, value: str) -> float:
    """Return ``base`` lowered for characters that look misread."""
    return round(max(0.1, base - suspicion(value)), 2)


_CLOSING = re.compile(r"^\s*(?:hormat\s+kami|a\.?\s*n\.?\s|an\.\s|ttd|yang\s+membuat|pimpinan)", re.I)
_INSTITUTION = re.compile(
    r"\b(?:POLITEKNIK|UNIVERSITAS|INSTITUT|SEKOLAH\s+TINGGI|AKADEMI|FAKULTAS|DINAS|BADAN|KECAMATAN|DESA|"
    r"KELURAHAN|RUMAH\s+SAKIT|YAYASAN|PT\.?|CV\.?|KOPERASI|DEWAN|KANTOR|DIREKTORAT|SEKRETARIAT)\b",
    re.I,
)


def sender_from_signature(lines: list[str]) -> ExtractedField[str] | None:
    """Return the body named in the signature block ("Hormat kami, / Wakil Direktur III / Politeknik Pos Indonesia")
    when the letterhead names none (an image letterhead, a plain sheet); less sure than a letterhead."""
    tail = [strip_noise(line) for line in lines[-25:]]
    start = next((i for i, line in enumerate(tail) if _CLOSING.match(line)), 0)
    for line in tail[start:]:
        match = _INSTITUTION.search(line)
        if match and len(line) <= 80 and not re.search(r"\d{3,}", line):
            value = collapse(line[match.start() :].strip(" ,.;"))
            if len(value.split()) >= 2:
                return ExtractedField(
                    title_case(value) if value.isupper() else value, 0.5, line, notes=("dari blok tanda tangan",)
                )
    return None

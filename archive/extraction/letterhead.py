"""The letterhead (kop surat): the issuing agency named from its "PEMERINTAH ..." and unit lines."""

from __future__ import annotations

import re

from archive.extraction.text import collapse, has_words, strip_noise, suspicion, title_case
from archive.extraction.types import ExtractedField

_GOVERNMENT = re.compile(r"^PEMERINTAH\s+(?P<region>(?:KABUPATEN|KOTA|PROVINSI)\s+.+?|DAERAH\s+.+?)\s*$", re.I)
_ADDRESS = re.compile(
    r"^(?:Jalan|Jln?\.?|Alamat|Telepon|Telp\.?|Tlp\.?|Faks|Fax|E-?mail|Surel|Laman|Website|Kode\s*Pos|Http|www)\b",
    re.I,
)
_REGION_IN_UNIT = re.compile(r"\b(?:KABUPATEN|KOTA|PROVINSI)\b", re.I)


def letterhead_lines(lines: list[str]) -> list[str]:
    """Return the lines of the letterhead: from the top to the first blank line, date or label line."""
    head: list[str] = []
    for raw in lines:
        line = strip_noise(raw)
        if not has_words(line):
            if head:
                break
            continue
        if ":" in line or re.search(r",\s*\d{1,2}\s+\w+\s+\d{4}", line):
            break
        head.append(line)
        if len(head) >= 8:
            break
    return head


def find_sender(lines: list[str]) -> ExtractedField[str] | None:
    """Return the issuing agency from the letterhead lines, in title case.

    Rule (checked against the corpus truth): the upper-case unit lines after "PEMERINTAH KABUPATEN X" joined,
    followed by "Kabupaten X" unless the unit already names its region: "DINAS SOSIAL" under
    "PEMERINTAH KABUPATEN TEMANGGUNG" gives "Dinas Sosial Kabupaten Temanggung". Without a "PEMERINTAH" line,
    the upper-case lines themselves ("BUPATI TEMANGGUNG") are the sender, with less confidence.
    """
    head = letterhead_lines(lines)
    if not head:
        return None
    government = next((i for i, line in enumerate(head) if _GOVERNMENT.match(line)), None)
    if government is None:
        unit = _unit_lines(head)
        if not unit:
            return None
        value = title_case(" ".join(unit))
        return ExtractedField(value, _confidence(0.55, value), " / ".join(unit))
    region = title_case(_GOVERNMENT.match(head[government])["region"])  # type: ignore[index]
    unit = _unit_lines(head[government + 1 :])
    if not unit:
        value = f"Pemerintah {region}"
        return ExtractedField(value, _confidence(0.6, value), head[government])
    name = title_case(" ".join(unit))
    value = name if _REGION_IN_UNIT.search(name) else f"{name} {region}"
    source = " / ".join([head[government], *unit])
    return ExtractedField(collapse(value), _confidence(0.85, value), source)


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

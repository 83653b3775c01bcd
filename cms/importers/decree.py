"""The enacting decree in front of an SOP book: office, number, date, signer, legal basis, listed titles."""

from __future__ import annotations

import re
from difflib import get_close_matches

from cms.importers.fields import find_office, signature
from cms.importers.text import collapse, office_title, parse_date
from cms.importers.types import DocumentContext

_NUMBER = re.compile(r"^\s*NOMOR\s*:\s*(?P<number>\S.*)$", re.IGNORECASE)
_ITEM = re.compile(r"^\s*(?P<n>\d{1,2})\.\s+(?P<text>\S.*)$")
_LIST_GROUP = re.compile(r"^\s*\d\.\s*SOP\b", re.IGNORECASE)
_DIKTUM = re.compile(r"^\s*(KESATU|KEDUA|KETIGA|KEEMPAT|KEEMAPT|MEMUTUSKAN)\b")


def decree_context(preamble: list[str]) -> DocumentContext:
    """Return what the decree states once for every SOP of the book (empty when there is no decree)."""
    start = next((i for i, line in enumerate(preamble) if _NUMBER.match(line)), None)
    if start is None:
        return DocumentContext(office=find_office(preamble))
    decree = preamble[start:]
    number = re.sub(r"\s*/\s*", "/", collapse(_NUMBER.match(preamble[start]).group("number")))
    name, position, nip = signature(decree)
    return DocumentContext(
        office=find_office(preamble),
        number=number,
        decree=_decree_title(preamble, start, number),
        date_effective=_enacted_on(decree),
        approved_by_name=name,
        approved_by_position=office_title(position) if position else "",
        approved_by_nip=nip,
        legal_basis=tuple(considering(decree)),
        listed_titles=tuple(listed_titles(decree)),
    )


def _decree_title(preamble: list[str], start: int, number: str) -> str:
    """Return 'Keputusan Kepala Dinas ... Nomor N' from the heading lines just above 'NOMOR :'."""
    heading: list[str] = []
    for line in reversed(preamble[max(0, start - 4) : start]):
        if not line.strip():
            break
        heading.insert(0, collapse(line))
        if line.strip().upper().startswith("KEPUTUSAN"):
            break
    title = " ".join(heading).strip()
    if not title.upper().startswith("KEPUTUSAN"):
        title = "Keputusan"
    return f"{office_title(title)} Nomor {number}"


def _enacted_on(lines: list[str]):
    for index, line in enumerate(lines):
        if re.search(r"pada tanggal", line, re.IGNORECASE):
            found = parse_date(" ".join(lines[index : index + 2]))
            if found:
                return found
    return None


def considering(lines: list[str]) -> list[str]:
    """Return the numbered items under 'Mengingat' (the legal basis), continuation lines joined."""
    start = next((i for i, line in enumerate(lines) if line.strip().startswith("Mengingat")), None)
    if start is None:
        return []
    items: list[str] = []
    for line in lines[start:]:
        if _DIKTUM.match(line):
            break
        text = re.sub(r"^\s*Mengingat\s*:?\s*", "", line)
        match = _ITEM.match(text)
        if match:
            items.append(match.group("text"))
        elif items and text.strip():
            items[-1] += " " + text.strip()
    return [collapse(item).rstrip(";").strip() for item in items]


def listed_titles(lines: list[str]) -> list[str]:
    """Return the SOP titles the decree lists in diktum KEDUA ('e Prosedur ...' bullets, groups skipped)."""
    start = next((i for i, line in enumerate(lines) if "sebagai berikut" in line), None)
    if start is None:
        return []
    titles: list[str] = []
    for line in lines[start + 1 :]:
        text = collapse(line)
        if _DIKTUM.match(text):
            break
        if not text or _LIST_GROUP.match(text):
            continue
        text = re.sub(r"^[e•]\s+", "", text)
        if titles and text[:1].islower():
            titles[-1] += " " + text
        else:
            titles.append(text)
    return titles


def is_listed(title: str, listed: tuple[str, ...]) -> bool:
    """Return whether ``title`` is (close to) one of the decree's listed titles."""
    lowered = [item.lower() for item in listed]
    return bool(get_close_matches(title.lower(), lowered, n=1, cutoff=0.75))

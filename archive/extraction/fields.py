"""Letter fields from text: letterhead sender, place and date, Nomor/Sifat/Lampiran/Perihal, Yth., references."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from archive.extraction.dates import find_letter_date
from archive.extraction.header import parse_addressee, parse_labels, split_columns
from archive.extraction.letterhead import find_sender
from archive.extraction.numbers import find_letter_number, find_references, normalise_number, parse_letter_number
from archive.extraction.types import ExtractedField, LetterFields

# Normalised sifat (security and urgency in one printed field), with the label to show.
SIFAT_LABELS: dict[str, str] = {
    "biasa": "Biasa",
    "segera": "Segera",
    "sangat_segera": "Sangat Segera",
    "penting": "Penting",
    "terbatas": "Terbatas",
    "rahasia": "Rahasia",
    "sangat_rahasia": "Sangat Rahasia",
    "konfidensial": "Konfidensial",
}
_SIFAT_ALIASES = {"terbuka": "biasa", "b": "biasa", "t": "terbatas", "r": "rahasia", "sr": "sangat_rahasia"}
_SALUTATION = re.compile(r"^\s*(?:dengan\s+hormat|assalamu|bersama\s+ini|sehubungan\s+dengan)", re.I)
_MAX_HEADER_LINES = 45
_LAMPIRAN = re.compile(r"^(?:-|\d+\s*\([^)]*\)\s*[A-Za-z ]+|\d+\s+[A-Za-z ]+|satu\s+\w+)$", re.I)


@dataclass(frozen=True, slots=True)
class Regions:
    """A letter's first page up to the salutation (letterhead and header), and everything after it."""

    head: list[str]
    body: str


def split_regions(text: str) -> Regions:
    """Return the head lines (first page, before "Dengan hormat") and the body text after them."""
    first_page = text.split("\f", 1)[0]
    lines = first_page.splitlines()
    end = next((i for i, line in enumerate(lines) if _SALUTATION.match(line)), None)
    if end is None:
        end = min(len(lines), _MAX_HEADER_LINES)
    head = lines[:end]
    body = text[len("\n".join(head)) :]
    return Regions(head=head, body=body)


def normalise_sifat(raw: str) -> str | None:
    """Return the normalised sifat ("sangat_segera") for a printed value ("Sangat Segera"), or ``None``."""
    words = re.sub(r"[^a-z ]", " ", raw.lower()).split()
    if not words:
        return None
    key = "_".join(words[:2]) if words[0] == "sangat" and len(words) > 1 else words[0]
    if key in SIFAT_LABELS:
        return key
    if key in _SIFAT_ALIASES:
        return _SIFAT_ALIASES[key]
    close = difflib.get_close_matches(key.replace("_", " "), [k.replace("_", " ") for k in SIFAT_LABELS], 1, 0.75)
    return close[0].replace(" ", "_") if close else None


def _sifat_field(found: ExtractedField[str] | None) -> ExtractedField[str] | None:
    """Return the sifat field with the normalised value and the printed text kept as ``raw``."""
    if found is None:
        return None
    code = normalise_sifat(found.value)
    if code is None:
        return ExtractedField(found.value, round(min(found.confidence, 0.3), 2), found.source, found.value)
    exact = SIFAT_LABELS[code].lower() == found.value.lower()
    confidence = found.confidence if exact else found.confidence - 0.15
    return ExtractedField(code, round(max(0.1, confidence), 2), found.source, found.value, found.notes)


def _number_field(found: ExtractedField[str] | None) -> ExtractedField[str] | None:
    """Return the Nomor value normalised as a letter number ("823 / 360" -> "823/360"), scored by its parse."""
    if found is None:
        return None
    value = normalise_number(found.value)
    parsed = parse_letter_number(value.split(" ")[0]) or parse_letter_number(value)
    if parsed is None:
        return ExtractedField(found.value, round(min(found.confidence, 0.5), 2), found.source, notes=("tidak terurai",))
    if parsed.corrected:
        notes = ("huruf mirip angka dibetulkan",)
        return ExtractedField(parsed.text, round(found.confidence - 0.2, 2), found.source, found.value, notes)
    return ExtractedField(parsed.text, found.confidence, found.source, found.value)


def _lampiran_field(found: ExtractedField[str] | None) -> ExtractedField[str] | None:
    """Return the Lampiran field, less sure when the value is neither "-" nor "N (words) unit"."""
    if found is None or _LAMPIRAN.match(found.value):
        return found
    return ExtractedField(found.value, round(min(found.confidence, 0.4), 2), found.source, notes=("bentuk tak lazim",))


def extract_fields(text: str) -> LetterFields:
    """Return the header fields of the letter in ``text`` (reading order, pages separated by form feeds)."""
    regions = split_regions(text)
    columns = split_columns(regions.head)
    labels = parse_labels(columns.left, interleaved=columns.interleaved)
    addressee, addressee_place = parse_addressee(columns.right)
    if addressee is None:
        addressee, addressee_place = parse_addressee(_yth_block(columns.left))
    dated = find_letter_date("\n".join(regions.head))
    number = _number_field(labels.get("nomor")) or find_letter_number("\n".join(regions.head))
    return LetterFields(
        number=number,
        date=dated[0] if dated else None,
        place=dated[1] if dated else None,
        sender=find_sender(regions.head),
        subject=labels.get("perihal"),
        sifat=_sifat_field(labels.get("sifat")),
        lampiran=_lampiran_field(labels.get("lampiran")),
        addressee=addressee,
        addressee_place=addressee_place,
        references=tuple(find_references(regions.body, exclude=number.value if number else None)),
        parsed_number=parse_letter_number(number.value) if number else None,
    )


def _yth_block(lines: list[str]) -> list[str]:
    """Return the lines from a "Yth." found anywhere in ``lines`` (fallback when no column was detected)."""
    start = next((i for i, line in enumerate(lines) if re.search(r"\bYth\b", line)), None)
    if start is None:
        return []
    return [lines[start][lines[start].find("Yth") :], *lines[start + 1 :]]

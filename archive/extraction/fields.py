"""Letter fields from text: letterhead sender, place and date, Nomor/Sifat/Lampiran/Perihal, Yth., references."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, replace

from archive.extraction.dates import (
    find_dates,
    find_letter_date,
    month_number,
    parse_place_date,
    trailing_place_date,
)
from archive.extraction.header import parse_addressee, parse_labels, split_columns
from archive.extraction.letterhead import find_sender, sender_from_signature
from archive.extraction.numbers import find_letter_number, find_references, number_text, parse_letter_number
from archive.extraction.pages import document_title, letter_text, tentang_title
from archive.extraction.text import label_of, strip_noise, suspicion
from archive.extraction.types import SURE, ExtractedField, LetterFields, LetterNumber

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
_HEADER_LINE = re.compile(r"^\s*(?:nomor|perihal|hal|yth\b|kepada)", re.I)


def _is_prose(line: str) -> bool:
    """Return whether a line is running text (eight words or more, mostly lower case), not a header line."""
    words = line.split()
    letters = [c for c in line if c.isalpha()]
    if len(words) < 8 or ":" in line or re.search(r"\b(?:Yth|Kepada|Nomor|Perihal|Hal)\b", line) or label_of(line):
        return False
    return sum(c.islower() for c in letters) / len(letters) > 0.7


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
    if end is None:  # no "Dengan hormat": the head ends where prose starts after the labels or the Yth. block
        started = next((i for i, line in enumerate(lines) if _HEADER_LINE.match(line)), None)
        prose = (i for i, line in enumerate(lines) if started is not None and i > started and _is_prose(line))
        end = min(next(prose, len(lines)), _MAX_HEADER_LINES)
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
    value = number_text(_without_place_date(found.value))
    parsed = parse_letter_number(value.split(" ")[0]) or parse_letter_number(value)
    if parsed is None:
        if "/" in value and not suspicion(value):
            notes = ("bentuk nomor bukan pola Pemda",)
            return ExtractedField(value, round(min(found.confidence, 0.75), 2), found.source, notes=notes)
        return ExtractedField(value, round(min(found.confidence, 0.5), 2), found.source, notes=("tidak terurai",))
    if parsed.corrected:
        notes = ("huruf mirip angka dibetulkan",)
        return ExtractedField(parsed.text, round(found.confidence - 0.2, 2), found.source, found.value, notes)
    return ExtractedField(parsed.text, found.confidence, found.source, found.value)


# The right-hand column's place and date read onto the Nomor line ("B 771/.../2023 Jakarta, 9 November 2023"),
# the day perhaps misread: a place, a comma, up to three characters, a month name and a year, ending the line.
_PLACE_DATE_TAIL = re.compile(
    r"\s+[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){0,2},\s*\S{0,3}\s+(?P<month>[A-Za-z]{3,})\s+\d{4}\s*$"
)


def _without_place_date(value: str) -> str:
    """Return a Nomor value without the place and date of the other column that ends it."""
    tail = _PLACE_DATE_TAIL.search(value)
    if tail is None or month_number(tail["month"].lower()) is None or not value[: tail.start()].strip():
        return value
    return value[: tail.start()].strip()


# A Lampiran value of one stroke ("i", "l", "|", "!") is the dash "-" (and perhaps its colon) misread.
_DASH_LOOKALIKE = re.compile(r"^[il|!]$")
DASH_MISREAD = "tanda hubung terbaca sebagai huruf"
VALUE_UNREAD = "isian tidak terbaca; dianggap tanpa lampiran"


def _lampiran_field(found: ExtractedField[str] | None, left: list[str]) -> ExtractedField[str] | None:
    """Return the Lampiran field, less sure when the value is neither "-" nor "N (words) unit".

    A dash is the one value that OCR loses or turns into a letter: a one-stroke value becomes "-", and a Lampiran
    label printed without any value read becomes "-" too, neither of them shown as sure.
    """
    if found is None:
        bare = next((line for line in left if label_of(line) == ("lampiran", "")), None)
        return ExtractedField("-", 0.5, bare, notes=(VALUE_UNREAD,)) if bare is not None else None
    if _DASH_LOOKALIKE.match(found.value):
        return ExtractedField("-", round(min(found.confidence, 0.6), 2), found.source, found.value, (DASH_MISREAD,))
    if _LAMPIRAN.match(found.value):
        return found
    return ExtractedField(found.value, round(min(found.confidence, 0.4), 2), found.source, notes=("bentuk tak lazim",))


def extract_fields(text: str, *, ocr_confidence: float | None = None) -> LetterFields:
    """Return the header fields of the letter in ``text`` (reading order, pages separated by form feeds).

    The letter's own page is read (a disposition sheet or cover before it is skipped). ``ocr_confidence`` is the
    OCR's mean word confidence (0-100) on that page: on a poorly read page no value is shown as sure.
    """
    text = letter_text(text)
    regions = split_regions(text)
    columns = split_columns(regions.head)
    labels = parse_labels(columns.left, interleaved=columns.interleaved)
    addressee, addressee_place = parse_addressee(columns.right)
    if addressee is None:
        addressee, addressee_place = parse_addressee(_yth_block(columns.left))
    number = _number_field(labels.get("nomor")) or find_letter_number("\n".join(regions.head))
    dated = find_letter_date("\n".join(regions.head)) or _signature_date(text) or _attachment_date(text, number)
    fields = LetterFields(
        number=number,
        date=dated[0] if dated else None,
        place=dated[1] if dated else None,
        sender=find_sender(regions.head) or sender_from_signature(_first_page(text)),
        subject=labels.get("perihal") or _titled_subject(regions.head),
        sifat=_sifat_field(labels.get("sifat")),
        lampiran=_lampiran_field(labels.get("lampiran"), columns.left),
        addressee=addressee,
        addressee_place=addressee_place,
        references=tuple(find_references(regions.body, exclude=number.value if number else None)),
        parsed_number=parse_letter_number(number.value) if number else None,
    )
    fields = _capped(replace(fields, subject=_subject_checked(fields.subject, regions.head)), ocr_confidence)
    if ocr_confidence is not None and ocr_confidence < FAIR_OCR:
        return fields
    return replace(fields, date=_date_corroborated(fields.date, fields.parsed_number))


_SUBJECT_END = re.compile(r"^\s*$|^\s*(?:kepada|yth\b|di\b|nomor|sifat|lampiran)", re.I)


def _subject_checked(subject: ExtractedField[str] | None, head: list[str]) -> ExtractedField[str] | None:
    """Return the subject less sure when the line after it on the page may be its second line given to a column."""
    if subject is None or subject.confidence < SURE or subject.source not in head:
        return subject
    index = head.index(subject.source)
    following = next((line for line in head[index + 1 :] if line.strip()), "")
    continued = following and subject.value.endswith(following.strip())
    if continued or not following or _SUBJECT_END.match(following) or parse_place_date(following):
        return subject
    note = "baris berikutnya mungkin lanjutan perihal"
    return replace(subject, confidence=round(SURE - 0.05, 2), notes=(*subject.notes, note))


# Below this mean OCR word confidence a page's readings are never shown as sure (>= SURE): on real letters a page
# read at 85-90 still hides misread digits in numbers.
RELIABLE_OCR = 90.0
POOR_PAGE_NOTE = "halaman terbaca kurang jelas oleh OCR"
# Between this and RELIABLE_OCR a date that the letter number agrees with is still shown as sure; below it nothing is.
FAIR_OCR = 80.0
SIGNATURE = "tanggal di dekat tanda tangan"


def _capped(fields: LetterFields, ocr_confidence: float | None) -> LetterFields:
    """Return ``fields`` with every confidence kept under :data:`SURE` when the page was read poorly."""
    if ocr_confidence is None or ocr_confidence >= RELIABLE_OCR:
        return fields
    changes = {}
    for name in ("number", "date", "place", "sender", "subject", "sifat", "lampiran", "addressee", "addressee_place"):
        found = getattr(fields, name)
        if found is not None and found.confidence >= SURE:
            note = POOR_PAGE_NOTE
            changes[name] = replace(found, confidence=round(SURE - 0.05, 2), notes=(*found.notes, note))
    return replace(fields, **changes)


_ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _number_month(number: LetterNumber) -> int | None:
    """Return the month a letter number prints (a Roman numeral segment, or the K/L number's month), or None."""
    if number.month:
        return number.month
    months = {_ROMAN_MONTHS.index(s) + 1 for s in re.split(r"[/.\s-]+", number.text) if s in _ROMAN_MONTHS}
    return months.pop() if len(months) == 1 else None


def _date_corroborated(
    date: ExtractedField[datetime.date] | None, number: LetterNumber | None
) -> ExtractedField[datetime.date] | None:
    """Return the date shown as sure when the letter number agrees with it.

    Two readings that agree are well supported even on a page OCR read poorly: the number's month and year (a
    Roman month, "/VIII/2020"), or, for a number that prints no month, its year with a date read from a line of
    its own ("Singosari, 12 Agustus 2020"). A month that had to be guessed from a misreading, a ``Tanggal`` line
    and a date beside the signature never count.
    """
    if date is None or number is None or date.confidence >= SURE or set(date.notes) - {POOR_PAGE_NOTE}:
        return date
    whole = parse_place_date(strip_noise(date.source))
    found = whole or trailing_place_date(date.source)
    if found is None or found[1].fuzzy or found[1].date != date.value or number.year != date.value.year:
        return date
    month = _number_month(number)
    if month != date.value.month and not (month is None and whole):
        return date
    agreeing = "bulan dan tahun" if month else "tahun"
    return replace(date, confidence=SURE, notes=(f"{agreeing} sama dengan nomor surat",))


def _first_page(text: str) -> list[str]:
    return text.split("\f", 1)[0].splitlines()


def _signature_date(text: str) -> tuple[ExtractedField, ExtractedField | None] | None:
    """Return the place and date printed by the signature (below the body), less sure than one in the head."""
    found = find_letter_date("\n".join(_first_page(text)[-30:]))
    if found is None:
        return None
    date, place = found
    lower = round(date.confidence - 0.1, 2)
    notes = (SIGNATURE,)
    return replace(date, confidence=lower, notes=notes), replace(place, confidence=lower) if place else None


ATTACHMENT = "tanggal dari lampiran surat"
_ATTACHMENT_HEADING = re.compile(r"^\s*lampiran\b", re.I)
_SAME_NUMBER = 0.7  # similarity of the attachment's Nomor to the letter's: the same number, a few characters misread


def _attachment_date(
    text: str, number: ExtractedField[str] | None
) -> tuple[ExtractedField[datetime.date], None] | None:
    """Return the date an attachment page restates for its letter ("Lampiran Surat / Nomor : ... / Tanggal : ...").

    Taken only when the letter shows no date of its own it could be read from (a handwritten day misread), and
    when the attachment's Nomor is the letter's (a few misread characters aside); never shown as sure.
    """
    if number is None:
        return None
    for page in text.split("\f")[1:]:
        lines = [line for line in page.splitlines() if line.strip()][:8]
        if not lines or not _ATTACHMENT_HEADING.match(lines[0]):
            continue
        found = {label[0]: label[1] for line in lines if (label := label_of(line)) and label[1]}
        dates = find_dates(found.get("tanggal", ""))
        if dates and "nomor" in found and _number_similarity(found["nomor"], number.value) >= _SAME_NUMBER:
            line = next(line for line in lines if (label := label_of(line)) and label[0] == "tanggal")
            return ExtractedField(dates[0].date, 0.75, line.strip(), notes=(ATTACHMENT,)), None
    return None


def _number_similarity(a: str, b: str) -> float:
    """Return how alike two letter numbers are (1 - edit distance / the longer), spaces and case aside."""
    from ocr.metrics import levenshtein

    a, b = (re.sub(r"\s+", "", value).casefold() for value in (a, b))
    return 1.0 - levenshtein(a, b) / max(len(a), len(b), 1)


def _titled_subject(head: list[str]) -> ExtractedField[str] | None:
    """Return the subject of a letter without Perihal: a decree's TENTANG title, or the document's own title."""
    lines = [line.strip() for line in head]
    title = tentang_title(lines)
    if title:
        return ExtractedField(title, 0.8, "TENTANG", notes=("judul TENTANG",))
    title = document_title(lines)
    if title:
        return ExtractedField(title, 0.7, title, notes=("judul naskah",))
    return None


def _yth_block(lines: list[str]) -> list[str]:
    """Return the lines from a "Yth." found anywhere in ``lines`` (fallback when no column was detected)."""
    start = next((i for i, line in enumerate(lines) if re.search(r"\bYth\b", line)), None)
    if start is None:
        return []
    return [lines[start][lines[start].find("Yth") :], *lines[start + 1 :]]

"""Letter numbers (nomor surat): normalise OCR output, parse the parts, find the number and cited numbers."""

from __future__ import annotations

import re
import unicodedata

from archive.extraction.text import label_of, suspicion
from archive.extraction.types import ExtractedField, LetterNumber

# OCR confuses these with digits inside segments that can only hold digits (KKA, serial, year).
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1", "i": "1"})
_KKA = re.compile(r"\d{3}(?:\.\d{1,3}){0,3}")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_MONTH = re.compile(r"0?[1-9]|1[0-2]")
_KL_HEAD = re.compile(r"(?P<security>SR|R|T|B)\s*[-.]\s*(?P<serial>[0-9OIl]+)")
_KL_KKA = re.compile(r"[A-Z]{2}(?:\.\d{1,3}){1,3}")
# A token that may be a letter number: a 3-character code segment, then at least two "/" segments.
_CANDIDATE = re.compile(r"(?<![\w/.])(?:(?:SR|R|T|B)-)?[0-9OIl]{3}(?:[.,][0-9OIl]{1,3}){0,3}(?:\s*/\s*[\w.()-]+){2,5}")


def normalise_number(text: str) -> str:
    """Return ``text`` with spaces around ``/`` removed, whitespace collapsed and trailing punctuation dropped.

    Eastern (Arabic-Indic) digits become ASCII digits, a Roman month misread by OCR ("1X", "TX", "V11") is
    restored, and a Hijri year printed after the Gregorian one ("/2020/1441 H") is dropped.
    """
    text = "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in text)
    text = re.sub(r"\s*/\s*", "/", text.strip())
    text = re.sub(r"\s+", " ", text)
    text = text.strip(" .,;:")
    segments = [".".join(_roman_month(part) for part in segment.split(".")) for segment in text.split("/")]
    if len(segments) >= 3 and _HIJRI.fullmatch(segments[-1]) and _YEAR.fullmatch(segments[-2]):
        segments = segments[:-1]
    return "/".join(segments)


_HIJRI = re.compile(r"14\d{2}(?:\s*H\.?)?")
_ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_ROMANISH = re.compile(r"[IVXTl1|]{1,4}")


def _roman_month(segment: str) -> str:
    """Return a Roman month with OCR's misreadings fixed ("1X" -> "IX"); other segments unchanged."""
    if not _ROMANISH.fullmatch(segment) or not re.search("[VX]", segment) or segment in _ROMAN_MONTHS:
        return segment
    fixed = re.sub(r"[Tl1|]", "I", segment)
    return fixed if fixed in _ROMAN_MONTHS else segment


def _digits(segment: str) -> str:
    """Return a code segment with OCR look-alikes mapped to digits and "," read as "."."""
    return re.sub(r"\s+", "", segment).translate(_DIGIT_LOOKALIKES).replace(",", ".")


def _as_kka(segment: str) -> tuple[str, bool] | None:
    """Return the KKA in ``segment`` (and whether OCR fixes were needed), or ``None`` if it is none."""
    if _KKA.fullmatch(segment):
        return segment, False
    fixed = _digits(segment)
    if _KKA.fullmatch(fixed) and sum(c.isdigit() for c in segment) >= 2:
        return fixed, True
    return None


def _as_code(segment: str, pattern: re.Pattern[str]) -> tuple[str, bool] | None:
    """Return ``segment`` as a digits-only value matching ``pattern`` (after OCR fixes), or ``None``."""
    if pattern.fullmatch(segment):
        return segment, False
    fixed = _digits(segment)
    if pattern.fullmatch(fixed) and any(c.isdigit() for c in segment):
        return fixed, True
    return None


def parse_letter_number(text: str) -> LetterNumber | None:
    """Return the parts of a letter number, or ``None`` when ``text`` does not look like one.

    Pemda style: ``KKA/serial[/unit...][/year]``, e.g. ``188.4 /284 /427.43 /2018`` or ``000.8.3.3/15/OR``.
    K/L style: ``SR|R|T|B-serial/position/KKA/month/year``, e.g. ``R-99/IJ/KP.07.6/04/2020``.
    """
    text = normalise_number(text)
    segments = text.split("/")
    if len(segments) < 2 or any(not s for s in segments):
        return None
    head = _KL_HEAD.fullmatch(segments[0])
    if head:
        return _parse_kl(segments, head)
    return _parse_pemda(segments)


def _parse_pemda(segments: list[str]) -> LetterNumber | None:
    """Return a ``KKA/serial/unit/year`` number; the unit may span several segments."""
    kka = _as_kka(segments[0])
    if kka is None:
        return None
    serial = _as_code(segments[1], re.compile(r"\d+"))
    serial_text, serial_fixed = serial if serial else (segments[1], False)
    rest = segments[2:]
    year = _as_code(rest[-1], _YEAR) if rest else None
    if year:
        rest = rest[:-1]
    corrected = kka[1] or serial_fixed or bool(year and year[1])
    parts = [kka[0], serial_text, *rest] + ([year[0]] if year else [])
    return LetterNumber(
        text="/".join(parts),
        kka=kka[0],
        serial=serial_text,
        unit="/".join(rest),
        year=int(year[0]) if year else None,
        corrected=corrected,
    )


def _parse_kl(segments: list[str], head: re.Match[str]) -> LetterNumber | None:
    """Return a K/L number such as ``R-99/IJ/KP.07.6/04/2020`` (KKA with letters, month and year)."""
    serial = _digits(head["serial"])
    year = _as_code(segments[-1], _YEAR) if len(segments) >= 3 else None
    month = _as_code(segments[-2], _MONTH) if year and len(segments) >= 4 else None
    body = segments[1 : len(segments) - (1 if year else 0) - (1 if month else 0)]
    kka_index = next((i for i, s in enumerate(body) if _KL_KKA.fullmatch(s) or _KKA.fullmatch(s)), None)
    if kka_index is None:
        return None
    kka = body[kka_index]
    unit = "/".join(body[:kka_index] + body[kka_index + 1 :])
    corrected = serial != head["serial"] or bool(year and year[1]) or bool(month and month[1])
    parts = [f"{head['security']}-{serial}", *body] + ([month[0]] if month else []) + ([year[0]] if year else [])
    return LetterNumber(
        text="/".join(parts),
        kka=kka,
        serial=serial,
        unit=unit,
        year=int(year[0]) if year else None,
        month=int(month[0]) if month else None,
        security=head["security"],
        style="kl",
        corrected=corrected,
    )


def find_letter_number(text: str) -> ExtractedField[str] | None:
    """Return the letter's own number from its ``Nomor :`` line, else the first number-like token.

    Confidence: label and clean parse 0.95; label with OCR fixes 0.75; label but no parse 0.5 (e.g.
    ``NOMOR 23 TAHUN 2020``); no label, a number-like token in the text 0.55; less when characters look
    misread.
    """
    for line in text.splitlines():
        label = label_of(line)
        if label is None or label[0] != "nomor":
            continue
        value = label[1]
        if not value:
            continue
        return _field_from_value(value, line)
    match = _CANDIDATE.search(text)
    if match is None:
        return None
    parsed = parse_letter_number(match.group())
    if parsed is None:
        return None
    return ExtractedField(parsed.text, 0.55, _line_of(text, match.start()), raw=match.group(), notes=("tanpa label",))


_NUMBER_END = re.compile(
    r"\s{2,}|\s+(?=(?:Kepada|Yth\b|Sifat\b|Lampiran\b|Hal\b|Perihal\b))|\s+(?=[A-Z][A-Za-z.'-]+(?:\s[A-Z][A-Za-z.'-]+)?,\s*\d)"
)


def number_text(value: str) -> str:
    """Return the letter number at the start of a ``Nomor`` value, without what a merged line added after it."""
    return normalise_number(_NUMBER_END.split(value.strip(), maxsplit=1)[0])


def _field_from_value(value: str, line: str) -> ExtractedField[str]:
    """Return the field for the value of a ``Nomor`` line, scored by how cleanly it parses.

    Numbers of other shapes (a university's, a company's: "UM/SISCO-BJM/261119.01") are kept as printed, less sure.
    """
    first = number_text(value)
    parsed = parse_letter_number(first) or parse_letter_number(first.split(" ")[0])
    if parsed is None:
        if "/" in first and not suspicion(first):
            return ExtractedField(first, 0.75, line.strip(), notes=("bentuk nomor bukan pola Pemda",))
        return ExtractedField(first, max(0.2, 0.5 - suspicion(first)), line.strip(), notes=("tidak terurai",))
    confidence, notes = 0.95, ()
    if parsed.corrected:
        confidence, notes = 0.75, ("huruf mirip angka dibetulkan",)
    confidence -= suspicion(parsed.unit)
    return ExtractedField(parsed.text, max(0.2, confidence), line.strip(), raw=value, notes=notes)


def find_references(text: str, *, exclude: str | None = None) -> list[ExtractedField[str]]:
    """Return letter numbers cited in ``text`` (not ``exclude``, the letter's own), in order, once each."""
    seen = {exclude} if exclude else set()
    found: list[ExtractedField[str]] = []
    for match in _CANDIDATE.finditer(text):
        parsed = parse_letter_number(match.group())
        if parsed is None or parsed.text in seen or parsed.year is None and parsed.unit == "":
            continue
        seen.add(parsed.text)
        confidence = (
            0.8 if re.search(r"nomor\s*:?\s*$", text[max(0, match.start() - 12) : match.start()], re.I) else 0.6
        )
        found.append(ExtractedField(parsed.text, confidence, _line_of(text, match.start()), raw=match.group()))
    return found


def _line_of(text: str, index: int) -> str:
    """Return the line of ``text`` that contains position ``index``."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    return text[start : end if end >= 0 else len(text)].strip()

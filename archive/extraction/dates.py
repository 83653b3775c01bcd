"""Indonesian dates: month names (with abbreviations and OCR variants), numeric forms, the place-and-date line."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, replace

from archive.extraction.text import canonical_label, label_of, strip_noise
from archive.extraction.types import ExtractedField

MONTHS: tuple[str, ...] = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
# Abbreviations and older or OCR-typical spellings, lower case, by month number.
_VARIANTS: dict[int, tuple[str, ...]] = {
    1: ("jan", "january", "djanuari"),
    2: ("feb", "peb", "pebruari", "febuari", "pebuari", "february"),
    3: ("mar", "march"),
    4: ("apr", "april"),
    5: ("may", "mel"),
    6: ("jun", "june"),
    7: ("jul", "july"),
    8: ("agu", "agt", "ags", "agust", "aug", "august", "agustur"),
    9: ("sep", "sept", "septembre"),
    10: ("okt", "oct", "october", "oktobcr"),
    11: ("nov", "nop", "nopember"),
    12: ("des", "dec", "december", "desembcr"),
}
MONTH_BY_NAME: dict[str, int] = {name.lower(): i for i, name in enumerate(MONTHS, start=1)} | {
    variant: month for month, variants in _VARIANTS.items() for variant in variants
}
WEEKDAYS = frozenset({"senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad"})

_DAY = r"(?<![\w.,/-])(?P<day>[0-3OIl]?[0-9OIl])"
_YEAR = r"(?P<year>[12][0-9OIl]{3})"
_NAMED = re.compile(_DAY + r"\s*[-.]?\s*(?P<month>[A-Za-z0][A-Za-z01]{2,9})\.?\s*[-.]?\s*" + _YEAR + r"(?!\d)")
_NUMERIC = re.compile(_DAY + r"(?P<sep>[-/.])(?P<month>[01]?[0-9])(?P=sep)" + _YEAR + r"(?!\d)")
_ISO = re.compile(r"(?<!\d)" + _YEAR + r"-(?P<month>[01][0-9])-(?P<day>[0-3][0-9])(?!\d)")
_PLACE_DATE = re.compile(r"^\s*(?P<place>[A-Z][A-Za-z.'-]*(?: [A-Z][A-Za-z.'-]*){0,3})\s*,\s*(?P<rest>.+?)\s*$")
# The comma after the place misread as a dot ("Malang. 6 April 2020"): the place then holds no dot of its own.
_PLACE_DOT_DATE = re.compile(r"^\s*(?P<place>[A-Z][A-Za-z'-]*(?: [A-Z][A-Za-z'-]*){0,3})\.\s+(?P<rest>\d.+?)\s*$")
_FIX = str.maketrans({"O": "0", "I": "1", "l": "1"})


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date found in text: where it starts and ends, its form, and whether the month was guessed."""

    date: datetime.date
    start: int
    end: int
    form: str
    fuzzy: bool = False


def month_number(word: str) -> tuple[int, bool] | None:
    """Return ``(month, fuzzy)`` for an Indonesian month name, abbreviation or OCR-misread spelling."""
    word = word.lower().strip(".").replace("0", "o").replace("1", "l")
    if word in MONTH_BY_NAME:
        return MONTH_BY_NAME[word], False
    if len(word) < 4:
        return None
    close = difflib.get_close_matches(word, [n for n in MONTH_BY_NAME if len(n) >= 4], n=1, cutoff=0.75)
    return (MONTH_BY_NAME[close[0]], True) if close else None


def _make(year: str, month: int, day: str) -> datetime.date | None:
    """Return the date, mapping OCR look-alikes in the digits, or ``None`` if it does not exist."""
    number = int(year.translate(_FIX))
    if not 1900 <= number <= 2099:
        return None
    try:
        return datetime.date(number, month, int(day.translate(_FIX)))
    except ValueError:
        return None


def find_dates(text: str) -> list[FoundDate]:
    """Return every date in ``text`` in order of position (named-month, day-first numeric and ISO forms)."""
    found: list[FoundDate] = []
    for match in _NAMED.finditer(text):
        month = month_number(match["month"])
        if month and (value := _make(match["year"], month[0], match["day"])):
            found.append(FoundDate(value, match.start(), match.end(), "named", fuzzy=month[1]))
    for pattern, form in ((_NUMERIC, "numeric"), (_ISO, "iso")):
        for match in pattern.finditer(text):
            if value := _make(match["year"], int(match["month"]), match["day"]):
                found.append(FoundDate(value, match.start(), match.end(), form))
    return sorted(found, key=lambda f: f.start)


def parse_date(text: str) -> datetime.date | None:
    """Return the date that ``text`` holds, allowing a leading place or weekday ("Rabu, 19 April 2023")."""
    dates = find_dates(text)
    return dates[0].date if dates else None


def parse_place_date(line: str) -> tuple[str, FoundDate] | None:
    """Return ``(place, date)`` for a line such as ``Lumajang, 12 Maret 2024``, else ``None``."""
    match = _PLACE_DATE.match(line)
    misread = match is None and (match := _PLACE_DOT_DATE.match(line)) is not None
    if match is None or match["place"].split()[-1].lower() in WEEKDAYS:
        return None
    if misread and canonical_label(match["place"]):  # "No. 12 ...", "Tgl. 5 ...": a label, not a place
        return None
    dates = [d for d in find_dates(match["rest"]) if d.date.year < 1400 or d.date.year > 1500]
    if not dates or dates[0].start > 2:
        return None
    rest = match["rest"][dates[0].end :].strip(" .")
    if rest and not _HIJRI_AFTER.fullmatch(rest):
        return None
    return match["place"].strip(), replace(dates[0], fuzzy=True) if misread else dates[0]


# A Hijri date printed beside the Gregorian one ("12 Maret 2024 M / 2 Ramadhan 1445 H"), or the "M" of Masehi.
_HIJRI_AFTER = re.compile(r"(?:M\.?)?\s*(?:[/|-]\s*)?(?:\d{1,2}\s+[A-Za-z' ]{3,20}\s+1[34]\d{2}\s*H?\.?)?", re.I)


def find_letter_date(text: str) -> tuple[ExtractedField[datetime.date], ExtractedField[str] | None] | None:
    """Return the letter's date and place: the place-and-date line, else ``Tanggal :``; never a cited date.

    ``text`` is the letter's own page (the head, then the signature block at its end, where many letters put the
    place and date). A date in the body's prose is the date of another document ("surat Saudara tanggal ...",
    "Peraturan ... tanggal ...") and is never taken: without the letter's own date the field stays empty.

    Confidence: place-and-date line 0.95 (0.85 below the body, beside the signature), the same at the end of
    another line 0.8, a ``Tanggal`` line 0.8; 0.1 less when the month name had to be guessed from a misreading.
    """
    lines = [strip_noise(line) for line in text.splitlines()]
    for line in lines:
        found = parse_place_date(line)
        if found:
            place, date = found
            confidence = 0.85 if date.fuzzy else 0.95
            return (
                ExtractedField(date.date, confidence, line.strip()),
                ExtractedField(place, confidence, line.strip()),
            )
    for line in lines:
        found = trailing_place_date(line)
        if found:
            place, date = found
            confidence = 0.7 if date.fuzzy else 0.8
            return ExtractedField(date.date, confidence, line), ExtractedField(place, confidence, line)
    for line in lines:
        label = label_of(line)
        if label and label[0] == "tanggal" and (dates := find_dates(label[1])):
            return ExtractedField(dates[0].date, 0.7 if dates[0].fuzzy else 0.8, line.strip()), None
    return None


def trailing_place_date(line: str) -> tuple[str, FoundDate] | None:
    """Return the place and date that end a line, as when a text layer merges "Nomor : ..." with the date.

    A birth place and date ("Tempat & Tgl Lahir : Japan, 1 Juli 1963") is a person's, not the letter's.
    """
    if re.search(r"lahir|tgl\.?\s*lhr", line, re.I):
        return None
    for gap in re.finditer(r"\s+(?=[A-Z])", line):
        found = parse_place_date(line[gap.end() :])
        if found:
            return found
    return None


def format_date(value: datetime.date, form: str) -> str:
    """Return ``value`` written in one of :data:`FORMS` (used by tests and by the review form)."""
    month = MONTHS[value.month - 1]
    writers = {
        "long": f"{value.day} {month} {value.year}",
        "long_padded": f"{value.day:02d} {month} {value.year}",
        "abbrev": f"{value.day} {month[:3]} {value.year}",
        "abbrev_dot": f"{value.day} {month[:3]}. {value.year}",
        "upper": f"{value.day} {month.upper()} {value.year}",
        "variant": f"{value.day} {_OLD_SPELLING.get(value.month, month)} {value.year}",
        "dash": f"{value.day:02d}-{value.month:02d}-{value.year}",
        "slash": f"{value.day:02d}/{value.month:02d}/{value.year}",
        "dot": f"{value.day:02d}.{value.month:02d}.{value.year}",
        "short_numeric": f"{value.day}/{value.month}/{value.year}",
        "iso": value.isoformat(),
        "place": f"Lumajang, {value.day} {month} {value.year}",
        "weekday": f"{_WEEKDAY_NAMES[value.weekday()]}, {value.day} {month} {value.year}",
    }
    return writers[form]


_OLD_SPELLING = {2: "Pebruari", 8: "Agt", 11: "Nopember"}
_WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
FORMS: tuple[str, ...] = (
    "long", "long_padded", "abbrev", "abbrev_dot", "upper", "variant", "dash", "slash", "dot",
    "short_numeric", "iso", "place", "weekday",
)  # fmt: skip

"""Find step durations in OCR'd Indonesian text: '10 menit', '1jam', '10 - 120 menit', 'S menit'."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from cms.durations import DAY, HOUR, MINUTE, WEEK
from cms.importers.types import Duration

# OCR reads a lone 5 as S and a lone 1 as I or l; trusted only right before a time unit.
_CONFUSABLE_DIGITS = {"S": "5", "s": "5", "I": "1", "l": "1", "O": "0", "o": "0"}
_DIGITS = r"\d+(?:[.,]\d+)?"
_NUMBER = rf"(?:{_DIGITS}|[SsIlOo](?![A-Za-z]))"
_RANGE_SEP = r"(?:-|–|—|s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?)"
_UNITS = {
    "menit": MINUTE,
    "mnt": MINUTE,
    "jam": HOUR,
    "hari": DAY,
    "minggu": WEEK,
    "pekan": WEEK,
}
_UNIT = r"(?P<unit>menit|mnt|jam|hari|minggu|pekan)(?:\s+kerja)?"
_PATTERN = re.compile(
    rf"(?<![\w.,])(?:(?P<low>{_DIGITS})\s*{_RANGE_SEP}\s*(?P<max>{_DIGITS})|(?P<value>{_NUMBER}))\s*{_UNIT}(?![A-Za-z])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DurationMatch:
    """A duration found in a line, with where it starts and ends (to split the line around it)."""

    duration: Duration
    start: int
    end: int


def _number(text: str) -> Decimal | None:
    text = _CONFUSABLE_DIGITS.get(text, text).replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def find_durations(text: str) -> list[DurationMatch]:
    """Return every duration written in ``text``, left to right; a range gives value and maximum."""
    found: list[DurationMatch] = []
    for match in _PATTERN.finditer(text):
        value = _number(match.group("low") or match.group("value"))
        if value is None:
            continue
        maximum = _number(match.group("max")) if match.group("max") else None
        if maximum is not None and maximum < value:
            value, maximum = maximum, value
        if maximum == value:
            maximum = None
        unit = _UNITS[match.group("unit").lower()]
        found.append(DurationMatch(Duration(value=value, unit=unit, maximum=maximum), match.start(), match.end()))
    return found


def parse_duration(text: str) -> Duration | None:
    """Return the first duration in ``text``, or None when none is written."""
    matches = find_durations(text)
    return matches[0].duration if matches else None

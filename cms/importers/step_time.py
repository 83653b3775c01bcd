"""A step's time as a Waktu cell prints it: '5 menit', '1 hari kerja', '1-3 jam', '30"' under 'Waktu (Menit)'."""

from __future__ import annotations

import re
from decimal import Decimal

from cms.durations import DAY, HOUR, MINUTE
from cms.importers.duration_text import find_durations
from cms.importers.types import Duration

_NUMBER_WORDS = re.compile(r"\(\s*[a-z ]+\s*\)", re.IGNORECASE)  # '10 (sepuluh) hari' -> '10 hari'
_BARE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:\"|''|”|“|menit\.?)?\s*$", re.IGNORECASE)
_HINT_UNITS = {"menit": MINUTE, "jam": HOUR, "hari": DAY}


def step_duration(text: str, *, unit_hint: str = "") -> Duration | None:
    """Return the time a Waktu cell states, or None when it states none in numbers ('Setiap saat').

    A bare number (also with a trailing ``"``, as some tables write minutes) takes the unit the column
    heading names ('Waktu (Menit)'); without such a heading a bare number is not a time.
    """
    text = (text or "").strip()
    if not text:
        return None
    found = find_durations(_NUMBER_WORDS.sub(" ", text))
    if found:
        return found[0].duration
    bare = _BARE.match(text)
    if bare and (unit_hint or text.rstrip().endswith(('"', "”"))):
        unit = _HINT_UNITS.get(unit_hint.lower(), MINUTE)
        return Duration(value=Decimal(bare.group(1).replace(",", ".")), unit=unit)
    return None

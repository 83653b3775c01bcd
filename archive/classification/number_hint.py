"""The classification code inside a letter number, taken only when it really is one, and mapped to 83/2022.

Many numbering systems open with a serial ("068/Wadir-III/PPI/V/2020", "1063/RSCH/X/2020"); a Pemda number opens
with the code, followed by the serial ("005/0570/VI.01/2022", "900.1.1/801/Umum-2025"). So the first segment is
read as a code only when its shape is a code's and the next segment is a serial (digits, or left blank to be
filled in by hand), and only when the code's title speaks of what the letter speaks of. Which scheme it belongs to
follows the letter's date against the office's cut-over; a legacy code is mapped through the crosswalk.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from archive.classification.crosswalk import BY_CONTENT, Crosswalk, read_crosswalk_csv
from archive.classification.scheme import CURRENT, LEGACY, Classification, ClassificationScheme, scheme_of
from archive.classification.titles import LetterTerms, agrees, filing_entries
from archive.extraction.types import LetterFields

_CODE_SHAPE = re.compile(r"\d{3}(?:\.\d{1,3}){0,3}")
_SERIAL = re.compile(r"\d{1,6}[A-Za-z]?|[._\-\s]*")


@dataclass(frozen=True, slots=True)
class NumberHint:
    """A code found in the number: as printed, the entry it names, the filing codes it leads to, and why."""

    printed: str
    entry: Classification
    targets: tuple[str, ...]
    agreeing_words: tuple[str, ...]
    note: str = ""

    @property
    def usable(self) -> bool:
        """Return whether the code may count as evidence: it leads somewhere and its title fits the letter."""
        return bool(self.targets) and bool(self.agreeing_words)


def code_in_number(fields: LetterFields) -> str | None:
    """Return the first segment of a Pemda-style number when its shape and position make it a code, else None."""
    parsed = fields.parsed_number
    if parsed is None or parsed.style != "pemda" or not _CODE_SHAPE.fullmatch(parsed.kka):
        return None
    if not _SERIAL.fullmatch(parsed.serial or ""):
        return None
    return parsed.kka


def schemes_for(code: str, letter_date: datetime.date | None, cutover: datetime.date | None) -> tuple[str, ...]:
    """Return the schemes to read ``code`` in, the one in force on the letter's date first."""
    if letter_date is not None and cutover is not None:
        return (LEGACY, CURRENT) if letter_date < cutover else (CURRENT, LEGACY)
    decided = scheme_of(code)
    return (decided, LEGACY if decided == CURRENT else CURRENT) if decided else (CURRENT, LEGACY)


def number_hint(
    fields: LetterFields,
    scheme: ClassificationScheme,
    terms: LetterTerms,
    *,
    cutover: datetime.date | None = None,
    crosswalk: Crosswalk | None = None,
) -> NumberHint | None:
    """Return what the code in the letter's number says (see the module docstring), or None when it has none."""
    code = code_in_number(fields)
    if code is None:
        return None
    letter_date = fields.date.value if fields.date is not None else None
    for name in schemes_for(code, letter_date, cutover):
        entry = _named(scheme, code, name)
        if entry is not None:
            targets, note = filing_targets(entry, scheme, crosswalk)
            return NumberHint(code, entry, targets, tuple(agrees(entry, scheme, terms)), note)
    return None


def _named(scheme: ClassificationScheme, code: str, name: str) -> Classification | None:
    """Return the entry ``code`` names in scheme ``name``: itself, or a parent below the main class."""
    entry = scheme.nearest(code, name)
    if entry is None or (entry.code != code and entry.level <= 1):
        return None
    return entry


def filing_targets(
    entry: Classification, scheme: ClassificationScheme, crosswalk: Crosswalk | None
) -> tuple[tuple[str, ...], str]:
    """Return the filing codes (83/2022 leaves with retention) an entry leads to, and a note on how."""
    if entry.scheme == CURRENT:
        if entry.final_disposition:
            return (entry.code,), ""
        below = tuple(e.code for e in filing_entries(scheme) if e.code.startswith(entry.code + "."))
        return below, ""
    row = (crosswalk or _shipped_crosswalk()).resolve(entry.code)
    if row is None:
        return (), f"kode {entry.code} belum mempunyai padanan di Permendagri 83/2022"
    if row.basis == BY_CONTENT:
        return (), row.note or "padanannya ditentukan oleh isi surat"
    return row.targets, ""


_SHIPPED: list[Crosswalk] = []


def _shipped_crosswalk() -> Crosswalk:
    """Return the crosswalk shipped with the app (when the caller has no reviewed copy from the database)."""
    if not _SHIPPED:
        _SHIPPED.append(read_crosswalk_csv())
    return _SHIPPED[0]

"""Pure extraction of letter fields from text: text in, frozen dataclasses out; no models, no database.

Dependency direction inside the package (keep it one way): ``types`` and ``text`` depend on nothing here;
``numbers`` and ``dates`` use them; ``letterhead`` and ``header`` use those; ``fields`` composes them all;
``evaluation`` only reads the results. Nothing here imports Django models, ``archive.classification`` or
other apps.
"""

from archive.extraction.dates import find_dates, find_letter_date, format_date, parse_date
from archive.extraction.fields import SIFAT_LABELS, extract_fields, normalise_sifat
from archive.extraction.numbers import find_letter_number, find_references, normalise_number, parse_letter_number
from archive.extraction.types import ExtractedField, LetterFields, LetterNumber

__all__ = [
    "SIFAT_LABELS",
    "ExtractedField",
    "LetterFields",
    "LetterNumber",
    "extract_fields",
    "find_dates",
    "find_letter_date",
    "find_letter_number",
    "find_references",
    "format_date",
    "normalise_number",
    "normalise_sifat",
    "parse_date",
    "parse_letter_number",
]

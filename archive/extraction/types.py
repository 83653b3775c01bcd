"""Frozen dataclasses returned by the extraction functions: text in, these out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")

# From this confidence on a reading is shown as sure (no check needed); the capture benchmark holds it to being
# right at least 95 % of the time on real letters.
SURE = 0.9


@dataclass(frozen=True, slots=True)
class ExtractedField(Generic[T]):
    """One value found in the text, how sure we are (0..1), and the line it came from.

    ``raw`` keeps the text as printed when ``value`` is normalised (sifat, a corrected letter number).
    ``notes`` say why the confidence is what it is, for the clerk who confirms or corrects the value.
    """

    value: T
    confidence: float
    source: str = ""
    raw: str | None = None
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be within 0..1, got {self.confidence}")


@dataclass(frozen=True, slots=True)
class LetterNumber:
    """A parsed letter number: the classification code (KKA), serial, unit part and year.

    ``style`` is ``"pemda"`` (``KKA/serial/unit/year``) or ``"kl"`` (``R-99/IJ/KP.07.6/04/2020``), where
    ``security`` is the SR/R/T/B prefix and ``kka`` may contain letters.
    """

    text: str
    kka: str
    serial: str
    unit: str = ""
    year: int | None = None
    month: int | None = None
    security: str | None = None
    style: str = "pemda"
    corrected: bool = False


@dataclass(frozen=True, slots=True)
class LetterFields:
    """The header fields of one letter; a field is ``None`` when nothing was found."""

    number: ExtractedField[str] | None = None
    date: ExtractedField[datetime.date] | None = None
    place: ExtractedField[str] | None = None
    sender: ExtractedField[str] | None = None
    subject: ExtractedField[str] | None = None
    sifat: ExtractedField[str] | None = None
    lampiran: ExtractedField[str] | None = None
    addressee: ExtractedField[str] | None = None
    addressee_place: ExtractedField[str] | None = None
    references: tuple[ExtractedField[str], ...] = field(default_factory=tuple)
    parsed_number: LetterNumber | None = None

    def values(self) -> dict[str, object]:
        """Return the plain values by field name (``references`` as a list of strings)."""
        names = ("number", "date", "place", "sender", "subject", "sifat", "lampiran", "addressee", "addressee_place")
        result: dict[str, object] = {
            name: (found.value if (found := getattr(self, name)) is not None else None) for name in names
        }
        result["references"] = [ref.value for ref in self.references]
        return result

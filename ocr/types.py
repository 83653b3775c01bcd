"""Plain dataclasses that the ocr package returns: bytes and paths in, these out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Method = Literal["text_layer", "ocr"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Upper bounds applied before any expensive work; ``None`` fields fall back to the settings."""

    max_bytes: int | None = None
    max_pages: int | None = None
    max_pixels: int | None = None


@dataclass(frozen=True, slots=True)
class FileType:
    """What the content says the file is (never the name)."""

    mime_type: str
    description: str
    kind: Literal["pdf", "tiff", "png", "jpeg", "webp", "heic"]


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised word and its box in the pixels of the upright page image."""

    text: str
    left: int
    top: int
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class RecognisedPage:
    """An engine's answer for one page image: text with line breaks and mean word confidence (0-100).

    ``words`` (with their boxes) let the searchable PDF be written without recognising the page again.
    """

    text: str
    confidence: float | None
    words: tuple[Word, ...] = ()


@dataclass(frozen=True, slots=True)
class PageText:
    """The text of one page (1-based ``number``) and how it was obtained."""

    number: int
    text: str
    confidence: float | None
    method: Method
    rotation: int = 0
    skew: float = 0.0
    blank: bool = False
    words: tuple[Word, ...] = ()
    image_path: str = ""  # the upright page image OCR read, kept for the searchable PDF (see extract_document)
    image_dpi: int = 0
    note: str = ""  # why the page was read as it was (a text layer that did not match, a photo flattened)


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """The result of :func:`ocr.extract.extract_document`."""

    mime_type: str
    description: str
    page_count: int
    pages: tuple[PageText, ...] = field(default_factory=tuple)
    declared_name: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """Return the pages' texts joined by form feeds (the corpus convention)."""
        return "\f".join(page.text for page in self.pages)

    @property
    def used_ocr(self) -> bool:
        """Return whether any page had to be recognised from an image."""
        return any(page.method == "ocr" for page in self.pages)

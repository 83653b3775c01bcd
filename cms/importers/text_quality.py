"""Judge a text layer: invisible direction controls to strip, and how much of it reads as real words."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

# Bidi embedding/override/isolate controls and marks: Google Docs wraps every word of some exports in them.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")
_TOKEN = re.compile(r"[A-Za-z]{3,}")


def strip_invisible(text: str) -> str:
    """Return ``text`` without zero-width and direction-control characters."""
    return _INVISIBLE.sub("", text)


def has_invisible(text: str) -> bool:
    return bool(_INVISIBLE.search(text))


@lru_cache(maxsize=1)
def _root_words() -> frozenset[str]:
    import Sastrawi

    path = Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt"
    return frozenset(line.strip().lower() for line in path.read_text().splitlines() if line.strip())


@lru_cache(maxsize=1)
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=20_000)
def is_known_word(token: str) -> bool:
    """Return whether ``token`` is an Indonesian word (its stem is a root word) or an acronym."""
    if token.isupper() and len(token) <= 6:
        return True
    lowered = token.lower()
    roots = _root_words()
    return lowered in roots or _stemmer().stem(lowered) in roots


def word_share(text: str) -> float:
    """Return the share of the text's letter tokens that are known words (1.0 for text without any)."""
    tokens = _TOKEN.findall(strip_invisible(text))
    if not tokens:
        return 1.0
    return sum(is_known_word(token) for token in tokens) / len(tokens)


_STRAY = re.compile(r"[<>\\|{}\[\]~^]")


def is_ocr_noise(text: str) -> bool:
    """Return whether a short value is OCR noise (a stamp or signature read as text): stray symbols such as
    '>' or '|' that no name, position or number carries, or fewer letters and digits than other marks."""
    marks = [ch for ch in text if not ch.isspace()]
    if not marks:
        return False
    plain = sum(ch.isalnum() for ch in marks)
    return len(_STRAY.findall(text)) >= 2 or plain < 0.7 * len(marks)


def letter_count(text: str) -> int:
    return sum(ch.isalpha() for ch in text)

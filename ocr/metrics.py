"""Text-accuracy metrics for OCR (the corpus convention): NFKC, collapsed whitespace, Levenshtein / len(truth)."""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Return ``text`` after Unicode NFKC with every whitespace run (form feeds included) as one space."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def levenshtein(a: str, b: str) -> int:
    """Return the edit distance between ``a`` and ``b`` (Myers/Hyyrö bit-parallel, exact)."""
    if len(a) < len(b):
        a, b = b, a
    m = len(b)
    if m == 0:
        return len(a)
    masks: dict[str, int] = {}
    for i, char in enumerate(b):
        masks[char] = masks.get(char, 0) | (1 << i)
    full = (1 << m) - 1
    top = 1 << (m - 1)
    plus, minus, score = full, 0, m
    for char in a:
        eq = masks.get(char, 0)
        xv = eq | minus
        xh = (((eq & plus) + plus) ^ plus) | eq
        ph = minus | ~(xh | plus)
        mh = plus & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = (ph << 1) | 1
        mh <<= 1
        plus = (mh | ~(xv | ph)) & full
        minus = ph & xv & full
    return score


def cer(hypothesis: str, truth: str) -> float:
    """Return the character error rate of ``hypothesis`` against ``truth``, both normalised first."""
    reference = normalise(truth)
    if not reference:
        return float(bool(normalise(hypothesis)))
    return levenshtein(normalise(hypothesis), reference) / len(reference)

"""How well a page text holds reference snippets (transcribed header lines): a CER without a full-text truth.

Each snippet is aligned with the best-matching stretch of the text (semi-global edit distance: free start and end
in the text), so reading order and the text around it do not count, only whether its characters were read.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ocr.metrics import normalise


def best_substring_distance(snippet: str, text: str) -> int:
    """Return the fewest edits turning ``snippet`` into some substring of ``text`` (both used as given)."""
    if not snippet:
        return 0
    if not text:
        return len(snippet)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    n = len(codes)
    offsets = np.arange(n + 1, dtype=np.int64)
    row = np.zeros(n + 1, dtype=np.int64)  # free start: an empty snippet matches anywhere
    for i, char in enumerate(snippet, start=1):
        cost = (codes != ord(char)).astype(np.int64)
        diagonal = row[:-1] + cost
        above = row + 1
        new = np.empty(n + 1, dtype=np.int64)
        new[0] = i
        new[1:] = np.minimum(diagonal, above[1:])
        # Insertions along the text: new[j] = min over k <= j of new[k] + (j - k).
        row = np.minimum.accumulate(new - offsets) + offsets
    return int(row.min())


def snippet_cer(text: str, snippets: Iterable[str]) -> float:
    """Return the summed best-match edits of ``snippets`` in ``text`` over their summed length (case-folded)."""
    haystack = normalise(text).casefold()
    edits = total = 0
    for snippet in snippets:
        needle = normalise(snippet).casefold()
        if needle:
            edits += best_substring_distance(needle, haystack)
            total += len(needle)
    return edits / total if total else 0.0

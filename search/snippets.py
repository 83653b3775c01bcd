"""Highlighted snippets for the Tantivy engine (Elasticsearch has its own highlighter, and falls back on these).

``snippet(text, terms)`` picks the window of about ``length`` characters holding the most matched words, escapes
it and wraps each matched word in ``<mark>``. A word matches when its analysed form (``search.text``) is one of
``terms``; a letter number matches by its key or any of its leading parts.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Set
from html import escape

from search.text import TOKEN_RE, cached_term, fold_aligned, nfc, number_prefixes, tokenize

ELLIPSIS = "…"


Judged = dict[str, tuple[tuple[int, int], ...]]


def _matches(text: str, terms: Set[str], judged: Judged | None = None) -> list[tuple[int, int]]:
    """Spans of ``text`` (NFC) whose words or numbers match ``terms``: a word by its analysed form, or as written
    (folded; the neighbours of a mistyped word are given that way). Each distinct token is judged once (``judged``:
    the verdicts so far, shared by the snippets of one page of hits for the same terms); only the tokens that match
    are then looked for in the text."""
    folded = fold_aligned(text)
    if judged is None:
        judged = {}
    matching = []
    for raw in set(TOKEN_RE.findall(folded)):
        inside = judged.get(raw)
        if inside is None:
            if raw.isalnum():  # most tokens: a plain word (inlined, this loop is the snippet's cost)
                term = cached_term(raw)
                inside = ((0, len(raw)),) if term is not None and (term in terms or raw in terms) else ()
            else:
                inside = _token_matches(raw, terms)
            judged[raw] = inside
        if inside:
            matching.append((raw, inside))
    spans = []
    for raw, inside in matching:
        position = folded.find(raw)
        while position != -1:
            if _is_token(folded, position, position + len(raw)):
                spans.extend((position + left, position + right) for left, right in inside)
            position = folded.find(raw, position + 1)
    spans.sort()
    return spans


def _is_token(folded: str, start: int, end: int) -> bool:
    """Whether ``folded[start:end]`` is a whole token of ``TOKEN_RE`` as ``finditer`` finds it."""
    if start > 0:
        before = folded[start - 1]
        if before.isalnum() or (before in "/.-" and start > 1 and folded[start - 2].isalnum()):
            return False
    match = TOKEN_RE.match(folded, start)
    return match is not None and match.end() == end


def _token_matches(raw: str, terms: Set[str]) -> tuple[tuple[int, int], ...]:
    """The spans inside one token (a word, or a hyphenated word or number) that match ``terms``."""
    if raw.isalnum():
        return ((0, len(raw)),) if _word_matches(raw, terms) else ()
    found = []
    for token in tokenize(raw):
        if token.is_number:
            hit = any(prefix in terms for prefix in number_prefixes(token.text))
        else:
            hit = _word_matches(token.text, terms)
        if hit:
            found.append((token.start, token.end))
    return tuple(found)


def _word_matches(word: str, terms: Set[str]) -> bool:
    term = cached_term(word)
    return term is not None and (term in terms or word in terms)


def _cut_left(text: str, start: int) -> int:
    """Move ``start`` right to the beginning of a word (unless it already is one)."""
    if start <= 0:
        return 0
    if text[start - 1].isspace():
        return start
    space = text.find(" ", start, start + 30)
    return space + 1 if space != -1 else start


def _cut_right(text: str, end: int) -> int:
    if end >= len(text):
        return len(text)
    space = text.rfind(" ", max(end - 30, 0), end)
    return space if space > 0 else end


def _best_window(spans: list[tuple[int, int]], length: int) -> tuple[int, int]:
    """Indexes [i, j) of the spans in the window of ``length`` characters holding the most of them."""
    starts = [s for s, _ in spans]
    best = (0, 1)
    for i, (start, _) in enumerate(spans):
        j = bisect.bisect_left(starts, start + length)
        while j > i + 1 and spans[j - 1][1] > start + length:
            j -= 1
        if j - i > best[1] - best[0]:
            best = (i, j)
    return best


def highlight(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out: list[str] = []
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(escape(text[position:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(escape(text[position:end]))
    return "".join(out)


def squash(text: str) -> str:
    return " ".join(nfc(text).split())


def snippet(
    text: str, terms: Iterable[str], length: int = 240, judged: Judged | None = None, squashed: bool = False
) -> str:
    """Escaped HTML: the densest window of ``text`` for ``terms`` with them in <mark>; "" when none occurs.
    ``squashed``: ``text`` is already NFC with single spaces (``squash``)."""
    text = text if squashed else squash(text)
    wanted = terms if isinstance(terms, Set) else {term for term in terms if term}
    if not text or not wanted:
        return ""
    spans = _matches(text, wanted, judged)
    if not spans:
        return ""
    i, j = _best_window(spans, length)
    inside = spans[i:j]
    used = inside[-1][1] - inside[0][0]
    margin = max((length - used) // 2, 0)
    start = _cut_left(text, max(inside[0][0] - margin, 0))
    if start > inside[0][0]:
        start = inside[0][0]
    end = _cut_right(text, min(max(start + length, inside[-1][1]), len(text)))
    if end < inside[-1][1]:
        end = inside[-1][1]
    html = highlight(text, inside, start, end)
    return (ELLIPSIS if start > 0 else "") + html + (ELLIPSIS if end < len(text) else "")


def leading(text: str, length: int = 240) -> str:
    """Escaped beginning of ``text`` (the snippet of a hit found without words)."""
    text = squash(text)
    if len(text) <= length:
        return escape(text)
    return escape(text[: _cut_right(text, length)]) + ELLIPSIS


def document_snippet(
    body: str, title: str, terms: Iterable[str], length: int = 240, judged: Judged | None = None, squashed: bool = False
) -> str:
    """The snippet of a hit: matched words of the body, else of the title, else the body's beginning. ``terms`` may
    be a set (then used as it is); ``judged`` carries verdicts from one hit's snippet to the next."""
    terms = terms if isinstance(terms, Set) else set(terms)
    if terms:
        for text in (body, title):
            html = snippet(text, terms, length, judged, squashed=squashed and text is body)
            if html:
                return html
    return leading(body or "", length)

"""Highlighted snippets for the Tantivy engine (Elasticsearch has its own highlighter, and falls back on these).

``snippet(text, terms)`` picks the window of about ``length`` characters holding the most matched words, escapes
it and wraps each matched word in ``<mark>``. A word matches when its analysed form (``search.text``) is one of
``terms``; a letter number matches by its key or any of its leading parts.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Set
from dataclasses import dataclass
from html import escape

from search.text import TOKEN_RE, cached_term, fold_aligned, nfc, number_prefixes, tokenize, typo_variants

ELLIPSIS = "…"


Judged = dict[str, tuple[tuple[int, int], ...]]

# Sastrawi finds a root inside its word whole, except a root that begins with a consonant: a nasal prefix may
# replace that letter ("menulis" -> "tulis", "memakai" -> "pakai"), an infix may stand behind it ("gemetar" ->
# "getar", "gemawang" -> "gawang"). The rest of the root is always there.
VOWELS_AND_DIGITS = frozenset("aiueo0123456789")


@dataclass(frozen=True)
class Marks:
    """What a page of snippets marks: ``terms`` (stems, number keys, words as written, the neighbours of mistyped
    words among them), and ``needles``: substrings of which every token matching ``terms`` holds one, so a text
    is searched for the needles (str.find) instead of tokenized whole; None when a term has no safe needle (then
    every token is judged)."""

    terms: frozenset[str]
    needles: tuple[str, ...] | None


def marks(terms: Iterable[str], typos: Iterable[str] = ()) -> Marks:
    """The marks of ``terms`` and of every word one edit away from each of ``typos`` (folded words as typed)."""
    wanted = {term for term in terms if term}
    needles: set[str] | None = set()
    for term in wanted:
        needle = _needle(term)
        if needle is None:
            needles = None
            break
        needles.add(needle)
    for word in typos:
        wanted |= typo_variants(word)
        if needles is not None and len(word) >= 4 and word.isascii() and word.isalnum():
            needles |= _typo_needles(word)
        else:
            needles = None
    return Marks(frozenset(wanted), None if needles is None else _fewest(needles))


def _needle(term: str) -> str | None:
    """A substring of every token ``term`` matches: by its stem (``stem(token) == term``: the token holds the root,
    or the root less its first consonant), as written, or as a letter number whose key or leading part is ``term``
    (the number's first segment)."""
    if "_" in term:
        term = term.split("_", 1)[0]
    if not term or not (term.isascii() and term.isalnum()):
        return None  # Sastrawi's normaliser may turn such a word into something that is not inside it
    return term if term[0] in VOWELS_AND_DIGITS or len(term) == 1 else term[1:]


def _typo_needles(word: str) -> set[str]:
    """Two substrings, one of which every word one edit away from ``word`` (and every word whose stem is one such)
    holds: an edit at or after ``half`` keeps ``word[:half]`` (less its first letter, which the stem's word may
    not hold), one before it keeps ``word[half + 1:]``."""
    half = len(word) // 2
    return {word[1:half], word[half + 1 :]}


def _fewest(needles: set[str]) -> tuple[str, ...]:
    """The needles less those holding another one (a text holding the longer holds the shorter)."""
    ordered = sorted(needles, key=len)
    kept: list[str] = []
    for needle in ordered:
        if not any(shorter in needle for shorter in kept):
            kept.append(needle)
    return tuple(kept)


def _matches(text: str, wanted: Marks, judged: Judged | None = None) -> list[tuple[int, int]]:
    """Spans of ``text`` (NFC) whose words or numbers match ``wanted.terms``: a word by its analysed form, or as
    written (folded; the neighbours of a mistyped word are given that way). Only the tokens around a needle are
    judged, each distinct one once (``judged``: the verdicts so far, shared by the snippets of one page of hits)."""
    folded = fold_aligned(text)
    if judged is None:
        judged = {}
    if wanted.needles is None:
        return _matches_every_token(folded, wanted.terms, judged)
    spans = []
    starts: set[int] = set()
    for needle in wanted.needles:
        position = folded.find(needle)
        while position != -1:
            # Most needles begin a word, or follow its first letter: no need to walk back
            if position == 0 or folded[position - 1] == " ":
                start = position
            elif position == 1 or (folded[position - 2] == " " and folded[position - 1].isalnum()):
                start = position - 1
            else:
                start = _token_start(folded, position)
            match = TOKEN_RE.match(folded, start)
            assert match is not None  # a needle is letters and digits: inside a token
            if start not in starts:
                starts.add(start)
                raw = match.group()
                inside = judged.get(raw)
                if inside is None:
                    inside = judged[raw] = _token_matches(raw, wanted.terms)
                spans.extend((start + left, start + right) for left, right in inside)
            position = folded.find(needle, match.end())
    spans.sort()
    return spans


def _token_start(folded: str, position: int) -> int:
    """Where the token of ``TOKEN_RE`` holding the letter or digit at ``position`` begins (as ``finditer`` cuts)."""
    start = position
    while start > 0:
        before = folded[start - 1]
        if before.isalnum():
            start -= 1
        elif before in "/.-" and start > 1 and folded[start - 2].isalnum():
            start -= 2
        else:
            break
    return start


def _matches_every_token(folded: str, terms: Set[str], judged: Judged) -> list[tuple[int, int]]:
    """``_matches`` judging every distinct token of the text (terms without a safe needle)."""
    matching = []
    for raw in set(TOKEN_RE.findall(folded)):
        inside = judged.get(raw)
        if inside is None:
            inside = judged[raw] = _token_matches(raw, terms)
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
    text: str, terms: Marks | Iterable[str], length: int = 240, judged: Judged | None = None, squashed: bool = False
) -> str:
    """Escaped HTML: the densest window of ``text`` for ``terms`` with them in <mark>; "" when none occurs.
    ``squashed``: ``text`` is already NFC with single spaces (``squash``)."""
    text = text if squashed else squash(text)
    wanted = terms if isinstance(terms, Marks) else marks(terms)
    if not text or not wanted.terms:
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
    body: str,
    title: str,
    terms: Marks | Iterable[str],
    length: int = 240,
    judged: Judged | None = None,
    squashed: bool = False,
) -> str:
    """The snippet of a hit: matched words of the body, else of the title, else the body's beginning. ``terms``:
    best the Marks of the page (``marks``, made once); ``judged`` carries verdicts from one hit's snippet to the
    next."""
    terms = terms if isinstance(terms, Marks) else marks(terms)
    if terms.terms:
        for text in (body, title):
            html = snippet(text, terms, length, judged, squashed=squashed and text is body)
            if html:
                return html
    return leading(body or "", length)

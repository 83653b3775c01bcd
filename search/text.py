"""Text analysis in Python for the engines: folding, tokens, Indonesian stop words and Sastrawi stems, letter numbers.

The same functions run when a document is indexed and when a question is asked, so both sides agree:
``analyze("Perekaman KTP-el di Panti")`` -> ``["rekam", "ktp", "el", "panti"]``.

Letter numbers ("005/123/427.43/2024", "B-12/KPU/2024") are kept whole: ``number_key`` folds one to its segments
joined by ``_`` ("005_123_427_43_2024") and ``number_prefixes`` lists its leading parts ("005", "005_123", ...), which
the engine indexes so that a number or its leading part finds the letter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import NamedTuple

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

# Function words of Indonesian letters (a short list on purpose: content words such as "bulan", "baru", "akhir",
# "kerja" that Sastrawi's long list drops are kept, a clerk searches by them).
STOP_WORDS = frozenset(
    """
    ada adalah adanya agar akan akankah aku amat anda antara apa apabila apakah atas atau ataupun bagai bagaimana
    bagi bahwa bahwasanya beberapa begitu belum bersama beserta bila bilamana boleh bukan buat dalam dan dapat dari
    daripada demi demikian dengan di dia dimana diri dong dua guna hal hanya harus hingga ia ialah ini itu jadi jika
    juga kalau kami kamu karena ke kemudian kepada kepadanya ketika kita lagi lah lain maka masih mereka meski
    mungkin namun nya oleh pada padahal para per pula pun saja saat sambil sampai sang sangat satu se sebagai
    sebelum sedang sehingga sejak seluruh semua sementara seperti serta sesuai setelah suatu sudah supaya tanpa
    tentang terhadap tersebut tetapi tidak untuk walau walaupun yaitu yakni yang
    """.split()
)

MIN_TYPO_LENGTH = 5  # words this long tolerate one typo

_WORD = r"[^\W_]+"
TOKEN_RE = re.compile(rf"{_WORD}(?:[/.\-]{_WORD})*")
ASCII_TOKEN_RE = re.compile(r"[0-9a-z]+(?:[/.\-][0-9a-z]+)*")  # TOKEN_RE on folded ASCII text, twice as fast
_SEGMENT_RE = re.compile(_WORD)
_DIGIT_RE = re.compile(r"\d")


class Token(NamedTuple):
    """One token of folded text: a word (``text`` is the folded word) or a letter number (``text`` its key)."""

    text: str
    is_number: bool
    start: int  # character offsets in ``nfc(text)``: folding keeps one character per character
    end: int


def fold(text: str) -> str:
    """Lower case without accents: ``"Pendidikán"`` -> ``"pendidikan"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = fold(ch)
    return folded if len(folded) == 1 else ch.lower()


def fold_aligned(text: str) -> str:
    """``fold`` keeping one character per character, so offsets in the result are offsets in ``text``."""
    if text.isascii():
        return text.lower()
    return "".join(ch.lower() if ch.isascii() else _fold_char(ch) for ch in text)


def number_key(text: str) -> str:
    """``"005/123/427.43/2024"`` -> ``"005_123_427_43_2024"``; ``""`` when there is no letter or digit."""
    return "_".join(_SEGMENT_RE.findall(fold(text)))


def number_prefixes(key: str) -> list[str]:
    """Leading parts of a number key, shortest first: ``"005_123_4"`` -> ``["005", "005_123", "005_123_4"]``."""
    parts = key.split("_") if key else []
    return ["_".join(parts[: i + 1]) for i in range(len(parts))]


def number_words(key: str) -> list[str]:
    """The words inside a number key (segments of 2+ letters, stop words left out), once each:
    ``"050_12_bappeda_2023"`` -> ``["bappeda"]``."""
    out: list[str] = []
    for part in key.split("_") if key else []:
        if len(part) >= 2 and part.isalpha() and part not in STOP_WORDS and part not in out:
            out.append(part)
    return out


def is_number(token: str) -> bool:
    """A token with separators and at least one digit is a letter number ("005/123", "12.06.2023")."""
    return bool(_DIGIT_RE.search(token)) and any(sep in token for sep in "/.-")


def tokenize(text: str) -> list[Token]:
    """Words and letter numbers of ``text`` in order, with their offsets. Hyphenated or dotted words without a
    digit ("KTP-el", "s.d.") are split into their words. Offsets refer to ``nfc(text)``."""
    folded = fold_aligned(nfc(text))
    out: list[Token] = []
    for match in TOKEN_RE.finditer(folded):
        raw = match.group()
        if raw.isalnum():
            out.append(Token(raw, False, match.start(), match.end()))
        elif is_number(raw):
            out.append(Token("_".join(_SEGMENT_RE.findall(raw)), True, match.start(), match.end()))
        else:
            for word in _SEGMENT_RE.finditer(raw):
                start = match.start() + word.start()
                out.append(Token(word.group(), False, start, word.end() + match.start()))
    return out


@lru_cache(maxsize=1)
def _stemmer():
    # Sastrawi's stemmer without its own cache (a dict that keeps every word ever stemmed): ``stem`` remembers
    # a bounded number of words itself.
    return StemmerFactory().create_stemmer().delegatedStemmer


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Sastrawi's root of a folded word ("perekaman" -> "rekam"); digits and very short words as they are."""
    if len(word) <= 3 or not word.isalpha():
        return word
    return _stemmer().stem(word) or word


def is_stop_word(word: str) -> bool:
    return word in STOP_WORDS


def analyze_word(word: str) -> str | None:
    """The indexed term of a folded word, or None for a stop word."""
    if word in STOP_WORDS:
        return None
    return stem(word)


def analyze(text: str) -> list[str]:
    """Indexed terms of ``text`` in order: stems of its words without stop words, and its letter numbers as keys."""
    return analyze_all(text)[0]


_TERMS: dict[str, str | None] = {}  # folded word -> its indexed term (None: a stop word), for the words met so far
_TERMS_LIMIT = 500_000


def cached_term(word: str) -> str | None:
    """``analyze_word`` of a folded word, remembered (indexing and snippets meet the same words again and again)."""
    try:
        return _TERMS[word]
    except KeyError:
        term = analyze_word(word)
        if len(_TERMS) < _TERMS_LIMIT:
            _TERMS[word] = term
        return term


def analyze_all(text: str) -> tuple[list[str], list[str], list[str]]:
    """One pass over ``text``: its terms (as ``analyze``), its letter-number keys, and its words that are not stop
    words (folded, as written). The tokens of ``tokenize`` without their offsets: what indexing needs, faster."""
    terms: list[str] = []
    numbers: list[str] = []
    words: list[str] = []
    for raw in TOKEN_RE.findall(fold_aligned(nfc(text))):
        if raw.isalnum():
            parts: list[str] = [raw]
        elif is_number(raw):
            key = "_".join(_SEGMENT_RE.findall(raw))
            terms.append(key)
            numbers.append(key)
            continue
        else:
            parts = _SEGMENT_RE.findall(raw)
        for word in parts:
            term = cached_term(word)
            if term is not None:
                terms.append(term)
                words.append(word)
    return terms, numbers, words


MAX_TERM = 100  # longer terms (a run of OCR noise) are cut: they would never be typed


class TokenAnalysis(NamedTuple):
    """What indexing takes from one token of folded text (``TOKEN_RE``), remembered per distinct token."""

    terms: str  # its indexed terms (as ``analyze``), joined by spaces; "" for a stop word
    number: str  # its letter-number key, "" for a word
    words: tuple[str, ...]  # its words a typo is measured against: not stop words, letters only, 4+ long


def _analyse_token(raw: str) -> TokenAnalysis:
    if raw.isalnum():
        parts: list[str] = [raw]
    elif is_number(raw):
        key = "_".join(_SEGMENT_RE.findall(raw))
        return TokenAnalysis(key[:MAX_TERM], key, ())
    else:
        parts = _SEGMENT_RE.findall(raw)
    terms, words = [], []
    for word in parts:
        term = cached_term(word)
        if term is not None:
            terms.append(term[:MAX_TERM])
            if MIN_TYPO_LENGTH - 1 <= len(word) <= MAX_TERM and word.isalpha():
                words.append(word)
    return TokenAnalysis(" ".join(terms), "", tuple(words))


class _Tokens(dict):
    """Token -> its TokenAnalysis, computed when first met (up to _TOKENS_LIMIT tokens are kept: letter numbers
    are mostly met once, and a worker should not keep them all)."""

    def __missing__(self, raw: str) -> TokenAnalysis:
        value = _analyse_token(raw)
        if len(self) < _TOKENS_LIMIT:
            self[raw] = value
        return value


_TOKENS = _Tokens()
_TOKENS_LIMIT = 200_000


class _Chunks(dict):
    """A run of folded ASCII text between spaces and punctuation other than ``/.-`` (bytes) -> the analysis of its
    tokens, merged: (terms joined by spaces, number keys, words). Computed when first met (up to _CHUNKS_LIMIT)."""

    def __missing__(self, chunk: bytes) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        tokens = [_TOKENS[raw] for raw in ASCII_TOKEN_RE.findall(chunk.decode("ascii"))]
        value = (
            " ".join(token.terms for token in tokens if token.terms),
            tuple(token.number for token in tokens if token.number),
            tuple(word for token in tokens for word in token.words),
        )
        if len(self) < _CHUNKS_LIMIT:
            self[chunk] = value
        return value


_CHUNKS = _Chunks()
_CHUNKS_LIMIT = 100_000
# Every ASCII byte that cannot be part of a token (anything but a-z, 0-9 and the separators /.-) -> a space.
_BOUNDARIES = bytes(byte if chr(byte) in "abcdefghijklmnopqrstuvwxyz0123456789/.-" else ord(" ") for byte in range(256))


def analyze_text(text: str) -> tuple[str, list[str], set[str]]:
    """``analyze_all`` for indexing, faster: the terms joined by spaces (each cut at MAX_TERM), the letter-number
    keys in order, and the set of words a typo is measured against. Folded ASCII text (most of it) is cut at
    spaces and punctuation by bytes.translate and split, and each distinct chunk is analysed once per process; a
    text is then a few passes of C (map, filter, join) over its chunks. Other text goes token by token."""
    folded = fold_aligned(nfc(text))
    if folded.isascii():
        parts = list(map(_CHUNKS.__getitem__, folded.encode("ascii").translate(_BOUNDARIES).split()))
        if not parts:
            return "", [], set()
        terms, numbers, words = zip(*parts, strict=True)
        return " ".join(filter(None, terms)), list(chain.from_iterable(numbers)), set(chain.from_iterable(words))
    analysed = list(map(_TOKENS.__getitem__, TOKEN_RE.findall(folded)))
    if not analysed:
        return "", [], set()
    terms, numbers, words = zip(*analysed, strict=True)
    return " ".join(filter(None, terms)), list(filter(None, numbers)), set(chain.from_iterable(words))


def clear_caches() -> None:
    """Forget every word, token and chunk analysed so far (benchmarks measuring a cold start)."""
    stem.cache_clear()
    _TERMS.clear()
    _TOKENS.clear()
    _CHUNKS.clear()


def typo_variants(word: str, alphabet: str = "abcdefghijklmnopqrstuvwxyz0123456789") -> set[str]:
    """Every string one edit away from ``word`` (a deletion, an insertion, a substitution or a swap of two
    neighbours: Damerau-Levenshtein distance 1), for looking up known words a typo may stand for."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in alphabet if c != b[0]}
    inserts = {a + c + b for a, b in splits for c in alphabet}
    return (deletes | swaps | replaces | inserts) - {word}


# --- questions -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clause:
    """One part of a question, all of which must match: a word (its stem; ``word`` the folded word for typo
    look-up), a quoted phrase (its stems in order) or a letter number (its key)."""

    kind: str  # "word", "phrase" or "number"
    terms: tuple[str, ...]
    word: str = ""


_QUOTED_RE = re.compile(r'"([^"]*)"?')


def parse_query(text: str) -> list[Clause]:
    """Split a question into clauses: quoted phrases, letter numbers, words (stop words dropped; a word given
    twice counts once)."""
    clauses: list[Clause] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()

    def add(clause: Clause) -> None:
        key = (clause.kind, clause.terms)
        if key not in seen:
            seen.add(key)
            clauses.append(clause)

    def words(part: str, phrase: bool) -> None:
        run: list[str] = []
        for token in tokenize(part):
            if token.is_number:
                if phrase and run:
                    add(Clause("phrase", tuple(run)) if len(run) > 1 else Clause("word", tuple(run)))
                    run = []
                add(Clause("number", (token.text,)))
                continue
            term = analyze_word(token.text)
            if term is None:
                continue
            if phrase:
                run.append(term)
            else:
                add(Clause("word", (term,), token.text))
        if phrase and run:
            add(Clause("phrase", tuple(run)) if len(run) > 1 else Clause("word", tuple(run)))

    position = 0
    for match in _QUOTED_RE.finditer(text):
        words(text[position : match.start()], phrase=False)
        words(match.group(1), phrase=True)
        position = match.end()
    words(text[position:], phrase=False)
    return clauses

"""Suggest the top classification codes for a letter, each with a score and the reasons, in Indonesian.

Evidence, strongest first: the KKA printed at the start of the letter number; the words of the scheme's own
titles found in the subject (weighted) and body; the probabilities of a classifier trained on confirmed
letters. Scores per code are combined as independent evidence: ``1 - prod(1 - s)``.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

from archive.classification.analysis import analyse, surface_words
from archive.classification.scheme import LEGACY, SCHEMES, Classification, ClassificationScheme, scheme_of
from archive.classification.train import TrainedModel
from archive.extraction.fields import split_regions
from archive.extraction.types import LetterFields

NUMBER_EXACT = 0.9
NUMBER_ANCESTOR = 0.7
OLD_474_EQUIVALENT = 0.45
TITLE_WEIGHT = 0.6
MODEL_WEIGHT = 1.0
SUBJECT_WEIGHT, BODY_WEIGHT, BODY_REPEATED_WEIGHT, STEM_ONLY_FACTOR = 1.0, 0.3, 0.5, 0.5

# The older village/kelurahan "474 Catatan Sipil" pattern (domain notes 1.2): accepted when parsing, never
# seeded. Each maps to its old-scheme (78/2012) and 83/2022 equivalents.
OLD_474: dict[str, tuple[str, str, str]] = {
    "474.1": ("Kelahiran", "472.11", "400.12.3.1"),
    "474.2": ("Perkawinan/Perceraian/Rujuk", "472.2", "400.12.3.2"),
    "474.3": ("Kematian", "472.12", "400.12.3.1"),
    "474.4": ("KTP", "471.13", "400.12.2"),
    "474.5": ("Kartu Keluarga", "471.14", "400.12.2"),
}
Key = tuple[str, str]  # (scheme, code)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested code: its title, a score in 0..1, and why (Indonesian, for the clerk)."""

    code: str
    title: str
    score: float
    reasons: tuple[str, ...]
    scheme: str


def suggest_codes(
    *,
    text: str,
    fields: LetterFields,
    scheme: ClassificationScheme,
    model: TrainedModel | None = None,
    k: int = 3,
    cutover: datetime.date | None = None,
) -> list[Suggestion]:
    """Return the ``k`` best codes for the letter, best first.

    ``cutover`` is the tenant's switch date to Permendagri 83/2022; with the letter date it settles codes
    that exist in both schemes and, without a number, which scheme's titles to search.
    """
    evidence: dict[Key, list[tuple[float, str]]] = {}
    kka_schemes = _from_number(fields, scheme, evidence, cutover)
    schemes = kka_schemes or _schemes_by_date(fields, cutover)
    _from_titles(text, fields, scheme, schemes, evidence)
    if model is not None:
        _from_model(text, model, scheme, schemes, evidence)
    ranked = sorted(evidence.items(), key=lambda item: (-_combine(item[1]), SCHEMES.index(item[0][0]), item[0][1]))
    suggestions = []
    for (scheme_name, code), parts in ranked[:k]:
        entry = scheme.get(code, scheme_name)
        reasons = tuple(reason for _, reason in sorted(parts, key=lambda p: -p[0]))
        title = entry.title if entry else ""
        suggestions.append(Suggestion(code, title, round(_combine(parts), 3), reasons, scheme_name))
    return suggestions


def _combine(parts: list[tuple[float, str]]) -> float:
    """Return the combined score of independent pieces of evidence."""
    return 1.0 - math.prod(1.0 - score for score, _ in parts)


def _add(evidence: dict[Key, list[tuple[float, str]]], entry: Classification, score: float, reason: str) -> None:
    """Record one piece of evidence for ``entry``."""
    evidence.setdefault((entry.scheme, entry.code), []).append((min(max(score, 0.0), 0.99), reason))


def _schemes_by_date(fields: LetterFields, cutover: datetime.date | None) -> tuple[str, ...]:
    """Return the scheme the letter date points to (given a cut-over), else both."""
    if fields.date is not None and cutover is not None:
        return (LEGACY,) if fields.date.value < cutover else (SCHEMES[0],)
    return SCHEMES


def _from_number(
    fields: LetterFields,
    scheme: ClassificationScheme,
    evidence: dict[Key, list[tuple[float, str]]],
    cutover: datetime.date | None,
) -> tuple[str, ...]:
    """Add the evidence of the KKA in the letter number; return the schemes it belongs to (empty if none)."""
    parsed = fields.parsed_number
    if parsed is None or not re.fullmatch(r"\d{3}(?:\.\d+)*", parsed.kka):
        return ()
    kka = parsed.kka
    on = fields.date.value if fields.date else None
    decided = scheme_of(kka, on=on, cutover=cutover)
    candidates = (decided,) if decided else tuple(s for s in SCHEMES if scheme.nearest(kka, s))
    both = len(candidates) > 1 and all(scheme.get(kka, s) for s in candidates)
    for name in candidates:
        entry = scheme.nearest(kka, name)
        if entry is None:
            continue
        if entry.code == kka:
            note = " (kode ada di kedua skema; tanggal surat yang menentukan)" if both else ""
            _add(evidence, entry, NUMBER_EXACT, f"Kode {kka} tertulis pada nomor surat{note}")
        else:
            reason = f"Kode {kka} pada nomor surat tidak ada di skema; induk terdekat {entry.code}"
            _add(evidence, entry, NUMBER_ANCESTOR, reason)
    _old_474(kka, scheme, evidence, candidates)
    return tuple(c for c in candidates if c)


def _old_474(
    kka: str, scheme: ClassificationScheme, evidence: dict[Key, list[tuple[float, str]]], schemes: tuple[str, ...]
) -> None:
    """Offer the equivalent of an old village-style 474.x code (474.1 Kelahiran -> 472.11) as an alternative."""
    head = ".".join(kka.split(".")[:2])
    if head not in OLD_474 or LEGACY not in schemes:
        return
    meaning, legacy_code, current_code = OLD_474[head]
    for code, name in ((legacy_code, LEGACY), (current_code, SCHEMES[0])):
        entry = scheme.nearest(code, name)
        if entry is not None:
            reason = f"Pada pola lama desa/kelurahan, {head} berarti {meaning}; padanannya {entry.code}"
            _add(evidence, entry, OLD_474_EQUIVALENT if name == LEGACY else OLD_474_EQUIVALENT - 0.1, reason)


@dataclass(frozen=True, slots=True)
class _TitleIndex:
    """Stems of every title, their inverse document frequency, and the title word each stem came from."""

    stems: dict[Key, frozenset[str]]
    words: dict[Key, dict[str, str]]
    idf: dict[str, float]


@functools.lru_cache(maxsize=4)
def _title_index(scheme: ClassificationScheme) -> _TitleIndex:
    """Return the title index of ``scheme`` (built once per loaded scheme)."""
    stems: dict[Key, frozenset[str]] = {}
    words: dict[Key, dict[str, str]] = {}
    for entry in scheme:
        surface = {}
        for word in re.findall(r"[A-Za-z]+", entry.title):
            for token in analyse(word):
                surface.setdefault(token, word.lower())
        stems[(entry.scheme, entry.code)] = frozenset(surface)
        words[(entry.scheme, entry.code)] = surface
    frequency = Counter(token for tokens in stems.values() for token in tokens)
    idf = {token: math.log(len(stems) / count) + 1.0 for token, count in frequency.items()}
    return _TitleIndex(stems, words, idf)


@dataclass(frozen=True, slots=True)
class _LetterTerms:
    """The subject's stems, the body's stem counts, and every word as written (lower case)."""

    subject: set[str]
    body: Counter[str]
    words: set[str]


def _letter_terms(text: str, fields: LetterFields) -> _LetterTerms:
    """Return the letter's terms; signature blocks and table headings (upper-case lines) are left out."""
    subject_text = fields.subject.value if fields.subject else ""
    body_text = "\n".join(line for line in split_regions(text).body.splitlines() if not _is_heading(line))
    words = surface_words(f"{subject_text}\n{body_text}")
    return _LetterTerms(set(analyse(subject_text)), Counter(analyse(body_text)), words)


def _is_heading(line: str) -> bool:
    """Return whether ``line`` is upper case (a signature block or table heading, not prose)."""
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _from_titles(
    text: str,
    fields: LetterFields,
    scheme: ClassificationScheme,
    schemes: tuple[str, ...],
    evidence: dict[Key, list[tuple[float, str]]],
) -> None:
    """Add evidence for codes whose title words appear in the subject (full weight) or the body (less)."""
    index = _title_index(scheme)
    terms = _letter_terms(text, fields)
    present = terms.subject | terms.body.keys()
    scored = []
    for key, stems in index.stems.items():
        if key[0] not in schemes or not stems or not (stems & present):
            continue
        score, matched = _title_score(stems, terms, index.words[key], index.idf)
        scored.append((score, key, matched))
    for score, key, matched in sorted(scored, reverse=True)[:25]:
        entry = scheme.get(key[1], key[0])
        if entry is not None and score > 0.05:
            shown = ", ".join(index.words[key][stem] for stem in matched)
            _add(evidence, entry, TITLE_WEIGHT * score, f"Judul kode cocok: {shown}")


def _title_score(
    stems: frozenset[str], terms: _LetterTerms, surface: dict[str, str], idf: dict[str, float]
) -> tuple[float, list[str]]:
    """Return how well a title is covered by the letter (0..1) and the matched stems, rarest first.

    A stem counts fully in the subject and less in the body; it counts half when only the stem matches and
    not the word as written ("undangan" and "Undang-Undang" share the stem "undang").
    """
    total = sum(idf[s] for s in stems)
    weights = {
        s: (SUBJECT_WEIGHT if s in terms.subject else BODY_REPEATED_WEIGHT if terms.body[s] >= 2 else BODY_WEIGHT)
        * (1.0 if surface[s] in terms.words else STEM_ONLY_FACTOR)
        for s in stems
        if s in terms.subject or terms.body[s]
    }
    covered = sum(idf[s] * w for s, w in weights.items())
    strength = 1.0 - math.exp(-covered / 4.0)
    matched = sorted(weights, key=lambda s: -idf[s])
    return (covered / total) * strength, matched


def _from_model(
    text: str,
    model: TrainedModel,
    scheme: ClassificationScheme,
    schemes: tuple[str, ...],
    evidence: dict[Key, list[tuple[float, str]]],
) -> None:
    """Add the trained classifier's probabilities for codes that exist in the letter's scheme(s)."""
    for code, probability in model.predict(text, k=5):
        entry = next((e for name in schemes if (e := scheme.get(code, name))), None)
        if entry is None or probability < 0.05:
            continue
        shown = f"{probability:.2f}".replace(".", ",")
        _add(evidence, entry, MODEL_WEIGHT * probability, f"Model dari {model.n_examples} surat terkonfirmasi: {shown}")

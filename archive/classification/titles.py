"""Match a letter's words against the titles of the codes a letter can be filed under (83/2022 leaves with a
retention), each title read with its parents' titles ("Penyelenggaraan Diklat" under "PENDIDIKAN DAN PELATIHAN").
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

from archive.classification.analysis import analyse, joined, spelled_out, surface_words
from archive.classification.scheme import CURRENT, Classification, ClassificationScheme

# Words every letter and every letterhead is full of: they say little about the subject, so they count for less
# (a title word met only as one of these never decides a suggestion alone).
GENERIC = frozenset(
    analyse(
        "surat data kecamatan kelurahan kabupaten kota provinsi desa daerah pemerintah pemerintahan kegiatan "
        "pelaksanaan kantor dinas badan umum lainnya nasional informasi program bidang bagian unit wilayah "
        "penyampaian permohonan pemberitahuan tindak lanjut terkait sehubungan undangan ralat"
    )
)
GENERIC_FACTOR = 0.25
OWN, PARENT, GRANDPARENT = 1.0, 0.5, 0.25
# A leaf title met under several parents ("Industri Manufaktur", "Perencanaan Teknis") names its subject through
# its parent's title: both count alike.
RECURRING = (0.75, 0.75)
SUBJECT_WEIGHT, BODY_WEIGHT, BODY_REPEATED_WEIGHT, STEM_ONLY_FACTOR = 1.0, 0.3, 0.5, 0.5


@dataclass(frozen=True, slots=True)
class TitleIndex:
    """Per filing code: its weighted title stems and the words they came from; inverse frequencies of the stems."""

    terms: dict[str, dict[str, float]]
    words: dict[str, dict[str, str]]
    idf: dict[str, float]
    policy: frozenset[str] = frozenset()  # the codes of a field's policy ("Kebijakan di Bidang ...")


@functools.lru_cache(maxsize=4)
def title_index(scheme: ClassificationScheme) -> TitleIndex:
    """Return the index of the current scheme's leaf codes that carry a retention (built once per scheme).

    A stem's weight adds up along the lineage: "tanah" in "Fasilitasi Pengadaan Tanah" under "PERTANAHAN" weighs
    more than the same title under "TRANSMIGRASI", so the branch that speaks of the subject wins.
    """
    terms: dict[str, dict[str, float]] = {}
    words: dict[str, dict[str, str]] = {}
    entries = filing_entries(scheme)
    recurring = Counter(" ".join(e.title.lower().split()) for e in entries)
    for entry in entries:
        weights: dict[str, float] = {}
        surface: dict[str, str] = {}
        lineage = scheme.lineage(entry)
        own, parent = (OWN, PARENT) if recurring[" ".join(entry.title.lower().split())] < 2 else RECURRING
        for weight, source in ((own, [entry]), (parent, lineage[-1:]), (GRANDPARENT, lineage[-2:-1])):
            for item in source:
                for stem, word in _stems(item.title):
                    weights[stem] = weights.get(stem, 0.0) + weight
                    surface.setdefault(stem, word)
        terms[entry.code], words[entry.code] = weights, surface
    frequency = Counter(stem for stems in terms.values() for stem in stems)
    idf = {stem: math.log(len(terms) / count) + 1.0 for stem, count in frequency.items()}
    policy = frozenset(e.code for e in entries if analyse(e.title)[:1] == [POLICY_STEM])
    return TitleIndex(terms, words, idf, policy)


def _stems(title: str) -> list[tuple[str, str]]:
    """Return each distinct stem of a title with the word it came from.

    An abbreviation's spelled-out words are words of the title too ("Diklat" gives "pendidikan", "pelatihan"),
    so a letter that writes "pelatihan" in full meets them as written.
    """
    found: dict[str, str] = {}
    for word in re.findall(r"[a-z]+", joined(title)):
        for part in reversed(spelled_out(word)):  # the spelled-out words first: they name the stems
            for stem in analyse(part):
                found.setdefault(stem, part)
    return list(found.items())


def filing_entries(scheme: ClassificationScheme) -> list[Classification]:
    """Return the current leaf codes that carry a retention: the only codes suggestions offer."""
    return [e for e in scheme.entries(CURRENT) if e.final_disposition]


@dataclass(frozen=True, slots=True)
class LetterTerms:
    """The stems of the subject, the counted stems of the body, and every word as written (lower case)."""

    subject: set[str]
    body: Counter[str]
    words: set[str]
    sender: set[str] = frozenset()  # type: ignore[assignment]

    @property
    def present(self) -> set[str]:
        return self.subject | set(self.body) | set(self.sender)


def letter_terms(subject: str, body: str, sender: str = "") -> LetterTerms:
    """Return the terms of a letter's subject (or TENTANG title), of its body, and of its sender's name.

    The sender's name says which field it works in ("Badan Pengembangan Sumber Daya Manusia", "Direktorat
    Jenderal Industri ..."): weak evidence, like a word met once in the body.
    """
    words = surface_words(f"{subject}\n{body}\n{sender}")
    return LetterTerms(set(analyse(subject)), Counter(analyse(body)), words, set(analyse(sender)) - GENERIC)


def content_weight(stem: str, terms: LetterTerms, index: TitleIndex, code: str) -> float:
    """Return how strongly the letter holds ``stem``: subject > repeated in the body > once in the body."""
    if stem in terms.subject:
        weight = SUBJECT_WEIGHT
    elif terms.body[stem] >= 2:
        weight = BODY_REPEATED_WEIGHT
    elif terms.body[stem] or stem in terms.sender:
        weight = BODY_WEIGHT
    else:
        return 0.0
    if index.words[code][stem] not in terms.words:
        weight *= STEM_ONLY_FACTOR  # "undangan" and "Undang-Undang" share only the stem
    return weight * (GENERIC_FACTOR if stem in GENERIC else 1.0)


def title_score(code: str, terms: LetterTerms, index: TitleIndex) -> tuple[float, list[str]]:
    """Return how strongly the letter speaks of the code's titles (0..1) and the matched words, strongest first.

    BM25-like: the matched stems' rarity times their weight in the titles and in the letter, softly normalised by
    the titles' length (a long descriptive title is not punished for the words a letter leaves out).
    """
    weights = index.terms[code]
    matched = {s: content_weight(s, terms, index, code) for s in weights if s in terms.present}
    matched = {s: w for s, w in matched.items() if w > 0}
    if not matched or all(s in GENERIC for s in matched):
        return 0.0, []
    length = sum(weights.values())
    covered = sum(index.idf[s] * min(weights[s], 1.5) * w for s, w in matched.items())
    covered /= 1.0 - LENGTH_B + LENGTH_B * length / AVERAGE_TITLE
    if code in index.policy and POLICY_STEM not in terms.present:
        covered *= POLICY_FACTOR  # "Kebijakan di Bidang Pekerjaan Umum" for a letter on road works, not on policy
    order = sorted(matched, key=lambda s: -index.idf[s] * weights[s] * matched[s])
    return 1.0 - math.exp(-covered / SATURATION), [index.words[code][s] for s in order]


LENGTH_B = 0.4
# Each field has a code for its policy, titled with the field's name: it needs a letter that speaks of policy.
POLICY_STEM, POLICY_FACTOR = "bijak", 0.5
AVERAGE_TITLE = 6.0
SATURATION = 8.0


def best_titles(
    terms: LetterTerms, index: TitleIndex, *, within: tuple[str, ...] | None = None, limit: int = 25
) -> list[tuple[float, str, list[str]]]:
    """Return ``(score, code, matched words)`` of the best-covered codes (only those in ``within`` if given)."""
    present = terms.present
    scored = []
    for code, weights in index.terms.items():
        if within is not None and code not in within:
            continue
        if not present & weights.keys():
            continue
        score, words = title_score(code, terms, index)
        if score > 0.0:
            scored.append((score, code, words))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return scored[:limit]


def agrees(entry: Classification, scheme: ClassificationScheme, terms: LetterTerms) -> list[str]:
    """Return the words of a code's title (or its parents') that the letter also holds; empty when none do.

    A code printed in the number counts only when its subject is the letter's: a serial that happens to look
    like a code ("068", "517") names a subject the letter does not speak of.
    """
    found: list[str] = []
    for item in [*scheme.lineage(entry)[-2:], entry]:
        for word in re.findall(r"[a-z]+", joined(item.title)):
            stems = [s for s in analyse(word) if s not in GENERIC]
            if stems and any(s in terms.present for s in stems) and word not in found:
                found.append(word)
    return found

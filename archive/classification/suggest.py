"""Suggest the top classification codes for a letter, each with a score and the reasons, in Indonesian.

Every suggestion is a leaf code of Permendagri 83/2022 that carries a retention, so that the letter can be filed
and kept by the schedule. Evidence: the code in the letter number, when it really is a code whose subject is the
letter's (legacy codes mapped through the crosswalk, see :mod:`archive.classification.number_hint`); the words of
the codes' titles found in the subject (or the TENTANG title) and the body; the probabilities of a classifier
trained on confirmed letters. Scores per code are combined as independent evidence: ``1 - prod(1 - s)``.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass

from archive.classification.content import body_lines, letter_parts, matter_phrases
from archive.classification.correspondents import correspondent_code
from archive.classification.crosswalk import Crosswalk
from archive.classification.number_hint import NumberHint, filing_targets, number_hint
from archive.classification.scheme import CURRENT, LEGACY, ClassificationScheme
from archive.classification.titles import LetterTerms, TitleIndex, best_titles, letter_terms, title_index
from archive.classification.train import TrainedModel
from archive.extraction.types import LetterFields

NUMBER_WEIGHT = 0.8  # the number's code, title agreeing, mapped to its best filing code (less for the next ones)
NUMBER_STEP = 0.12
TITLE_WEIGHT = 0.6
BRANCH_BONUS = 1.5  # title matches inside the branch the number's code names
MODEL_WEIGHT = 1.0


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested code: its title, a score in 0..1, and why (Indonesian, for the clerk).

    ``number_code`` is the code as printed in the letter number when that code was part of the evidence.
    """

    code: str
    title: str
    score: float
    reasons: tuple[str, ...]
    scheme: str
    number_code: str | None = None


Evidence = dict[str, list[tuple[float, str]]]


def suggest_codes(
    *,
    text: str,
    fields: LetterFields,
    scheme: ClassificationScheme,
    model: TrainedModel | None = None,
    k: int = 3,
    cutover: datetime.date | None = None,
    crosswalk: Crosswalk | None = None,
) -> list[Suggestion]:
    """Return the ``k`` best filing codes for the letter, best first (see the module docstring).

    ``cutover`` is the office's switch date to Permendagri 83/2022: with the letter's date it says which scheme the
    number's code belongs to. ``crosswalk`` is the reviewed crosswalk (default: the one shipped with the app).
    """
    terms = letter_content_terms(text, fields)
    index = title_index(scheme)
    evidence: Evidence = {}
    hint = number_hint(fields, scheme, terms, cutover=cutover, crosswalk=crosswalk)
    if hint is not None and hint.usable:
        _from_number(hint, evidence)
    relation = _from_correspondent(text, fields, evidence)
    branch = hint.targets if hint is not None and hint.usable else ()
    _from_titles(terms, index, evidence, branch=branch, also=relation)
    if model is not None:
        _from_model(text, model, scheme, evidence, crosswalk)
    return _ranked(evidence, scheme, hint, k)


def _from_correspondent(text: str, fields: LetterFields, evidence: Evidence) -> tuple[str, ...]:
    """Add the relation code of the kind of body that wrote the letter (a weak fallback, see correspondents)."""
    head = "\n".join(letter_parts(text)[0][:8])
    sender = fields.sender.value if fields.sender else ""
    found = correspondent_code(f"{sender}\n{head}")
    if found is None:
        return ()
    _add(evidence, *found)
    return (found[0],)


def letter_content_terms(text: str, fields: LetterFields) -> LetterTerms:
    """Return the letter's terms: its subject, and its body without headings and signature blocks."""
    subject = fields.subject.value if fields.subject else ""
    body = body_lines(text)
    matter = "\n".join([subject, *matter_phrases(body)])
    return letter_terms(matter, body, fields.sender.value if fields.sender else "")


def _add(evidence: Evidence, code: str, score: float, reason: str) -> None:
    evidence.setdefault(code, []).append((min(max(score, 0.0), 0.99), reason))


def _from_number(hint: NumberHint, evidence: Evidence) -> None:
    """Add the evidence of a code printed in the number, on the filing codes it leads to (best first)."""
    source = hint.entry
    kind = "pola lama 78/2012" if source.scheme == LEGACY else "Permendagri 83/2022"
    words = ", ".join(hint.agreeing_words)
    printed = hint.printed if hint.printed == source.code else f"{hint.printed} (induk terdekat {source.code})"
    for rank, code in enumerate(hint.targets[:3]):
        if source.scheme == LEGACY:
            reason = (
                f"Kode {printed} pada nomor surat ({kind}: {source.title}); padanannya di Permendagri 83/2022 "
                f"menurut tabel padanan; judulnya sesuai isi surat: {words}"
            )
        elif code == source.code:
            reason = f"Kode {printed} tertulis pada nomor surat ({kind}); judulnya sesuai isi surat: {words}"
        else:
            reason = f"Kode {printed} pada nomor surat ({source.title}) berada di atas kode ini; judul sesuai: {words}"
        _add(evidence, code, NUMBER_WEIGHT - NUMBER_STEP * rank, reason)


def _from_titles(
    terms: LetterTerms, index: TitleIndex, evidence: Evidence, *, branch: tuple[str, ...], also: tuple[str, ...] = ()
) -> None:
    """Add evidence for codes whose title words appear in the subject (full weight) or the body (less).

    The best-covered codes overall are scored, and those of the number's branch and ``also`` in any case.
    """
    found = best_titles(terms, index)
    seen = {item[1] for item in found}
    if branch or also:
        found += [item for item in best_titles(terms, index, within=(*branch, *also)) if item[1] not in seen]
    for score, code, words in found:
        if branch and code in branch:
            score = min(1.0, score * BRANCH_BONUS)
        if score > 0.05:
            _add(evidence, code, TITLE_WEIGHT * score, f"Judul kode cocok: {', '.join(words[:6])}")


def _from_model(
    text: str, model: TrainedModel, scheme: ClassificationScheme, evidence: Evidence, crosswalk: Crosswalk | None
) -> None:
    """Add the trained classifier's probabilities, on filing codes (a learnt legacy code through the crosswalk)."""
    for code, probability in model.predict(text, k=5):
        if probability < 0.05:
            continue
        entry = scheme.get(code, CURRENT) or scheme.get(code, LEGACY)
        if entry is None:
            continue
        targets, _ = filing_targets(entry, scheme, crosswalk)
        shown = f"{probability:.2f}".replace(".", ",")
        for rank, target in enumerate(targets[:2]):
            via = "" if target == code else f" (kode {code}, padanannya)"
            reason = f"Model dari {model.n_examples} surat terkonfirmasi: {shown}{via}"
            _add(evidence, target, MODEL_WEIGHT * probability * (1.0 - 0.3 * rank), reason)


def _combine(parts: list[tuple[float, str]]) -> float:
    """Return the combined score of independent pieces of evidence."""
    return 1.0 - math.prod(1.0 - score for score, _ in parts)


def _ranked(evidence: Evidence, scheme: ClassificationScheme, hint: NumberHint | None, k: int) -> list[Suggestion]:
    """Return the best ``k`` codes with their reasons; a number code without a fixed counterpart is explained."""
    ranked = sorted(evidence.items(), key=lambda item: (-_combine(item[1]), _sort_key(item[0])))
    note = _hint_note(hint)
    suggestions: list[Suggestion] = []
    shown: set[tuple] = set()
    for code, parts in ranked:
        if len(suggestions) == k:
            break
        entry = scheme.get(code, CURRENT)
        if entry is None or not entry.final_disposition:
            continue
        same = (entry.parent, frozenset(reason for _, reason in parts))
        if same in shown:
            continue  # a sibling held up by the same evidence only: the letter does not tell them apart
        shown.add(same)
        reasons = tuple(reason for _, reason in sorted(parts, key=lambda p: -p[0]))
        if note:
            reasons += (note,)
        used = hint.printed if hint is not None and hint.usable and code in hint.targets else None
        suggestions.append(Suggestion(code, entry.title, round(_combine(parts), 3), reasons, CURRENT, used))
    return suggestions


def _hint_note(hint: NumberHint | None) -> str:
    """Return why a code in the number did not decide the suggestions, for the clerk; empty when it did or was none."""
    if hint is None or hint.usable:
        return ""
    if not hint.targets:
        return f"Kode {hint.printed} pada nomor surat ({hint.entry.title}): {hint.note}"
    return (
        f"Kode {hint.printed} pada nomor surat tidak dipakai: judulnya ({hint.entry.title}) tidak sesuai isi surat, "
        "mungkin nomor urut"
    )


def _sort_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", code))

"""Scoring against the corpus truth (truth.jsonl lines): exact-match fields and top-k classification."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from archive.extraction.fields import normalise_sifat
from archive.extraction.text import collapse
from archive.extraction.types import LetterFields

# The fields the letter-capture issue names, as (LetterFields attribute, truth.jsonl key).
FIELDS: tuple[tuple[str, str], ...] = (
    ("number", "letter_number"),
    ("date", "letter_date"),
    ("sender", "sender"),
    ("subject", "subject"),
    ("sifat", "sifat"),
    ("lampiran", "lampiran"),
    ("addressee", "addressee"),
)
EXTRA_FIELDS: tuple[tuple[str, str], ...] = (
    ("place", "place"),
    ("addressee_place", "addressee_place"),
    ("references", "references"),
)


class HasCode(Protocol):
    """Anything with a ``code`` (a classification suggestion)."""

    code: str


def expected_value(name: str, truth: Mapping[str, Any]) -> object:
    """Return the truth value of field ``name`` in the form :class:`LetterFields` gives it."""
    key = dict(FIELDS + EXTRA_FIELDS)[name]
    value = truth.get(key)
    if name == "date" and value:
        return datetime.date.fromisoformat(value)
    if name == "sifat" and value:
        return normalise_sifat(value)
    if name == "references":
        return list(value or [])
    return collapse(value) if isinstance(value, str) else value


def evaluate_fields(
    predicted: LetterFields, truth: Mapping[str, Any], *, fields: Iterable[tuple[str, str]] = FIELDS
) -> dict[str, bool]:
    """Return, per field, whether the predicted value equals the truth exactly (whitespace collapsed)."""
    got = predicted.values()
    result: dict[str, bool] = {}
    for name, _ in fields:
        value = got[name]
        value = collapse(value) if isinstance(value, str) else value
        result[name] = value == expected_value(name, truth)
    return result


def field_shares(results: Sequence[Mapping[str, bool]]) -> dict[str, float]:
    """Return the share right per field and ``"all"`` (every field of every letter) over ``results``."""
    if not results:
        return {}
    names = list(results[0])
    shares = {name: sum(r[name] for r in results) / len(results) for name in names}
    shares["all"] = sum(sum(r.values()) for r in results) / sum(len(r) for r in results)
    return shares


def evaluate_suggestions(suggestions: Sequence[HasCode], truth_code: str, *, k: int = 3) -> dict[str, Any]:
    """Return ``top1``, ``topk`` (within the first ``k``) and the 1-based ``rank`` of the true code (or None)."""
    codes = [s.code for s in suggestions]
    rank = codes.index(truth_code) + 1 if truth_code in codes else None
    return {"top1": rank == 1, "topk": rank is not None and rank <= k, "rank": rank}

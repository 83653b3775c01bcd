"""Scoring against the corpus truth (truth.jsonl lines): exact-match fields and top-k classification."""

from __future__ import annotations

import datetime
import re
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


# Real letters (../shared/corpus/real/truth.jsonl): a field is "right" when it equals the truth after
# normalisation, "usable" when a clerk would accept it with a glance (a small misreading, or the issuing body
# named with a little more or less of its hierarchy), else "wrong". A truth of None expects nothing found.
RIGHT, USABLE, WRONG = "right", "usable", "wrong"
REAL_FIELDS: tuple[tuple[str, str], ...] = (
    ("number", "letter_number"),
    ("date", "letter_date"),
    ("sender", "sender"),
    ("subject", "subject"),
)
USABLE_SIMILARITY = 0.85


def plain(value: object) -> str:
    """Return ``value`` for comparison: case-folded, quotes and punctuation but ``/.-`` dropped, spaces collapsed."""
    text = str(value).casefold().replace("’", "'")
    text = re.sub(r"[\"“”'`,:;()]", " ", text)
    text = re.sub(r"\s*/\s*", "/", text)
    return collapse(text).strip(" .")


def similarity(a: str, b: str) -> float:
    """Return 1 - edit distance / length of the longer (0..1)."""
    from ocr.metrics import levenshtein

    if not a and not b:
        return 1.0
    return 1.0 - levenshtein(a, b) / max(len(a), len(b))


def real_verdict(name: str, predicted: object, truth: Mapping[str, Any]) -> str:
    """Return :data:`RIGHT`, :data:`USABLE` or :data:`WRONG` for one field of a real letter."""
    expected = truth.get(dict(REAL_FIELDS)[name])
    if expected in (None, ""):
        return RIGHT if predicted in (None, "") else WRONG
    if predicted in (None, ""):
        return WRONG
    if name == "date":
        got = predicted.isoformat() if isinstance(predicted, datetime.date) else str(predicted)
        return RIGHT if got == expected else WRONG
    got, want = plain(predicted), plain(expected)
    if name == "number":
        got, want = got.replace(" ", ""), want.replace(" ", "")
    core = plain(re.sub(r"\([^)]*\)", " ", str(expected)))
    if got in (want, core):
        return RIGHT
    if max(similarity(got, want), similarity(got, core)) >= USABLE_SIMILARITY:
        return USABLE
    if name == "sender" and _names_the_body(got, plain(str(expected).split(",")[0].split("(")[0]), core, want):
        return USABLE
    if name == "subject" and len(want) >= 8 and (want in got or got in want) and len(got) >= 0.7 * len(want):
        return USABLE  # the subject with a word more or less ("Surat Permohonan ..." for "Permohonan ...")
    return WRONG


def _names_the_body(got: str, head: str, core: str, want: str) -> bool:
    """Return whether a predicted sender names the truth's issuing body with a little more or less around it.

    The body's first name part ("Desa Tamanharjo" of "Desa Tamanharjo, Kecamatan ..., Kabupaten ...") within a
    prediction not much longer than the truth; or a prediction of three words or more, all of them the truth's,
    covering half of its name.
    """
    if len(head) >= 8 and head in got and len(got) <= len(want) + 15:
        return True
    tokens = {t.strip(".-") for t in got.split()} - {""}
    wanted = {t.strip(".-") for t in want.split()}
    named = {t.strip(".-") for t in core.split()}
    return len(tokens) >= 3 and tokens <= wanted and len(tokens & named) >= 0.5 * len(named)

"""Train the text classifier on letters clerks have confirmed: TF-IDF over Indonesian stems, then a linear model.

The trained model is plain numbers: the vocabulary, the inverse document frequencies and the linear model's
weights. It is stored as a NumPy ``.npz`` archive read with ``allow_pickle=False`` plus a JSON header, so loading
stored bytes never runs code (unlike pickle); bytes that are not such an archive are refused with ValueError, and
the suggestions then fall back to the rules.
"""

from __future__ import annotations

import datetime
import io
import json
import math
import zipfile
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from archive.classification.analysis import analyse

FORMAT_VERSION = 2
_HEADER = "naskah-classifier"


@dataclass(frozen=True)
class TrainedModel:
    """A fitted classifier as arrays, with what it was trained on.

    Features: for each stem of the vocabulary, ``(1 + log tf) * idf``, L2-normalised (scikit-learn's sublinear
    TF-IDF). With two or more codes a logistic regression (``weights``, ``bias``) gives the probabilities. With a
    single code it cannot, so the "probability" is the cosine similarity to that code's examples (``weights`` holds
    their normalised centroid): a letter unlike them scores low instead of getting 1.0 for free. Without examples
    the model predicts nothing.
    """

    classes: tuple[str, ...]
    n_examples: int
    counts: dict[str, int] = field(default_factory=dict)
    vocabulary: dict[str, int] = field(default_factory=dict)
    idf: np.ndarray | None = None
    weights: np.ndarray | None = None  # (n_classes or 1, n_features)
    bias: np.ndarray | None = None  # (n_classes or 1,), None for the similarity model
    trained_at: datetime.datetime | None = None

    def features(self, text: str) -> np.ndarray:
        """Return the normalised TF-IDF vector of ``text`` over the model's vocabulary."""
        vector = np.zeros(len(self.vocabulary))
        for stem, count in Counter(analyse(text)).items():
            index = self.vocabulary.get(stem)
            if index is not None:
                vector[index] = (1.0 + math.log(count)) * float(self.idf[index])  # type: ignore[index]
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def predict(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        """Return up to ``k`` ``(code, probability)`` pairs, most probable first."""
        if self.weights is None or not self.classes:
            return []
        vector = self.features(text)
        if self.bias is None:
            similarity = float(self.weights[0] @ vector)
            return [(self.classes[0], round(max(0.0, min(1.0, similarity)), 4))][:k]
        scores = self.weights @ vector + self.bias
        if len(self.classes) == 2:  # binary logistic regression: one weight row for the second class
            second = 1.0 / (1.0 + math.exp(-float(scores[0])))
            probabilities = np.array([1.0 - second, second])
        else:
            shifted = np.exp(scores - scores.max())
            probabilities = shifted / shifted.sum()
        order = np.argsort(-probabilities, kind="stable")[:k]
        return [(self.classes[i], float(probabilities[i])) for i in order]

    def to_bytes(self) -> bytes:
        """Return the model as an ``.npz`` archive of arrays and a JSON header (no pickle)."""
        header = {
            "format": _HEADER,
            "version": FORMAT_VERSION,
            "classes": list(self.classes),
            "n_examples": self.n_examples,
            "counts": self.counts,
            "vocabulary": self.vocabulary,
            "trained_at": self.trained_at.isoformat() if self.trained_at else None,
        }
        arrays = {"header": np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)}
        for name in ("idf", "weights", "bias"):
            value = getattr(self, name)
            if value is not None:
                arrays[name] = np.asarray(value, dtype=np.float64)
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> TrainedModel:
        """Return a model written by :meth:`to_bytes`; raise ValueError for anything else (nothing is executed)."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as archive:
                arrays = {name: archive[name] for name in archive.files}
            header = json.loads(bytes(arrays.pop("header")).decode("utf-8"))
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, UnicodeDecodeError, EOFError) as exc:
            raise ValueError(f"Not a classifier model of this version of Naskah: {exc}") from exc
        if not isinstance(header, dict) or header.get("format") != _HEADER or header.get("version") != FORMAT_VERSION:
            raise ValueError("Not a classifier model written by this version of Naskah")
        trained_at = header.get("trained_at")
        return cls(
            classes=tuple(header["classes"]),
            n_examples=int(header["n_examples"]),
            counts={str(k): int(v) for k, v in header["counts"].items()},
            vocabulary={str(k): int(v) for k, v in header["vocabulary"].items()},
            idf=arrays.get("idf"),
            weights=arrays.get("weights"),
            bias=arrays.get("bias"),
            trained_at=datetime.datetime.fromisoformat(trained_at) if trained_at else None,
        )


def _vectorizer() -> TfidfVectorizer:
    """Return the TF-IDF vectoriser over :func:`analyse` stems (unigrams; sublinear term frequency)."""
    return TfidfVectorizer(analyzer=analyse, sublinear_tf=True, min_df=1)


def train_classifier(examples: list[tuple[str, str]]) -> TrainedModel:
    """Return a model trained on ``(text, code)`` pairs of confirmed letters.

    0 examples: an empty model (predicts nothing). 1 code: a similarity model (see :class:`TrainedModel`).
    2+ codes: TF-IDF and a class-balanced logistic regression (so that the many invitations clerks confirm do
    not drown rare codes). C=100 regularises lightly: with a handful of letters per code, the default C=1 gives
    nearly flat probabilities (checked on the corpus letters plus a few confirmed examples of one code).
    """
    examples = [(text, code.strip()) for text, code in examples if text.strip() and code.strip()]
    now = datetime.datetime.now(tz=datetime.UTC)
    counts = Counter(code for _, code in examples)
    if not examples:
        return TrainedModel(classes=(), n_examples=0, trained_at=now)
    vectorizer = _vectorizer()
    matrix = vectorizer.fit_transform([text for text, _ in examples])
    vocabulary = {str(stem): int(index) for stem, index in vectorizer.vocabulary_.items()}
    idf = np.asarray(vectorizer.idf_, dtype=np.float64)
    classes = tuple(sorted(counts))
    base = {"n_examples": len(examples), "counts": dict(counts), "vocabulary": vocabulary, "idf": idf}
    if len(classes) == 1:
        return TrainedModel(classes, weights=_normalised_mean(matrix), trained_at=now, **base)
    classifier = LogisticRegression(C=100.0, max_iter=3000, class_weight="balanced")
    classifier.fit(matrix, [code for _, code in examples])
    assert tuple(str(c) for c in classifier.classes_) == classes  # noqa: S101 - sklearn sorts the labels too
    return TrainedModel(
        classes,
        weights=np.asarray(classifier.coef_, dtype=np.float64),
        bias=np.asarray(classifier.intercept_, dtype=np.float64),
        trained_at=now,
        **base,
    )


def _normalised_mean(matrix) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Return the L2-normalised mean row of a sparse matrix (the centroid of one code's examples), as a 1 x n array."""
    mean = np.asarray(matrix.mean(axis=0)).reshape(1, -1)
    norm = float(np.linalg.norm(mean)) or 1.0
    return mean / norm

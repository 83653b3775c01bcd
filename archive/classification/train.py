"""Train the text classifier on letters clerks have confirmed: TF-IDF over Indonesian stems, then a linear model.

Trust assumption: :meth:`TrainedModel.to_bytes` uses pickle, and unpickling runs code. Only load bytes that this
application wrote itself (the retraining task's own output in our database or storage), never an upload.
"""

from __future__ import annotations

import datetime
import io
import pickle
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from archive.classification.analysis import analyse

FORMAT_VERSION = 1


@dataclass(frozen=True)
class TrainedModel:
    """A fitted vectoriser and classifier, with what it was trained on.

    With two or more codes a logistic regression gives the probabilities. With a single code it cannot, so
    the "probability" is the cosine similarity to that code's examples: a letter unlike them scores low
    instead of getting 1.0 for free. Without examples the model predicts nothing.
    """

    classes: tuple[str, ...]
    n_examples: int
    counts: dict[str, int] = field(default_factory=dict)
    vectorizer: TfidfVectorizer | None = None
    classifier: LogisticRegression | None = None
    centroid: Any = None
    trained_at: datetime.datetime | None = None

    def predict(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        """Return up to ``k`` ``(code, probability)`` pairs, most probable first."""
        if self.vectorizer is None or not self.classes:
            return []
        vector = self.vectorizer.transform([text])
        if self.classifier is None:
            similarity = float((vector @ self.centroid.T).toarray()[0, 0]) if vector.nnz else 0.0
            return [(self.classes[0], round(max(0.0, min(1.0, similarity)), 4))][:k]
        probabilities = self.classifier.predict_proba(vector)[0]
        order = np.argsort(-probabilities)[:k]
        return [(str(self.classifier.classes_[i]), float(probabilities[i])) for i in order]

    def to_bytes(self) -> bytes:
        """Return the model serialised (pickle; see the module docstring for the trust assumption)."""
        buffer = io.BytesIO()
        pickle.dump({"version": FORMAT_VERSION, "model": self}, buffer, protocol=pickle.HIGHEST_PROTOCOL)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> TrainedModel:
        """Return a model written by :meth:`to_bytes` of this application (trusted input only)."""
        payload = pickle.loads(data)  # noqa: S301 - our own output only, see the module docstring
        if not isinstance(payload, dict) or payload.get("version") != FORMAT_VERSION:
            raise ValueError("Not a classifier model written by this version of Naskah")
        model = payload["model"]
        if not isinstance(model, cls):
            raise ValueError("The payload does not hold a TrainedModel")
        return model


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
    labels = [code for _, code in examples]
    classes = tuple(sorted(counts))
    if len(classes) == 1:
        centroid = _normalised_mean(matrix)
        return TrainedModel(classes, len(examples), dict(counts), vectorizer, None, centroid, now)
    classifier = LogisticRegression(C=100.0, max_iter=3000, class_weight="balanced")
    classifier.fit(matrix, labels)
    return TrainedModel(classes, len(examples), dict(counts), vectorizer, classifier, None, now)


def _normalised_mean(matrix: Any) -> Any:
    """Return the L2-normalised mean row of a sparse matrix (the centroid of one code's examples)."""
    from scipy import sparse

    mean = sparse.csr_matrix(matrix.mean(axis=0))
    norm = float(np.sqrt(mean.multiply(mean).sum())) or 1.0
    return mean / norm

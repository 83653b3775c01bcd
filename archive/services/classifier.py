"""The text classifier learnt from confirmed letters: train a new one, and load the current one."""

from __future__ import annotations

import functools
import logging

from archive.classification.train import TrainedModel, train_classifier
from archive.models import ClassifierModel, IncomingLetter

logger = logging.getLogger(__name__)


def confirmed_examples() -> list[tuple[str, str]]:
    """Return (text, code) of every registered letter that has a code and a captured text."""
    letters = IncomingLetter.objects.filter(
        status=IncomingLetter.Status.REGISTERED, classification__isnull=False, capture__isnull=False
    ).select_related("classification", "capture")
    return [(f"{letter.subject}\n{letter.capture.text}", letter.classification.code) for letter in letters]


def classifier_train() -> ClassifierModel | None:
    """Train on every confirmed letter and store the model; None when there is nothing to learn from."""
    examples = confirmed_examples()
    if not examples:
        return None
    model = train_classifier(examples)
    stored = ClassifierModel.objects.create(
        example_count=len(examples), code_count=len({code for _, code in examples}), data=model.to_bytes()
    )
    logger.info("Classifier trained on %s letters, %s codes", stored.example_count, stored.code_count)
    return stored


def classifier_current() -> TrainedModel | None:
    """Return the newest trained model (loaded once per stored row), or None before any training.

    A stored model that cannot be read (an older format, damaged bytes) gives None: the suggestions fall back to
    the rules, and the next training writes a readable one.
    """
    latest = ClassifierModel.objects.order_by("-created_at").values_list("pk", "created_at").first()
    return _load(*latest) if latest else None


@functools.lru_cache(maxsize=2)
def _load(pk: int, created_at: object) -> TrainedModel | None:
    """Return the stored model ``pk``; ``created_at`` is part of the cache key (a reused id is another model)."""
    try:
        return TrainedModel.from_bytes(bytes(ClassifierModel.objects.get(pk=pk).data))
    except ValueError as error:
        logger.warning("Classifier model %s cannot be loaded (%s); suggesting by the rules only", pk, error)
        return None


def retrain_due(*, every: int) -> bool:
    """Return whether enough letters were confirmed since the last training to train again."""
    latest = ClassifierModel.objects.order_by("-created_at").first()
    confirmed = IncomingLetter.objects.filter(
        status=IncomingLetter.Status.REGISTERED, classification__isnull=False
    ).count()
    return confirmed - (latest.example_count if latest else 0) >= every

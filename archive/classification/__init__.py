"""Classification codes: the schemes from the shared CSV, suggestions for a letter, and the trained classifier.

Dependency direction: ``scheme`` and ``analysis`` depend on nothing here; ``train`` uses ``analysis``;
``suggest`` uses all three and reads ``archive.extraction`` results. Nothing here imports Django models.
"""

from archive.classification.scheme import (
    CURRENT,
    LEGACY,
    Classification,
    ClassificationScheme,
    ancestors,
    code_sort_key,
    is_descendant,
    load_scheme,
    scheme_of,
)
from archive.classification.suggest import Suggestion, suggest_codes
from archive.classification.train import TrainedModel, train_classifier

__all__ = [
    "CURRENT",
    "LEGACY",
    "Classification",
    "ClassificationScheme",
    "Suggestion",
    "TrainedModel",
    "ancestors",
    "code_sort_key",
    "is_descendant",
    "load_scheme",
    "scheme_of",
    "suggest_codes",
    "train_classifier",
]

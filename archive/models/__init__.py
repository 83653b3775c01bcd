"""Models of the records archive.

Dependency direction: classification <- letters <- capture <- classifier (later modules may import earlier ones).
"""

from .capture import Capture
from .classification import ClassificationCode
from .classifier import ClassifierModel
from .letters import IncomingLetter

__all__ = ["Capture", "ClassificationCode", "ClassifierModel", "IncomingLetter"]

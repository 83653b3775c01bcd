"""OCR engines behind one base class; the OCR_ENGINE setting names the one to use."""

from __future__ import annotations

from django.utils.module_loading import import_string

from ocr.engines.base import OcrEngine


def get_engine(path: str) -> OcrEngine:
    """Return an instance of the engine class at dotted ``path``."""
    engine_class = import_string(path)
    if not (isinstance(engine_class, type) and issubclass(engine_class, OcrEngine)):
        raise TypeError(f"{path} is not an OcrEngine subclass")
    return engine_class()


__all__ = ["OcrEngine", "get_engine"]

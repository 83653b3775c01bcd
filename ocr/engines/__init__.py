"""OCR engines behind one base class; the OCR_ENGINE setting names the one to use."""

from __future__ import annotations

from importlib import import_module

from ocr.engines.base import OcrEngine


def get_engine(path: str) -> OcrEngine:
    """Return an instance of the engine class at dotted ``path`` (e.g. "ocr.engines.tesseract.TesseractEngine")."""
    module_path, _, class_name = path.rpartition(".")
    engine_class = getattr(import_module(module_path), class_name, None)
    if not (isinstance(engine_class, type) and issubclass(engine_class, OcrEngine)):
        raise TypeError(f"OCR_ENGINE {path!r} is not an OcrEngine subclass")
    return engine_class()


__all__ = ["OcrEngine", "get_engine"]

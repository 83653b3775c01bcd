"""SOP document import, pure Python: readers (path -> text), then text -> types -> layouts -> parser."""

from cms.importers.assemble import steps_minutes
from cms.importers.parser import parse_document
from cms.importers.readers import (
    DocumentReadError,
    SourceText,
    UnsupportedDocument,
    collect_paths,
    read_document,
)
from cms.importers.types import DocumentContext, Duration, ParsedDocument, ParsedSop, ParsedStep

__all__ = [
    "DocumentContext",
    "DocumentReadError",
    "Duration",
    "ParsedDocument",
    "ParsedSop",
    "ParsedStep",
    "SourceText",
    "UnsupportedDocument",
    "collect_paths",
    "parse_document",
    "read_document",
    "steps_minutes",
]

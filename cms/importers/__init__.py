"""SOP document import, pure Python: readers (path -> pages or text), layouts -> ParsedDocument.

Dependency direction: types <- text helpers <- grid/symbols/pages <- layout readers <- structured/parser
<- documents (``parse_file``).
"""

from cms.importers.assemble import steps_minutes
from cms.importers.documents import parse_file
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
    "parse_file",
    "read_document",
    "steps_minutes",
]

"""The contract every engine keeps (Tantivy, the embedded default, and Elasticsearch).

Behaviour the contract suite (tests/search/contract/) checks on each engine:
- text: Indonesian stemming and stop words, case and accent folding, one typo tolerated in words of 5+ letters;
  all words must match (AND); a quoted phrase matches those words in that order. Tantivy only: a word
  held by more than half of the documents (in an index of 10+) is not required when other clauses are (it only
  adds to the score: "surat bappeda" finds a Bappeda letter without "surat"), and when nothing matches a question
  of 3+ clauses, documents matching all but any one of them are returned. The words inside letter numbers
  ("050/12/Bappeda/2023" -> "bappeda") are words of the document.
- numbers: a letter number or its leading part ("005/123/427.43/2024", "005/123") finds the letter.
- filters (SearchQuery.filters, keys in types.FILTER_KEYS): kind, code (with its sub-codes), date_from/date_to
  (inclusive, ISO dates), sender (case-insensitive exact), security, status, unit, year.
- principals: a document is returned, counted and faceted only when it shares a principal with the query.
- facets (types.FACET_KEYS) counted over all matches after filters and access, not just the page; the code
  facet counts top-level codes ("400"), or with a code filter the codes one level below it.
- sort by relevance (score, then newest) or by date (newest first, undated last); pagination by page/per_page.
- snippets: escaped text around the matched words of the body (or the title), matched words in <mark>.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from search.types import SearchDocument, SearchQuery, SearchResults


class Engine(Protocol):
    name: str

    def ensure_ready(self) -> None:
        """Create indexes/tables the engine needs (idempotent)."""

    def index(self, documents: Iterable[SearchDocument]) -> int:
        """Add or replace documents (by kind and id); return how many were written."""

    def delete(self, kind: str, ids: Iterable[str]) -> int:
        """Remove documents; ids not in the index are ignored."""

    def search(self, query: SearchQuery) -> SearchResults: ...

    def rebuild(self, documents: Iterable[SearchDocument], progress: Callable[[int], None] | None = None) -> int:
        """Replace the whole index with ``documents`` while searches keep answering from the old one until the
        new one is complete (Elasticsearch: a new index swapped in by alias; Tantivy: a new generation swapped in by
        renaming its pointer file)."""

    def count(self, kind: str | None = None) -> int: ...

    def ping(self) -> bool:
        """Return whether the engine answers (the outbox worker waits while it does not)."""

"""The search layer's vocabulary: what a source hands in (SearchDocument), what a caller asks (SearchQuery) and
what comes back (SearchResults). Plain dataclasses, shared by every engine, free of any domain model."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

# Principal tokens: a document lists who may see it, a query lists who is asking; a hit needs one in common.
PUBLIC = "public"  # published catalogue pages: everyone, signed in or not
STAFF = "staff"  # records open to every signed-in reader of the archive
# others: "user:<id>", "position:<id>" (restricted letters: their operator and the posts on their chain)

KINDS = ("sop", "service_standard", "letter", "disposition", "case_file", "outgoing")
FILTER_KEYS = ("kind", "code", "date_from", "date_to", "sender", "security", "status", "unit", "year")
FACET_KEYS = ("kind", "code", "year", "security", "status", "unit", "sender")
SORTS = ("relevance", "date")  # "date": newest first


@dataclass(frozen=True)
class SearchDocument:
    """One record as the index sees it. ``(kind, id)`` is its key; ``id`` is the record's own primary key, so a
    letter's id here is the id ``ingest --json`` reports."""

    kind: str
    id: str
    title: str
    principals: frozenset[str]
    body: str = ""  # OCR text, page content, disposition notes: searched, and the source of snippets
    number: str = ""  # a letter's own number ("005/123/427.43/2024"), exact and prefix lookup
    sender: str = ""
    date: datetime.date | None = None
    code: str = ""  # classification code; a filter on "400.12" also matches "400.12.1"
    security: str = ""
    status: str = ""
    unit: str = ""
    url: str = ""  # where a user opens it (public page or admin screen)
    extra: dict = field(default_factory=dict)  # small JSON-able display values (agenda number, thumbnail url)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


@dataclass(frozen=True)
class SearchQuery:
    """A question, with who is asking: ``principals`` decide what may be seen (empty: nothing but public pages
    is never implied; pass ``frozenset({PUBLIC})`` for an anonymous visitor)."""

    text: str = ""
    principals: frozenset[str] = frozenset({PUBLIC})
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    facets: bool = True

    @property
    def offset(self) -> int:
        return (max(self.page, 1) - 1) * self.per_page


@dataclass(frozen=True)
class SearchHit:
    kind: str
    id: str
    title: str
    score: float
    snippet: str  # safe HTML: escaped text with the matched words in <mark>
    url: str = ""
    number: str = ""
    sender: str = ""
    date: datetime.date | None = None
    code: str = ""
    security: str = ""
    status: str = ""
    unit: str = ""
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]
    total: int
    facets: dict[str, list[tuple[str, int]]]  # key -> [(value, count)], largest first
    page: int = 1
    per_page: int = 10
    took_ms: float = 0.0


class SearchError(Exception):
    """A query the engine cannot answer (bad filter value, engine unreachable): the message says which."""


class InvalidFilter(SearchError):
    pass

"""The one entry point callers use: ask a question as a user, get results that user may see."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from search.filters import clean, clean_sort
from search.registry import hidden_ids, principals_for
from search.types import SearchQuery, SearchResults

MAX_PER_PAGE = 100


def search(
    text: str = "",
    *,
    user=None,
    principals: frozenset[str] | None = None,
    filters: Mapping[str, str] | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 10,
    facets: bool = True,
) -> SearchResults:
    """Search as ``user`` (anonymous when None: published pages only), or with explicit ``principals``."""
    query = SearchQuery(
        text=text.strip(),
        principals=principals if principals is not None else principals_for(user),
        filters=clean(filters or {}),
        sort=clean_sort(sort),
        page=max(int(page), 1),
        per_page=min(max(int(per_page), 1), MAX_PER_PAGE),
        facets=facets,
    )
    from search.engines import get_engine  # the engine is chosen from the settings at call time

    results = get_engine().search(query)
    return results if user is None else _still_visible(results, user)


def _still_visible(results: SearchResults, user) -> SearchResults:
    """The page of hits less those ``user`` may no longer open (checked against the records at query time)."""
    by_kind: dict[str, list[str]] = {}
    for hit in results.hits:
        by_kind.setdefault(hit.kind, []).append(hit.id)
    hidden = {kind: hidden_ids(user, kind, ids) for kind, ids in by_kind.items()}
    hits = [hit for hit in results.hits if hit.id not in hidden[hit.kind]]
    if len(hits) == len(results.hits):
        return results
    return replace(results, hits=hits, total=max(results.total - (len(results.hits) - len(hits)), len(hits)))

"""The one entry point callers use: ask a question as a user, get results that user may see."""

from __future__ import annotations

from collections.abc import Mapping

from search.filters import clean, clean_sort
from search.registry import principals_for
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

    return get_engine().search(query)

"""Search: the same question, filters, sort and facets as ``manage.py search``, as the caller sees them.

It goes through the search service layer (search.api.search) with the caller's principals: public pages for
everyone, and the letters, dispositions and case files the caller may open.
"""

import datetime

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from api.types import IsoDate
from search.api import MAX_PER_PAGE
from search.api import search as run_search
from search.filters import clean_sort
from search.types import FILTER_KEYS, KINDS, SORTS, InvalidFilter, SearchError

router = Router(tags=["search"])


class SearchQueryIn(Schema):
    q: str = Field("", max_length=500, description='Words, "a phrase" or a letter number.')
    kind: str | None = Field(None, description=", ".join(KINDS))
    code: str | None = Field(None, max_length=40)
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None
    sender: str | None = Field(None, max_length=400)
    security: str | None = Field(None, max_length=20)
    status: str | None = Field(None, max_length=40)
    unit: str | None = Field(None, max_length=200)
    year: int | None = Field(None, ge=1000, le=9999)
    sort: str = Field("relevance", description=", ".join(SORTS))
    page: int = Field(1, ge=1, le=10_000)
    per_page: int = Field(10, ge=1, le=MAX_PER_PAGE)


class HitOut(Schema):
    kind: str
    id: str
    title: str
    score: float
    snippet: str = Field(description="Escaped text with the matched words in <mark>.")
    url: str
    date: datetime.date | None
    number: str
    sender: str
    code: str
    security: str
    status: str
    unit: str
    extra: dict


class FacetValueOut(Schema):
    value: str
    count: int


class ResultsOut(Schema):
    total: int
    page: int
    per_page: int
    took_ms: float
    hits: list[HitOut]
    facets: dict[str, list[FacetValueOut]]


@router.get("/", response=ResultsOut, summary="Search everything the caller may see")
def search(request, query: Query[SearchQueryIn]):
    filters = {key: getattr(query, key) for key in FILTER_KEYS if getattr(query, key, None) not in (None, "")}
    filters = {
        key: value.isoformat() if isinstance(value, datetime.date) else str(value) for key, value in filters.items()
    }
    try:
        results = run_search(
            query.q,
            user=request.user,
            filters=filters,
            sort=clean_sort(query.sort),
            page=query.page,
            per_page=query.per_page,
        )
    except InvalidFilter as error:
        raise ValidationError(str(error)) from None
    except SearchError as error:
        raise HttpError(503, str(error)) from None
    return {
        "total": results.total,
        "page": results.page,
        "per_page": results.per_page,
        "took_ms": results.took_ms,
        "hits": results.hits,
        "facets": {key: [{"value": str(v), "count": c} for v, c in rows] for key, rows in results.facets.items()},
    }

"""Read queries of the public catalogue: published entries, filtered by unit, category, kind and words.

Words are looked up in the search layer as an anonymous visitor (published pages only); the hits are then
matched to live, public pages under the catalogue with the unit and category asked, so a page unpublished since
it was indexed never shows and the count is of pages a visitor can open.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass

from django.http import QueryDict
from wagtail.models import Page

KIND_SOP = "sop"
KIND_STANDARD = "standar"
PUBLIC = "publik"
INTERNAL = "internal"
SEARCH_KINDS = {KIND_SOP: "sop", KIND_STANDARD: "service_standard"}  # catalogue kind -> search layer kind
SEARCH_BATCH = 100
MAX_SEARCH_HITS = 500

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CatalogueFilter:
    """What the visitor asked the catalogue for; empty strings mean 'any'."""

    q: str = ""
    unit: str = ""
    category: str = ""
    kind: str = ""
    section: str = ""  # "" for services for citizens, INTERNAL for internal administrative procedures

    @classmethod
    def from_query(cls, query: QueryDict) -> CatalogueFilter:
        kind = query.get("jenis", "").strip()
        return cls(
            q=query.get("q", "").strip()[:200],
            unit=query.get("unit", "").strip()[:200],
            category=query.get("kategori", "").strip()[:200],
            kind=kind if kind in (KIND_SOP, KIND_STANDARD) else "",
            section=INTERNAL if query.get("bagian", "").strip() == INTERNAL else "",
        )

    @property
    def is_active(self) -> bool:
        return bool(self.q or self.unit or self.category or self.kind)

    def query(self, **changes: str) -> str:
        """Return the query string of this filter with ``changes`` (for the section links)."""
        from django.utils.http import urlencode

        values = {"q": self.q, "unit": self.unit, "kategori": self.category, "jenis": self.kind, "bagian": self.section}
        values.update(changes)
        return urlencode({key: value for key, value in values.items() if value})

    @property
    def public_query(self) -> str:
        return self.query(bagian="")

    @property
    def internal_query(self) -> str:
        return self.query(bagian=INTERNAL)


def _models_for(kind: str) -> list[type[Page]]:
    from cms.models import ServiceStandardPage, SopPage

    if kind == KIND_SOP:
        return [SopPage]
    if kind == KIND_STANDARD:
        return [ServiceStandardPage]
    return [SopPage, ServiceStandardPage]


def catalogue_entries(*, root: Page, catalogue_filter: CatalogueFilter | None = None, audience: str = "") -> list[Page]:
    """Return the live SOP and service-standard pages under root that match the filter, and the audience
    (PUBLIC, INTERNAL or "" for both) when one is asked.

    Without words they are sorted by title; with words, by relevance (each with ``search_snippet``, the
    matched words in <mark>). Should the search engine fail, words fall back to Wagtail's page search, by
    relevance within each kind, SOPs first. Internal procedures a unit keeps non-public never appear.
    """
    entries = _entries(root, catalogue_filter or CatalogueFilter())
    if audience:
        entries = [entry for entry in entries if (INTERNAL if entry.is_internal else PUBLIC) == audience]
    return entries


def _entries(root: Page, catalogue_filter: CatalogueFilter) -> list[Page]:
    if catalogue_filter.q:
        found = _searched_entries(root, catalogue_filter)
        if found is not None:
            return found
    entries: list[Page] = []
    for model in _models_for(catalogue_filter.kind):
        queryset = _visible(model, root)
        if catalogue_filter.unit:
            queryset = queryset.filter(path__startswith=_unit_path(root, catalogue_filter.unit))
        if catalogue_filter.category:
            queryset = queryset.filter(category__slug=catalogue_filter.category)
        if catalogue_filter.q:
            entries.extend(queryset.search(catalogue_filter.q, operator="and"))
        else:
            entries.extend(queryset.order_by("title"))
    if not catalogue_filter.q:
        entries.sort(key=lambda page: page.title.lower())
    return entries


def _searched_entries(root: Page, catalogue_filter: CatalogueFilter) -> list[Page] | None:
    """Return the live entries under root matching the words, best first, or None when the engine failed."""
    from cms.models import ServiceStandardPage, SopPage
    from search.api import search
    from search.types import SearchError

    models = {"sop": SopPage, "service_standard": ServiceStandardPage}
    kind = SEARCH_KINDS.get(catalogue_filter.kind, "")
    hits = []
    try:
        number = 1
        while len(hits) < MAX_SEARCH_HITS:
            results = search(
                catalogue_filter.q,
                user=None,
                filters={"kind": kind} if kind else {},
                page=number,
                per_page=SEARCH_BATCH,
                facets=False,
            )
            hits.extend(hit for hit in results.hits if hit.kind in models and hit.id.isdigit())
            if not results.hits or number * SEARCH_BATCH >= results.total:
                break
            number += 1
    except SearchError:
        logger.warning("catalogue search fell back to page search", exc_info=True)
        return None
    pages: dict[tuple[str, str], Page] = {}
    for search_kind, model in models.items():
        ids = [int(hit.id) for hit in hits if hit.kind == search_kind]
        if not ids:
            continue
        queryset = _visible(model, root).filter(pk__in=ids)
        if catalogue_filter.unit:
            queryset = queryset.filter(path__startswith=_unit_path(root, catalogue_filter.unit))
        if catalogue_filter.category:
            queryset = queryset.filter(category__slug=catalogue_filter.category)
        pages.update({(search_kind, str(page.pk)): page for page in queryset})
    entries = []
    for hit in hits:
        page = pages.pop((hit.kind, hit.id), None)
        if page is not None:
            page.search_snippet = hit.snippet
            entries.append(page)
    return entries


def _visible(model, root: Page):
    """Return the live, public pages of ``model`` under root that the public may see."""
    from cms.models import SopPage
    from cms.visibility import without_hidden

    queryset = model.objects.live().public().descendant_of(root).select_related("category")
    return without_hidden(queryset) if model is SopPage else queryset


def _unit_path(root: Page, unit_slug: str) -> str:
    from cms.models import UnitPage

    unit = UnitPage.objects.live().descendant_of(root).filter(slug=unit_slug).first()
    # A path no page has: an unknown unit matches nothing rather than everything.
    return unit.path if unit else "~"


def categories_in(*, root: Page):
    """Return the categories that have at least one live entry under root."""
    from cms.models import ServiceStandardPage, SopCategory, SopPage

    sop_ids = SopPage.objects.live().descendant_of(root).values("category_id")
    standard_ids = ServiceStandardPage.objects.live().descendant_of(root).values("category_id")
    return SopCategory.objects.filter(models_q_in(sop_ids, standard_ids)).order_by("name")


def models_q_in(*id_querysets):
    from django.db.models import Q

    condition = Q(pk__in=[])
    for ids in id_querysets:
        condition |= Q(pk__in=ids)
    return condition


def entries_by_category(*, root: Page, audience: str = "") -> OrderedDict[str, list[Page]]:
    """Group a unit's live entries (of one audience, when asked) under their category name (uncategorised last)."""
    groups: OrderedDict[str, list[Page]] = OrderedDict()
    entries = catalogue_entries(root=root, audience=audience)
    entries.sort(key=lambda page: (page.category is None, page.category.name if page.category else "", page.title))
    for entry in entries:
        groups.setdefault(entry.category.name if entry.category else "", []).append(entry)
    return groups


def query_without(query: QueryDict, *names: str) -> str:
    """Return the query string without the given parameters (for pagination links)."""
    copy = query.copy()
    for name in names:
        copy.pop(name, None)
    return copy.urlencode()

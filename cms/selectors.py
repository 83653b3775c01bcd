"""Read queries of the public catalogue: published entries, filtered by unit, category, kind and words."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from django.http import QueryDict
from wagtail.models import Page

KIND_SOP = "sop"
KIND_STANDARD = "standar"


@dataclass(frozen=True)
class CatalogueFilter:
    """What the visitor asked the catalogue for; empty strings mean 'any'."""

    q: str = ""
    unit: str = ""
    category: str = ""
    kind: str = ""

    @classmethod
    def from_query(cls, query: QueryDict) -> CatalogueFilter:
        kind = query.get("jenis", "").strip()
        return cls(
            q=query.get("q", "").strip()[:200],
            unit=query.get("unit", "").strip()[:200],
            category=query.get("kategori", "").strip()[:200],
            kind=kind if kind in (KIND_SOP, KIND_STANDARD) else "",
        )

    @property
    def is_active(self) -> bool:
        return bool(self.q or self.unit or self.category or self.kind)


def _models_for(kind: str) -> list[type[Page]]:
    from cms.models import ServiceStandardPage, SopPage

    if kind == KIND_SOP:
        return [SopPage]
    if kind == KIND_STANDARD:
        return [ServiceStandardPage]
    return [SopPage, ServiceStandardPage]


def catalogue_entries(*, root: Page, catalogue_filter: CatalogueFilter | None = None) -> list[Page]:
    """Return the live SOP and service-standard pages under root that match the filter.

    Without words they are sorted by title; with words, by relevance within each kind, SOPs first.
    """
    catalogue_filter = catalogue_filter or CatalogueFilter()
    entries: list[Page] = []
    for model in _models_for(catalogue_filter.kind):
        queryset = model.objects.live().public().descendant_of(root).select_related("category")
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


def entries_by_category(*, root: Page) -> OrderedDict[str, list[Page]]:
    """Group a unit's live entries under their category name (uncategorised last)."""
    groups: OrderedDict[str, list[Page]] = OrderedDict()
    entries = catalogue_entries(root=root)
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

"""Which published SOPs the public sees: the one rule, asked by the catalogue lists, the SOP page itself, its
printable views and the search source.

A unit may keep its internal administrative procedures (audience 'internal') away from the public; its
public services, and every service standard, are always shown once published.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet


def hidden_unit_paths() -> list[str]:
    """Return the tree paths of the units that keep their internal procedures away from the public."""
    from cms.models import UnitPage

    return list(UnitPage.objects.filter(internal_sops_public=False).values_list("path", flat=True))


def without_hidden(queryset: QuerySet) -> QuerySet:
    """Return a SopPage queryset without the internal procedures of units that keep them non-public."""
    from cms.models.sop import INTERNAL

    paths = hidden_unit_paths()
    if not paths:
        return queryset
    under = Q()
    for path in paths:
        under |= Q(path__startswith=path)
    return queryset.exclude(Q(audience=INTERNAL) & under)


def is_public(page) -> bool:
    """Return whether the public may see this (live) SOP or service-standard page."""
    from cms.models import SopPage
    from cms.models.sop import INTERNAL

    if not isinstance(page, SopPage) or page.audience != INTERNAL:
        return True
    return not any(page.path.startswith(path) for path in hidden_unit_paths())

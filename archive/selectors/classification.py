"""Reads of the classification codes for filing: the current leaf codes with a retention that a code leads to.

The records screens (filing, reclassification) and the capture pipeline ask here; one place decides how a
legacy (78/2012) code or a heading of 83/2022 becomes codes a letter can be filed and retained under.
"""

from __future__ import annotations

from django.db.models import Max, QuerySet

from archive.classification.crosswalk import Crosswalk, CrosswalkRow
from archive.classification.scheme import CURRENT, LEGACY, ancestors
from archive.models import ClassificationCode, CrosswalkEntry, CrosswalkTarget


def retention_codes() -> QuerySet[ClassificationCode]:
    """Return the active current-scheme leaf codes that carry a retention (what a case file may be filed under)."""
    return ClassificationCode.objects.filter(scheme=CURRENT, is_active=True).exclude(final_disposition="")


def crosswalk_entry_for(*, code: ClassificationCode) -> CrosswalkEntry | None:
    """Return the crosswalk entry of a legacy ``code``, or of its nearest ancestor that has targets or is by content."""
    if code.scheme != LEGACY:
        return None
    chain = [code.code, *reversed(ancestors(code.code, LEGACY))]
    entries = {
        e.legacy.code: e
        for e in CrosswalkEntry.objects.filter(legacy__scheme=LEGACY, legacy__code__in=chain)
        .select_related("legacy")
        .prefetch_related("targets__current")
    }
    for candidate in chain:
        entry = entries.get(candidate)
        if entry is not None and (entry.basis == CrosswalkEntry.Basis.BY_CONTENT or entry.targets.exists()):
            return entry
    return None


def filing_codes_for(*, code: ClassificationCode) -> list[ClassificationCode]:
    """Return the current leaf codes with a retention under which a letter classified ``code`` is filed, best first.

    A current leaf with a retention gives itself; a current heading gives its leaves (scheme order); a legacy code
    gives its crosswalk targets (or its nearest ancestor's). An empty list means no fixed counterpart: the crosswalk
    says the old code is decided "by content" (005 Undangan), so the clerk picks from :func:`retention_codes`.
    """
    if code.scheme == CURRENT:
        if code.final_disposition and code.is_active:
            return [code]
        return list(retention_codes().filter(code__startswith=f"{code.code}.").order_by("sort_key"))
    entry = crosswalk_entry_for(code=code)
    if entry is None:
        return []
    return [t.current for t in entry.targets.all() if t.current.is_active and t.current.final_disposition]


def crosswalk_current() -> Crosswalk:
    """Return the crosswalk as the admins left it, as a plain object for the suggestion rules (cached per change)."""
    stamp = CrosswalkEntry.objects.aggregate(changed=Max("updated_at"))["changed"]
    count = CrosswalkEntry.objects.count()
    key = (count, stamp.isoformat() if stamp else "")
    if _cache.get("key") != key:
        _cache["value"] = _load_crosswalk()
        _cache["key"] = key
    return _cache["value"]


_cache: dict[str, object] = {}


def _load_crosswalk() -> Crosswalk:
    targets: dict[int, list[str]] = {}
    for entry_id, current in (
        CrosswalkTarget.objects.order_by("entry_id", "sort_order")
        .filter(current__is_active=True)
        .values_list("entry_id", "current__code")
    ):
        targets.setdefault(entry_id, []).append(current)
    rows = [
        CrosswalkRow(code, tuple(targets.get(pk, ())), basis, note, title)
        for pk, code, basis, note, title in CrosswalkEntry.objects.values_list(
            "pk", "legacy__code", "basis", "note", "legacy__title"
        )
    ]
    return Crosswalk(rows)

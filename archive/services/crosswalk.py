"""Load the shipped crosswalk (legacy 78/2012 -> 83/2022 leaf codes) into the database, and record reviews."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from archive.classification.crosswalk import Crosswalk
from archive.classification.scheme import CURRENT, LEGACY


@dataclass(frozen=True)
class CrosswalkSyncReport:
    created: int
    updated: int
    kept: int
    unknown: list[str] = field(default_factory=list)


@transaction.atomic
def crosswalk_sync(*, crosswalk: Crosswalk, models: tuple | None = None) -> CrosswalkSyncReport:
    """Write every row of ``crosswalk`` to the database; rows a person reviewed in the admin are kept as they are.

    Targets that are not active current leaf codes with a retention are skipped (and named in ``unknown``), so the
    table only ever offers codes a letter can be filed under. Written in bulk (2,264 rows in a migration); outside
    a migration every written row is logged. ``models`` lets a data migration pass its historical
    ``(ClassificationCode, CrosswalkEntry, CrosswalkTarget)``.
    """
    from archive.models import ClassificationCode, CrosswalkEntry, CrosswalkTarget

    code_model, entry_model, target_model = models or (ClassificationCode, CrosswalkEntry, CrosswalkTarget)
    legacy = {c.code: c for c in code_model.objects.filter(scheme=LEGACY)}
    leaves = {
        c.code: c for c in code_model.objects.filter(scheme=CURRENT, is_active=True).exclude(final_disposition="")
    }
    existing = {e.legacy_id: e for e in entry_model.objects.all()}
    new_entries, changed, unknown, kept = [], [], [], 0
    for row in crosswalk:
        code = legacy.get(row.legacy_code)
        if code is None:
            unknown.append(row.legacy_code)
            continue
        entry = existing.get(code.pk)
        if entry is not None and entry.reviewed_by_id is not None:
            kept += 1
            continue
        if entry is None:
            entry = entry_model(legacy=code, basis=row.basis, note=row.note)
            new_entries.append(entry)
        else:
            entry.basis, entry.note = row.basis, row.note
            changed.append(entry)
        entry._targets = [leaves[c] for c in row.targets if c in leaves]
        unknown.extend(c for c in row.targets if c not in leaves)
    entry_model.objects.bulk_create(new_entries, batch_size=500)
    entry_model.objects.bulk_update(changed, ["basis", "note"], batch_size=500)
    target_model.objects.filter(entry__in=changed).delete()
    targets = [
        target_model(entry=entry, current=current, sort_order=order)
        for entry in [*new_entries, *changed]
        for order, current in enumerate(entry._targets)
    ]
    target_model.objects.bulk_create(targets, batch_size=1000)
    if models is None:
        _audit(new_entries, changed, targets)
    return CrosswalkSyncReport(created=len(new_entries), updated=len(changed), kept=kept, unknown=unknown)


def _audit(new_entries: list, changed: list, targets: list) -> None:
    from archive.audit import Action, record_bulk

    record_bulk(Action.CREATE, new_entries)
    record_bulk(Action.CHANGE, changed)
    record_bulk(Action.CREATE, targets)


def crosswalk_entry_mark_reviewed(*, entry, user) -> None:
    """Record that ``user`` reviewed ``entry`` (a proposal becomes reviewed); called when the admin form is saved."""
    from archive.models import CrosswalkEntry

    if entry.basis == CrosswalkEntry.Basis.PROPOSED:
        entry.basis = CrosswalkEntry.Basis.REVIEWED
    entry.reviewed_by, entry.reviewed_at = user, timezone.now()
    entry.save(update_fields=["basis", "reviewed_by", "reviewed_at", "updated_at"])

"""Load the classification scheme (and its retention schedule) into the database, or reload a newer file."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from archive.classification.scheme import ClassificationScheme, code_sort_key


@dataclass(frozen=True)
class SyncReport:
    created: int
    updated: int
    deactivated: int


def sort_key_text(code: str, scheme: str) -> str:
    """Return a string that orders codes like their integer tuples ('000.1.10' after '000.1.9')."""
    return ".".join(f"{part:04d}" for part in code_sort_key(code, scheme))


FIELDS = (
    "title",
    "parent_id",
    "level",
    "sort_key",
    "retention_active_years",
    "retention_inactive_years",
    "final_disposition",
    "retention_active_trigger",
    "final_disposition_note",
    "uncertain",
    "is_active",
)


@transaction.atomic
def classification_codes_sync(*, scheme: ClassificationScheme, model=None) -> SyncReport:
    """Create or update every code of ``scheme``; codes no longer in the file are deactivated, never deleted.

    Rows are written level by level in bulk, so parents exist before their children point at them.
    ``model`` lets a data migration pass its historical model; it defaults to ClassificationCode.
    """
    from archive.audit import Action, record_bulk
    from archive.models import ClassificationCode

    model = model or ClassificationCode
    # Bulk writes send no signals; they are logged here, except from a migration (its historical model), which
    # runs before the audit log exists.
    audited = model is ClassificationCode
    existing = {(row.scheme, row.code): row for row in model.objects.all()}
    created = updated = 0
    seen: set[tuple[str, str]] = set()
    for level in sorted({entry.level for entry in scheme}):
        new_rows, changed = [], []
        for entry in (e for e in scheme if e.level == level):
            key = (entry.scheme, entry.code)
            seen.add(key)
            values = _values(entry, existing)
            row = existing.get(key)
            if row is None:
                new_rows.append(model(scheme=entry.scheme, code=entry.code, **values))
            elif any(getattr(row, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(row, name, value)
                changed.append(row)
        for row in model.objects.bulk_create(new_rows, batch_size=500):
            existing[(row.scheme, row.code)] = row
        model.objects.bulk_update(changed, FIELDS, batch_size=500)
        if audited:
            _audit(Action.CREATE, new_rows)
            _audit(Action.CHANGE, changed)
        created, updated = created + len(new_rows), updated + len(changed)
    stale = [row.pk for key, row in existing.items() if key not in seen and row.is_active]
    model.objects.filter(pk__in=stale).update(is_active=False)
    if audited:
        record_bulk(Action.CHANGE, model.objects.filter(pk__in=stale), changes={"is_active": [True, False]})
    return SyncReport(created=created, updated=updated, deactivated=len(stale))


def _audit(action: str, rows: list) -> None:
    from archive.audit import record

    for row in rows:
        record(action, row, changes={name: [None, _plain(getattr(row, name))] for name in ("scheme", "code", *FIELDS)})


def _plain(value):
    return value.pk if hasattr(value, "pk") else value


def _values(entry, existing: dict) -> dict:
    parent = existing.get((entry.scheme, entry.parent)) if entry.parent else None
    return {
        "title": entry.title,
        "parent_id": parent.pk if parent else None,
        "level": entry.level,
        "sort_key": sort_key_text(entry.code, entry.scheme),
        "retention_active_years": entry.retention_active_years,
        "retention_inactive_years": entry.retention_inactive_years,
        "final_disposition": entry.final_disposition or "",
        "retention_active_trigger": entry.retention_active_trigger or "",
        "final_disposition_note": entry.final_disposition_note or "",
        "uncertain": entry.uncertain,
        "is_active": True,
    }

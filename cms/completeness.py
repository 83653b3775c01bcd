"""The completeness check of a catalogue page, shown to the editor and the moderator alike.

It lists, from the page as it stands now: the fields the importer could not fill that are still empty,
the fields every page of its kind needs, the steps without an actor or a time, and the importer's notes
nobody has ticked as checked. Filling a field or ticking a note clears it from the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from cms.blocks import items_of

FIELD_LABELS = {
    "sop_number": _("Nomor SOP"),
    "legal_basis": _("Dasar hukum"),
    "qualifications": _("Kualifikasi pelaksana"),
    "related": _("Keterkaitan"),
    "equipment": _("Peralatan/perlengkapan"),
    "warnings": _("Peringatan"),
    "records": _("Pencatatan dan pendataan"),
    "requirements": _("Persyaratan"),
    "procedure": _("Sistem, mekanisme dan prosedur"),
    "completion_time": _("Waktu penyelesaian"),
    "cost": _("Biaya/tarif"),
    "products": _("Produk layanan"),
    "complaint_channels": _("Penanganan pengaduan"),
    "actors": _("Pelaksana"),
    "steps": _("Langkah kegiatan"),
}
# Every service standard states these (Permenpan RB 15/2014, service delivery components).
STANDARD_REQUIRED = ("requirements", "procedure", "completion_time", "cost", "products", "complaint_channels")


@dataclass
class Completeness:
    """What a page still lacks; empty lists mean it is complete."""

    missing: list[str] = field(default_factory=list)
    steps_without_actor: list[int] = field(default_factory=list)
    steps_without_time: list[int] = field(default_factory=list)
    open_notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.missing or self.steps_without_actor or self.steps_without_time or self.open_notes)

    @property
    def missing_labels(self) -> list[str]:
        return [str(FIELD_LABELS.get(name, name)) for name in self.missing]


def is_empty(page, name: str) -> bool:
    """Return whether field ``name`` of ``page`` holds nothing (an item list without items, blank text)."""
    if name == "cost":
        return not (page.cost.strip() or page.is_free)
    if name in ("actors", "steps", "related"):
        relation = {"related": "related_links"}.get(name, name)
        return not getattr(page, relation).all()
    value = getattr(page, name, None)
    if value is None:
        return True
    if hasattr(value, "stream_block") or hasattr(value, "raw_data"):
        return not items_of(value)
    return not str(value).strip()


def page_completeness(page) -> Completeness:
    """Return the completeness check of a SOP or service-standard page (as edited, not as published)."""
    from cms.models import ServiceStandardPage, SopPage

    result = Completeness()
    reported = [name for name in (getattr(page, "import_unparsed", None) or []) if name in FIELD_LABELS]
    required = list(STANDARD_REQUIRED) if isinstance(page, ServiceStandardPage) else ["actors", "steps"]
    for name in dict.fromkeys(required + reported):
        if hasattr(page, name) or name in ("actors", "steps", "related"):
            if is_empty(page, name):
                result.missing.append(name)
    if isinstance(page, SopPage):
        steps = list(page.steps.all())
        result.steps_without_actor = [n for n, step in enumerate(steps, 1) if not step.actor.strip()]
        result.steps_without_time = [n for n, step in enumerate(steps, 1) if not step.has_duration]
    result.open_notes = [note.text for note in page.import_notes.all() if not note.resolved]
    return result

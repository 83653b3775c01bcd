"""Fill a service-standard page (Permenpan RB 15/2014) from a parsed standard."""

from __future__ import annotations

import html

from cms.importers import ParsedSop
from cms.models import ServiceStandardPage, StandardImportNote


def fill_standard(page: ServiceStandardPage, sop: ParsedSop) -> None:
    """Copy every recognised component of ``sop`` onto ``page`` (nothing saved)."""
    page.title = sop.title[:255]
    page.draft_title = page.title
    for name in ("requirements", "products", "complaint_channels", "legal_basis", "facilities", "executor_competence"):
        setattr(page, name, [("item", item) for item in getattr(sop, name)])
    page.procedure = (
        "<ol>" + "".join(f"<li>{_lines(step)}</li>" for step in sop.procedure) + "</ol>" if sop.procedure else ""
    )
    page.completion_time = sop.completion_time[:200]
    page.cost, page.is_free = sop.cost[:300], sop.is_free
    page.internal_supervision = sop.internal_supervision
    page.executor_count = sop.executor_count[:200]
    page.service_guarantee = sop.service_guarantee
    page.security_guarantee = sop.security_guarantee
    page.performance_evaluation = sop.performance_evaluation
    page.import_unparsed = list(sop.unparsed)
    page.import_notes = [StandardImportNote(text=note, sort_order=index) for index, note in enumerate(sop.notes)]


def _lines(text: str) -> str:
    return "<br/>".join(html.escape(line.strip()) for line in text.splitlines() if line.strip())

"""Case files due for pemindahan (active period over) or for final disposition (inactive period over)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet

from archive.models import CaseFile

OPEN_STATUSES = [CaseFile.Status.ACTIVE, CaseFile.Status.CLOSED]
KEPT_STATUSES = [CaseFile.Status.ACTIVE, CaseFile.Status.CLOSED, CaseFile.Status.INACTIVE]


def casefiles_due_for_transfer(*, as_of: datetime.date) -> QuerySet[CaseFile]:
    """Files whose active period has passed and that still sit at the unit (active or closed)."""
    return (
        CaseFile.objects.filter(active_until__lt=as_of, status__in=OPEN_STATUSES)
        .select_related("classification", "unit")
        .order_by("active_until", "number")
    )


def casefiles_due_for_disposition(*, as_of: datetime.date, final_disposition: str | None = None) -> QuerySet[CaseFile]:
    """Files whose inactive period has passed and which have not met their fate yet."""
    qs = CaseFile.objects.filter(inactive_until__lt=as_of, status__in=KEPT_STATUSES)
    if final_disposition:
        qs = qs.filter(classification__final_disposition=final_disposition)
    return qs.select_related("classification", "unit").order_by("inactive_until", "number")


@dataclass
class RetentionReport:
    """The report: due for transfer, and due for final disposition split by musnah/permanen/dinilai kembali."""

    as_of: datetime.date
    transfer: list[CaseFile]
    disposition: dict[str, list[CaseFile]] = field(default_factory=dict)


def retention_report(*, as_of: datetime.date) -> RetentionReport:
    disposition: dict[str, list[CaseFile]] = {"musnah": [], "permanen": [], "dinilai_kembali": []}
    for case_file in casefiles_due_for_disposition(as_of=as_of):
        disposition.setdefault(case_file.classification.final_disposition, []).append(case_file)
    return RetentionReport(as_of=as_of, transfer=list(casefiles_due_for_transfer(as_of=as_of)), disposition=disposition)

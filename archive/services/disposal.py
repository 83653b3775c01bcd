"""Pemusnahan: the only path on which archival records are destroyed (propose, submit, decide, execute).

Rules: only files whose inactive period is over, whose final disposition is musnah and that are not held may be
proposed; holds are checked again at execution; approval is by the Kepala ANRI when the longest retention in the
proposal is 10 years or more, otherwise by the Kepala Daerah; execution keeps every row and the berita acara with
the list of what was destroyed, and removes only the stored originals of the filed letters.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from archive.audit import Action, record_bulk
from archive.models import (
    Capture,
    CaseFile,
    DisposalProposal,
    DisposalProposalItem,
    DisposalRecord,
    disposal_path,
)
from archive.selectors.retention import casefiles_due_for_disposition

ANRI_THRESHOLD_YEARS = 10
RECORD_TEMPLATE = "archive/filing/berita_acara.html"


def retention_years(case_file: CaseFile) -> int:
    code = case_file.classification
    return (code.retention_active_years or 0) + (code.retention_inactive_years or 0)


def approval_authority_for(*, years: int) -> str:
    """Kepala ANRI for a retention of 10 years or more, Kepala Daerah below (JRA 000.5.6.2)."""
    if years >= ANRI_THRESHOLD_YEARS:
        return DisposalProposal.Authority.KEPALA_ANRI
    return DisposalProposal.Authority.KEPALA_DAERAH


def _check_proposable(case_files: list[CaseFile], *, as_of: datetime.date) -> None:
    due = set(casefiles_due_for_disposition(as_of=as_of, final_disposition="musnah").values_list("pk", flat=True))
    for case_file in case_files:
        if case_file.legal_hold:
            raise ValidationError(f"Berkas {case_file.number} ditahan: {case_file.legal_hold_reason}")
        if case_file.pk not in due:
            raise ValidationError(f"Berkas {case_file.number} belum jatuh tempo musnah.")
    open_elsewhere = DisposalProposalItem.objects.filter(
        case_file__in=case_files,
        proposal__status__in=[
            DisposalProposal.Status.DRAFT,
            DisposalProposal.Status.SUBMITTED,
            DisposalProposal.Status.APPROVED,
        ],
    )
    if open_elsewhere.exists():
        raise ValidationError(f"Berkas {open_elsewhere.first().case_file.number} sudah ada dalam usul lain.")


def proposal_candidates(*, as_of: datetime.date) -> QuerySet[CaseFile]:
    """Files that may go into a new usul musnah: due for musnah, not held, and in no open proposal."""
    open_statuses = [DisposalProposal.Status.DRAFT, DisposalProposal.Status.SUBMITTED, DisposalProposal.Status.APPROVED]
    return (
        casefiles_due_for_disposition(as_of=as_of, final_disposition="musnah")
        .filter(legal_hold=False)
        .exclude(disposal_items__proposal__status__in=open_statuses)
    )


@transaction.atomic
def proposal_create(
    *,
    number: str,
    case_files: list[CaseFile],
    created_by=None,
    as_of: datetime.date | None = None,  # noqa: ANN001
) -> DisposalProposal:
    """Draft an usul musnah of due, unheld musnah files; the approving authority follows the longest retention."""
    if not case_files:
        raise ValidationError("Usul musnah tanpa berkas.")
    _check_proposable(case_files, as_of=as_of or timezone.localdate())
    years = max(retention_years(case_file) for case_file in case_files)
    proposal = DisposalProposal.objects.create(
        number=number,
        created_by=created_by,
        max_retention_years=years,
        approval_authority=approval_authority_for(years=years),
    )
    items = DisposalProposalItem.objects.bulk_create(
        DisposalProposalItem(proposal=proposal, case_file=case_file) for case_file in case_files
    )
    record_bulk(Action.CREATE, items, changes={"proposal_id": [None, proposal.pk]})  # bulk_create sends no signals
    return proposal


def _require(proposal: DisposalProposal, status: str) -> None:
    if proposal.status != status:
        raise ValidationError(f"Usul {proposal.number} berstatus {proposal.get_status_display()}.")


def proposal_submit(*, proposal: DisposalProposal) -> DisposalProposal:
    _require(proposal, DisposalProposal.Status.DRAFT)
    proposal.status = DisposalProposal.Status.SUBMITTED
    proposal.submitted_at = timezone.now()
    proposal.save(update_fields=["status", "submitted_at"])
    return proposal


def proposal_approve(
    *, proposal: DisposalProposal, approver_position: str, approver_name: str, authority: str, note: str = ""
) -> DisposalProposal:
    """Record the approval; ``authority`` must be the one the proposal's longest retention requires."""
    _require(proposal, DisposalProposal.Status.SUBMITTED)
    if authority != proposal.approval_authority:
        raise ValidationError(
            f"Usul ini harus disetujui oleh {proposal.get_approval_authority_display()} "
            f"(retensi terpanjang {proposal.max_retention_years} tahun)."
        )
    proposal.status = DisposalProposal.Status.APPROVED
    proposal.approver_position = approver_position
    proposal.approver_name = approver_name
    proposal.approved_at = timezone.now()
    proposal.decision_note = note
    proposal.save()
    return proposal


def proposal_reject(*, proposal: DisposalProposal, note: str) -> DisposalProposal:
    _require(proposal, DisposalProposal.Status.SUBMITTED)
    proposal.status = DisposalProposal.Status.REJECTED
    proposal.decision_note = note
    proposal.save(update_fields=["status", "decision_note"])
    return proposal


def _destroyed_list(case_files: list[CaseFile]) -> list[dict]:
    return [
        {
            "number": cf.number,
            "code": cf.classification.code,
            "topic": cf.topic,
            "period": f"{cf.opened_on:%Y}–{cf.closed_on:%Y}" if cf.closed_on else f"{cf.opened_on:%Y}",
            "letters": cf.items.count(),
            "location": cf.location,
            "retention": f"{cf.classification.retention_active_years} + {cf.classification.retention_inactive_years}",
        }
        for cf in case_files
    ]


def _remove_originals(case_files: list[CaseFile]) -> None:
    """Clear the stored files of the filed letters (original, searchable PDF, thumbnail); rows stay.

    The files themselves go at commit, so a failed execution (say, the PDF cannot be written) loses nothing.
    """
    names: list[str] = []
    for capture in Capture.objects.filter(letter__case_file_item__case_file__in=case_files):
        for field_name in ("original", "searchable_pdf", "thumbnail"):
            stored = getattr(capture, field_name)
            if stored and stored.name:
                names.append(stored.name)
                setattr(capture, field_name, "")
        capture.save(update_fields=["original", "searchable_pdf", "thumbnail"])
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def _render_pdf(context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(RECORD_TEMPLATE, context)
    return HTML(string=html).write_pdf()


@transaction.atomic
def proposal_execute(*, proposal: DisposalProposal, executed_by=None, witnesses: str = "") -> DisposalRecord:  # noqa: ANN001
    """Destroy the approved files: re-check holds, mark them destroyed, remove originals, write the berita acara."""
    proposal = DisposalProposal.objects.select_for_update().get(pk=proposal.pk)
    _require(proposal, DisposalProposal.Status.APPROVED)
    case_files = list(
        CaseFile.objects.select_for_update().filter(disposal_items__proposal=proposal).select_related("classification")
    )
    held = [cf.number for cf in case_files if cf.legal_hold]
    if held:
        raise ValidationError(f"Berkas ditahan, pemusnahan dibatalkan: {', '.join(held)}")
    executed_at = timezone.now()
    destroyed = _destroyed_list(case_files)
    with disposal_path():
        _remove_originals(case_files)
    CaseFile.objects.filter(pk__in=[cf.pk for cf in case_files]).update(status=CaseFile.Status.DESTROYED)
    for case_file in case_files:  # update() bypasses the audit signals: each file's change is logged here
        record_bulk(Action.CHANGE, [case_file], changes={"status": [case_file.status, CaseFile.Status.DESTROYED]})
    proposal.status = DisposalProposal.Status.EXECUTED
    proposal.save(update_fields=["status"])
    record = DisposalRecord(
        proposal=proposal,
        executed_at=executed_at,
        executed_by=executed_by,
        witnesses=witnesses,
        destroyed_list=destroyed,
    )
    pdf = _render_pdf({"proposal": proposal, "record": record, "items": destroyed})
    record.pdf.save(f"berita-acara-{proposal.pk}.pdf", ContentFile(pdf), save=False)
    record.save()
    return record

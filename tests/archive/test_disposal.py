"""Tests of pemusnahan: proposals of due files only, holds, approving authority, execution and its berita acara."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import ProtectedError
from pypdf import PdfReader

from archive.models import Capture, CaseFile, DeletionRefused, DisposalProposal, DisposalRecord, IncomingLetter
from archive.services.disposal import (
    proposal_approve,
    proposal_create,
    proposal_execute,
    proposal_reject,
    proposal_submit,
)
from archive.services.filing import casefile_add_letter, casefile_close, casefile_create, casefile_set_hold
from tests.archive.test_filing import make_code
from tests.factories.archive import IncomingLetterFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 6, 1)
DAERAH = DisposalProposal.Authority.KEPALA_DAERAH
ANRI = DisposalProposal.Authority.KEPALA_ANRI


@pytest.fixture
def codes():
    return {
        "short": make_code("T70.1", active=2, inactive=3, disposition="musnah"),
        "long": make_code("T70.2", active=3, inactive=7, disposition="musnah"),
        "permanen": make_code("T70.3", active=2, inactive=3, disposition="permanen"),
    }


def open_file(number, code, opened_on=datetime.date(2019, 3, 1)):
    return casefile_create(
        number=number, unit=UnitFactory(), classification=code, topic=f"Undangan {number}", opened_on=opened_on
    )


def closed_file(number, code, closed_on=datetime.date(2019, 3, 1)):
    return casefile_close(case_file=open_file(number, code, closed_on), closed_on=closed_on)


def close(case_file, closed_on=datetime.date(2019, 3, 1)):
    return casefile_close(case_file=case_file, closed_on=closed_on)


def filed_letter(case_file, content=b"%PDF-1.4 scan"):
    letter = IncomingLetterFactory(classification=case_file.classification)
    capture = Capture(
        original_name="scan.pdf", sha256=hashlib.sha256(content).hexdigest(), size=len(content), letter=letter
    )
    capture.original.save("originals/test/scan.pdf", ContentFile(content), save=False)
    capture.thumbnail.save("thumbs/test/scan.png", ContentFile(b"png"), save=False)
    capture.save()
    casefile_add_letter(case_file=case_file, letter=letter)
    return letter, capture


def propose(case_files, number="UM-1"):
    return proposal_create(number=number, case_files=case_files, as_of=AS_OF)


def approved(case_files, authority=DAERAH):
    proposal = proposal_submit(proposal=propose(case_files))
    return proposal_approve(
        proposal=proposal, approver_position="Bupati", approver_name="H. Contoh", authority=authority
    )


def test_only_due_musnah_files_may_be_proposed(codes):
    due = closed_file("D-1", codes["short"])
    with pytest.raises(ValidationError, match="belum jatuh tempo"):
        propose([closed_file("D-2", codes["short"], closed_on=datetime.date(2024, 1, 1))])
    with pytest.raises(ValidationError, match="belum jatuh tempo"):
        propose([closed_file("D-3", codes["permanen"])])
    with pytest.raises(ValidationError):
        propose([])
    proposal = propose([due])
    assert proposal.status == DisposalProposal.Status.DRAFT
    assert [item.case_file for item in proposal.items.all()] == [due]
    with pytest.raises(ValidationError, match="usul lain"):
        propose([due], number="UM-2")


def test_a_hold_blocks_the_proposal(codes):
    case_file = casefile_set_hold(case_file=closed_file("D-1", codes["short"]), reason="Sengketa lahan")
    with pytest.raises(ValidationError, match="ditahan"):
        propose([case_file])


@pytest.mark.parametrize(("code", "years", "authority"), [("short", 5, DAERAH), ("long", 10, ANRI)])
def test_the_approving_authority_follows_the_longest_retention(codes, code, years, authority):
    files = [closed_file("D-1", codes["short"]), closed_file("D-2", codes[code], closed_on=datetime.date(2015, 1, 1))]
    proposal = proposal_submit(proposal=propose(files))
    assert (proposal.max_retention_years, proposal.approval_authority) == (years, authority)
    wrong = ANRI if authority == DAERAH else DAERAH
    with pytest.raises(ValidationError, match="harus disetujui"):
        proposal_approve(proposal=proposal, approver_position="x", approver_name="y", authority=wrong)
    proposal_approve(proposal=proposal, approver_position="Kepala", approver_name="Nama", authority=authority)
    assert proposal.status == DisposalProposal.Status.APPROVED and proposal.approved_at


def test_workflow_order_is_enforced(codes):
    proposal = propose([closed_file("D-1", codes["short"])])
    with pytest.raises(ValidationError):
        proposal_approve(proposal=proposal, approver_position="x", approver_name="y", authority=DAERAH)
    with pytest.raises(ValidationError):
        proposal_execute(proposal=proposal)
    proposal_submit(proposal=proposal)
    proposal_reject(proposal=proposal, note="Masih diperlukan")
    assert proposal.status == DisposalProposal.Status.REJECTED
    with pytest.raises(ValidationError):
        proposal_execute(proposal=proposal)


def test_a_hold_set_after_approval_blocks_execution(codes):
    case_file = open_file("D-1", codes["short"])
    letter, capture = filed_letter(case_file)
    proposal = approved([close(case_file)])
    casefile_set_hold(case_file=case_file, reason="Permintaan penyidik")
    with pytest.raises(ValidationError, match="ditahan"):
        proposal_execute(proposal=proposal)
    case_file.refresh_from_db()
    proposal.refresh_from_db()
    assert case_file.status == CaseFile.Status.CLOSED
    assert proposal.status == DisposalProposal.Status.APPROVED
    assert default_storage.exists(capture.original.name)
    assert not DisposalRecord.objects.exists()


def test_execution_keeps_rows_and_the_record_and_removes_the_originals(codes, django_capture_on_commit_callbacks):
    destroyed = open_file("D-1", codes["short"])
    kept = open_file("D-2", codes["short"])
    letter, capture = filed_letter(destroyed)
    other_letter, other_capture = filed_letter(kept)
    close(destroyed), close(kept)
    original, thumbnail = capture.original.name, capture.thumbnail.name
    user = UserFactory()

    proposal = approved([destroyed])
    with django_capture_on_commit_callbacks(execute=True):
        record = proposal_execute(proposal=proposal, executed_by=user, witnesses="Saksi Satu\nSaksi Dua")

    destroyed.refresh_from_db()
    capture.refresh_from_db()
    assert destroyed.status == CaseFile.Status.DESTROYED
    assert record.proposal.status == DisposalProposal.Status.EXECUTED
    assert IncomingLetter.objects.filter(pk=letter.pk).exists() and destroyed.items.count() == 1
    assert not default_storage.exists(original) and not default_storage.exists(thumbnail)
    assert capture.original.name == "" and Capture.objects.filter(pk=capture.pk).exists()
    assert default_storage.exists(other_capture.original.name)
    assert [row["number"] for row in record.destroyed_list] == ["D-1"]
    assert record.destroyed_list[0]["letters"] == 1
    with record.pdf.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    assert "BERITA ACARA PEMUSNAHAN ARSIP" in text
    assert "D-1" in text and "T70.1" in text and "Saksi Dua" in text and "D-2" not in text
    with pytest.raises(DeletionRefused):
        record.delete()


def test_nothing_is_deleted_outside_the_disposal_path_even_after_execution(codes):
    case_file = open_file("D-1", codes["short"])
    letter, _ = filed_letter(case_file)
    proposal_execute(proposal=approved([close(case_file)]))
    with pytest.raises(DeletionRefused):
        CaseFile.objects.get(pk=case_file.pk).delete()
    # A filed letter is also held by its CaseFileItem (PROTECT); either way the refusal is a ProtectedError.
    with pytest.raises(ProtectedError), transaction.atomic():
        IncomingLetter.objects.get(pk=letter.pk).delete()
    assert IncomingLetter.objects.filter(pk=letter.pk).exists()

"""Bulk writes (queryset update() and bulk_create) send no signals; the services that make them log each record."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from archive.audit import acting_as
from archive.audit_chain import decrypt_values
from archive.models import AuditEvent, Capture, CaseFile, ClassificationCode, ReviewStep
from archive.services.capture import capture_create, captures_fail_stale
from archive.services.disposal import proposal_approve, proposal_create, proposal_execute, proposal_submit
from archive.services.dispositions import disposition_create
from archive.services.letters import letter_confirm
from archive.services.outgoing import outgoing_create, outgoing_review, outgoing_submit
from tests.archive.test_disposal import AS_OF, DAERAH, close, open_file
from tests.archive.test_filing import make_code
from tests.factories.archive import IncomingLetterFactory, UserFactory
from tests.factories.dispositions import build_office, instructions

pytestmark = pytest.mark.django_db


def events(model: str, pk, action: str):
    return AuditEvent.objects.filter(object_type=f"archive.{model}", object_id=str(pk), action=action)


def test_registration_logs_the_status_change_of_its_capture():
    clerk = UserFactory(username="pencatat")
    capture = capture_create(content=b"%PDF-1.4 bulk audit", name="s.pdf", user=clerk).capture
    letter = IncomingLetterFactory(security="rahasia")
    Capture.objects.filter(pk=capture.pk).update(letter=letter, status=Capture.Status.NEEDS_REVIEW)
    letter_confirm(letter=letter, user=clerk)
    [event] = events("capture", capture.pk, "change").filter(changes__has_key="status")
    # A rahasia letter: the log names the field, the values are sealed for those who may open the letter.
    assert event.changes["status"] == ["•••", "•••"] and event.actor_id == clerk.pk
    assert event.sealed_for == f"letter:{letter.pk}"
    assert decrypt_values(event.sealed_values)["status"] == ["needs_review", "registered"]
    assert event.letter_id == letter.pk and event.object_repr == f"#{capture.pk}"  # restricted: no name


def test_each_recipient_of_a_disposition_is_logged():
    office = build_office()
    letter = letter_confirm(letter=IncomingLetterFactory(), user=office.users["kadis"])
    disposition = disposition_create(
        letter=letter,
        from_position=office["kadis"],
        user=office.users["kadis"],
        recipients=[office["kabid"], office["sekretaris"]],
        instructions=instructions("Untuk diketahui"),
    )
    for recipient in disposition.recipients.all():
        [event] = events("dispositionrecipient", recipient.pk, "create")
        assert event.changes["position_id"] == [None, recipient.position_id]
        assert event.letter_id == letter.pk and event.actor_id == office.users["kadis"].pk


def test_review_steps_created_and_skipped_are_logged():
    office = build_office()
    drafter = office.users["staf"]
    letter = outgoing_create(
        unit=office["kasi"].unit,
        drafter=drafter,
        subject="Jawaban permohonan data",
        body="Isi",
        classification=ClassificationCode.objects.get(scheme="permendagri_83_2022", code="800.1.3"),
        addressees="Kepala BKD",
    )
    outgoing_submit(letter=letter, user=drafter, verifiers=[office["kasi"], office["kabid"]], signer=office["kadis"])
    steps = list(ReviewStep.objects.filter(letter=letter).order_by("order"))
    assert all(events("reviewstep", step.pk, "create").count() == 1 for step in steps)
    outgoing_review(letter=letter, user=office.users["kasi"], decision="returned", comment="Perbaiki tembusan.")
    for step in steps[1:]:  # the Kabid's and the signer's steps were never reached
        [event] = events("reviewstep", step.pk, "change")
        assert event.changes == {"decision": ["pending", "skipped"]}


def test_disposal_items_and_destroyed_files_are_logged():
    code = make_code("T71.1", active=2, inactive=3, disposition="musnah")
    case_file = open_file("B-1", code)
    close(case_file)
    proposal = proposal_create(number="UM-9", case_files=[case_file], as_of=AS_OF)
    [item] = proposal.items.all()
    assert events("disposalproposalitem", item.pk, "create").count() == 1
    proposal = proposal_approve(
        proposal=proposal_submit(proposal=proposal),
        approver_position="Bupati",
        approver_name="H. Contoh",
        authority=DAERAH,
    )
    user = UserFactory(username="arsiparis")
    with acting_as(user=user, source="uji"):
        proposal_execute(proposal=proposal, executed_by=user)
    changes = events("casefile", case_file.pk, "change").filter(changes__has_key="status")
    [event] = [event for event in changes if event.changes["status"][1] == CaseFile.Status.DESTROYED]
    assert event.changes["status"] == [CaseFile.Status.CLOSED, CaseFile.Status.DESTROYED]
    assert event.actor_id == user.pk


def test_stale_captures_marked_failed_are_logged():
    capture = capture_create(content=b"%PDF-1.4 stale", name="macet.pdf").capture
    long_ago = timezone.now() - datetime.timedelta(days=1)
    Capture.objects.filter(pk=capture.pk).update(status=Capture.Status.PROCESSING, updated_at=long_ago)
    assert captures_fail_stale() == 1
    [event] = events("capture", capture.pk, "change").filter(changes__has_key="status")
    assert event.changes["status"] == ["processing", "failed"]

"""Segregation of duties on outgoing letters: no self-signing, a signer above the drafter, the verifier chain
proposed from the organisation tree and kept after a return, and an addressee before submission."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from archive.models import ClassificationCode, OutgoingLetter, PositionHolder
from archive.selectors.review_chain import chain_proposal, signer_choices
from archive.services import outgoing as services
from tests.factories.dispositions import build_office

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 10)


@pytest.fixture
def office():
    return build_office()


@pytest.fixture
def code():
    return ClassificationCode.objects.get(scheme="permendagri_83_2022", code="800.1.3")


def draft(office, code, *, by="staf", addressees="Kepala BKD") -> OutgoingLetter:
    return services.outgoing_create(
        unit=office["staf"].unit if by == "staf" else office[by].unit,
        drafter=office.users[by],
        subject="Usul mutasi",
        classification=code,
        body="Dengan hormat",
        addressees=addressees,
    )


def test_a_staf_member_cannot_sign_his_own_letter(office, code):
    letter = draft(office, code)
    with pytest.raises(ValidationError, match="sendiri"):
        services.outgoing_submit(letter=letter, user=office.users["staf"], verifiers=[], signer=office["staf"], day=DAY)
    letter.refresh_from_db()
    assert letter.status == OutgoingLetter.Status.DRAFT and not letter.review_steps.exists()


def test_a_leader_cannot_sign_his_own_draft_nor_verify_it(office, code):
    letter = draft(office, code, by="kasi")
    with pytest.raises(ValidationError, match="sendiri"):
        services.outgoing_submit(letter=letter, user=office.users["kasi"], verifiers=[], signer=office["kasi"], day=DAY)
    with pytest.raises(ValidationError, match="sendiri"):
        services.outgoing_submit(
            letter=letter, user=office.users["kasi"], verifiers=[office["kasi"]], signer=office["kabid"], day=DAY
        )


def test_the_signer_must_be_above_the_drafter(office, code):
    letter = draft(office, code, by="kabid")
    for below_or_aside in (office["kasi"], office["sekretaris"], office["staf"]):
        with pytest.raises(ValidationError):
            services.outgoing_submit(letter=letter, user=office.users["kabid"], verifiers=[], signer=below_or_aside)
    services.outgoing_submit(letter=letter, user=office.users["kabid"], verifiers=[], signer=office["kadis"])


def test_signers_offered_are_the_leaders_above_the_drafter(office):
    offered = signer_choices(user=office.users["staf"], unit=office["staf"].unit, day=DAY)
    assert [position.title for position in offered] == ["Kasi Pendaftaran", "Kabid PIAK", "Kepala Dinas"]
    offered = signer_choices(user=office.users["kabid"], unit=office["kabid"].unit, day=DAY)
    assert [position.title for position in offered] == ["Kepala Dinas"]


def test_the_chain_is_proposed_from_the_organisation_tree(office, code):
    proposal = chain_proposal(letter=draft(office, code), day=DAY)
    assert [p.title for p in proposal.verifiers] == ["Kasi Pendaftaran", "Kabid PIAK"]
    assert proposal.signer == office["kadis"]
    assert office["staf"] not in proposal.verifier_choices and office["staf"] not in proposal.signer_choices


def test_the_chain_of_the_returned_round_is_proposed_again(office, code):
    letter = draft(office, code)
    services.outgoing_submit(
        letter=letter, user=office.users["staf"], verifiers=[office["kasi"]], signer=office["kabid"], day=DAY
    )
    services.outgoing_review(letter=letter, user=office.users["kasi"], decision="returned", comment="Perbaiki", day=DAY)
    letter.refresh_from_db()
    proposal = chain_proposal(letter=letter, day=DAY)
    assert proposal.verifiers == [office["kasi"]] and proposal.signer == office["kabid"]


def test_an_addressee_is_required_before_submission(office, code):
    letter = draft(office, code, addressees="  ")
    with pytest.raises(ValidationError, match="tujuan"):
        services.outgoing_submit(letter=letter, user=office.users["staf"], verifiers=[], signer=office["kadis"])


def test_a_drafter_acting_for_the_signers_post_still_cannot_sign(office, code):
    letter = draft(office, code)
    services.outgoing_submit(letter=letter, user=office.users["staf"], verifiers=[], signer=office["kasi"], day=DAY)
    PositionHolder.objects.create(position=office["kasi"], user=office.users["staf"], start=DAY, acting=True)
    assert not services.outgoing_user_may_decide(letter=letter, user=office.users["staf"], day=DAY)
    with pytest.raises(PermissionDenied):
        services.outgoing_review(letter=letter, user=office.users["staf"], decision="approved", day=DAY)
    letter.refresh_from_db()
    assert letter.number == ""
    services.outgoing_review(letter=letter, user=office.users["kasi"], decision="approved", day=DAY)
    letter.refresh_from_db()
    assert letter.number  # the real holder signs


def test_the_submit_form_offers_and_preselects_the_proposal(client, office, code):
    from django.contrib.auth.models import Permission

    staf = office.users["staf"]
    staf.user_permissions.add(Permission.objects.get(codename="add_outgoingletter"))
    staf.user_permissions.add(Permission.objects.get(codename="access_admin"))
    letter = draft(office, code)
    client.force_login(staf)
    page = client.get(reverse("archive_outgoing:detail", args=[letter.pk]))
    assert page.status_code == 200
    form = page.context["submit_form"]
    assert [p.title for p in form.fields["signer"].queryset] == ["Kepala Dinas", "Kabid PIAK", "Kasi Pendaftaran"]
    assert form.initial["signer"] == office["kadis"].pk
    assert form.initial["verifiers"] == [office["kasi"].pk, office["kabid"].pk]
    assert office["staf"] not in form.fields["verifiers"].queryset
    refused = client.post(
        reverse("archive_outgoing:submit", args=[letter.pk]), {"signer": office["staf"].pk, "verifiers": []}
    )
    assert refused.status_code == 400
    letter.refresh_from_db()
    assert letter.status == OutgoingLetter.Status.DRAFT

"""Outgoing letter screens: draft, submit, verifier's return, revise and resubmit, approvals, number, dispatch,
who may open what, and the Surat keluar menu."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import admin_menu

from archive.models import ClassificationCode, OutgoingLetter
from archive.services.outgoing import outgoing_create
from archive.views.outgoing import MANAGE, VIEW_ALL, can_draft
from tests.factories.archive import PositionFactory, PositionHolderFactory, UnitFactory
from tests.factories.eletters import tiny_pdf
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db
START = datetime.date(2024, 1, 1)


@pytest.fixture
def office():
    unit = UnitFactory(name="Dinas Kependudukan", code="427.43")
    people = {
        "drafter": make_user(None, "konseptor", "add_outgoingletter"),
        "kasi": make_user(None, "kasi"),
        "kadis": make_user(None, "kadis"),
        "outsider": make_user(None, "luar"),
    }
    kadis = PositionFactory(unit=unit, title="Kepala Dinas", kind="kepala_dinas", rank=10)
    kasi = PositionFactory(unit=unit, title="Kepala Seksi Pelayanan", kind="kasi", rank=40, parent=kadis)
    posts = {
        "drafter": PositionFactory(unit=unit, title="Staf Pelayanan", kind="staf", rank=90, parent=kasi),
        "kasi": kasi,
        "kadis": kadis,
    }
    for key, post in posts.items():
        PositionHolderFactory(position=post, user=people[key], start=START)
    return {"unit": unit, "people": people, "posts": posts}


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_happy_path_from_draft_to_dispatch(office):
    people, posts = office["people"], office["posts"]
    drafter, kasi, kadis = login(people["drafter"]), login(people["kasi"]), login(people["kadis"])
    code = ClassificationCode.objects.get(scheme="permendagri_83_2022", code="800.1.3")
    assert drafter.get(reverse("archive_outgoing:create")).status_code == 200
    response = drafter.post(
        reverse("archive_outgoing:create"),
        {
            "unit": office["unit"].pk,
            "naskah_type": "surat",
            "classification": code.pk,
            "subject": "Usul mutasi pegawai",
            "addressees": "Kepala BKPSDM",
            "urgency": "biasa",
            "security": "biasa",
            "body": "",
            "draft_file": SimpleUploadedFile("konsep.pdf", tiny_pdf(), content_type="application/pdf"),
        },
    )
    letter = OutgoingLetter.objects.get()
    assert response.status_code == 302 and response.url == reverse("archive_outgoing:detail", args=[letter.pk])
    assert letter.draft_file and letter.drafter == people["drafter"]
    download = drafter.get(reverse("archive_outgoing:draft_file", args=[letter.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == tiny_pdf()
    assert download["Content-Disposition"].startswith("attachment")
    assert login(people["outsider"]).get(reverse("archive_outgoing:draft_file", args=[letter.pk])).status_code == 403

    submit = {"verifiers": [posts["kasi"].pk], "signer": posts["kadis"].pk}
    assert drafter.post(reverse("archive_outgoing:submit", args=[letter.pk]), submit).status_code == 302
    # Only the current step's holder decides: the signer waits for the verifier.
    refused = kadis.post(reverse("archive_outgoing:review", args=[letter.pk]), {"decision": "approved"})
    assert refused.status_code == 400
    assert "Periksa" in kasi.get(reverse("archive_outgoing:detail", args=[letter.pk])).content.decode()
    returned = {"decision": "returned", "comment": "Lengkapi tujuan tembusan"}
    assert kasi.post(reverse("archive_outgoing:review", args=[letter.pk]), returned).status_code == 302
    letter.refresh_from_db()
    assert letter.status == OutgoingLetter.Status.RETURNED

    edit = drafter.get(reverse("archive_outgoing:edit", args=[letter.pk]))
    assert edit.status_code == 200
    revised = {**{f: getattr(letter, f) for f in ("naskah_type", "subject", "urgency", "security")}}
    revised.update(unit=office["unit"].pk, classification=code.pk, addressees="Kepala BKPSDM\nTembusan: Bupati")
    assert drafter.post(reverse("archive_outgoing:edit", args=[letter.pk]), revised).status_code == 302
    assert drafter.post(reverse("archive_outgoing:submit", args=[letter.pk]), submit).status_code == 302
    for client in (kasi, kadis):
        response = client.post(reverse("archive_outgoing:review", args=[letter.pk]), {"decision": "approved"})
        assert response.status_code == 302
    letter.refresh_from_db()
    year = timezone.localdate().year
    assert letter.number == f"800.1.3/1/427.43/{year}" and letter.status == OutgoingLetter.Status.APPROVED

    page = drafter.get(reverse("archive_outgoing:detail", args=[letter.pk])).content.decode()
    assert "Putaran 1" in page and "Putaran 2" in page and "Lengkapi tujuan tembusan" in page
    sent = {"channel": "e_office", "date": timezone.localdate().isoformat(), "recipient": "Kepala BKPSDM"}
    assert drafter.post(reverse("archive_outgoing:dispatch", args=[letter.pk]), sent).status_code == 302
    letter.refresh_from_db()
    assert letter.status == OutgoingLetter.Status.DISPATCHED
    assert letter.dispatches.get().recorded_by == people["drafter"]
    listing = drafter.get(reverse("archive_outgoing:list")).content.decode()
    assert letter.number in listing


def test_outsiders_and_non_drafters_are_refused(office):
    people = office["people"]
    code = ClassificationCode.objects.get(scheme="permendagri_83_2022", code="800.1.3")
    letter = outgoing_create(
        unit=office["unit"], drafter=people["drafter"], subject="Hal", classification=code, body="Isi", addressees="X"
    )
    outsider = login(people["outsider"])
    assert outsider.get(reverse("archive_outgoing:list")).status_code == 403
    assert outsider.get(reverse("archive_outgoing:create")).status_code == 403
    assert outsider.get(reverse("archive_outgoing:detail", args=[letter.pk])).status_code == 403
    kasi = login(people["kasi"])
    assert kasi.get(reverse("archive_outgoing:list")).status_code == 200  # holds a post: may review
    # Not in the chain: the letter is one the Kasi may not open, answered as if it did not exist.
    assert kasi.get(reverse("archive_outgoing:detail", args=[letter.pk])).status_code == 404
    assert kasi.get(reverse("archive_outgoing:edit", args=[letter.pk])).status_code == 404
    assert kasi.get(reverse("archive_outgoing:draft_file", args=[letter.pk])).status_code == 404


def test_draft_without_body_or_file_is_refused(office):
    code = ClassificationCode.objects.get(scheme="permendagri_83_2022", code="800.1.3")
    data = {"unit": office["unit"].pk, "naskah_type": "surat", "classification": code.pk, "subject": "Hal"}
    data.update(urgency="biasa", security="biasa", body="")
    response = login(office["people"]["drafter"]).post(reverse("archive_outgoing:create"), data)
    assert response.status_code == 200 and not OutgoingLetter.objects.exists()


def test_surat_keluar_menu(office):
    request = RequestFactory().get("/admin/")
    request.user = office["people"]["drafter"]
    names = [item.name for item in admin_menu.menu_items_for_request(request)]
    assert "archive-outgoing" in names
    request.user = office["people"]["outsider"]
    assert "archive-outgoing" not in [item.name for item in admin_menu.menu_items_for_request(request)]


def test_default_groups_draft_and_the_operator_sees_every_letter(office):
    staf, operator = make_user(None, "staf"), make_user(None, "tu")
    staf.groups.add(Group.objects.get(name="Staf"))
    operator.groups.add(Group.objects.get(name="Operator"))
    assert can_draft(staf) and not staf.has_perm(VIEW_ALL)
    assert can_draft(operator) and operator.has_perm(VIEW_ALL) and operator.has_perm(MANAGE)
    admin = Group.objects.get(name="Admin").permissions.values_list("codename", flat=True)
    assert {"delete_outgoingletter", "change_reviewstep", "add_dispatch"} <= set(admin)

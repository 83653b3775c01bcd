"""Signing screens: the signer signs on the letter's page with the pass phrase (a wrong one is refused with a
message), the signed PDF is served to those who may open the letter, a required TTE refuses a plain approval,
and the certificate page lets an administrator enrol a signer who then activates, rotates or revokes it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from archive.models import LetterSignature, OutgoingLetter, SigningCertificate
from tests.factories.eletters import (
    PASSPHRASE,
    approve_verifiers,
    build_eoffice,
    composed_letter,
    pdf_text,
    tte_authority,
    tte_certificate,
)
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    office = build_eoffice()
    for user in office.users.values():
        user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "add_outgoingletter"]))
    tte_certificate(office.users["kadis"])
    return office


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_signer_signs_on_the_letter_page(office):
    letter = approve_verifiers(office, composed_letter(office))
    kadis = client_for(office.users["kadis"])
    page = kadis.get(reverse("archive_outgoing:detail", args=[letter.pk])).content.decode()
    assert "Tandatangani secara elektronik (TTE)" in page and "Pass phrase TTE" in page
    assert (
        "Tandatangani secara elektronik"
        not in client_for(office.users["staf"])
        .get(reverse("archive_outgoing:detail", args=[letter.pk]))
        .content.decode()
    )

    wrong = kadis.post(reverse("archive_outgoing:sign", args=[letter.pk]), {"passphrase": "salah sekali"})
    assert wrong.status_code == 400 and "Pass phrase salah" in wrong.content.decode()
    assert not LetterSignature.objects.exists()

    done = kadis.post(reverse("archive_outgoing:sign", args=[letter.pk]), {"passphrase": PASSPHRASE})
    assert done.status_code == 302
    signature = LetterSignature.objects.get()
    page = kadis.get(reverse("archive_outgoing:detail", args=[letter.pk])).content.decode()
    assert signature.code in page and "Buka PDF bertanda tangan" in page
    pdf = kadis.get(reverse("archive_outgoing:signed_pdf", args=[letter.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert signature.letter.number in pdf_text(b"".join(pdf.streaming_content))
    preview = kadis.get(reverse("archive_outgoing:preview_pdf", args=[letter.pk]))
    assert preview.status_code == 302 and preview.url == reverse("archive_outgoing:signed_pdf", args=[letter.pk])


def test_the_signed_pdf_is_only_for_those_who_may_open_the_letter(office):
    from archive.services.signing import outgoing_sign

    letter = approve_verifiers(office, composed_letter(office, security="rahasia"))
    outgoing_sign(letter=letter, user=office.users["kadis"], passphrase=PASSPHRASE)
    url = reverse("archive_outgoing:signed_pdf", args=[letter.pk])
    assert client_for(office.users["staf"]).get(url).status_code == 200
    assert client_for(office.users["sekretaris"]).get(url).status_code == 404
    assert client_for(make_user(None, "luar")).get(url).status_code == 403


def test_a_required_tte_refuses_a_plain_approval_by_the_signer(office, settings):
    settings.ARCHIVE_TTE_REQUIRED = True
    letter = approve_verifiers(office, composed_letter(office))
    response = client_for(office.users["kadis"]).post(
        reverse("archive_outgoing:review", args=[letter.pk]), {"decision": "approved"}
    )
    assert response.status_code == 400 and "harus ditandatangani secara elektronik" in response.content.decode()
    assert OutgoingLetter.objects.get(pk=letter.pk).number == ""
    returned = client_for(office.users["kadis"]).post(
        reverse("archive_outgoing:review", args=[letter.pk]), {"decision": "returned", "comment": "Perbaiki hal"}
    )
    assert returned.status_code == 302  # returning stays possible


def test_enrol_activate_rotate_and_revoke_on_the_certificate_page(office):
    tte_authority()
    admin = make_user(None, "admin-tte", "add_signingcertificate", "change_signingcertificate")
    url = reverse("archive_outgoing:certificates")
    admin_client = client_for(admin)
    assert admin_client.post(url, {"action": "enrol", "user": office.users["kabid"].pk}).status_code == 302
    enrolment = SigningCertificate.objects.get(user=office.users["kabid"])
    assert enrolment.status == "pending" and enrolment.enrolled_by == admin

    kabid = client_for(office.users["kabid"])
    mismatch = kabid.post(url, {"action": "activate", "passphrase": "pass phrase kabid", "confirmation": "lain"})
    assert mismatch.status_code == 400 and "Kedua pass phrase tidak sama" in mismatch.content.decode()
    short = kabid.post(url, {"action": "activate", "passphrase": "pendek", "confirmation": "pendek"})
    assert short.status_code == 400 and "sedikitnya 10 karakter" in short.content.decode()
    assert (
        kabid.post(
            url, {"action": "activate", "passphrase": "pass phrase kabid", "confirmation": "pass phrase kabid"}
        ).status_code
        == 302
    )
    active = SigningCertificate.objects.get(user=office.users["kabid"])
    assert active.status == "active" and active.serial and b"pass phrase kabid" not in bytes(active.keystore)

    wrong = kabid.post(
        url,
        {
            "action": "rotate",
            "current": "bukan ini",
            "passphrase": "pass phrase baru",
            "confirmation": "pass phrase baru",
        },
    )
    assert wrong.status_code == 400 and "Pass phrase saat ini salah" in wrong.content.decode()
    rotated = {
        "action": "rotate",
        "current": "pass phrase kabid",
        "passphrase": "pass phrase baru",
        "confirmation": "pass phrase baru",
    }
    assert kabid.post(url, rotated).status_code == 302
    statuses = dict(SigningCertificate.objects.filter(user=office.users["kabid"]).values_list("pk", "status"))
    assert sorted(statuses.values()) == ["active", "replaced"]

    current = SigningCertificate.objects.get(user=office.users["kabid"], status="active")
    revoke = reverse("archive_outgoing:revoke_certificate", args=[current.pk])
    assert client_for(office.users["staf"]).post(revoke, {"reason": "x"}).status_code == 403
    assert admin_client.post(revoke, {"reason": "Pegawai pindah tugas"}).status_code == 302
    current.refresh_from_db()
    assert (
        current.status == "revoked" and current.revoked_reason == "Pegawai pindah tugas" and current.revoked_by == admin
    )
    assert bytes(current.keystore) == b""

"""The API's ``outgoing/{id}/signed.pdf`` serves the letter as signed electronically once it is signed (not the
approved draft), to those who may open it; a registered letter's detail carries its tracking code."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from archive.models import LetterSignature
from archive.services.signing import outgoing_sign, signed_pdf_bytes
from tests.factories.eletters import PASSPHRASE, approve_verifiers, build_eoffice, composed_letter, tte_certificate
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db


def test_signed_pdf_is_the_pades_signed_file(api_as):
    office = build_eoffice()
    for user in office.users.values():
        user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "add_outgoingletter"]))
    tte_certificate(office.users["kadis"])
    letter = approve_verifiers(office, composed_letter(office))
    staf = api_as(office.users["staf"])
    assert staf.get(f"outgoing/{letter.pk}/signed.pdf").status_code == 409

    outgoing_sign(letter=letter, user=office.users["kadis"], passphrase=PASSPHRASE)
    response = staf.get(f"outgoing/{letter.pk}/signed.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    served = b"".join(response.streaming_content)
    assert served == signed_pdf_bytes(LetterSignature.objects.get(letter=letter))
    assert b"/ByteRange" in served  # the PAdES signature, not the rendered draft
    assert api_as(make_user(None, "luar")).get(f"outgoing/{letter.pk}/signed.pdf").status_code in (403, 404)


def test_a_registered_letter_carries_its_tracking_code(api_as):
    from django.contrib.auth.models import Permission

    from tests.factories.dispositions import registered_letter

    office = build_eoffice()
    staf = office.users["staf"]
    staf.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "change_incomingletter"]))
    letter = registered_letter(user=staf, number="1/2026", sender="Kantor Pos Banjarnegara")
    detail = api_as(staf).get(f"letters/{letter.pk}").json()
    assert detail["tracking_code"] == letter.tracking_code and len(letter.tracking_code) == 12

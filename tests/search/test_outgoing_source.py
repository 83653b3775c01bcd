"""Outgoing letters in search: found by number, hal, addressee and text, only by those who may open them (the
drafter, the posts of the review chain, and for letters that are not restricted those who see every outgoing
letter); a signed letter is found by its number, an uploaded one by the text of its PDF."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.services.signing import outgoing_sign
from search.api import search
from tests.factories.archive import UserFactory
from tests.factories.eletters import (
    PASSPHRASE,
    approve_verifiers,
    build_eoffice,
    composed_letter,
    tiny_pdf,
    tte_certificate,
)
from tests.search import fixtures_records
from tests.search.fixtures_records import apply_all

engine = fixtures_records.engine  # the shared fixture, as the other search tests use it

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(engine):
    office = build_eoffice()
    tte_certificate(office.users["kadis"])
    operator = UserFactory(username="tatausaha")
    operator.user_permissions.add(Permission.objects.get(codename="view_outgoingletter"))
    office.users["operator"] = operator
    return office


def found(office, who: str, text: str) -> list[str]:
    results = search(text, user=office.users[who], filters={"kind": "outgoing"})
    return [hit.id for hit in results.hits]


def test_outgoing_letters_are_found_by_their_words_within_the_access_rule(office):
    open_letter = composed_letter(office, subject="Undangan rapat safir", addressees="Camat Wanayasa")
    secret = composed_letter(office, subject="Evaluasi pegawai safir", security="rahasia")
    apply_all()
    both, only_open = {str(open_letter.pk), str(secret.pk)}, [str(open_letter.pk)]
    assert set(found(office, "staf", "safir")) == both  # the drafter
    assert set(found(office, "kabid", "safir")) == both  # the verifier's post
    assert found(office, "operator", "safir") == only_open  # sees every letter that is not restricted
    assert found(office, "sekretaris", "safir") == []
    assert found(office, "operator", "Wanayasa") == only_open  # the addressee
    assert found(office, "operator", "Bawang") == only_open  # the body's table


def test_a_signed_letter_is_found_by_its_number_and_an_uploaded_one_by_its_text(office):
    letter = approve_verifiers(office, composed_letter(office))
    signature = outgoing_sign(letter=letter, user=office.users["kadis"], passphrase=PASSPHRASE)
    uploaded = composed_letter(
        office, body="", draft_file=SimpleUploadedFile("s.pdf", tiny_pdf("Pemberitahuan kecubung"))
    )
    apply_all()
    assert found(office, "staf", signature.letter.number) == [str(letter.pk)]
    assert found(office, "staf", "kecubung") == [str(uploaded.pk)]
    hit = search("kecubung", user=office.users["staf"]).hits[0]
    assert hit.kind == "outgoing" and hit.url == f"/admin/surat-keluar/{uploaded.pk}/"

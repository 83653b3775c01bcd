"""The API's contract beyond access: tokens made and revoked in the admin, JSON errors, pagination, rate limits per
token, uploading and registering a capture, the public catalogue, the OpenAPI schema and its interactive docs."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openapi_spec_validator import validate
from wagtail.models import APIToken

from archive.models import Capture, ClassificationCode, IncomingLetter
from tests.api.conftest import TokenClient
from tests.factories import cms as cms_factories
from tests.factories.archive import IncomingLetterFactory, UserFactory
from tests.factories.dispositions import build_office

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"


def operator(name: str = "operator"):
    user = UserFactory(username=name)
    user.groups.add(Group.objects.get(name="Operator"))
    return user


def test_a_token_made_in_the_admin_works_until_its_owner_revokes_it():
    user = operator()
    admin = Client()
    admin.force_login(user)
    page = admin.post(reverse("wagtailusers_api_tokens:add"), {"user": user.pk, "name": "pemindai lantai 2"})
    assert page.status_code == 200
    [key] = re.findall(r"wagtail_[0-9A-Za-z]+", page.content.decode())
    token = APIToken.objects.get(user=user)
    assert key not in (token.key_hash, token.prefix) and token.key_hash != key  # stored as a digest only
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert Client().get("/api/v1/letters/", **headers).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    revoked = admin.post(reverse("wagtailusers_api_tokens:delete", args=[token.pk]))
    assert revoked.status_code == 302
    response = Client().get("/api/v1/letters/", **headers)
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


def test_errors_are_json_with_a_clear_message():
    client = TokenClient(operator())
    assert Client().get("/api/v1/letters/").json()["code"] == "unauthenticated"
    wrong = Client().get("/api/v1/letters/", HTTP_AUTHORIZATION="Bearer wagtail_nope")
    assert wrong.status_code == 401
    missing = client.get("letters/999999")
    assert missing.status_code == 404 and missing.json() == {"detail": "Tidak ditemukan.", "code": "not_found"}
    bad = client.get("letters/", {"per_page": 1000})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid" and "per_page" in bad.json()["detail"]
    bad_date = client.get("letters/", {"received_from": "kemarin"})
    assert bad_date.status_code == 422 and "received_from" in bad_date.json()["detail"]
    bad_filter = client.get("search/", {"kind": "nothing"})
    assert bad_filter.status_code == 422 and "nothing" in bad_filter.json()["detail"]
    not_mine = TokenClient(UserFactory(username="tamu")).get("letters/")
    assert not_mine.status_code == 403 and not_mine.json()["code"] == "forbidden"


def test_lists_are_paged():
    user = operator()
    for number in range(5):
        IncomingLetterFactory(number=f"00{number}/A/2025")
    client = TokenClient(user)
    first = client.get("letters/", {"per_page": 2}).json()
    assert (first["count"], first["page"], first["pages"], len(first["items"])) == (5, 1, 3, 2)
    last = client.get("letters/", {"per_page": 2, "page": 3}).json()
    assert len(last["items"]) == 1
    seen = {
        item["id"]
        for page in (1, 2, 3)
        for item in client.get("letters/", {"per_page": 2, "page": page}).json()["items"]
    }
    assert len(seen) == 5
    beyond = client.get("letters/", {"per_page": 2, "page": 4})
    assert beyond.status_code == 404 and "3" in beyond.json()["detail"]


def test_each_token_has_its_own_rate_limit(settings):
    settings.API_TOKEN_RATE = "3/m"
    user = operator()
    first, second = TokenClient(user), TokenClient(user)
    assert [first.get("letters/").status_code for _ in range(3)] == [200, 200, 200]
    limited = first.get("letters/")
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"
    assert int(limited["Retry-After"]) > 0
    assert second.get("letters/").status_code == 200  # another token of the same user has its own budget


def test_upload_follow_and_register_a_capture(django_capture_on_commit_callbacks):
    build_office()
    user = operator()
    client = TokenClient(user)
    upload = SimpleUploadedFile("surat.pdf", PDF + b"api", content_type="application/pdf")
    created = client.post("captures/", {"file": upload}, json=False)
    assert created.status_code == 201, created.content
    capture_id = created.json()["capture"]["id"]
    capture = Capture.objects.get(pk=capture_id)
    assert capture.source == Capture.Source.API and capture.created_by == user
    again = client.post("captures/", {"file": SimpleUploadedFile("lagi.pdf", PDF + b"api")}, json=False)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert client.get(f"captures/{capture_id}").json()["status"] in {"queued", "processing", "needs_review", "failed"}
    # What the pipeline would leave for review: a draft letter with its values read.
    letter = IncomingLetterFactory(number="005/77/2025", sender="Camat Contoh", subject="Undangan rapat")
    capture.letter, capture.status = letter, Capture.Status.NEEDS_REVIEW
    capture.save()
    code = ClassificationCode.objects.filter(is_active=True, retention_active_years__isnull=False).first()
    refused = client.post(f"captures/{capture_id}/register", {"urgency": "kilat"})
    assert refused.status_code == 422 and "urgency" in refused.json()["detail"]
    registered = client.post(
        f"captures/{capture_id}/register", {"subject": "Undangan rapat koordinasi", "classification": code.pk}
    )
    assert registered.status_code == 200, registered.content
    letter.refresh_from_db()
    assert letter.status == IncomingLetter.Status.REGISTERED and letter.subject == "Undangan rapat koordinasi"
    assert letter.number == "005/77/2025" and letter.classification == code  # omitted fields keep their values
    assert registered.json()["agenda_number"] == letter.register_entry.agenda_number
    assert client.post(f"captures/{capture_id}/register", {}).status_code == 409  # not awaiting review any more


def test_staff_without_upload_permission_cannot_upload():
    staf = UserFactory(username="staf_biasa")
    staf.groups.add(Group.objects.get(name="Staf"))
    response = TokenClient(staf).post("captures/", {"file": SimpleUploadedFile("a.pdf", PDF)}, json=False)
    assert response.status_code == 403 and not Capture.objects.exists()


def test_the_public_catalogue_needs_no_token(site_tree):
    _home, _catalogue, unit = site_tree
    sop = cms_factories.add_sop(unit, title="Prosedur Penerbitan Akta Kelahiran", requirements=[("item", "KTP")])
    cms_factories.add_sop(unit, title="Draf yang belum terbit", publish=False)
    anonymous = Client()
    listing = anonymous.get("/api/v1/catalogue/")
    assert listing.status_code == 200
    assert [item["title"] for item in listing.json()["items"]] == ["Prosedur Penerbitan Akta Kelahiran"]
    detail = anonymous.get(f"/api/v1/catalogue/{sop.pk}").json()
    assert detail["requirements"] == ["KTP"] and len(detail["steps"]) == 3
    assert detail["steps"][0]["activity"] == "Menerima dan mencatat surat masuk"
    assert anonymous.get("/api/v1/catalogue/999999").status_code == 404


def test_the_openapi_schema_is_valid_and_the_docs_open():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["info"]["title"] == "Naskah API"
    for path in (
        "/api/v1/captures/",
        "/api/v1/letters/{letter_id}",
        "/api/v1/dispositions/inbox",
        "/api/v1/outgoing/{letter_id}/signed.pdf",
        "/api/v1/casefiles/",
        "/api/v1/search/",
        "/api/v1/catalogue/",
    ):
        assert path in schema["paths"], path
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()

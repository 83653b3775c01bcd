"""No stored file has a public address: /media/ answers 404 for every kind, to everyone, and each kind is served
by its access-checked view per the rule (and by the front web server when NASKAH_SENDFILE says so). Derived
files are named by their content or an unguessable key, never by a row id."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import ClassificationCode, DisposalProposal, DisposalRecord
from archive.services.outgoing import outgoing_create
from archive.storage import derived_save
from tests.archive.test_access_rules import body, build_world, client_for

pytestmark = pytest.mark.django_db


def stored_files(world) -> dict[str, tuple[str, str]]:
    """kind -> (storage name, the access-checked URL that serves it)."""
    capture, users = world.capture, world.users
    draft = outgoing_create(
        unit=world.users["kasi"].position_holds.get().position.unit,
        drafter=users["kasi"],
        subject="Konsep balasan",
        classification=ClassificationCode.objects.get(scheme="permendagri_83_2022", code="800.1.3"),
        draft_file=SimpleUploadedFile("konsep.docx", b"PK\x03\x04 konsep"),
        security=world.letter.security,
    )
    proposal = DisposalProposal.objects.create(number="UM/2026/001")
    record = DisposalRecord(proposal=proposal, executed_at=proposal.created_at)
    record.pdf.save("ba.pdf", ContentFile(b"%PDF-1.4 berita acara"), save=True)
    from archive.models import ReportAttachment

    attachment = ReportAttachment.objects.get(pk=world.attachment_pk)
    return {
        "original": (capture.original.name, reverse("archive:capture_file", args=[capture.pk, "asli"])),
        "searchable_pdf": (capture.searchable_pdf.name, reverse("archive:capture_file", args=[capture.pk, "pdf"])),
        "thumbnail": (capture.thumbnail.name, reverse("archive:capture_file", args=[capture.pk, "gambar"])),
        "report_attachment": (attachment.file.name, reverse("archive_dispositions:report_file", args=[attachment.pk])),
        "outgoing_draft": (draft.draft_file.name, reverse("archive_outgoing:draft_file", args=[draft.pk])),
        "berita_acara": (record.pdf.name, reverse("archive_filing:record_pdf", args=[record.pk])),
    }


@pytest.mark.parametrize("security", ["biasa", "rahasia"])
def test_media_urls_answer_404_to_everyone_and_the_views_follow_the_rule(security):
    world = build_world(security)
    files = stored_files(world)
    assert all(default_storage.exists(name) for name, _url in files.values())
    for key in ("superuser", "anonymous", "kadis", "sekretaris", "uploader"):
        client = client_for(world.users[key])
        for kind, (name, _url) in files.items():
            assert client.get(f"/media/{name}").status_code == 404, (key, kind)
    # The letter's own files: on the chain yes, off the chain only when the letter is not restricted; its
    # dispositions' files only for the posts on the chain (a refused letter answers 404, as a missing one would).
    off_chain = 200 if security == "biasa" else 404
    expected = {
        ("kadis", "original"): 200,
        ("kadis", "report_attachment"): 200,
        ("uploader", "original"): 200,
        ("sekretaris", "original"): off_chain,
        ("sekretaris", "searchable_pdf"): off_chain,
        ("sekretaris", "thumbnail"): off_chain,
        ("sekretaris", "report_attachment"): 403 if security == "biasa" else 404,
    }
    for (key, kind), status in expected.items():
        name, url = files[kind]
        response = client_for(world.users[key]).get(url)
        assert response.status_code == status, (key, kind)
        if status == 200:
            assert body(response) == default_storage.open(name).read()
    assert client_for(world.users["superuser"]).get(files["original"][1]).status_code == (
        200 if security == "biasa" else 404
    )
    # The outgoing draft: its drafter yes, a post outside its chain no.
    assert client_for(world.users["kasi"]).get(files["outgoing_draft"][1]).status_code == 200
    assert client_for(world.users["sekretaris"]).get(files["outgoing_draft"][1]).status_code == 404
    assert client_for(world.users["anonymous"]).get(files["berita_acara"][1]).status_code in (302, 403)


def test_the_front_web_server_can_send_the_file_after_the_check(settings):
    world = build_world("rahasia")
    settings.NASKAH_SENDFILE = "x-accel-redirect"
    settings.NASKAH_SENDFILE_PREFIX = "/protected-media/"
    name = world.capture.original.name
    url = reverse("archive:capture_file", args=[world.capture.pk, "asli"])
    response = client_for(world.users["kadis"]).get(url)
    assert response.status_code == 200 and response["X-Accel-Redirect"] == f"/protected-media/{name}"
    assert response.content == b""  # nginx sends the bytes
    assert client_for(world.users["sekretaris"]).get(url).status_code == 404
    settings.NASKAH_SENDFILE = "x-sendfile"
    response = client_for(world.users["kadis"]).get(url)
    assert response["X-Sendfile"] == default_storage.path(name)


def test_derived_files_are_named_by_their_content():
    first = derived_save(data=b"%PDF-1.4 sama", suffix=".pdf")
    again = derived_save(data=b"%PDF-1.4 sama", suffix=".pdf")
    other = derived_save(data=b"%PDF-1.4 lain", suffix=".pdf")
    assert first == again != other
    assert first.startswith("archive/derived/") and len(first.rsplit("/", 1)[1]) == 64 + len(".pdf")


def test_a_catalogue_image_rendition_is_public_and_nothing_else_under_media(client):
    default_storage.save("images/gambar.max-800x600.png", ContentFile(b"\x89PNG\r\n\x1a\n"))
    response = client.get("/media/images/gambar.max-800x600.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    default_storage.save("images/catatan.txt", ContentFile(b"x"))
    assert client.get("/media/images/catatan.txt").status_code == 404
    assert client.get("/media/images/../archive/originals/x").status_code == 404

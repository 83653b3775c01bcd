"""Composing screens: "Balas" starts a reply from an incoming letter (addressee, subject and code filled in, both
letters linked and shown on each), the form asks for the parts of the naskah type chosen, an upload must be a
readable PDF, and the rendered draft is shown to those who may open the letter only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from archive.models import OutgoingLetter
from tests.factories.dispositions import registered_letter
from tests.factories.eletters import build_eoffice, code, composed_letter, pdf_text, tiny_pdf

pytestmark = pytest.mark.django_db
PERMISSIONS = ["access_admin", "add_outgoingletter", "view_incomingletter", "view_disposition"]


@pytest.fixture
def office():
    office = build_eoffice()
    for user in office.users.values():
        user.user_permissions.add(*Permission.objects.filter(codename__in=PERMISSIONS))
    return office


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_values(**values) -> dict:
    return {
        "naskah_type": "surat",
        "classification": code().pk,
        "subject": "Jawaban permohonan data",
        "addressees": "Kepala Bappeda",
        "urgency": "biasa",
        "security": "biasa",
        "body": "<p>Dengan hormat.</p>",
        "part_di": "Tempat",
        **values,
    }


def test_balas_starts_a_reply_linked_to_the_incoming_letter_and_shown_on_both(office):
    incoming = registered_letter(
        user=office.users["kadis"],
        sender="Bappeda Kabupaten Banjarnegara",
        subject="Permohonan data agregat",
        number="000.5/77/Bappeda/2026",
        classification=code("000.1.2"),
    )
    kadis = client_for(office.users["kadis"])  # the letter is put before the head of office
    letter_page = kadis.get(reverse("archive_dispositions:letter", args=[incoming.pk]))
    assert f'href="/admin/surat-keluar/baru/?balas={incoming.pk}"' in letter_page.content.decode()

    form = kadis.get(reverse("archive_outgoing:create") + f"?balas={incoming.pk}")
    html = form.content.decode()
    assert (
        form.status_code == 200 and "Membalas surat 000.5/77/Bappeda/2026 dari Bappeda Kabupaten Banjarnegara" in html
    )
    assert form.context["form"]["subject"].value() == "Permohonan data agregat"
    assert form.context["form"]["addressees"].value() == "Bappeda Kabupaten Banjarnegara"
    assert form.context["form"]["classification"].value() == incoming.classification_id
    assert "Menindaklanjuti surat Saudara nomor 000.5/77/Bappeda/2026" in form.context["form"]["body"].value()

    values = form_values(unit=office["kadis"].unit.pk, subject="Penyampaian data agregat", closes_dispositions="on")
    response = kadis.post(reverse("archive_outgoing:create") + f"?balas={incoming.pk}", values)
    reply = OutgoingLetter.objects.get()
    assert response.status_code == 302 and reply.reply_to == incoming and reply.closes_dispositions
    detail = kadis.get(reverse("archive_outgoing:detail", args=[reply.pk])).content.decode()
    assert "Membalas surat" in detail and reverse("archive_dispositions:letter", args=[incoming.pk]) in detail
    letter_page = kadis.get(reverse("archive_dispositions:letter", args=[incoming.pk])).content.decode()
    assert "Dibalas dengan" in letter_page and reverse("archive_outgoing:detail", args=[reply.pk]) in letter_page


def test_a_reply_to_a_letter_one_may_not_open_is_not_found(office):
    secret = registered_letter(user=office.users["kadis"], security="rahasia")
    response = client_for(office.users["staf"]).get(reverse("archive_outgoing:create") + f"?balas={secret.pk}")
    assert response.status_code == 404
    assert client_for(office.users["staf"]).get(reverse("archive_outgoing:create") + "?balas=x").status_code == 404


def test_the_form_asks_for_the_parts_of_the_type_chosen(office):
    staf = client_for(office.users["staf"])
    unit = office["staf"].unit.pk
    missing = staf.post(reverse("archive_outgoing:create"), form_values(unit=unit, naskah_type="surat_undangan"))
    assert missing.status_code == 200 and not OutgoingLetter.objects.exists()
    assert set(missing.context["form"].errors) == {"part_hari_tanggal", "part_waktu", "part_tempat", "part_acara"}
    invitation = form_values(
        unit=unit,
        naskah_type="surat_undangan",
        part_hari_tanggal="2026-12-14",
        part_waktu="09.00 WIB",
        part_tempat="Aula",
        part_acara="Rapat\n\n Evaluasi ",
        part_dasar="ignored: not a part of an invitation",
    )
    assert staf.post(reverse("archive_outgoing:create"), invitation).status_code == 302
    letter = OutgoingLetter.objects.get()
    assert letter.details == {
        "di": "Tempat",
        "hari_tanggal": "2026-12-14",
        "waktu": "09.00 WIB",
        "tempat": "Aula",
        "acara": "Rapat\nEvaluasi",
        "penutup": "",
    }
    decree = form_values(
        unit=unit, naskah_type="keputusan", body="", part_menimbang="a", part_mengingat="b", part_diktum="c"
    )
    assert staf.post(reverse("archive_outgoing:create"), decree).status_code == 302  # a decree needs no body


def test_an_uploaded_letter_must_be_a_readable_pdf(office):
    staf = client_for(office.users["staf"])
    values = form_values(unit=office["staf"].unit.pk, body="")
    for name, content in (("surat.docx", b"PK\x03\x04 word"), ("rusak.pdf", b"%PDF-1.7 broken")):
        response = staf.post(
            reverse("archive_outgoing:create"), {**values, "draft_file": SimpleUploadedFile(name, content)}
        )
        assert response.status_code == 200 and "draft_file" in response.context["form"].errors
    upload = SimpleUploadedFile("surat.pdf", tiny_pdf("Surat jadi dari luar aplikasi"))
    assert staf.post(reverse("archive_outgoing:create"), {**values, "draft_file": upload}).status_code == 302
    letter = OutgoingLetter.objects.get()
    preview = staf.get(reverse("archive_outgoing:preview_pdf", args=[letter.pk]))
    assert "Surat jadi dari luar aplikasi" in pdf_text(preview.content)


def test_the_rendered_draft_is_for_those_who_may_open_the_letter(office):
    letter = composed_letter(office, security="rahasia")
    url = reverse("archive_outgoing:preview_pdf", args=[letter.pk])
    for key in ("staf", "kabid", "kadis"):  # the drafter and the review chain
        response = client_for(office.users[key]).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert "KONSEP" in pdf_text(response.content)
    assert client_for(office.users["sekretaris"]).get(url).status_code == 404

"""The review page: the scan as read beside the pre-filled letter, confirmation, and the capture's files.

One corpus scan is uploaded through the upload endpoint and processed once for the module; each test runs
in its own transaction, so confirming the letter in one test leaves it awaiting review for the next.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from archive.models import Capture, ClassificationCode, IncomingLetter
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db

SCAN = "contoh_5912.jpg"
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest", "HTTP_ACCEPT": "application/json"}


@pytest.fixture(scope="module")
def scan_pk(django_db_setup, django_db_blocker, corpus_dir):
    """Upload the scan as a superuser outside the tests' transactions; processing runs at its commit."""
    from django.contrib.auth import get_user_model

    from archive.models import disposal_path

    with django_db_blocker.unblock():
        admin = get_user_model().objects.create_superuser("pengunggah", "u@example.test", "sandi-uji")
        client = Client()
        client.force_login(admin)
        upload = SimpleUploadedFile(SCAN, (corpus_dir / "letters" / SCAN).read_bytes())
        answer = client.post(reverse("archive:upload"), {"file": upload}, **XHR).json()
        capture = Capture.objects.get(pk=answer["capture_id"])
        assert capture.status == Capture.Status.NEEDS_REVIEW, capture.error
        yield capture.pk
        letter = capture.letter
        capture.delete()
        with disposal_path():  # letters are only ever deleted through the disposal path
            letter.delete()
        admin.delete()


@pytest.fixture
def scan(scan_pk) -> Capture:
    return Capture.objects.select_related("letter").get(pk=scan_pk)


@pytest.fixture
def confirmer(client, django_user_model):
    client.force_login(make_user(django_user_model, "pemeriksa", "view_capture", "change_incomingletter"))
    return client


def form_data(response) -> dict:
    """Return the values the page's form would submit unchanged."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        data[name] = field.widget.format_value(value) if hasattr(field.widget, "format_value") else value
    return {name: value for name, value in data.items() if value is not None}


def test_the_review_shows_the_values_read_with_their_confidence(confirmer, scan, truth):
    expected = truth[SCAN]
    response = confirmer.get(reverse("archive:review", args=[scan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    assert form["number"].value() == expected["letter_number"]
    assert str(form["letter_date"].value()) == expected["letter_date"]
    assert f'value="{expected["letter_number"]}"' in html
    number = scan.fields["number"]
    assert f"yakin {round(number['confidence'] * 100)}%" in html
    assert number["source"] and number["source"] in html
    reading = response.context["readings"]["number"]
    assert reading.percent == round(number["confidence"] * 100) and not reading.low
    assert "Konfirmasi dan daftarkan" in html


def test_low_confidence_and_missing_fields_are_marked(confirmer, scan):
    fields = dict(scan.fields)
    fields["sender"] = {**fields["sender"], "confidence": 0.41}
    fields["lampiran"] = None
    Capture.objects.filter(pk=scan.pk).update(fields=fields)
    response = confirmer.get(reverse("archive:review", args=[scan.pk]))
    html = response.content.decode()
    assert 'archive-badge archive-badge--low" data-confidence="41">yakin 41%' in html
    assert response.context["readings"]["attachments"].confidence is None
    assert "tidak terbaca" in html


def test_the_review_offers_the_three_suggestions_with_their_reasons(confirmer, scan, truth):
    response = confirmer.get(reverse("archive:review", args=[scan.pk]))
    html = response.content.decode()
    options = response.context["form"].suggestion_options()
    suggested = [suggestion for _, suggestion in options if suggestion]
    assert [item.code.code for item in suggested] == [s["code"] for s in scan.suggestions]
    assert len(suggested) == 3
    assert all(item.code.scheme == "permendagri_83_2022" and item.code.final_disposition for item in suggested)
    for item, stored in zip(suggested, scan.suggestions, strict=True):
        assert item.percent == round(stored["score"] * 100)
        assert f"skor {item.percent}%" in html
        for reason in stored["reasons"]:
            assert reason in html
    assert options[-1][1] is None  # "another code" with the chooser of every active code
    assert "Kode lain" in html and reverse("archive_code_chooser:choose") in html
    assert response.context["form"]["suggestion"].value() == str(suggested[0].code.pk)  # pre-selected


def test_the_page_shows_the_ocr_text_per_page_and_links_the_files(confirmer, scan):
    html = confirmer.get(reverse("archive:review", args=[scan.pk])).content.decode()
    page = scan.pages[0]
    assert "Halaman 1" in html and "OCR" in html and f"keyakinan {round(page['confidence'])}%" in html
    assert page["text"].splitlines()[0] in html
    for kind in ("asli", "pdf", "gambar"):
        assert reverse("archive:capture_file", args=[scan.pk, kind]) in html
    assert "/media/" not in html


def test_confirm_registers_the_letter_and_the_capture(confirmer, scan, truth):
    url = reverse("archive:review", args=[scan.pk])
    data = form_data(confirmer.get(url))
    second = scan.suggestions[1]
    code = ClassificationCode.objects.get(scheme=second["scheme"], code=second["code"])
    data.update(suggestion=str(code.pk), subject="Perihal dikoreksi petugas")
    response = confirmer.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("archive:captures")
    assert any("didaftarkan" in str(m) for m in response.context["messages"])
    scan.refresh_from_db()
    letter = scan.letter
    assert scan.status == Capture.Status.REGISTERED
    assert letter.status == IncomingLetter.Status.REGISTERED
    assert letter.registered_by.username == "pemeriksa" and letter.registered_at
    assert letter.classification == code
    assert letter.subject == "Perihal dikoreksi petugas"
    assert letter.number == truth[SCAN]["letter_number"]

    html = confirmer.get(url).content.decode()
    assert "Surat terdaftar" in html and "Konfirmasi dan daftarkan" not in html
    letters = confirmer.get(reverse("archive:letters")).content.decode()
    assert truth[SCAN]["letter_number"] in letters and "terdaftar" in letters


def test_registering_with_a_receipt_shows_the_letter_with_its_receipt_to_print(confirmer, scan):
    url = reverse("archive:review", args=[scan.pk])
    data = form_data(confirmer.get(url))
    data.update(print_receipt="on")
    response = confirmer.post(url, data)
    assert response.status_code == 302 and response.url == f"{url}?tanda-terima=1"
    html = confirmer.get(response.url).content.decode()
    scan.refresh_from_db()
    receipt = reverse("archive:receipt", args=[scan.letter.pk])
    assert "Cetak tanda terima dan serahkan" in html and receipt in html
    assert html.count(f'href="{receipt}"') == 1, "the receipt is offered once, in the prompt"
    plain = confirmer.get(url).content.decode()
    assert "Cetak tanda terima dan serahkan" not in plain and plain.count(f'href="{receipt}"') == 1
    pdf = confirmer.get(receipt)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_another_code_is_taken_from_the_chooser(confirmer, scan):
    url = reverse("archive:review", args=[scan.pk])
    data = form_data(confirmer.get(url))
    other = ClassificationCode.objects.filter(is_active=True).exclude(code__in=[s["code"] for s in scan.suggestions])[0]
    data.update(suggestion="other", classification=str(other.pk))
    assert confirmer.post(url, data).status_code == 302
    scan.refresh_from_db()
    assert scan.letter.classification == other


def test_without_a_code_the_form_comes_back_with_the_error(confirmer, scan):
    url = reverse("archive:review", args=[scan.pk])
    data = form_data(confirmer.get(url))
    data.update(suggestion="other", classification="")
    response = confirmer.post(url, data)
    assert response.status_code == 200
    assert "Pilih salah satu saran kode atau kode lain." in response.content.decode()
    scan.refresh_from_db()
    assert scan.status == Capture.Status.NEEDS_REVIEW


def test_confirming_needs_the_change_permission(client, django_user_model, scan):
    client.force_login(make_user(django_user_model, "petugas", "add_capture"))
    url = reverse("archive:review", args=[scan.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "tidak berhak mendaftarkannya" in response.content.decode()
    assert client.post(url, form_data(response)).status_code == 403
    scan.refresh_from_db()
    assert scan.letter.status == IncomingLetter.Status.NEEDS_REVIEW


def test_the_review_page_is_closed_to_others(client, django_user_model, scan):
    client.force_login(make_user(django_user_model, "tamu"))
    assert client.get(reverse("archive:review", args=[scan.pk])).status_code == 403


def test_a_capture_in_progress_shows_its_progress_instead_of_the_form(confirmer, scan):
    Capture.objects.filter(pk=scan.pk).update(
        status=Capture.Status.PROCESSING, step="ocr", progress_done=0, progress_total=2
    )
    response = confirmer.get(reverse("archive:review", args=[scan.pk]))
    html = response.content.decode()
    assert "form" not in response.context
    assert "Sedang diproses" in html and "membaca teks: halaman 1 dari 2" in html
    assert f'data-archive-status-url="{reverse("archive:capture_status", args=[scan.pk])}"' in html


def test_a_refused_capture_shows_its_reason(confirmer):
    refused = Capture.objects.create(
        original_name="bukan.pdf", sha256="x", size=5, status=Capture.Status.REFUSED, error="Jenis HTML ditolak."
    )
    html = confirmer.get(reverse("archive:review", args=[refused.pk])).content.decode()
    assert "ditolak" in html and "Jenis HTML ditolak." in html and "Konfirmasi" not in html


@pytest.mark.parametrize(
    ("kind", "content_type", "disposition", "magic"),
    [
        ("asli", "image/jpeg", "inline", b"\xff\xd8"),
        ("pdf", "application/pdf", "inline", b"%PDF-"),
        ("gambar", "image/png", "inline", b"\x89PNG"),
    ],
)
def test_the_files_are_served_with_their_content_type(confirmer, scan, kind, content_type, disposition, magic):
    response = confirmer.get(reverse("archive:capture_file", args=[scan.pk, kind]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith(disposition)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(magic)


def test_a_refused_original_is_only_ever_a_sandboxed_download(confirmer, django_capture_on_commit_callbacks):
    from archive.services.capture import capture_create

    html = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
    refused = capture_create(content=html, name="jahat.pdf").capture
    response = confirmer.get(reverse("archive:capture_file", args=[refused.pk, "asli"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    assert confirmer.get(reverse("archive:capture_file", args=[refused.pk, "pdf"])).status_code == 404


def test_files_need_permission_and_a_known_kind(client, django_user_model, scan):
    client.force_login(make_user(django_user_model, "tamu"))
    assert client.get(reverse("archive:capture_file", args=[scan.pk, "asli"])).status_code == 403
    client.force_login(make_user(django_user_model, "pembaca", "view_capture"))
    assert client.get(reverse("archive:capture_file", args=[scan.pk, "asli"])).status_code == 200
    assert client.get(reverse("archive:capture_file", args=[scan.pk, "lain"])).status_code == 404

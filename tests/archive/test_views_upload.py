"""Upload in the admin: one file per request answering JSON, the status endpoint, limits and permissions."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from archive.models import Capture
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest", "HTTP_ACCEPT": "application/json"}
HTML = b"<!DOCTYPE html><html><body>bukan surat</body></html>"


@pytest.fixture
def clerk(client, django_user_model):
    client.force_login(make_user(django_user_model, "petugas", "add_capture"))
    return client


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def post_file(client, data: bytes, name: str, **extra):
    return client.post(reverse("archive:upload"), {"file": SimpleUploadedFile(name, data)}, **XHR, **extra)


def test_the_upload_page_has_a_drop_zone_and_a_multiple_file_input(clerk):
    response = clerk.get(reverse("archive:upload"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-archive-dropzone" in html and 'type="file"' in html and "multiple" in html
    assert 'name="file"' in html and "csrfmiddlewaretoken" in html
    assert "archive/upload.js" in html
    assert "Tarik dan lepas" in html


def test_a_scan_answers_json_and_its_status_reaches_needs_review(clerk, corpus_dir, django_capture_on_commit_callbacks):
    data = (corpus_dir / "letters/contoh_5912.jpg").read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(clerk, data, "contoh_5912.jpg")
    assert response.status_code == 200
    answer = response.json()
    capture = Capture.objects.get()
    assert answer["capture_id"] == capture.pk
    assert answer["duplicate"] is False and answer["error"] == ""
    assert answer["status"] == "queued"  # answered before the processing that runs at commit
    assert answer["status_url"] == reverse("archive:capture_status", args=[capture.pk])
    assert answer["review_url"] == reverse("archive:review", args=[capture.pk])
    assert capture.created_by.username == "petugas" and capture.source == "upload"

    state = clerk.get(answer["status_url"], **XHR).json()
    assert state["status"] == "needs_review", state["error"]
    assert state["status_label"] == "perlu diperiksa"
    assert state["finished"] is True
    assert state["progress_label"] == "halaman 1 dari 1"

    again = post_file(clerk, data, "salinan.jpg").json()
    assert again["duplicate"] is True and again["capture_id"] == capture.pk
    assert again["status"] == "needs_review"
    assert Capture.objects.count() == 1


def test_a_refused_file_answers_its_reason(clerk):
    answer = post_file(clerk, HTML, "surat.pdf").json()
    assert answer["status"] == "refused" and answer["status_label"] == "ditolak"
    assert answer["finished"] is True
    assert "HTML" in answer["error"]
    assert answer["duplicate"] is False


def test_the_status_endpoint_while_queued_and_processing(clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        answer = post_file(clerk, png_bytes(), "halaman.png").json()
    state = clerk.get(answer["status_url"], **XHR).json()
    assert state["status"] == "queued" and state["status_label"] == "antre"
    assert state["finished"] is False and state["progress_label"] == ""

    Capture.objects.filter(pk=answer["capture_id"]).update(
        status=Capture.Status.PROCESSING, step="ocr", progress_done=1, progress_total=3
    )
    response = clerk.get(answer["status_url"], **XHR)
    state = response.json()
    assert "no-store" in response["Cache-Control"]
    assert state["status_label"] == "diproses" and state["step_label"] == "membaca teks"
    assert state["progress_label"] == "halaman 2 dari 3"  # page 1 is done, page 2 is being read
    assert (state["progress_done"], state["progress_total"]) == (1, 3)
    assert state["finished"] is False


def test_a_request_without_a_file_is_refused(clerk):
    response = clerk.post(reverse("archive:upload"), {}, **XHR)
    assert response.status_code == 400
    assert response.json()["error"] == "Tidak ada berkas yang dikirim."
    assert Capture.objects.count() == 0


def test_one_file_per_script_request(clerk):
    files = [SimpleUploadedFile("a.html", HTML), SimpleUploadedFile("b.html", HTML + b" ")]
    response = clerk.post(reverse("archive:upload"), {"file": files}, **XHR)
    assert response.status_code == 400
    assert Capture.objects.count() == 0


def test_a_file_over_the_limit_is_dropped_while_it_streams(clerk, settings):
    settings.OCR_MAX_BYTES = 1000
    response = post_file(clerk, b"%PDF-1.4\n" + b"0" * 5000, "besar.pdf")
    assert response.status_code == 413
    answer = response.json()
    assert "terlalu besar" in answer["error"] and answer["status"] == "refused"
    assert Capture.objects.count() == 0


def test_without_javascript_a_file_over_the_limit_does_not_stop_the_others(
    clerk, settings, django_capture_on_commit_callbacks
):
    settings.OCR_MAX_BYTES = 1000
    files = [SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * 5000), SimpleUploadedFile("bukan.pdf", HTML)]
    response = clerk.post(reverse("archive:upload"), {"file": files}, follow=True)
    texts = [str(message) for message in response.context["messages"]]
    assert "'besar.pdf' ditolak: Berkas terlalu besar: batasnya 0 MB." in texts
    assert Capture.objects.get().original_name == "bukan.pdf"


def test_without_javascript_the_form_takes_several_files_and_goes_to_the_queue(
    clerk, django_capture_on_commit_callbacks
):
    files = [SimpleUploadedFile("halaman.png", png_bytes()), SimpleUploadedFile("bukan.pdf", HTML)]
    with django_capture_on_commit_callbacks(execute=False):
        response = clerk.post(reverse("archive:upload"), {"file": files}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("archive:captures")
    texts = [str(message) for message in response.context["messages"]]
    assert "'halaman.png' diterima dan diantrekan." in texts
    assert any(text.startswith("'bukan.pdf' ditolak:") for text in texts)
    assert Capture.objects.count() == 2


def test_the_upload_checks_csrf(django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(django_user_model, "petugas", "add_capture"))
    response = client.post(reverse("archive:upload"), {"file": SimpleUploadedFile("a.html", HTML)}, **XHR)
    assert response.status_code == 403
    assert Capture.objects.count() == 0


def test_only_users_who_may_add_captures_may_upload(client, django_user_model):
    client.force_login(make_user(django_user_model, "pembaca", "view_capture", "change_incomingletter"))
    assert client.get(reverse("archive:upload")).status_code == 403
    response = post_file(client, HTML, "a.html")
    assert response.status_code == 403 and "izin" in response.json()["error"]
    assert Capture.objects.count() == 0


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("archive:upload"))
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response["Location"]


def test_the_status_endpoint_needs_permission(client, django_user_model, clerk):
    answer = post_file(clerk, HTML, "a.html").json()
    other = Client()
    other.force_login(make_user(django_user_model, "tamu"))
    assert other.get(answer["status_url"], **XHR).status_code == 403

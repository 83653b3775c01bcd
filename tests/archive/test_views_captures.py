"""The queue of captures, retry of a failure, the register of incoming letters and the Surat menu."""

from __future__ import annotations

import io

import pytest
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image
from wagtail.admin.menu import admin_menu

from archive.models import Capture, ClassificationCode, IncomingLetter
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client, django_user_model):
    client.force_login(make_user(django_user_model, "petugas", "add_capture"))
    return client


def broken_png() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((400, 300), 50).convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()[:2000]  # a PNG header with the rest missing: fails at the OCR step


def capture(name: str, **values) -> Capture:
    return Capture.objects.create(original_name=name, sha256=name, size=10, **values)


def test_the_queue_lists_captures_newest_first_with_their_state(clerk):
    capture("lama.pdf", status=Capture.Status.REGISTERED, page_count=2)
    capture("baca.jpg", status=Capture.Status.PROCESSING, step="ocr", progress_done=1, progress_total=3)
    failed = capture("rusak.png", status=Capture.Status.FAILED, step="ocr", error="membaca teks: OSError: rusak")
    response = clerk.get(reverse("archive:captures"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("rusak.png") < html.index("baca.jpg") < html.index("lama.pdf")
    assert "membaca teks: halaman 2 dari 3" in html
    assert "membaca teks: OSError: rusak" in html
    assert "terdaftar" in html and "unggahan" in html
    assert reverse("archive:review", args=[failed.pk]) in html
    assert reverse("archive:capture_status", args=[failed.pk]) not in html  # a final state is not polled
    assert html.count("Coba lagi") == 1 and reverse("archive:capture_retry", args=[failed.pk]) in html
    assert reverse("archive:upload") in html  # the "Unggah surat" header button


def test_the_queue_filters_by_status(clerk):
    capture("baik.jpg", status=Capture.Status.NEEDS_REVIEW)
    capture("rusak.png", status=Capture.Status.FAILED, error="rusak")
    html = clerk.get(reverse("archive:captures"), {"status": "failed"}).content.decode()
    assert "rusak.png" in html and "baik.jpg" not in html
    results = clerk.get(reverse("archive:captures_results"), {"status": "needs_review"}).content.decode()
    assert "baik.jpg" in results and "rusak.png" not in results


def test_a_failed_capture_is_retried_from_the_queue(clerk, ingest, django_capture_on_commit_callbacks):
    failed = ingest(broken_png(), "rusak.png", source=Capture.Source.UPLOAD).capture
    assert failed.status == Capture.Status.FAILED and failed.attempts == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = clerk.post(reverse("archive:capture_retry", args=[failed.pk]), follow=True)
    assert len(callbacks) == 1  # the processing was queued again
    assert response.redirect_chain[-1][0] == reverse("archive:captures")
    assert "'rusak.png' diantrekan lagi." in [str(m) for m in response.context["messages"]]
    failed.refresh_from_db()
    assert failed.attempts == 2 and failed.status == Capture.Status.FAILED  # still broken, tried again


def test_retry_goes_back_only_to_a_local_page(clerk):
    failed = capture("rusak.png", status=Capture.Status.FAILED, error="rusak")
    url = reverse("archive:capture_retry", args=[failed.pk])
    review = reverse("archive:review", args=[failed.pk])
    assert clerk.post(url, {"next": review})["Location"] == review
    Capture.objects.filter(pk=failed.pk).update(status=Capture.Status.FAILED)
    assert clerk.post(url, {"next": "https://contoh.example/"})["Location"] == reverse("archive:captures")


def test_only_a_failure_can_be_retried(clerk):
    done = capture("baik.jpg", status=Capture.Status.NEEDS_REVIEW)
    response = clerk.post(reverse("archive:capture_retry", args=[done.pk]), follow=True)
    assert "Hanya berkas yang gagal yang dapat dicoba lagi." in [str(m) for m in response.context["messages"]]
    done.refresh_from_db()
    assert done.status == Capture.Status.NEEDS_REVIEW
    assert clerk.get(reverse("archive:capture_retry", args=[done.pk])).status_code == 405


def test_retry_needs_permission(client, django_user_model):
    failed = capture("rusak.png", status=Capture.Status.FAILED, error="rusak")
    client.force_login(make_user(django_user_model, "pembaca", "view_capture"))
    assert client.post(reverse("archive:capture_retry", args=[failed.pk])).status_code == 403
    html = client.get(reverse("archive:captures")).content.decode()
    assert "rusak.png" in html and "Coba lagi" not in html
    failed.refresh_from_db()
    assert failed.status == Capture.Status.FAILED


def test_the_queue_is_closed_to_users_without_archive_permissions(client, django_user_model):
    client.force_login(make_user(django_user_model, "tamu"))
    response = client.get(reverse("archive:captures"))
    assert response.status_code == 403
    assert "izin" in response.content.decode()
    assert client.get(reverse("archive:letters")).status_code == 403


def test_the_letters_register_lists_letters_and_opens_their_review(clerk):
    code = ClassificationCode.objects.get(scheme="permendagri_83_2022", code="000.1.1")
    letter = IncomingLetter.objects.create(
        number="005/123/Setda/2024",
        sender="Sekretariat Daerah",
        subject="Undangan rapat koordinasi",
        classification=code,
        status=IncomingLetter.Status.REGISTERED,
    )
    scan = capture("undangan.pdf", status=Capture.Status.REGISTERED, letter=letter)
    IncomingLetter.objects.create(number="", subject="Tanpa nomor")
    response = clerk.get(reverse("archive:letters"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "005/123/Setda/2024" in html and "Sekretariat Daerah" in html and "Undangan rapat koordinasi" in html
    assert "000.1.1" in html and "terdaftar" in html and "Tanpa nomor" not in html.split("<tbody")[0]
    assert reverse("archive:review", args=[scan.pk]) in html
    assert ">None<" not in html
    filtered = clerk.get(reverse("archive:letters"), {"status": "needs_review"}).content.decode()
    assert "005/123/Setda/2024" not in filtered


def menu_labels(user) -> list[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    labels = []
    for item in admin_menu.menu_items_for_request(request):
        if item.name == "archive":
            labels = [str(child.label) for child in item.menu.menu_items_for_request(request)]
    return labels


def test_the_surat_menu_shows_what_the_user_may_open(django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.test", "sandi-uji")
    assert menu_labels(admin) == ["Unggah surat", "Antrean berkas", "Surat masuk", "Buku agenda"]
    confirmer = make_user(django_user_model, "pemeriksa", "change_incomingletter")
    assert menu_labels(confirmer) == ["Antrean berkas", "Surat masuk", "Buku agenda"]
    assert menu_labels(make_user(django_user_model, "tamu")) == []

"""A clerk uploads a scan and a refused file in the admin, reviews the scan's letter and registers it.

With the immediate task backend the processing runs inside the upload request at commit, so a status is
already final when the page first polls it; the page's polling still runs and shows it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from archive.models import Capture, ClassificationCode, IncomingLetter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCAN = "contoh_5912.jpg"
PASSWORD = "sandi-uji-123"
TIMEOUT = 180_000  # OCR of one page on a small machine
SHOTS = os.environ.get("NASKAH_SCREENSHOTS")  # a folder to keep the screenshots in, else tmp_path


@pytest.fixture
def codes():
    """The classification scheme: loaded by a migration, but an earlier transactional test may have flushed it."""
    if not ClassificationCode.objects.exists():
        from archive.classification.scheme import load_scheme
        from archive.services.classification import classification_codes_sync

        classification_codes_sync(scheme=load_scheme())


@pytest.fixture
def head_of_office(django_user_model):
    return django_user_model.objects.create_superuser("kepala", "kepala@example.test", PASSWORD)


@pytest.fixture
def corpus(shared_dir) -> Path:
    return shared_dir / "corpus" / "dev"


@pytest.fixture
def desk(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def test_clerk_uploads_reviews_and_registers_a_letter(live_server, desk, codes, head_of_office, corpus, tmp_path):
    shots = Path(SHOTS) if SHOTS else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    truth = map(json.loads, (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines())
    expected = next(record for record in truth if record["file"] == SCAN)
    page = desk
    refused = tmp_path / "pengumuman.html"
    refused.write_bytes(b"<!DOCTYPE html><html><body><p>Bukan surat</p></body></html>")

    page.goto(f"{live_server.url}/admin/login/?next=/admin/surat/unggah/")
    page.fill("#id_username", "kepala")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/surat/unggah/")
    expect(page.get_by_text("Tarik dan lepas pindaian surat ke sini")).to_be_visible()
    page.screenshot(path=str(shots / "1-upload-empty.png"), full_page=True)

    page.set_input_files("#archive-files", [str(corpus / "letters" / SCAN), str(refused)])
    items = page.locator(".archive-item")
    expect(items).to_have_count(2)
    scan_item = items.filter(has_text=SCAN)
    html_item = items.filter(has_text="pengumuman.html")

    expect(scan_item.locator("[data-status]")).to_have_text("perlu diperiksa", timeout=TIMEOUT)
    expect(html_item.locator("[data-status]")).to_have_text("ditolak", timeout=TIMEOUT)
    for item in (scan_item, html_item):
        expect(item.locator("progress")).to_have_js_property("value", 100)
    expect(html_item.locator("[data-error]")).to_contain_text("HTML")
    expect(scan_item.get_by_role("link", name="Periksa surat")).to_be_visible()
    page.set_input_files("#archive-files", str(corpus / "letters" / SCAN))
    again = items.nth(2)
    expect(again.locator("[data-detail]")).to_have_text("sudah pernah diunggah", timeout=TIMEOUT)
    expect(again.get_by_role("link", name="Buka catatan yang sudah ada")).to_have_attribute(
        "href", scan_item.get_by_role("link", name="Periksa surat").get_attribute("href")
    )
    page.screenshot(path=str(shots / "2-upload-done.png"), full_page=True)

    scan_item.get_by_role("link", name="Periksa surat").click()
    page.wait_for_url(re.compile(r"/admin/surat/berkas/\d+/$"))
    expect(page.locator("#id_number")).to_have_value(expected["letter_number"])
    expect(page.get_by_text(re.compile(r"yakin \d+%")).first).to_be_visible()
    page.screenshot(path=str(shots / "3-review.png"))

    # The clerk takes the first suggestion: a 83/2022 code with a retention (the letter's 78/2012 code 005,
    # undangan, has no fixed counterpart there, so it is suggested by the letter's matter).
    suggestion = page.locator(".archive-code").filter(has=page.locator("input[type=radio]")).first
    chosen = re.match(r"\s*(\d{3}(?:\.\d+)*)", suggestion.inner_text()).group(1)
    assert chosen != expected["classification_code"]
    suggestion.locator("input[type=radio]").check()
    page.locator("[data-archive-codes]").screenshot(path=str(shots / "3-review-codes.png"))
    page.get_by_role("button", name="Konfirmasi dan daftarkan").click()
    page.wait_for_url("**/admin/surat/berkas/")
    expect(page.get_by_text("didaftarkan")).to_be_visible()
    page.screenshot(path=str(shots / "4-queue.png"), full_page=True)

    page.goto(f"{live_server.url}/admin/surat/masuk/")
    row = page.locator("tr").filter(has_text=expected["letter_number"])
    expect(row).to_contain_text("terdaftar")
    page.screenshot(path=str(shots / "5-letters.png"), full_page=True)

    letter = IncomingLetter.objects.get(number=expected["letter_number"])
    assert letter.status == IncomingLetter.Status.REGISTERED
    assert letter.classification.code == chosen and letter.classification.final_disposition
    assert letter.capture.status == Capture.Status.REGISTERED
    assert Capture.objects.get(original_name="pengumuman.html").status == Capture.Status.REFUSED

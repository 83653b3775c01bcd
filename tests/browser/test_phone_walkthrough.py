"""Issue #13's walk-through on a phone (360x740, touch): the Kepala Dinas opens the home, sees one letter to
dispose, opens it, zooms the scan and disposes it to the Kabid with "Wakili/hadiri"; the Kabid gets the notification
under the bell, opens it, and finds the invitation's event in the .ics download and in his calendar feed.

On every page of the walk the document is no wider than the screen and no element sticks out past its right edge
(scroll boxes of their own, such as the zoomed scan, excepted). Screenshots go to /tmp/phone-walkthrough/ (or
NASKAH_PHONE_SHOTS).
"""

from __future__ import annotations

import datetime
import io
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from archive.extraction.dates import MONTHS
from archive.models import DispositionRecipient, LetterEvent, Notification
from tests.browser.conftest import STAFF_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path(os.environ.get("NASKAH_PHONE_SHOTS", "/tmp/phone-walkthrough"))
PHONE = {"width": 360, "height": 740}
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

# Every element's right edge, except those inside a box that scrolls on its own (overflow auto or scroll).
OVERFLOW = """() => {
  const vw = window.innerWidth;
  const sticking = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= vw + 1) continue;
    let parent = el.parentElement, scrolls = false;
    while (parent && parent !== document.body) {
      const overflow = getComputedStyle(parent).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') { scrolls = true; break; }
      parent = parent.parentElement;
    }
    const name = `${el.tagName.toLowerCase()}.${el.className}#${el.id || el.name || ""}`;
    if (!scrolls) sticking.push(`${name} right=${Math.round(box.right)}`);
  }
  return {
    doc: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    vw: vw,
    sticking: sticking.slice(0, 20),
  };
}"""


def fits_the_phone(page: Page, name: str) -> None:
    """Assert no horizontal scroll and nothing past the right edge, then save a full-page screenshot to look at."""
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(parents=True, exist_ok=True)
    # The admin scrolls inside its own container: the window is made as tall as the page for the picture.
    tallest = page.evaluate("Math.max(...Array.from(document.querySelectorAll('main, main *'), e => e.scrollHeight))")
    page.set_viewport_size({"width": PHONE["width"], "height": max(PHONE["height"], min(int(tallest) + 120, 6000))})
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size(PHONE)
    sizes = page.evaluate(OVERFLOW)
    assert sizes["doc"] <= sizes["vw"], (page.url, sizes)
    assert sizes["body"] <= sizes["vw"], (page.url, sizes)
    assert not sizes["sticking"], (page.url, sizes)


def invitation_pdf(day: datetime.date) -> bytes:
    """A born-digital invitation (a text layer, so capture needs no OCR) to an event on ``day``."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    lines = [
        "PEMERINTAH KABUPATEN TEMANGGUNG",
        "BADAN PERENCANAAN PEMBANGUNAN DAERAH",
        "Jalan Pahlawan Nomor 2 Temanggung 56212",
        "",
        "Temanggung, 2 Maret 2026",
        "Nomor : 005/318/Bappeda/2026",
        "Sifat : Biasa",
        "Lampiran : -",
        "Perihal : Undangan Rapat Koordinasi Data Kependudukan",
        "",
        "Yth. Kepala Dinas Kependudukan dan Pencatatan Sipil",
        "di Temanggung",
        "",
        "Dengan hormat, kami mengundang Saudara untuk hadir pada:",
        "",
        f"Hari/Tanggal : {WEEKDAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]} {day.year}",
        "Pukul : 09.00 WIB s.d. selesai",
        "Tempat : Ruang Rapat Bappeda Lantai 2",
        "Acara : Rapat koordinasi data kependudukan semester I",
        "",
        "Demikian, atas perhatian Saudara diucapkan terima kasih.",
        "",
        "KEPALA BAPPEDA KABUPATEN TEMANGGUNG,",
        "SITI RAHAYU, S.E., M.Si.",
    ]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    text = pdf.beginText(60, 790)
    text.setFont("Helvetica", 11)
    for line in lines:
        text.textLine(line)
    pdf.drawText(text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture
def phone_login(browser, live_server, office):
    contexts = []

    def login(username: str) -> Page:
        context = browser.new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, locale="id-ID", accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{live_server.url}/admin/login/")
        fits_the_phone(page, f"00-{username}-login")
        page.fill("#id_username", username)
        page.fill("#id_password", STAFF_PASSWORD)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url(f"{live_server.url}/admin/")
        return page

    yield login
    for context in contexts:
        context.close()


@pytest.fixture
def registered_invitation(office, django_capture_on_commit_callbacks):
    """The operator uploads the invitation, capture reads it (and its event), the operator registers it."""
    from archive.models import Capture
    from archive.services.capture import capture_create
    from archive.services.letters import letter_confirm

    day = timezone.localdate() + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = capture_create(
            content=invitation_pdf(day), name="undangan-bappeda.pdf", user=office.users["operator"]
        )
    capture = Capture.objects.get(pk=outcome.capture.pk)
    assert capture.status == Capture.Status.NEEDS_REVIEW, capture.error
    letter = letter_confirm(  # as the clerk confirms (or corrects) what was read
        letter=capture.letter,
        user=office.users["operator"],
        number="005/318/Bappeda/2026",
        letter_date=timezone.localdate(),
        sender="Badan Perencanaan Pembangunan Daerah Kabupaten Temanggung",
        subject="Undangan Rapat Koordinasi Data Kependudukan",
        received_on=timezone.localdate(),
    )
    return letter, day


def test_kadis_disposes_on_a_phone_and_kabid_gets_the_event(phone_login, live_server, office, registered_invitation):
    letter, day = registered_invitation
    event = LetterEvent.objects.get(letter=letter)
    assert (event.date, event.start_time, event.place) == (day, datetime.time(9), "Ruang Rapat Bappeda Lantai 2")

    # 1. The Kepala Dinas opens the home on his phone: one letter waits for his disposition.
    kadis = phone_login("kadis")
    waiting = kadis.locator('[data-section="to_dispose"]')
    expect(waiting.locator("[data-count]")).to_have_text("1")
    expect(waiting).to_contain_text("Undangan Rapat Koordinasi Data Kependudukan")
    fits_the_phone(kadis, "01-kadis-home")

    # 2. He opens it: the dispose form with the scan and the invitation's event.
    waiting.get_by_role("link").first.click()
    kadis.wait_for_url(re.compile(rf"/admin/disposisi/surat/{letter.pk}/disposisikan/$"))
    expect(kadis.locator("[data-event-place]")).to_have_text("Ruang Rapat Bappeda Lantai 2")
    scan = kadis.locator("[data-scan-viewer]")
    page_image = scan.locator("img.daily-scan__page").first
    expect(page_image).to_be_visible()
    kadis.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=page_image.element_handle())
    fits_the_phone(kadis, "02-kadis-dispose-form")

    # 3. He zooms the scan twice: the page grows inside its frame, the screen does not scroll sideways.
    before = page_image.bounding_box()["width"]
    scan.get_by_role("button", name="Perbesar").tap()
    scan.get_by_role("button", name="Perbesar").tap()
    expect(scan).to_have_attribute("data-zoom", "2")
    assert page_image.bounding_box()["width"] >= 1.9 * before
    frame = scan.locator("[data-scan-frame]")
    frame.evaluate("frame => { frame.scrollLeft = frame.scrollWidth / 3; }")
    fits_the_phone(kadis, "03-kadis-scan-zoomed")
    scan.get_by_role("button", name="Pas layar").tap()

    # 4. He disposes it to the Kabid with "Wakili/hadiri".
    kadis.get_by_label("Kabid PIAK — Bidang PIAK").check()
    kadis.get_by_label("Wakili/hadiri").check()
    kadis.get_by_label("Catatan").fill("Mohon hadir mewakili saya.")
    submit = kadis.get_by_role("button", name="Disposisikan", exact=True)
    box = submit.bounding_box()
    assert box["height"] >= 40 and box["x"] + box["width"] <= PHONE["width"], box  # touch-sized, on screen
    submit.tap()
    kadis.wait_for_url(re.compile(rf"/admin/disposisi/surat/{letter.pk}/$"))
    expect(kadis.locator(".messages")).to_contain_text("Surat didisposisikan.")
    fits_the_phone(kadis, "04-kadis-disposed")
    recipient = DispositionRecipient.objects.get(disposition__letter=letter)
    assert Notification.objects.filter(user=office.users["kabid"], kind=Notification.Kind.DISPOSITION).count() == 1

    # 5. The Kabid sees the bell ring, opens the notification and lands on the disposition with the event.
    kabid = phone_login("kabid")
    bell = kabid.locator(".naskah-bell")
    expect(bell.locator("[data-unread]")).to_have_text("1")
    fits_the_phone(kabid, "05-kabid-home")
    bell.tap()
    kabid.wait_for_url("**/admin/pemberitahuan/")
    fits_the_phone(kabid, "06-kabid-notifications")
    kabid.get_by_role("button", name=re.compile("Disposisi baru dari Kepala Dinas")).tap()
    kabid.wait_for_url(re.compile(rf"/admin/disposisi/{recipient.pk}/$"))
    expect(kabid.locator("[data-event-date]")).to_contain_text(str(day.year))
    fits_the_phone(kabid, "07-kabid-disposition")

    # 6. The event is in the .ics download ...
    with kabid.expect_download() as download_info:
        kabid.get_by_role("link", name=re.compile("Unduh .ics")).tap()
    ics = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in ics and f"DTSTART;TZID=Asia/Jakarta:{day:%Y%m%d}T090000" in ics
    assert "LOCATION:Ruang Rapat Bappeda Lantai 2" in ics

    # 7. ... and in his calendar feed, at the secret address on his settings page.
    kabid.goto(f"{live_server.url}/admin/pemberitahuan/pengaturan/")
    feed_url = kabid.locator("[data-calendar-url]").inner_text().strip()
    fits_the_phone(kabid, "08-kabid-calendar-settings")
    feed = kabid.context.request.get(feed_url)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    assert f"{day:%Y%m%d}T090000" in feed.text() and "Rapat koordinasi data kependudukan" in feed.text()

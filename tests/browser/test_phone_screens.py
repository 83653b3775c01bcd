"""The other screens officials use, on a 360x740 phone: the inbox, one disposition with a report and a photo taken on
the phone, the forward form, the letter's timeline, the leader's monitoring and the sign step of an outgoing letter.
Each page fits the screen (no horizontal scroll, nothing past the right edge) and its main buttons are touch-sized.
Screenshots go beside the walk-through's (NASKAH_PHONE_SHOTS)."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from archive.models import ClassificationCode, DispositionRecipient, FollowUpReport
from archive.services import outgoing as outgoing_services
from archive.services.dispositions import disposition_create
from tests.browser.test_phone_walkthrough import PHONE, fits_the_phone, phone_login  # noqa: F401 (fixture)
from tests.factories.dispositions import instructions, registered_letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def touch_sized(locator) -> None:
    box = locator.bounding_box()
    assert box["height"] >= 40 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


def photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 900), "white")
    ImageDraw.Draw(image).text((40, 40), "Daftar hadir rapat", fill="black")
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def work(office):
    letter = registered_letter(
        user=office.users["operator"], subject="Permohonan data agregat kependudukan per kecamatan semester I"
    )
    disposition = disposition_create(
        letter=letter,
        from_position=office["kadis"],
        user=office.users["kadis"],
        recipients=[office["kabid"]],
        instructions=instructions("Tindak lanjuti/selesaikan", "Siapkan jawaban/konsep"),
        note="Mohon disiapkan datanya minggu ini.",
    )
    draft = outgoing_services.outgoing_create(
        unit=office["kasi"].unit,
        drafter=office.users["staf"],
        subject="Jawaban permohonan data agregat kependudukan semester I",
        classification=ClassificationCode.objects.get(scheme="permendagri_83_2022", code="800.1.3"),
        body="Dengan hormat, bersama ini kami sampaikan data agregat kependudukan.",
        addressees="Kepala Bappeda Kabupaten Temanggung",
    )
    outgoing_services.outgoing_submit(
        letter=draft, user=office.users["staf"], verifiers=[office["kasi"]], signer=office["kabid"]
    )
    outgoing_services.outgoing_review(letter=draft, user=office.users["kasi"], decision="approved")
    return letter, disposition.recipients.get(), draft


def test_officials_screens_fit_a_phone(phone_login, live_server, office, work, tmp_path):  # noqa: F811
    letter, received, draft = work
    kabid = phone_login("kabid")
    expect(kabid.locator('[data-section="unread"] [data-count]')).to_have_text("1")
    expect(kabid.locator('[data-section="to_sign"] [data-count]')).to_have_text("1")

    # The inbox: one card per disposition, the letter a link.
    kabid.goto(f"{live_server.url}/admin/disposisi/")
    fits_the_phone(kabid, "10-kabid-inbox")
    kabid.get_by_role("link", name=str(letter)).first.tap()
    kabid.wait_for_url(re.compile(rf"/admin/disposisi/{received.pk}/$"))

    # A report with a photo taken on the phone.
    fits_the_phone(kabid, "11-kabid-disposition")
    picture = tmp_path / "foto-daftar-hadir.jpg"
    picture.write_bytes(photo())
    files = kabid.locator("input[type=file]")
    assert "image/*" in files.get_attribute("accept")  # the phone offers its camera
    kabid.get_by_label("Laporan tindak lanjut").fill("Data sudah dihimpun; daftar hadir rapat terlampir.")
    files.set_input_files(str(picture))
    send = kabid.get_by_role("button", name="Kirim laporan")
    touch_sized(send)
    send.tap()
    expect(kabid.locator(".messages")).to_contain_text("Laporan tindak lanjut dikirim.")
    report = FollowUpReport.objects.get(recipient=received)
    assert [attachment.name for attachment in report.attachments.all()] == ["foto-daftar-hadir.jpg"]

    # The forward form: recipients and instructions one per line, touch-sized.
    kabid.goto(f"{live_server.url}/admin/disposisi/{received.pk}/teruskan/")
    fits_the_phone(kabid, "12-kabid-forward-form")
    kabid.get_by_label("Kasi Pendaftaran — Seksi Pendaftaran").check()
    kabid.get_by_label("Siapkan jawaban/konsep").check()
    forward = kabid.get_by_role("button", name="Teruskan")
    touch_sized(forward)
    forward.tap()
    expect(kabid.locator(".messages")).to_contain_text("Disposisi diteruskan.")
    assert DispositionRecipient.objects.filter(position=office["kasi"], disposition__letter=letter).exists()

    # The letter's timeline and the leader's monitoring.
    kabid.goto(f"{live_server.url}/admin/surat-harian/surat/{letter.pk}/riwayat/")
    expect(kabid.locator(".daily-timeline")).to_contain_text("foto-daftar-hadir.jpg")
    fits_the_phone(kabid, "13-kabid-timeline")
    kabid.goto(f"{live_server.url}/admin/disposisi/pemantauan/")
    fits_the_phone(kabid, "14-kabid-monitoring")

    # The sign step of the outgoing letter waiting for him.
    kabid.goto(f"{live_server.url}/admin/surat-keluar/{draft.pk}/")
    fits_the_phone(kabid, "15-kabid-sign-step")
    decide = kabid.locator("main form button[type=submit]").last
    touch_sized(decide)

"""Issue #12's walk-through in a browser: an incoming letter answered with an electronic letter, end to end.

The operator registers a letter brought by hand and prints the sender's receipt (tanda terima); the sender follows
it on the public tracking page from the QR code of the receipt. The letter goes down the disposition chain to a
staff member, who clicks "Balas" and composes a surat undangan from the template, addressed also to the
Sekretariat of the same office; the Kabid verifies, the Kepala Dinas signs with his pass phrase; the QR code of the
signed PDF opens the verification page, which says valid; the Sekretaris finds the letter among the letters put
before him; and the sender's tracking page shows the letter answered, without its content or any name.

The QR codes are read from the PDFs' pixels (OpenCV), as a phone would. Screenshots and the PDFs go to
/tmp/walkthrough/ (or NASKAH_WALKTHROUGH_SHOTS).
"""

from __future__ import annotations

import datetime
import re
import subprocess
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from archive.models import Dispatch, IncomingLetter, LetterSignature, OutgoingLetter
from archive.services.dispositions import disposition_create, disposition_forward
from tests.browser.conftest import STAFF_PASSWORD
from tests.browser.test_records_walkthrough import SHOTS, TIMEOUT, choose_code, open_menu, pdf_text, shot
from tests.factories.dispositions import instructions
from tests.factories.eletters import PASSPHRASE, furnish_eoffice, tte_certificate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCAN = "contoh_7800.pdf"  # born-digital, one page: read from its text layer, no OCR wait


def qr_code(pdf: bytes, name: str) -> str:
    """The text of the QR code printed on the PDF's first page, read from its pixels."""
    import cv2

    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(path), str(SHOTS / name)], check=True)
    [image] = sorted(SHOTS.glob(f"{name}-*1.png"))
    text, _points, _straight = cv2.QRCodeDetector().detectAndDecode(cv2.imread(str(image)))
    return text


def public_path(url: str) -> str:
    """The path of a public address printed for the office's public URL, to open it on the test server."""
    return urlsplit(url).path


def test_a_reply_composed_signed_verified_delivered_and_tracked(
    live_server, staff_login, browser, office, corpus_letter
):
    furnish_eoffice(office)
    tte_certificate(office.users["kadis"])
    sekretaris = office.users["sekretaris"]
    sekretaris.set_password(STAFF_PASSWORD)
    sekretaris.save()
    sekretaris.groups.add(Group.objects.get(name="Pejabat"))
    letter_file, expected = corpus_letter(SCAN)
    year = timezone.localdate().year

    # 1. The operator registers the letter brought by a courier and prints the receipt for him.
    operator = staff_login("operator", "/admin/")
    open_menu(operator, "Surat", "Unggah surat")
    operator.set_input_files("#archive-files", str(letter_file))
    item = operator.locator(".archive-item").filter(has_text=SCAN)
    expect(item.locator("[data-status]")).to_have_text("perlu diperiksa", timeout=TIMEOUT)
    item.get_by_role("link", name="Periksa surat").click()
    operator.wait_for_url(re.compile(r"/admin/surat/berkas/\d+/$"))
    operator.locator("#id_subject").fill(expected["subject"])
    code = re.escape(expected["classification_code"])
    suggestion = operator.locator(".archive-code").filter(has_text=re.compile(rf"^\s*{code} "))
    if suggestion.count():
        suggestion.locator("input[type=radio]").check()
    else:
        operator.locator(".archive-code").last.locator("input[type=radio]").check()
        choose_code(operator, expected["classification_code"])
    operator.get_by_label("Cetak tanda terima untuk pengantar surat").check()
    operator.get_by_role("button", name="Konfirmasi dan daftarkan").click()
    operator.wait_for_url("**?tanda-terima=1")
    expect(operator.locator(".messages")).to_contain_text(f"didaftarkan dengan nomor agenda 1/{year}")
    notice = operator.locator(".archive-notice").filter(has_text="Cetak tanda terima dan serahkan")
    expect(notice).to_be_visible()
    shot(operator, "el-01-operator-registered-receipt")
    receipt = operator.request.get(f"{live_server.url}{notice.get_by_role('link').get_attribute('href')}")
    assert receipt.ok and receipt.headers["content-type"] == "application/pdf"
    text = pdf_text(receipt.body())
    assert "TANDA TERIMA SURAT" in text and f"1/{year}" in text
    tracking_url = qr_code(receipt.body(), "el-tanda-terima")
    assert "/lacak/" in tracking_url and tracking_url.rsplit("/", 1)[1] in text.replace("-", "")

    # 2. The sender scans the receipt's QR code: the letter is with the leader.
    sender = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID").new_page()
    sender.goto(f"{live_server.url}{public_path(tracking_url)}")
    expect(sender.locator(".verdict h2")).to_have_text("Disampaikan kepada pimpinan")
    expect(sender.locator("[data-stage=leader]")).to_contain_text("Kepala Dinas")
    shot(sender, "el-02-sender-tracking-received")

    # 3. Down the chain (screens of issue #4): the Kepala Dinas to the Kabid, the Kabid to his staff member.
    incoming = IncomingLetter.objects.get(number=expected["letter_number"])
    top = disposition_create(
        letter=incoming,
        from_position=office["kadis"],
        user=office.users["kadis"],
        recipients=[office["kabid"]],
        instructions=instructions("Siapkan jawaban/konsep"),
        note="Undang Bappeda ke rapat koordinasi data.",
    )
    disposition_forward(
        recipient=top.recipients.get(),
        user=office.users["kabid"],
        recipients=[office["staf"]],
        instructions=instructions("Siapkan jawaban/konsep"),
        note="Konsepkan undangan rapat; tembuskan ke Sekretariat.",
    )

    # 4. The staff member opens it from the disposition inbox and clicks "Balas": a surat undangan from the template.
    staf = staff_login("staf", "/admin/disposisi/")
    staf.locator(".dispo-table tbody tr").filter(has_text=expected["letter_number"]).get_by_role(
        "link", name=expected["letter_number"]
    ).click()
    staf.get_by_role("link", name="Balas", exact=True).click()
    staf.wait_for_url(re.compile(r"/admin/surat-keluar/baru/\?balas=\d+$"))
    staf.wait_for_load_state()
    expect(staf.locator(".outgoing-reply")).to_contain_text(expected["letter_number"])
    expect(staf.get_by_label("Hal")).to_have_value(re.compile(re.escape(expected["subject"][:30])))
    staf.locator("#id_naskah_type").select_option(label="surat undangan")
    staf.get_by_label("Hal").fill("Undangan rapat koordinasi data agregat kependudukan")
    event_day = timezone.localdate() + datetime.timedelta(days=7)
    staf.locator("#id_part_hari_tanggal").fill(event_day.isoformat())
    staf.locator("#id_part_waktu").fill("09.00 WIB s.d. selesai")
    staf.locator("#id_part_tempat").fill("Aula Dinas Kependudukan dan Pencatatan Sipil")
    staf.locator("#id_part_acara").fill("Rapat koordinasi data agregat kependudukan\nPenyerahan data")
    staf.locator("#id_part_penutup").fill("Mengingat pentingnya acara tersebut, dimohon hadir tepat waktu.")
    staf.get_by_role("textbox", name="Isi", exact=True).fill(
        "Menindaklanjuti surat Saudara, kami mengundang Saudara untuk hadir pada rapat koordinasi data."
    )
    staf.locator("label", has_text="Sekretariat (SEK)").locator("input").check()
    shot(staf, "el-03-staf-compose-undangan")
    staf.get_by_role("button", name="Simpan konsep").click()
    expect(staf.locator(".messages")).to_contain_text("Konsep disimpan.")
    detail = staf.url
    staf.get_by_label("Kasi Pendaftaran — Seksi Pendaftaran").uncheck()
    staf.get_by_role("button", name="Kirim", exact=True).click()
    expect(staf.locator(".messages")).to_contain_text("Konsep dikirim untuk diperiksa.")
    shot(staf, "el-04-staf-submitted")
    outgoing = OutgoingLetter.objects.get(reply_to=incoming)
    assert outgoing.naskah_type == "surat_undangan"

    # 5. The Kabid reviews the rendered PDF and verifies.
    kabid = staff_login("kabid", "/admin/surat-keluar/")
    kabid.goto(detail)
    draft = kabid.request.get(f"{live_server.url}/admin/surat-keluar/{outgoing.pk}/pratinjau.pdf")
    assert draft.ok and draft.headers["content-type"] == "application/pdf"
    (SHOTS / "el-konsep-undangan.pdf").write_bytes(draft.body())
    draft_text = pdf_text(draft.body())
    assert "KONSEP" in draft_text and "tempat : Aula Dinas" in draft_text
    kabid.get_by_label("Setujui").check()
    kabid.get_by_role("button", name="Simpan keputusan").click()
    expect(kabid.locator(".messages")).to_contain_text("Keputusan dicatat: disetujui")

    # 6. The Kepala Dinas signs with his pass phrase (a wrong one first).
    kadis = staff_login("kadis", "/admin/surat-keluar/")
    kadis.goto(detail)
    kadis.get_by_label("Pass phrase TTE").fill("bukan pass phrase saya")
    kadis.get_by_role("button", name="Tandatangani", exact=True).click()
    expect(kadis.get_by_text("Pass phrase salah").first).to_be_visible()
    assert not LetterSignature.objects.exists()
    kadis.get_by_label("Pass phrase TTE").fill(PASSPHRASE)
    shot(kadis, "el-05-kadis-sign")
    kadis.get_by_role("button", name="Tandatangani", exact=True).click()
    expect(kadis.locator(".messages")).to_contain_text("Surat ditandatangani secara elektronik dengan nomor")
    signature = LetterSignature.objects.get(letter=outgoing)
    outgoing.refresh_from_db()
    expect(kadis.locator(".outgoing-tte")).to_contain_text(signature.code)
    shot(kadis, "el-06-kadis-signed")
    signed = kadis.request.get(f"{live_server.url}/admin/surat-keluar/{outgoing.pk}/surat.pdf")
    assert signed.ok and signed.headers["content-type"] == "application/pdf"
    signed_text = pdf_text(signed.body())
    assert outgoing.number in signed_text and "Dr. Sahabiq Purwadi Nugroho" in signed_text
    verification_url = qr_code(signed.body(), "el-surat-undangan-ttd")
    assert verification_url.endswith(f"/verifikasi/{signature.code}")

    # 7. Anyone scanning the QR code sees the letter valid, and the PDF they hold is the signed original.
    reader = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID").new_page()
    reader.goto(f"{live_server.url}{public_path(verification_url)}")
    expect(reader.locator(".verdict h2").first).to_have_text("SAH")
    expect(reader.locator(".identity")).to_contain_text(outgoing.number)
    reader.set_input_files(
        "input[type=file]", files=[{"name": "surat.pdf", "mimeType": "application/pdf", "buffer": signed.body()}]
    )
    reader.get_by_role("button", name="Periksa berkas").click()
    expect(reader.get_by_text("Berkas ASLI dan SAH")).to_be_visible()
    shot(reader, "el-07-verification-valid")

    # 8. The Sekretariat received it as an incoming letter, waiting in its head's inbox for disposition.
    copy = IncomingLetter.objects.get(source_outgoing=outgoing)
    assert Dispatch.objects.get(letter=outgoing, channel=Dispatch.Channel.E_OFFICE).unit == office["sekretaris"].unit
    sek = staff_login("sekretaris", "/admin/disposisi/")
    to_dispose = sek.locator("section").filter(has=sek.get_by_role("heading", name="Surat untuk didisposisikan"))
    row = to_dispose.locator("tbody tr").filter(has_text=outgoing.number)
    expect(row).to_contain_text("Seksi Pendaftaran")
    shot(sek, "el-08-sekretaris-inbox")
    assert copy.addressed_to == office["sekretaris"]

    # 9. The sender follows it to the end: answered, and the page shows neither content nor names.
    sender.reload()
    expect(sender.locator(".verdict h2")).to_have_text("Surat telah dibalas")
    for stage in ("received", "leader", "disposed", "handling", "finished", "answered"):
        expect(sender.locator(f"[data-stage={stage}]")).to_have_class(re.compile(r"\breached\b"))
    page_text = sender.locator("main").inner_text()
    for secret in (expected["subject"], "Undang Bappeda", "Konsepkan undangan", "Dr. Sahabiq", "Agus Prasetyo"):
        assert secret not in page_text
    shot(sender, "el-09-sender-tracking-answered")

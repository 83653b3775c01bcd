"""Issue #4's walk-through in a browser: people of one Dinas, each logged in through the admin login form with the
groups the deployment gives them (no superusers), take one incoming letter and one outgoing letter through the
whole workflow, and the test checks what each of them sees on screen at each step.

1. Incoming: the operator uploads a born-digital letter, reviews and registers it (agenda number shown); the
   Kepala Dinas disposes it to the Kabid, who forwards it to the Kasi; the Kasi reports back with a file and
   completes; the Kabid and the Kepala Dinas see the report, the Kabid closes his part, the letter's dispositions
   are done and the lembar disposisi PDF carries the chain.
2. Outgoing: a staff member drafts a reply, the Kabid (verifier) returns it once with a comment, the drafter
   revises and resubmits, the Kabid and the Kepala Dinas (signer) approve, the letter gets its number
   ``{code}/{serial}/{unit_code}/{year}`` and the operator records its dispatch.

Screenshots go to /tmp/walkthrough/ (or NASKAH_WALKTHROUGH_SHOTS).
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

from archive.models import (
    DispositionRecipient,
    IncomingLetter,
    OutgoingLetter,
    ReviewStep,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCAN = "contoh_7800.pdf"  # born-digital, one page: read from its text layer, no OCR wait
SHOTS = Path(os.environ.get("NASKAH_WALKTHROUGH_SHOTS", "/tmp/walkthrough"))
TIMEOUT = 120_000
Status = DispositionRecipient.Status


def shot(page: Page, name: str) -> None:
    """Save the whole page: the admin scrolls inside its own container, so the window is made as tall as it."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    tallest = page.evaluate("Math.max(...Array.from(document.querySelectorAll('main, main *'), e => e.scrollHeight))")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(tallest) + 120, 4000))})
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size(size)


def open_menu(page: Page, menu: str, item: str) -> None:
    """Open a submenu of the admin's sidebar and follow one of its items, as a person would (a menu entry may carry
    the count of what waits there, "Kotak masuk disposisi (1)")."""

    def named(label: str) -> re.Pattern:
        return re.compile(rf"^\s*{re.escape(label)}(\s*\(\d+\))?\s*$")

    page.locator("#wagtail-sidebar").get_by_role("button", name=named(menu)).click()
    page.locator("#wagtail-sidebar").get_by_role("link", name=named(item)).click()


def choose_code(page: Page, code: str) -> None:
    """Pick ``code`` in the classification code chooser (a Wagtail modal with a search box)."""
    page.get_by_role("button", name=re.compile("^Pilih kode")).click()
    modal = page.locator(".modal-dialog")
    expect(modal.get_by_text("Pilih kode klasifikasi").first).to_be_visible()
    modal.get_by_label("Cari kode atau judul").fill(code)
    row = modal.locator("tr").filter(has=page.locator(f"a:text-is('{code}'), a:has-text('{code} ')"))
    row.first.get_by_role("link").first.click()
    expect(modal).to_be_hidden()


def test_incoming_letter_from_upload_to_closed_disposition(live_server, staff_login, office, corpus_letter):
    letter_file, expected = corpus_letter(SCAN)
    deadline = timezone.localdate() + datetime.timedelta(days=14)

    # 1. The operator uploads the scan on Surat > Unggah surat and waits for it to be read.
    operator = staff_login("operator", "/admin/")
    open_menu(operator, "Surat", "Unggah surat")
    operator.wait_for_url("**/admin/surat/unggah/")
    operator.set_input_files("#archive-files", str(letter_file))
    item = operator.locator(".archive-item").filter(has_text=SCAN)
    expect(item.locator("[data-status]")).to_have_text("perlu diperiksa", timeout=TIMEOUT)
    shot(operator, "in-01-operator-uploaded")

    # 2. The review: the fields read from the letter, checked and completed; the code picked; confirmed.
    item.get_by_role("link", name="Periksa surat").click()
    operator.wait_for_url(re.compile(r"/admin/surat/berkas/\d+/$"))
    expect(operator.locator("#id_number")).to_have_value(expected["letter_number"])
    expect(operator.locator("#id_sender")).to_have_value(re.compile("Badan Perencanaan Pembangunan Daerah"))
    expect(operator.locator("#id_subject")).to_have_value(re.compile("Permohonan Data Agregat"))
    operator.locator("#id_subject").fill(expected["subject"])  # the read subject may be cut at the line break
    operator.locator("#id_summary").fill("Bappeda meminta data agregat kependudukan per 31 Desember 2022.")
    code = re.escape(expected["classification_code"])
    suggestion = operator.locator(".archive-code").filter(has_text=re.compile(rf"^\s*{code} "))
    if suggestion.count():
        suggestion.locator("input[type=radio]").check()
    else:
        operator.locator(".archive-code").last.locator("input[type=radio]").check()
        choose_code(operator, expected["classification_code"])
    shot(operator, "in-02-operator-review")
    operator.get_by_role("button", name="Konfirmasi dan daftarkan").click()
    operator.wait_for_url("**/admin/surat/berkas/")
    year = timezone.localdate().year
    expect(operator.locator(".messages")).to_contain_text(
        f"Surat '{expected['letter_number']}' didaftarkan dengan nomor agenda 1/{year}."
    )
    shot(operator, "in-03-operator-registered")
    open_menu(operator, "Surat", "Buku agenda")  # the register: agenda number first
    row = operator.locator("tr").filter(has_text=expected["letter_number"])
    expect(row.locator("td").first).to_have_text(f"1/{year}")
    expect(row).to_contain_text(expected["classification_code"])
    shot(operator, "in-03b-operator-register")
    row.get_by_role("link", name=expected["letter_number"]).click()
    expect(operator.locator(".archive-facts").first).to_contain_text(re.compile(rf"Nomor agenda\s*1/{year}"))

    # 3. The Kepala Dinas finds the letter among the incoming letters, opens its dispositions and disposes it.
    kadis = staff_login("kadis", "/admin/")
    open_menu(kadis, "Surat", "Surat masuk")
    row = kadis.locator("tr").filter(has_text=expected["letter_number"])
    expect(row).to_contain_text("terdaftar")
    row.get_by_role("link", name=expected["letter_number"]).click()
    facts = kadis.locator(".archive-facts").first
    expect(facts).to_contain_text(expected["subject"])
    expect(facts).to_contain_text(re.compile(r"Disampaikan kepada\s*Kepala Dinas"))
    shot(kadis, "in-04-kadis-letter")
    kadis.get_by_role("link", name="Disposisi surat").click()
    expect(kadis.get_by_text("Status disposisi: belum didisposisi")).to_be_visible()
    expect(kadis.locator(".dispo-chain")).to_contain_text("Surat ini belum didisposisikan.")
    kadis.get_by_role("link", name="Disposisikan", exact=True).click()
    kadis.wait_for_url(re.compile(r"/admin/disposisi/surat/\d+/disposisikan/$"))
    header = kadis.locator(".dispo-fields")
    expect(header).to_contain_text(re.compile(rf"Nomor agenda\s*1/{year}"))
    expect(header).to_contain_text(expected["letter_number"])
    kadis.get_by_label("Kabid PIAK — Bidang PIAK").check()
    kadis.get_by_label("Tindak lanjuti/selesaikan").check()
    kadis.get_by_label("Siapkan jawaban/konsep").check()
    kadis.get_by_label("Catatan").fill("Siapkan data agregat dan konsep jawaban ke Bappeda.")
    kadis.get_by_label("Batas waktu").fill(deadline.isoformat())
    shot(kadis, "in-05-kadis-dispose-form")
    kadis.get_by_role("button", name="Disposisikan").click()
    kadis.wait_for_url(re.compile(r"/admin/disposisi/surat/\d+/$"))
    expect(kadis.locator(".messages")).to_contain_text("Surat didisposisikan.")
    expect(kadis.get_by_text("Status disposisi: dalam proses")).to_be_visible()
    chain = kadis.locator(".dispo-chain")
    expect(chain).to_contain_text("Kepala Dinas → Kabid PIAK")
    expect(chain).to_contain_text(f"Batas waktu: {deadline:%d-%m-%Y}")
    expect(chain).to_contain_text("Kabid PIAK: belum dibaca")
    letter_url = kadis.url

    # 4. The Kabid sees it unread in the inbox, marks it read, opens it and forwards it to the Kasi.
    kabid = staff_login("kabid", "/admin/")
    open_menu(kabid, "Disposisi", "Kotak masuk disposisi")
    inbox_row = kabid.locator(".dispo-table tbody tr").filter(has_text=expected["letter_number"])
    expect(inbox_row).to_contain_text("belum dibaca")
    expect(inbox_row).to_contain_text(f"{deadline:%d-%m-%Y}")
    shot(kabid, "in-06-kabid-inbox")
    inbox_row.get_by_role("button", name="Tandai dibaca").click()
    expect(inbox_row.locator("td").nth(6)).to_have_text(re.compile(r"^\s*dibaca\s*$"))
    expect(inbox_row.get_by_role("button", name="Tandai dibaca")).to_have_count(0)
    inbox_row.get_by_role("link", name=expected["letter_number"]).click()
    expect(kabid.locator(".dispo-section").first).to_contain_text("Siapkan data agregat")
    kabid.get_by_role("link", name="Teruskan ke bawahan").click()
    kabid.get_by_label("Kasi Pendaftaran — Seksi Pendaftaran").check()
    kabid.get_by_label("Proses lebih lanjut").check()
    kabid.get_by_label("Catatan").fill("Tarik data agregat dari SIAK dan laporkan.")
    expect(kabid.get_by_label("Batas waktu")).to_have_value(deadline.isoformat())  # the deadline is kept
    shot(kabid, "in-07-kabid-forward-form")
    kabid.get_by_role("button", name="Teruskan").click()
    expect(kabid.locator(".messages")).to_contain_text("Disposisi diteruskan.")
    expect(kabid.locator(".dispo-chain")).to_contain_text("Kabid PIAK → Kasi Pendaftaran")
    expect(kabid.locator(".dispo-chain")).to_contain_text("Kabid PIAK: diteruskan")
    kabid_detail = kabid.url

    # 5. The Kasi opens it (the read receipt), reports with a file and completes it.
    kasi = staff_login("kasi", "/admin/disposisi/")
    kasi_row = kasi.locator(".dispo-table tbody tr").filter(has_text=expected["letter_number"])
    expect(kasi_row).to_contain_text("Kabid PIAK")
    expect(kasi_row).to_contain_text("belum dibaca")
    kasi_row.get_by_role("link", name=expected["letter_number"]).click()
    expect(kasi.locator(".dispo-fields").first).to_contain_text("Tarik data agregat dari SIAK")
    # Opening the page writes nothing (a GET); the page posts its read receipt once shown, then hides the form.
    expect(kasi.locator("form[data-read-receipt]")).to_be_hidden()
    kasi.reload()
    expect(kasi.locator(".dispo-chain")).to_contain_text("Kasi Pendaftaran: dibaca")
    kasi.get_by_label("Laporan tindak lanjut").fill("Data agregat per kecamatan sudah ditarik; terlampir.")
    kasi.get_by_label("Lampiran (boleh lebih dari satu)").set_input_files(
        {"name": "data-agregat.csv", "mimeType": "text/csv", "buffer": b"kecamatan,jumlah\nParakan,51234\n"}
    )
    shot(kasi, "in-08-kasi-report-form")
    kasi.get_by_role("button", name="Kirim laporan").click()
    expect(kasi.locator(".messages")).to_contain_text("Laporan tindak lanjut dikirim.")
    expect(kasi.locator(".dispo-report")).to_contain_text("Data agregat per kecamatan sudah ditarik")
    expect(kasi.locator(".dispo-chain")).to_contain_text("Kasi Pendaftaran: dilaporkan")
    kasi.get_by_role("button", name="Selesaikan").click()
    expect(kasi.locator(".messages")).to_contain_text("Disposisi diselesaikan.")
    expect(kasi.locator(".dispo-chain")).to_contain_text("Kasi Pendaftaran: selesai")
    expect(kasi.get_by_role("button", name="Selesaikan")).to_have_count(0)
    shot(kasi, "in-09-kasi-completed")

    # 6. The Kabid sees the report and its file, then closes his own part (penyelesaian disposisi).
    kabid.goto(kabid_detail)
    report = kabid.locator(".dispo-report")
    expect(report).to_contain_text("Data agregat per kecamatan sudah ditarik")
    with kabid.expect_download() as download:
        report.get_by_role("link", name="data-agregat.csv").click()
    assert Path(download.value.path()).read_bytes().startswith(b"kecamatan,jumlah")
    expect(kabid.locator(".dispo-chain")).to_contain_text("Kasi Pendaftaran: selesai")
    closing = kabid.locator("form").filter(has=kabid.get_by_role("button", name="Selesaikan"))
    closing.get_by_label("Catatan").fill("Data sudah lengkap; jawaban ke Bappeda disiapkan.")
    closing.get_by_role("button", name="Selesaikan").click()
    expect(kabid.locator(".messages")).to_contain_text("Disposisi diselesaikan.")
    expect(kabid.locator(".dispo-chain")).to_contain_text("Kabid PIAK: selesai")
    shot(kabid, "in-10-kabid-closed")
    open_menu(kabid, "Disposisi", "Kotak masuk disposisi")
    expect(kabid.get_by_text("Tidak ada disposisi.")).to_be_visible()

    # 7. The Kepala Dinas sees the whole chain done with both reports, and the lembar disposisi.
    kadis.goto(letter_url)
    expect(kadis.get_by_text("Status disposisi: selesai")).to_be_visible()
    chain = kadis.locator(".dispo-chain")
    expect(chain).to_contain_text("Data agregat per kecamatan sudah ditarik")
    expect(chain).to_contain_text("Data sudah lengkap; jawaban ke Bappeda disiapkan.")
    expect(chain).to_contain_text("Kabid PIAK: selesai")
    expect(chain).to_contain_text("Kasi Pendaftaran: selesai")
    shot(kadis, "in-11-kadis-chain-done")
    pdf_href = kadis.get_by_role("link", name="Cetak lembar disposisi (PDF)").get_attribute("href")
    response = kadis.request.get(f"{live_server.url}{pdf_href}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    (SHOTS / "lembar-disposisi.pdf").write_bytes(response.body())
    sheet = pdf_text(response.body())
    for text in (
        expected["letter_number"],
        f"1/{year}",
        "Kepala Dinas",
        "Kabid PIAK",
        "Kasi Pendaftaran",
        "Siapkan data agregat",
        "Tarik data agregat dari SIAK",
        "Data agregat per kecamatan sudah ditarik",
        deadline.strftime("%d-%m-%Y"),
    ):
        assert text in sheet, f"{text!r} missing from the lembar disposisi"

    # The records behind the screens.
    letter = IncomingLetter.objects.get(number=expected["letter_number"])
    assert letter.status == IncomingLetter.Status.REGISTERED and letter.register_entry.agenda_number == 1
    assert letter.registered_by == office.users["operator"]
    rows = DispositionRecipient.objects.filter(disposition__letter=letter).order_by("pk")
    assert [(row.position.title, row.status) for row in rows] == [
        ("Kabid PIAK", Status.DONE),
        ("Kasi Pendaftaran", Status.DONE),
    ]
    assert rows[1].reports.get().attachments.get().name == "data-agregat.csv"


def test_outgoing_letter_from_draft_to_dispatch(live_server, staff_login, office):
    subject = "Penyampaian data agregat kependudukan"
    code = "400.12.4"

    # 1. A staff member writes a draft (Surat keluar > Surat keluar > Konsep baru) and picks the code.
    staf = staff_login("staf", "/admin/")
    open_menu(staf, "Surat keluar", "Surat keluar")
    staf.get_by_role("link", name="Konsep baru").click()
    staf.wait_for_url("**/admin/surat-keluar/baru/")
    staf.get_by_label("Unit pengirim").select_option(label="Seksi Pendaftaran (PIAK.1)")
    choose_code(staf, code)
    staf.get_by_label("Hal").fill(subject)
    staf.get_by_label("Tujuan (Yth.)").fill("Kepala Bappeda Kabupaten Temanggung")
    staf.get_by_role("textbox", name="Isi", exact=True).fill("Bersama ini kami sampaikan data agregat kependudukan.")
    shot(staf, "out-01-staf-draft")
    staf.get_by_role("button", name="Simpan konsep").click()
    expect(staf.locator(".messages")).to_contain_text("Konsep disimpan.")
    expect(staf.locator(".outgoing-letter")).to_contain_text("konsep")
    detail = staf.url

    # 2. The chain is proposed from the organisation tree (Kasi and Kabid verify, the Kepala Dinas signs); the
    # drafter leaves the Kasi out and submits to the Kabid (verifier) and the Kepala Dinas (signer).
    expect(staf.get_by_label("Kasi Pendaftaran — Seksi Pendaftaran")).to_be_checked()
    expect(staf.get_by_label("Kabid PIAK — Bidang PIAK")).to_be_checked()
    expect(staf.get_by_label("Penandatangan")).to_have_value(str(office["kadis"].pk))
    staf.get_by_label("Kasi Pendaftaran — Seksi Pendaftaran").uncheck()
    staf.get_by_role("button", name="Kirim", exact=True).click()
    expect(staf.locator(".messages")).to_contain_text("Konsep dikirim untuk diperiksa.")
    expect(staf.get_by_text("Menunggu keputusan verifikator: Kabid PIAK")).to_be_visible()

    # 3. The Kabid returns it once with a comment.
    kabid = staff_login("kabid", "/admin/surat-keluar/")
    kabid.locator("tr").filter(has_text=subject).get_by_role("link").first.click()
    kabid.get_by_label("Kembalikan").check()
    kabid.get_by_label("Catatan").fill("Sebutkan tanggal posisi data (31 Desember 2022).")
    shot(kabid, "out-02-kabid-return")
    kabid.get_by_role("button", name="Simpan keputusan").click()
    expect(kabid.locator(".messages")).to_contain_text("Keputusan dicatat: dikembalikan")
    expect(kabid.locator(".outgoing-letter")).to_contain_text("dikembalikan")

    # 4. The drafter sees the comment, revises and resubmits.
    staf.goto(detail)
    expect(staf.locator(".outgoing-letter")).to_contain_text("dikembalikan")
    expect(staf.get_by_text("Sebutkan tanggal posisi data (31 Desember 2022).")).to_be_visible()
    staf.get_by_role("link", name="Ubah konsep").click()
    staf.wait_for_url("**/ubah/")
    staf.wait_for_load_state()  # the body's editor is set up once the page has loaded
    staf.get_by_role("textbox", name="Isi", exact=True).fill(
        "Bersama ini kami sampaikan data agregat kependudukan per 31 Desember 2022."
    )
    staf.get_by_role("button", name="Simpan konsep").click()
    expect(staf.locator(".outgoing-body")).to_contain_text("per 31 Desember 2022")
    # The chain of the returned round is proposed again.
    expect(staf.get_by_label("Kasi Pendaftaran — Seksi Pendaftaran")).not_to_be_checked()
    expect(staf.get_by_label("Kabid PIAK — Bidang PIAK")).to_be_checked()
    staf.get_by_role("button", name="Kirim", exact=True).click()
    expect(staf.locator(".messages")).to_contain_text("Konsep dikirim untuk diperiksa.")

    # 5. The Kabid approves, then the Kepala Dinas signs: the letter gets its number.
    kabid.goto(detail)
    kabid.get_by_label("Setujui").check()
    kabid.get_by_role("button", name="Simpan keputusan").click()
    expect(kabid.locator(".messages")).to_contain_text("Keputusan dicatat: disetujui")
    kadis = staff_login("kadis", "/admin/surat-keluar/")
    kadis.locator("tr").filter(has_text=subject).get_by_role("link").first.click()
    expect(kadis.get_by_text("Menunggu keputusan penandatangan: Kepala Dinas")).to_be_visible()
    kadis.get_by_label("Setujui").check()
    kadis.get_by_role("button", name="Simpan keputusan").click()
    year = timezone.localdate().year
    number = f"{code}/1/PIAK.1/{year}"
    expect(kadis.locator(".messages")).to_contain_text(f"Surat disetujui dengan nomor {number}.")
    expect(kadis.locator(".outgoing-letter")).to_contain_text(number)
    shot(kadis, "out-03-kadis-signed")

    # 6. The operator (tata usaha) records the dispatch; the letter is sent.
    operator = staff_login("operator", "/admin/surat-keluar/")
    operator.locator("tr").filter(has_text=number).get_by_role("link", name=number).click()
    operator.get_by_label("Dikirim melalui").select_option(label="surel")
    operator.get_by_label("Penerima").fill("bappeda@temanggungkab.go.id")
    shot(operator, "out-04-operator-dispatch-form")
    operator.get_by_role("button", name="Catat pengiriman").click()
    expect(operator.locator(".messages")).to_contain_text("Pengiriman dicatat.")
    expect(operator.locator(".outgoing-letter")).to_contain_text("terkirim")
    expect(operator.get_by_text("bappeda@temanggungkab.go.id")).to_be_visible()
    shot(operator, "out-05-operator-dispatched")
    open_menu(operator, "Surat keluar", "Surat keluar")
    expect(operator.locator("tr").filter(has_text=number)).to_contain_text("terkirim")

    letter = OutgoingLetter.objects.get(number=number)
    assert letter.status == OutgoingLetter.Status.DISPATCHED and letter.drafter == office.users["staf"]
    assert letter.letter_date == timezone.localdate()
    assert list(letter.review_steps.order_by("round", "order").values_list("round", "role", "decision")) == [
        (1, ReviewStep.Role.VERIFIER, ReviewStep.Decision.RETURNED),
        (1, ReviewStep.Role.SIGNER, ReviewStep.Decision.SKIPPED),
        (2, ReviewStep.Role.VERIFIER, ReviewStep.Decision.APPROVED),
        (2, ReviewStep.Role.SIGNER, ReviewStep.Decision.APPROVED),
    ]
    dispatch = letter.dispatches.get()
    assert (dispatch.channel, dispatch.recorded_by) == ("email", office.users["operator"])


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)  # lines wrap anywhere on the sheet

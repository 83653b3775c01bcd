"""Letters by e-mail against a real IMAP server (dovecot on a loopback port): a scanned letter, a message with two
attachments, one without any, one with a hostile file, and the same message again; rules; a failing account."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from archive.models import Capture
from mailintake.models import MailAccount, MailRule, ProcessedMessage
from mailintake.services import mail_accounts_check
from tests.factories.archive import UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
CORPUS = Path(settings.SHARED_DIR) / "corpus" / "dev" / "letters"


def message(message_id: str, subject: str, sender: str = "camat@kecamatan.example.test", body: str = "", files=()):
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, "arsip@dinas.example.test", subject
    mail["Message-ID"], mail["Date"] = message_id, "Mon, 07 Dec 2026 09:00:00 +0700"
    mail.set_content(body or "Terlampir surat kami.")
    for name, data, maintype, subtype in files:
        mail.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return mail


def account_for(server, **values) -> MailAccount:
    account = MailAccount(
        name=values.pop("name", "Surel dinas"),
        host=server.host,
        port=server.port,
        security=MailAccount.Security.NONE,
        username=server.user,
        **values,
    )
    account.password = values.pop("password", server.password) if "password" in values else server.password
    account.save()
    return account


def test_each_kind_of_message_becomes_captures_once(imap_server):
    scan = (CORPUS / "contoh_5234.tif").read_bytes()
    pdf, png = (CORPUS / "contoh_1913.pdf").read_bytes(), (CORPUS / "contoh_5040.png").read_bytes()
    hostile = b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode"
    imap_server.deliver(message("<scan@kec>", "Undangan rapat", files=[("undangan.tif", scan, "image", "tiff")]))
    imap_server.deliver(
        message(
            "<two@kec>",
            "Dua lampiran",
            files=[("surat.pdf", pdf, "application", "pdf"), ("lampiran.png", png, "image", "png")],
        )
    )
    imap_server.deliver(
        message(
            "<body@kec>", "Pemberitahuan tanpa lampiran", body="Dengan hormat, kantor tutup pada tanggal 25 Desember."
        )
    )
    imap_server.deliver(
        message(
            "<evil@kec>",
            "Surat penting",
            files=[
                ("surat.pdf", hostile, "application", "pdf"),
                ("catatan.docx", b"PK\x03\x04", "application", "octet-stream"),
            ],
        )
    )
    account = account_for(imap_server)

    [report] = mail_accounts_check()
    assert report.error == "" and report.messages == 4
    names = sorted(Capture.objects.values_list("original_name", flat=True))
    assert names == ["lampiran.png", "surat.pdf", "surat.pdf", "surel-Pemberitahuan tanpa lampiran.pdf", "undangan.tif"]
    by_subject = {}
    for capture in Capture.objects.all():
        assert capture.source == Capture.Source.EMAIL
        by_subject.setdefault(capture.context["email_subject"], []).append(capture)
    assert {subject: len(found) for subject, found in by_subject.items()} == {
        "Undangan rapat": 1,
        "Dua lampiran": 2,
        "Pemberitahuan tanpa lampiran": 1,
        "Surat penting": 1,
    }
    [scanned] = by_subject["Undangan rapat"]
    assert scanned.context["email_from"] == "camat@kecamatan.example.test" and scanned.status == Capture.Status.QUEUED
    assert scanned.context["message_id"] == "<scan@kec>" and scanned.sha256
    [body] = by_subject["Pemberitahuan tanpa lampiran"]
    assert body.mime_type == "application/pdf" and body.status == Capture.Status.QUEUED
    [evil] = by_subject["Surat penting"]
    assert evil.status == Capture.Status.REFUSED and evil.error  # kept, refused with what was found
    assert "catatan.docx" in ProcessedMessage.objects.get(message_id="<evil@kec>").note
    assert all("$NaskahCaptured" in flags for flags in imap_server.flags())

    # The same message again (a resend or a copy): nothing new.
    imap_server.deliver(message("<scan@kec>", "Undangan rapat", files=[("undangan.tif", scan, "image", "tiff")]))
    before = Capture.objects.count()
    account.refresh_from_db()
    [again] = mail_accounts_check()
    assert again.messages == 1 and again.captures == [] and Capture.objects.count() == before
    assert ProcessedMessage.objects.count() == 4
    [nothing] = mail_accounts_check()
    assert nothing.messages == 0  # everything is flagged now


def test_rules_choose_what_is_taken_and_taken_messages_can_be_moved(imap_server):
    imap_server.client().create("Diproses")
    pdf = (CORPUS / "contoh_4442.pdf").read_bytes()
    imap_server.deliver(
        message("<a@x>", "Surat dinas", sender="tu@bkd.example.test", files=[("a.pdf", pdf, "application", "pdf")])
    )
    imap_server.deliver(message("<b@x>", "Promo langganan", sender="iklan@toko.example.test", body="Diskon!"))
    imap_server.deliver(message("<c@x>", "Nota tanpa lampiran", sender="tu@bkd.example.test", body="Mohon hadir."))
    account = account_for(imap_server, after=MailAccount.After.MOVE, move_to="Diproses")
    MailRule.objects.create(account=account, sender_contains="bkd.example.test", take=MailRule.Take.ATTACHMENTS)

    [report] = mail_accounts_check()
    assert report.error == "" and report.messages == 3 and report.skipped == 1
    assert [c.original_name for c in Capture.objects.all()] == ["a.pdf"]  # attachments only: <c@x> gives nothing
    assert set(ProcessedMessage.objects.values_list("message_id", flat=True)) == {"<a@x>", "<c@x>"}
    assert len(imap_server.flags("Diproses")) == 2 and len(imap_server.flags("INBOX")) == 1  # the ad stays


def test_a_failing_account_is_reported_and_retried_later_while_others_go_on(imap_server):
    imap_server.deliver(message("<ok@x>", "Surat", body="Isi surat."))
    broken = account_for(imap_server, name="Akun lama")
    broken.password = "salah"
    broken.save()
    working = account_for(imap_server, name="Akun baru")
    reports = {report.account: report for report in mail_accounts_check()}
    assert reports["Akun baru"].error == "" and len(reports["Akun baru"].captures) == 1
    assert reports["Akun lama"].error
    broken.refresh_from_db()
    assert broken.failures == 1 and broken.last_error and broken.next_check_at is not None
    assert [report.account for report in mail_accounts_check()] == ["Akun baru"]  # the broken one waits its turn
    assert "salah" not in broken.password_encrypted and broken.password == "salah"  # stored encrypted

    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    listing = client.get("/admin/mail_accounts/").content.decode()
    assert "Akun lama" in listing and "GAGAL" in listing and working.name in listing

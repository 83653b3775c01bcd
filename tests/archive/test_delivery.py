"""Delivering signed letters: to a unit of this office as an incoming letter in its register before its head (no
scan), by e-mail through Django's mail backends (sent after commit; with the mail server down: recorded, retried,
nothing lost), and on paper with the expedition receipt."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from archive.models import AuditEvent, Capture, Dispatch, IncomingLetter, OutgoingLetter, Register
from archive.models.outgoing import with_dispatch_counts
from archive.selectors.access import can_open_letter
from archive.selectors.dispositions import letters_awaiting_disposition
from archive.services import delivery
from archive.services.composing import outgoing_internal_recipients_set
from archive.services.signing import outgoing_sign, signed_pdf_bytes
from tests.factories.archive import RegisterFactory
from tests.factories.eletters import (
    PASSPHRASE,
    approve_verifiers,
    build_eoffice,
    composed_letter,
    pdf_text,
    tiny_pdf,
    tte_certificate,
)
from tests.search.fixtures_records import grant

pytestmark = pytest.mark.django_db
State = Dispatch.State


@pytest.fixture
def office():
    office = build_eoffice()
    grant(*office.users.values(), codenames=("view_incomingletter", "view_disposition", "add_outgoingletter"))
    admin_access = Permission.objects.get(codename="access_admin")
    for user in office.users.values():
        user.user_permissions.add(admin_access)
    tte_certificate(office.users["kadis"])
    return office


def sign(office, letter):
    letter = approve_verifiers(office, letter)
    return outgoing_sign(letter=letter, user=office.users["kadis"], passphrase=PASSPHRASE)


def test_an_internal_unit_receives_the_signed_letter_in_its_register_before_its_head(
    office, django_capture_on_commit_callbacks
):
    piak = office["kabid"].unit
    register = RegisterFactory(name="Buku Agenda Bidang PIAK", unit=piak)
    letter = composed_letter(office, submit=False, addressees="")
    outgoing_internal_recipients_set(letter=letter, units=[piak])
    letter.refresh_from_db()
    assert letter.addressees == "Kabid PIAK"  # the unit's head joins the Yth. lines
    from archive.services.outgoing import outgoing_submit

    outgoing_submit(letter=letter, user=office.users["staf"], verifiers=[office["kasi"]], signer=office["kadis"])
    from archive.services.outgoing import outgoing_review

    outgoing_review(letter=letter, user=office.users["kasi"], decision="approved")
    signature = outgoing_sign(letter=letter, user=office.users["kadis"], passphrase=PASSPHRASE)
    letter.refresh_from_db()

    copy = IncomingLetter.objects.get(source_outgoing=letter)
    assert copy.status == IncomingLetter.Status.REGISTERED and copy.addressed_to == office["kabid"]
    assert (copy.number, copy.letter_date, copy.subject) == (letter.number, letter.letter_date, letter.subject)
    assert copy.sender == "Seksi Pendaftaran, Dinas Kependudukan dan Pencatatan Sipil"
    assert copy.register_entry.register == register and copy.register_entry.agenda_number == 1
    capture = Capture.objects.get(letter=copy)
    assert capture.source == Capture.Source.E_OFFICE and capture.sha256 == signature.sha256
    assert letter.number in capture.text and capture.thumbnail
    dispatch = Dispatch.objects.get(letter=letter)
    assert (dispatch.state, dispatch.unit, dispatch.incoming_letter) == (State.DELIVERED, piak, copy)
    # The Kabid finds it among the letters put before him, waiting for his disposition.
    awaiting = letters_awaiting_disposition(user=office.users["kabid"], day=timezone.localdate())
    assert copy in [row[0] for row in awaiting]
    # Delivering again changes nothing.
    assert delivery.outgoing_deliver_internal(letter=letter, unit=piak) == dispatch
    assert IncomingLetter.objects.filter(source_outgoing=letter).count() == 1


def test_a_unit_without_its_own_register_gets_the_office_register_and_a_restricted_copy_stays_restricted(office):
    letter = composed_letter(office, security="rahasia", submit=False)
    outgoing_internal_recipients_set(letter=letter, units=[office["sekretaris"].unit])
    from archive.services.outgoing import outgoing_submit

    outgoing_submit(letter=letter, user=office.users["staf"], verifiers=[office["kabid"]], signer=office["kadis"])
    sign(office, letter)
    copy = IncomingLetter.objects.get(source_outgoing=letter)
    assert copy.register_entry.register == Register.objects.get(kind="incoming", is_default=True)
    assert copy.addressed_to == office["sekretaris"] and copy.security == "rahasia"
    assert can_open_letter(office.users["sekretaris"], copy)
    assert not can_open_letter(office.users["kasi"], copy)


def test_e_mail_is_sent_after_commit_with_the_signed_pdf(office, django_capture_on_commit_callbacks):
    signature = sign(office, composed_letter(office))
    with django_capture_on_commit_callbacks(execute=True):
        [dispatch] = delivery.outgoing_email_queue(
            letter=signature.letter, user=office.users["staf"], addresses="bappeda@banjarnegarakab.go.id"
        )
        assert dispatch.state == State.QUEUED and not mail.outbox  # nothing leaves inside the transaction
    dispatch.refresh_from_db()
    assert dispatch.state == State.SENT and dispatch.sent_at and dispatch.attempts == 1
    [message] = mail.outbox
    assert message.to == ["bappeda@banjarnegarakab.go.id"] and signature.letter.number in message.subject
    assert f"http://naskah.test/verifikasi/{signature.code}" in message.body
    [(name, content, kind)] = message.attachments
    assert kind == "application/pdf" and content == signed_pdf_bytes(signature)


def test_with_the_mail_server_down_the_send_is_recorded_retried_and_nothing_is_lost(
    office, settings, django_capture_on_commit_callbacks
):
    signature = sign(office, composed_letter(office))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        [dispatch] = delivery.outgoing_email_queue(
            letter=signature.letter, user=office.users["staf"], addresses="camat@bawang.example.id"
        )
    dispatch.refresh_from_db()
    assert dispatch.state == State.FAILED and dispatch.attempts == 1 and "Connection" in dispatch.last_error
    assert dispatch.next_attempt_at > timezone.now()
    letter = OutgoingLetter.objects.get(pk=signature.letter.pk)
    assert letter.status == OutgoingLetter.Status.DISPATCHED
    assert letter.status_display == "dikirim ke 0 dari 1 tujuan", "a failing e-mail is not 'terkirim'"
    [listed] = with_dispatch_counts(OutgoingLetter.objects.filter(pk=letter.pk))
    assert listed.status_display == "dikirim ke 0 dari 1 tujuan"
    assert delivery.dispatch_email_retry_due() == 0  # its pause is not over yet

    later = dispatch.next_attempt_at + datetime.timedelta(seconds=1)
    assert delivery.dispatch_email_retry_due(now=later) == 1  # still down: a second failure, a longer pause
    dispatch.refresh_from_db()
    assert dispatch.state == State.FAILED and dispatch.attempts == 2

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    assert delivery.dispatch_email_retry_due(now=dispatch.next_attempt_at + datetime.timedelta(seconds=1)) == 1
    dispatch.refresh_from_db()
    assert dispatch.state == State.SENT and dispatch.attempts == 3 and dispatch.last_error == ""
    assert OutgoingLetter.objects.get(pk=letter.pk).status_display == "terkirim"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["camat@bawang.example.id"]
    states = [
        event.changes["state"][1]
        for event in AuditEvent.objects.filter(object_type="archive.dispatch", action="change").order_by("pk")
    ]
    assert states == ["failed", "failed", "sent"]


def test_after_the_last_retry_it_waits_for_a_person(office, settings, django_capture_on_commit_callbacks):
    signature = sign(office, composed_letter(office))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with django_capture_on_commit_callbacks(execute=True):
        [dispatch] = delivery.outgoing_email_queue(
            letter=signature.letter, user=office.users["staf"], addresses="a@b.id"
        )
    far = timezone.now() + datetime.timedelta(days=2)
    for _round in range(delivery.MAX_ATTEMPTS):
        delivery.dispatch_email_retry_due(now=far)
    dispatch.refresh_from_db()
    assert dispatch.state == State.GAVE_UP and dispatch.attempts == delivery.MAX_ATTEMPTS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        delivery.dispatch_retry(dispatch=dispatch, user=office.users["staf"])
    dispatch.refresh_from_db()
    assert dispatch.state == State.SENT and len(mail.outbox) == 1


def test_bad_addresses_and_unsigned_letters_are_refused(office):
    from django.core.exceptions import ValidationError

    signature = sign(office, composed_letter(office))
    with pytest.raises(ValidationError, match="tidak sah"):
        delivery.outgoing_email_queue(
            letter=signature.letter, user=office.users["staf"], addresses="a@b.id, bukan-surel"
        )
    assert not Dispatch.objects.filter(channel="email").exists()
    unsigned = approve_verifiers(office, composed_letter(office))
    with pytest.raises(ValidationError, match="belum ditandatangani"):
        delivery.outgoing_email_queue(letter=unsigned, user=office.users["staf"], addresses="a@b.id")


def test_paper_delivery_prints_an_expedition_receipt_and_records_its_return(office, client):
    signature = sign(office, composed_letter(office))
    letter = signature.letter
    dispatch = delivery.outgoing_print_dispatch(
        letter=letter,
        user=office.users["staf"],
        channel="hand",
        recipient="Camat Bawang, Jl. Raya Bawang 1",
        date=timezone.localdate(),
    )
    client.force_login(office.users["staf"])
    receipt = client.get(reverse("archive_outgoing:expedition_pdf", args=[letter.pk]))
    text = pdf_text(receipt.content)
    assert receipt.status_code == 200 and "BUKU EKSPEDISI SURAT KELUAR" in text
    assert letter.number in text.replace(" ", "") and "Camat Bawang" in text and "Tanda tangan penerima" in text
    delivery.dispatch_mark_received(
        dispatch=dispatch, user=office.users["staf"], received_by="Sutrisno", received_on=timezone.localdate()
    )
    dispatch.refresh_from_db()
    assert (dispatch.state, dispatch.received_by) == (State.DELIVERED, "Sutrisno")


def test_the_delivery_forms_on_the_letter_page(office, client, django_capture_on_commit_callbacks):
    signature = sign(office, composed_letter(office))
    letter = signature.letter
    client.force_login(office.users["staf"])  # the drafter sends
    page = client.get(reverse("archive_outgoing:detail", args=[letter.pk])).content.decode()
    assert "Kirim lewat surel" in page and "Kirim tercetak" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("archive_outgoing:deliver_email", args=[letter.pk]), {"addresses": "x@y.id"})
    assert response.status_code == 302 and len(mail.outbox) == 1
    client.force_login(office.users["kabid"])  # the verifier may see the letter, not send it
    refused = client.post(reverse("archive_outgoing:deliver_email", args=[letter.pk]), {"addresses": "x@y.id"})
    assert refused.status_code == 400 and len(mail.outbox) == 1


def test_an_uploaded_letter_is_delivered_with_its_text(office):
    letter = composed_letter(
        office, body="", draft_file=SimpleUploadedFile("s.pdf", tiny_pdf("Undangan dari luar aplikasi"))
    )
    letter.internal_recipients.set([office["kabid"].unit])
    sign(office, letter)
    copy = IncomingLetter.objects.get(source_outgoing=letter)
    assert "Undangan dari luar aplikasi" in copy.capture.text

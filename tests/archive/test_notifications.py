"""Notifications: each kind reaches the right people in the app and by e-mail after commit, opt-out per kind, the
daily digest, the bell's count under the access rule, and the pages that open and mark them."""

from __future__ import annotations

import datetime
import socket

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from archive.models import ClassificationCode, Notification, NotificationSettings, PositionHolder
from archive.selectors.notifications import notifications_for, unread_notifications_count
from archive.services import notifications as services
from archive.services import outgoing as outgoing_services
from archive.services.dispositions import disposition_create, disposition_forward, disposition_report
from tests.factories.archive import UserFactory
from tests.factories.dispositions import build_office, instructions, registered_letter

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


@pytest.fixture
def office():
    """The office of build_office, each official in the Pejabat group (staf in Staf), as the deployment has them."""
    from django.contrib.auth.models import Group

    built = build_office()
    for key, user in built.users.items():
        user.groups.add(Group.objects.get(name="Staf" if key == "staf" else "Pejabat"))
    return built


@pytest.fixture
def letter(office):
    return registered_letter(user=office.users["kadis"], subject="Undangan rapat koordinasi adminduk")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block and then what it left for after commit (the e-mail task, immediate in tests)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def _dispose(office, letter, *to):
    return disposition_create(
        letter=letter,
        from_position=office["kadis"],
        user=office.users["kadis"],
        recipients=[office[key] for key in to],
        instructions=instructions("Tindak lanjuti/selesaikan"),
    )


def test_new_disposition_notifies_the_holders_in_the_app_and_by_email(office, letter, committed):
    disposition = committed(_dispose, office, letter, "kabid", "sekretaris")
    rows = Notification.objects.filter(kind=Kind.DISPOSITION)
    assert sorted(row.user.username for row in rows) == ["kabid", "sekretaris"]
    kabid = rows.get(user=office.users["kabid"])
    recipient = disposition.recipients.get(position=office["kabid"])
    assert kabid.url == reverse("archive_dispositions:detail", args=[recipient.pk])
    assert kabid.title == "Disposisi baru dari Kepala Dinas"
    assert letter.number in kabid.about
    assert sorted(message.to[0] for message in mail.outbox) == [
        "kabid@dinas.example.test",
        "sekretaris@dinas.example.test",
    ]
    assert all(message.subject == "[Naskah] Disposisi baru dari Kepala Dinas" for message in mail.outbox)
    assert kabid.url in mail.outbox[0].body
    assert {row.email_status for row in Notification.objects.all()} == {Notification.Email.SENT}


def test_no_email_before_the_transaction_commits(office, letter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _dispose(office, letter, "kabid")
    assert Notification.objects.filter(kind=Kind.DISPOSITION).count() == 1
    assert mail.outbox == []  # nothing left before commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_acting_holder_is_notified_of_a_disposition_to_the_post(office, letter, committed):
    plt = UserFactory(username="plt_kabid", email="plt@dinas.example.test")
    PositionHolder.objects.create(position=office["kabid"], user=plt, start=timezone.localdate(), acting=True)
    committed(_dispose, office, letter, "kabid")
    users = set(Notification.objects.filter(kind=Kind.DISPOSITION).values_list("user__username", flat=True))
    assert users == {"kabid", "plt_kabid"}


def test_forward_notifies_below_and_report_notifies_the_sender(office, letter, committed):
    disposition = committed(_dispose, office, letter, "kabid")
    received = disposition.recipients.get()
    forward = committed(
        disposition_forward,
        recipient=received,
        user=office.users["kabid"],
        recipients=[office["kasi"]],
        instructions=instructions("Tindak lanjuti/selesaikan"),
    )
    assert Notification.objects.filter(kind=Kind.DISPOSITION, user=office.users["kasi"]).count() == 1
    kasi_row = forward.recipients.get()
    mail.outbox.clear()
    committed(disposition_report, recipient=kasi_row, user=office.users["kasi"], note="Data sudah dikirim.")
    report = Notification.objects.get(kind=Kind.REPORT)
    assert report.user == office.users["kabid"]
    assert report.title == "Laporan tindak lanjut dari Kasi Pendaftaran"
    assert report.url == reverse("archive_dispositions:detail", args=[kasi_row.pk])
    assert [message.to for message in mail.outbox] == [["kabid@dinas.example.test"]]


def _outgoing(office):
    code = ClassificationCode.objects.get(scheme="permendagri_83_2022", code="800.1.3")
    return outgoing_services.outgoing_create(
        unit=office["kasi"].unit,
        drafter=office.users["staf"],
        subject="Jawaban permohonan data",
        classification=code,
        body="Dengan hormat, ...",
        addressees="Kepala Bappeda",
    )


def test_drafts_waiting_for_verification_signature_and_the_returned_draft(office, committed):
    draft = _outgoing(office)
    committed(
        outgoing_services.outgoing_submit,
        letter=draft,
        user=office.users["staf"],
        verifiers=[office["kasi"]],
        signer=office["kabid"],
    )
    verify = Notification.objects.get(kind=Kind.TO_VERIFY)
    assert verify.user == office.users["kasi"]
    assert verify.url == reverse("archive_outgoing:detail", args=[draft.pk])
    committed(outgoing_services.outgoing_review, letter=draft, user=office.users["kasi"], decision="approved")
    sign = Notification.objects.get(kind=Kind.TO_SIGN)
    assert sign.user == office.users["kabid"]
    assert sign.title.startswith("Konsep menunggu tanda tangan Anda")
    mail.outbox.clear()
    committed(
        outgoing_services.outgoing_review,
        letter=draft,
        user=office.users["kabid"],
        decision="returned",
        comment="Perbaiki dasar hukumnya.",
    )
    returned = Notification.objects.get(kind=Kind.RETURNED)
    assert returned.user == office.users["staf"]
    assert returned.title == "Konsep dikembalikan oleh Kabid PIAK"
    assert [message.to for message in mail.outbox] == [["staf@dinas.example.test"]]


def test_a_kind_turned_off_is_not_emailed_but_still_rings_the_bell(office, letter, committed):
    services.notification_settings_save(user=office.users["kabid"], delivery="immediate", email_off=[Kind.DISPOSITION])
    committed(_dispose, office, letter, "kabid", "sekretaris")
    assert [message.to for message in mail.outbox] == [["sekretaris@dinas.example.test"]]
    row = Notification.objects.get(user=office.users["kabid"])
    assert row.email_status == Notification.Email.SKIPPED
    assert unread_notifications_count(office.users["kabid"]) == 1


def test_daily_digest_gathers_the_day_into_one_email(office, committed):
    services.notification_settings_save(user=office.users["kabid"], delivery="daily", email_off=[])
    for subject in ("Surat pertama", "Surat kedua"):
        committed(_dispose, office, registered_letter(user=office.users["kadis"], subject=subject), "kabid")
    assert mail.outbox == []
    assert set(Notification.objects.values_list("email_status", flat=True)) == {Notification.Email.DIGEST}
    early = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(5, 0)))
    assert services.notification_digests_send(now=early) == 0  # before the digest hour
    morning = early.replace(hour=8)
    assert services.notification_digests_send(now=morning) == 1
    assert len(mail.outbox) == 1
    assert "2 pemberitahuan" in mail.outbox[0].subject
    assert "Surat pertama" in mail.outbox[0].body and "Surat kedua" in mail.outbox[0].body
    assert services.notification_digests_send(now=morning.replace(hour=11)) == 0  # once a day
    assert set(Notification.objects.values_list("email_status", flat=True)) == {Notification.Email.SENT}
    assert NotificationSettings.objects.get(user=office.users["kabid"]).last_digest_on == timezone.localdate()


def test_restricted_letter_email_leaves_its_subject_out(office, committed):
    secret = registered_letter(user=office.users["kadis"], subject="Hasil audit investigasi", security="rahasia")
    committed(_dispose, office, secret, "kabid")
    assert len(mail.outbox) == 1
    assert "Hasil audit investigasi" not in mail.outbox[0].body
    assert "terbatas" in mail.outbox[0].body
    assert "Hasil audit investigasi" in Notification.objects.get().about  # shown in the app, after the access check


class DeadMailServer:
    def __init__(self, *args, **kwargs):
        self.timeout = kwargs.get("timeout")

    def send_messages(self, messages):
        raise TimeoutError(f"no answer within {self.timeout} s")


@override_settings(EMAIL_BACKEND="tests.archive.test_notifications.DeadMailServer", NASKAH_EMAIL_TIMEOUT=3)
def test_a_dead_mail_server_keeps_the_act_and_marks_the_email_failed_for_a_retry(office, letter, committed):
    disposition = committed(_dispose, office, letter, "kabid")
    assert disposition.pk  # the disposition stands
    row = Notification.objects.get()
    assert row.email_status == Notification.Email.FAILED
    assert row.email_error
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        assert services.notification_emails_send() == 1  # the periodic retry
    row.refresh_from_db()
    assert row.email_status == Notification.Email.SENT


def test_timeout_is_passed_to_the_mail_connection(office, letter, committed, monkeypatch):
    seen = {}
    original = services.get_connection

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "get_connection", spy)
    with override_settings(NASKAH_EMAIL_TIMEOUT=7):
        committed(_dispose, office, letter, "kabid")
    assert seen["timeout"] == 7
    assert isinstance(socket.getdefaulttimeout(), type(None))  # no process-wide timeout was set


def test_bell_hides_notifications_of_letters_no_longer_open_to_the_user(office, letter, committed):
    committed(_dispose, office, letter, "kabid")
    kabid = office.users["kabid"]
    assert unread_notifications_count(kabid) == 1
    PositionHolder.objects.filter(user=kabid).update(end=timezone.localdate() - datetime.timedelta(days=1))
    letter.security = "rahasia"
    letter.save()
    kabid.refresh_from_db()
    assert unread_notifications_count(kabid) == 0
    assert not notifications_for(kabid).exists()


def test_opening_a_notification_marks_it_read_and_goes_to_the_action(client, office, letter, committed):
    committed(_dispose, office, letter, "kabid")
    kabid = office.users["kabid"]
    client.force_login(kabid)
    page = client.get(reverse("archive_notifications:list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Disposisi baru dari Kepala Dinas" in html
    assert "data-unread>1<" in html  # the bell
    row = Notification.objects.get()
    assert client.get(reverse("archive_notifications:open", args=[row.pk])).status_code == 405  # no writes on GET
    response = client.post(reverse("archive_notifications:open", args=[row.pk]))
    assert response.status_code == 302 and response["Location"] == row.url
    row.refresh_from_db()
    assert row.read_at is not None
    other = office.users["sekretaris"]
    client.force_login(other)
    assert client.post(reverse("archive_notifications:open", args=[row.pk])).status_code == 404


def test_settings_page_saves_the_choices(client, office):
    user = office.users["kasi"]
    client.force_login(user)
    kinds = [kind for kind in Kind.values if kind != Kind.REPORT]
    response = client.post(reverse("archive_notifications:settings"), {"delivery": "daily", "email_kinds": kinds})
    assert response.status_code == 302
    chosen = NotificationSettings.objects.get(user=user)
    assert chosen.delivery == "daily" and chosen.email_off == [Kind.REPORT]
    page = client.get(reverse("archive_notifications:settings")).content.decode()
    assert 'value="daily"' in page and "checked" in page


def test_periodic_command_retries_failed_emails(office, letter, committed):
    from django.conf import settings
    from django.core.management import call_command

    assert ("notifications_send", 300) in settings.NASKAH_PERIODIC_COMMANDS
    with override_settings(EMAIL_BACKEND="tests.archive.test_notifications.DeadMailServer"):
        committed(_dispose, office, letter, "kabid")
    assert Notification.objects.get().email_status == Notification.Email.FAILED
    call_command("notifications_send", verbosity=0)
    assert Notification.objects.get().email_status == Notification.Email.SENT
    assert len(mail.outbox) == 1

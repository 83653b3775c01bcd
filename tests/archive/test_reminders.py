"""Reminders: past the deadline, idle for 4 working days across a weekend and a holiday, once per state and day."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from archive.models import Disposition, DispositionRecipient, Holiday, PositionHolder, Reminder
from archive.selectors.dispositions import open_dispositions, reminders_for_user
from archive.services.dispositions import disposition_create, disposition_mark_read, disposition_report
from archive.services.reminders import dispositions_remind
from tests.factories.archive import UserFactory
from tests.factories.dispositions import build_office, instructions, registered_letter

pytestmark = pytest.mark.django_db

D = datetime.date
Reason = Reminder.Reason


@pytest.fixture
def office():
    return build_office()


def sent_on(office, day: datetime.date, *to: str, deadline: datetime.date | None = None) -> Disposition:
    """A disposition of a new letter from the Kepala Dinas, dated ``day`` at 10:00 (as if made then)."""
    letter = registered_letter(user=office.users["kadis"], received_on=day)
    disposition = disposition_create(
        letter=letter,
        from_position=office["kadis"],
        user=office.users["kadis"],
        recipients=[office[key] for key in to],
        instructions=instructions("Tindak lanjuti/selesaikan"),
    )
    created = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    Disposition.objects.filter(pk=disposition.pk).update(created_at=created, deadline=deadline)
    disposition.refresh_from_db()
    return disposition


def to(address: str) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [address]]


def test_a_passed_deadline_reminds_the_holder_once_a_day(office):
    disposition = sent_on(office, D(2025, 3, 3), "kabid", deadline=D(2025, 3, 5))
    row = disposition.recipients.get()
    disposition_mark_read(recipient=row, user=office.users["kabid"])
    assert dispositions_remind(today=D(2025, 3, 5)).flagged == 0  # the deadline day itself is not late
    assert to("kabid@dinas.example.test") == []

    outcome = dispositions_remind(today=D(2025, 3, 6))
    assert outcome.flagged == 1 and outcome.reminded == 1 and outcome.emails == 1
    [message] = to("kabid@dinas.example.test")
    letter = disposition.letter
    assert letter.number in message.subject and "lewat batas waktu" in message.subject
    assert "05-03-2025" in message.body and letter.subject in message.body
    assert reverse("archive_dispositions:detail", args=[row.pk]) in message.body
    [app] = Reminder.objects.filter(recipient=row, channel=Reminder.Channel.APP)
    assert app.reason == Reason.OVERDUE and app.day == D(2025, 3, 6) and app.sent_to == "kabid"
    email = Reminder.objects.get(recipient=row, channel=Reminder.Channel.EMAIL)
    assert email.sent_to == "kabid@dinas.example.test"

    # The hourly run the same day repeats nothing; the next working day reminds again.
    assert dispositions_remind(today=D(2025, 3, 6)).reminded == 0
    assert len(to("kabid@dinas.example.test")) == 1
    dispositions_remind(today=D(2025, 3, 7))
    assert len(to("kabid@dinas.example.test")) == 2
    assert Reminder.objects.filter(recipient=row, channel=Reminder.Channel.APP).count() == 2


def test_idle_after_four_working_days_across_a_weekend_and_a_holiday(office):
    # Sent Thursday 27 March 2025; Friday 28 is a holiday, then the weekend: the 4th working day is Thursday 3 April.
    Holiday.objects.create(date=D(2025, 3, 28), name="Cuti bersama")
    disposition = sent_on(office, D(2025, 3, 27), "kasi")
    row = disposition.recipients.get()
    for day in (D(2025, 3, 28), D(2025, 3, 29), D(2025, 3, 31), D(2025, 4, 1), D(2025, 4, 2)):
        dispositions_remind(today=day)
    assert not Reminder.objects.filter(recipient=row).exists() and to("kasi@dinas.example.test") == []
    [item] = [item for item in open_dispositions(today=D(2025, 4, 2)) if item.recipient == row]
    assert item.age == 3 and not item.idle

    assert dispositions_remind(today=D(2025, 4, 3)).reminded >= 1
    [message] = to("kasi@dinas.example.test")
    assert "belum ditindaklanjuti" in message.subject and "4 hari kerja" in message.body
    assert Reminder.objects.get(recipient=row, channel=Reminder.Channel.APP).reason == Reason.IDLE


def test_without_the_holiday_it_is_idle_a_day_earlier(office):
    row = sent_on(office, D(2025, 3, 27), "kasi").recipients.get()
    dispositions_remind(today=D(2025, 4, 2))
    assert Reminder.objects.get(recipient=row, channel=Reminder.Channel.APP).reason == Reason.IDLE


def test_nothing_is_sent_on_weekends_and_holidays(office):
    sent_on(office, D(2025, 3, 3), "kabid", deadline=D(2025, 3, 4))
    Holiday.objects.create(date=D(2025, 3, 31), name="Idul Fitri")
    assert dispositions_remind(today=D(2025, 3, 29)).skipped  # Saturday
    assert dispositions_remind(today=D(2025, 3, 31)).skipped  # holiday
    assert mail.outbox == [] and not Reminder.objects.exists()


def test_acting_on_a_disposition_stops_the_idle_reminder_and_reporting_the_overdue_one(office):
    late = sent_on(office, D(2025, 3, 3), "kabid", deadline=D(2025, 3, 5)).recipients.get()
    idle = sent_on(office, D(2025, 3, 3), "sekretaris").recipients.get()
    for row, key in ((late, "kabid"), (idle, "sekretaris")):
        disposition_report(recipient=row, user=office.users[key], note="Sudah dilaksanakan.")
    outcome = dispositions_remind(today=D(2025, 3, 12))
    assert not Reminder.objects.filter(recipient__isnull=False).exists()
    assert to("kabid@dinas.example.test") == [] and to("sekretaris@dinas.example.test") == []
    assert outcome.flagged == outcome.reminded  # only letters without disposition, if any


def test_every_current_holder_is_written_to_including_an_acting_plt(office):
    plt = UserFactory(username="plt_kabid", email="plt.kabid@dinas.example.test")
    PositionHolder.objects.create(
        position=office["kabid"], user=plt, start=D(2025, 3, 1), end=D(2025, 3, 31), acting=True
    )
    row = sent_on(office, D(2025, 3, 3), "kabid", deadline=D(2025, 3, 5)).recipients.get()
    dispositions_remind(today=D(2025, 3, 6))
    assert len(to("kabid@dinas.example.test")) == 1 and len(to("plt.kabid@dinas.example.test")) == 1
    email = Reminder.objects.get(recipient=row, channel=Reminder.Channel.EMAIL)
    assert email.sent_to == "kabid@dinas.example.test, plt.kabid@dinas.example.test"
    # The in-app reminder shows in the Plt's inbox while the disposition is open.
    [shown] = reminders_for_user(user=plt, day=D(2025, 3, 6))
    assert shown.recipient == row and shown.reason == Reason.OVERDUE
    assert reminders_for_user(user=office.users["kasi"], day=D(2025, 3, 6)) == []


def test_a_letter_without_disposition_reminds_the_head_of_office_after_four_working_days(office):
    letter = registered_letter(user=office.users["kadis"], received_on=D(2025, 3, 3))
    dispositions_remind(today=D(2025, 3, 6))  # Tue, Wed, Thu: 3 working days
    assert not Reminder.objects.filter(letter=letter).exists()
    dispositions_remind(today=D(2025, 3, 7))
    app = Reminder.objects.get(letter=letter, channel=Reminder.Channel.APP)
    assert app.reason == Reason.UNDISPOSED and app.position == office["kadis"] and app.recipient is None
    [message] = to("kadis@dinas.example.test")
    assert "belum didisposisi" in message.subject
    assert reverse("archive_dispositions:create", args=[letter.pk]) in message.body
    assert [r.letter for r in reminders_for_user(user=office.users["kadis"], day=D(2025, 3, 7))] == [letter]
    dispositions_remind(today=D(2025, 3, 7))
    assert len(to("kadis@dinas.example.test")) == 1
    # Told once: a letter that is only to be filed may never be disposed, so no daily reminder follows.
    dispositions_remind(today=D(2025, 3, 10))
    assert len(to("kadis@dinas.example.test")) == 1


def test_letters_received_long_ago_are_not_reminded(office):
    registered_letter(user=office.users["kadis"], received_on=D(2024, 11, 1))
    assert dispositions_remind(today=D(2025, 3, 7)).flagged == 0
    assert mail.outbox == []


def test_the_command_runs_for_a_given_day(office, capsys):
    row = sent_on(office, D(2025, 3, 3), "kabid", deadline=D(2025, 3, 5)).recipients.get()
    call_command("dispositions_remind", "--date", "2025-03-06")
    assert "1 late, 1 reminded now, 1 e-mail(s) sent (2025-03-06)" in capsys.readouterr().out
    assert Reminder.objects.filter(recipient=row, reason=Reason.OVERDUE).count() == 2  # app and e-mail
    call_command("dispositions_remind", "--date", "2025-03-08")
    assert "not a working day" in capsys.readouterr().out
    assert DispositionRecipient.objects.get(pk=row.pk).status == DispositionRecipient.Status.SENT

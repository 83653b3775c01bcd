"""The monitoring view: open dispositions by unit and age (working days), overdue ones first, completion times per
unit over a month, the re-notification of letters still undisposed after 4 working days (the seeds' SOP), and a
leader who monitors only the posts below his own."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from archive.models import Disposition, DispositionRecipient
from archive.selectors.dispositions import open_dispositions
from archive.selectors.monitoring import completion_by_unit, open_by_unit
from archive.services.dispositions import disposition_complete, disposition_create
from archive.services.reminders import dispositions_remind
from archive.workdays import add_working_days, working_days_between
from tests.factories.archive import UserFactory
from tests.factories.dispositions import build_office, instructions, registered_letter

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 3, 2)


@pytest.fixture
def office():
    built = build_office()
    for key, user in built.users.items():
        user.groups.add(Group.objects.get(name="Staf" if key == "staf" else "Pejabat"))
    operator = UserFactory(username="operator")
    operator.groups.add(Group.objects.get(name="Operator"))
    built.users["operator"] = operator
    return built


def _dispose(office, to, *, sent_on, deadline=None, subject="Surat"):
    letter = registered_letter(user=office.users["kadis"], subject=subject)
    disposition = disposition_create(
        letter=letter,
        from_position=office["kadis"],
        user=office.users["kadis"],
        recipients=[office[to]],
        instructions=instructions("Tindak lanjuti/selesaikan"),
    )
    sent = timezone.make_aware(datetime.datetime.combine(sent_on, datetime.time(9)))
    Disposition.objects.filter(pk=disposition.pk).update(created_at=sent, deadline=deadline)
    return DispositionRecipient.objects.get(disposition=disposition)


def test_open_dispositions_by_unit_and_age(office):
    today = MONDAY + datetime.timedelta(days=14)
    _dispose(office, "kabid", sent_on=today)  # 0 working days
    _dispose(office, "kabid", sent_on=add_working_days(MONDAY, 7), deadline=today - datetime.timedelta(days=1))
    _dispose(office, "kasi", sent_on=MONDAY)  # 10 working days
    rows = open_by_unit(open_dispositions(today=today), idle_after=4)
    assert [(row.unit, row.buckets, row.overdue, row.total) for row in rows] == [
        ("Bidang PIAK", [1, 1, 0, 0], 1, 2),  # the most overdue unit first
        ("Seksi Pendaftaran", [0, 0, 0, 1], 0, 1),
    ]


def test_completion_times_per_unit(office):
    first = _dispose(office, "kabid", sent_on=MONDAY, deadline=MONDAY + datetime.timedelta(days=10))
    second = _dispose(office, "kabid", sent_on=MONDAY, deadline=MONDAY + datetime.timedelta(days=1))
    for row, closed_on in ((first, MONDAY + datetime.timedelta(days=2)), (second, MONDAY + datetime.timedelta(days=7))):
        disposition_complete(recipient=row, user=office.users["kabid"])
        closed = timezone.make_aware(datetime.datetime.combine(closed_on, datetime.time(15)))
        DispositionRecipient.objects.filter(pk=row.pk).update(closed_at=closed)
    rows = completion_by_unit(
        recipients=DispositionRecipient.objects.all(), start=MONDAY, end=MONDAY + datetime.timedelta(days=30)
    )
    assert len(rows) == 1
    assert rows[0].unit == "Bidang PIAK" and rows[0].durations == [2, 5]
    assert (rows[0].median, rows[0].mean, rows[0].slowest, rows[0].on_time_percent) == (3.5, 3.5, 5, 50)
    assert completion_by_unit(recipients=DispositionRecipient.objects.all(), start=MONDAY, end=MONDAY) == []


def test_monitor_page_overdue_first_and_renotification_after_four_working_days(client, office):
    today = timezone.localdate()
    late = _dispose(office, "kasi", sent_on=today, deadline=today - datetime.timedelta(days=1), subject="Terlambat")
    _dispose(office, "kabid", sent_on=today - datetime.timedelta(days=20), subject="Lama tapi belum lewat")
    received = today - datetime.timedelta(days=9)
    letter = registered_letter(user=office.users["operator"], subject="Belum didisposisi", received_on=received)
    assert working_days_between(received, today) >= 4
    dispositions_remind(today=add_working_days(today, 0) if today.weekday() < 5 else add_working_days(today, 1))
    client.force_login(office.users["operator"])
    page = client.get(reverse("archive_dispositions:monitor")).content.decode()
    assert page.index("Terlambat") < page.index("Lama tapi belum lewat")  # overdue first, whatever the age
    assert f'data-recipient="{late.pk}"' in page
    assert "data-by-unit" in page and "Seksi Pendaftaran" in page
    assert "data-completion" in page
    row = page[page.index(f'data-undisposed="{letter.pk}"') :][:600]
    assert "dinotifikasi ulang" in row


def test_leader_monitors_the_posts_below_him_only(client, office):
    _dispose(office, "kasi", sent_on=timezone.localdate(), subject="Untuk kasi")
    _dispose(office, "sekretaris", sent_on=timezone.localdate(), subject="Untuk sekretaris")
    client.force_login(office.users["kabid"])
    response = client.get(reverse("archive_dispositions:monitor"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Untuk kasi" in page and "Untuk sekretaris" not in page
    client.force_login(office.users["staf"])  # leads no one
    assert client.get(reverse("archive_dispositions:monitor")).status_code == 403

"""The "menunggu saya" home: what waits for each role, by the posts held today (Plt included), each item opening
where its action is done, counts under the access rule, and the counts in the admin menu."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from archive.models import Capture, ClassificationCode, PositionHolder
from archive.selectors.waiting import waiting_counts, waiting_for
from archive.services import outgoing as outgoing_services
from archive.services.dispositions import disposition_create, disposition_mark_read, disposition_report
from archive.workdays import add_working_days
from tests.factories.archive import UserFactory
from tests.factories.dispositions import build_office, instructions, registered_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    built = build_office()
    for key, user in built.users.items():
        user.groups.add(Group.objects.get(name="Staf" if key == "staf" else "Pejabat"))
    operator = UserFactory(username="operator")
    operator.groups.add(Group.objects.get(name="Operator"))
    built.users["operator"] = operator
    return built


def _dispose(office, letter, *to, deadline=None, sender="kadis"):
    return disposition_create(
        letter=letter,
        from_position=office[sender],
        user=office.users[sender],
        recipients=[office[key] for key in to],
        instructions=instructions("Tindak lanjuti/selesaikan"),
        deadline=deadline,
    )


def _section(user, key):
    return next(section for section in waiting_for(user=user) if section.key == key)


def test_leader_sees_letters_to_dispose_opening_the_dispose_form(office):
    letter = registered_letter(user=office.users["operator"], subject="Undangan rapat")
    counts = waiting_counts(user=office.users["kadis"])
    assert counts == {"to_dispose": 1}
    item = _section(office.users["kadis"], "to_dispose").items[0]
    assert item.url == reverse("archive_dispositions:create", args=[letter.pk])
    assert waiting_counts(user=office.users["kabid"]) == {}  # not put before him
    _dispose(office, letter, "kabid")
    assert "to_dispose" not in waiting_counts(user=office.users["kadis"])


def test_dispositions_unread_due_soon_and_overdue_each_counted_once(office):
    today = timezone.localdate()
    unread = _dispose(office, registered_letter(user=office.users["kadis"], subject="A"), "kabid")
    soon = add_working_days(today, 1)
    _dispose(office, registered_letter(user=office.users["kadis"], subject="B"), "kabid", deadline=soon)
    late_letter = registered_letter(user=office.users["kadis"], subject="C")
    late = _dispose(office, late_letter, "kabid", deadline=today + datetime.timedelta(days=1))
    late.deadline = today - datetime.timedelta(days=3)  # a deadline that has passed since
    late.save()
    read_later = _dispose(
        office,
        registered_letter(user=office.users["kadis"], subject="D"),
        "kabid",
        deadline=today + datetime.timedelta(days=30),
    )
    disposition_mark_read(recipient=read_later.recipients.get(), user=office.users["kabid"])
    counts = waiting_counts(user=office.users["kabid"])
    assert counts == {"overdue": 1, "due_soon": 1, "unread": 1}
    assert _section(office.users["kabid"], "unread").items[0].url == reverse(
        "archive_dispositions:detail", args=[unread.recipients.get().pk]
    )
    assert _section(office.users["kabid"], "overdue").items[0].flag == "overdue"


def test_acting_holder_sees_the_posts_work_and_loses_it_when_the_period_ends(office):
    _dispose(office, registered_letter(user=office.users["kadis"], subject="A"), "kabid")
    plt = UserFactory(username="plt")
    plt.groups.add(Group.objects.get(name="Pejabat"))
    today = timezone.localdate()
    hold = PositionHolder.objects.create(position=office["kabid"], user=plt, start=today, acting=True)
    assert waiting_counts(user=plt) == {"unread": 1}
    hold.end = today - datetime.timedelta(days=0)
    hold.start = today - datetime.timedelta(days=10)
    hold.end = today - datetime.timedelta(days=1)
    hold.save()
    assert waiting_counts(user=plt) == {}


def test_plt_head_of_office_sees_letters_to_dispose(office):
    registered_letter(user=office.users["operator"], subject="Undangan")
    plt = UserFactory(username="plt_kadis")
    plt.groups.add(Group.objects.get(name="Pejabat"))
    PositionHolder.objects.create(position=office["kadis"], user=plt, start=timezone.localdate(), acting=True)
    assert waiting_counts(user=plt) == {"to_dispose": 1}


def test_reports_to_close_wait_for_the_sender(office):
    disposition = _dispose(office, registered_letter(user=office.users["kadis"], subject="A"), "kabid")
    recipient = disposition.recipients.get()
    disposition_report(recipient=recipient, user=office.users["kabid"], note="Sudah.")
    assert waiting_counts(user=office.users["kadis"]) == {"reports": 1}
    assert _section(office.users["kadis"], "reports").items[0].url == reverse(
        "archive_dispositions:detail", args=[recipient.pk]
    )
    assert waiting_counts(user=office.users["kabid"]) == {}


def test_drafts_to_verify_to_sign_and_returned(office):
    code = ClassificationCode.objects.get(scheme="permendagri_83_2022", code="800.1.3")
    draft = outgoing_services.outgoing_create(
        unit=office["kasi"].unit,
        drafter=office.users["staf"],
        subject="Jawaban",
        classification=code,
        body="Isi",
        addressees="Bappeda",
    )
    outgoing_services.outgoing_submit(
        letter=draft, user=office.users["staf"], verifiers=[office["kasi"]], signer=office["kabid"]
    )
    assert waiting_counts(user=office.users["kasi"]) == {"to_verify": 1}
    assert waiting_counts(user=office.users["kabid"]) == {}  # not his turn yet
    outgoing_services.outgoing_review(letter=draft, user=office.users["kasi"], decision="approved")
    assert waiting_counts(user=office.users["kasi"]) == {}
    assert waiting_counts(user=office.users["kabid"]) == {"to_sign": 1}
    assert _section(office.users["kabid"], "to_sign").items[0].url == reverse(
        "archive_outgoing:detail", args=[draft.pk]
    )
    outgoing_services.outgoing_review(letter=draft, user=office.users["kabid"], decision="returned", comment="Ubah.")
    assert waiting_counts(user=office.users["staf"]) == {"returned": 1}
    assert waiting_counts(user=office.users["kabid"]) == {}


def test_operator_sees_captures_to_review(office):
    Capture.objects.create(
        status=Capture.Status.NEEDS_REVIEW,
        original="x",
        original_name="scan.pdf",
        sha256="0" * 64,
        size=1,
        created_by=office.users["operator"],
    )
    Capture.objects.create(status=Capture.Status.QUEUED, original="y", original_name="q.pdf", sha256="1" * 64, size=1)
    assert waiting_counts(user=office.users["operator"]) == {"captures": 1}
    assert waiting_counts(user=office.users["kadis"]) == {}  # an official does not register letters


def test_restricted_letter_is_counted_only_for_who_may_open_it(office):
    secret = registered_letter(user=office.users["operator"], subject="Rahasia", security="rahasia")
    assert waiting_counts(user=office.users["kadis"]) == {"to_dispose": 1}  # put before him: on its chain
    secret.addressed_to = office["sekretaris"]
    secret.save()
    assert waiting_counts(user=office.users["kadis"]) == {}
    assert waiting_counts(user=office.users["sekretaris"]) == {"to_dispose": 1}


def test_home_and_menu_show_the_counts(client, office):
    registered_letter(user=office.users["operator"], subject="Undangan rapat koordinasi")
    client.force_login(office.users["kadis"])
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Menunggu saya" in page
    assert 'data-section="to_dispose"' in page
    assert "Undangan rapat koordinasi" in page
    assert "Kotak masuk disposisi (1)" in page  # the menu item (sidebar props)
    assert "Menunggu saya (1)" in page

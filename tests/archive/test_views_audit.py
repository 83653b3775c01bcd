"""Log audit screen: read only, for archive.view_auditevent (the Admin group) alone; filters, paging, an event's
changes, no write endpoint here or in the Django admin, and the menu entry."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.admin.menu import admin_menu

from archive.audit import acting_as
from archive.models import AuditEvent
from tests.factories.archive import IncomingLetterFactory
from tests.factories.users import make_user

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def at(day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2025, 3, day, 10, 0))


@pytest.fixture
def auditor():
    user = make_user(None, "auditor")
    user.groups.add(Group.objects.get(name="Admin"))
    return user


@pytest.fixture
def events():
    return {
        "create": AuditEvent.objects.create(
            at=at(1), actor="operator1", actor_id=1, action="create", object_type="archive.incomingletter",
            object_id="11", object_repr="005/1/2025", letter_id=11, changes={"subject": [None, "Undangan rapat"]},
        ),
        "change": AuditEvent.objects.create(
            at=at(5), actor="operator2", actor_id=2, action="change", object_type="archive.casefile",
            object_id="3", object_repr="B-1", changes={"legal_hold": [False, True]},
        ),
        "export": AuditEvent.objects.create(
            at=at(9), actor="operator1", actor_id=1, action="export", object_type="archive.incomingletter",
            object_id="12", object_repr="#12", letter_id=12, changes={"what": "buku agenda csv"},
        ),
    }  # fmt: skip


def listed(client, **params) -> list[int]:
    response = client.get(reverse("archive_audit:index"), params)
    assert response.status_code == 200
    return [event.pk for event in response.context["object_list"]]


def test_the_admin_group_reads_the_log_newest_first_with_every_filter(auditor, events):
    client = login(auditor)
    mine = [events[name].pk for name in ("export", "change", "create")]
    assert [pk for pk in listed(client) if pk in mine] == mine
    assert listed(client, actor="operator2") == [events["change"].pk]
    assert listed(client, action="export") == [events["export"].pk]
    assert listed(client, object_type="archive.casefile") == [events["change"].pk]
    assert listed(client, letter_id=11) == [events["create"].pk]
    assert listed(client, at_from="2025-03-04", at_to="2025-03-09") == [events["export"].pk, events["change"].pk]
    assert listed(client, actor="operator1", at_to="2025-03-04") == [events["create"].pk]


def test_results_fragment_and_paging(auditor):
    with acting_as(user=auditor):
        for n in range(60):
            IncomingLetterFactory(number=f"X/{n}")  # each writes a create event
    client = login(auditor)
    total = AuditEvent.objects.count()
    first = client.get(reverse("archive_audit:index"))
    second = client.get(reverse("archive_audit:index"), {"p": 2})
    assert total >= 60 and first.context["paginator"].count == total
    assert len(first.context["object_list"]) == 50
    assert len(second.context["object_list"]) == total - 50
    fragment = client.get(reverse("archive_audit:results"), {"action": "create"})
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()


def test_an_events_changes(auditor, events):
    response = login(auditor).get(reverse("archive_audit:detail", args=[events["change"].pk]))
    assert response.status_code == 200
    assert response.context["changes"] == [("legal_hold", False, True)]
    html = response.content.decode()
    assert "operator2" in html and "archive.casefile" in html and "legal_hold" in html


def test_no_one_else_reads_it(events):
    clerk = login(make_user(None, "operator", "view_incomingletter", "change_incomingletter", "view_casefile"))
    assert clerk.get(reverse("archive_audit:index")).status_code == 403
    assert clerk.get(reverse("archive_audit:results")).status_code == 403
    assert clerk.get(reverse("archive_audit:detail", args=[events["create"].pk])).status_code == 403
    assert clerk.post(reverse("archive_audit:index")).status_code == 403


def test_there_is_no_way_to_write_it(auditor, events):
    client = login(auditor)
    before = list(AuditEvent.objects.order_by("pk").values_list("pk", "action", "actor", "changes"))
    for url in (
        reverse("archive_audit:index"),
        reverse("archive_audit:results"),
        reverse("archive_audit:detail", args=[events["change"].pk]),
    ):
        assert client.post(url, {"action": "delete", "actor": "someone"}).status_code == 405
    assert list(AuditEvent.objects.order_by("pk").values_list("pk", "action", "actor", "changes")) == before
    for name in ("add", "edit", "delete", "create", "update"):
        with pytest.raises(NoReverseMatch):
            reverse(f"archive_audit:{name}", args=[events["change"].pk])
    assert not admin.site.is_registered(AuditEvent)
    index = client.get(reverse("archive_audit:index")).content.decode()
    assert "/add/" not in index and "/delete/" not in index


def test_the_menu_entry_only_for_those_who_may_read_it(auditor):
    def names(user):
        request = RequestFactory().get("/admin/")
        request.user = user
        return [item.name for item in admin_menu.menu_items_for_request(request)]

    assert "archive-audit" in names(auditor)
    assert "archive-audit" not in names(make_user(None, "operator", "view_incomingletter", "view_casefile"))

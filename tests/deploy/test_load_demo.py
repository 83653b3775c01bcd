"""Tests of the demo content the setup command loads: published catalogue, demo users, queued letters."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from archive.models import Capture, Position, PositionHolder
from archive.selectors.organisation import head_of_office
from cms.models import ServiceStandardPage, SopPage

pytestmark = pytest.mark.django_db


def test_load_demo_publishes_the_seeds_and_queues_the_letters(settings, seeds_dir, shared_dir):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # the worker's job
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert SopPage.objects.count() == 85
    assert SopPage.objects.live().count() == 85
    assert ServiceStandardPage.objects.live().count() == 1
    office = {"kadis", "sekretaris", "kabid", "kasi", "staf", "operator"}
    assert {u.username for u in User.objects.all()} == {"admin", "editor", "moderator"} | office
    assert User.objects.get(username="operator").groups.filter(name="Operator").exists()
    assert User.objects.get(username="kasi").position_holds.get().position.parent.title.startswith("Kepala Bidang")
    assert head_of_office().title == "Kepala Dinas"
    assert Capture.objects.filter(status=Capture.Status.QUEUED, created_by__username="operator").count() == 12
    assert "85 SOP drafts imported" in out.getvalue() and "12 scans queued" in out.getvalue()

    again = StringIO()
    call_command("load_demo", stdout=again)
    assert "0 SOP drafts imported, 0 pages published" in again.getvalue()
    assert "0 scans queued" in again.getvalue()
    assert (SopPage.objects.count(), Capture.objects.count()) == (85, 12)
    assert (Position.objects.count(), PositionHolder.objects.count()) == (6, 6)

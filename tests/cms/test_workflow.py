"""Tests of the editorial workflow: groups, moderation, revisions with compare, scheduled publishing."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, TaskState, Workflow

from cms.models import SopPage
from cms.services.moderation import page_moderate, page_submit_for_moderation
from tests.factories.cms import add_sop

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    user = User.objects.create_user("editor", password="pw")
    user.groups.add(Group.objects.get(name="Editor"))
    return user


@pytest.fixture
def moderator():
    user = User.objects.create_user("moderator", password="pw")
    user.groups.add(Group.objects.get(name="Moderator"))
    return user


def _page_permissions(group_name):
    return set(
        GroupPagePermission.objects.filter(group__name=group_name).values_list("permission__codename", flat=True)
    )


def test_migration_creates_editor_and_moderator_groups():
    assert _page_permissions("Editor") == {"add_page", "change_page"}
    assert {"add_page", "change_page", "publish_page"} <= _page_permissions("Moderator")
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    for name in ("Editor", "Moderator"):
        assert Group.objects.get(name=name).permissions.filter(codename="access_admin").exists()


def test_the_catalogue_workflow_is_moderator_approval():
    workflow = Workflow.objects.get(name="Persetujuan Moderator")
    tasks = [task.specific for task in workflow.tasks.all()]
    assert len(tasks) == 1
    assert list(tasks[0].groups.values_list("name", flat=True)) == ["Moderator"]


def test_editor_cannot_publish_but_can_submit(site_tree, editor):
    _, _, unit = site_tree
    page = add_sop(unit, publish=False)
    permissions = page.permissions_for_user(editor)
    assert permissions.can_edit() and not permissions.can_publish()
    state = page_submit_for_moderation(page=page, user=editor)
    assert state.status == state.STATUS_IN_PROGRESS
    with pytest.raises(PermissionDenied):
        page_moderate(page=page, user=editor, approve=True)
    assert not SopPage.objects.get(pk=page.pk).live


def test_moderator_approval_publishes(site_tree, editor, moderator):
    _, _, unit = site_tree
    page = add_sop(unit, publish=False)
    page_submit_for_moderation(page=page, user=editor)
    task_state = page_moderate(page=page, user=moderator, approve=True, comment="Sesuai")
    assert task_state.status == TaskState.STATUS_APPROVED
    page = SopPage.objects.get(pk=page.pk)
    assert page.live and page.workflow_in_progress is False


def test_moderator_rejection_keeps_the_draft_and_the_comment(site_tree, editor, moderator):
    _, _, unit = site_tree
    page = add_sop(unit, publish=False)
    page_submit_for_moderation(page=page, user=editor)
    task_state = page_moderate(page=page, user=moderator, approve=False, comment="Lengkapi dasar hukum")
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == "Lengkapi dasar hukum"
    assert not SopPage.objects.get(pk=page.pk).live


def test_revisions_are_kept_and_can_be_compared_in_the_admin(site_tree, client):
    _, _, unit = site_tree
    page = add_sop(unit)
    first = page.latest_revision
    page.title = "Prosedur Pengagendaan Surat Masuk (revisi)"
    second = page.save_revision()
    admin = User.objects.create_superuser("root", password="pw")
    client.force_login(admin)
    url = reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, second.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "(revisi)" in response.content.decode()
    assert page.revisions.count() == 2


def test_scheduled_publishing_goes_live_when_due(site_tree):
    _, _, unit = site_tree
    page = add_sop(unit, publish=False)
    page.go_live_at = timezone.now() + timedelta(seconds=2)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live and page.scheduled_revision is not None
    call_command("publish_scheduled", verbosity=0)
    assert not SopPage.objects.get(pk=page.pk).live
    time.sleep(2.2)  # the command compares with the real clock, so let the go-live time pass
    call_command("publish_scheduled", verbosity=0)
    assert SopPage.objects.get(pk=page.pk).live


def test_editor_reaches_the_sop_editor_in_the_admin(site_tree, client, editor):
    _, _, unit = site_tree
    page = add_sop(unit, publish=False)
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for label in ("Identitas", "Prosedur", "Pelaksana", "Langkah"):
        assert label in body

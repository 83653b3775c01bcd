"""The groups made by the migrations: Operator, Pejabat, Staf and Admin beside cms's Editor and Moderator."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from archive.views import access
from tests.factories.archive import UserFactory

pytestmark = pytest.mark.django_db

READ = {
    "archive.view_incomingletter",
    "archive.view_registerentry",
    "archive.view_register",
    "archive.view_classificationcode",
    "archive.view_unit",
    "archive.view_position",
    "archive.view_positionholder",
}


def member_of(name: str):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=name))
    return type(user).objects.get(pk=user.pk)  # fresh, so the permission cache is empty


# The models of letters, registers and organisation; other archive models grant their own (dispositions: 0006).
MODELS = {
    "capture",
    "incomingletter",
    "classificationcode",
    "register",
    "registerentry",
    "sequence",
    "unit",
    "position",
    "positionholder",
}


def archive_permissions(user) -> set[str]:
    """Return the user's permissions on the letter, register and organisation models."""
    found = set()
    for permission in user.get_all_permissions():
        app_label, codename = permission.split(".")
        if app_label == "archive" and codename.split("_", 1)[1] in MODELS:
            found.add(permission)
    return found


def test_each_group_exists_once():
    names = ["Operator", "Pejabat", "Staf", "Admin", "Editor", "Moderator"]
    assert sorted(Group.objects.filter(name__in=names).values_list("name", flat=True)) == sorted(names)
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def test_operator_captures_confirms_and_reads_the_register():
    operator = member_of("Operator")
    assert archive_permissions(operator) == READ | {
        "archive.add_capture",
        "archive.view_capture",
        "archive.change_incomingletter",
    }
    assert operator.has_perm("wagtailadmin.access_admin")
    assert access.can_upload(operator) and access.can_confirm(operator) and access.can_view(operator)


@pytest.mark.parametrize("name", ["Pejabat", "Staf"])
def test_officials_and_staff_only_read(name):
    user = member_of(name)
    assert archive_permissions(user) == READ
    assert user.has_perm("wagtailadmin.access_admin")
    assert access.can_view(user)
    assert not access.can_upload(user) and not access.can_confirm(user)


def test_admin_has_every_archive_permission():
    admin = member_of("Admin")
    every = {
        f"archive.{codename}"
        for codename in Permission.objects.filter(content_type__app_label="archive").values_list("codename", flat=True)
    }
    assert {"archive.add_unit", "archive.delete_register", "archive.change_sequence"} <= every
    assert every <= admin.get_all_permissions()
    assert admin.has_perm("wagtailadmin.access_admin")


def test_editor_and_moderator_have_no_archive_permissions():
    for name in ("Editor", "Moderator"):
        assert not any(permission.startswith("archive.") for permission in member_of(name).get_all_permissions())

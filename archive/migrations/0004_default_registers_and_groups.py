"""Create the office's default incoming and outgoing registers and the Operator, Pejabat, Staf and Admin groups.

Editor and Moderator come from cms migration 0002 and are left alone. Permissions are model permissions only;
who may see which security level (rahasia, sangat rahasia) is decided later, per letter.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REGISTERS = [
    {"code": "agenda-masuk", "name": "Buku Agenda Surat Masuk", "kind": "incoming"},
    {"code": "agenda-keluar", "name": "Buku Agenda Surat Keluar", "kind": "outgoing"},
]

ADMIN_ACCESS = ("wagtailadmin", ["access_admin"])
READ_ARCHIVE = (
    "archive",
    [
        "view_incomingletter",
        "view_registerentry",
        "view_register",
        "view_classificationcode",
        "view_unit",
        "view_position",
        "view_positionholder",
    ],
)
GROUPS = {
    "Operator": [
        ADMIN_ACCESS,
        READ_ARCHIVE,
        ("archive", ["add_capture", "view_capture", "change_incomingletter"]),
    ],
    "Pejabat": [ADMIN_ACCESS, READ_ARCHIVE],
    "Staf": [ADMIN_ACCESS, READ_ARCHIVE],
    "Admin": [ADMIN_ACCESS, ("archive", "__all__")],
}


def _create_registers(apps):
    Register = apps.get_model("archive", "Register")
    for values in REGISTERS:
        has_default = Register.objects.filter(kind=values["kind"], is_default=True).exists()
        Register.objects.get_or_create(
            code=values["code"], defaults={"name": values["name"], "kind": values["kind"], "is_default": not has_default}
        )


def _create_groups(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codenames in grants:
            permissions = Permission.objects.filter(content_type__app_label=app_label)
            if codenames != "__all__":
                permissions = permissions.filter(codename__in=codenames)
            group.permissions.add(*permissions)


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    _create_registers(apps)
    _create_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_organisation_registers"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

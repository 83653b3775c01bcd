"""Let the office's groups create, rename and revoke their own personal API tokens (Settings > API tokens).

Wagtail's token screens let a user manage their own tokens with the APIToken model permissions; managing someone
else's needs the user model's change permission besides, which these groups do not have.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Operator", "Pejabat", "Staf", "Admin", "Editor", "Moderator")
CODENAMES = ("add_apitoken", "change_apitoken", "delete_apitoken", "view_apitoken")


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=CODENAMES))
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("archive", "0004_default_registers_and_groups"),
        ("cms", "0002_editor_moderator_workflow"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

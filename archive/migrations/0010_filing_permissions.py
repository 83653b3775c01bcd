"""Grant the filing models' permissions: Admin gets every archive permission, Operator files letters."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OPERATOR = ["add_casefile", "change_casefile", "view_casefile", "add_casefileitem", "view_casefileitem"]


def forwards(apps, schema_editor):
    config = apps.get_app_config("archive")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    archive = Permission.objects.filter(content_type__app_label="archive")
    for group in Group.objects.filter(name="Admin"):
        group.permissions.add(*archive)
    for group in Group.objects.filter(name="Operator"):
        group.permissions.add(*archive.filter(codename__in=OPERATOR))


class Migration(migrations.Migration):
    dependencies = [("archive", "0009_outgoing_permissions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

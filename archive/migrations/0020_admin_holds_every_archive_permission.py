"""The Admin group holds every permission of the archive, those of the models added since 0018 included
(notifications, calendar feeds, letter events, deliveries): 0016 and 0019 made models without granting them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("archive")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admin = Group.objects.filter(name="Admin").first()
    if admin is not None:
        admin.permissions.add(*Permission.objects.filter(content_type__app_label="archive"))


class Migration(migrations.Migration):
    dependencies = [("archive", "0019_electronic_delivery")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

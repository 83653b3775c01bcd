"""Grant the outgoing letter permissions to the default groups.

Groups are only granted to when they exist (migration 0004 creates them): Staf and Pejabat draft letters
(reviewing needs no permission, only the post in the chain), the Operator (tata usaha) drafts, sees every
outgoing letter and records dispatches, Admin gets every new permission.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

NEW_MODELS = ["outgoingletter", "reviewstep", "dispatch"]
GRANTS = {
    "Operator": ["add_outgoingletter", "view_outgoingletter", "change_outgoingletter", "view_dispatch"],
    "Pejabat": ["add_outgoingletter"],
    "Staf": ["add_outgoingletter"],
    "Admin": [f"{action}_{model}" for model in NEW_MODELS for action in ("add", "change", "delete", "view")],
}


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("archive")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*Permission.objects.filter(content_type__app_label="archive", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("archive", "0008_filing_retention_disposal")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

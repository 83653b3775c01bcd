"""Seed the standard disposition instructions and grant the disposition permissions to the default groups.

The instructions merge the Pemda and ANRI lembar disposisi models with the common entries (domain README §4);
offices switch entries off or add their own in the admin. Groups are only granted to when they exist
(migration 0004 creates them): Pejabat dispose and forward, Staf receive and report, the Operator follows every
disposition (monitor_disposition) and prints the sheet, Admin gets every new permission.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

INSTRUCTIONS = [
    "Untuk diketahui",
    "Tindak lanjuti/selesaikan",
    "Proses lebih lanjut",
    "Siapkan jawaban/konsep",
    "Tanggapan dan saran",
    "Saran/pendapat",
    "Koordinasikan/konfirmasikan",
    "Pelajari/kaji",
    "Wakili/hadiri",
    "Pantau",
    "Perhatian",
    "File",
    "Arsipkan",
]

NEW_MODELS = ["disposition", "dispositionrecipient", "followupreport", "reportattachment", "instruction"]
NEW_MODELS += ["holiday", "reminder"]
GRANTS = {
    "Operator": ["view_disposition", "monitor_disposition", "view_instruction", "view_holiday"],
    "Pejabat": ["view_disposition", "add_disposition", "view_instruction"],
    "Staf": ["view_disposition", "view_instruction"],
    "Admin": [f"{action}_{model}" for model in NEW_MODELS for action in ("add", "change", "delete", "view")]
    + ["monitor_disposition"],
}


def _seed_instructions(apps):
    Instruction = apps.get_model("archive", "Instruction")
    for index, name in enumerate(INSTRUCTIONS, start=1):
        Instruction.objects.get_or_create(name=name, defaults={"order": index * 10})


def _grant(apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="archive", codename__in=codenames)
            )


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("archive")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    _seed_instructions(apps)
    _grant(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0005_dispositions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

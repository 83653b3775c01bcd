"""The audit log made tamper-evident: every row signed and sealed into a hash chain, restricted values sealed,
the daily verification kept; triggers refuse deletes and TRUNCATE on every engine (archive.audit_chain,
archive.audit_triggers). Rows written before are signed and sealed here, in their order."""

import uuid

from django.db import migrations, models
from django.utils import timezone

from archive import audit_triggers


def lift_triggers(apps, schema_editor):
    audit_triggers.uninstall(schema_editor.connection)


def put_back_triggers(apps, schema_editor):
    audit_triggers.install(schema_editor.connection)


def grant_admin(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("archive")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    checks = Permission.objects.filter(content_type__app_label="archive", codename="view_auditcheck")
    for group in Group.objects.filter(name="Admin"):
        group.permissions.add(*checks)


def sign_and_seal_existing(apps, schema_editor):
    from archive.audit_chain import link_hash, sign

    Event = apps.get_model("archive", "AuditEvent")
    seq, previous = 0, "0" * 64
    for event in Event.objects.order_by("pk").iterator(chunk_size=2000):
        event.uid = uuid.uuid4()
        event.sealed_for, event.sealed_values = "", ""
        event.mac = sign(event)
        seq += 1
        link, previous = previous, link_hash(previous, seq, event.mac)
        Event.objects.filter(pk=event.pk).update(uid=event.uid, mac=event.mac, seq=seq, prev_hash=link, hash=previous)


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0016_officials_daily_work"),
    ]

    operations = [
        migrations.RunPython(lift_triggers, put_back_triggers),
        migrations.AddField(
            model_name="auditevent",
            name="uid",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="mac",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(blank=True, editable=False, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="sealed_for",
            field=models.CharField(blank=True, max_length=40, verbose_name="nilai tersegel untuk"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="sealed_values",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(sign_and_seal_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.CreateModel(
            name="AuditCheck",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("ran_at", models.DateTimeField(db_index=True, default=timezone.now, verbose_name="diperiksa pada")),
                ("ok", models.BooleanField(verbose_name="utuh")),
                ("checked", models.PositiveBigIntegerField(default=0, verbose_name="catatan diperiksa")),
                ("unsealed", models.PositiveBigIntegerField(default=0, verbose_name="belum tersegel")),
                ("head_seq", models.BigIntegerField(default=0)),
                ("head_hash", models.CharField(blank=True, max_length=64)),
                ("problem_count", models.PositiveIntegerField(default=0, verbose_name="jumlah masalah")),
                ("first_problem", models.TextField(blank=True, verbose_name="masalah pertama")),
                ("problems", models.JSONField(blank=True, default=list)),
            ],
            options={
                "verbose_name": "pemeriksaan log audit",
                "verbose_name_plural": "pemeriksaan log audit",
                "ordering": ["-ran_at", "-pk"],
                "default_permissions": ("view",),
            },
        ),
        migrations.RunPython(put_back_triggers, lift_triggers),
        migrations.RunPython(grant_admin, migrations.RunPython.noop),
    ]

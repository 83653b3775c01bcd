"""Merge of two migrations that landed at the same time (crosswalk, berita acara file name); no operations."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0012_crosswalk'),
        ('archive', '0012_disposal_record_unguessable_name'),
    ]

    operations = [
    ]

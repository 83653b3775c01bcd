"""Load both classification schemes and the retention schedule from kode_klasifikasi.csv."""

from django.db import migrations


def load(apps, schema_editor):
    from archive.classification.scheme import load_scheme
    from archive.services.classification import classification_codes_sync

    classification_codes_sync(scheme=load_scheme(), model=apps.get_model("archive", "ClassificationCode"))


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

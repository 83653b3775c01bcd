"""`manage.py backup DEST`: one archive of the database, every stored file and their SHA-256 manifest."""

from django.core.management.base import BaseCommand, CommandError

from operations.backup.services import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write one consistent, versioned archive (.tar) of the database (SQLite online backup or pg_dump), every "
        "stored file and a manifest of their SHA-256 to DEST: a local folder, a .tar path, or s3://bucket/prefix."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", metavar="DEST")

    def handle(self, *args, destination: str, **options):
        verbose = options["verbosity"] > 1
        try:
            record = backup_create(destination=destination, progress=self.stdout.write if verbose else lambda _m: None)
        except BackupError as error:
            raise CommandError(f"Backup failed: {error}") from None
        self.stdout.write(f"{record.location}: {record.database}, {record.files} files, {record.size} bytes")

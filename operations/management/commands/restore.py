"""`manage.py restore SOURCE [--force]`: rebuild this instance from a backup archive, reindex and verify."""

from django.core.management.base import BaseCommand, CommandError

from operations.backup.services import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore the database and the stored files from the archive SOURCE (a .tar path or s3://bucket/key) into "
        "this instance, which must be empty unless --force; then migrate, rebuild the search index and verify every "
        "file against the manifest's SHA-256 (exit status 1 when any does not match)."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="SOURCE")
        parser.add_argument("--force", action="store_true", help="Replace the data of an instance that has some.")

    def handle(self, *args, source: str, force: bool, **options):
        verbose = options["verbosity"] > 1
        try:
            report = backup_restore(
                source=source, force=force, progress=self.stdout.write if verbose else lambda _m: None
            )
        except (BackupError, FileNotFoundError) as error:
            raise CommandError(f"Restore failed: {error}") from None
        counts = ", ".join(f"{name} {count}" for name, count in report.counts.items())
        self.stdout.write(f"Restored {report.files} files ({report.bytes} bytes); {counts}")
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(report.problems)} files did not verify", returncode=1)
        self.stdout.write("Every file verified against the manifest.")

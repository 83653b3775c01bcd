"""Consume the watched folder once and mark crashed captures as failed (run by run_periodic)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from archive import conf
from archive.services.capture import captures_fail_stale
from archive.services.ingest import watch_folder_consume


class Command(BaseCommand):
    help = "Take in the files in ARCHIVE_WATCH_DIR (moving them aside) and fail captures stuck in processing."

    def add_arguments(self, parser):
        parser.add_argument("--folder", type=Path, default=None, help="Defaults to the ARCHIVE_WATCH_DIR setting.")

    def handle(self, *args, folder: Path | None, **options):
        stale = captures_fail_stale()
        folder = folder or (Path(conf.get("ARCHIVE_WATCH_DIR")) if conf.get("ARCHIVE_WATCH_DIR") else None)
        if folder is None:
            self.stdout.write(f"No watched folder configured; {stale} stalled capture(s) marked failed.")
            return
        folder.mkdir(parents=True, exist_ok=True)
        report = watch_folder_consume(folder=folder)
        self.stdout.write(f"{report.taken} file(s) taken from {folder}, {report.failed} unreadable; {stale} stalled.")

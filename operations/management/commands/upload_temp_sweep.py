"""Remove the temporary files of uploads cut off by a killed web worker (run by run_periodic)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand

from operations.upload_temp import upload_temp_sweep


class Command(BaseCommand):
    help = "Remove files in FILE_UPLOAD_TEMP_DIR not written to for NASKAH_UPLOAD_TEMP_MAX_AGE seconds."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than", type=int, default=None, help="Seconds (default: NASKAH_UPLOAD_TEMP_MAX_AGE, one hour)."
        )

    def handle(self, *args, older_than: int | None, **options):
        seconds = settings.NASKAH_UPLOAD_TEMP_MAX_AGE if older_than is None else older_than
        removed = upload_temp_sweep(older_than=datetime.timedelta(seconds=seconds))
        self.stdout.write(f"{len(removed)} temporary upload file(s) removed.")

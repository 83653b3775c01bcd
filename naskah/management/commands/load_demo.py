"""Load the demo content: seed SOPs imported, reviewed and published; sample letters queued. Safe to run again."""

import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive.services.demo import demo_letters_load, demo_office_load
from cms.services.demo import demo_load


class Command(BaseCommand):
    help = (
        "Import the seed SOPs from the shared folder and publish them through moderation, create the demo "
        "users, queue the sample letter scans for the worker, and rebuild the search index."
    )

    def add_arguments(self, parser):
        shared = Path(settings.SHARED_DIR)
        parser.add_argument("--seeds", type=Path, default=shared / "seeds")
        parser.add_argument("--letters", type=Path, default=shared / "corpus" / "dev" / "letters")
        parser.add_argument("--no-letters", action="store_true", help="Only the SOP catalogue.")

    def handle(self, *args, seeds: Path, letters: Path, no_letters: bool, **options):
        if not seeds.is_dir():
            raise CommandError(f"Seed folder not found: {seeds} (set NASKAH_SHARED_DIR)")
        password = os.environ.get("NASKAH_DEMO_PASSWORD", "naskah-demo")
        report = demo_load(seeds_dir=seeds, password=password)
        self.stdout.write(
            f"Demo catalogue: {report.imported} SOP drafts imported, {report.published} pages published; "
            f"users {', '.join(report.users)} (password from NASKAH_DEMO_PASSWORD, default 'naskah-demo')"
        )
        office = demo_office_load(password=password)
        self.stdout.write(f"Demo office: posts held by {', '.join(office)} (same password)")
        if not no_letters and letters.is_dir():
            with transaction.atomic():
                operator = get_user_model().objects.get(username="operator")
                queued = demo_letters_load(letters_dir=letters, user=operator)
            self.stdout.write(f"Demo letters: {queued} scans queued for the worker (Surat > Antrean berkas).")
        # The search index from scratch: the catalogue now, letters as the worker registers them (outbox).
        call_command("search_reindex", stdout=self.stdout._out, stderr=self.stderr._out)

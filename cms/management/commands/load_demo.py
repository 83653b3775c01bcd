"""Load the demo content: seed SOPs imported, reviewed and published; demo users. Safe to run again."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.services.demo import demo_load


class Command(BaseCommand):
    help = "Import the seed SOPs from the shared folder, publish them through moderation, create demo users."

    def add_arguments(self, parser):
        parser.add_argument("--seeds", type=Path, default=Path(settings.SHARED_DIR) / "seeds")

    def handle(self, *args, seeds: Path, **options):
        if not seeds.is_dir():
            raise CommandError(f"Seed folder not found: {seeds} (set NASKAH_SHARED_DIR)")
        password = os.environ.get("NASKAH_DEMO_PASSWORD", "naskah-demo")
        report = demo_load(seeds_dir=seeds, password=password)
        self.stdout.write(
            f"Demo content: {report.imported} SOP drafts imported, {report.published} pages published; "
            f"users {', '.join(report.users)} (password from NASKAH_DEMO_PASSWORD, default 'naskah-demo')"
        )

"""Run the project's periodic commands (scheduled publishing, reminders) at their intervals, forever."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run each command in settings.NASKAH_PERIODIC_COMMANDS every N seconds (use --once for one round)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every command once and stop.")

    def handle(self, *args, once: bool = False, **options):
        schedule = list(getattr(settings, "NASKAH_PERIODIC_COMMANDS", []))
        due = {name: 0.0 for name, _ in schedule}
        while True:
            now = time.monotonic()
            for name, interval in schedule:
                if once or now >= due[name]:
                    self._run(name)
                    due[name] = now + interval
            if once:
                return
            time.sleep(min(interval for _, interval in schedule) if schedule else 60)

    def _run(self, name: str) -> None:
        try:
            call_command(name, verbosity=0)
        except Exception as error:  # noqa: BLE001 - one failing job must not stop the others
            self.stderr.write(f"{name} failed: {error}")

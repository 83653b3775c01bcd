"""Remind the holders of overdue and idle dispositions, in the app and by e-mail (run hourly by run_periodic)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from archive.services.reminders import dispositions_remind


class Command(BaseCommand):
    help = "Flag dispositions past their deadline or idle for ARCHIVE_IDLE_WORKING_DAYS working days and remind."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, default=None, help="Run as of this day (YYYY-MM-DD)."
        )

    def handle(self, *args, date: datetime.date | None, **options):
        today = date or timezone.localdate()
        outcome = dispositions_remind(today=today)
        if outcome.skipped:
            self.stdout.write(f"{today} is not a working day; no reminders.")
            return
        self.stdout.write(
            f"{outcome.flagged} late, {outcome.reminded} reminded now, {outcome.emails} e-mail(s) sent ({today})."
        )

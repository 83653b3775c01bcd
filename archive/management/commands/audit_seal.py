"""Seal the audit rows whose sealing after their commit did not run (run by run_periodic every minute)."""

from django.core.management.base import BaseCommand

from archive.audit_chain import seal_pending


class Command(BaseCommand):
    help = "Chain the signed audit rows not sealed yet (normally sealed right after their transaction commits)."

    def handle(self, *args, **options):
        sealed = seal_pending()
        if options["verbosity"] and sealed:
            self.stdout.write(f"{sealed} catatan audit disegel.")

"""Send again the e-mails of signed letters whose pause after a failure is over (run every minute by run_periodic)."""

from django.core.management.base import BaseCommand

from archive.services.delivery import dispatch_email_retry_due


class Command(BaseCommand):
    help = "Retry failed e-mail dispatches that are due, and send queued ones the worker never took."

    def handle(self, *args, **options):
        count = dispatch_email_retry_due()
        if count or options["verbosity"] > 1:
            self.stdout.write(f"{count} e-mail dispatch(es) tried.")

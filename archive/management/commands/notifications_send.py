"""Send what notifications left for e-mail: retries of failed ones and the daily digests (run by run_periodic)."""

from django.core.management.base import BaseCommand

from archive.services.notifications import notification_digests_send, notification_emails_send


class Command(BaseCommand):
    help = "Send notification e-mails that failed before, and the daily digests that are due."

    def handle(self, *args, **options):
        retried = notification_emails_send()
        digests = notification_digests_send()
        if retried or digests or options["verbosity"] > 1:
            self.stdout.write(f"notification e-mails sent: {retried}, daily digests: {digests}")

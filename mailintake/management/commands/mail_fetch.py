"""`manage.py mail_fetch`: check the mail accounts that are due (run_periodic runs it every few minutes)."""

from django.core.management.base import BaseCommand

from mailintake.services import mail_accounts_check


class Command(BaseCommand):
    help = "Take in the letters that arrived in the configured IMAP accounts (each attachment becomes a capture)."

    def handle(self, *args, **options):
        for report in mail_accounts_check():
            line = f"{report.account}: {report.messages} messages, {len(report.captures)} captures"
            if report.error:
                self.stderr.write(f"{report.account}: {report.error}")
            elif options["verbosity"]:
                self.stdout.write(line)

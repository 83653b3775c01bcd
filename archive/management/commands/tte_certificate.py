"""Signer certificates for electronic signatures: enrol a person, list, revoke."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from archive.models import SigningCertificate
from archive.services.signing_certificates import certificate_enroll, certificate_revoke


class Command(BaseCommand):
    help = "Enrol a signer (who then chooses a pass phrase on Surat keluar > Sertifikat TTE), list or revoke."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        enrol = sub.add_parser("enrol", help="Let USERNAME activate a certificate.")
        enrol.add_argument("username")
        sub.add_parser("list", help="Every certificate with its holder and status.")
        revoke = sub.add_parser("revoke", help="Revoke the certificate with this serial number.")
        revoke.add_argument("serial")
        revoke.add_argument("--reason", required=True)

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

    def _enrol(self, username: str, **options):
        user = self._user(username)
        certificate_enroll(user=user, by=None)
        self.stdout.write(f"{username} may now activate a TTE certificate (Surat keluar > Sertifikat TTE).")

    def _list(self, **options):
        for certificate in SigningCertificate.objects.select_related("user", "authority").order_by("user__username"):
            until = f"{certificate.not_after:%Y-%m-%d}" if certificate.not_after else "-"
            self.stdout.write(
                f"{certificate.user.get_username():20} {certificate.get_status_display():20} "
                f"{certificate.serial or '-':40} {until}"
            )

    def _revoke(self, serial: str, reason: str, **options):
        certificate = SigningCertificate.objects.filter(serial=serial.lower()).first()
        if certificate is None:
            raise CommandError(f"No certificate with serial {serial}.")
        certificate_revoke(certificate=certificate, by=None, reason=reason)
        self.stdout.write(f"Revoked {serial} ({certificate.user}).")

    def _user(self, username: str):
        found = get_user_model().objects.filter(username=username).first()
        if found is None:
            raise CommandError(f"No user {username}.")
        return found

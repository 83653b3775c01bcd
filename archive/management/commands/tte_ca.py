"""The office's certificate authority for electronic signatures: create it, or show its certificate."""

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from archive.models import SigningAuthority
from archive.services.signing_certificates import authority_create


class Command(BaseCommand):
    help = "Create the office's TTE certificate authority (create), or print its certificates (show)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a new authority; it issues the certificates from now on.")
        create.add_argument("--name", required=True, help='e.g. "CA TTE Dinas Kependudukan Kab. Banjarnegara"')
        create.add_argument("--organisation", required=True, help='e.g. "Pemerintah Kabupaten Banjarnegara"')
        create.add_argument("--days", type=int, default=3650)
        sub.add_parser("show", help="Print every authority's certificate (PEM), to trust in PDF readers.")

    def handle(self, *args, action: str, **options):
        if action == "show":
            for authority in SigningAuthority.objects.order_by("created_at"):
                state = "issuing" if authority.is_active else "trusted"
                self.stdout.write(f"# {authority.name} ({state}, valid until {authority.not_after:%Y-%m-%d})")
                self.stdout.write(authority.certificate_pem)
            return
        passphrase = os.environ.get("NASKAH_TTE_CA_PASSPHRASE") or self._ask()
        try:
            authority = authority_create(
                name=options["name"], organisation=options["organisation"], passphrase=passphrase, days=options["days"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Created {authority.name}, SHA-256 {authority.fingerprint}.")
        self.stdout.write("Keep its pass phrase in NASKAH_TTE_CA_PASSPHRASE on the server that issues certificates.")

    def _ask(self) -> str:
        first = getpass.getpass("Pass phrase for the CA's key: ")
        if getpass.getpass("Again: ") != first:
            raise CommandError("The pass phrases differ.")
        return first

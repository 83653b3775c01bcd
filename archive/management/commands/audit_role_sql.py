"""Print the SQL that creates a PostgreSQL role for the application that cannot truncate or alter the audit log."""

from django.conf import settings
from django.core.management.base import BaseCommand

from archive.audit_roles import role_sql


class Command(BaseCommand):
    help = "Print the SQL for the application's database role (run it as the database owner, after migrate)."

    def add_arguments(self, parser):
        parser.add_argument("--role", default="naskah_app")
        parser.add_argument("--password", required=True)
        parser.add_argument("--database", default=settings.DATABASES["default"].get("NAME") or "naskah")

    def handle(self, *args, role: str, password: str, database: str, **options):
        self.stdout.write(role_sql(role=role, password=password, database=database))

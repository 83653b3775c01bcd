"""Export an incoming register: `manage.py export_register --year 2025 --format csv|xlsx|pdf --out PATH [--user NAME]`.

With ``--user NAME`` the file holds what that user may see on the screens: restricted letters (terbatas, rahasia,
sangat rahasia) only when the user may open them, and the export is logged as theirs.

Without ``--user`` it is a system export: every letter of the register, restricted ones included. Whoever can run
manage.py on the server can read the database already, so the command adds no secret they did not have; the
system export is what the archive keeps or hands over as its own record. It is not silent: each restricted letter
in the file gets an "export" event in the audit log, by no user, from "manage.py export_register (sistem)".
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from archive.audit import acting_as
from archive.exports import FORMATS, register_export_logged
from archive.models import Register
from archive.selectors.register import SYSTEM, register_rows
from archive.services.numbering import register_default


class Command(BaseCommand):
    help = "Write the buku agenda surat masuk of one year (optionally narrowed) as CSV, XLSX or PDF."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Agenda year.")
        parser.add_argument("--format", dest="file_format", choices=FORMATS, required=True)
        parser.add_argument("--out", type=Path, required=True, help="File to write ('-' is not supported).")
        parser.add_argument("--register", help="Code of the register (default: the office's incoming register).")
        parser.add_argument("--from", dest="date_from", type=_date, help="Received on or after (YYYY-MM-DD).")
        parser.add_argument("--to", dest="date_to", type=_date, help="Received on or before (YYYY-MM-DD).")
        parser.add_argument("--code", default="", help="Classification code, with its sub-codes.")
        parser.add_argument("--sender", default="", help="Part of the sender's name.")
        parser.add_argument(
            "--user",
            dest="username",
            help="Export what this user may see (restricted letters only if they may open them); "
            "without it, a system export of every letter, each restricted one logged.",
        )

    def handle(self, *args, year, file_format, out: Path, register, date_from, date_to, code, sender, **options):
        chosen = self._register(register)
        reader = self._reader(options.get("username"))
        rows = register_rows(
            user=reader,
            register=chosen,
            year=year,
            date_from=date_from,
            date_to=date_to,
            classification=code,
            sender=sender,
        )
        count = rows.count()
        source = "manage.py export_register" + (" (sistem)" if reader is SYSTEM else "")
        with acting_as(user=None if reader is SYSTEM else reader, source=source):
            content = register_export_logged(
                rows=rows, file_format=file_format, title=f"{chosen.name} {year}", period=_period(date_from, date_to)
            )
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
        who = "system export" if reader is SYSTEM else f"as {reader.get_username()}"
        self.stdout.write(f"{count} entries of {chosen.name} {year} written to {out} ({len(content)} bytes, {who})")

    def _reader(self, username: str | None):
        if not username:
            return SYSTEM
        user = get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: username}).first()
        if user is None or not user.is_active:
            raise CommandError(f"No active user {username!r}")
        return user

    def _register(self, code: str | None) -> Register:
        if not code:
            return register_default(kind=Register.Kind.INCOMING)
        found = Register.objects.filter(code=code, kind=Register.Kind.INCOMING).first()
        if found is None:
            known = ", ".join(Register.objects.filter(kind=Register.Kind.INCOMING).values_list("code", flat=True))
            raise CommandError(f"No incoming register with code {code!r} (known: {known or 'none'})")
        return found


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"not a date (YYYY-MM-DD): {value}") from error


def _period(date_from: datetime.date | None, date_to: datetime.date | None) -> str:
    if not (date_from or date_to):
        return ""
    return f"{date_from.isoformat() if date_from else '…'} – {date_to.isoformat() if date_to else '…'}"

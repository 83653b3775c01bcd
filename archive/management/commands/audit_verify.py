"""Verify the audit log's hash chain: report the first broken link, a missing, changed or inserted row.

Run daily by run_periodic; each run is kept (admins see the last one on the audit log screen). Exit status 1 when
the log is not intact, so cron or a monitor can alert.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from archive.audit_chain import audit_check_record, audit_verify
from archive.audit_roles import role_warnings


class Command(BaseCommand):
    help = "Verify the audit log (signatures, hash chain, anchors) and record the result for the admins."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Do not record the result.")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args, dry_run: bool = False, json: bool = False, **options):
        report = audit_verify()
        if not dry_run:
            audit_check_record(report)
        warnings = role_warnings()
        if json:
            self.stdout.write(_as_json(report, warnings))
        elif options["verbosity"]:
            self._print(report, warnings)
        if not report.ok:
            raise CommandError(f"Log audit tidak utuh: {report.first}")

    def _print(self, report, warnings) -> None:
        self.stdout.write(
            f"{report.checked} catatan tersegel diperiksa (ujung rantai: seq {report.head_seq}), "
            f"{report.unsealed} belum tersegel."
        )
        for warning in warnings:
            self.stdout.write(self.style.WARNING(f"Peringatan: {warning}"))
        if report.ok:
            self.stdout.write(self.style.SUCCESS("Log audit utuh."))
            return
        self.stdout.write(self.style.ERROR(f"Masalah pertama: {report.first}"))
        for problem in report.problems[1:20]:
            self.stdout.write(f"  {problem}")


def _as_json(report, warnings) -> str:
    return json.dumps(
        {
            "ok": report.ok,
            "checked": report.checked,
            "head_seq": report.head_seq,
            "unsealed": report.unsealed,
            "problems": [vars(problem) for problem in report.problems],
            "warnings": warnings,
        },
        ensure_ascii=False,
    )

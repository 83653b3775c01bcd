"""`manage.py search_apply`: apply the due search index updates once (run_periodic calls it every few seconds)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from search.worker import apply_pending


class Command(BaseCommand):
    help = (
        "Apply the due updates of the search outbox to the engine once. When the engine is down the updates stay "
        "queued with their error and are retried later with a growing delay (at most 5 minutes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500, help="Outbox rows per batch (default 500).")

    def handle(self, *args, batch: int, **options):
        report = apply_pending(batch=max(batch, 1))
        if report.failed:
            self.stderr.write(
                _("%(failed)s pembaruan indeks ditunda: %(error)s") % {"failed": report.failed, "error": report.error}
            )
        if report.busy:
            self.stdout.write(_("Pekerja lain sedang menerapkan antrean indeks."))
        elif options["verbosity"] >= 1:
            self.stdout.write(
                _("%(rows)s antrean diterapkan: %(indexed)s dokumen diindeks, %(deleted)s dihapus.")
                % {"rows": report.rows, "indexed": report.indexed, "deleted": report.deleted}
            )

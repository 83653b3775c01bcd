"""Load the crosswalk (78/2012 -> 83/2022) into the database, or write fresh proposals for the unreviewed codes."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from archive.classification.crosswalk import BUNDLED_CSV, crosswalk_csv, propose_crosswalk, read_crosswalk_csv
from archive.classification.scheme import load_scheme
from archive.services.crosswalk import crosswalk_sync


class Command(BaseCommand):
    help = (
        "load [CSV]: write the crosswalk CSV (default: the shipped one) to the database, keeping rows reviewed in "
        "the admin. propose OUT: write a CSV keeping the reviewed rows of the shipped one and proposing the rest."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load", "propose"])
        parser.add_argument("path", nargs="?", type=Path)

    def handle(self, *args, action: str, path: Path | None, **options):
        if action == "load":
            report = crosswalk_sync(crosswalk=read_crosswalk_csv(path or BUNDLED_CSV))
            self.stdout.write(
                f"created {report.created}, updated {report.updated}, kept (reviewed in the admin) {report.kept}"
            )
            if report.unknown:
                self.stdout.write(f"skipped (not a legacy code or not a current leaf): {' '.join(report.unknown)}")
            return
        if path is None:
            self.stderr.write("propose needs an output path")
            return
        rows = propose_crosswalk(load_scheme(), keep=read_crosswalk_csv(BUNDLED_CSV))
        path.write_text(crosswalk_csv(rows), encoding="utf-8")
        self.stdout.write(f"{len(rows)} rows written to {path}")

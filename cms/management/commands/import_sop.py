"""Import SOP documents (.txt, .docx, .pdf) as draft SOP pages: `manage.py import_sop PATH... [--json]`."""

from __future__ import annotations

import json
import logging

from django.core.management.base import BaseCommand, CommandError

from cms.importers import DocumentReadError, collect_paths
from cms.services.site import site_ensure_catalogue
from cms.services.sop_import import ImportOutcome, sop_import_file

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Import SOP documents (files or folders of .txt, .docx, .pdf) as draft pages, one per SOP. "
        "Never publishes; a re-run finds the pages it made. A document holding no SOP makes no draft and says "
        "why. --json prints one JSON object per line and SOP."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders to import.")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print JSON lines.")

    def handle(self, *args, paths: list[str], as_json: bool = False, **options):
        files = collect_paths(paths)
        if not files:
            raise CommandError(f"No files found in: {', '.join(paths)}")
        catalogue = site_ensure_catalogue()
        failed = 0
        for path in files:
            try:
                result = sop_import_file(path=path, catalogue=catalogue)
            except DocumentReadError as error:
                failed += 1
                self._report_error(path.name, str(error), as_json)
                continue
            except Exception as error:  # noqa: BLE001 - one broken document must not stop the others
                logger.exception("Importing %s failed", path)
                failed += 1
                self._report_error(path.name, f"{type(error).__name__}: {error}", as_json)
                continue
            if not result.outcomes:
                self._report_none(result.source_file, result.no_sop_reason, as_json)
            for outcome in result.outcomes:
                self._report(outcome, as_json)
        if failed == len(files):
            raise CommandError(f"No document could be imported ({failed} failed).")

    def _report(self, outcome: ImportOutcome, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False))
            return
        group = f" [{outcome.group}]" if outcome.group else ""
        self.stdout.write(
            f"{outcome.status:8} #{outcome.page_id} {outcome.title}{group} ({outcome.source_file}): "
            f"{outcome.actors} actors, {outcome.steps} steps, {outcome.total_minutes} min"
        )
        self.stdout.write(f"         filled: {', '.join(outcome.filled)}")
        if outcome.unparsed:
            self.stdout.write(f"         could not parse: {', '.join(outcome.unparsed)}")
        if outcome.steps_without_actor:
            self.stdout.write(f"         steps without actor: {outcome.steps_without_actor} of {outcome.steps}")
        for note in outcome.notes:
            self.stdout.write(f"         note: {note}")

    def _report_none(self, name: str, reason: str, as_json: bool) -> None:
        if as_json:
            self.stdout.write(
                json.dumps({"source_file": name, "status": "no_sop", "reason": reason}, ensure_ascii=False)
            )
        else:
            self.stdout.write(f"no SOP   {name}: {reason}")

    def _report_error(self, name: str, message: str, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps({"source_file": name, "error": message}, ensure_ascii=False))
        else:
            self.stderr.write(f"error    {message}" if message.startswith(name) else f"error    {name}: {message}")

"""Print the case files due for pemindahan and for final disposition (musnah/permanen/dinilai kembali)."""

from __future__ import annotations

import csv
import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from archive.selectors.retention import retention_report

HEADINGS = {
    "transfer": "Jatuh tempo pemindahan ke inaktif",
    "musnah": "Jatuh tempo musnah",
    "permanen": "Jatuh tempo permanen (penyerahan)",
    "dinilai_kembali": "Jatuh tempo dinilai kembali",
}


class Command(BaseCommand):
    help = "Daftar berkas yang jatuh tempo pemindahan atau nasib akhir (JRA)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="Tanggal acuan (YYYY-MM-DD); bawaan hari ini.")
        parser.add_argument("--format", choices=["text", "csv"], default="text")

    def handle(self, *args: object, **options: object) -> None:
        as_of = timezone.localdate()
        if options["as_of"]:
            try:
                as_of = datetime.date.fromisoformat(str(options["as_of"]))
            except ValueError as error:
                raise CommandError(f"Tanggal tidak sah: {options['as_of']}") from error
        report = retention_report(as_of=as_of)
        sections = {"transfer": report.transfer, **report.disposition}
        if options["format"] == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(
                ["due", "number", "code", "topic", "unit", "active_until", "inactive_until", "status", "legal_hold"]
            )
            for key, files in sections.items():
                for cf in files:
                    writer.writerow(
                        [
                            key,
                            cf.number,
                            cf.classification.code,
                            cf.topic,
                            cf.unit.name,
                            cf.active_until,
                            cf.inactive_until,
                            cf.status,
                            "ya" if cf.legal_hold else "",
                        ]
                    )
            return
        self.stdout.write(f"Laporan retensi per {as_of:%Y-%m-%d}")
        for key, files in sections.items():
            self.stdout.write(f"\n{HEADINGS.get(key, key)} ({len(files)})")
            for cf in files:
                hold = "  [DITAHAN]" if cf.legal_hold else ""
                self.stdout.write(
                    f"  {cf.number}  {cf.classification.code}  {cf.topic[:60]}  "
                    f"aktif s.d. {cf.active_until}  inaktif s.d. {cf.inactive_until}{hold}"
                )

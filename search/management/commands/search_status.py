"""`manage.py search_status [--json]`: the engine, how many documents it holds per kind, and the outbox backlog."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from search import registry
from search.worker import backlog


def _safe(call):
    try:
        return call(), ""
    except Exception as error:  # noqa: BLE001 - a status report shows what fails instead of failing
        return None, f"{type(error).__name__}: {error}"


def status() -> dict:
    from search.engines import get_engine

    engine = get_engine()
    up, ping_error = _safe(engine.ping)
    kinds = {}
    for kind, source in sorted(registry.sources().items()):
        indexed, index_error = _safe(lambda kind=kind: engine.count(kind)) if up else (None, "")
        kinds[kind] = {"indexed": indexed, "sources": source.count(), "error": index_error}
    describe = getattr(engine, "describe", None)
    index, _index_error = _safe(describe) if up and describe else (None, "")
    return {
        "engine": getattr(engine, "name", type(engine).__name__),
        "reachable": bool(up),
        "error": ping_error,
        "index": index,
        "kinds": kinds,
        "outbox": backlog(),
    }


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 120:
        return _("%(n).0f dtk") % {"n": seconds}
    if seconds < 7200:
        return _("%(n).0f mnt") % {"n": seconds / 60}
    return _("%(n).1f jam") % {"n": seconds / 3600}


class Command(BaseCommand):
    help = (
        "Show the search engine and whether it answers, the documents per kind in the index against the records "
        "the sources would index, and the outbox backlog (rows, oldest age, rows that failed with their last error)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="One JSON object.")

    def handle(self, *args, json: bool = False, **options):
        report = status()
        if json:
            self.stdout.write(_dumps(report))
            return
        state = _("terhubung") if report["reachable"] else _("TIDAK TERHUBUNG")
        line = _("Mesin pencari: %(engine)s (%(state)s)") % {"engine": report["engine"], "state": state}
        self.stdout.write(line + (f" — {report['error']}" if report["error"] else ""))
        if report["index"]:
            index = report["index"]
            self.stdout.write(
                _("Indeks: %(path)s (%(generation)s, %(segments)s segmen, %(size).1f MB)%(rebuilding)s")
                % {
                    "path": index["path"],
                    "generation": index["generation"],
                    "segments": index["segments"],
                    "size": index["bytes"] / 1e6,
                    "rebuilding": _(", sedang dibangun ulang") if index["rebuilding"] else "",
                }
            )
        self.stdout.write(_("Dokumen per jenis (indeks / sumber):"))
        for kind, row in report["kinds"].items():
            indexed = "?" if row["indexed"] is None else row["indexed"]
            mark = "" if row["indexed"] == row["sources"] else "  ≠"
            self.stdout.write(f"  {kind:<18} {indexed:>8} / {row['sources']:<8}{mark}")
        outbox = report["outbox"]
        self.stdout.write(
            _("Antrean indeks: %(rows)s baris (%(due)s siap), tertua %(age)s, %(failing)s pernah gagal")
            % {
                "rows": outbox["rows"],
                "due": outbox["due"],
                "age": _age(outbox["oldest_age_seconds"]),
                "failing": outbox["failing"],
            }
        )
        for row in outbox["errors"]:
            self.stdout.write(
                f"  {row['kind']}:{row['object_id']} ×{row['attempts']} "
                + _("coba lagi %(when)s") % {"when": f"{row['not_before']:%Y-%m-%d %H:%M:%S}"}
                + f" — {row['last_error']}"
            )


def _dumps(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, default=str)

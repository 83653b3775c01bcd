"""`manage.py search_reindex [--kind KIND ...]`: rebuild the search index from the records, with a progress bar."""

from __future__ import annotations

import io
import time
from collections.abc import Iterable, Iterator

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.utils.translation import gettext as _

from search import registry
from search.models import IndexUpdate
from search.types import SearchDocument, SearchError

CHUNK = 500


class Progress:
    """A progress bar on a stream: done/total, percent and documents per second; plain lines when not a tty."""

    def __init__(self, stream, total: int, *, width: int = 30, every: float = 0.2):
        """``stream``: a command's ``self.stderr`` (an OutputWrapper) or a plain text stream."""
        self.stream, self.total, self.width, self.every = stream, total, width, every
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.started = time.monotonic()
        self.done = 0
        self._shown_at = 0.0
        self._shown_tenth = -1
        self._shown_done = -1

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        fraction = min(self.done / self.total, 1.0) if self.total else 1.0
        filled = int(round(fraction * self.width))
        bar = "#" * filled + "." * (self.width - filled)
        return f"[{bar}] {self.done}/{self.total} {fraction:4.0%} {self.rate():.0f} dok/dtk"

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if self.tty:
            if now - self._shown_at >= self.every:
                self._write("\r" + self.line())
                self._shown_at = now
            return
        tenth = int(10 * self.done / self.total) if self.total else 10
        if tenth != self._shown_tenth:
            self._write(self.line() + "\n")
            self._shown_tenth = tenth
            self._shown_done = self.done

    def finish(self) -> None:
        if self.tty:
            self._write("\r" + self.line() + "\n")
        elif self._shown_done != self.done or self.done == 0:
            self._write(self.line() + "\n")

    def _write(self, text: str) -> None:
        if isinstance(self.stream, OutputWrapper):  # a command's stderr: no added newline, no error colour
            self.stream.write(text, style_func=lambda plain: plain, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()


def counted(documents: Iterable[SearchDocument], progress: Progress) -> Iterator[SearchDocument]:
    for document in documents:
        yield document
        progress.advance()


def chunked(documents: Iterable[SearchDocument], size: int = CHUNK) -> Iterator[list[SearchDocument]]:
    chunk: list[SearchDocument] = []
    for document in documents:
        chunk.append(document)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def clear_covered_rows(row_ids: list[int]) -> int:
    """Delete the outbox rows that were committed before the rebuild started reading: it has read their records
    since. Rows committed later stay and are applied by the worker (harmless, and nothing is lost)."""
    deleted = 0
    for start in range(0, len(row_ids), 1000):
        deleted += IndexUpdate.objects.filter(pk__in=row_ids[start : start + 1000]).delete()[0]
    return deleted


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the records. Without --kind the whole index is rebuilt (searches keep "
        "answering from the old one until the new one is complete, and documents of deleted records go); with "
        "--kind only those kinds' documents are rewritten. Outbox updates already committed when the rebuild "
        "starts are cleared, since the rebuild reads their records anew. Progress is shown on stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", default=[], help="Only this kind (repeatable).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, kind: list[str], no_progress: bool, **options):
        from search.engines import get_engine

        sources = registry.sources()
        unknown = sorted(set(kind) - set(sources))
        if unknown:
            raise CommandError(
                _("Jenis tidak dikenal: %(kinds)s (pilih: %(known)s)")
                % {"kinds": ", ".join(unknown), "known": ", ".join(sorted(sources))},
                returncode=2,
            )
        chosen = {name: sources[name] for name in (kind or sources)}
        engine = get_engine()
        started = time.monotonic()
        covered = IndexUpdate.objects.filter(kind__in=list(chosen)).order_by("pk").values_list("pk", flat=True)
        covered = list(covered)  # committed before any record is read
        total = sum(source.count() for source in chosen.values())
        stream = io.StringIO() if no_progress else self.stderr
        progress = Progress(stream, total)
        try:
            engine.ensure_ready()
            documents = (document for source in chosen.values() for document in source.documents())
            if kind:
                written = 0
                for chunk in chunked(counted(documents, progress)):
                    written += engine.index(chunk)
            else:
                written = engine.rebuild(counted(documents, progress))
        except SearchError as error:
            raise CommandError(_("Indeks gagal dibangun ulang: %(error)s") % {"error": error}) from None
        finally:
            progress.finish()
        cleared = clear_covered_rows(covered)
        elapsed = time.monotonic() - started
        self.stdout.write(
            _("%(written)s dokumen diindeks (%(kinds)s) dalam %(seconds).1f dtk; %(cleared)s antrean dibersihkan.")
            % {"written": written, "kinds": ", ".join(chosen), "seconds": elapsed, "cleared": cleared}
        )

"""`manage.py search QUERY [--filter k=v ...] [--user NAME] [--limit N] [--json]`: what a user would find."""

from __future__ import annotations

import datetime
import html
import json
import re

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.api import MAX_PER_PAGE
from search.api import search as run_search
from search.filters import clean_sort, parse_pairs
from search.registry import principals_for
from search.types import FILTER_KEYS, PUBLIC, SORTS, STAFF, InvalidFilter, SearchError, SearchHit

USAGE_ERROR = 2

KIND_LABELS = {
    "sop": "SOP",
    "service_standard": "standar pelayanan",
    "letter": "surat",
    "disposition": "disposisi",
    "case_file": "berkas",
    "outgoing": "surat keluar",
}


def plain_snippet(snippet: str) -> str:
    """The snippet's HTML as terminal text: matched words in [brackets], entities decoded."""
    marked = snippet.replace("<mark>", "[").replace("</mark>", "]")
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", marked)).split())


def json_id(value: str) -> int | str:
    """Record ids are primary keys: numeric ids are printed as numbers (a letter's is ``ingest --json``'s
    ``letter_id``)."""
    return int(value) if value.isdigit() else value


def hit_record(hit: SearchHit) -> dict:
    return {
        "kind": hit.kind,
        "id": json_id(hit.id),
        "title": hit.title,
        "score": round(float(hit.score), 4),
        "snippet": hit.snippet,
        "url": hit.url,
        "date": hit.date.isoformat() if isinstance(hit.date, datetime.date) else hit.date,
        "number": hit.number,
        "sender": hit.sender,
        "code": hit.code,
        "security": hit.security,
        "status": hit.status,
        "unit": hit.unit,
        "extra": hit.extra,
    }


class Command(BaseCommand):
    help = (
        "Search the index and print the results a user would see: published SOP and service-standard pages, and "
        "for archive staff the letters, dispositions and case files they may open. Without --user the results "
        "are what an administrator sees: the first active superuser (lowest id), or, when there is none, any "
        "reader of the whole archive. An administrator sees every published page and every record open to all "
        "staff, but restricted letters (terbatas, rahasia, sangat rahasia) and their dispositions only when they "
        "registered or uploaded the letter or hold a post on its disposition chain: the access rule has no "
        "exception for administrators. --user NAME searches as that user; --anonymous as the public."
    )

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", default="", help='Words, "a phrase" or a letter number.')
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help=f"Repeatable. Keys: {', '.join(FILTER_KEYS)}.",
        )
        who = parser.add_mutually_exclusive_group()
        who.add_argument("--user", metavar="NAME", help="Search as this user (username).")
        who.add_argument("--anonymous", action="store_true", help="Search as a visitor who is not signed in.")
        parser.add_argument("--limit", type=int, default=10, help=f"Hits per page (1-{MAX_PER_PAGE}, default 10).")
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--sort", default="relevance", help=f"One of: {', '.join(SORTS)}.")
        parser.add_argument("--json", action="store_true", help="One JSON object per hit, then one with the facets.")

    def handle(self, *args, query: str, filter: list[str], user: str | None, anonymous: bool, **options):
        try:
            filters = parse_pairs(filter)
            sort = clean_sort(options["sort"])
        except InvalidFilter as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from None
        limit, page = options["limit"], options["page"]
        if not 1 <= limit <= MAX_PER_PAGE:
            raise CommandError(
                _("--limit harus antara 1 dan %(max)s: %(value)s") % {"max": MAX_PER_PAGE, "value": limit},
                returncode=USAGE_ERROR,
            )
        if page < 1:
            raise CommandError(_("--page harus 1 atau lebih: %(value)s") % {"value": page}, returncode=USAGE_ERROR)
        principals = self._principals(user, anonymous)
        try:
            results = run_search(query, principals=principals, filters=filters, sort=sort, page=page, per_page=limit)
        except InvalidFilter as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from None
        except SearchError as error:
            raise CommandError(_("Pencarian gagal: %(error)s") % {"error": error}) from None
        if options["json"]:
            for hit in results.hits:
                self.stdout.write(json.dumps(hit_record(hit), ensure_ascii=False, default=str))
            facets = {
                key: [{"value": value, "count": count} for value, count in rows] for key, rows in results.facets.items()
            }
            summary = {"facets": facets, "total": results.total, "page": results.page, "per_page": results.per_page}
            self.stdout.write(json.dumps(summary, ensure_ascii=False, default=str))
            return
        self._print_table(results)

    def _principals(self, username: str | None, anonymous: bool) -> frozenset[str]:
        if anonymous:
            return frozenset({PUBLIC})
        model = get_user_model()
        if username is None:
            admin = model.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
            return principals_for(admin) | {STAFF} if admin is not None else frozenset({PUBLIC, STAFF})
        try:
            user = model.objects.get(**{model.USERNAME_FIELD: username})
        except model.DoesNotExist:
            raise CommandError(
                _("Pengguna tidak dikenal: %(name)s") % {"name": username}, returncode=USAGE_ERROR
            ) from None
        return principals_for(user)

    def _print_table(self, results) -> None:
        if not results.hits:
            self.stdout.write(_("Tidak ada hasil."))
        start = (results.page - 1) * results.per_page
        for number, hit in enumerate(results.hits, start=start + 1):
            date = hit.date.isoformat() if isinstance(hit.date, datetime.date) else "—"
            kind = KIND_LABELS.get(hit.kind, hit.kind)
            self.stdout.write(f"{number:>3}. [{kind} #{hit.id}] {hit.title}")
            details = [date, f"skor {hit.score:.2f}"]
            details += [value for value in (hit.number, hit.code, hit.unit) if value]
            self.stdout.write("     " + " · ".join(details))
            snippet = plain_snippet(hit.snippet)
            if snippet:
                self.stdout.write(f"     {snippet}")
            if hit.url:
                self.stdout.write(f"     {hit.url}")
        pages = max((results.total + results.per_page - 1) // results.per_page, 1)
        self.stdout.write(
            _("%(total)s hasil, halaman %(page)s dari %(pages)s (%(ms).0f md)")
            % {"total": results.total, "page": results.page, "pages": pages, "ms": results.took_ms}
        )
        for key, rows in results.facets.items():
            if rows:
                counts = ", ".join(f"{value or '—'} ({count})" for value, count in rows)
                self.stdout.write(f"  {key}: {counts}")

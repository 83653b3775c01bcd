"""The clerk's search page in the admin ("Cari"): one query box over letters, dispositions, case files and the
catalogue, with filters, facets, highlighted snippets and a preview of the chosen hit.

Who may see what is decided by the search layer alone: the page asks as the signed-in user's principals
(``search.registry.principals_for``), so results, counts, facets and snippets only ever come from records that
user may open. The page itself is for users the archive grants any principal beyond the public one (its
readers); everyone else gets 403.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.http import QueryDict
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from search.api import search
from search.registry import principals_for
from search.types import FACET_KEYS, FILTER_KEYS, PUBLIC, InvalidFilter, SearchError, SearchHit, SearchResults

PER_PAGE = 20
MAX_PAGE = 10_000
MAX_TEXT = 200
PAGE_PARAM = "halaman"
SORT_PARAM = "urut"
PREVIEW_PARAM = "pratinjau"

KIND_LABELS = {
    "letter": gettext_lazy("Surat masuk"),
    "disposition": gettext_lazy("Disposisi"),
    "case_file": gettext_lazy("Berkas"),
    "outgoing": gettext_lazy("Surat keluar"),
    "sop": gettext_lazy("SOP"),
    "service_standard": gettext_lazy("Standar pelayanan"),
}
FACET_LABELS = {
    "kind": gettext_lazy("Jenis"),
    "code": gettext_lazy("Kode klasifikasi"),
    "year": gettext_lazy("Tahun"),
    "security": gettext_lazy("Keamanan"),
    "status": gettext_lazy("Status"),
    "unit": gettext_lazy("Unit"),
    "sender": gettext_lazy("Pengirim"),
}
FILTER_LABELS = {
    **FACET_LABELS,
    "date_from": gettext_lazy("Tanggal dari"),
    "date_to": gettext_lazy("Tanggal sampai"),
}
SORT_LABELS = {"relevance": gettext_lazy("Relevansi"), "date": gettext_lazy("Tanggal terbaru")}
# Values the sources store as codes; shown to people in words. Unknown values are shown as stored.
VALUE_LABELS = {
    "security": {
        "biasa": gettext_lazy("biasa"),
        "terbatas": gettext_lazy("terbatas"),
        "rahasia": gettext_lazy("rahasia"),
        "sangat_rahasia": gettext_lazy("sangat rahasia"),
    },
    "status": {
        "needs_review": gettext_lazy("perlu diperiksa"),
        "registered": gettext_lazy("terdaftar"),
        "open": gettext_lazy("berjalan"),
        "done": gettext_lazy("selesai"),
        "cancelled": gettext_lazy("dibatalkan"),
        "active": gettext_lazy("aktif"),
        "closed": gettext_lazy("ditutup"),
        "inactive": gettext_lazy("inaktif"),
        "destroyed": gettext_lazy("dimusnahkan"),
        "permanent": gettext_lazy("permanen"),
        "transferred": gettext_lazy("diserahkan"),
    },
}
FACETS_SHOWN = 8  # values per facet; the rest are reachable through the filter form
THUMBNAIL_KEYS = ("thumbnail_url", "thumbnail")


def may_search(user) -> bool:
    """Return whether ``user`` may use the admin search: signed in, active, holding a principal beyond public.

    The archive grants its principals (``staff``, ``user:<id>``, ``position:<id>``) only to users with a
    permission to read it, so this is the archive's own reading rule, asked through the registry.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(principals_for(user) - {PUBLIC})


def value_label(key: str, value: str) -> str:
    if key == "kind":
        return str(KIND_LABELS.get(value, value))
    return str(VALUE_LABELS.get(key, {}).get(value, value))


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    url: str
    active: bool


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    values: list[FacetValue]
    remove_url: str  # the page without this facet's filter ("" when it is not set)


@dataclass(frozen=True)
class ActiveFilter:
    key: str
    label: str
    value: str
    remove_url: str


@dataclass(frozen=True)
class ShownHit:
    """A hit with what the page needs besides it: its labels, preview link and thumbnail."""

    hit: SearchHit
    key: str
    kind_label: str
    security_label: str
    status_label: str
    preview_url: str
    thumbnail: str
    restricted: bool
    open_url: str  # the hit's url when it is a path on this site or an http(s) address, else ""

    @property
    def agenda(self) -> str:
        return str(self.hit.extra.get("agenda_number", "") or self.hit.extra.get("agenda", ""))


def _query(params: QueryDict, *, drop: tuple[str, ...] = (), **changes: str) -> str:
    """Return ``?…`` for the page with ``changes`` applied and ``drop`` removed (empty values removed too)."""
    copy = params.copy()
    for name in drop:
        copy.pop(name, None)
    for name, value in changes.items():
        if value in ("", None):
            copy.pop(name, None)
        else:
            copy[name] = value
    for name in [name for name, value in copy.items() if value == ""]:
        copy.pop(name, None)
    encoded = copy.urlencode()
    return f"?{encoded}" if encoded else "?"


def _linkable(url: str) -> bool:
    return url.startswith(("https://", "http://")) or (url.startswith("/") and not url.startswith("//"))


def _page_url(params: QueryDict, number: int) -> str:
    return _query(params, drop=(PREVIEW_PARAM,), **{PAGE_PARAM: str(number)})


def _page_number(raw: str | None) -> int:
    """The page asked for, 1 when it is not a number; at most MAX_PAGE (an offset the database can hold)."""
    try:
        return min(max(int(raw or 1), 1), MAX_PAGE)
    except ValueError:
        return 1


def _options(key: str, results: SearchResults | None, filters: dict[str, str]) -> list[tuple[str, str]]:
    """Choices of a select filter: the known values, then any other the results count, then the one asked."""
    values = list(VALUE_LABELS.get(key, {}))
    if results:
        values += [str(value) for value, _count in results.facets.get(key) or [] if str(value) not in values]
    if filters.get(key) and filters[key] not in values:
        values.append(filters[key])
    return [(value, value_label(key, value)) for value in values if value]


class SearchView(WagtailAdminTemplateMixin, TemplateView):
    """GET only: the query, its filters and its page are all in the address, so every view can be linked."""

    template_name = "search/admin_search.html"
    page_title = gettext_lazy("Cari")
    header_icon = "search"
    http_method_names = ["get", "head"]

    def dispatch(self, request, *args, **kwargs):
        if not may_search(request.user):
            message = _("Anda tidak memiliki izin untuk mencari arsip.")
            return TemplateResponse(request, "naskah/admin_forbidden.html", {"message": message}, status=403)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        text = params.get("q", "").strip()[:MAX_TEXT]
        filters = {key: params.get(key, "").strip() for key in FILTER_KEYS if params.get(key, "").strip()}
        # Without words there is nothing to rank: the records are listed newest first.
        sort = params.get(SORT_PARAM, "relevance") if text else "date"
        page = _page_number(params.get(PAGE_PARAM))
        results: SearchResults | None = None
        error = error_kind = ""
        if text or filters:
            try:
                results = search(
                    text,
                    user=self.request.user,
                    principals=principals_for(self.request.user),
                    filters=filters,
                    sort=sort,
                    page=page,
                    per_page=PER_PAGE,
                )
            except InvalidFilter as exc:
                error, error_kind = str(exc), "invalid"
            except SearchError as exc:
                error = _("Mesin pencari tidak dapat dihubungi saat ini. Coba lagi sebentar lagi. (%(detail)s)")
                error = error % {"detail": exc}
                error_kind = "unavailable"
        hits = [self._shown(hit, params) for hit in results.hits] if results else []
        selected = params.get(PREVIEW_PARAM, "")
        pages = max(math.ceil(results.total / PER_PAGE), 1) if results else 1
        context.update(
            {
                "text": text,
                "filter_values": filters,
                "sort": sort,
                "sorts": [
                    (value, label, _query(params, drop=(PAGE_PARAM, PREVIEW_PARAM), **{SORT_PARAM: value}))
                    for value, label in SORT_LABELS.items()
                ],
                "kinds": list(KIND_LABELS.items()),
                "securities": _options("security", results, filters),
                "statuses": _options("status", results, filters),
                "first_index": (page - 1) * PER_PAGE + 1,
                "close_preview_url": _query(params, drop=(PREVIEW_PARAM,)),
                "results": results,
                "hits": hits,
                "preview": next((shown for shown in hits if shown.key == selected), None),
                "facets": self._facets(results, filters, params) if results else [],
                "active_filters": [
                    ActiveFilter(
                        key,
                        str(FILTER_LABELS.get(key, key)),
                        value_label(key, value),
                        _query(params, drop=(key, PAGE_PARAM, PREVIEW_PARAM)),
                    )
                    for key, value in filters.items()
                ],
                "clear_url": _query(QueryDict(), q=text) if text else "?",
                "error": error,
                "error_kind": error_kind,
                "page": page,
                "pages": pages,
                "previous_url": _page_url(params, page - 1) if page > 1 else "",
                "next_url": _page_url(params, page + 1) if page < pages else "",
                "first_url": _query(params, drop=(PAGE_PARAM, PREVIEW_PARAM)),
                "searched": bool(text or filters),
            }
        )
        return context

    @staticmethod
    def _shown(hit: SearchHit, params: QueryDict) -> ShownHit:
        key = f"{hit.kind}:{hit.id}"
        thumbnail = next((str(hit.extra[name]) for name in THUMBNAIL_KEYS if hit.extra.get(name)), "")
        url = str(hit.url or "")
        return ShownHit(
            hit=hit,
            key=key,
            kind_label=value_label("kind", hit.kind),
            security_label=value_label("security", hit.security) if hit.security else "",
            status_label=value_label("status", hit.status) if hit.status else "",
            preview_url=_query(params, **{PREVIEW_PARAM: key}) + "#pratinjau",
            # Only a path on this site or an http(s) address is put in an <img src> or a link.
            thumbnail=thumbnail if _linkable(thumbnail) else "",
            restricted=bool(hit.security) and hit.security != "biasa",
            open_url=url if _linkable(url) else "",
        )

    @staticmethod
    def _facets(results: SearchResults, filters: dict[str, str], params: QueryDict) -> list[Facet]:
        facets = []
        for key in FACET_KEYS:
            counted = results.facets.get(key) or []
            values = [
                FacetValue(
                    value=str(value),
                    label=value_label(key, str(value)),
                    count=count,
                    url=_query(params, drop=(PAGE_PARAM, PREVIEW_PARAM), **{key: str(value)}),
                    active=filters.get(key) == str(value),
                )
                for value, count in counted[:FACETS_SHOWN]
                if str(value) != ""
            ]
            if not values and key not in filters:
                continue
            remove_url = _query(params, drop=(key, PAGE_PARAM, PREVIEW_PARAM)) if key in filters else ""
            facets.append(Facet(key, str(FACET_LABELS[key]), values, remove_url))
        return facets

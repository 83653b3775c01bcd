"""Reading and checking filters, from the command line (``kind=letter``) or a search form, with clear errors."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from search.types import FILTER_KEYS, KINDS, SORTS, InvalidFilter


def parse_pairs(pairs: Iterable[str]) -> dict[str, str]:
    """``["kind=letter", "year=2024"]`` -> ``{"kind": "letter", "year": "2024"}``, checked."""
    filters: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise InvalidFilter(_("Filter harus berbentuk kunci=nilai: %(pair)s") % {"pair": pair})
        filters[key.strip()] = value.strip()
    return clean(filters)


def clean(filters: Mapping[str, str]) -> dict[str, str]:
    """Drop empty values and check the rest: known keys, known kinds, ISO dates, a four-digit year."""
    cleaned = {key: str(value).strip() for key, value in filters.items() if value not in (None, "")}
    cleaned = {key: value for key, value in cleaned.items() if value}
    unknown = sorted(set(cleaned) - set(FILTER_KEYS))
    if unknown:
        raise InvalidFilter(
            _("Filter tidak dikenal: %(keys)s (yang dikenal: %(known)s)")
            % {"keys": ", ".join(unknown), "known": ", ".join(FILTER_KEYS)}
        )
    if "kind" in cleaned and cleaned["kind"] not in KINDS:
        raise InvalidFilter(
            _("Jenis tidak dikenal: %(kind)s (pilih: %(kinds)s)") % {"kind": cleaned["kind"], "kinds": ", ".join(KINDS)}
        )
    for key in ("date_from", "date_to"):
        if key in cleaned:
            try:
                datetime.date.fromisoformat(cleaned[key])
            except ValueError:
                raise InvalidFilter(
                    _("%(key)s harus tanggal TTTT-BB-HH: %(value)s") % {"key": key, "value": cleaned[key]}
                ) from None
    if "year" in cleaned and not (cleaned["year"].isdigit() and len(cleaned["year"]) == 4):
        raise InvalidFilter(_("year harus empat angka: %(value)s") % {"value": cleaned["year"]})
    return cleaned


def clean_sort(sort: str) -> str:
    if sort not in SORTS:
        raise InvalidFilter(
            _("Urutan tidak dikenal: %(sort)s (pilih: %(sorts)s)") % {"sort": sort, "sorts": ", ".join(SORTS)}
        )
    return sort

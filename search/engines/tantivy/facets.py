"""Facet counts by Tantivy's terms aggregation over every match of the query (filters and access included).

Exact: each segment reports every value it holds (``segment_size`` above any field's number of distinct values),
so nothing is estimated however many documents match. The code facet counts top-level codes, or with a code filter
the codes one level below it (a document whose code is the filtered one itself counts under that code).
"""

from __future__ import annotations

import re

import tantivy

from search.types import FACET_KEYS

FACET_SIZE = 20  # values per facet, largest first
FETCH = 1_000  # values read per facet before sorting (count, then value) and keeping FACET_SIZE
SEGMENT_SIZE = 1_000_000  # values each segment reports: all of them, so counts are exact
_CODE = re.compile(r"^[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*$")
FIELDS = {"kind": "kind", "year": "year", "security": "security", "status": "status", "unit": "unit"}


def _terms(field: str, **options) -> dict:
    return {"terms": {"field": field, "size": FETCH, "segment_size": SEGMENT_SIZE, **options}}


def aggregations(code_filter: str | None) -> dict:
    aggs = {key: _terms(field) for key, field in FIELDS.items()}
    aggs["sender"] = {**_terms("sender_key"), "aggs": {"spelling": _terms("sender_name", size=1)}}
    code = (code_filter or "").strip().strip(".")
    if not code:
        aggs["code"] = _terms("code_path", include=r"[^.]+")
    elif _CODE.match(code):
        aggs["code"] = _terms("code_path", include=re.escape(code) + r"\.[^.]+")
        aggs["code_itself"] = _terms("code", include=re.escape(code))
    return aggs


def _value(key: str, bucket: dict) -> str:
    if key == "sender":
        spellings = (bucket.get("spelling") or {}).get("buckets") or []
        if spellings:
            return str(spellings[0]["key"])
    value = bucket["key"]
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def count(
    searcher: tantivy.Searcher, query: tantivy.Query, code_filter: str | None
) -> dict[str, list[tuple[str, int]]]:
    result = searcher.aggregate(query, aggregations(code_filter))
    counted: dict[str, dict[str, int]] = {key: {} for key in FACET_KEYS}
    for name, agg in result.items():
        key = "code" if name == "code_itself" else name
        for bucket in agg.get("buckets", []):
            value = _value(key, bucket)
            counted[key][value] = counted[key].get(value, 0) + int(bucket["doc_count"])
    return {
        key: sorted(values.items(), key=lambda item: (-item[1], item[0]))[:FACET_SIZE]
        for key, values in counted.items()
    }


def empty() -> dict[str, list[tuple[str, int]]]:
    return {key: [] for key in FACET_KEYS}

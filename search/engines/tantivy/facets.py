"""Facet counts by Tantivy's terms aggregation over every match of the query (filters and access included).

Exact: each segment reports every value it holds (``segment_size`` above any field's number of distinct values),
so nothing is estimated however many documents match. The code facet counts top-level codes (``code_1``), or with a
code filter the codes one level below it (``code_<depth + 1>``; a document whose code is the filtered one itself
has no value there and counts under that code, as ``missing``). No regular expression: an ``include`` pattern costs
a millisecond per search however few documents match.
"""

from __future__ import annotations

import re

import tantivy

from search.engines.tantivy.documents import code_path, sender_key
from search.engines.tantivy.schema import CODE_LEVELS
from search.types import FACET_KEYS

FACET_SIZE = 20  # values per facet, largest first
FETCH = 50  # values read per facet, sorted again (count, then value) before FACET_SIZE are kept
SEGMENT_SIZE = 1_000_000  # values each segment reports: all of them, so counts are exact
_CODE = re.compile(r"^[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*$")
FIELDS = {"kind": "kind", "year": "year", "security": "security", "status": "status", "unit": "unit"}


def _terms(field: str, **options) -> dict:
    return {"terms": {"field": field, "size": FETCH, "segment_size": SEGMENT_SIZE, **options}}


def aggregations(code_filter: str | None) -> dict:
    """The senders are counted by their folded form (``sender_key``); their spellings apart, for the labels (a
    nested aggregation would cost ten times more)."""
    aggs = {key: _terms(field) for key, field in FIELDS.items()}
    aggs["sender"] = _terms("sender_key")
    aggs["sender_spelling"] = _terms("sender_name", size=FETCH * 4)
    path = code_path(code_filter or "")
    if len(path) < CODE_LEVELS:
        aggs["code"] = _terms(f"code_{len(path) + 1}", **({"missing": path[-1]} if path else {}))
    elif _CODE.match(path[-1]):  # deeper than the levels indexed: below the code by pattern
        aggs["code"] = _terms("code_path", include=re.escape(path[-1]) + r"\.[^.]+")
        aggs["code_itself"] = _terms("code", include=re.escape(path[-1]))
    return aggs


def _value(bucket: dict) -> str:
    value = bucket["key"]
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _labels(result: dict, keys: list[str]) -> dict[str, str]:
    """Folded sender -> its most frequent spelling among the matches, for ``keys`` (the buckets come largest
    first: the first spelling of a key is its label; the walk stops once every key has one)."""
    wanted, labels = set(keys), {}
    for bucket in (result.get("sender_spelling") or {}).get("buckets", []):
        name = str(bucket["key"])
        key = sender_key(name)
        if key in wanted and key not in labels:
            labels[key] = name
            if len(labels) == len(wanted):
                break
    return labels


def _largest(values: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(values.items(), key=lambda item: (-item[1], item[0]))[:FACET_SIZE]


def count(
    searcher: tantivy.Searcher, query: tantivy.Query, code_filter: str | None
) -> dict[str, list[tuple[str, int]]]:
    result = searcher.aggregate(query, aggregations(code_filter))
    counted: dict[str, dict[str, int]] = {key: {} for key in FACET_KEYS}
    for name, agg in result.items():
        if name == "sender_spelling":
            continue
        values = counted["code" if name == "code_itself" else name]
        for bucket in agg.get("buckets", []):
            value = _value(bucket)
            values[value] = values.get(value, 0) + int(bucket["doc_count"])
    facets = {key: _largest(values) for key, values in counted.items()}
    labels = _labels(result, [value for value, _count in facets["sender"]])
    facets["sender"] = _largest({labels.get(value, value): number for value, number in facets["sender"]})
    return facets


def empty() -> dict[str, list[tuple[str, int]]]:
    return {key: [] for key in FACET_KEYS}

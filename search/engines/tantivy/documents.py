"""A SearchDocument as Tantivy indexes it (analysed in Python by search.text), and a stored hit read back.

``analyse`` runs the same analysis as a question gets (search.text.parse_query), so the index and the query
compare the same terms: stems of the words without stop words, letter-number keys and their leading parts.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import lru_cache

import tantivy

from search.engines.tantivy.schema import CODE_LEVELS
from search.snippets import Marks, document_snippet, squash
from search.text import MAX_TERM, MIN_TYPO_LENGTH, analyze_text, fold, number_key, number_prefixes, number_words, stem
from search.types import STAFF, SearchDocument, SearchHit

RESTRICTED = "1"  # the term of the ``restricted`` field: principals without STAFF
DISPLAY = ("title", "number", "sender", "code", "security", "status", "unit", "url")


@dataclass(frozen=True)
class Fields:
    """A document's analysed text, field by field: its terms in order, joined by spaces (each cut at MAX_TERM)."""

    title: str
    number: str  # leading parts of the document's own number, and the stems of the words inside it
    sender: str
    body: str
    refs: str  # leading parts of every letter number in the title and body, and the stems of their words
    words: str  # folded words as written, each once: what a typo is measured against


def analyse(doc: SearchDocument) -> Fields:
    title, title_numbers, title_words = analyze_text(doc.title)
    body, body_numbers, body_words = analyze_text(doc.body)
    sender, _, sender_words = analyze_text(doc.sender)
    own_key = number_key(doc.number)
    cited = (*title_numbers, *body_numbers)
    refs = [prefix for key in cited for prefix in number_prefixes(key)]
    # The words inside letter numbers ("050/12/Bappeda/2023" -> "bappeda") are words of the document too.
    own_words = number_words(own_key)
    ref_words = [word for key in cited for word in number_words(key)]
    words = title_words | body_words | sender_words
    words.update(word for word in (*own_words, *ref_words) if MIN_TYPO_LENGTH - 1 <= len(word) <= MAX_TERM)
    return Fields(
        title=title,
        number=_joined(number_prefixes(own_key) + [stem(word) for word in own_words]),
        sender=sender,
        body=body,
        refs=_joined(refs + [stem(word) for word in ref_words]),
        words=" ".join(words),
    )


def _joined(terms: list[str]) -> str:
    if terms and max(map(len, terms)) > MAX_TERM:  # a run of OCR noise: cut, it would never be typed
        terms = [term[:MAX_TERM] for term in terms]
    return " ".join(terms)


@lru_cache(maxsize=8192)
def sender_key(value: str) -> str:
    """The sender as filters and facets compare it: folded, spaces collapsed."""
    return " ".join(fold(value).split())


def code_path(code: str) -> list[str]:
    """``"400.12.1"`` -> ``["400", "400.12", "400.12.1"]``: a filter on a code matches its sub-codes."""
    parts = [part for part in code.strip().split(".") if part]
    return [".".join(parts[: index + 1]) for index in range(len(parts))]


def indexed(doc: SearchDocument) -> tantivy.Document:
    """The fields searched, filtered and counted (no principals, nothing stored): what the engine indexes and the
    benchmark's bare index holds."""
    fields = analyse(doc)
    out = tantivy.Document()
    out.add_text("key", doc.key)
    for name in ("title", "number", "sender", "body", "refs", "words"):
        terms = getattr(fields, name)
        if terms:
            out.add_text(name, terms)
    out.add_text("kind", doc.kind)
    for name in ("security", "status", "unit"):
        value = getattr(doc, name)
        if value:
            out.add_text(name, value)
    if doc.code:
        out.add_text("code", doc.code)
        for level, prefix in enumerate(code_path(doc.code), start=1):
            out.add_text("code_path", prefix)
            if level <= CODE_LEVELS:
                out.add_text(f"code_{level}", prefix)
    if doc.sender.strip():
        out.add_text("sender_key", sender_key(doc.sender))
        out.add_text("sender_name", " ".join(doc.sender.split()))
    out.add_integer("day", doc.date.toordinal() if doc.date else 0)
    if doc.date:
        out.add_integer("year", doc.date.year)
    return out


def to_tantivy(doc: SearchDocument) -> tantivy.Document:
    out = indexed(doc)
    for principal in doc.principals:
        out.add_text("principals", principal)
    if STAFF not in doc.principals:
        out.add_text("restricted", RESTRICTED)
    out.add_bytes("stored", payload(doc))
    return out


def payload(doc: SearchDocument) -> bytes:
    """What a hit shows, and the body its snippet is cut from (squashed once here, not at every search)."""
    values = {name: getattr(doc, name) for name in DISPLAY if getattr(doc, name)}
    values.update(kind=doc.kind, id=str(doc.id), body=squash(doc.body), extra=doc.extra or {})
    if doc.date:
        values["date"] = doc.date.isoformat()
    return json.dumps(values, ensure_ascii=False, default=str).encode()


def hit(stored: bytes, score: float, marked: Marks, judged: dict | None = None) -> SearchHit:
    """The hit of a stored document; ``judged``: the snippet verdicts shared by the hits of one page."""
    values = json.loads(stored)
    title = values.get("title", "")
    return SearchHit(
        kind=values["kind"],
        id=values["id"],
        title=title,
        score=float(score),
        snippet=document_snippet(values.get("body", ""), title, marked, judged=judged, squashed=True),
        url=values.get("url", ""),
        number=values.get("number", ""),
        sender=values.get("sender", ""),
        date=datetime.date.fromisoformat(values["date"]) if values.get("date") else None,
        code=values.get("code", ""),
        security=values.get("security", ""),
        status=values.get("status", ""),
        unit=values.get("unit", ""),
        extra=values.get("extra") or {},
    )


def to_json(doc: SearchDocument) -> dict:
    """A document as one line of the rebuild journal (store.Journal)."""
    values = json.loads(payload(doc))
    values["principals"] = sorted(doc.principals)
    return values


def from_json(values: dict) -> SearchDocument:
    date = values.get("date")
    return SearchDocument(
        kind=values["kind"],
        id=values["id"],
        title=values.get("title", ""),
        principals=frozenset(values.get("principals", ())),
        body=values.get("body", ""),
        number=values.get("number", ""),
        sender=values.get("sender", ""),
        date=datetime.date.fromisoformat(date) if date else None,
        code=values.get("code", ""),
        security=values.get("security", ""),
        status=values.get("status", ""),
        unit=values.get("unit", ""),
        url=values.get("url", ""),
        extra=values.get("extra") or {},
    )

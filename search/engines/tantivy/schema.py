"""The Tantivy index's fields, and opening or creating an index with them.

Text arrives analysed (search.text: folded, stop words out, Sastrawi stems, letter-number keys), so the text fields
split on spaces only (``TERMS``); Tantivy's own tokenizers never see a raw word. Fields, by role:
- matched and ranked (BM25, weights in ``WEIGHTS``): title, number, sender, body, refs; title, sender and body with
  positions for phrases;
- ``words``: the folded words as written (not stemmed), for fuzzy terms (one typo);
- ``key`` (``kind:id``): one term per document, for replacing and deleting it;
- ``principals``: who may see the document, one term per principal; ``restricted`` ("1"): the document's principals
  lack STAFF (most documents hold it, so a staff member's access clause excludes the few restricted documents
  instead of uniting the postings of all the others);
- filters and facets (fast fields): kind, code, code_path (the code and its leading parts), code_1 ... code_5 (the
  code's leading part of that many segments: the code facet counts one level without a regular expression),
  sender_key (folded),
  sender_name (as written, for the facet's label), security, status, unit, day (the date as an ordinal; 0 when
  undated, so it sorts last), year;
- ``stored``: the display fields and the raw body as JSON (read for the page of hits and its snippets).
"""

from __future__ import annotations

from pathlib import Path

import tantivy

SCHEMA_VERSION = 2  # bump when the fields change: an index of another version must be rebuilt (search_reindex)
TERMS = "naskah_terms"

# BM25 weight of a match in each text field (as the FTS5 engine weighted its columns).
WEIGHTS = {"title": 8.0, "number": 10.0, "sender": 4.0, "body": 1.0, "refs": 2.0}
PHRASE_FIELDS = ("title", "sender", "body")
CODE_LEVELS = 5  # code_1 ... code_5; the classification scheme goes 4 levels deep
CODE_FIELDS = tuple(f"code_{level}" for level in range(1, CODE_LEVELS + 1))
KEYWORDS = ("kind", "code", "code_path", *CODE_FIELDS, "sender_key", "sender_name", "security", "status", "unit")


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", tokenizer_name="raw", index_option="basic")
    for name in PHRASE_FIELDS:
        builder.add_text_field(name, tokenizer_name=TERMS, index_option="position")
    for name in ("number", "refs"):
        builder.add_text_field(name, tokenizer_name=TERMS, index_option="freq")
    builder.add_text_field("words", tokenizer_name=TERMS, index_option="basic")
    builder.add_text_field("principals", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("restricted", tokenizer_name="raw", index_option="basic")
    for name in KEYWORDS:
        builder.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("day", indexed=True, fast=True)
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_bytes_field("stored", stored=True)
    return builder.build()


SCHEMA = build_schema()


def _register(index: tantivy.Index) -> tantivy.Index:
    index.register_tokenizer(TERMS, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    index.config_reader(reload_policy="Manual", num_warmers=0)  # reloaded when meta.json changes (store.Reader)
    return index


def create_index(path: Path) -> tantivy.Index:
    path.mkdir(parents=True, exist_ok=False)
    return _register(tantivy.Index(SCHEMA, path=str(path), reuse=False))


def open_index(path: Path) -> tantivy.Index:
    return _register(tantivy.Index.open(str(path)))

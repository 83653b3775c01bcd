"""The embedded engine's shared part: documents in the database, text matched by the database's own full-text
search (SQLite FTS5 in sqlite_fts, PostgreSQL tsvector in postgres_fts).

Tables (search.models): IndexedDocument (one row per document: the filter and display fields and the raw body
for snippets), IndexedPrincipal (who else may see a restricted document; PUBLIC and STAFF are bits of
``IndexedDocument.access``), IndexedWord (the vocabulary, for typo look-ups). Every text field is analysed by
search.text before it is stored, and a question by the same functions, so the database only ever compares terms.

A question becomes clauses that must all match (search.text.parse_query):
- a word: its stem, and when the word has 5+ letters and is unknown or rare, the stems of known words one edit
  away (IndexedWord looked up with every one-edit variant of the word);
- a quoted phrase: its stems in order;
- a letter number: its key among the leading parts indexed for the document's number and every number in its
  text ("005/123" is a leading part of "005/123/427.43/2024").
Filters and the access rule are plain SQL on IndexedDocument in the same statement, so hits, the total and every
facet count only documents the asker may open.
"""

from __future__ import annotations

import datetime
import secrets
import time
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.db import connection, transaction

from search.models import IndexedBody, IndexedDocument, IndexedPrincipal, IndexedWord, IndexGeneration
from search.snippets import document_snippet
from search.text import (
    MIN_TYPO_LENGTH,
    Clause,
    analyze_all,
    fold,
    number_key,
    number_prefixes,
    number_words,
    parse_query,
    stem,
    typo_variants,
)
from search.types import (
    FACET_KEYS,
    PUBLIC,
    STAFF,
    InvalidFilter,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResults,
)

DOCS = IndexedDocument._meta.db_table
BODIES = IndexedBody._meta.db_table
PRINCIPALS = IndexedPrincipal._meta.db_table
WORDS = IndexedWord._meta.db_table
GENERATIONS = IndexGeneration._meta.db_table

ACCESS_BITS = {PUBLIC: 1, STAFF: 2}
BATCH = 500
FACET_SIZE = 20  # values per facet, largest first
FACET_LIMIT = 2_500  # facets are exact up to this many matches, estimated from this many beyond
RANK_LIMIT = 10_000  # matches ranked by score up to this many, newest first beyond
RARE_WORD = 3  # a word brought by fewer documents than this may be a typo (OCR misreads): also try its neighbours
MAX_EXPANSIONS = 8  # known words one edit away tried for one typed word
COUNTS_CACHE_SIZE = 256  # searches without text whose total and facets a process keeps (per index generation)

COMMON_SHARE = 0.5  # a question's word held by more than this share of the documents is not required ...
COMMON_MIN_DOCUMENTS = 10  # ... in an index of at least this many documents
SPARSE_SHARE = 0.25  # past RANK_LIMIT, matches fewer than this share of the documents are read by id, not walked
RELAX_MIN_CLAUSES = 3  # a question of this many clauses that nothing matches: documents missing any one of them

_DOCUMENTS_CACHE: dict[tuple, int] = {}
# (database, index generation, filters, principals) -> (facets, total) of a search without text: those read every
# visible document, and the index changes far less often than the search page is opened.
_COUNTS_CACHE: dict[tuple, tuple[dict[str, list[tuple[str, int]]], int]] = {}
# How many searches had exact facets and how many estimated ones (read by the benchmark).
FACET_STATS: Counter[str] = Counter()


def normalise_sender(value: str) -> str:
    return " ".join(fold(value).split())


@dataclass
class Fields:
    """A document's analysed text, field by field (terms in order)."""

    title: list[str]
    number: list[str]  # leading parts of the document's own number
    sender: list[str]
    body: list[str]
    refs: list[str]  # leading parts of every letter number in the title and body
    words: dict[str, str]  # folded word -> stem, for the vocabulary


def analyse_document(doc: SearchDocument) -> Fields:
    title, title_numbers, title_words = analyze_all(doc.title)
    body, body_numbers, body_words = analyze_all(doc.body)
    sender, _, sender_words = analyze_all(doc.sender)
    own_key = number_key(doc.number)
    refs = [prefix for key in (*title_numbers, *body_numbers) for prefix in number_prefixes(key)]
    # The words inside letter numbers ("050/12/Bappeda/2023" -> "bappeda") are words of the document too.
    own_words = number_words(own_key)
    ref_words = [word for key in (*title_numbers, *body_numbers) for word in number_words(key)]
    words = {
        word: stem(word)[:100]
        for word in {*title_words, *body_words, *sender_words, *own_words, *ref_words}
        if MIN_TYPO_LENGTH - 1 <= len(word) <= 100 and word.isalpha()
    }
    return Fields(
        title=title,
        number=number_prefixes(own_key) + [stem(word) for word in own_words],
        sender=sender,
        body=body,
        refs=refs + [stem(word) for word in ref_words],
        words=words,
    )


@dataclass
class Match:
    """The text part of a statement: extra FROM clause, WHERE condition, score expression, and their params."""

    join: str
    where: str
    params: list
    score: str
    score_params: list
    source: str = ""  # a FROM clause (documents as ``d``) that reads the text index first, when the vendor has one


def batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class EmbeddedEngine(ABC):
    """Everything but the text index itself; subclasses store and match the analysed text."""

    name = "embedded"

    # --- vendor hooks ------------------------------------------------------------------------------------------

    _date_sorted = "d.date"  # the date as a sort key that no index provides
    _date_walk_join = ""  # a join that makes the database read documents in date order and match each one
    # A condition on d.id standing for the text match (its params those of the match), for sparse matches: the
    # matching ids are read once, instead of matching each document met on the way through the date index.
    _match_ids = ""

    @abstractmethod
    def _ensure_text_index(self, cursor) -> None:
        ...

    @abstractmethod
    def _write_text(self, cursor, rows: list[tuple[int, Fields]]) -> None:
        ...

    def _delete_text(self, cursor, ids: list[int]) -> None:
        """Remove the text of documents about to be deleted (a no-op where it lives in the document row)."""
        return None

    def _clear_text(self, cursor) -> None:
        """Remove all text (before the document rows are deleted)."""
        return None

    @abstractmethod
    def _match(self, groups: list[tuple[str, list[str]]], relaxed: bool = False, optional=()) -> Match:
        """``groups``: (kind, terms) per clause: ("any", alternatives), ("phrase", terms) or ("number", [key]); all
        must match, or when ``relaxed`` all but any one. ``optional`` clauses need not match but add to the score."""

    def _fast_total(self, cursor, match: Match, principals: frozenset[str]) -> int | None:
        """The number of text matches ``principals`` may open, counted without reading every matching document
        (questions without filters), or None where the vendor has no such way."""
        return None

    def _code_prefix(self, column: str, code: str) -> tuple[str, list]:
        """SQL true when ``column`` is a sub-code of ``code`` (``code.`` followed by anything)."""
        escaped = code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{column} LIKE %s ESCAPE '\\'", [escaped + ".%"]

    @abstractmethod
    def _code_facet(self, code_filter: str | None) -> tuple[str, list]:
        ...

    # --- engine protocol ---------------------------------------------------------------------------------------

    def ensure_ready(self) -> None:
        with connection.cursor() as cursor:
            self._ensure_text_index(cursor)

    def ping(self) -> bool:
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT 1 FROM {DOCS} LIMIT 1")  # noqa: S608 - table name is ours
                cursor.fetchall()
        except Exception:  # noqa: BLE001 - any failure means "not answering"
            return False
        return True

    def count(self, kind: str | None = None) -> int:
        sql, params = f"SELECT count(*) FROM {DOCS}", []  # noqa: S608
        if kind:
            sql, params = sql + " WHERE kind = %s", [kind]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def index(self, documents: Iterable[SearchDocument]) -> int:
        written = 0
        with transaction.atomic():
            with connection.cursor() as cursor:
                self._touch(cursor)  # first: concurrent writers queue on this row before locking any document
            for chunk in batched(documents, BATCH):
                written += self._write(chunk)
        return written

    def delete(self, kind: str, ids: Iterable[str]) -> int:
        removed = 0
        with transaction.atomic(), connection.cursor() as cursor:
            self._touch(cursor)
            for chunk in batched([str(i) for i in ids], BATCH):
                removed += self._remove(cursor, [(kind, object_id) for object_id in chunk])
        return removed

    def rebuild(self, documents: Iterable[SearchDocument], progress: Callable[[int], None] | None = None) -> int:
        """One transaction: readers see the old index until it commits (WAL on SQLite, MVCC on PostgreSQL)."""
        written = 0
        with transaction.atomic():
            with connection.cursor() as cursor:
                self._touch(cursor)
                self._clear_text(cursor)
                cursor.execute(f"DELETE FROM {PRINCIPALS}")  # noqa: S608
                cursor.execute(f"DELETE FROM {BODIES}")  # noqa: S608
                cursor.execute(f"DELETE FROM {DOCS}")  # noqa: S608
                cursor.execute(f"DELETE FROM {WORDS}")  # noqa: S608
            for chunk in batched(documents, BATCH):
                written += self._write(chunk)
                if progress:
                    progress(written)
        return written

    # --- writing -----------------------------------------------------------------------------------------------

    def _remove(self, cursor, keys: list[tuple[str, str]]) -> int:
        ids: list[int] = []
        by_kind: dict[str, list[str]] = {}
        for kind, object_id in keys:
            by_kind.setdefault(kind, []).append(object_id)
        for kind, object_ids in by_kind.items():
            marks = ", ".join(["%s"] * len(object_ids))
            cursor.execute(
                f"SELECT id FROM {DOCS} WHERE kind = %s AND object_id IN ({marks})",  # noqa: S608
                [kind, *object_ids],
            )
            ids.extend(row[0] for row in cursor.fetchall())
        if not ids:
            return 0
        marks = ", ".join(["%s"] * len(ids))
        self._delete_text(cursor, ids)
        cursor.execute(f"DELETE FROM {PRINCIPALS} WHERE document_id IN ({marks})", ids)  # noqa: S608
        cursor.execute(f"DELETE FROM {BODIES} WHERE document_id IN ({marks})", ids)  # noqa: S608
        cursor.execute(f"DELETE FROM {DOCS} WHERE id IN ({marks})", ids)  # noqa: S608
        return len(ids)

    def _write(self, docs: list[SearchDocument]) -> int:
        latest: dict[tuple[str, str], SearchDocument] = {}
        for doc in docs:
            latest[(doc.kind, str(doc.id))] = doc
        analysed = [(doc, analyse_document(doc)) for doc in latest.values()]
        with connection.cursor() as cursor:
            self._remove(cursor, list(latest))
            rows: list[tuple[int, Fields]] = []
            principal_rows: list[tuple[int, str]] = []
            bodies: list[tuple[int, str]] = []
            vocabulary: Counter[str] = Counter()
            stems: dict[str, str] = {}
            for doc, fields in analysed:
                access = 0
                others = []
                for token in doc.principals:
                    if token in ACCESS_BITS:
                        access |= ACCESS_BITS[token]
                    else:
                        others.append(token)
                cursor.execute(
                    f"INSERT INTO {DOCS} (kind, object_id, title, number, number_norm, sender, sender_norm, date, "  # noqa: S608
                    "year, code, security, status, unit, access, restricted, url, extra) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                    [
                        doc.kind,
                        str(doc.id),
                        doc.title,
                        doc.number,
                        number_key(doc.number)[:200],
                        doc.sender,
                        normalise_sender(doc.sender)[:300],
                        doc.date,
                        doc.year,
                        doc.code,
                        doc.security,
                        doc.status,
                        doc.unit,
                        access,
                        bool(others),
                        doc.url,
                        _json(doc.extra),
                    ],
                )
                doc_id = cursor.fetchone()[0]
                rows.append((doc_id, fields))
                bodies.append((doc_id, doc.body))
                principal_rows.extend((doc_id, token) for token in sorted(set(others)))
                vocabulary.update(fields.words.keys())
                stems.update(fields.words)
            self._write_text(cursor, rows)
            cursor.executemany(f"INSERT INTO {BODIES} (document_id, body) VALUES (%s, %s)", bodies)  # noqa: S608
            if principal_rows:
                cursor.executemany(
                    f"INSERT INTO {PRINCIPALS} (document_id, token) VALUES (%s, %s)",  # noqa: S608
                    principal_rows,
                )
            if vocabulary:
                cursor.executemany(
                    f"INSERT INTO {WORDS} (word, stem, documents) VALUES (%s, %s, %s) "  # noqa: S608
                    "ON CONFLICT (word) DO UPDATE SET documents = " + WORDS + ".documents + excluded.documents",
                    [(word, stems[word], count) for word, count in vocabulary.items()],
                )
        return len(latest)

    def _touch(self, cursor) -> None:
        """A new index generation, drawn first in every writing transaction (index, delete, rebuild): readers see
        it when they see the change, and writers take this one row's lock before any document's."""
        cursor.execute(
            f"INSERT INTO {GENERATIONS} (id, value) VALUES (1, %s) "  # noqa: S608
            "ON CONFLICT (id) DO UPDATE SET value = excluded.value",
            [secrets.randbits(62)],
        )

    def _generation(self, cursor) -> int | None:
        cursor.execute(f"SELECT value FROM {GENERATIONS} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
        return row[0] if row else None

    def _documents(self, cursor) -> int:
        """How many documents the index holds (kept per index generation)."""
        generation = self._generation(cursor)
        key = (connection.vendor, connection.settings_dict.get("NAME"), generation)
        if generation is not None and key in _DOCUMENTS_CACHE:
            return _DOCUMENTS_CACHE[key]
        cursor.execute(f"SELECT count(*) FROM {DOCS}")  # noqa: S608
        count = cursor.fetchone()[0]
        if generation is not None:
            _DOCUMENTS_CACHE.clear()
            _DOCUMENTS_CACHE[key] = count
        return count

    def _common(self, cursor, clauses: list[Clause]) -> set[int]:
        """The positions of the question's words that more than COMMON_SHARE of the documents hold ("surat" in a
        letter archive): they are not required (they would hardly narrow the match), so a
        letter without them is still found by the other words (a letter with them scores higher). Never all the
        clauses; not in small indexes."""
        words = [(index, clause.terms[0]) for index, clause in enumerate(clauses) if clause.kind == "word"]
        if len(clauses) < 2 or not words:
            return set()
        documents = self._documents(cursor)
        if documents < COMMON_MIN_DOCUMENTS:
            return set()
        stems = sorted({term for _, term in words})
        marks = ", ".join(["%s"] * len(stems))
        cursor.execute(
            f"SELECT stem, sum(documents) FROM {WORDS} WHERE stem IN ({marks}) GROUP BY stem",  # noqa: S608
            stems,
        )
        frequency = dict(cursor.fetchall())
        common = {index for index, term in words if (frequency.get(term) or 0) > COMMON_SHARE * documents}
        return common if len(common) < len(clauses) else set()

    # --- searching ---------------------------------------------------------------------------------------------

    def _expand(self, cursor, clause: Clause) -> list[str]:
        """The stems a typed word stands for: its own, plus those of known words one edit away when it is long
        enough and unknown or rare."""
        own = clause.terms[0]
        word = clause.word
        if len(word) < MIN_TYPO_LENGTH or not word.isalpha():
            return [own]
        cursor.execute(f"SELECT coalesce(sum(documents), 0) FROM {WORDS} WHERE stem = %s", [own])  # noqa: S608
        if cursor.fetchone()[0] >= RARE_WORD:
            return [own]
        variants = sorted(typo_variants(word))
        marks = ", ".join(["%s"] * len(variants))
        cursor.execute(
            f"SELECT stem, sum(documents) AS n FROM {WORDS} WHERE word IN ({marks}) "  # noqa: S608
            "GROUP BY stem ORDER BY n DESC, stem LIMIT %s",
            [*variants, MAX_EXPANSIONS],
        )
        return [own] + [row[0] for row in cursor.fetchall() if row[0] != own]

    def _filters(self, filters: dict[str, str]) -> tuple[list[str], list]:
        where: list[str] = []
        params: list = []
        for key in ("kind", "security", "status", "unit"):
            if key in filters:
                where.append(f"d.{key} = %s")
                params.append(filters[key])
        if "code" in filters:
            prefix_sql, prefix_params = self._code_prefix("d.code", filters["code"])
            where.append(f"(d.code = %s OR {prefix_sql})")
            params.extend([filters["code"], *prefix_params])
        if "sender" in filters:
            where.append("d.sender_norm = %s")
            params.append(normalise_sender(filters["sender"]))
        for key, op in (("date_from", ">="), ("date_to", "<=")):
            if key in filters:
                try:
                    value = datetime.date.fromisoformat(filters[key])
                except ValueError:
                    raise InvalidFilter(f"{key}: {filters[key]}") from None
                where.append(f"d.date {op} %s")
                params.append(value)
        if "year" in filters:
            try:
                year = int(filters["year"])
            except ValueError:
                raise InvalidFilter(f"year: {filters['year']}") from None
            where.append("d.year = %s")
            params.append(year)
        return where, params

    def _access(self, principals: frozenset[str]) -> tuple[str, list]:
        mask = 0
        others = []
        for token in principals:
            if token in ACCESS_BITS:
                mask |= ACCESS_BITS[token]
            else:
                others.append(token)
        parts, params = [], []
        if mask:
            parts.append("(d.access & %s) <> 0")
            params.append(mask)
        if others:
            marks = ", ".join(["%s"] * len(others))
            parts.append(
                f"(d.restricted AND EXISTS (SELECT 1 FROM {PRINCIPALS} p WHERE p.document_id = d.id "  # noqa: S608
                f"AND p.token IN ({marks})))"
            )
            params.extend(sorted(others))
        if not parts:
            return "1 = 0", []
        return "(" + " OR ".join(parts) + ")", params

    def search(self, query: SearchQuery) -> SearchResults:
        started = time.perf_counter()
        clauses = parse_query(query.text)
        if query.text.strip() and not clauses:
            return self._empty(query, started)  # only stop words: nothing to look for
        with connection.cursor() as cursor:
            groups: list[tuple[str, list[str]]] = []
            marked: set[str] = set()
            for clause in clauses:
                if clause.kind == "word":
                    terms = self._expand(cursor, clause)
                    groups.append(("any", terms))
                    marked.update(terms)
                else:
                    groups.append((clause.kind, list(clause.terms)))
                    marked.update(clause.terms)
            common = self._common(cursor, clauses)
            required = [group for index, group in enumerate(groups) if index not in common]
            optional = [group for index, group in enumerate(groups) if index in common]
            facets, total, hits = self._answer(cursor, query, (required, optional), marked, relaxed=False)
            if not total and len(required) >= RELAX_MIN_CLAUSES:
                facets, total, hits = self._answer(cursor, query, (required, optional), marked, relaxed=True)
        return SearchResults(
            hits=hits,
            total=total,
            facets=facets,
            page=max(query.page, 1),
            per_page=query.per_page,
            took_ms=(time.perf_counter() - started) * 1000,
        )

    def _answer(self, cursor, query: SearchQuery, clauses, marked: set[str], relaxed: bool):
        """Facets, total and the page of hits for ``clauses``: (required, optional) groups; all the required ones
        must match (or when ``relaxed`` all but any one of them), the optional ones only add to the score."""
        groups, optional = clauses
        where, params = self._filters(query.filters)
        access_sql, access_params = self._access(query.principals)
        where.append(access_sql)
        params.extend(access_params)
        source = ""
        if groups:
            match = self._match(groups, relaxed, optional)
            join, score, score_params, source = match.join, match.score, match.score_params, match.source
            where.insert(0, match.where)
            params = [*match.params, *params]
        else:
            join, score, score_params = "", "0.0", []
        # With text, the matches are read from the text index and each looked up by id (a filter's index as the
        # outer loop would run the full-text match again for every row it yields).
        base = f"FROM {source or f'{DOCS} d {join}'} WHERE " + " AND ".join(where)

        known_total = None  # the total, when the vendor counts it cheaply
        if groups and not query.filters:
            known_total = self._fast_total(cursor, match, query.principals)
        ranked = None
        cache_key = None
        if query.facets and not groups:
            generation = self._generation(cursor)
            if generation is not None:
                cache_key = (
                    connection.vendor,
                    connection.settings_dict.get("NAME"),
                    generation,
                    tuple(sorted(query.filters.items())),
                    query.principals,
                )
        if cache_key is not None and cache_key in _COUNTS_CACHE:
            facets, total = _COUNTS_CACHE[cache_key]
            facets = {key: list(values) for key, values in facets.items()}
        elif query.facets:
            by_date = query.sort == "date" or not groups
            # More matches than the facets read: their page is ranked apart, so the sample needs no scores.
            broad = known_total is not None and known_total > FACET_LIMIT
            facets, total, ranked = self._facets(
                cursor,
                base,
                params,
                query.filters.get("code"),
                ("0.0", []) if broad else (score, score_params),
                by_date,
                query,
                limit=None if cache_key is not None else FACET_LIMIT,
                known_total=known_total,
            )
            if cache_key is not None:
                if len(_COUNTS_CACHE) >= COUNTS_CACHE_SIZE:
                    _COUNTS_CACHE.clear()
                _COUNTS_CACHE[cache_key] = ({key: list(values) for key, values in facets.items()}, total)
        else:
            facets, total = {}, known_total if known_total is not None else self._count(cursor, base, params)

        hits: list[SearchHit] = []
        if ranked is not None:  # every match was in the facets' statement, which ranked the page too
            hits = self._hits(cursor, ranked, marked) if ranked else []
        elif total and query.offset < total:
            # Ranking scores every match: past RANK_LIMIT matches (a word in nearly every letter), the newest
            # come first and only the page's own scores are read.
            by_date = query.sort == "date" or not groups or total > RANK_LIMIT
            if by_date:
                # Many matches: read documents newest first (the date index) until a page is full. Few: find them
                # by their filters and sort them (not walking the date index).
                order = "d.date DESC NULLS LAST, d.id DESC"
                walk = base
                if total > RANK_LIMIT and groups:
                    if self._match_ids and total < SPARSE_SHARE * self._documents(cursor):
                        walk = f"FROM {DOCS} d WHERE " + " AND ".join([self._match_ids, *where[1:]])
                    else:
                        walk = f"FROM {DOCS} d {self._date_walk_join or join} WHERE " + " AND ".join(where)
                elif total <= RANK_LIMIT:
                    order = f"{self._date_sorted} DESC NULLS LAST, d.id DESC"
                cursor.execute(
                    f"SELECT d.id, 0.0 {walk} ORDER BY {order} LIMIT %s OFFSET %s",  # noqa: S608
                    [*params, query.per_page, query.offset],
                )
                ranked = cursor.fetchall()
                if groups and ranked:
                    ranked = self._page_scores(cursor, join, score, score_params, where, params, ranked)
            else:
                order = "score DESC, d.date DESC NULLS LAST, d.id DESC"
                cursor.execute(
                    f"SELECT d.id, {score} AS score {base} ORDER BY {order} LIMIT %s OFFSET %s",  # noqa: S608
                    [*score_params, *params, query.per_page, query.offset],
                )
                ranked = cursor.fetchall()
            hits = self._hits(cursor, ranked, marked)
        return facets, total, hits

    def _empty(self, query: SearchQuery, started: float) -> SearchResults:
        return SearchResults(
            hits=[],
            total=0,
            facets={key: [] for key in FACET_KEYS} if query.facets else {},
            page=max(query.page, 1),
            per_page=query.per_page,
            took_ms=(time.perf_counter() - started) * 1000,
        )

    def _count(self, cursor, base: str, params: list) -> int:
        cursor.execute(f"SELECT count(*) {base}", params)  # noqa: S608
        return cursor.fetchone()[0]

    def _page_scores(self, cursor, join, score, score_params, where, params, ranked):
        ids = [row[0] for row in ranked]
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(
            f"SELECT d.id, {score} FROM {DOCS} d {join} WHERE " + " AND ".join(where) + f" AND d.id IN ({marks})",  # noqa: S608
            [*score_params, *params, *ids],
        )
        scores = dict(cursor.fetchall())
        return [(doc_id, scores.get(doc_id, 0.0)) for doc_id, _ in ranked]

    def _facets(self, cursor, base, params, code_filter, scoring, by_date, query, limit=FACET_LIMIT, known_total=None):
        """Facet counts, the total and, when all matches fit, the page: one statement over the matches (groupings
        of kind, year, security and status together; code; unit; sender; and the page's rows in order).

        Past ``limit`` matches (None: no limit) the counts are estimated from the first ``limit`` of them, scaled to
        the total, which is then counted apart, and the page is left to the caller (``None``). Searches without
        text count every match (exact), and their counts are kept per index generation (``_COUNTS_CACHE``)."""
        score, score_params = scoring
        code_sql, code_params = self._code_facet(code_filter)
        columns = (
            f"d.id, d.date, d.kind, d.code, d.year, d.security, d.status, d.unit, d.sender, d.sender_norm, {score}"
        )
        order = "date DESC NULLS LAST, id DESC" if by_date else "score DESC, date DESC NULLS LAST, id DESC"
        sql = (
            f"WITH m AS MATERIALIZED (SELECT {columns} AS score {base} LIMIT %s) "  # noqa: S608
            "SELECT 'all', kind, CAST(year AS TEXT), security, status, count(*) FROM m GROUP BY 2, 3, 4, 5 "
            f"UNION ALL SELECT 'code', {code_sql}, NULL, NULL, NULL, count(*) FROM m WHERE code <> '' GROUP BY 2 "
            "UNION ALL SELECT 'unit', unit, NULL, NULL, NULL, count(*) FROM m WHERE unit <> '' GROUP BY unit "
            "UNION ALL SELECT 'sender', max(sender), NULL, NULL, NULL, count(*) FROM m "
            "WHERE sender_norm <> '' GROUP BY sender_norm "
            "UNION ALL SELECT * FROM (SELECT 'hit', CAST(id AS TEXT), CAST(date AS TEXT), NULL, NULL, score FROM m "
            f"ORDER BY {order} LIMIT %s OFFSET %s) page"
        )
        if limit is None:
            sql = sql.replace(" LIMIT %s) ", ") ", 1)
            head = []
        else:
            head = [limit + 1]
        cursor.execute(sql, [*score_params, *params, *head, *code_params, query.per_page, query.offset])
        counters: dict[str, Counter[str]] = {key: Counter() for key in FACET_KEYS}
        page: list[tuple[int, str, float]] = []
        seen = 0
        for key, value, year, security, status, count in cursor.fetchall():
            if key == "hit":
                page.append((int(value), year or "", float(count or 0.0)))
            elif key == "all":
                seen += int(count)
                counters["kind"][value] += int(count)
                for name, other in (("year", year), ("security", security), ("status", status)):
                    if other:
                        counters[name][other] += int(count)
            elif value:
                counters[key][value] += int(count)
        exact = limit is None or seen <= limit
        FACET_STATS["exact" if exact else "estimated"] += 1
        if exact:
            total = seen
        else:
            total = known_total if known_total is not None else self._count(cursor, base, params)
        scale = total / seen if seen else 1.0
        facets = {
            key: sorted(
                ((str(value), max(round(count * scale), 1)) for value, count in counter.items()),
                key=lambda item: (-item[1], item[0]),
            )[:FACET_SIZE]
            for key, counter in counters.items()
        }
        if not exact:
            return facets, total, None
        # The union does not keep the page's order: sort again (stable passes, last key first).
        page.sort(key=lambda row: row[0], reverse=True)
        page.sort(key=lambda row: row[1], reverse=True)  # undated ("") last
        if not by_date:
            page.sort(key=lambda row: row[2], reverse=True)
        return facets, total, [(doc_id, doc_score) for doc_id, _, doc_score in page]

    def _hits(self, cursor, ranked: list[tuple[int, float]], marked: set[str]) -> list[SearchHit]:
        ids = [row[0] for row in ranked]
        marks = ", ".join(["%s"] * len(ids))
        columns = "d.id, kind, object_id, title, number, sender, date, code, security, status, unit, url, extra, b.body"
        cursor.execute(
            f"SELECT {columns} FROM {DOCS} d LEFT JOIN {BODIES} b ON b.document_id = d.id "  # noqa: S608
            f"WHERE d.id IN ({marks})",
            ids,
        )
        rows = {row[0]: row for row in cursor.fetchall()}
        hits = []
        for doc_id, score in ranked:
            row = rows[doc_id]
            hits.append(
                SearchHit(
                    kind=row[1],
                    id=row[2],
                    title=row[3],
                    score=float(score or 0.0),
                    snippet=document_snippet(row[13] or "", row[3] or "", marked),
                    url=row[11],
                    number=row[4],
                    sender=row[5],
                    date=_date(row[6]),
                    code=row[7],
                    security=row[8],
                    status=row[9],
                    unit=row[10],
                    extra=_unjson(row[12]),
                )
            )
        return hits


def _json(value: dict) -> str:
    import json

    return json.dumps(value or {}, ensure_ascii=False, default=str)


def _unjson(value) -> dict:
    import json

    if isinstance(value, dict):
        return value
    return json.loads(value) if value else {}


def _date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))

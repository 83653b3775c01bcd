"""The Elasticsearch engine: chosen when settings.ELASTICSEARCH_URL is set.

Layout: one concrete index per build, ``<prefix>-documents-<timestamp>``, reached through the alias
``<prefix>-documents``. ``rebuild()`` loads a new concrete index while searches keep answering from the old one,
then moves the alias in one atomic ``_aliases`` call and drops the old index, so a full rebuild has no downtime.

The mapping is explicit (elasticsearch-dsl ``Document``/``Index``): free text goes through a custom Indonesian
analyser (standard tokenizer, lowercase, ASCII folding, Indonesian stop words, Indonesian stemmer) and a plain
variant without the stemmer (typo tolerance against the words as written); letter numbers are keywords with a
path-hierarchy subfield, so "005/123" finds "005/123/427.43/2024"; classification codes are stored with all their
prefixes (``code_path``) for sub-code filters and the code facet.

Lucene's Indonesian stemmer is rule-based and misses roots Sastrawi finds with its dictionary ("perekaman" ->
"ekam" but "merekam" -> "rekam"; "permohonan" -> "mohon" but "memohon" -> "ohon"), so each document also carries
its Sastrawi roots (``roots``, the same analysis as the embedded engines, search.text), and a word matches when its
Lucene stem, its written form (with one typo) or its Sastrawi root does. The stop words are the project's
Indonesian list (search.text.STOP_WORDS) in both places, so both engines ignore the same words.

The request body is built by the pure function ``build_search_body(query)``; the access filter (principals) is
always in the query's filter context, so hits, totals and every aggregation only ever see permitted documents.
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable, Iterable, Iterator

from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch import exceptions as es_exceptions
from elasticsearch.helpers import BulkIndexError, bulk
from elasticsearch_dsl import (
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Object,
    Text,
    analyzer,
    normalizer,
    token_filter,
    tokenizer,
)

from search.snippets import document_snippet
from search.text import STOP_WORDS, analyze
from search.types import (
    FACET_KEYS,
    FILTER_KEYS,
    InvalidFilter,
    SearchDocument,
    SearchError,
    SearchHit,
    SearchQuery,
    SearchResults,
)

# --- analysis ------------------------------------------------------------------------------------------------------

indonesian_stop = token_filter("naskah_indonesian_stop", "stop", stopwords=sorted(STOP_WORDS), ignore_case=True)
indonesian_stemmer = token_filter("naskah_indonesian_stemmer", "stemmer", language="indonesian")

# The built-in "indonesian" analyser has no ASCII folding, so it is rebuilt here as a custom chain that has; its stop
# list is the project's (a short one: "bulan", "baru", "akhir" are words a clerk searches by).
text_analyzer = analyzer(
    "naskah_text",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", indonesian_stop, indonesian_stemmer],
)
# The same without the stemmer: typos are measured against the words as written ("pentng" -> "penting").
plain_analyzer = analyzer(
    "naskah_plain",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", indonesian_stop],
)
# "005/123/427.43/2024" -> "005", "005/123", "005/123/427.43", "005/123/427.43/2024": a leading part is one term.
number_path_analyzer = analyzer(
    "naskah_number_path",
    tokenizer=tokenizer("naskah_number_path", "path_hierarchy", delimiter="/"),
    filter=["lowercase", "asciifolding"],
)
number_query_analyzer = analyzer("naskah_number_query", tokenizer="keyword", filter=["lowercase", "asciifolding"])
folded_normalizer = normalizer("naskah_folded", filter=["lowercase", "asciifolding"])

ALL_TEXT = ["all_text", "all_plain"]  # copy_to targets: every word of title, body, sender and number


class IndexedRecord(Document):
    """One SearchDocument as stored in Elasticsearch (``_id`` is its key, ``kind:id``)."""

    key = Keyword()
    kind = Keyword()
    record_id = Keyword()
    title = Text(analyzer=text_analyzer, copy_to=ALL_TEXT)
    body = Text(analyzer=text_analyzer, index_options="offsets", copy_to=ALL_TEXT)  # offsets: unified highlighter
    all_text = Text(analyzer=text_analyzer)
    all_plain = Text(analyzer=plain_analyzer)
    roots = Text(analyzer="whitespace")  # Sastrawi roots of title, body and sender (one value each: no phrase across)
    number = Keyword(
        normalizer=folded_normalizer,
        fields={"path": Text(analyzer=number_path_analyzer, search_analyzer=number_query_analyzer)},
        copy_to=ALL_TEXT,
    )
    sender = Keyword(
        fields={"folded": Keyword(normalizer=folded_normalizer), "text": Text(analyzer=text_analyzer)},
        copy_to=ALL_TEXT,
    )
    date = Date(format="strict_date")
    year = Integer()
    code = Keyword()
    code_path = Keyword()  # "400.12.1" -> ["400", "400.12", "400.12.1"]
    security = Keyword()
    status = Keyword()
    unit = Keyword()
    principals = Keyword()
    url = Keyword(index=False, doc_values=False)
    extra = Object(enabled=False)


def alias_name(index_prefix: str = "naskah") -> str:
    return f"{index_prefix}-documents"


def concrete_index_name(index_prefix: str = "naskah", now: datetime.datetime | None = None) -> str:
    """A new build's index name, ``<prefix>-documents-<UTC timestamp to the microsecond>``."""
    now = now or datetime.datetime.now(datetime.UTC)
    return f"{alias_name(index_prefix)}-{now.strftime('%Y%m%d%H%M%S%f')}"


def index_definition(name: str, *, alias: str | None = None, loading: bool = False) -> Index:
    """The settings, analysis and mapping of one concrete index; with ``alias`` it is created already behind it.

    ``loading``: created for a bulk load (no refresh until it is done); the engine turns refresh back on after.
    """
    index = Index(name)
    index.settings(
        number_of_shards=1,  # an office archive (a few million letters at most) fits one shard; no scatter-gather
        auto_expand_replicas="0-1",  # no replica on a single node (docker compose), one as soon as there are two
        refresh_interval="-1" if loading else "1s",
        max_result_window=MAX_WINDOW,
    )
    index.document(IndexedRecord)
    if alias:
        index.aliases(**{alias: {"is_write_index": True}})
    return index


# --- documents -----------------------------------------------------------------------------------------------------


def code_path(code: str) -> list[str]:
    """All leading parts of a classification code: ``"400.12.1"`` -> ``["400", "400.12", "400.12.1"]``."""
    parts = [part for part in code.strip().split(".") if part]
    return [".".join(parts[: index + 1]) for index in range(len(parts))]


def to_source(document: SearchDocument) -> dict:
    """The ``_source`` of one document. Empty strings are left out, so they are neither matched nor faceted."""
    source = {
        "key": document.key,
        "kind": document.kind,
        "record_id": str(document.id),
        "title": document.title,
        "body": document.body or None,
        "number": document.number or None,
        "sender": " ".join(document.sender.split()) or None,  # the sender filter compares collapsed spaces
        "date": document.date.isoformat() if document.date else None,
        "year": document.year,
        "code": document.code or None,
        "code_path": code_path(document.code) or None,
        "security": document.security or None,
        "status": document.status or None,
        "unit": document.unit or None,
        "roots": [" ".join(analyze(text)) for text in (document.title, document.body, document.sender) if text],
        "principals": sorted(document.principals),
        "url": document.url or None,
        "extra": dict(document.extra or {}),
    }
    return {key: value for key, value in source.items() if value is not None}


# --- queries -------------------------------------------------------------------------------------------------------

FUZZINESS = "AUTO:5,8"  # no edit below 5 letters, one from 5 letters (and Elasticsearch's two from 8)
FACET_SIZE = 20
MAX_WINDOW = 10_000  # index.max_result_window: the deepest page Elasticsearch serves with from/size
HIGHLIGHT = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html", "type": "unified"}
SNIPPET_CHARS = 200

_QUOTED = re.compile(r'"([^"]*)"')
# A letter number or its leading part: has a digit and a slash ("005/123", "470/759/427.43/2024", "823/360/Dis").
_NUMBER = re.compile(r"^(?=[^/]*\d)[\w.\-]+(?:/[\w.\-]*)+$|^(?=.*\d)[\w.\-]*\d[\w.\-]*/$")
_FACET_FIELDS = {
    "kind": "kind",
    "code": "code_path",
    "year": "year",
    "security": "security",
    "status": "status",
    "unit": "unit",
    "sender": "sender.folded",
}


def parse_text(text: str) -> tuple[list[str], list[str], list[str]]:
    """Split free text into (words, quoted phrases, letter numbers)."""
    phrases = [phrase.strip() for phrase in _QUOTED.findall(text) if phrase.strip()]
    rest = _QUOTED.sub(" ", text).replace('"', " ")
    words, numbers = [], []
    for token in rest.split():
        (numbers if _NUMBER.match(token) else words).append(token)
    return words, phrases, numbers


def _word_clause(word: str) -> dict | None:
    """One clause per word, AND across words: the word matches by its Lucene stem, as written with one typo (from
    five letters), or by its Sastrawi root, in title, body, sender or number. None for a stop word."""
    roots = analyze(word)
    if not roots:
        return None
    return {
        "bool": {
            "should": [
                {"match": {"all_text": {"query": word, "operator": "and"}}},
                {"match": {"all_plain": {"query": word, "operator": "and", "fuzziness": FUZZINESS}}},
                {"match": {"roots": {"query": " ".join(roots), "operator": "and"}}},
            ],
            "minimum_should_match": 1,
        }
    }


def _phrase_clause(phrase: str) -> dict:
    should: list[dict] = [{"match_phrase": {"all_text": {"query": phrase}}}]
    roots = analyze(phrase)
    if roots:
        should.append({"match_phrase": {"roots": {"query": " ".join(roots)}}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def _number_clause(number: str) -> dict:
    value = number.strip().rstrip("/").lower()
    return {
        "bool": {
            "should": [
                {"term": {"number": {"value": value, "boost": 20.0}}},  # the whole number
                # Its leading segments ("005/123"); a part of a segment ("005/12") is not a leading part.
                {"term": {"number.path": {"value": value, "boost": 10.0}}},
                {"match_phrase": {"all_plain": {"query": number}}},  # a number cited in the text of another letter
            ],
            "minimum_should_match": 1,
        }
    }


def _text_query(words: list[str], phrases: list[str], numbers: list[str]) -> dict | None:
    """None when there is nothing to look for (no text, or only stop words)."""
    must = [clause for clause in map(_word_clause, words) if clause]
    must += [_phrase_clause(phrase) for phrase in phrases]
    must += [_number_clause(number) for number in numbers]
    if not must:
        return None
    should = []
    if words and must:  # ranking only: the words in the title or the sender weigh more than deep in the body
        should.append(
            {
                "multi_match": {
                    "query": " ".join(words),
                    "fields": ["title^3", "sender.text^2", "body"],
                    "type": "best_fields",
                }
            }
        )
    should += [{"match_phrase": {"title": {"query": phrase, "boost": 3.0}}} for phrase in phrases]
    return {"bool": {"must": must, "should": should}}


def _filter_clauses(query: SearchQuery) -> list[dict]:
    """The filter context: the access filter first, always, then the user's filters."""
    clauses: list[dict] = [{"terms": {"principals": sorted(query.principals)}}]
    filters = dict(query.filters)
    unknown = sorted(set(filters) - set(FILTER_KEYS))
    if unknown:
        raise InvalidFilter(f"unknown filter: {', '.join(unknown)}")
    for key, field in (("kind", "kind"), ("security", "security"), ("status", "status"), ("unit", "unit")):
        if filters.get(key):
            clauses.append({"term": {field: filters[key]}})
    if filters.get("code"):
        clauses.append({"term": {"code_path": filters["code"].strip().strip(".")}})
    if filters.get("sender"):
        clauses.append({"term": {"sender.folded": " ".join(str(filters["sender"]).split())}})
    if filters.get("year"):
        year = str(filters["year"]).strip()
        if not year.isdigit():
            raise InvalidFilter(f"year must be a number: {year}")
        clauses.append({"term": {"year": int(year)}})
    date_range = {}
    for key, bound in (("date_from", "gte"), ("date_to", "lte")):
        if filters.get(key):
            try:
                date_range[bound] = datetime.date.fromisoformat(str(filters[key]).strip()).isoformat()
            except ValueError:
                raise InvalidFilter(f"{key} must be an ISO date: {filters[key]}") from None
    if date_range:
        clauses.append({"range": {"date": {**date_range, "format": "strict_date"}}})
    return clauses


def _code_facet_include(code_filter: str) -> str:
    """Lucene regexp for the code facet: top-level codes, or the codes one level below the filtered code."""
    if not code_filter:
        return "[^.]+"
    return re.sub(r"([.?+*|{}\[\]()\"\\#@&<>~])", r"\\\1", code_filter.strip().strip(".")) + "\\.[^.]+"


def _aggregations(query: SearchQuery) -> dict:
    aggs = {}
    for key in FACET_KEYS:
        terms: dict = {"field": _FACET_FIELDS[key], "size": FACET_SIZE, "order": [{"_count": "desc"}, {"_key": "asc"}]}
        if key == "code":
            terms["include"] = _code_facet_include(query.filters.get("code", ""))
        if key == "sender":  # one value however it is written, shown as its most frequent spelling
            aggs[key] = {"terms": terms, "aggs": {"spelling": {"terms": {"field": "sender", "size": 1}}}}
            continue
        aggs[key] = {"terms": terms}
    return aggs


def _sort(query: SearchQuery) -> list:
    by_date = {"date": {"order": "desc", "missing": "_last", "unmapped_type": "date"}}
    tie = {"key": {"order": "asc"}}  # a stable order, so pages neither repeat nor skip a document
    if query.sort == "date":
        return [by_date, "_score", tie]
    return ["_score", by_date, tie]


def _highlight(words: list[str], phrases: list[str], numbers: list[str]) -> dict:
    """Highlight the body (or the title) with a query on that field itself, so the marks follow the matched words."""

    def field_query(field: str) -> dict:
        should: list[dict] = []
        if words:
            should.append({"match": {field: {"query": " ".join(words), "fuzziness": FUZZINESS}}})
        should += [{"match_phrase": {field: {"query": text}}} for text in phrases + numbers]
        return {"bool": {"should": should or [{"match_none": {}}]}}

    return {
        **HIGHLIGHT,
        "fields": {
            "body": {
                "fragment_size": SNIPPET_CHARS,
                "number_of_fragments": 1,
                "no_match_size": SNIPPET_CHARS,
                "highlight_query": field_query("body"),
            },
            "title": {"number_of_fragments": 0, "highlight_query": field_query("title")},
        },
    }


def build_search_body(query: SearchQuery) -> dict:
    """The ``_search`` request body for ``query``: a pure function of it (no server needed to build or test it).

    Everything that narrows the result, the access filter first, is in ``query.bool.filter``; aggregations run
    over that query's matches, so counts and facets never include a document the asker may not open. There is no
    ``post_filter`` and no ``global`` aggregation on purpose.
    """
    words, phrases, numbers = parse_text(query.text or "")
    text_query = _text_query(words, phrases, numbers)
    if text_query is None:
        # No text: every permitted document. Only stop words: nothing to look for, so nothing (as the embedded one).
        text_query = {"match_none": {}} if (query.text or "").strip() else {"match_all": {}}
    offset = min(query.offset, MAX_WINDOW)
    body: dict = {
        "query": {
            "bool": {
                "must": [text_query],
                "filter": _filter_clauses(query),
            }
        },
        "from": offset,
        "size": max(0, min(query.per_page, MAX_WINDOW - offset)),
        "sort": _sort(query),
        "track_total_hits": True,
        "track_scores": True,
        "_source": {"excludes": ["roots"]},
        "highlight": _highlight(words, phrases, numbers),
    }
    if query.facets:
        body["aggs"] = _aggregations(query)
    return body


def _snippet(hit: dict, terms: set[str]) -> str:
    """Elasticsearch's highlight; where it marks nothing (a word matched only by its Sastrawi root), the embedded
    engines' snippet of the body with the question's roots; else the escaped beginning of the body or the title."""
    highlight = hit.get("highlight") or {}
    body, title = highlight.get("body") or [], highlight.get("title") or []
    if body and "<mark>" in body[0]:
        return body[0]
    if title and "<mark>" in title[0]:
        return title[0]
    source = hit.get("_source") or {}
    if terms:
        html = document_snippet(source.get("body", ""), source.get("title", ""), terms, length=SNIPPET_CHARS)
        if "<mark>" in html:
            return html
    return body[0] if body else (title[0] if title else "")


def _bucket_value(bucket: dict) -> str:
    spellings = (bucket.get("spelling") or {}).get("buckets") or []
    return str(spellings[0]["key"] if spellings else bucket["key"])


def parse_response(response: dict, query: SearchQuery, took_ms: float) -> SearchResults:
    terms = set(analyze(query.text or "")) if response["hits"]["hits"] else set()
    hits = []
    for hit in response["hits"]["hits"]:
        source = hit["_source"]
        raw_date = source.get("date")
        hits.append(
            SearchHit(
                kind=source["kind"],
                id=source["record_id"],
                title=source.get("title", ""),
                score=float(hit.get("_score") or 0.0),
                snippet=_snippet(hit, terms),
                url=source.get("url", ""),
                number=source.get("number", ""),
                sender=source.get("sender", ""),
                date=datetime.date.fromisoformat(raw_date) if raw_date else None,
                code=source.get("code", ""),
                security=source.get("security", ""),
                status=source.get("status", ""),
                unit=source.get("unit", ""),
                extra=source.get("extra") or {},
            )
        )
    facets = {}
    for key, agg in (response.get("aggregations") or {}).items():
        facets[key] = [(_bucket_value(bucket), int(bucket["doc_count"])) for bucket in agg.get("buckets", [])]
    total = response["hits"]["total"]
    return SearchResults(
        hits=hits,
        total=int(total["value"] if isinstance(total, dict) else total),
        facets=facets,
        page=max(query.page, 1),
        per_page=query.per_page,
        took_ms=took_ms,
    )


# --- the engine ----------------------------------------------------------------------------------------------------

_TRANSPORT_ERRORS = (es_exceptions.ApiError, es_exceptions.TransportError)
BULK_CHUNK = 500
# One client (and its connection pool) per server for the process: get_engine() builds an engine per search, and
# the client is thread-safe.
_clients: dict[tuple[str, float], Elasticsearch] = {}


def shared_client(url: str, request_timeout: float = 30.0) -> Elasticsearch:
    key = (url, request_timeout)
    if key not in _clients:
        _clients[key] = Elasticsearch(url, request_timeout=request_timeout, retry_on_timeout=True)
    return _clients[key]


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(
        self,
        url: str,
        index_prefix: str = "naskah",
        *,
        client: Elasticsearch | None = None,
        refresh: str | bool = "wait_for",
        request_timeout: float = 30.0,
    ):
        """``refresh``: what index()/delete() wait for; "wait_for" makes a write visible to the next search."""
        self.url = url
        self.alias = alias_name(index_prefix)
        self.index_prefix = index_prefix
        self.refresh = refresh
        self._client = client
        self._request_timeout = request_timeout
        self._ready = False

    @property
    def client(self) -> Elasticsearch:
        if self._client is None:
            self._client = shared_client(self.url, self._request_timeout)
        return self._client

    # -- lifecycle --

    def ping(self) -> bool:
        try:
            return bool(self.client.ping())
        except Exception:  # noqa: BLE001 - any failure to answer means "not up", which is what the caller asks
            return False

    def ensure_ready(self) -> None:
        """Create the first concrete index behind the alias, unless the alias (or an index of that name) exists."""
        if self._ready:
            return
        try:
            if not self.client.indices.exists(index=self.alias):  # true for an alias and for a concrete index
                index_definition(f"{self.alias}-initial", alias=self.alias).create(using=self.client)
            self._ready = True
        except es_exceptions.BadRequestError as error:
            if error.error != "resource_already_exists_exception":  # another process created it first: fine
                raise SearchError(f"Elasticsearch: {error}") from error
            self._ready = True
        except _TRANSPORT_ERRORS as error:
            raise SearchError(f"Elasticsearch: {error}") from error

    def drop(self) -> None:
        """Delete every index of this prefix and with it the alias (tests, or leaving Elasticsearch). By name:
        Elasticsearch 8 refuses wildcard deletes."""
        try:
            names = sorted(self.client.indices.get(index=f"{self.alias}-*", expand_wildcards="all").body)
            if names:
                self.client.indices.delete(index=",".join(names), ignore_unavailable=True)
        except _TRANSPORT_ERRORS as error:
            raise SearchError(f"Elasticsearch: {error}") from error
        self._ready = False

    def _aliased_indices(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def _building_indices(self) -> list[str]:
        """Concrete indices of this prefix not (yet) behind the alias: a rebuild is loading them."""
        try:
            found = self.client.indices.get(index=f"{self.alias}-*", expand_wildcards="open").body
        except NotFoundError:
            return []
        return sorted(name for name, info in found.items() if self.alias not in (info.get("aliases") or {}))

    def _write_targets(self) -> list[str]:
        # A change made while a rebuild runs goes to the serving index and to the one being loaded, so the swap
        # does not lose it.
        return [self.alias, *self._building_indices()]

    # -- writes --

    def _bulk(self, actions: Iterable[dict], refresh: str | bool | None = None, ignore_status=()) -> int:
        try:
            written, _errors = bulk(
                self.client,
                actions,
                chunk_size=BULK_CHUNK,
                refresh=self.refresh if refresh is None else refresh,
                raise_on_error=True,
                ignore_status=ignore_status,
            )
        except BulkIndexError as error:
            raise SearchError(f"Elasticsearch bulk: {len(error.errors)} failed, first: {error.errors[0]}") from error
        except _TRANSPORT_ERRORS as error:
            raise SearchError(f"Elasticsearch: {error}") from error
        return written

    def index(self, documents: Iterable[SearchDocument]) -> int:
        latest = {document.key: document for document in documents}  # one write per key, the last one given
        documents = list(latest.values())
        if not documents:
            return 0
        self.ensure_ready()
        targets = self._write_targets()
        actions = (
            {"_op_type": "index", "_index": target, "_id": document.key, "_source": to_source(document)}
            for target in targets
            for document in documents
        )
        self._bulk(actions)
        return len(documents)

    def delete(self, kind: str, ids: Iterable[str]) -> int:
        keys = [f"{kind}:{record_id}" for record_id in ids]
        if not keys:
            return 0
        self.ensure_ready()
        targets = self._write_targets()
        try:
            present = {
                hit["_id"]
                for hit in self.client.search(
                    index=self.alias, query={"ids": {"values": keys}}, size=len(keys), source=False
                )["hits"]["hits"]
            }
        except _TRANSPORT_ERRORS as error:
            raise SearchError(f"Elasticsearch: {error}") from error
        actions = ({"_op_type": "delete", "_index": target, "_id": key} for target in targets for key in keys)
        self._bulk(actions, ignore_status=(404,))  # ids not in an index are ignored
        return len(present)

    def rebuild(self, documents: Iterable[SearchDocument], progress: Callable[[int], None] | None = None) -> int:
        """Load a new concrete index, then swap the alias to it atomically and delete the old one."""
        new_index = concrete_index_name(self.index_prefix)
        client = self.client
        written = 0

        def actions() -> Iterator[dict]:
            nonlocal written
            for document in documents:
                yield {"_op_type": "index", "_index": new_index, "_id": document.key, "_source": to_source(document)}
                written += 1
                if progress and written % BULK_CHUNK == 0:
                    progress(written)

        try:
            index_definition(new_index, loading=True).create(using=client)
            self._bulk(actions(), refresh=False)
            client.indices.put_settings(index=new_index, settings={"index": {"refresh_interval": "1s"}})
            client.indices.refresh(index=new_index)
            old = self._aliased_indices()
            swap: list[dict] = [{"remove": {"index": name, "alias": self.alias}} for name in old]
            if not old and client.indices.exists(index=self.alias):  # a plain index squatting on the alias name
                swap.append({"remove_index": {"index": self.alias}})
            swap.append({"add": {"index": new_index, "alias": self.alias, "is_write_index": True}})
            client.indices.update_aliases(actions=swap)
        except BaseException as error:
            try:
                client.indices.delete(index=new_index, ignore_unavailable=True)
            except Exception:  # noqa: BLE001, S110 - best effort; the original error is the one to report
                pass
            if isinstance(error, _TRANSPORT_ERRORS):
                raise SearchError(f"Elasticsearch rebuild: {error}") from error
            raise
        for name in old:
            client.indices.delete(index=name, ignore_unavailable=True)
        if progress:
            progress(written)
        return written

    # -- reads --

    def count(self, kind: str | None = None) -> int:
        query = {"term": {"kind": kind}} if kind else {"match_all": {}}
        try:
            return int(self.client.count(index=self.alias, query=query)["count"])
        except NotFoundError:
            return 0
        except _TRANSPORT_ERRORS as error:
            raise SearchError(f"Elasticsearch: {error}") from error

    def search(self, query: SearchQuery) -> SearchResults:
        body = build_search_body(query)
        started = time.perf_counter()
        try:
            response = self.client.search(index=self.alias, body=body)
        except NotFoundError:
            return SearchResults(hits=[], total=0, facets={}, page=max(query.page, 1), per_page=query.per_page)
        except es_exceptions.BadRequestError as error:
            raise InvalidFilter(f"Elasticsearch rejected the query: {error}") from error
        except _TRANSPORT_ERRORS as error:
            raise SearchError(f"Elasticsearch: {error}") from error
        return parse_response(response.body, query, (time.perf_counter() - started) * 1000)

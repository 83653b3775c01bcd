"""The Elasticsearch engine: its index definition and the request bodies it builds (pure, no server), then live
tests against a real server (marked ``elasticsearch``; they skip without ELASTICSEARCH_URL)."""

from __future__ import annotations

import datetime
import json
import os
import re
import uuid

import pytest

from search.engines import elasticsearch as es_engine
from search.engines.elasticsearch import (
    FUZZINESS,
    alias_name,
    build_search_body,
    code_path,
    concrete_index_name,
    index_definition,
    parse_response,
    parse_text,
    to_source,
)
from search.text import STOP_WORDS
from search.types import FACET_KEYS, PUBLIC, STAFF, InvalidFilter, SearchDocument, SearchError, SearchQuery


def _walk(node):
    """Every dict inside a JSON-like structure."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _clauses(body: dict, name: str) -> list[dict]:
    return [node[name] for node in _walk(body["query"]) if name in node]


# --- the index definition ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def definition() -> dict:
    return index_definition("naskah-documents-20260101000000000000", alias="naskah-documents").to_dict()


def test_text_analyser_is_the_indonesian_chain_with_folding(definition):
    analysis = definition["settings"]["analysis"]
    text = analysis["analyzer"]["naskah_text"]
    assert text["type"] == "custom"
    assert text["tokenizer"] == "standard"
    assert text["filter"] == ["lowercase", "asciifolding", "naskah_indonesian_stop", "naskah_indonesian_stemmer"]
    stop = analysis["filter"]["naskah_indonesian_stop"]
    assert stop["type"] == "stop" and stop["stopwords"] == sorted(STOP_WORDS)  # the embedded engines' own list
    assert {"yang", "untuk", "dari", "dan"} <= set(stop["stopwords"]) and "bulan" not in stop["stopwords"]
    assert analysis["filter"]["naskah_indonesian_stemmer"] == {"type": "stemmer", "language": "indonesian"}
    plain = analysis["analyzer"]["naskah_plain"]
    assert plain["filter"] == ["lowercase", "asciifolding", "naskah_indonesian_stop"]  # no stemmer: typos vs words


def test_number_has_a_path_hierarchy_subfield_for_leading_parts(definition):
    analysis = definition["settings"]["analysis"]
    number = definition["mappings"]["properties"]["number"]
    assert number["type"] == "keyword"
    assert number["normalizer"] == "naskah_folded"
    path = number["fields"]["path"]
    assert analysis["analyzer"][path["analyzer"]]["tokenizer"] == "naskah_number_path"
    assert analysis["tokenizer"]["naskah_number_path"] == {"type": "path_hierarchy", "delimiter": "/"}
    assert analysis["analyzer"][path["search_analyzer"]]["tokenizer"] == "keyword"  # the query stays one term


def test_mapping_is_explicit_for_filters_facets_and_highlighting(definition):
    properties = definition["mappings"]["properties"]
    for field in ("key", "kind", "code", "code_path", "security", "status", "unit", "principals"):
        assert properties[field]["type"] == "keyword", field
    assert properties["sender"]["type"] == "keyword"
    assert properties["sender"]["fields"]["folded"]["normalizer"] == "naskah_folded"
    assert properties["sender"]["fields"]["text"]["analyzer"] == "naskah_text"
    assert properties["date"]["type"] == "date"
    assert properties["year"]["type"] == "integer"
    assert properties["body"]["analyzer"] == "naskah_text"
    assert properties["body"]["index_options"] == "offsets"
    for field in ("title", "body", "number", "sender"):
        assert properties[field]["copy_to"] == ["all_text", "all_plain"], field
    assert properties["extra"]["enabled"] is False
    assert properties["roots"] == {"type": "text", "analyzer": "whitespace"}


def test_alias_naming_and_the_new_index_sits_behind_it(definition):
    assert alias_name() == "naskah-documents"
    assert alias_name("kab") == "kab-documents"
    moment = datetime.datetime(2026, 11, 22, 5, 30, 1, 123456, tzinfo=datetime.UTC)
    assert concrete_index_name("naskah", moment) == "naskah-documents-20261122053001123456"
    assert definition["aliases"] == {"naskah-documents": {"is_write_index": True}}
    loading = index_definition("naskah-documents-x", loading=True).to_dict()
    assert "aliases" not in loading  # a rebuild's index joins the alias only once it is complete
    assert loading["settings"]["refresh_interval"] == "-1"


def test_documents_carry_every_code_prefix_and_leave_out_empty_values():
    assert code_path("400.12.1") == ["400", "400.12", "400.12.1"]
    assert code_path("") == []
    source = to_source(
        SearchDocument(
            kind="letter",
            id="7",
            title="Undangan rapat",
            principals=frozenset({"user:3", STAFF}),
            number="005/123/427.43/2024",
            date=datetime.date(2024, 3, 1),
            code="005.1",
        )
    )
    assert source["key"] == "letter:7"
    assert source["code_path"] == ["005", "005.1"]
    assert source["principals"] == ["staff", "user:3"]
    assert source["date"] == "2024-03-01" and source["year"] == 2024
    assert "sender" not in source and "body" not in source  # not matched, not faceted as ""
    assert source["roots"] == ["undang rapat"]  # Sastrawi roots, stop words left out
    json.dumps(source)


def test_sastrawi_roots_join_forms_the_lucene_stemmer_keeps_apart():
    # Lucene: "perekaman" -> "ekam", "merekam" -> "rekam"; Sastrawi gives "rekam" for both.
    source = to_source(
        SearchDocument(
            kind="letter", id="1", title="t", principals=frozenset({STAFF}), body="Perekaman KTP-el dan permohonan data"
        )
    )
    assert source["roots"][1] == "rekam ktp el mohon data"


# --- the request body ----------------------------------------------------------------------------------------------

QUERIES = [
    SearchQuery(),
    SearchQuery(text="undangan rapat"),
    SearchQuery(text='"rapat koordinasi" kependudukan', principals=frozenset({PUBLIC, STAFF})),
    SearchQuery(text="005/123", principals=frozenset({"user:9"}), filters={"code": "005"}),
    SearchQuery(text="akta", filters={"kind": "letter", "year": "2024", "sender": "Bappeda"}, sort="date"),
    SearchQuery(text="akta", facets=False, page=3),
    SearchQuery(text="", principals=frozenset()),
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: repr(q.text or "<empty>"))
def test_access_filter_is_always_in_the_filter_context(query):
    body = build_search_body(query)
    filters = body["query"]["bool"]["filter"]
    assert filters[0] == {"terms": {"principals": sorted(query.principals)}}
    # Nothing can widen the result after the query: no post_filter, no global aggregation, no top-level should.
    assert "post_filter" not in body
    assert "should" not in body["query"]["bool"]
    assert not [node for node in _walk(body.get("aggs", {})) if "global" in node]
    # Aggregations sit at the top of the body, so they count only what the (access-filtered) query matched.
    if query.facets:
        assert set(body["aggs"]) == set(FACET_KEYS)
    else:
        assert "aggs" not in body


def test_no_principals_means_nothing_not_everything():
    body = build_search_body(SearchQuery(text="rapat", principals=frozenset()))
    assert body["query"]["bool"]["filter"][0] == {"terms": {"principals": []}}


def test_words_are_all_required_with_one_typo_from_five_letters():
    body = build_search_body(SearchQuery(text="cuti yang alasan pentng"))
    text = body["query"]["bool"]["must"][0]["bool"]["must"]
    assert len(text) == 3  # "yang" is a stop word: not required
    for clause, word, root in zip(text, ["cuti", "alasan", "pentng"], ["cuti", "alas", "pentng"], strict=True):
        stemmed, written, sastrawi = clause["bool"]["should"]
        assert clause["bool"]["minimum_should_match"] == 1
        assert stemmed == {"match": {"all_text": {"query": word, "operator": "and"}}}  # no fuzziness on stems
        assert written["match"]["all_plain"] == {"query": word, "operator": "and", "fuzziness": FUZZINESS}
        assert FUZZINESS == "AUTO:5,8"  # no edit under 5 letters, one from 5
        assert sastrawi == {"match": {"roots": {"query": root, "operator": "and"}}}


def test_only_stop_words_find_nothing_and_no_text_finds_everything():
    assert build_search_body(SearchQuery(text="yang dan"))["query"]["bool"]["must"] == [{"match_none": {}}]
    assert build_search_body(SearchQuery(text=""))["query"]["bool"]["must"] == [{"match_all": {}}]


def test_quoted_phrases_are_phrase_queries():
    words, phrases, numbers = parse_text('undangan "rapat koordinasi" 470/759')
    assert (words, phrases, numbers) == (["undangan"], ["rapat koordinasi"], ["470/759"])
    body = build_search_body(SearchQuery(text='undangan "rapat koordinasi"'))
    assert {"all_text": {"query": "rapat koordinasi"}} in _clauses(body, "match_phrase")
    assert {"roots": {"query": "rapat koordinasi"}} in _clauses(body, "match_phrase")


@pytest.mark.parametrize("number", ["005/123/427.43/2024", "005/123", "823/360/Diskominfo/2023"])
def test_number_lookup_whole_and_leading_part(number):
    assert parse_text(number) == ([], [], [number])
    body = build_search_body(SearchQuery(text=number))
    terms = _clauses(body, "term")
    assert {"number": {"value": number.lower(), "boost": 20.0}} in terms
    assert {"number.path": {"value": number.lower(), "boost": 10.0}} in terms
    assert not _clauses(body, "prefix")  # "800/4" is no leading part of "800/45/...": segments only


def test_plain_words_are_not_taken_for_numbers():
    assert parse_text("surat bappeda 2024") == (["surat", "bappeda", "2024"], [], [])
    assert parse_text("dan/atau") == (["dan/atau"], [], [])


def test_filters_map_to_exact_terms_code_prefixes_and_a_date_range():
    query = SearchQuery(
        text="rapat",
        principals=frozenset({STAFF}),
        filters={
            "kind": "letter",
            "code": "400.12",
            "date_from": "2024-01-01",
            "date_to": "2024-06-30",
            "sender": "Bappeda Kabupaten Temanggung",
            "security": "biasa",
            "status": "filed",
            "unit": "umum",
            "year": "2024",
        },
    )
    filters = build_search_body(query)["query"]["bool"]["filter"]
    assert filters[0] == {"terms": {"principals": ["staff"]}}
    for clause in (
        {"term": {"kind": "letter"}},
        {"term": {"code_path": "400.12"}},
        {"term": {"sender.folded": "Bappeda Kabupaten Temanggung"}},
        {"term": {"security": "biasa"}},
        {"term": {"status": "filed"}},
        {"term": {"unit": "umum"}},
        {"term": {"year": 2024}},
        {"range": {"date": {"gte": "2024-01-01", "lte": "2024-06-30", "format": "strict_date"}}},
    ):
        assert clause in filters, clause


@pytest.mark.parametrize(
    "filters", [{"year": "dua ribu"}, {"date_from": "01-02-2024"}, {"colour": "red"}], ids=["year", "date", "key"]
)
def test_bad_filters_are_refused(filters):
    with pytest.raises(InvalidFilter):
        build_search_body(SearchQuery(filters=filters))


def test_code_facet_counts_top_level_codes_or_the_level_below_the_filter():
    def include(filters):
        return build_search_body(SearchQuery(filters=filters))["aggs"]["code"]["terms"]["include"]

    top, below = include({}), include({"code": "400.12"})
    aggs = build_search_body(SearchQuery())["aggs"]
    assert aggs["code"]["terms"]["field"] == "code_path"
    # Senders are grouped however they are written and shown in their most frequent spelling.
    assert aggs["sender"]["terms"]["field"] == "sender.folded"
    assert aggs["sender"]["aggs"]["spelling"]["terms"] == {"field": "sender", "size": 1}
    # Lucene regexps are anchored, like fullmatch.
    assert [c for c in ["400", "400.12", "400.12.1", "005"] if re.fullmatch(top, c)] == ["400", "005"]
    assert [c for c in ["400.12", "400.12.1", "400.12.2.1", "400.121"] if re.fullmatch(below, c)] == ["400.12.1"]


def test_sorting_relevance_then_newest_or_newest_first_undated_last():
    relevance = build_search_body(SearchQuery(text="rapat"))["sort"]
    by_date = build_search_body(SearchQuery(text="rapat", sort="date"))["sort"]
    assert relevance[0] == "_score"
    assert relevance[1]["date"]["order"] == "desc"
    assert by_date[0]["date"] == {"order": "desc", "missing": "_last", "unmapped_type": "date"}
    assert relevance[-1] == by_date[-1] == {"key": {"order": "asc"}}  # stable pages


def test_pagination_and_the_result_window():
    body = build_search_body(SearchQuery(text="rapat", page=3, per_page=10))
    assert (body["from"], body["size"]) == (20, 10)
    deep = build_search_body(SearchQuery(text="rapat", page=5000, per_page=10))
    assert deep["from"] + deep["size"] <= es_engine.MAX_WINDOW
    assert body["track_total_hits"] is True


def test_highlight_marks_matched_words_in_escaped_text():
    highlight = build_search_body(SearchQuery(text="undangan"))["highlight"]
    assert highlight["pre_tags"] == ["<mark>"] and highlight["post_tags"] == ["</mark>"]
    assert highlight["encoder"] == "html"
    assert highlight["fields"]["body"]["highlight_query"]["bool"]["should"][0]["match"]["body"]["query"] == "undangan"


def test_a_response_maps_to_results():
    response = {
        "hits": {
            "total": {"value": 42, "relation": "eq"},
            "hits": [
                {
                    "_id": "letter:7",
                    "_score": 3.5,
                    "_source": {
                        "kind": "letter",
                        "record_id": "7",
                        "title": "Undangan rapat",
                        "number": "005/123",
                        "date": "2024-03-01",
                        "code": "005",
                    },
                    "highlight": {"body": ["... <mark>undangan</mark> &amp; ..."], "title": ["Undangan rapat"]},
                }
            ],
        },
        "aggregations": {
            "year": {"buckets": [{"key": 2024, "doc_count": 40}, {"key": 2023, "doc_count": 2}]},
            "sender": {
                "buckets": [
                    {
                        "key": "dinas pendidikan",
                        "doc_count": 2,
                        "spelling": {"buckets": [{"key": "Dinas Pendidikan", "doc_count": 1}]},
                    }
                ]
            },
        },
    }
    results = parse_response(response, SearchQuery(text="undangan", page=2), took_ms=1.5)
    assert results.total == 42 and results.page == 2
    hit = results.hits[0]
    assert (hit.kind, hit.id, hit.score, hit.date) == ("letter", "7", 3.5, datetime.date(2024, 3, 1))
    assert hit.snippet == "... <mark>undangan</mark> &amp; ..."
    assert results.facets == {"year": [("2024", 40), ("2023", 2)], "sender": [("Dinas Pendidikan", 2)]}


def test_a_word_matched_only_by_its_root_still_gets_marked():
    # Elasticsearch's highlighter marks Lucene stems; "memohon" reaches "permohonan" only through Sastrawi.
    response = {
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "hits": [
                {
                    "_score": 1.0,
                    "_source": {"kind": "letter", "record_id": "2", "title": "Surat", "body": "Permohonan cuti <x>"},
                    "highlight": {"body": ["Permohonan cuti &lt;x&gt;"]},
                }
            ],
        }
    }
    snippet = parse_response(response, SearchQuery(text="memohon"), took_ms=1).hits[0].snippet
    assert snippet == "<mark>Permohonan</mark> cuti &lt;x&gt;"


# --- live: a real Elasticsearch ------------------------------------------------------------------------------------

ES_URL = os.environ.get("ELASTICSEARCH_URL", "")


def live(test):
    """Mark a test as needing a real Elasticsearch, skipped with a clear message when there is none."""
    skip = pytest.mark.skipif(
        not ES_URL, reason="Elasticsearch tests need ELASTICSEARCH_URL (docker compose up elasticsearch)"
    )
    return pytest.mark.elasticsearch(skip(test))


@pytest.fixture
def engine():
    prefix = f"naskah-test-{uuid.uuid4().hex[:8]}"
    engine = es_engine.ElasticsearchEngine(ES_URL, index_prefix=prefix)
    assert engine.ping(), f"Elasticsearch at {ES_URL} does not answer"
    engine.ensure_ready()
    yield engine
    engine.drop()
    assert not engine.client.indices.exists(index=engine.alias)


def _letter(seq: int, **fields) -> SearchDocument:
    values = {
        "kind": "letter",
        "id": str(seq),
        "title": f"Surat {seq}",
        "principals": frozenset({STAFF}),
        "date": datetime.date(2024, 1, 1) + datetime.timedelta(days=seq),
    }
    values.update(fields)
    return SearchDocument(**values)


LETTERS = [
    _letter(
        1,
        title="Undangan Rapat Koordinasi",
        body="Dengan hormat, kami mengundang Bapak untuk rapat koordinasi perekaman KTP-el di panti asuhan.",
        number="005/123/427.43/2024",
        sender="Bappeda Kabupaten Temanggung",
        code="005",
        security="biasa",
    ),
    _letter(
        2,
        title="Permohonan Data Kependudukan",
        body="Permohonan data kependudukan untuk keperluan cuti alasan penting pegawai.",
        number="470/759/427.43/2024",
        sender="Kecamatan Kledung",
        code="470.1",
        security="biasa",
    ),
    _letter(
        3,
        title="Akta kelahiran anak asuh",
        body="Anak asuh tanpa akta kelahiran, rahasia.",
        number="474.1/12/2023",
        sender="Dinas Sosial",
        code="474.1",
        security="rahasia",
        principals=frozenset({"user:5"}),
    ),
]


@live
def test_live_text_numbers_typos_access_facets_and_snippets(engine):
    assert engine.index(LETTERS) == 3
    assert engine.count() == 3 and engine.count("letter") == 3

    def find(text="", principals=frozenset({STAFF}), **kwargs):
        return engine.search(SearchQuery(text=text, principals=principals, **kwargs))

    assert [hit.id for hit in find("undangan").hits] == ["1"]
    assert [hit.id for hit in find("mengundang rapat").hits] == ["1"]  # stemmed
    assert [hit.id for hit in find("merekam").hits] == ["1"]  # "perekaman": through its Sastrawi root
    assert [hit.id for hit in find("memohon").hits] == ["2"]  # "permohonan"
    assert [hit.id for hit in find("RAPAT Koordinasi").hits] == ["1"]  # case
    assert [hit.id for hit in find("pentng").hits] == ["2"]  # one typo, 6 letters
    assert find("cuti").total == 1 and find("cuty").total == 0  # no typo below 5 letters
    assert [hit.id for hit in find("005/123/427.43/2024").hits] == ["1"]
    assert [hit.id for hit in find("470/759").hits] == ["2"]
    assert [hit.id for hit in find('"rapat koordinasi"').hits] == ["1"]
    assert find('"koordinasi rapat"').total == 0
    # Access: the restricted letter is invisible to staff, in hits, totals and facets alike.
    assert find("akta").total == 0
    assert find("", filters={"security": "rahasia"}).total == 0
    everything = find("")
    assert everything.total == 2 and ("rahasia", 1) not in everything.facets["security"]
    assert [hit.id for hit in find("akta", principals=frozenset({"user:5"})).hits] == ["3"]
    # Filters and facets.
    assert dict(everything.facets["code"]) == {"005": 1, "470": 1}
    assert dict(find("", filters={"code": "470"}).facets["code"]) == {"470.1": 1}
    assert [hit.id for hit in find("", filters={"sender": "kecamatan kledung"}).hits] == ["2"]
    assert [hit.id for hit in find("", sort="date").hits] == ["2", "1"]
    assert "<mark>" in find("kependudukan").hits[0].snippet
    # Delete.
    assert engine.delete("letter", ["2", "999"]) == 1
    assert find("kependudukan").total == 0


@live
def test_live_rebuild_swaps_the_alias_while_searches_keep_answering(engine):
    engine.index(LETTERS[:2])
    before = engine._aliased_indices()
    seen_during = []

    def documents():
        for number in range(100, 1300):
            if number == 700:  # half loaded: the old index still answers, in full
                seen_during.append(engine.search(SearchQuery(text="undangan", principals=frozenset({STAFF}))).total)
                engine.index([_letter(2, title="Permohonan Data Kependudukan (ubah)", body="diubah saat rebuild")])
            yield _letter(number, body=f"arsip baru nomor {number}")
        yield LETTERS[0]

    assert engine.rebuild(documents()) == 1201
    assert seen_during == [1]
    after = engine._aliased_indices()
    assert len(after) == 1 and after != before
    assert not engine.client.indices.exists(index=before[0])  # the old index is gone
    assert engine.count() == 1202  # 1200 new letters, letter 1, and letter 2 written during the rebuild
    assert engine.search(SearchQuery(text="diubah", principals=frozenset({STAFF}))).total == 1


def test_an_unreachable_server_is_reported_not_raised_raw():
    engine = es_engine.ElasticsearchEngine("http://127.0.0.1:9", index_prefix="naskah-nowhere", request_timeout=2)
    assert engine.ping() is False
    with pytest.raises(SearchError):
        engine.search(SearchQuery(text="rapat"))
    with pytest.raises(SearchError):
        engine.count()

"""What only the embedded engines do: their tables, the typo look-up in the vocabulary, engine choice."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings

from search.engines import available_engines, embedded_engine, get_engine
from search.engines.embedded import BODIES, DOCS, PRINCIPALS, WORDS
from search.models import IndexedDocument
from search.types import PUBLIC, STAFF, SearchDocument, SearchQuery

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine():
    engine = embedded_engine()
    engine.ensure_ready()
    engine.ensure_ready()  # idempotent
    return engine


def doc(id, title, body="", principals=frozenset({STAFF}), **fields):
    return SearchDocument(kind="letter", id=str(id), title=title, body=body, principals=principals, **fields)


def ask(engine, text, principals=frozenset({PUBLIC, STAFF}), **options):
    return engine.search(SearchQuery(text=text, principals=principals, **options))


def rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


def test_get_engine_is_the_embedded_engine_of_the_database():
    engine = get_engine()
    assert engine.name == ("postgres" if connection.vendor == "postgresql" else "sqlite")
    assert [name for name, _ in available_engines()] == [engine.name]


@override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9")
def test_elasticsearch_url_switches_engines():
    assert get_engine().name == "elasticsearch"
    assert [name for name, _ in available_engines()] == [embedded_engine().name, "elasticsearch"]


def test_tables_follow_writes_and_deletes(engine):
    engine.index([doc(1, "Surat satu", "isi", principals=frozenset({STAFF, "user:1", "position:2"}))])
    assert (rows(DOCS), rows(BODIES), rows(PRINCIPALS)) == (1, 1, 2)  # STAFF is a bit, not a row
    engine.index([doc(1, "Surat satu diganti", "isi baru", principals=frozenset({"user:1"}))])
    assert (rows(DOCS), rows(BODIES), rows(PRINCIPALS)) == (1, 1, 1)
    engine.delete("letter", ["1"])
    assert (rows(DOCS), rows(BODIES), rows(PRINCIPALS)) == (0, 0, 0)


def test_document_rows_deleted_by_any_path_take_their_text(engine):
    engine.index([doc(1, "Undangan rapat"), doc(2, "Undangan seminar")])
    IndexedDocument.objects.filter(object_id="1").delete()  # as a test database flush does
    engine.index([doc(3, "Nota dinas")])
    assert [hit.id for hit in ask(engine, "undangan").hits] == ["2"]


def test_a_rare_misspelling_in_the_index_does_not_hide_the_right_word(engine):
    # OCR wrote "pentng" once; "penting" is in many letters: the typed typo still finds them.
    engine.index([doc(i, f"Surat {i}", "alasan penting keluarga") for i in range(1, 5)])
    engine.index([doc(9, "Hasil pindai", "alasan pentng")])
    assert {hit.id for hit in ask(engine, "pentng", per_page=20).hits} == {"1", "2", "3", "4", "9"}


def test_known_word_is_not_widened(engine):
    engine.index([doc(i, "Rapat dinas", "rekam kegiatan") for i in range(1, 4)] + [doc(8, "Rekan kerja", "rekan")])
    assert {hit.id for hit in ask(engine, "rekam").hits} == {"1", "2", "3"}


def test_vocabulary_counts_documents_and_rebuild_resets_it(engine):
    engine.index([doc(1, "Penting"), doc(2, "penting sekali penting")])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT documents FROM {WORDS} WHERE word = %s", ["penting"])
        assert cursor.fetchone()[0] == 2
    engine.rebuild([doc(3, "Nota")])
    assert rows(WORDS) == 1


def test_question_of_stop_words_only_finds_nothing(engine):
    engine.index([doc(1, "Surat yang dan atau")])
    results = ask(engine, "yang dan")
    assert results.total == 0 and results.hits == []


def test_unknown_principal_sees_nothing_and_no_principal_nothing(engine):
    engine.index([doc(1, "Rahasia", principals=frozenset({"position:3"}))])
    assert ask(engine, "rahasia", principals=frozenset({"position:4"})).total == 0
    assert ask(engine, "rahasia", principals=frozenset()).total == 0
    assert ask(engine, "rahasia", principals=frozenset({"position:3"})).total == 1


@pytest.mark.parametrize("sparse_share", [0.0, 1.0])  # matches walked through the date index / read by id
def test_past_the_limits_total_stays_exact_and_order_falls_back_to_newest(engine, monkeypatch, sparse_share):
    import datetime

    from search.engines import embedded

    monkeypatch.setattr(embedded, "SPARSE_SHARE", sparse_share)
    monkeypatch.setattr(embedded, "FACET_LIMIT", 4)
    monkeypatch.setattr(embedded, "RANK_LIMIT", 4)
    letters = [doc(i, f"Surat edaran {i}", "surat", date=datetime.date(2024, 1, i), unit="Umum") for i in range(1, 11)]
    hidden = [doc(20 + i, "Surat rahasia", "surat", principals=frozenset({"user:9"})) for i in range(3)]
    engine.index(letters + hidden)
    results = ask(engine, "surat", per_page=3)
    assert results.total == 10  # counted exactly, the hidden letters left out
    assert [hit.id for hit in results.hits] == ["10", "9", "8"]  # newest first
    assert all(hit.score > 0 for hit in results.hits)  # the page's own scores
    assert dict(results.facets["unit"]) == {"Umum": 10}  # estimated from 4 matches, scaled to the total
    assert dict(results.facets["kind"]) == {"letter": 10}
    page2 = ask(engine, "surat", per_page=3, page=2)
    assert [hit.id for hit in page2.hits] == ["7", "6", "5"]


@pytest.mark.parametrize(
    "principals, visible",
    [
        (frozenset({PUBLIC}), {"1"}),
        (frozenset({STAFF}), {"2", "4"}),
        (frozenset({PUBLIC, STAFF}), {"1", "2", "4"}),
        (frozenset({PUBLIC, STAFF, "user:1"}), {"1", "2", "3", "4"}),
        (frozenset({STAFF, "user:2"}), {"2", "4", "5"}),
        (frozenset({"user:1"}), {"3", "4"}),
    ],
)
def test_totals_without_filters_count_only_what_the_reader_may_open(engine, principals, visible, monkeypatch):
    from search.engines import embedded

    engine.index(
        [
            doc(1, "Surat umum", principals=frozenset({PUBLIC})),
            doc(2, "Surat staf", principals=frozenset({STAFF})),
            doc(3, "Surat terbatas", principals=frozenset({"user:1"})),
            doc(4, "Surat terbatas staf", principals=frozenset({STAFF, "user:1"})),
            doc(5, "Surat lain", principals=frozenset({"user:2", "position:9"})),
            doc(6, "Nota tanpa kata", principals=frozenset({"user:1"})),
        ]
    )
    for facets, facet_limit in ((False, embedded.FACET_LIMIT), (True, embedded.FACET_LIMIT), (True, 1)):
        monkeypatch.setattr(embedded, "FACET_LIMIT", facet_limit)  # 1: the total is counted apart
        results = ask(engine, "surat", principals=principals, facets=facets, per_page=10)
        assert results.total == len(visible)
        assert {hit.id for hit in results.hits} == visible


def test_words_inside_letter_numbers_are_words(engine):
    engine.rebuild([doc(1, "Permohonan data", number="470/759/Bappeda/2023"), doc(2, "Laporan", "No. 005/KPU/2024")])
    assert [hit.id for hit in ask(engine, "bappeda").hits] == ["1"]
    assert [hit.id for hit in ask(engine, "kpu").hits] == ["2"]
    assert [hit.id for hit in ask(engine, "470/759").hits] == ["1"]  # the number itself still works


def test_a_word_most_documents_hold_is_not_required(engine):
    letters = [doc(i, f"Surat nomor {i}", "perihal rapat anggaran") for i in range(1, 12)]
    letters.append(doc(12, "Permohonan data", "kepada bappeda kabupaten"))  # no "surat"
    letters.append(doc(13, "Surat permohonan", "kepada bappeda kabupaten"))
    engine.rebuild(letters)
    results = ask(engine, "surat bappeda", per_page=5)
    assert [hit.id for hit in results.hits] == ["13", "12"]  # found without "surat", ranked below one with it
    assert ask(engine, "surat").total == 12  # alone it is still required
    assert ask(engine, "surat kelautan").total == 0  # the other word still is


def test_when_nothing_has_every_word_of_three_documents_missing_one_are_found(engine):
    engine.rebuild([doc(1, "Undangan rapat juni", "pelatihan arsip"), doc(2, "Undangan", "lain")])
    assert [hit.id for hit in ask(engine, "undangan bulan juni").hits] == ["1"]
    assert ask(engine, "undangan juni").total == 1
    assert ask(engine, "undangan kelautan").total == 0  # two words: both required


def test_counts_without_text_follow_every_change_of_the_index(engine):
    engine.rebuild([doc(1, "Satu", date=None), doc(2, "Dua")])
    first = ask(engine, "")
    assert first.total == 2 and ask(engine, "").total == 2  # the second from the cache
    engine.index([doc(3, "Tiga")])
    assert ask(engine, "").total == 3
    engine.delete("letter", ["1"])
    after = ask(engine, "")
    assert after.total == 2 and dict(after.facets["kind"]) == {"letter": 2}
    engine.rebuild([])
    assert ask(engine, "").total == 0

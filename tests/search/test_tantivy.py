"""What only the Tantivy engine does: its folder, the typo and common-word rules over its term statistics, exact
facets on many matches, readers that follow other processes' commits, the atomic rebuild and crash safety."""

from __future__ import annotations

import datetime
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from search.engines import EMBEDDED, available_engines, get_engine
from search.engines.tantivy import TantivyEngine
from search.engines.tantivy.store import LockBusy, Store, file_lock
from search.types import PUBLIC, STAFF, SearchDocument, SearchError, SearchQuery

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def engine(search_index_dir):
    engine = TantivyEngine(search_index_dir)
    engine.ensure_ready()
    engine.ensure_ready()  # idempotent
    return engine


def doc(id, title, body="", principals=frozenset({STAFF}), **fields):
    return SearchDocument(kind="letter", id=str(id), title=title, body=body, principals=principals, **fields)


def ask(engine, text="", principals=frozenset({PUBLIC, STAFF}), **options):
    return engine.search(SearchQuery(text=text, principals=principals, **options))


def ids(results):
    return [hit.id for hit in results.hits]


def child(mode: str, root: Path, count: int = 0, **options) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.search.tantivy_child", mode, str(root), str(count)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        **options,
    )


# --- the engine and its folder -------------------------------------------------------------------------------------


def test_get_engine_is_tantivy_in_the_data_folder():
    engine = get_engine()
    assert engine.name == EMBEDDED
    assert engine.store.root == Path(settings.SEARCH_INDEX_DIR)
    assert [name for name, _ in available_engines()] == [EMBEDDED]


@override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9")
def test_elasticsearch_url_switches_engines():
    assert get_engine().name == "elasticsearch"
    assert [name for name, _ in available_engines()] == [EMBEDDED, "elasticsearch"]


def test_the_folder_holds_a_pointer_and_one_generation(engine, search_index_dir):
    engine.index([doc(1, "Surat satu")])
    pointer = json.loads((search_index_dir / "CURRENT").read_text())
    generations = [path.name for path in search_index_dir.glob("g-*")]
    assert generations == [pointer["generation"]]
    assert (search_index_dir / pointer["generation"] / "meta.json").exists()


def test_an_index_of_another_schema_version_asks_for_a_rebuild(engine, search_index_dir):
    pointer = json.loads((search_index_dir / "CURRENT").read_text())
    (search_index_dir / "CURRENT").write_text(json.dumps({**pointer, "schema": 0}))
    fresh = TantivyEngine(search_index_dir / ".." / search_index_dir.name)  # another reader of the same folder
    with pytest.raises(SearchError, match="search_reindex"):
        ask(fresh, "surat")
    fresh.rebuild([doc(1, "Surat satu")])
    assert ids(ask(fresh, "surat")) == ["1"]


# --- text rules over the index's statistics ---------------------------------------------------------------------


def test_a_rare_misspelling_in_the_index_does_not_hide_the_right_word(engine):
    # OCR wrote "pentng" once; "penting" is in many letters: the typed typo still finds them, and marks them.
    engine.index([doc(i, f"Surat {i}", "alasan penting keluarga") for i in range(1, 5)])
    engine.index([doc(9, "Hasil pindai", "alasan pentng")])
    results = ask(engine, "pentng", per_page=20)
    assert set(ids(results)) == {"1", "2", "3", "4", "9"}
    assert all("<mark>" in hit.snippet for hit in results.hits)


def test_known_word_is_not_widened(engine):
    engine.index([doc(i, "Rapat dinas", "rekam kegiatan") for i in range(1, 4)] + [doc(8, "Rekan kerja", "rekan")])
    assert set(ids(ask(engine, "rekam"))) == {"1", "2", "3"}


def test_question_of_stop_words_only_finds_nothing(engine):
    engine.index([doc(1, "Surat yang dan atau")])
    results = ask(engine, "yang dan")
    assert results.total == 0 and results.hits == []


def test_unknown_principal_sees_nothing_and_no_principal_nothing(engine):
    engine.index([doc(1, "Rahasia", principals=frozenset({"position:3"}))])
    assert ask(engine, "rahasia", principals=frozenset({"position:4"})).total == 0
    assert ask(engine, "rahasia", principals=frozenset()).total == 0
    assert ask(engine, "rahasia", principals=frozenset({"position:3"})).total == 1


def test_words_inside_letter_numbers_are_words(engine):
    engine.rebuild([doc(1, "Permohonan data", number="470/759/Bappeda/2023"), doc(2, "Laporan", "No. 005/KPU/2024")])
    assert ids(ask(engine, "bappeda")) == ["1"]
    assert ids(ask(engine, "kpu")) == ["2"]
    assert ids(ask(engine, "470/759")) == ["1"]


def test_a_word_most_documents_hold_is_not_required(engine):
    letters = [doc(i, f"Surat nomor {i}", "perihal rapat anggaran") for i in range(1, 12)]
    letters.append(doc(12, "Permohonan data", "kepada bappeda kabupaten"))  # no "surat"
    letters.append(doc(13, "Surat permohonan", "kepada bappeda kabupaten"))
    engine.rebuild(letters)
    assert ids(ask(engine, "surat bappeda", per_page=5)) == ["13", "12"]  # found without "surat", ranked below
    assert ask(engine, "surat").total == 12  # alone it is still required
    assert ask(engine, "surat kelautan").total == 0  # the other word still is


def test_when_nothing_has_every_word_of_three_documents_missing_one_are_found(engine):
    engine.rebuild([doc(1, "Undangan rapat juni", "pelatihan arsip"), doc(2, "Undangan", "lain")])
    assert ids(ask(engine, "undangan bulan juni")) == ["1"]
    assert ask(engine, "undangan juni").total == 1
    assert ask(engine, "undangan kelautan").total == 0  # two words: both required


def test_sorted_by_date_a_page_still_carries_its_relevance_scores(engine):
    engine.index([doc(i, "Undangan rapat", "rapat " * i, date=datetime.date(2024, 1, i)) for i in range(1, 6)])
    results = ask(engine, "rapat", sort="date", per_page=3)
    assert ids(results) == ["5", "4", "3"]
    assert all(hit.score > 0 for hit in results.hits)


def test_facets_stay_exact_past_thousands_of_matches(engine):
    units = ["Umum"] * 1700 + ["Keuangan"] * 1300 + ["Sekretariat"] * 7
    letters = [
        doc(i, "Surat edaran", unit=unit, date=datetime.date(2020 + i % 5, 1, 1)) for i, unit in enumerate(units)
    ]
    hidden = [doc(10_000 + i, "Surat edaran", unit="Umum", principals=frozenset({"user:9"})) for i in range(40)]
    engine.rebuild(letters + hidden)
    results = ask(engine, "surat", per_page=5)
    assert results.total == 3007
    assert dict(results.facets["unit"]) == {"Umum": 1700, "Keuangan": 1300, "Sekretariat": 7}
    assert dict(results.facets["year"]) == {str(2020 + n): sum(1 for i in range(3007) if i % 5 == n) for n in range(5)}
    assert len(ask(engine, "surat", page=602, per_page=5).hits) == 2  # a deep page: the last two of 3,007
    assert not ask(engine, "surat", page=603, per_page=5).hits


def test_a_staff_reader_sees_restricted_letters_only_through_another_principal(engine):
    """A staff member's access clause leaves the restricted letters out (no union of the staff postings): checked
    with text, with filters only, and with neither, against the rule itself (a principal in common)."""
    staff_reader = frozenset({PUBLIC, STAFF, "user:5", "position:3"})
    letters = [
        doc(1, "Surat edaran cuti", unit="Umum"),
        doc(2, "Surat edaran cuti", unit="Umum", principals=frozenset({"user:5", "position:9"})),
        doc(3, "Surat edaran cuti", unit="Umum", principals=frozenset({"position:3"})),
        doc(4, "Surat edaran cuti", unit="Umum", principals=frozenset({"user:8", "position:9"})),
        doc(5, "Surat edaran cuti", unit="Umum", principals=frozenset({STAFF, "user:8"})),
        doc(6, "Surat edaran cuti", unit="Umum", principals=frozenset({PUBLIC})),
    ]
    engine.index(letters)
    for principals in (staff_reader, frozenset({STAFF}), frozenset({"position:9"}), frozenset({PUBLIC, "user:8"})):
        allowed = {letter.id for letter in letters if letter.principals & principals}
        for options in ({"text": "cuti"}, {"filters": {"unit": "Umum"}}, {}):
            results = ask(engine, principals=principals, per_page=50, **options)
            assert set(ids(results)) == allowed, (principals, options)
            assert results.total == len(allowed)
            assert sum(count for _, count in results.facets["unit"]) == len(allowed)


def test_code_facet_counts_the_filtered_code_itself_and_below_it(engine):
    codes = ["400", "400.12", "400.12", "400.12.1", "400.12.1.2", "400.12.1.2.3.4", "400.12.1.2.3.4", "400.13", "800"]
    engine.index([doc(i, "Surat edaran", code=code) for i, code in enumerate(codes)])
    facet = {
        code: dict(ask(engine, filters={"code": code}).facets["code"]) for code in ("400", "400.12", "400.12.1.2.3")
    }
    assert dict(ask(engine).facets["code"]) == {"400": 8, "800": 1}
    assert facet["400"] == {"400": 1, "400.12": 6, "400.13": 1}
    assert facet["400.12"] == {"400.12": 2, "400.12.1": 4}
    assert facet["400.12.1.2.3"] == {"400.12.1.2.3.4": 2}  # deeper than the levels indexed: by pattern


# --- readers, writers and rebuilds across processes ----------------------------------------------------------------


def test_a_reader_sees_another_process_commit_at_its_next_search(engine, search_index_dir):
    engine.index([doc(900, "Nota dinas lama")])
    assert ask(engine, "nota").total == 1  # this process has the index open
    writer = child("write", search_index_dir, 3)
    assert writer.wait(timeout=60) == 0
    assert ask(engine, "nota").total == 4
    assert ask(engine, '"proses lain"').total == 3


def test_searches_during_a_rebuild_never_fail_nor_find_an_empty_index(engine, search_index_dir):
    engine.rebuild([doc(i, f"Nota lama {i}") for i in range(1, 301)])
    rebuild = child("rebuild", search_index_dir, 3000)
    seen, errors = [], []
    while rebuild.poll() is None:
        try:
            seen.append(ask(engine, "nota", per_page=1).total)
        except Exception as error:  # noqa: BLE001 - any failure is what the test looks for
            errors.append(error)
    assert rebuild.returncode == 0
    seen.append(ask(engine, "nota", per_page=1).total)
    assert not errors
    assert set(seen) <= {300, 3000} and seen[0] == 300 and seen[-1] == 3000
    assert ask(engine, '"nota baru"').total == 3000
    assert len(list(search_index_dir.glob("g-*"))) == 1  # the old generation is gone


def test_changes_written_during_a_rebuild_reach_the_new_index(engine):
    engine.rebuild([doc(1, "Surat pertama"), doc(2, "Surat kedua")])

    def documents():
        yield doc(1, "Surat pertama")
        yield doc(2, "Surat kedua")
        # meanwhile the outbox applies a change and a removal (another thread, the rebuild's writer still open)
        worker = threading.Thread(
            target=lambda: (engine.index([doc(3, "Surat ketiga")]), engine.delete("letter", ["2"]))
        )
        worker.start()
        worker.join()
        assert ask(engine, "surat").total == 2  # written to the index searches read now: 1 and 3
        yield doc(4, "Surat keempat")

    assert engine.rebuild(documents()) == 3
    assert sorted(ids(ask(engine, "surat"))) == ["1", "3", "4"]


def test_one_rebuild_at_a_time(engine, search_index_dir):
    with file_lock(search_index_dir / "rebuild.lock"), pytest.raises(LockBusy):
        engine.rebuild([doc(1, "Surat")])


def test_a_rebuild_that_dies_leaves_the_index_and_its_leftovers_go_next_time(engine, search_index_dir):
    engine.rebuild([doc(1, "Surat lama")])

    def failing():
        yield doc(2, "Surat baru")
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        engine.rebuild(failing())
    assert ids(ask(engine, "surat")) == ["1"]
    leftover = search_index_dir / "g-19990101T000000-dead"  # as a rebuild killed by SIGKILL leaves it
    leftover.mkdir()
    engine.rebuild([doc(3, "Surat terbaru")])
    assert not leftover.exists() and ids(ask(engine, "surat")) == ["3"]


@pytest.mark.parametrize("delay", [0.0, 0.01, 0.05])
def test_a_writer_killed_mid_commit_loses_no_committed_batch_and_the_replay_completes_it(search_index_dir, delay):
    size = 2000
    writer = child("batches", search_index_dir, size)
    confirmed = -1
    for line in writer.stdout:  # kill it in its second commit (or later), after ``delay``
        kind, batch = line.split()
        if kind == "committed":
            confirmed = int(batch)
        elif int(batch) >= 1:
            time.sleep(delay)
            os.kill(writer.pid, signal.SIGKILL)
            break
    writer.wait(timeout=60)
    engine = TantivyEngine(search_index_dir)
    total = engine.count()
    assert total % size == 0 and total >= (confirmed + 1) * size  # whole batches only, none confirmed lost
    assert ask(engine, "nota", per_page=1).total == total
    # The outbox replays the batch whose commit it never saw returned (its rows were not deleted): all there.
    last = total // size
    engine.index([doc(n, f"Nota {n}") for n in range(last * size + 1, (last + 1) * size + 1)])
    assert engine.count() == (last + 1) * size
    Store(search_index_dir).searcher()  # a new reader opens it too

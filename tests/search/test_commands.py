"""The search commands: `search` (table and JSON lines), `search_reindex`, `search_status`, `search_apply`."""

from __future__ import annotations

import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search.engines.elasticsearch import ElasticsearchEngine
from search.models import IndexUpdate
from search.types import SearchDocument
from search.worker import apply_pending
from tests.search import fixtures_records as records
from tests.search.fixtures_records import apply_all

catalogue, codes, engine, letters, office = (
    records.catalogue,
    records.codes,
    records.engine,
    records.letters,
    records.office,
)

pytestmark = pytest.mark.django_db
HIT_KEYS = {"kind", "id", "title", "score", "snippet", "url", "date", "number", "sender", "code", "status", "unit"}


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def json_lines(*args) -> tuple[list[dict], dict]:
    out, _err = run("search", *args, "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    return lines[:-1], lines[-1]


def test_json_output_has_one_object_per_hit_and_the_facets_last(letters, catalogue, engine):
    apply_all(engine)
    hits, last = json_lines("zamrud")
    assert {(hit["kind"], hit["id"]) for hit in hits} == {
        ("letter", letters["open"].pk),
        ("sop", catalogue["published"].pk),
    }  # the restricted letter and the draft SOP are not among them
    for hit in hits:
        assert HIT_KEYS <= set(hit) and isinstance(hit["id"], int) and isinstance(hit["score"], float)
        assert "<mark>zamrud</mark>" in hit["snippet"].lower()
    assert last["total"] == 2 and set(last) >= {"facets", "total"}
    kinds = {row["value"]: row["count"] for row in last["facets"]["kind"]}
    assert kinds == {"letter": 1, "sop": 1}


def test_the_letter_id_is_the_one_ingest_reports(tmp_path, engine, office):
    corpus = records_corpus()
    shutil.copy(corpus / "letters/contoh_5933.pdf", tmp_path)
    out, _err = run("ingest", tmp_path / "contoh_5933.pdf", "--wait", "--json")
    ingested = json.loads(out.splitlines()[0])
    assert ingested["letter_id"]
    apply_all(engine)
    number = ingested["fields"]["number"]["value"]
    hits, _facets = json_lines(number, "--filter", "kind=letter")
    assert [hit["id"] for hit in hits][:1] == [ingested["letter_id"]]


def records_corpus():
    from pathlib import Path

    from django.conf import settings

    path = Path(settings.SHARED_DIR) / "corpus" / "dev"
    if not path.is_dir():
        pytest.fail(f"The letter corpus is missing: {path}")
    return path


def test_human_output_lists_hits_with_snippets_and_counts(letters, engine):
    apply_all(engine)
    out, _err = run("search", "zamrud", "--filter", "kind=letter")
    assert f"[surat #{letters['open'].pk}] Undangan sosialisasi administrasi kependudukan" in out
    assert "[zamrud]" in out  # the matched word, marked
    assert "1 hasil, halaman 1 dari 1" in out
    assert "kind: letter (1)" in out
    assert "Laporan pemeriksaan khusus" not in out


def test_user_option_searches_as_that_user(letters, office, engine):
    apply_all(engine)
    hits, _ = json_lines("zamrud", "--user", "kadis", "--filter", "kind=letter")
    assert {hit["id"] for hit in hits} == {letters["open"].pk, letters["secret"].pk}
    hits, _ = json_lines("zamrud", "--user", "staf", "--filter", "kind=letter")
    assert {hit["id"] for hit in hits} == {letters["open"].pk}
    hits, last = json_lines("zamrud", "--anonymous")
    assert {hit["kind"] for hit in hits} == {"sop"} or hits == []
    assert all(row["value"] in {"sop", "service_standard"} for row in last["facets"].get("kind", []))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--filter", "warna=merah"], "Filter tidak dikenal: warna"),
        (["--filter", "kind"], "kunci=nilai"),
        (["--filter", "kind=surat"], "Jenis tidak dikenal: surat"),
        (["--filter", "date_from=03-03-2025"], "date_from harus tanggal"),
        (["--filter", "year=25"], "year harus empat angka"),
        (["--sort", "abjad"], "Urutan tidak dikenal: abjad"),
        (["--limit", "0"], "--limit harus antara 1 dan 100"),
        (["--user", "tidak-ada"], "Pengguna tidak dikenal: tidak-ada"),
    ],
)
def test_bad_options_are_clear_errors_with_exit_code_2(args, message, engine):
    with pytest.raises(CommandError) as error:
        run("search", "zamrud", *args)
    assert message in str(error.value)
    assert error.value.returncode == 2


def test_filters_and_paging_reach_the_engine(letters, catalogue, engine):
    apply_all(engine)
    hits, last = json_lines("", "--filter", "kind=letter", "--filter", "code=T80", "--sort", "date", "--limit", "1")
    assert len(hits) == 1 and last["total"] == 1 and last["per_page"] == 1
    hits, last = json_lines("zamrud", "--limit", "1", "--page", "2")
    assert len(hits) == 1 and last["page"] == 2 and last["total"] == 2


def test_reindex_rebuilds_everything_with_progress_and_clears_the_outbox(letters, catalogue, codes, engine):
    records.case_file(codes)
    engine.index([SearchDocument(kind="letter", id="424242", title="Tersisa", principals=frozenset({"staff"}))])
    assert IndexUpdate.objects.exists()
    out, err = run("search_reindex")
    assert not IndexUpdate.objects.exists()  # every waiting update was read anew by the rebuild
    assert engine.count("letter") == 2 and engine.count("sop") == 1 and engine.count("case_file") == 1
    assert engine.count() == 4  # the stale document of a record that does not exist is gone
    assert "4/4" in err and "100%" in err and "dok/dtk" in err
    assert "4 dokumen diindeks" in out


def test_reindex_of_one_kind_and_an_unknown_kind(letters, catalogue, engine):
    apply_all(engine)
    IndexUpdate.objects.all().delete()
    letters["open"].save()  # letter and dispositions rows
    out, err = run("search_reindex", "--kind", "letter")
    assert "2 dokumen diindeks (letter)" in out and "2/2" in err
    assert not IndexUpdate.objects.filter(kind="letter").exists()
    with pytest.raises(CommandError) as error:
        run("search_reindex", "--kind", "surat")
    assert "Jenis tidak dikenal: surat" in str(error.value) and error.value.returncode == 2


def test_status_shows_engine_counts_and_backlog(letters, catalogue, engine):
    apply_all(engine)
    out, _err = run("search_status", "--json")
    report = json.loads(out)
    assert report["reachable"] is True and report["engine"] == engine.name
    assert report["kinds"]["letter"] == {"indexed": 2, "sources": 2, "error": ""}
    assert report["kinds"]["sop"]["indexed"] == report["kinds"]["sop"]["sources"] == 1
    assert report["outbox"]["rows"] == 0 and report["outbox"]["oldest_age_seconds"] is None
    assert report["index"]["documents"] == 3 and report["index"]["generation"].startswith("g-")
    assert "Indeks:" in run("search_status")[0]


def test_status_shows_rows_that_failed_and_why(letters, engine):
    apply_all(engine)
    letters["open"].save()
    down = ElasticsearchEngine("http://127.0.0.1:9", index_prefix="naskah-down", request_timeout=1)
    apply_pending(down)
    report = json.loads(run("search_status", "--json")[0])
    outbox = report["outbox"]
    assert outbox["rows"] >= 1 and outbox["failing"] == outbox["rows"] and outbox["due"] == 0
    assert outbox["oldest_age_seconds"] >= 0
    assert "does not answer" in outbox["errors"][0]["last_error"] and outbox["errors"][0]["attempts"] == 1
    out, _err = run("search_status")
    assert "Antrean indeks:" in out and "pernah gagal" in out and "does not answer" in out
    assert "letter" in out and "terhubung" in out


def test_load_demo_ends_with_a_rebuilt_index(settings, seeds_dir, engine):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    out, err = run("load_demo", "--no-letters")
    assert "86 dokumen diindeks" in out and "86/86" in err
    assert engine.count("sop") == 85 and engine.count("service_standard") == 1
    assert not IndexUpdate.objects.exists()


def test_without_user_the_first_administrator_searches(letters, office, engine):
    from django.contrib.auth import get_user_model

    from tests.factories.dispositions import registered_letter
    from tests.search.fixtures_records import attach_capture

    admin = get_user_model().objects.create_superuser("admin", "admin@example.test", "x")
    own = registered_letter(user=admin, subject="Nota rahasia pimpinan", security="rahasia")
    attach_capture(own, text="berlian titipan", created_by=admin)
    apply_all(engine)
    hits, _ = json_lines("berlian")  # registered by the administrator: on its own chain
    assert [hit["id"] for hit in hits] == [own.pk]
    hits, _ = json_lines("cincin")  # restricted, registered by the operator: no exception for administrators
    assert hits == []
    hits, _ = json_lines("zamrud", "--filter", "kind=letter")
    assert [hit["id"] for hit in hits] == [letters["open"].pk]

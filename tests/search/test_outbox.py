"""The durable outbox: rows written in the saving transaction, applied by the worker, kept while the engine is down.

Engine failures use real engine objects: an Elasticsearch engine pointed at a closed port (a real client that
cannot connect), and, to fail one kind's write while the engine answers, a small subclass of the embedded engine
whose ``index`` raises for letters: a test double of a failure, everything else in it is the real engine.
"""

from __future__ import annotations

import datetime
import socket
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone

from archive.models import IncomingLetter
from archive.services.dispositions import disposition_create
from search.applier_lock import ADVISORY_LOCK_KEY
from search.engines import embedded_engine, get_engine
from search.engines.elasticsearch import ElasticsearchEngine
from search.models import IndexUpdate
from search.outbox import enqueue
from search.types import SearchDocument, SearchQuery
from search.worker import apply_pending, backoff
from tests.factories.archive import IncomingLetterFactory
from tests.search import fixtures_records as records
from tests.search.fixtures_records import apply_all, attach_capture, pending_keys

codes, engine, letters, office = records.codes, records.engine, records.letters, records.office

pytestmark = pytest.mark.django_db
FUTURE = datetime.datetime.max.replace(tzinfo=datetime.UTC)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens here once the probe is closed


@pytest.fixture
def engine_down():
    return ElasticsearchEngine(f"http://127.0.0.1:{closed_port()}", index_prefix="naskah-down", request_timeout=1)


def find(engine, text: str, principals=frozenset({"public", "staff"})) -> set[tuple[str, str]]:
    results = engine.search(SearchQuery(text=text, principals=frozenset(principals), per_page=100))
    return {(hit.kind, hit.id) for hit in results.hits}


def test_saving_a_letter_enqueues_it_in_the_same_transaction(office):
    with transaction.atomic():
        letter = IncomingLetterFactory(subject="Surat uji antrean")
        assert ("letter", str(letter.pk)) in pending_keys()
    assert ("letter", str(letter.pk)) in pending_keys()


def test_a_rolled_back_change_leaves_no_outbox_row(office):
    before = IndexUpdate.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        IncomingLetterFactory(subject="Surat yang batal")
        assert IndexUpdate.objects.count() > before
        raise RuntimeError("the save fails after the letter row was written")
    assert IndexUpdate.objects.count() == before
    assert not IncomingLetter.objects.filter(subject="Surat yang batal").exists()


def test_the_worker_applies_rows_collapses_repeats_and_deletes_them(letters, engine):
    apply_all(engine)
    letter = letters["open"]
    for _ in range(3):
        enqueue("letter", [letter.pk])
    letter.subject = "Undangan sosialisasi kependudukan pirus"
    letter.save()
    report = apply_all(engine)
    assert report.failed == 0 and report.rows >= 4
    assert report.indexed == 1  # the letter once, its repeats collapsed (it has no disposition yet)
    assert not IndexUpdate.objects.exists()
    assert find(engine, "pirus") == {("letter", str(letter.pk))}


def test_a_record_that_is_gone_is_deleted_from_the_index(engine):
    engine.index(
        [SearchDocument(kind="letter", id="987654", title="Surat hantu safir", principals=frozenset({"staff"}))]
    )
    assert find(engine, "safir") == {("letter", "987654")}
    enqueue("letter", ["987654"], action=IndexUpdate.Action.DELETE)
    report = apply_all(engine)
    assert report.deleted == 1 and report.failed == 0
    assert find(engine, "safir") == set()
    assert not IndexUpdate.objects.exists()


def test_rows_not_yet_due_wait(letters, engine):
    apply_all(engine)
    enqueue("letter", [letters["open"].pk])
    IndexUpdate.objects.update(not_before=timezone.now() + datetime.timedelta(minutes=1))
    assert apply_pending(engine).rows == 0
    assert IndexUpdate.objects.count() == 1
    assert apply_pending(engine, now=lambda: timezone.now() + datetime.timedelta(minutes=2)).rows == 1


def test_backoff_doubles_up_to_five_minutes():
    assert [backoff(n).total_seconds() for n in range(1, 9)] == [5, 10, 20, 40, 80, 160, 300, 300]


def test_engine_down_keeps_rows_with_attempts_and_backoff_then_applies_them(letters, engine, engine_down):
    apply_all(engine)
    letter = letters["open"]
    letter.subject = "Undangan sosialisasi kependudukan kecubung"
    letter.save()
    keys = pending_keys()
    assert ("letter", str(letter.pk)) in keys
    started = timezone.now()
    report = apply_pending(engine_down)
    assert report.failed == len(IndexUpdate.objects.all()) and report.rows == 0
    assert "does not answer" in report.error
    rows = list(IndexUpdate.objects.all())
    assert pending_keys() == keys  # nothing lost
    for row in rows:
        assert row.attempts == 1 and "elasticsearch" in row.last_error
        assert row.not_before >= started + datetime.timedelta(seconds=5)
    # not due yet: a run right away changes nothing
    assert apply_pending(engine_down).failed == 0
    assert {row.attempts for row in IndexUpdate.objects.all()} == {1}
    # due again and still down: the wait doubles
    later = timezone.now() + datetime.timedelta(seconds=6)
    apply_pending(engine_down, now=lambda: later)
    for row in IndexUpdate.objects.all():
        assert row.attempts == 2 and row.not_before >= later + datetime.timedelta(seconds=10)
    assert find(engine, "kecubung") == set()
    # the engine is back: everything waiting is applied
    report = apply_pending(engine, now=lambda: FUTURE)
    assert report.failed == 0 and report.rows == len(rows)
    assert not IndexUpdate.objects.exists()
    assert find(engine, "kecubung") == {("letter", str(letter.pk))}


class LettersFailEngine(type(embedded_engine())):
    """The embedded engine, except that writing letters raises (a write the engine refuses)."""

    def index(self, documents):
        documents = list(documents)
        if any(document.kind == "letter" for document in documents):
            raise ConnectionError("index write refused")
        return super().index(documents)


class ConcurrentChangeEngine(type(embedded_engine())):
    """The embedded engine; while it writes, another transaction enqueues the same letter again (as a save
    committed during the worker's run would)."""

    def __init__(self, letter_id):
        super().__init__()
        self.letter_id = letter_id

    def index(self, documents):
        written = super().index(documents)
        if self.letter_id is not None:
            enqueue("letter", [self.letter_id])
            self.letter_id = None
        return written


def test_a_kind_that_fails_waits_while_the_others_are_applied(letters, codes, engine):
    apply_all(engine)
    records.case_file(codes, topic="Berkas giok")
    letters["open"].save()
    report = apply_pending(LettersFailEngine())
    assert report.failed >= 1 and "index write refused" in report.error
    assert {kind for kind, _ in pending_keys()} == {"letter"}  # the case file was applied, the letter waits
    assert find(engine, "giok", {"casefiles"}) != set()
    row = IndexUpdate.objects.get(kind="letter")
    assert row.attempts == 1 and "ConnectionError: index write refused" == row.last_error


class OneLetterFailsEngine(type(embedded_engine())):
    """The embedded engine, except that it refuses one letter (as it would a document it cannot take)."""

    def __init__(self, refused_id: str):
        super().__init__()
        self.refused_id = refused_id

    def index(self, documents):
        documents = list(documents)
        if any(document.kind == "letter" and document.id == self.refused_id for document in documents):
            raise ValueError("document refused")
        return super().index(documents)


def test_one_failing_document_never_blocks_the_others(letters, engine):
    apply_all(engine)
    refused, others = letters["open"], [letter for key, letter in letters.items() if key != "open"]
    for letter in letters.values():
        letter.save()
    report = apply_pending(OneLetterFailsEngine(str(refused.pk)))
    assert report.failed == 1 and "document refused" in report.error
    assert pending_keys() == {("letter", str(refused.pk))}  # only the refused letter waits, with its reason
    row = IndexUpdate.objects.get()
    assert row.attempts == 1 and row.last_error == "ValueError: document refused"
    assert report.rows >= len(others) and report.indexed >= len(others)


def test_a_row_written_while_the_worker_runs_is_not_deleted(letters, engine):
    apply_all(engine)
    letter = letters["open"]
    enqueue("letter", [letter.pk])
    taken = set(IndexUpdate.objects.values_list("pk", flat=True))
    report = apply_pending(ConcurrentChangeEngine(letter.pk), max_batches=1)
    assert report.rows == len(taken)
    left = list(IndexUpdate.objects.all())
    assert len(left) == 1 and left[0].pk not in taken and left[0].object_id == str(letter.pk)


def test_disposing_to_a_post_re_enqueues_the_letter_and_its_dispositions(letters, office, engine):
    apply_all(engine)
    letter = letters["secret"]
    first = disposition_create(
        letter=letter,
        from_position=office["kadis"],
        user=office.users["kadis"],
        recipients=[office["sekretaris"]],
        note="Untuk diketahui.",
    )
    apply_all(engine)
    disposition_create(
        letter=letter,
        from_position=office["kadis"],
        user=office.users["kadis"],
        recipients=[office["kabid"]],
        note="Tindak lanjuti.",
    )
    keys = pending_keys()
    assert ("letter", str(letter.pk)) in keys and ("disposition", str(first.pk)) in keys


def test_a_new_ocr_text_enqueues_the_letter(office):
    letter = IncomingLetterFactory()
    IndexUpdate.objects.all().delete()
    capture = attach_capture(letter, text="teks pertama")
    assert ("letter", str(letter.pk)) in pending_keys()
    IndexUpdate.objects.all().delete()
    capture.status = capture.Status.REGISTERED
    capture.save(update_fields=["status"])  # processing state only: the document does not change
    assert pending_keys() == set()
    capture.text = "teks kedua"
    capture.save()
    assert ("letter", str(letter.pk)) in pending_keys()


def test_search_apply_command_runs_the_worker(letters, engine, capsys):
    call_command("search_apply")
    assert not IndexUpdate.objects.filter(not_before__lte=timezone.now()).exists()
    assert "antrean diterapkan" in capsys.readouterr().out
    assert find(engine, "zamrud") == {("letter", str(letters["open"].pk))}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_committed_save_is_applied_by_the_task_at_commit(office):
    engine = get_engine()
    engine.ensure_ready()
    with transaction.atomic():
        letter = IncomingLetterFactory(subject="Surat pengadaan batu akik")
        attach_capture(letter, text="batu akik untuk pameran")
        assert pending_keys()  # written, waiting for the commit
    # at commit the drain task ran (the immediate task backend in tests)
    assert not IndexUpdate.objects.exists()
    assert find(engine, "akik") == {("letter", str(letter.pk))}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the advisory lock is PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_second_worker_waits_its_turn_on_postgresql(office):
    engine = get_engine()
    engine.ensure_ready()
    letter = IncomingLetterFactory(subject="Surat dua pekerja")  # applied at once (autocommit)
    enqueue("letter", [letter.pk])  # a row no task was asked to apply
    held, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic(), connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
                held.set()
                release.wait(10)
        finally:
            connections["default"].close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert held.wait(10)
        report = apply_pending(engine)
        assert report.busy and report.rows == 0 and IndexUpdate.objects.exists()
    finally:
        release.set()
        thread.join(10)
    report = apply_pending(engine)
    assert not report.busy and report.rows >= 1 and not IndexUpdate.objects.exists()


class WatchingEngine(type(embedded_engine())):
    """The embedded engine, noting for each call whether it came inside a database transaction; it refuses one
    letter (so the one-by-one retry runs too)."""

    def __init__(self, refused_id: str):
        super().__init__()
        self.refused_id = refused_id
        self.calls: list[tuple[str, bool]] = []

    def _note(self, name: str) -> None:
        self.calls.append((name, connection.in_atomic_block))

    def ping(self):
        self._note("ping")
        return super().ping()

    def index(self, documents):
        documents = list(documents)
        self._note("index")
        if any(document.id == self.refused_id for document in documents):
            raise ValueError("document refused")
        return super().index(documents)

    def delete(self, kind, ids):
        self._note("delete")
        return super().delete(kind, ids)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_engine_is_never_called_inside_a_database_transaction(office):
    refused, taken = IncomingLetterFactory(subject="Surat ditolak"), IncomingLetterFactory(subject="Surat diterima")
    enqueue("letter", [refused.pk, taken.pk, 987654321])  # the last one is gone: deleted from the index
    engine = WatchingEngine(str(refused.pk))
    engine.ensure_ready()
    assert not connection.in_atomic_block
    report = apply_pending(engine)
    assert {name for name, _ in engine.calls} == {"ping", "index", "delete"}
    assert [call for call in engine.calls if call[1]] == []  # every call in autocommit
    assert report.failed == 1 and report.rows == 2 and report.deleted == 1
    row = IndexUpdate.objects.get()
    assert row.object_id == str(refused.pk) and row.attempts == 1 and row.last_error == "ValueError: document refused"
    assert find(engine, "diterima") == {("letter", str(taken.pk))}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_second_applier_is_busy_while_the_first_holds_the_lock_without_a_transaction(office):
    from search.applier_lock import applier_lock

    engine = get_engine()
    engine.ensure_ready()
    enqueue("letter", [IncomingLetterFactory(subject="Surat giliran").pk])
    held, release = threading.Event(), threading.Event()
    holder: dict = {}

    def first_applier():
        try:
            with applier_lock() as got:
                holder["got"] = got
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_backend_pid()")
                        holder["pid"] = cursor.fetchone()[0]
                held.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_applier)
    thread.start()
    try:
        assert held.wait(10) and holder["got"]
        if connection.vendor == "postgresql":  # the lock holder's session has no transaction open
            with connection.cursor() as cursor:
                cursor.execute("SELECT state FROM pg_stat_activity WHERE pid = %s", [holder["pid"]])
                assert cursor.fetchone()[0] == "idle"
        report = apply_pending(engine)
        assert report.busy and report.rows == 0 and IndexUpdate.objects.exists()
    finally:
        release.set()
        thread.join(10)
    report = apply_pending(engine)
    assert not report.busy and report.rows >= 1 and not IndexUpdate.objects.exists()

"""Sequences and the numbers made from them: per scope and year, gap-free on rollback, unique under concurrency.

The concurrency tests start several transactions at once (a barrier), each in its own thread and connection,
and hold each transaction open a moment after taking its number so the others pile up behind it:

- PostgreSQL (DATABASE_URL set): the transactions run in parallel on the test database and queue on the
  counter row's lock (and race to create it, for the first number of a year).
- SQLite: the in-memory test database is shared between threads through SQLite's shared cache, whose locks
  fail at once instead of waiting, so it is not what production runs. The test copies it into a file and opens
  that with the production settings (WAL, BEGIN IMMEDIATE, a busy timeout), where each transaction waits for
  the write lock: this is what serialises registrations on SQLite.
"""

from __future__ import annotations

import datetime
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.utils import load_backend

from archive.models import IncomingLetter, RegisterEntry, Sequence
from archive.services.letters import letter_confirm
from archive.services.numbering import (
    outgoing_number_format,
    outgoing_number_issue,
    register_default,
    sequence_next,
    sequence_peek,
)
from tests.factories.archive import IncomingLetterFactory, UnitFactory

WORKERS = 8
HOLD_SECONDS = 0.05  # how long each transaction keeps its number before committing


class Abandoned(Exception):
    """Raised inside a transaction to roll it back after it took a number."""


# Sequences --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sequence_counts_per_scope_and_year():
    assert [sequence_next(scope="register:1", year=2025) for _ in range(3)] == [1, 2, 3]
    assert sequence_next(scope="register:2", year=2025) == 1
    assert sequence_next(scope="register:1", year=2026) == 1  # a new year starts again at 1
    assert sequence_next(scope="register:1", year=2025) == 4
    assert sequence_peek(scope="register:1", year=2025) == 4
    assert sequence_peek(scope="register:9", year=2025) == 0
    assert Sequence.objects.filter(scope="register:1").count() == 2


@pytest.mark.django_db
def test_rolled_back_transaction_gives_its_number_back():
    assert sequence_next(scope="s", year=2025) == 1
    with pytest.raises(Abandoned), transaction.atomic():
        assert sequence_next(scope="s", year=2025) == 2
        raise Abandoned
    assert sequence_next(scope="s", year=2025) == 2
    # Also the very first number of a year, whose counter row is created in the rolled-back transaction.
    with pytest.raises(Abandoned), transaction.atomic():
        assert sequence_next(scope="s", year=2030) == 1
        raise Abandoned
    assert not Sequence.objects.filter(scope="s", year=2030).exists()
    assert sequence_next(scope="s", year=2030) == 1


# Outgoing numbers -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_outgoing_number_default_pattern_and_sequence_per_unit_and_year():
    unit = UnitFactory(code="427.43")
    other = UnitFactory(code="PIAK")
    assert outgoing_number_issue(code="188.4", unit=unit, year=2018) == "188.4/1/427.43/2018"
    assert outgoing_number_issue(code="005", unit=unit, year=2018) == "005/2/427.43/2018"
    assert outgoing_number_issue(code="005", unit=other, year=2018) == "005/1/PIAK/2018"
    assert outgoing_number_issue(code="005", unit=unit, year=2019) == "005/1/427.43/2019"


@pytest.mark.django_db
def test_outgoing_number_counts_naskah_types_apart_when_asked():
    unit = UnitFactory(code="OR")
    assert outgoing_number_issue(code="000.8.3.3", unit=unit, year=2024, naskah_type="surat_tugas").split("/")[1] == "1"
    assert outgoing_number_issue(code="000.8.3.3", unit=unit, year=2024, naskah_type="keputusan").split("/")[1] == "1"
    assert outgoing_number_issue(code="000.8.3.3", unit=unit, year=2024, naskah_type="surat_tugas").split("/")[1] == "2"
    assert outgoing_number_issue(code="000.8.3.3", unit=unit, year=2024).split("/")[1] == "1"


@pytest.mark.django_db
def test_outgoing_number_pattern_from_argument_and_setting(settings):
    unit = UnitFactory(code="OR")
    assert outgoing_number_issue(code="000.8.3.3", unit=unit, year=2023, pattern="{code}/{serial}/{unit_code}") == (
        "000.8.3.3/1/OR"
    )
    settings.ARCHIVE_OUTGOING_NUMBER_PATTERN = "{code}/{serial:03d}/{unit_code}/{year}"
    assert outgoing_number_issue(code="000.8.3.3", unit=unit, year=2023) == "000.8.3.3/002/OR/2023"
    assert (
        outgoing_number_format(
            pattern="B-{serial}/{unit_code}/{code}/{year}", code="KP.07.6", serial=99, unit_code="IJ", year=2020
        )
        == "B-99/IJ/KP.07.6/2020"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pattern", "message"),
    [("{code}/{unit_code}/{year}", "no {serial}"), ("{code}/{serial}/{bulan}", "bulan"), ("{code}/{0}", "Unknown")],
)
def test_bad_pattern_is_refused_before_a_serial_is_taken(pattern, message):
    unit = UnitFactory(code="OR")
    with pytest.raises(ValueError, match=message):
        outgoing_number_issue(code="005", unit=unit, year=2025, pattern=pattern)
    assert outgoing_number_issue(code="005", unit=unit, year=2025) == "005/1/OR/2025"


# Concurrency ------------------------------------------------------------------------------------------------


def _run_in_threads(jobs: list[Callable], *, connect: Callable[[], None]) -> list:
    """Run each job in its own thread and database connection; return each result or the exception it raised."""
    results: list = [None] * len(jobs)

    def run(index: int, job: Callable) -> None:
        try:
            connect()
            results[index] = job()
        except BaseException as error:  # noqa: BLE001 - reported to the test, which asserts on it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker thread did not finish"
    return results


def _on_database(job: Callable, *, connect: Callable[[], None]):
    (result,) = _run_in_threads([job], connect=connect)
    if isinstance(result, BaseException):
        raise result
    return result


def _concurrent_registrations(*, connect: Callable[[], None], year: int) -> tuple[list[int], list]:
    """Confirm WORKERS letters at once, one of them rolled back after taking its number; return numbers given."""

    def setup() -> list[int]:
        register_default()
        return [
            letter.pk for letter in IncomingLetterFactory.create_batch(WORKERS, received_on=datetime.date(year, 6, 2))
        ]

    pks = _on_database(setup, connect=connect)
    barrier = threading.Barrier(WORKERS)

    def confirm(index: int, pk: int) -> int:
        letter = IncomingLetter.objects.get(pk=pk)
        barrier.wait(timeout=60)
        with transaction.atomic():
            letter_confirm(letter=letter, user=None)
            time.sleep(HOLD_SECONDS)
            if index == WORKERS // 2:
                raise Abandoned
        return letter.register_entry.agenda_number

    outcomes = _run_in_threads([partial(confirm, index, pk) for index, pk in enumerate(pks)], connect=connect)

    def numbers() -> list[int]:
        entries = RegisterEntry.objects.filter(letter_id__in=pks, agenda_year=year)
        return sorted(entries.values_list("agenda_number", flat=True))

    return _on_database(numbers, connect=connect), outcomes


def _concurrent_outgoing_numbers(*, connect: Callable[[], None]) -> list:
    unit = _on_database(lambda: UnitFactory(code="PIAK"), connect=connect)
    barrier = threading.Barrier(WORKERS)

    def issue(index: int) -> str:
        barrier.wait(timeout=60)
        with transaction.atomic():
            number = outgoing_number_issue(code="000.8", unit=unit, year=2025)
            time.sleep(HOLD_SECONDS)
            if index == 0:
                raise Abandoned
        return number

    return _run_in_threads([partial(issue, index) for index in range(WORKERS)], connect=connect)


def _assert_gap_free(numbers: list[int], outcomes: list) -> None:
    failures = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    assert all(isinstance(failure, Abandoned) for failure in failures), failures
    assert len(failures) == 1
    assert numbers == list(range(1, WORKERS))  # 1..N-1: no repeat, no gap, the rolled-back number reused
    assert sorted(outcome for outcome in outcomes if not isinstance(outcome, BaseException)) == numbers


def _same_connection() -> None:
    """Threads open their own connection to the test database on first use."""


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_registrations_get_gap_free_agenda_numbers_on_postgresql():
    numbers, outcomes = _concurrent_registrations(connect=_same_connection, year=2025)
    _assert_gap_free(numbers, outcomes)
    # A second round finds the year's counter row and continues it.
    again, outcomes = _concurrent_registrations(connect=_same_connection, year=2025)
    assert again[0] == WORKERS and len(again) == WORKERS - 1
    assert sorted(numbers + again) == list(range(1, 2 * WORKERS - 1))


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_outgoing_numbers_never_repeat_on_postgresql():
    outcomes = _concurrent_outgoing_numbers(connect=_same_connection)
    issued = [outcome for outcome in outcomes if isinstance(outcome, str)]
    assert sorted(int(number.split("/")[1]) for number in issued) == list(range(1, WORKERS))
    assert all(number.endswith("/PIAK/2025") for number in issued)


@pytest.fixture
def sqlite_file_database(db, tmp_path) -> Iterator[Callable[[], None]]:
    """A file copy of the test database; the returned function opens it, in the calling thread, as production does."""
    from naskah.settings import base

    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant runs when DATABASE_URL is not set")
    options = dict(base.DATABASES["default"].get("OPTIONS", {}))
    assert options.get("transaction_mode") == "IMMEDIATE", "production SQLite must open transactions IMMEDIATE"
    connection.ensure_connection()
    path = tmp_path / "naskah.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)  # before this test writes anything, so no lock stands in the way
    target.close()
    settings_dict = {**connection.settings_dict, "NAME": str(path), "OPTIONS": options}

    def connect() -> None:
        backend = load_backend(settings_dict["ENGINE"])
        connections[DEFAULT_DB_ALIAS] = backend.DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)

    # The test database's own wrapper carries what later transactional tests restore from; put it back.
    original = connections[DEFAULT_DB_ALIAS]
    yield connect
    connections[DEFAULT_DB_ALIAS] = original


def test_concurrent_registrations_get_gap_free_agenda_numbers_on_sqlite(sqlite_file_database):
    numbers, outcomes = _concurrent_registrations(connect=sqlite_file_database, year=2025)
    _assert_gap_free(numbers, outcomes)
    again, _outcomes = _concurrent_registrations(connect=sqlite_file_database, year=2025)
    assert sorted(numbers + again) == list(range(1, 2 * WORKERS - 1))


def test_concurrent_outgoing_numbers_never_repeat_on_sqlite(sqlite_file_database):
    outcomes = _concurrent_outgoing_numbers(connect=sqlite_file_database)
    issued = [outcome for outcome in outcomes if isinstance(outcome, str)]
    assert sorted(int(number.split("/")[1]) for number in issued) == list(range(1, WORKERS))

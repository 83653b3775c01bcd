"""Shared fixtures: the catalogue site tree and the shared folder beside the repository."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import cms as cms_factories


@pytest.fixture
def shared_dir() -> Path:
    path = Path(settings.SHARED_DIR)
    if not path.is_dir():
        pytest.fail(f"The shared folder is missing: {path} (set NASKAH_SHARED_DIR)")
    return path


@pytest.fixture
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture
def site_tree(db):
    """Home page, catalogue and one unit, published, as the default site."""
    home, catalogue = cms_factories.build_site()
    unit = cms_factories.add_unit(catalogue)
    return home, catalogue, unit


@pytest.fixture(scope="session", autouse=True)
def serialized_contents_in_every_context(django_db_setup):
    """Let every connection wrapper of the test database restore the migrations' data (serialized_rollback).

    Django keeps the serialized data on the connection object of the thread that created the test database.
    Playwright's sync API runs an event loop in the main thread, and inside it asgiref hands out a different
    connection object, without that data: a transactional browser test would then start from an empty database
    (no content types, no groups) after another transactional test emptied it. A class attribute reaches them all.
    """
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents


@pytest.fixture(scope="session")
def search_index_base():
    """The run's folder of test indexes (settings.test makes one per process), removed at the end."""
    base = Path(settings.SEARCH_INDEX_DIR)
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the site's default language. A request answered in English (Accept-Language, the
    language cookie) leaves English active in the thread, and Django does not switch back after a response; a later
    test of Indonesian labels would then read English ones."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def search_index_dir(settings, search_index_base) -> Path:
    """Every test its own Tantivy index folder: the index lives outside the test database, whose rollback cannot
    undo it, and each test (and each parallel process) starts from an empty one."""
    root = Path(tempfile.mkdtemp(prefix="t-", dir=search_index_base))
    settings.SEARCH_INDEX_DIR = root
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def audit_guard_lifted_for_flushes():
    """Empty the database between transactional tests as its owner would: with the audit log's triggers lifted.

    The triggers refuse DELETE (SQLite) and TRUNCATE (PostgreSQL) on the audit log, which is what Django's flush
    uses; production never flushes.
    """
    from django.db.backends.base.operations import BaseDatabaseOperations

    from archive import audit_triggers

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with audit_triggers.lifted(self.connection):
            original(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original
